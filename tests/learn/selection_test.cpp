#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "learn/correlation_filter.h"
#include "learn/mrmr.h"
#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

using testing::columnsAsMatrix;
using testing::readOracle;
using testing::readOracleData;
using testing::selectRows;
using testing::zscore;

// The z-scored Wisconsin training rows of the scikit-learn split (398 x 30).
struct WisconsinTraining {
    Eigen::MatrixXd x;
    std::vector<int> y;
    std::vector<std::string> names;
};

WisconsinTraining loadWisconsinTraining() {
    const nlohmann::json models = readOracle("07_models.json")["datasets"]["wisconsin"];
    WisconsinTraining data;
    data.names = models["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd raw = columnsAsMatrix(readOracleData("wisconsin.csv"), data.names);
    const Eigen::MatrixXd z = zscore(raw, models["zscore"]["mean"].get<std::vector<double>>(),
                                     models["zscore"]["sd_population"].get<std::vector<double>>());
    data.x = selectRows(z, models["split"]["train_rows_0based"].get<std::vector<std::size_t>>());
    data.y = models["y_train"].get<std::vector<int>>();
    return data;
}

std::string statusName(PairDecision::Status status) {
    switch (status) {
        case PairDecision::Status::BelowThreshold:
            return "below_threshold";
        case PairDecision::Status::SkippedAlreadyDropped:
            return "skipped_already_dropped";
        case PairDecision::Status::Dropped:
            return "dropped";
    }
    return "";
}

TEST(CorrelationFilter, NormalityDecisionsMatchR) {
    const WisconsinTraining data = loadWisconsinTraining();
    const CorrelationFilterResult result = filterCorrelatedFeatures(data.x, data.y);
    const nlohmann::json expected = readOracle("08_selection.json")["shapiro_wilk"];
    for (std::size_t j = 0; j < data.names.size(); ++j) {
        // R 4.2.2 shapiro.test on each training column; no feature is normal (largest p 0.0089).
        EXPECT_EQ(result.normal[j], expected[j]["normal"].get<bool>()) << data.names[j];
        EXPECT_NEAR(result.shapiroWilkP[j] / expected[j]["p_R"].get<double>(), 1.0, 1e-6) << data.names[j];
    }
}

TEST(CorrelationFilter, OutcomeAssociationMatchesReference) {
    const WisconsinTraining data = loadWisconsinTraining();
    const CorrelationFilterResult result = filterCorrelatedFeatures(data.x, data.y);
    const nlohmann::json expected = readOracle("08_selection.json")["outcome_association"];
    for (std::size_t j = 0; j < data.names.size(); ++j) {
        // Reference: Spearman with average ranks (Python, math.fsum sums).
        EXPECT_EQ(result.outcomeMethod[j], CorrelationMethod::Spearman) << data.names[j];
        EXPECT_NEAR(std::abs(result.outcomeCorrelation[j]), expected[j]["abs_used"].get<double>(), 1e-13)
            << data.names[j];
    }
}

TEST(CorrelationFilter, PairDecisionsMatchReference) {
    const WisconsinTraining data = loadWisconsinTraining();
    const CorrelationFilterResult result = filterCorrelatedFeatures(data.x, data.y);
    const nlohmann::json expected = readOracle("08_selection.json")["redundancy_filter"];
    const auto& pairs = expected["pair_decisions"];
    ASSERT_EQ(result.pairs.size(), pairs.size());  // 435 pairs of 30 features
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const PairDecision& pair = result.pairs[k];
        EXPECT_EQ(pair.first, pairs[k]["a"].get<std::size_t>()) << "pair " << k;
        EXPECT_EQ(pair.second, pairs[k]["b"].get<std::size_t>()) << "pair " << k;
        EXPECT_NEAR(pair.r, pairs[k]["r"].get<double>(), 1e-13) << "pair " << k;
        EXPECT_EQ(statusName(pair.status), pairs[k]["status"].get<std::string>()) << "pair " << k;
        if (pairs[k].contains("dropped_index") && !pairs[k]["dropped_index"].is_null()) {
            ASSERT_TRUE(pair.dropped.has_value()) << "pair " << k;
            EXPECT_EQ(*pair.dropped, pairs[k]["dropped_index"].get<std::size_t>()) << "pair " << k;
        } else {
            EXPECT_FALSE(pair.dropped.has_value()) << "pair " << k;
        }
    }
    // Reference: 11 features dropped in this order, 19 survivors.
    std::vector<std::string> dropped;
    for (const std::size_t j : result.droppedInOrder) {
        dropped.push_back(data.names[j]);
    }
    EXPECT_EQ(dropped, expected["dropped_in_order"].get<std::vector<std::string>>());
    EXPECT_EQ(result.survivors, expected["survivors_index"].get<std::vector<std::size_t>>());
}

TEST(CorrelationFilter, EqualAssociationDropsLaterColumn) {
    // Columns 0 and 1 are identical, so their associations with y are equal.
    Eigen::MatrixXd x(8, 2);
    x << 1, 1, 2, 2, 3, 3, 5, 5, 4, 4, 8, 8, 7, 7, 6, 6;
    const std::vector<int> y{0, 0, 0, 1, 0, 1, 1, 1};
    const CorrelationFilterResult result = filterCorrelatedFeatures(x, y);
    ASSERT_EQ(result.droppedInOrder.size(), 1u);
    EXPECT_EQ(result.droppedInOrder[0], 1u);
}

class MrmrReference : public ::testing::TestWithParam<std::string> {};

TEST_P(MrmrReference, RankingMatchesReference) {
    const std::string scheme = GetParam();
    const WisconsinTraining data = loadWisconsinTraining();
    const nlohmann::json expected = readOracle("08_selection.json")["mrmr"];
    const auto survivors = expected["survivors_index"].get<std::vector<int>>();
    const Eigen::MatrixXd x = data.x(Eigen::all, survivors);
    const MrmrResult result =
        rankMrmr(x, data.y, scheme == "MID" ? MrmrScheme::Difference : MrmrScheme::Quotient);

    // Reference: MI = -0.5 log(1 - r^2) from Pearson r (Python, math.fsum sums).
    for (std::size_t j = 0; j < survivors.size(); ++j) {
        EXPECT_NEAR(result.relevance[j], expected["relevance"][j].get<double>(), 1e-13) << "feature " << j;
        for (std::size_t k = 0; k < survivors.size(); ++k) {
            if (j != k) {
                EXPECT_NEAR(result.redundancy(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k)),
                            expected["redundancy_rows"][j][k].get<double>(), 1e-13);
            }
        }
    }
    std::vector<int> ranking;
    for (const std::size_t position : result.ranking) {
        ranking.push_back(survivors[position]);
    }
    EXPECT_EQ(ranking, expected[scheme]["ranking_index"].get<std::vector<int>>());
    const auto& steps = expected[scheme]["steps"];
    ASSERT_EQ(result.steps.size(), steps.size());
    for (std::size_t s = 0; s < steps.size(); ++s) {
        for (std::size_t j = 0; j < survivors.size(); ++j) {
            const auto& score = steps[s]["candidate_scores"][j];
            if (score.is_null()) {
                EXPECT_TRUE(std::isnan(result.steps[s].candidateScores[j]))
                    << "step " << s << " feature " << j;
            } else {
                EXPECT_NEAR(result.steps[s].candidateScores[j], score.get<double>(), 1e-12)
                    << "step " << s << " feature " << j;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Schemes, MrmrReference, ::testing::Values("MID", "MIQ"));

}  // namespace
}  // namespace pulmorad::learn

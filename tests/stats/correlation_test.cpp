// Pearson and Spearman tests compared with R 4.2.2 cor.test on every
// correlation entry of the oracle file 01_univariate_tests.json.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "oracle_support.h"
#include "stats/correlation.h"

namespace pulmorad::test {
namespace {

struct Pairs {
    std::vector<double> x;
    std::vector<double> y;
};

Pairs pairsFor(const nlohmann::json& entry, const std::map<std::string, std::vector<double>>& vectors) {
    if (entry.contains("x_vector")) {
        return {vectors.at(entry["x_vector"].get<std::string>()),
                vectors.at(entry["y_vector"].get<std::string>())};
    }
    const table::Table data = loadOracleTable(entry["data"].get<std::string>());
    const std::vector<double> x = data.numeric(entry["x_column"].get<std::string>());
    const std::vector<double> y = data.numeric(entry["y_column"].get<std::string>());
    Pairs pairs;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i]) && !std::isnan(y[i])) {
            pairs.x.push_back(x[i]);
            pairs.y.push_back(y[i]);
        }
    }
    return pairs;
}

std::string methodName(stats::SpearmanPMethod method) {
    switch (method) {
        case stats::SpearmanPMethod::ExactEnumeration:
            return "exact_enumeration_AS89_prho";
        case stats::SpearmanPMethod::Edgeworth:
            return "edgeworth_series_AS89_prho";
        case stats::SpearmanPMethod::TApproximation:
            return "t_approximation";
    }
    return "";
}

TEST(Correlation, MatchesRCorTestForEveryOracleEntry) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    const auto vectors = loadOracleVectors();
    std::size_t pearsonCount = 0;
    std::size_t spearmanCount = 0;
    for (const auto& entry : oracle["correlation"]) {
        const std::string call = entry["call"].get<std::string>();
        const std::string id = entry["id"].get<std::string>() + " " + call;
        const Pairs pairs = pairsFor(entry, vectors);
        ASSERT_EQ(pairs.x.size(), entry["n"].get<std::size_t>()) << id;
        if (entry["method"] == "pearson") {
            const auto result = stats::pearsonTest(pairs.x, pairs.y);
            expectRelative(result.r, entry["estimate"].get<double>(), kEstimateTolerance, id + " r");
            expectRelative(result.t, entry["t"].get<double>(), kEstimateTolerance, id + " t");
            EXPECT_EQ(result.df, entry["df"].get<double>()) << id;
            expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
            expectRelative(result.confidenceLow, entry["conf_int_95"][0].get<double>(), kEstimateTolerance,
                           id + " CI low");
            expectRelative(result.confidenceHigh, entry["conf_int_95"][1].get<double>(), kEstimateTolerance,
                           id + " CI high");
            ++pearsonCount;
        } else {
            const bool allowExact = call.find("exact = FALSE") == std::string::npos;
            const auto result = stats::spearmanTest(pairs.x, pairs.y, allowExact);
            expectRelative(result.rho, entry["estimate"].get<double>(), kEstimateTolerance, id + " rho");
            expectRelative(result.s, entry["S"].get<double>(), kEstimateTolerance, id + " S");
            expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
            EXPECT_EQ(methodName(result.method), entry["p_method_used"].get<std::string>()) << id;
            EXPECT_EQ(result.ties, entry["ties"].get<bool>()) << id;
            ++spearmanCount;
        }
    }
    EXPECT_EQ(pearsonCount, 12u);
    EXPECT_EQ(spearmanCount, 24u);
}

TEST(Correlation, ConstantInputIsInputError) {
    const std::vector<double> x = {1, 2, 3, 4};
    const std::vector<double> constant = {5, 5, 5, 5};
    EXPECT_THROW(stats::pearsonTest(x, constant), InputError);
    EXPECT_THROW(stats::spearmanTest(x, constant), InputError);
}

TEST(Correlation, SpearmanOfMonotoneDataIsOne) {
    // Hand derivation: a strictly increasing transform keeps the ranks.
    const std::vector<double> x = {0.5, 1.0, 2.0, 8.0, 9.0};
    const std::vector<double> y = {1.0, 3.0, 7.0, 100.0, 1000.0};
    EXPECT_DOUBLE_EQ(stats::spearmanCorrelation(x, y), 1.0);
}

}  // namespace
}  // namespace pulmorad::test

// Hypothesis tests compared with R 4.2.2 (stats package) on every entry of
// the oracle file 01_univariate_tests.json. Expected values: R 4.2.2
// shapiro.test, t.test, wilcox.test, chisq.test, fisher.test as named in each
// entry's `call`; inputs are the oracle CSV files.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/errors.h"
#include "oracle_support.h"
#include "stats/tests.h"

namespace pulmorad::test {
namespace {

/// The x (group 1 or first vector) and y (group 0 or second vector) samples
/// an oracle comparison names.
struct Samples {
    std::vector<double> x;
    std::vector<double> y;
};

Samples samplesFor(const nlohmann::json& entry, const std::map<std::string, std::vector<double>>& vectors) {
    if (entry.contains("x_vector")) {
        return {vectors.at(entry["x_vector"].get<std::string>()),
                vectors.at(entry["y_vector"].get<std::string>())};
    }
    const table::Table data = loadOracleTable(entry["data"].get<std::string>());
    const std::string column = entry["column"].get<std::string>();
    const std::string group = entry["group_column"].get<std::string>();
    return {columnWhere(data, column, group, 1.0), columnWhere(data, column, group, 0.0)};
}

stats::CountTable countTableOf(const nlohmann::json& rows) {
    stats::CountTable table;
    for (const auto& row : rows) {
        std::vector<double> counts;
        for (const auto& cell : row) {
            counts.push_back(cell.get<double>());
        }
        table.push_back(counts);
    }
    return table;
}

TEST(ShapiroWilk, MatchesRForEveryOracleVector) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    const auto vectors = loadOracleVectors();
    std::size_t compared = 0;
    for (const auto& entry : oracle["shapiro_wilk"]) {
        const std::string name = entry["vector"].get<std::string>();
        const auto& values = vectors.at(name);
        if (entry.contains("error")) {
            // R 4.2.2: shapiro.test stops with "all 'x' values are identical".
            EXPECT_THROW(stats::shapiroWilk(values), InputError) << name;
            continue;
        }
        const auto result = stats::shapiroWilk(values);
        expectRelative(result.w, entry["W"].get<double>(), kEstimateTolerance, name + " W");
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, name + " p");
        ++compared;
    }
    EXPECT_EQ(compared, 19u);
}

TEST(ShapiroWilk, RejectsTooFewValues) {
    const std::vector<double> two = {1.0, 2.0};
    EXPECT_THROW(stats::shapiroWilk(two), InputError);
}

TEST(TTest, MatchesRForEveryOracleComparison) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    const auto vectors = loadOracleVectors();
    for (const auto& entry : oracle["t_test"]) {
        const std::string id =
            entry["id"].get<std::string>() + (entry["var_equal"].get<bool>() ? " student" : " welch");
        const Samples samples = samplesFor(entry, vectors);
        const auto result = stats::tTest(samples.x, samples.y, entry["var_equal"].get<bool>());
        expectRelative(result.t, entry["t"].get<double>(), kEstimateTolerance, id + " t");
        expectRelative(result.df, entry["df"].get<double>(), kEstimateTolerance, id + " df");
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
        expectRelative(result.confidenceLow, entry["conf_int_95"][0].get<double>(), kEstimateTolerance,
                       id + " CI low");
        expectRelative(result.confidenceHigh, entry["conf_int_95"][1].get<double>(), kEstimateTolerance,
                       id + " CI high");
        expectRelative(result.meanX, entry["mean_x"].get<double>(), kEstimateTolerance, id + " mean x");
        expectRelative(result.varianceY, entry["var_y"].get<double>(), kEstimateTolerance, id + " var y");
        expectRelative(result.standardError, entry["stderr"].get<double>(), kEstimateTolerance,
                       id + " stderr");
    }
}

TEST(WilcoxonRankSum, MatchesRForEveryOracleRequest) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    const auto vectors = loadOracleVectors();
    std::size_t exactCount = 0;
    for (const auto& entry : oracle["wilcoxon_rank_sum"]) {
        const std::string variant = entry["variant_requested"].get<std::string>();
        const std::string id = entry["id"].get<std::string>() + " " + variant;
        const Samples samples = samplesFor(entry, vectors);
        stats::WilcoxonMethod method = stats::WilcoxonMethod::Automatic;
        bool correct = true;
        if (variant == "normal_cc") {
            method = stats::WilcoxonMethod::Normal;
        } else if (variant == "normal_nocc") {
            method = stats::WilcoxonMethod::Normal;
            correct = false;
        }
        const auto result = stats::wilcoxonRankSum(samples.x, samples.y, method, correct);
        const std::string used = entry["variant_used"].get<std::string>();
        EXPECT_EQ(result.exact, used == "exact") << id;
        expectRelative(result.w, entry["W"].get<double>(), kEstimateTolerance, id + " W");
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
        if (used != "exact") {
            expectRelative(result.z, entry["z"].get<double>(), kEstimateTolerance, id + " z");
            expectRelative(result.sigma, entry["sigma_tie_corrected"].get<double>(), kEstimateTolerance,
                           id + " sigma");
        } else {
            ++exactCount;
        }
    }
    EXPECT_EQ(exactCount, 3u);  // R used pwilcox for three vector pairs
}

TEST(ChiSquare, MatchesRForEveryOracleTable) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    for (const auto& entry : oracle["chisq_test"]) {
        const std::string id =
            entry["id"].get<std::string>() + (entry["correct"].get<bool>() ? " yates" : " plain");
        const auto result =
            stats::chiSquareTest(countTableOf(entry["table_rows"]), entry["correct"].get<bool>());
        const double expectedStatistic = entry["statistic"].get<double>();
        if (expectedStatistic == 0.0) {
            // yates_clamped: R gives exactly 0 (the correction equals |O - E|).
            EXPECT_NEAR(result.statistic, 0.0, 1e-14) << id;
        } else {
            expectRelative(result.statistic, expectedStatistic, kEstimateTolerance, id + " statistic");
        }
        EXPECT_EQ(result.df, entry["df"].get<double>()) << id;
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
        expectRelative(result.yatesTerm, entry["yates_term_used"].get<double>(), kEstimateTolerance,
                       id + " Yates");
        const auto& expectedRows = entry["expected_rows"];
        for (std::size_t i = 0; i < expectedRows.size(); ++i) {
            for (std::size_t j = 0; j < expectedRows[i].size(); ++j) {
                expectRelative(result.expected[i][j], expectedRows[i][j].get<double>(), kEstimateTolerance,
                               id + " expected count");
            }
        }
    }
}

TEST(FisherExact, MatchesRForEveryOracleTable) {
    const auto oracle = loadOracle("01_univariate_tests.json");
    for (const auto& entry : oracle["fisher_test"]) {
        const std::string id = entry["id"].get<std::string>();
        const auto result = stats::fisherExactTest(countTableOf(entry["table_rows"]));
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
        if (!entry.contains("odds_ratio_cond_mle_tight")) {
            EXPECT_TRUE(std::isnan(result.oddsRatio)) << id << ": no odds ratio for r x c tables";
            continue;
        }
        // The *_tight values are R's fisher.test code solved with tol = 1e-15.
        expectRelative(result.oddsRatio, entry["odds_ratio_cond_mle_tight"].get<double>(), kEstimateTolerance,
                       id + " OR");
        expectRelative(result.confidenceLow, entry["conf_int_95_tight"][0].get<double>(), kEstimateTolerance,
                       id + " CI low");
        expectRelative(result.confidenceHigh, jsonNumber(entry["conf_int_95_tight"][1]), kEstimateTolerance,
                       id + " CI high");
    }
}

TEST(FisherExact, RejectsFractionalCounts) {
    const stats::CountTable table = {{1.5, 2.0}, {3.0, 4.0}};
    EXPECT_THROW(stats::fisherExactTest(table), InputError);
}

}  // namespace
}  // namespace pulmorad::test

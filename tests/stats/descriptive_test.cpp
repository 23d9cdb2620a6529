// Descriptive statistics against hand derivations and R 4.2.2 values.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "oracle_support.h"
#include "stats/descriptive.h"

namespace pulmorad::test {
namespace {

TEST(Descriptive, Type7QuantilesOfOneToTen) {
    // R 4.2.2: quantile(1:10) gives 1, 3.25, 5.5, 7.75, 10.
    std::vector<double> values;
    for (int i = 10; i >= 1; --i) {
        values.push_back(i);
    }
    EXPECT_DOUBLE_EQ(stats::quantileType7(values, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(stats::quantileType7(values, 0.25), 3.25);
    EXPECT_DOUBLE_EQ(stats::median(values), 5.5);
    EXPECT_DOUBLE_EQ(stats::quantileType7(values, 0.75), 7.75);
    EXPECT_DOUBLE_EQ(stats::quantileType7(values, 1.0), 10.0);
    const auto summary = stats::summarize(values);
    EXPECT_DOUBLE_EQ(summary.firstQuartile, 3.25);
    EXPECT_DOUBLE_EQ(summary.mean, 5.5);
    // Hand derivation: var(1:10) = 10 * 11 / 12 = 9.1666...
    EXPECT_DOUBLE_EQ(stats::variance(values), 55.0 / 6.0);
}

TEST(Descriptive, AverageRanksSplitTies) {
    // R 4.2.2: rank(c(10, 20, 10, 30, 20, 20)) gives 1.5 4 1.5 6 4 4.
    const std::vector<double> values = {10, 20, 10, 30, 20, 20};
    EXPECT_EQ(stats::averageRanks(values), (std::vector<double>{1.5, 4, 1.5, 6, 4, 4}));
}

TEST(Descriptive, MeansAndVariancesMatchTTestOracle) {
    // R 4.2.2: mean() and var() as recorded with each t.test entry.
    const auto oracle = loadOracle("01_univariate_tests.json");
    const table::Table data = loadOracleTable("data/pima.csv");
    for (const auto& entry : oracle["t_test"]) {
        if (entry["data"] != "data/pima.csv") {
            continue;
        }
        const auto x = columnWhere(data, entry["column"].get<std::string>(), "type", 1.0);
        const auto y = columnWhere(data, entry["column"].get<std::string>(), "type", 0.0);
        expectRelative(stats::mean(x), entry["mean_x"].get<double>(), 1e-14, "mean x");
        expectRelative(stats::mean(y), entry["mean_y"].get<double>(), 1e-14, "mean y");
        expectRelative(stats::variance(x), entry["var_x"].get<double>(), 1e-12, "var x");
        expectRelative(stats::variance(y), entry["var_y"].get<double>(), 1e-12, "var y");
    }
}

TEST(Descriptive, EmptyInputGivesNaN) {
    const std::vector<double> empty;
    EXPECT_TRUE(std::isnan(stats::mean(empty)));
    EXPECT_TRUE(std::isnan(stats::median(empty)));
    EXPECT_TRUE(std::isnan(stats::variance(std::vector<double>{1.0})));
}

}  // namespace
}  // namespace pulmorad::test

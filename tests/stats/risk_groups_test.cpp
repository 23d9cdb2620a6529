// Tests of the risk groups behind the grouped points of the test-set
// calibration plot. Every expected group is derived by hand from the rule in
// stats/risk_groups.h: group k ends at the smallest distinct prediction
// whose cumulative count reaches k n / g (Hmisc cut2's quantile cut points).

#include "stats/risk_groups.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace pulmorad::stats {
namespace {

// Means are of at most four values written with two decimals.
constexpr double kTolerance = 1e-12;

TEST(RiskGroups, KeepTiedPredictionsTogether) {
    // Sorted: 0.1, 0.2, 0.2, 0.2, 0.3, 0.4, 0.4, 0.5, 0.6, 0.7 (n = 10, g = 4),
    // given out of order. Cumulative counts per distinct value: 0.1:1, 0.2:4,
    // 0.3:5, 0.4:7, 0.5:8, 0.6:9, 0.7:10. Targets k n / g = 2.5, 5, 7.5, 10
    // give the cut points 0.2, 0.3, 0.5, 0.7. Equal-size groups by position
    // (3, 2, 3, 2 patients) would put the second 0.2 apart from the third.
    const std::vector<double> predicted = {0.4, 0.2, 0.7, 0.1, 0.2, 0.5, 0.3, 0.6, 0.2, 0.4};
    const std::vector<double> outcome = {0, 1, 1, 0, 0, 1, 1, 0, 1, 1};
    const auto groups = riskGroups(predicted, outcome, 4);
    ASSERT_EQ(groups.size(), 4U);

    // {0.1, 0.2, 0.2, 0.2}: mean 0.7 / 4, outcomes 0, 1, 0, 1.
    EXPECT_EQ(groups[0].n, 4U);
    EXPECT_NEAR(groups[0].predicted, 0.175, kTolerance);
    EXPECT_NEAR(groups[0].observed, 0.5, kTolerance);
    // {0.3}: outcome 1.
    EXPECT_EQ(groups[1].n, 1U);
    EXPECT_NEAR(groups[1].predicted, 0.3, kTolerance);
    EXPECT_NEAR(groups[1].observed, 1.0, kTolerance);
    // {0.4, 0.4, 0.5}: mean 1.3 / 3, outcomes 0, 1, 1.
    EXPECT_EQ(groups[2].n, 3U);
    EXPECT_NEAR(groups[2].predicted, 1.3 / 3.0, kTolerance);
    EXPECT_NEAR(groups[2].observed, 2.0 / 3.0, kTolerance);
    // {0.6, 0.7}: outcomes 0, 1.
    EXPECT_EQ(groups[3].n, 2U);
    EXPECT_NEAR(groups[3].predicted, 0.65, kTolerance);
    EXPECT_NEAR(groups[3].observed, 0.5, kTolerance);
}

TEST(RiskGroups, LongTieMergesCutPoints) {
    // Sorted: 0.1, six times 0.2, 0.3, 0.4, 0.5 (n = 10, g = 5). Cumulative
    // counts 0.1:1, 0.2:7, 0.3:8, 0.4:9, 0.5:10 and targets 2, 4, 6, 8, 10
    // give the cut points 0.2, 0.2, 0.2, 0.3, 0.5: three distinct, so three
    // groups.
    const std::vector<double> predicted = {0.2, 0.2, 0.5, 0.2, 0.1, 0.2, 0.4, 0.2, 0.3, 0.2};
    const std::vector<double> outcome = {1, 0, 1, 0, 0, 1, 1, 0, 0, 1};
    const auto groups = riskGroups(predicted, outcome, 5);
    ASSERT_EQ(groups.size(), 3U);
    EXPECT_EQ(groups[0].n, 7U);
    // 0.1 + 6 * 0.2 = 1.3 over 7 patients; outcomes of the 0.2s: 1, 0, 0, 1, 0, 1, and 0 for 0.1.
    EXPECT_NEAR(groups[0].predicted, 1.3 / 7.0, kTolerance);
    EXPECT_NEAR(groups[0].observed, 3.0 / 7.0, kTolerance);
    EXPECT_EQ(groups[1].n, 1U);
    EXPECT_NEAR(groups[1].predicted, 0.3, kTolerance);
    EXPECT_EQ(groups[2].n, 2U);
    EXPECT_NEAR(groups[2].predicted, 0.45, kTolerance);
    EXPECT_NEAR(groups[2].observed, 1.0, kTolerance);
}

TEST(RiskGroups, AllTiedIsOneGroup) {
    const auto groups = riskGroups({0.3, 0.3, 0.3, 0.3, 0.3}, {1, 0, 0, 1, 0}, 10);
    ASSERT_EQ(groups.size(), 1U);
    EXPECT_EQ(groups[0].n, 5U);
    EXPECT_NEAR(groups[0].predicted, 0.3, kTolerance);
    EXPECT_NEAR(groups[0].observed, 0.4, kTolerance);
}

TEST(RiskGroups, DistinctPredictionsGiveDeciles) {
    // n = 25, g = 10: targets ceil(2.5 k) = 3, 5, 8, 10, 13, 15, 18, 20, 23,
    // 25, so the group sizes alternate 3, 2.
    std::vector<double> predicted;
    std::vector<double> outcome;
    for (int i = 0; i < 25; ++i) {
        predicted.push_back(0.01 + 0.03 * i);
        outcome.push_back(i % 2);
    }
    const auto groups = riskGroups(predicted, outcome, 10);
    ASSERT_EQ(groups.size(), 10U);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        EXPECT_EQ(groups[g].n, g % 2 == 0 ? 3U : 2U) << "group " << g;
    }
    // The first group contains 0.01, 0.04 and 0.07.
    EXPECT_NEAR(groups[0].predicted, 0.04, kTolerance);
    EXPECT_NEAR(groups[0].observed, 1.0 / 3.0, kTolerance);
}

TEST(RiskGroups, RejectsMismatchedInput) {
    EXPECT_THROW(riskGroups({0.1, 0.2}, {1}, 10), std::invalid_argument);
    EXPECT_THROW(riskGroups({0.1}, {1}, 0), std::invalid_argument);
    EXPECT_TRUE(riskGroups({}, {}, 10).empty());
}

}  // namespace
}  // namespace pulmorad::stats

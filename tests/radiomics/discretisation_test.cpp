// PyRadiomics' bin edges and numpy.digitize's bin indices.

#include <gtest/gtest.h>

#include "radiomics/discretisation.h"

namespace pulmorad::radiomics {
namespace {

TEST(Discretisation, FixedWidthStartsAtMultipleOfWidth) {
    // Hand derivation: minimum 54, width 25 -> first edge 54 - (54 mod 25) = 50;
    // edges run up to, not including, 166 + 2 * 25 = 216.
    std::vector<double> edges = binEdges({54.0, 100.0, 166.0}, {25.0, std::nullopt});
    EXPECT_EQ(edges, (std::vector<double>{50, 75, 100, 125, 150, 175, 200}));
    EXPECT_EQ(digitize(54.0, edges), 1);
    EXPECT_EQ(digitize(100.0, edges), 3);  // an edge value opens the next bin
    EXPECT_EQ(digitize(166.0, edges), 5);
}

TEST(Discretisation, NegativeMinimumUsesFlooredModulo) {
    // Hand derivation: Python's -1030 % 25 = 20, so the first edge is -1050.
    std::vector<double> edges = binEdges({-1030.0, -980.0}, {25.0, std::nullopt});
    EXPECT_DOUBLE_EQ(edges.front(), -1050.0);
    EXPECT_EQ(digitize(-1030.0, edges), 1);
    EXPECT_EQ(digitize(-980.0, edges), 3);
}

TEST(Discretisation, FixedCountPutsMaximumInTopBin) {
    // Hand derivation: 4 bins over [0, 8] -> edges 0, 2, 4, 6, 8 + 1.
    std::vector<double> edges = binEdges({0.0, 3.0, 8.0}, {25.0, 4});
    EXPECT_EQ(edges, (std::vector<double>{0, 2, 4, 6, 9}));
    EXPECT_EQ(digitize(8.0, edges), 4);
    EXPECT_EQ(digitize(0.0, edges), 1);
}

TEST(Discretisation, FlatRegionHasOneBin) {
    // Hand derivation: numpy.histogram of a constant 7 with 3 bins spans 6.5 to 7.5 (+1 on the last edge).
    std::vector<double> edges = binEdges({7.0, 7.0}, {25.0, 3});
    EXPECT_DOUBLE_EQ(edges.front(), 6.5);
    EXPECT_EQ(digitize(7.0, edges), 2);
    std::vector<double> widthEdges = binEdges({7.0, 7.0}, {5000.0, std::nullopt});
    EXPECT_EQ(digitize(7.0, widthEdges), 1);
}

}  // namespace
}  // namespace pulmorad::radiomics

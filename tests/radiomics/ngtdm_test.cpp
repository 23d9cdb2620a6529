#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "radiomics/features/ngtdm.h"

namespace pulmorad::radiomics {
namespace {

/// ROI data for a small image given as rows[z][y][x]; gray level 0 marks a voxel outside the ROI.
RoiData makeRoi(const std::vector<std::vector<std::vector<int>>>& slices) {
    RoiData roi;
    roi.size = {slices[0][0].size(), slices[0].size(), slices.size()};
    for (const auto& slice : slices) {
        for (const auto& row : slice) {
            for (int level : row) {
                roi.grayLevel.push_back(level);
                roi.roi.push_back(level > 0 ? 1 : 0);
                roi.shapeRoi.push_back(level > 0 ? 1 : 0);
                roi.intensity.push_back(level);
                roi.grayLevelCount = std::max(roi.grayLevelCount, level);
            }
        }
    }
    return roi;
}

std::map<std::string, double> computeAll(const FeatureClass& featureClass, const RoiData& roi,
                                         const FeatureSettings& settings = {}) {
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : featureClass.definitions()) {
        if (!definition.deprecated) names.push_back(definition.name);
    }
    std::map<std::string, double> values;
    for (const FeatureValue& value : featureClass.compute(roi, settings, names))
        values[value.name] = value.value;
    return values;
}

constexpr double kRelative = 1e-12;  // tolerance for hand-derived values, relative to the expected value

void expectClose(double actual, double expected) {
    EXPECT_NEAR(actual, expected, kRelative * std::max(1.0, std::abs(expected)));
}

const std::vector<std::vector<int>> kDocstringImage{{1, 2, 5, 2}, {3, 5, 1, 3}, {1, 3, 5, 5}, {3, 1, 1, 1}};

TEST(Ngtdm, DocstringImageMatrix) {
    // PyRadiomics' NGTDM docstring image (no gray level 4). Neighbourhood means by hand, e.g. for gray
    // level 1: 10/3, 15/4, 3, 13/5, 3, 11/3, so s_1 = 7/3 + 11/4 + 2 + 8/5 + 2 + 8/3 = 267/20;
    // likewise s_2 = 2, s_3 = 91/30, s_5 = 403/40.
    const TextureMatrix matrix = computeNgtdmMatrix(makeRoi({kDocstringImage}), {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{4, 3}));
    const std::vector<double> expected{6, 267.0 / 20, 1, 2, 2, 2, 4, 91.0 / 30, 3, 4, 403.0 / 40, 5};
    for (std::size_t c = 0; c < expected.size(); ++c) expectClose(matrix.values[c], expected[c]);
}

TEST(Ngtdm, DocstringImageFeatures) {
    const std::map<std::string, double> f = computeAll(*makeNgtdmClass(), makeRoi({kDocstringImage}));
    // Hand derivation from the matrix above with N_vp = 16, p = (6, 2, 4, 4) / 16 for i = (1, 2, 3, 5).
    const std::vector<double> i{1, 2, 3, 5};
    const std::vector<double> p{6.0 / 16, 2.0 / 16, 4.0 / 16, 4.0 / 16};
    const std::vector<double> s{267.0 / 20, 2.0, 91.0 / 30, 403.0 / 40};
    double sumPs = 0, sumS = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        sumPs += p[k] * s[k];
        sumS += s[k];
    }
    double contrast = 0, busynessDenominator = 0, complexity = 0, strength = 0;
    for (std::size_t a = 0; a < 4; ++a) {
        for (std::size_t b = 0; b < 4; ++b) {
            contrast += p[a] * p[b] * (i[a] - i[b]) * (i[a] - i[b]);
            busynessDenominator += std::abs(i[a] * p[a] - i[b] * p[b]);
            complexity += std::abs(i[a] - i[b]) * (p[a] * s[a] + p[b] * s[b]) / (p[a] + p[b]);
            strength += (p[a] + p[b]) * (i[a] - i[b]) * (i[a] - i[b]);
        }
    }
    expectClose(f.at("Coarseness"), 1.0 / sumPs);
    expectClose(f.at("Contrast"), contrast / (4.0 * 3.0) * (sumS / 16.0));
    expectClose(f.at("Busyness"), sumPs / busynessDenominator);
    expectClose(f.at("Complexity"), complexity / 16.0);
    expectClose(f.at("Strength"), strength / sumS);
}

TEST(Ngtdm, FlatRegionValues) {
    // A single gray level: s = 0, so PyRadiomics returns Coarseness 1e6 and 0 for the others.
    const std::map<std::string, double> f = computeAll(*makeNgtdmClass(), makeRoi({{{2, 2, 2}, {2, 2, 2}}}));
    EXPECT_EQ(f.at("Coarseness"), 1e6);
    EXPECT_EQ(f.at("Contrast"), 0.0);
    EXPECT_EQ(f.at("Busyness"), 0.0);
    EXPECT_EQ(f.at("Complexity"), 0.0);
    EXPECT_EQ(f.at("Strength"), 0.0);
}

TEST(Ngtdm, IsolatedVoxelCountsWithZeroDifference) {
    // Row 1 _ 3: neither voxel has an ROI neighbour; PyRadiomics still counts both with s = 0.
    const TextureMatrix matrix = computeNgtdmMatrix(makeRoi({{{1, 0, 3}}}), {});
    EXPECT_EQ(matrix.values, (std::vector<double>{1, 0, 1, 1, 0, 3}));
}

}  // namespace
}  // namespace pulmorad::radiomics

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "radiomics/features/gldm.h"

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

const std::vector<std::vector<int>> kDocstringImage{
    {5, 2, 5, 4, 4}, {3, 3, 3, 1, 3}, {2, 1, 1, 1, 3}, {4, 2, 2, 2, 3}, {3, 5, 3, 3, 2}};

TEST(Gldm, DocstringImageMatrix) {
    // PyRadiomics' GLDM docstring image with alpha 0 and distance 1; counted by hand: rows gray level
    // 1..5, columns j = dependent neighbours + 1 = 1..4.
    const TextureMatrix matrix = computeGldmMatrix(makeRoi({kDocstringImage}), {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{5, 4}));
    const std::vector<double> expected{0, 1, 2, 1, 1, 2, 3, 0, 1, 4, 4, 0, 1, 2, 0, 0, 3, 0, 0, 0};
    EXPECT_EQ(matrix.values, expected);
}

TEST(Gldm, DocstringImageFeatures) {
    const std::map<std::string, double> f = computeAll(*makeGldmClass(), makeRoi({kDocstringImage}));
    // Hand derivation from the matrix above: N_z = N_p = 25; voxels per j (1..4) = 6, 9, 9, 1;
    // voxels per gray level (1..5) = 4, 6, 9, 3, 3.
    const double nz = 25.0;
    const std::vector<double> perSize{6, 9, 9, 1};
    const std::vector<double> perLevel{4, 6, 9, 3, 3};
    const std::vector<std::vector<double>> p{
        {0, 1, 2, 1}, {1, 2, 3, 0}, {1, 4, 4, 0}, {1, 2, 0, 0}, {3, 0, 0, 0}};
    expectClose(f.at("SmallDependenceEmphasis"), (6.0 + 9.0 / 4 + 9.0 / 9 + 1.0 / 16) / nz);
    expectClose(f.at("LargeDependenceEmphasis"), (6.0 + 36 + 81 + 16) / nz);
    expectClose(f.at("GrayLevelNonUniformity"), (16.0 + 36 + 81 + 9 + 9) / nz);
    expectClose(f.at("DependenceNonUniformity"), (36.0 + 81 + 81 + 1) / nz);
    expectClose(f.at("DependenceNonUniformityNormalized"), (36.0 + 81 + 81 + 1) / (nz * nz));

    const double meanLevel = (4.0 + 12 + 27 + 12 + 15) / nz;
    const double meanSize = (6.0 + 18 + 27 + 4) / nz;
    double grayVariance = 0, sizeVariance = 0, entropy = 0, sdlgle = 0, sdhgle = 0, ldlgle = 0, ldhgle = 0;
    for (std::size_t i = 0; i < 5; ++i) grayVariance += perLevel[i] / nz * std::pow(i + 1.0 - meanLevel, 2);
    for (std::size_t j = 0; j < 4; ++j) sizeVariance += perSize[j] / nz * std::pow(j + 1.0 - meanSize, 2);
    for (std::size_t i = 0; i < 5; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            const double i2 = (i + 1.0) * (i + 1.0), j2 = (j + 1.0) * (j + 1.0);
            if (p[i][j] > 0) entropy -= p[i][j] / nz * std::log2(p[i][j] / nz);
            sdlgle += p[i][j] / (i2 * j2);
            sdhgle += p[i][j] * i2 / j2;
            ldlgle += p[i][j] * j2 / i2;
            ldhgle += p[i][j] * i2 * j2;
        }
    }

    expectClose(f.at("GrayLevelVariance"), grayVariance);
    expectClose(f.at("DependenceVariance"), sizeVariance);
    expectClose(f.at("DependenceEntropy"), entropy);
    expectClose(f.at("LowGrayLevelEmphasis"), (4.0 + 6.0 / 4 + 9.0 / 9 + 3.0 / 16 + 3.0 / 25) / nz);
    expectClose(f.at("HighGrayLevelEmphasis"), (4.0 + 24 + 81 + 48 + 75) / nz);
    expectClose(f.at("SmallDependenceLowGrayLevelEmphasis"), sdlgle / nz);
    expectClose(f.at("SmallDependenceHighGrayLevelEmphasis"), sdhgle / nz);
    expectClose(f.at("LargeDependenceLowGrayLevelEmphasis"), ldlgle / nz);
    expectClose(f.at("LargeDependenceHighGrayLevelEmphasis"), ldhgle / nz);
}

TEST(Gldm, AlphaWidensDependence) {
    // Row 1 2 4 with gldm_a = 1: 1 and 2 depend on each other, 4 on nothing. Counted by hand.
    FeatureSettings settings;
    settings.gldmA = 1.0;
    const TextureMatrix matrix = computeGldmMatrix(makeRoi({{{1, 2, 4}}}), settings);
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{3, 2}));
    EXPECT_EQ(matrix.values, (std::vector<double>{0, 1, 0, 1, 1, 0}));
}

TEST(Gldm, DistanceTwoSkipsNearestNeighbours) {
    // Row of five 1s with distances [2]: the neighbours are 2 voxels away along x only, so the
    // dependent counts are 1, 1, 2, 1, 1 (by hand) and j = count + 1 is 2 for four voxels, 3 for one.
    FeatureSettings settings;
    settings.distances = {2};
    const TextureMatrix matrix = computeGldmMatrix(makeRoi({{{1, 1, 1, 1, 1}}}), settings);
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(matrix.values, (std::vector<double>{4, 1}));
}

TEST(Gldm, DeprecatedFeaturesHaveNoValue) {
    const std::vector<FeatureValue> values = makeGldmClass()->compute(
        makeRoi({kDocstringImage}), {}, {"DependencePercentage", "GrayLevelNonUniformityNormalized"});
    EXPECT_TRUE(values.empty());
}

}  // namespace
}  // namespace pulmorad::radiomics

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "radiomics/features/glszm.h"

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

TEST(Glszm, DocstringImageMatrix) {
    // PyRadiomics' GLSZM docstring image, zones by hand with 8-connectivity: gray 1 one zone of 4;
    // gray 2 zones of 1 and 5 (the chain (2,0)-(3,1)-(3,2)-(3,3)-(4,4) as (row, column));
    // gray 3 zones of 1, 3 and 5; gray 4 zones of 1 and 2; gray 5 three zones of 1.
    const TextureMatrix matrix = computeGlszmMatrix(makeRoi({kDocstringImage}), {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{5, 5}));
    const std::vector<double> expected{0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1,
                                       0, 1, 1, 1, 0, 0, 0, 3, 0, 0, 0, 0};
    EXPECT_EQ(matrix.values, expected);
}

TEST(Glszm, DocstringImageFeatures) {
    const std::map<std::string, double> f = computeAll(*makeGlszmClass(), makeRoi({kDocstringImage}));
    // Hand derivation from the matrix above: N_z = 11, N_p = 25; zones per size (1..5) = 6, 1, 1, 1, 2;
    // zones per gray level (1..5) = 1, 2, 3, 2, 3.
    const double nz = 11.0;
    const std::vector<double> perSize{6, 1, 1, 1, 2};
    const std::vector<double> perLevel{1, 2, 3, 2, 3};
    expectClose(f.at("SmallAreaEmphasis"), (6.0 + 1.0 / 4 + 1.0 / 9 + 1.0 / 16 + 2.0 / 25) / nz);
    expectClose(f.at("LargeAreaEmphasis"), (6.0 + 4 + 9 + 16 + 50) / nz);
    expectClose(f.at("GrayLevelNonUniformity"), 27.0 / nz);
    expectClose(f.at("GrayLevelNonUniformityNormalized"), 27.0 / (nz * nz));
    expectClose(f.at("SizeZoneNonUniformity"), 43.0 / nz);
    expectClose(f.at("SizeZoneNonUniformityNormalized"), 43.0 / (nz * nz));
    expectClose(f.at("ZonePercentage"), 11.0 / 25.0);

    double grayVariance = 0.0, sizeVariance = 0.0;
    for (std::size_t k = 0; k < 5; ++k) {
        grayVariance += perLevel[k] / nz * std::pow(k + 1.0 - 37.0 / 11.0, 2);  // mean gray level 37/11
        sizeVariance += perSize[k] / nz * std::pow(k + 1.0 - 25.0 / 11.0, 2);   // mean zone size 25/11
    }
    expectClose(f.at("GrayLevelVariance"), grayVariance);
    expectClose(f.at("ZoneVariance"), sizeVariance);
    expectClose(f.at("ZoneEntropy"), 8.0 / 11.0 * std::log2(11.0) + 3.0 / 11.0 * std::log2(11.0 / 3.0));
    expectClose(f.at("LowGrayLevelZoneEmphasis"), (1.0 + 2.0 / 4 + 3.0 / 9 + 2.0 / 16 + 3.0 / 25) / nz);
    expectClose(f.at("HighGrayLevelZoneEmphasis"), 13.0);

    // Zones as (gray level i, size j): (1,4) (2,1) (2,5) (3,1) (3,3) (3,5) (4,1) (4,2) and 3 x (5,1).
    const double salgle =
        1.0 / 16 + 1.0 / 4 + 1.0 / 100 + 1.0 / 9 + 1.0 / 81 + 1.0 / 225 + 1.0 / 16 + 1.0 / 64 + 3.0 / 25;
    const double sahgle = 1.0 / 16 + 4.0 + 4.0 / 25 + 9.0 + 1.0 + 9.0 / 25 + 16.0 + 4.0 + 75.0;
    const double lalgle =
        16.0 + 1.0 / 4 + 25.0 / 4 + 1.0 / 9 + 1.0 + 25.0 / 9 + 1.0 / 16 + 4.0 / 16 + 3.0 / 25;
    const double lahgle = 16.0 + 4.0 + 100.0 + 9.0 + 81.0 + 225.0 + 16.0 + 64.0 + 75.0;
    expectClose(f.at("SmallAreaLowGrayLevelEmphasis"), salgle / nz);
    expectClose(f.at("SmallAreaHighGrayLevelEmphasis"), sahgle / nz);
    expectClose(f.at("LargeAreaLowGrayLevelEmphasis"), lalgle / nz);
    expectClose(f.at("LargeAreaHighGrayLevelEmphasis"), lahgle / nz);
}

TEST(Glszm, SlicesConnectIn3D) {
    // Two identical slices. In 3D each zone spans both slices, so sizes double. With force2D along z
    // (dimension 0) every zone stays in its slice, so counts double.
    const RoiData roi = makeRoi({kDocstringImage, kDocstringImage});
    const std::vector<ZoneCount> zones3d = computeGlszmZones(roi, {});
    ASSERT_EQ(zones3d.size(), 9u);
    EXPECT_EQ(zones3d[0].grayLevel, 1);
    EXPECT_EQ(zones3d[0].size, 8u);
    EXPECT_EQ(zones3d[0].count, 1.0);

    FeatureSettings force2D;
    force2D.force2D = true;
    const std::vector<ZoneCount> zones2d = computeGlszmZones(roi, force2D);
    ASSERT_EQ(zones2d.size(), 9u);
    EXPECT_EQ(zones2d[0].size, 4u);
    EXPECT_EQ(zones2d[0].count, 2.0);
    EXPECT_EQ(zones2d.back().grayLevel, 5);
    EXPECT_EQ(zones2d.back().count, 6.0);
}

TEST(Glszm, LargeZoneCountedOnce) {
    // A 40 x 40 x 40 cube of one gray level with a single voxel of another level in a corner:
    // one zone of 63999 voxels (above the dense table) and one of 1 voxel.
    std::vector<std::vector<std::vector<int>>> cube(
        40, std::vector<std::vector<int>>(40, std::vector<int>(40, 2)));
    cube[0][0][0] = 1;
    const std::vector<ZoneCount> zones = computeGlszmZones(makeRoi(cube), {});
    ASSERT_EQ(zones.size(), 2u);
    EXPECT_EQ(zones[0].grayLevel, 1);
    EXPECT_EQ(zones[0].size, 1u);
    EXPECT_EQ(zones[1].grayLevel, 2);
    EXPECT_EQ(zones[1].size, 63999u);
    EXPECT_EQ(zones[1].count, 1.0);
}

TEST(Glszm, DiagonalVoxelsConnect) {
    // 26-connectivity: voxels touching only at a corner form one zone.
    const RoiData roi = makeRoi({{{3, 0}, {0, 0}}, {{0, 0}, {0, 3}}});
    const std::vector<ZoneCount> zones = computeGlszmZones(roi, {});
    ASSERT_EQ(zones.size(), 1u);
    EXPECT_EQ(zones[0].size, 2u);
}

}  // namespace
}  // namespace pulmorad::radiomics

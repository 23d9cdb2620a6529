#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "radiomics/features/glrlm.h"

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

TEST(Glrlm, RowImageFeatures) {
    // Hand derivation: row 1 1 2 2 2 1 has runs (1, length 2), (2, length 3), (1, length 1) along +x,
    // its only angle: N_r = 3, N_p = 6, p_g = (2/3, 1/3), p_r = (1/3, 1/3, 1/3) for lengths 1, 2, 3.
    const auto glrlm = makeGlrlmClass();
    const std::map<std::string, double> f = computeAll(*glrlm, makeRoi({{{1, 1, 2, 2, 2, 1}}}));
    expectClose(f.at("ShortRunEmphasis"), 49.0 / 108.0);
    expectClose(f.at("LongRunEmphasis"), 14.0 / 3.0);
    expectClose(f.at("GrayLevelNonUniformity"), 5.0 / 3.0);
    expectClose(f.at("GrayLevelNonUniformityNormalized"), 5.0 / 9.0);
    expectClose(f.at("RunLengthNonUniformity"), 1.0);
    expectClose(f.at("RunLengthNonUniformityNormalized"), 1.0 / 3.0);
    expectClose(f.at("RunPercentage"), 0.5);
    expectClose(f.at("GrayLevelVariance"), 2.0 / 9.0);
    expectClose(f.at("RunVariance"), 2.0 / 3.0);
    expectClose(f.at("RunEntropy"), std::log2(3.0));
    expectClose(f.at("LowGrayLevelRunEmphasis"), 0.75);
    expectClose(f.at("HighGrayLevelRunEmphasis"), 2.0);
    expectClose(f.at("ShortRunLowGrayLevelEmphasis"), 23.0 / 54.0);
    expectClose(f.at("ShortRunHighGrayLevelEmphasis"), 61.0 / 108.0);
    expectClose(f.at("LongRunLowGrayLevelEmphasis"), 29.0 / 12.0);
    expectClose(f.at("LongRunHighGrayLevelEmphasis"), 41.0 / 3.0);
}

TEST(Glrlm, DocstringImageHorizontalRuns) {
    // PyRadiomics' GLRLM docstring image with a hand count of horizontal runs per gray level. No run
    // is longer than 3 along any angle, so the run-length columns are 1, 2 and 3.
    const RoiData roi =
        makeRoi({{{5, 2, 5, 4, 4}, {3, 3, 3, 1, 3}, {2, 1, 1, 1, 3}, {4, 2, 2, 2, 3}, {3, 5, 3, 3, 2}}});
    const TextureMatrix matrix = computeGlrlmMatrix(roi, {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{5, 3, 4}));
    const std::vector<double> horizontal{1, 0, 1, 3, 0, 1, 4, 1, 1, 1, 1, 0, 3, 0, 0};
    for (std::size_t c = 0; c < horizontal.size(); ++c) {
        EXPECT_EQ(matrix.values[c * 4 + 3], horizontal[c]) << "element " << c;
    }
}

TEST(Glrlm, EdgeOnAnglesDropped) {
    // One ROI slice in a two-slice grid: along angles with a z step no line contains two ROI voxels, so
    // PyRadiomics drops those angles and the features equal those of the slice alone.
    const std::vector<std::vector<int>> slice{{1, 2, 2}, {2, 2, 1}, {3, 1, 1}};
    const RoiData twoSlices = makeRoi({slice, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}});
    EXPECT_EQ(computeGlrlmMatrix(twoSlices, {}).shape[2], 4u);
    const auto glrlm = makeGlrlmClass();
    const std::map<std::string, double> expected = computeAll(*glrlm, makeRoi({slice}));
    for (const auto& [name, value] : computeAll(*glrlm, twoSlices)) {
        EXPECT_NEAR(value, expected.at(name), 1e-12 * std::max(1.0, std::abs(value))) << name;
    }
}

TEST(Glrlm, GapKeepsAngle) {
    // Row 1 _ 2 (middle voxel outside the ROI): the line contains two ROI voxels, so the angle stays,
    // with two runs of length 1.
    const TextureMatrix matrix = computeGlrlmMatrix(makeRoi({{{1, 0, 2}}}), {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{2, 1, 1}));
    EXPECT_EQ(matrix.values, (std::vector<double>{1, 1}));
}

TEST(Glrlm, LongRunSizesMatrixByRun) {
    // A 2000-voxel row of one gray level: one run of length 2000 and a single run-length column.
    const RoiData roi = makeRoi({{std::vector<int>(2000, 7)}});
    const TextureMatrix matrix = computeGlrlmMatrix(roi, {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{1, 1, 1}));
    const std::map<std::string, double> f = computeAll(*makeGlrlmClass(), roi);
    expectClose(f.at("LongRunEmphasis"), 2000.0 * 2000.0);  // hand derivation: one run, j^2 / 1
    expectClose(f.at("RunPercentage"), 1.0 / 2000.0);
}

TEST(Glrlm, WeightingUsesOffsetLength) {
    FeatureSettings settings;
    settings.weightingNorm = "euclidean";
    // Image rows [1 1] and [2 2]. Each gray level has 2 runs of length 1 along each diagonal and along
    // y, and one run of length 2 along x. Euclidean weights: sqrt(2) for the diagonals, 1 otherwise.
    const TextureMatrix matrix = computeGlrlmMatrix(makeRoi({{{1, 1}, {2, 2}}}), settings);
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{2, 2, 1}));
    const double shortRuns = 4.0 * std::sqrt(2.0) + 2.0;
    expectClose(matrix.values[0], shortRuns);
    expectClose(matrix.values[1], 1.0);
    expectClose(matrix.values[2], shortRuns);
    expectClose(matrix.values[3], 1.0);
}

}  // namespace
}  // namespace pulmorad::radiomics

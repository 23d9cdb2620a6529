#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/errors.h"
#include "radiomics/features/glcm.h"

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

std::map<std::string, double> computeAll(const RoiData& roi, const FeatureSettings& settings = {}) {
    const auto glcm = makeGlcmClass();
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : glcm->definitions()) {
        if (!definition.deprecated) names.push_back(definition.name);
    }
    std::map<std::string, double> values;
    for (const FeatureValue& value : glcm->compute(roi, settings, names)) values[value.name] = value.value;
    return values;
}

constexpr double kRelative = 1e-12;  // tolerance for hand-derived values, relative to the expected value

void expectClose(double actual, double expected) {
    EXPECT_NEAR(actual, expected, kRelative * std::max(1.0, std::abs(expected)));
}

TEST(Glcm, RowImageMatrix) {
    // Hand derivation: row 1 2 2 3 has one angle (+x) with pairs (1,2), (2,2), (2,3); the symmetrical
    // GLCM adds the transpose, giving counts (1,2)=(2,1)=1, (2,2)=2, (2,3)=(3,2)=1 out of 6.
    const TextureMatrix matrix = computeGlcmMatrix(makeRoi({{{1, 2, 2, 3}}}), {});
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{3, 3, 1}));
    const std::vector<double> expected{0, 1, 0, 1, 2, 1, 0, 1, 0};
    for (std::size_t c = 0; c < expected.size(); ++c) expectClose(matrix.values[c], expected[c] / 6.0);
}

TEST(Glcm, RowImageFeatures) {
    const std::map<std::string, double> f = computeAll(makeRoi({{{1, 2, 2, 3}}}));
    // Hand derivation on p = [[0,1,0],[1,2,1],[0,1,0]] / 6, Ng = 3, p_x = p_y = (1, 4, 1) / 6,
    // mu_x = mu_y = 2, p_{x-y} = (1/3, 2/3, 0), p_{x+y}(3, 4, 5) = (1/3, 1/3, 1/3).
    expectClose(f.at("Autocorrelation"), 4.0);
    expectClose(f.at("JointAverage"), 2.0);
    expectClose(f.at("Contrast"), 2.0 / 3.0);
    expectClose(f.at("ClusterTendency"), 2.0 / 3.0);
    expectClose(f.at("ClusterShade"), 0.0);
    expectClose(f.at("ClusterProminence"), 2.0 / 3.0);
    expectClose(f.at("Correlation"), 0.0);  // sum p (i-2)(j-2) is 0
    expectClose(f.at("DifferenceAverage"), 2.0 / 3.0);
    expectClose(f.at("DifferenceVariance"), 2.0 / 9.0);
    expectClose(f.at("DifferenceEntropy"), std::log2(3.0) / 3.0 + 2.0 / 3.0 * std::log2(1.5));
    expectClose(f.at("JointEnergy"), 2.0 / 9.0);
    expectClose(f.at("JointEntropy"), 2.0 / 3.0 * std::log2(6.0) + std::log2(3.0) / 3.0);
    expectClose(f.at("Id"), 2.0 / 3.0);
    expectClose(f.at("Idm"), 2.0 / 3.0);
    expectClose(f.at("Idmn"), 1.0 / 3.0 + (2.0 / 3.0) / (1.0 + 1.0 / 9.0));
    expectClose(f.at("Idn"), 5.0 / 6.0);
    expectClose(f.at("InverseVariance"), 2.0 / 3.0);
    expectClose(f.at("MaximumProbability"), 1.0 / 3.0);
    expectClose(f.at("SumAverage"), 4.0);
    expectClose(f.at("SumEntropy"), std::log2(3.0));
    expectClose(f.at("SumSquares"), 1.0 / 3.0);

    // Entropies: HX = log2(6)/3 + 2/3 log2(3/2); HXY1 = 2/3 log2(9) + 1/3 log2(9/4);
    // HXY2 sums p_x(i) p_y(j) over 4 products of 1/36, 4 of 4/36 and 1 of 16/36.
    const double hxy = 2.0 / 3.0 * std::log2(6.0) + std::log2(3.0) / 3.0;
    const double hx = std::log2(6.0) / 3.0 + 2.0 / 3.0 * std::log2(1.5);
    const double hxy1 = 2.0 / 3.0 * std::log2(9.0) + std::log2(2.25) / 3.0;
    const double hxy2 = -(4.0 / 36.0 * std::log2(1.0 / 36.0) + 16.0 / 36.0 * std::log2(4.0 / 36.0) +
                          16.0 / 36.0 * std::log2(16.0 / 36.0));
    expectClose(f.at("Imc1"), (hxy - hxy1) / hx);
    expectClose(f.at("Imc2"), std::sqrt(1.0 - std::exp(-2.0 * (hxy2 - hxy))));
    // Q = [[1/4,1/2,1/4],[1/8,3/4,1/8],[1/4,1/2,1/4]] is row-stochastic (eigenvalue 1), has two equal
    // rows (eigenvalue 0) and trace 5/4, so its eigenvalues are 0, 1/4, 1 and MCC = sqrt(1/4).
    EXPECT_NEAR(f.at("MCC"), 0.5, 1e-9);
}

TEST(Glcm, DocstringImageHorizontalAngle) {
    // PyRadiomics' GLCM docstring image; hand count of the horizontal neighbours, symmetrical, 40 pairs.
    const RoiData roi =
        makeRoi({{{1, 2, 5, 2, 3}, {3, 2, 1, 3, 1}, {1, 3, 5, 5, 2}, {1, 1, 1, 1, 2}, {1, 2, 4, 3, 5}}});
    const TextureMatrix matrix = computeGlcmMatrix(roi, {});
    // A single slice leaves the 4 in-plane angles, in the order (1,1), (0,1), (-1,1), (1,0) as (x, y).
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{5, 5, 4}));
    const std::vector<double> expected{6, 4, 3, 0, 0, 4, 0, 2, 1, 3, 3, 2, 0,
                                       1, 2, 0, 1, 1, 0, 0, 0, 3, 2, 0, 2};
    for (std::size_t c = 0; c < expected.size(); ++c) {
        expectClose(matrix.values[c * 4 + 3], expected[c] / 40.0);
    }
}

TEST(Glcm, AsymmetricMatrix) {
    FeatureSettings settings;
    settings.symmetricalGLCM = false;
    // Hand derivation: pairs (1,2), (2,2), (2,3) once each, without the transpose.
    const TextureMatrix matrix = computeGlcmMatrix(makeRoi({{{1, 2, 2, 3}}}), settings);
    const std::vector<double> expected{0, 1, 0, 0, 1, 1, 0, 0, 0};
    ASSERT_EQ(matrix.values.size(), expected.size());
    for (std::size_t c = 0; c < expected.size(); ++c) expectClose(matrix.values[c], expected[c] / 3.0);
}

TEST(Glcm, ManhattanWeightingMergesAngles) {
    FeatureSettings settings;
    settings.weightingNorm = "manhattan";
    // Image [[1,2],[2,1]]: symmetrical counts per angle: (1,1) diagonal: (1,1)=2; (0,1): (1,2)=(2,1)=2;
    // (-1,1): (2,2)=2; (1,0): (1,2)=(2,1)=2. Weights exp(-d^2): d = 2 for diagonals, 1 otherwise.
    const TextureMatrix matrix = computeGlcmMatrix(makeRoi({{{1, 2}, {2, 1}}}), settings);
    ASSERT_EQ(matrix.shape, (std::vector<std::size_t>{2, 2, 1}));
    const double diagonal = 2.0 * std::exp(-4.0);
    const double axis = 4.0 * std::exp(-1.0);
    const double total = 2.0 * diagonal + 2.0 * axis;
    expectClose(matrix.values[0], diagonal / total);
    expectClose(matrix.values[1], axis / total);
    expectClose(matrix.values[2], axis / total);
    expectClose(matrix.values[3], diagonal / total);
}

TEST(Glcm, EmptyAnglesDropped) {
    // A single ROI slice inside a two-slice grid: angles that move along z find no pairs and are dropped.
    const std::vector<std::vector<int>> slice{{1, 2, 3}, {2, 2, 1}, {3, 1, 1}};
    const RoiData twoSlices = makeRoi({slice, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}});
    const RoiData oneSlice = makeRoi({slice});
    EXPECT_EQ(computeGlcmMatrix(twoSlices, {}).shape, (std::vector<std::size_t>{3, 3, 4}));
    const std::map<std::string, double> expected = computeAll(oneSlice);
    for (const auto& [name, value] : computeAll(twoSlices)) {
        EXPECT_NEAR(value, expected.at(name), 1e-12 * std::max(1.0, std::abs(value))) << name;
    }
}

TEST(Glcm, FlatRegionValues) {
    const std::map<std::string, double> f = computeAll(makeRoi({{{4, 4}, {4, 4}}}));
    // PyRadiomics' conventions for a single gray level: Correlation 1, MCC 1, Imc1 and Imc2 0.
    EXPECT_EQ(f.at("Correlation"), 1.0);
    EXPECT_EQ(f.at("MCC"), 1.0);
    EXPECT_EQ(f.at("Imc1"), 0.0);
    EXPECT_EQ(f.at("Imc2"), 0.0);
    expectClose(f.at("JointAverage"), 4.0);
}

TEST(Glcm, DeprecatedFeaturesHaveNoValue) {
    const auto glcm = makeGlcmClass();
    const std::vector<FeatureValue> values =
        glcm->compute(makeRoi({{{1, 2, 2, 3}}}), {}, {"SumVariance", "Contrast", "Dissimilarity"});
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].name, "Contrast");
}

TEST(Glcm, DefinitionsInPyRadiomicsOrder) {
    const std::vector<FeatureDefinition> definitions = makeGlcmClass()->definitions();
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : definitions) names.push_back(definition.name);
    // Order of the getXFeatureValue methods as Python sorts them (feature_list.csv, 28 features).
    const std::vector<std::string> expected{"Autocorrelation",
                                            "ClusterProminence",
                                            "ClusterShade",
                                            "ClusterTendency",
                                            "Contrast",
                                            "Correlation",
                                            "DifferenceAverage",
                                            "DifferenceEntropy",
                                            "DifferenceVariance",
                                            "Dissimilarity",
                                            "Homogeneity1",
                                            "Homogeneity2",
                                            "Id",
                                            "Idm",
                                            "Idmn",
                                            "Idn",
                                            "Imc1",
                                            "Imc2",
                                            "InverseVariance",
                                            "JointAverage",
                                            "JointEnergy",
                                            "JointEntropy",
                                            "MCC",
                                            "MaximumProbability",
                                            "SumAverage",
                                            "SumEntropy",
                                            "SumSquares",
                                            "SumVariance"};
    EXPECT_EQ(names, expected);
}

TEST(Glcm, UnknownFeatureRejected) {
    EXPECT_THROW(makeGlcmClass()->compute(makeRoi({{{1, 2}}}), {}, {"Homogeneity"}), InputError);
}

TEST(Glcm, UnknownWeightingNormRejected) {
    FeatureSettings settings;
    settings.weightingNorm = "chebyshev";
    EXPECT_THROW(computeGlcmMatrix(makeRoi({{{1, 2}, {2, 1}}}), settings), InputError);
}

}  // namespace
}  // namespace pulmorad::radiomics

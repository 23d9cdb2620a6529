#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <regex>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/features/feature_class.h"
#include "radiomics/features/shape2d.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

RoiData maskRoi(std::array<std::size_t, 3> size, std::array<double, 3> spacing,
                const std::vector<std::array<std::size_t, 3>>& inside) {
    RoiData roi;
    roi.size = size;
    roi.spacing = spacing;
    roi.shapeRoi.assign(roi.voxelCount(), 0);
    for (const auto& v : inside) roi.shapeRoi[v[0] + size[0] * (v[1] + size[1] * v[2])] = 1;
    roi.roi = roi.shapeRoi;
    roi.intensity.assign(roi.voxelCount(), 0.0);
    roi.grayLevel.assign(roi.voxelCount(), 0);
    return roi;
}

std::vector<std::string> allShape2DFeatures() {
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : makeShape2DClass()->definitions())
        names.push_back(definition.name);
    return names;
}

std::map<std::string, double> computeShape2D(const RoiData& roi, int dimension = 0) {
    FeatureSettings settings;
    settings.force2D = true;
    settings.force2Ddimension = dimension;
    std::map<std::string, double> values;
    for (const FeatureValue& value : makeShape2DClass()->compute(roi, settings, allShape2DFeatures())) {
        values[value.name] = value.value;
    }
    return values;
}

void expectRelative(double expected, double actual, double tolerance, const std::string& what) {
    EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
        << what << ": expected " << expected << ", got " << actual;
}

TEST(Shape2DTest, DefinitionsFollowPyRadiomicsOutputOrder) {
    // PyRadiomics 3.1 shape2D.py, in dir() order of the getXFeatureValue
    // methods; SphericalDisproportion is its only deprecated feature.
    const std::vector<std::string> expected = {"Elongation",
                                               "MajorAxisLength",
                                               "MaximumDiameter",
                                               "MeshSurface",
                                               "MinorAxisLength",
                                               "Perimeter",
                                               "PerimeterSurfaceRatio",
                                               "PixelSurface",
                                               "SphericalDisproportion",
                                               "Sphericity"};
    EXPECT_EQ(allShape2DFeatures(), expected);
    for (const FeatureDefinition& definition : makeShape2DClass()->definitions()) {
        EXPECT_EQ(definition.deprecated, definition.name == "SphericalDisproportion") << definition.name;
    }
}

TEST(Shape2DTest, SinglePixelIsADiamond) {
    // Hand derivation: vertices 0.5 mm from the pixel centre along both axes,
    // a square rotated by 45 degrees with diagonals 1: area 1/2, perimeter
    // 4 sqrt(1/2), diameter 1; P / A = 8 sqrt(1/2); sphericity 2 sqrt(pi A) / P.
    const auto v = computeShape2D(maskRoi({1, 1, 1}, {1, 1, 3}, {{0, 0, 0}}));
    expectRelative(0.5, v.at("MeshSurface"), 1e-15, "MeshSurface");
    expectRelative(1.0, v.at("PixelSurface"), 0.0, "PixelSurface");
    expectRelative(4.0 * std::sqrt(0.5), v.at("Perimeter"), 1e-15, "Perimeter");
    expectRelative(1.0, v.at("MaximumDiameter"), 1e-15, "MaximumDiameter");
    const double sphericity = 2.0 * std::sqrt(std::numbers::pi * 0.5) / (4.0 * std::sqrt(0.5));
    expectRelative(sphericity, v.at("Sphericity"), 1e-15, "Sphericity");
    expectRelative(1.0 / sphericity, v.at("SphericalDisproportion"), 1e-15, "SphericalDisproportion");
    expectRelative(8.0 * std::sqrt(0.5), v.at("PerimeterSurfaceRatio"), 1e-15, "PerimeterSurfaceRatio");
    EXPECT_EQ(v.at("MajorAxisLength"), 0.0);
}

TEST(Shape2DTest, TwoByTwoSquareIsAnOctagon) {
    // Hand derivation for 2 x 2 pixels of 1 mm (centres 0 and 1): the square
    // [-0.5, 1.5]^2 (area 4) less four corner triangles with legs 0.5 (1/8 each):
    // 3.5; perimeter 4 sides of 1 and 4 of sqrt(1/2); farthest vertices
    // (-0.5, 0)-(1.5, 1): sqrt(5); coordinates {0,1}^2 have variance 1/4 per
    // axis and no covariance: both axes 4 * 1/2 = 2.
    const auto v =
        computeShape2D(maskRoi({4, 4, 1}, {1, 1, 5}, {{1, 1, 0}, {2, 1, 0}, {1, 2, 0}, {2, 2, 0}}));
    expectRelative(3.5, v.at("MeshSurface"), 1e-15, "MeshSurface");
    expectRelative(4.0, v.at("PixelSurface"), 0.0, "PixelSurface");
    expectRelative(4.0 + 4.0 * std::sqrt(0.5), v.at("Perimeter"), 1e-15, "Perimeter");
    expectRelative(std::sqrt(5.0), v.at("MaximumDiameter"), 1e-15, "MaximumDiameter");
    expectRelative(2.0, v.at("MajorAxisLength"), 1e-14, "MajorAxisLength");
    expectRelative(2.0, v.at("MinorAxisLength"), 1e-14, "MinorAxisLength");
    expectRelative(1.0, v.at("Elongation"), 1e-14, "Elongation");
}

TEST(Shape2DTest, InPlaneAxesFollowForce2Ddimension) {
    // One pixel, spacing (x, y, z) = (0.5, 0.8, 2) mm. Hand derivation: a
    // rhombus with diagonals equal to the two in-plane spacings: area d1 d2 / 2,
    // perimeter 4 sqrt((d1/2)^2 + (d2/2)^2), diameter max(d1, d2).
    const std::array<double, 3> spacing{0.5, 0.8, 2.0};
    const std::array<std::pair<double, double>, 3> planes{{{0.8, 0.5}, {2.0, 0.5}, {2.0, 0.8}}};
    for (int dimension = 0; dimension < 3; ++dimension) {
        const auto [d1, d2] = planes[static_cast<std::size_t>(dimension)];
        const auto v = computeShape2D(maskRoi({1, 1, 1}, spacing, {{0, 0, 0}}), dimension);
        expectRelative(d1 * d2 / 2.0, v.at("MeshSurface"), 1e-15, "MeshSurface");
        expectRelative(d1 * d2, v.at("PixelSurface"), 1e-15, "PixelSurface");
        expectRelative(4.0 * std::hypot(d1 / 2.0, d2 / 2.0), v.at("Perimeter"), 1e-15, "Perimeter");
        expectRelative(std::max(d1, d2), v.at("MaximumDiameter"), 1e-15, "MaximumDiameter");
    }
    // A row of three pixels along x in a sagittal setup is thicker than one
    // voxel along x: not a 2D mask for force2Ddimension 2, fine for 0 and 1.
    const RoiData row = maskRoi({3, 1, 1}, spacing, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}});
    EXPECT_THROW(computeShape2D(row, 2), InputError);
    expectRelative(3.0 * 0.5 * 0.8, computeShape2D(row, 0).at("PixelSurface"), 1e-15, "PixelSurface");
    expectRelative(3.0 * 0.5 * 2.0, computeShape2D(row, 1).at("PixelSurface"), 1e-15, "PixelSurface");
}

TEST(Shape2DTest, NeedsForce2DAndASingleSlice) {
    const RoiData twoSlices = maskRoi({2, 2, 2}, {1, 1, 1}, {{0, 0, 0}, {0, 0, 1}});
    EXPECT_THROW(computeShape2D(twoSlices), InputError);
    const RoiData oneSlice = maskRoi({2, 2, 2}, {1, 1, 1}, {{0, 0, 1}, {1, 0, 1}});
    EXPECT_THROW(makeShape2DClass()->compute(oneSlice, FeatureSettings{}, {"Perimeter"}), InputError);
    EXPECT_NO_THROW(computeShape2D(oneSlice));
}

// ---------------------------------------------------------------------------
// PyRadiomics baseline values of PyRadiomics' own test cases, force2D.
// Its 2D masks are single slices of the cases' label maps (one-slice images,
// resampled onto the image grid by correctMask): the slice named by
// diagnostics_Mask-corrected_BoundingBox, with the voxel count of
// diagnostics_Mask-original_VoxelNum, which this test checks.

std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

std::map<std::string, std::string> baselineColumn(const std::string& file, const std::string& column) {
    std::ifstream in(test::referencePath("pyradiomics/baseline/" + file));
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = splitCsvLine(line);
    const auto at = std::find(header.begin(), header.end(), column);
    if (at == header.end()) throw std::runtime_error("no column " + column + " in " + file);
    const auto index = static_cast<std::size_t>(at - header.begin());
    std::map<std::string, std::string> values;
    while (std::getline(in, line)) {
        const std::vector<std::string> fields = splitCsvLine(line);
        if (fields.size() > index) values[fields[0]] = fields[index];
    }
    return values;
}

class Shape2DBaselineTest : public ::testing::TestWithParam<std::string> {};

TEST_P(Shape2DBaselineTest, SingleSliceMatchesPyRadiomics) {
    const std::string caseName = GetParam();
    const auto baseline = baselineColumn("baseline_shape2D.csv", caseName + "_shape2D");
    const std::string& settings = baseline.at("diagnostics_Configuration_Settings");
    ASSERT_NE(settings.find("'force2D': True"), std::string::npos);
    ASSERT_NE(settings.find("'force2Ddimension': 0"), std::string::npos);

    // Bounding box "(x, y, z, size x, size y, size z)": the slice is its z.
    const std::string box = baseline.at("diagnostics_Mask-corrected_BoundingBox");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(box, match, std::regex(R"(\((\d+), (\d+), (\d+),)")));
    const auto slice = static_cast<std::size_t>(std::stoul(match[3]));

    const image::LabelVolume label =
        image::readImage(test::referencePath("pyradiomics/images/" + caseName + "_label.nrrd"));
    std::vector<std::array<std::size_t, 3>> inside;
    for (std::size_t y = 0; y < label.geometry.size[1]; ++y)
        for (std::size_t x = 0; x < label.geometry.size[0]; ++x)
            if (label.at(x, y, slice) == 1) inside.push_back({x, y, 0});
    ASSERT_EQ(std::to_string(inside.size()), baseline.at("diagnostics_Mask-original_VoxelNum"));
    const auto values = computeShape2D(
        maskRoi({label.geometry.size[0], label.geometry.size[1], 1}, label.geometry.spacing, inside), 0);

    int compared = 0;
    for (const auto& [row, text] : baseline) {
        const std::string prefix = "original_shape2D_";
        if (row.rfind(prefix, 0) != 0 || text.empty()) continue;
        const std::string feature = row.substr(prefix.size());
        // PyRadiomics baseline; some values are printed with 12 significant digits.
        expectRelative(std::stod(text), values.at(feature), 1e-10, caseName + " " + feature);
        ++compared;
    }
    EXPECT_EQ(compared, 9);
}

INSTANTIATE_TEST_SUITE_P(PyRadiomicsCases, Shape2DBaselineTest,
                         ::testing::Values("brain1", "brain2", "breast1"));

}  // namespace
}  // namespace pulmorad::radiomics

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/features/feature_class.h"
#include "radiomics/features/shape.h"
#include "radiomics/features/shape_diameters.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

/// A mask on a grid (x fastest), with the voxels listed as (x, y, z) inside.
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

std::vector<std::string> allShapeFeatures() {
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : makeShapeClass()->definitions())
        names.push_back(definition.name);
    return names;
}

std::map<std::string, double> computeShape(const RoiData& roi) {
    std::map<std::string, double> values;
    for (const FeatureValue& value : makeShapeClass()->compute(roi, FeatureSettings{}, allShapeFeatures())) {
        values[value.name] = value.value;
    }
    return values;
}

void expectRelative(double expected, double actual, double tolerance, const std::string& what) {
    EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
        << what << ": expected " << expected << ", got " << actual;
}

TEST(ShapeTest, DefinitionsFollowPyRadiomicsOutputOrder) {
    // PyRadiomics 3.1 output order: the 14 default features as the columns of
    // the oracle features.csv, with the three deprecated ones at their
    // alphabetical places (getCompactness1FeatureValue ... in dir() order).
    const std::vector<std::string> expected = {"Compactness1",
                                               "Compactness2",
                                               "Elongation",
                                               "Flatness",
                                               "LeastAxisLength",
                                               "MajorAxisLength",
                                               "Maximum2DDiameterColumn",
                                               "Maximum2DDiameterRow",
                                               "Maximum2DDiameterSlice",
                                               "Maximum3DDiameter",
                                               "MeshVolume",
                                               "MinorAxisLength",
                                               "SphericalDisproportion",
                                               "Sphericity",
                                               "SurfaceArea",
                                               "SurfaceVolumeRatio",
                                               "VoxelVolume"};
    EXPECT_EQ(allShapeFeatures(), expected);
    for (const FeatureDefinition& definition : makeShapeClass()->definitions()) {
        const bool deprecated = definition.name == "Compactness1" || definition.name == "Compactness2" ||
                                definition.name == "SphericalDisproportion";
        EXPECT_EQ(definition.deprecated, deprecated) << definition.name;
    }
}

TEST(ShapeTest, ReturnsOnlyRequestedFeaturesAndRejectsUnknownNames) {
    const RoiData roi = maskRoi({3, 3, 3}, {1, 1, 1}, {{1, 1, 1}});
    const auto values = makeShapeClass()->compute(roi, FeatureSettings{}, {"VoxelVolume", "Elongation"});
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0].name, "Elongation");  // definitions() order, not request order
    EXPECT_EQ(values[1].name, "VoxelVolume");
    EXPECT_THROW(makeShapeClass()->compute(roi, FeatureSettings{}, {"MeshVolumes"}), InputError);
}

TEST(ShapeTest, EmptyMaskIsAnInputError) {
    const RoiData roi = maskRoi({3, 3, 3}, {1, 1, 1}, {});
    EXPECT_THROW(computeShape(roi), InputError);
}

TEST(ShapeTest, SingleIsotropicVoxelIsAnOctahedron) {
    // Hand derivation: the six vertices lie 0.5 mm from the voxel centre along
    // the axes, so the mesh is a regular octahedron with circumradius 0.5:
    // volume 4/3 r^3 = 1/6, surface 8 equilateral triangles of side r*sqrt(2)
    // = sqrt(3), all diameters 2r = 1. A single voxel has a zero covariance.
    const auto values = computeShape(maskRoi({1, 1, 1}, {1, 1, 1}, {{0, 0, 0}}));
    expectRelative(1.0 / 6.0, values.at("MeshVolume"), 1e-14, "MeshVolume");
    expectRelative(std::sqrt(3.0), values.at("SurfaceArea"), 1e-14, "SurfaceArea");
    expectRelative(1.0, values.at("VoxelVolume"), 0.0, "VoxelVolume");
    for (const char* name :
         {"Maximum3DDiameter", "Maximum2DDiameterSlice", "Maximum2DDiameterColumn", "Maximum2DDiameterRow"}) {
        expectRelative(1.0, values.at(name), 1e-15, name);
    }
    EXPECT_EQ(values.at("MajorAxisLength"), 0.0);
    EXPECT_EQ(values.at("LeastAxisLength"), 0.0);
    EXPECT_TRUE(std::isnan(values.at("Elongation")));  // 0/0, as numpy gives
    // Hand derivation: (36 pi V^2)^(1/3) / A with V = 1/6, A = sqrt(3).
    const double sphereArea = std::cbrt(36.0 * std::numbers::pi / 36.0);
    expectRelative(sphereArea / std::sqrt(3.0), values.at("Sphericity"), 1e-14, "Sphericity");
    expectRelative(std::sqrt(3.0) / sphereArea, values.at("SphericalDisproportion"), 1e-14,
                   "SphericalDisproportion");
    expectRelative(6.0 * std::sqrt(3.0), values.at("SurfaceVolumeRatio"), 1e-14, "SurfaceVolumeRatio");
    expectRelative((1.0 / 6.0) / (std::pow(3.0, 0.75) * std::sqrt(std::numbers::pi)),
                   values.at("Compactness1"), 1e-14, "Compactness1");
    expectRelative(36.0 * std::numbers::pi / 36.0 / std::pow(3.0, 1.5), values.at("Compactness2"), 1e-14,
                   "Compactness2");
}

TEST(ShapeTest, SingleAnisotropicVoxel) {
    // Hand derivation: semi-axes a = 0.25 (x), b = 0.4 (y), c = 1 (z) mm.
    // Volume 4/3 abc; surface 8 triangles (a,0,0),(0,b,0),(0,0,c) of area
    // sqrt(a^2b^2 + b^2c^2 + a^2c^2)/2; diameters: 3D 2c, within a z plane 2b,
    // within a y plane or an x plane 2c.
    const double a = 0.25, b = 0.4, c = 1.0;
    const auto values = computeShape(maskRoi({1, 1, 1}, {0.5, 0.8, 2.0}, {{0, 0, 0}}));
    expectRelative(4.0 / 3.0 * a * b * c, values.at("MeshVolume"), 1e-14, "MeshVolume");
    expectRelative(4.0 * std::sqrt(a * a * b * b + b * b * c * c + a * a * c * c), values.at("SurfaceArea"),
                   1e-14, "SurfaceArea");
    expectRelative(0.8, values.at("VoxelVolume"), 1e-15, "VoxelVolume");
    expectRelative(2.0 * c, values.at("Maximum3DDiameter"), 1e-15, "Maximum3DDiameter");
    expectRelative(2.0 * b, values.at("Maximum2DDiameterSlice"), 1e-15, "Maximum2DDiameterSlice");
    expectRelative(2.0 * c, values.at("Maximum2DDiameterColumn"), 1e-15, "Maximum2DDiameterColumn");
    expectRelative(2.0 * c, values.at("Maximum2DDiameterRow"), 1e-15, "Maximum2DDiameterRow");
}

TEST(ShapeTest, TwoByTwoByTwoBlock) {
    // Hand derivation for the 2x2x2 block of 1 mm voxels (centres at 0 and 1):
    // the mesh is the unit core plus 6 face slabs (0.5 each), 12 edge prisms
    // (0.125 each) and 8 corner tetrahedra (1/48 each): V = 17/3. Surface:
    // 6 unit squares, 12 chamfers of 1 x sqrt(2)/2, 8 triangles of sqrt(3)/8:
    // A = 6 + 6 sqrt(2) + sqrt(3). Farthest vertices (-0.5,0,0)-(1.5,1,1):
    // sqrt(6); within a plane through the centres (-0.5,0)-(1.5,1): sqrt(5).
    // Voxel coordinates {0,1}^3 have variance 1/4 per axis: axes 4 * 1/2 = 2.
    std::vector<std::array<std::size_t, 3>> inside;
    for (std::size_t z = 1; z < 3; ++z)
        for (std::size_t y = 1; y < 3; ++y)
            for (std::size_t x = 1; x < 3; ++x) inside.push_back({x, y, z});
    const auto values = computeShape(maskRoi({4, 4, 4}, {1, 1, 1}, inside));
    expectRelative(17.0 / 3.0, values.at("MeshVolume"), 1e-14, "MeshVolume");
    expectRelative(6.0 + 6.0 * std::sqrt(2.0) + std::sqrt(3.0), values.at("SurfaceArea"), 1e-14,
                   "SurfaceArea");
    expectRelative(8.0, values.at("VoxelVolume"), 0.0, "VoxelVolume");
    expectRelative(std::sqrt(6.0), values.at("Maximum3DDiameter"), 1e-15, "Maximum3DDiameter");
    for (const char* name : {"Maximum2DDiameterSlice", "Maximum2DDiameterColumn", "Maximum2DDiameterRow"}) {
        expectRelative(std::sqrt(5.0), values.at(name), 1e-15, name);
    }
    for (const char* name : {"MajorAxisLength", "MinorAxisLength", "LeastAxisLength"}) {
        expectRelative(2.0, values.at(name), 1e-14, name);
    }
    expectRelative(1.0, values.at("Elongation"), 1e-14, "Elongation");
    expectRelative(1.0, values.at("Flatness"), 1e-14, "Flatness");
}

TEST(ShapeTest, LShapeDiametersAndAxes) {
    // Hand derivation for three 1 mm voxels (x, y) = (0,0), (1,0), (0,1) in one
    // slice. Vertices in the slice plane: (-0.5,0), (-0.5,1), (0,-0.5),
    // (1,-0.5), (1.5,0), (1,0.5), (0.5,1), (0,1.5); the farthest pair is
    // (1.5,0)-(-0.5,1): sqrt(5), also the 3D maximum (vertices above and below
    // the slice sit at voxel centres, 0.5 mm off the plane). In the plane y = 0
    // the vertices span x from -0.5 to 1.5: Column = 2; Row = 2 by symmetry.
    // Coordinates have variances 2/9, 2/9 and covariance -1/9 in (x, y):
    // eigenvalues 1/3 and 1/9, and 0 across the slice.
    const auto values = computeShape(maskRoi({2, 2, 1}, {1, 1, 1}, {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}));
    expectRelative(std::sqrt(5.0), values.at("Maximum3DDiameter"), 1e-15, "Maximum3DDiameter");
    expectRelative(std::sqrt(5.0), values.at("Maximum2DDiameterSlice"), 1e-15, "Maximum2DDiameterSlice");
    expectRelative(2.0, values.at("Maximum2DDiameterColumn"), 1e-15, "Maximum2DDiameterColumn");
    expectRelative(2.0, values.at("Maximum2DDiameterRow"), 1e-15, "Maximum2DDiameterRow");
    expectRelative(4.0 * std::sqrt(1.0 / 3.0), values.at("MajorAxisLength"), 1e-14, "MajorAxisLength");
    expectRelative(4.0 / 3.0, values.at("MinorAxisLength"), 1e-14, "MinorAxisLength");
    EXPECT_EQ(values.at("LeastAxisLength"), 0.0);
    expectRelative(std::sqrt(1.0 / 3.0), values.at("Elongation"), 1e-14, "Elongation");
    EXPECT_EQ(values.at("Flatness"), 0.0);
    expectRelative(3.0, values.at("VoxelVolume"), 0.0, "VoxelVolume");
    // The mesh volume lies between the voxel volume's inner and outer bounds.
    EXPECT_GT(values.at("MeshVolume"), 3.0 / 6.0);
    EXPECT_LT(values.at("MeshVolume"), 3.0);
}

/// PyRadiomics' diameters by its own method: every pair of mesh vertices
/// (midpoints of voxel edges between the ROI and the background of the
/// zero-padded grid), with its coordinate-equality rule for the 2D planes.
MaximumDiameters allPairsDiameters(const BinaryGrid<3>& mask) {
    const std::array<std::size_t, 3> padded{mask.size[0] + 2, mask.size[1] + 2, mask.size[2] + 2};
    auto inside = [&](std::size_t i0, std::size_t i1, std::size_t i2) {
        if (i0 == 0 || i1 == 0 || i2 == 0 || i0 > mask.size[0] || i1 > mask.size[1] || i2 > mask.size[2])
            return 0;
        return static_cast<int>(mask.data[((i0 - 1) * mask.size[1] + (i1 - 1)) * mask.size[2] + (i2 - 1)]);
    };
    std::vector<std::array<double, 3>> vertices;
    for (std::size_t i0 = 0; i0 < padded[0]; ++i0)
        for (std::size_t i1 = 0; i1 < padded[1]; ++i1)
            for (std::size_t i2 = 0; i2 < padded[2]; ++i2) {
                const std::array<std::size_t, 3> p{i0, i1, i2};
                for (std::size_t axis = 0; axis < 3; ++axis) {
                    std::array<std::size_t, 3> q = p;
                    if (++q[axis] >= padded[axis]) continue;
                    if (inside(p[0], p[1], p[2]) == inside(q[0], q[1], q[2])) continue;
                    std::array<double, 3> vertex{};
                    for (std::size_t d = 0; d < 3; ++d) {
                        vertex[d] = (static_cast<double>(p[d]) + (d == axis ? 0.5 : 0.0)) * mask.spacing[d];
                    }
                    vertices.push_back(vertex);
                }
            }
    std::array<double, 4> best{0, 0, 0, 0};
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            const auto& a = vertices[i];
            const auto& b = vertices[j];
            const double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
            const double distance = d0 * d0 + d1 * d1 + d2 * d2;
            if (a[0] == b[0]) best[0] = std::max(best[0], distance);
            if (a[1] == b[1]) best[1] = std::max(best[1], distance);
            if (a[2] == b[2]) best[2] = std::max(best[2], distance);
            best[3] = std::max(best[3], distance);
        }
    }
    return {std::sqrt(best[0]), std::sqrt(best[1]), std::sqrt(best[2]), std::sqrt(best[3])};
}

TEST(ShapeTest, HullDiametersEqualTheAllPairsSearchExactly) {
    // Random blobs (smoothed noise, several components, holes), anisotropic
    // spacing: the hull method must give bit-identical values to PyRadiomics'
    // all-pairs loop, reimplemented independently above.
    std::mt19937 generator(20240611);
    for (int trial = 0; trial < 12; ++trial) {
        const std::array<std::size_t, 3> size{5 + generator() % 9, 5 + generator() % 9, 3 + generator() % 9};
        std::vector<std::array<std::size_t, 3>> inside;
        const double cx = static_cast<double>(size[0]) / 2, cy = static_cast<double>(size[1]) / 2;
        const double cz = static_cast<double>(size[2]) / 2;
        for (std::size_t z = 0; z < size[2]; ++z)
            for (std::size_t y = 0; y < size[1]; ++y)
                for (std::size_t x = 0; x < size[0]; ++x) {
                    const double r = std::hypot(static_cast<double>(x) - cx, static_cast<double>(y) - cy,
                                                static_cast<double>(z) - cz);
                    const bool noise = generator() % 100 < (trial % 3 == 0 ? 60u : 25u);
                    if ((r < 0.4 * static_cast<double>(size[0]) && generator() % 100 < 85) || noise) {
                        inside.push_back({x, y, z});
                    }
                }
        if (inside.empty()) inside.push_back({0, 0, 0});
        const std::array<double, 3> spacing{0.7 + 0.1 * (trial % 4), 0.65, 1.3 + 0.5 * (trial % 2)};
        const RoiData roi = maskRoi(size, spacing, inside);
        const BinaryGrid<3> mask = croppedShapeMask(roi);

        const MaximumDiameters expected = allPairsDiameters(mask);
        const auto values = computeShape(roi);
        EXPECT_EQ(values.at("Maximum2DDiameterSlice"), expected.slice) << "trial " << trial;
        EXPECT_EQ(values.at("Maximum2DDiameterColumn"), expected.column) << "trial " << trial;
        EXPECT_EQ(values.at("Maximum2DDiameterRow"), expected.row) << "trial " << trial;
        EXPECT_EQ(values.at("Maximum3DDiameter"), expected.overall) << "trial " << trial;
    }
}

TEST(ShapeTest, MarginsAroundMaskChangeNothing) {
    // PyRadiomics computes shape on the mask cropped to its bounding box; the
    // engine may hand over a grid with padDistance margins. Same mask, margins
    // of 0 and 3 voxels: identical values.
    std::vector<std::array<std::size_t, 3>> tight;
    std::vector<std::array<std::size_t, 3>> padded;
    for (std::size_t z = 0; z < 3; ++z)
        for (std::size_t y = 0; y < 4; ++y)
            for (std::size_t x = 0; x < 5; ++x) {
                if ((x + 2 * y + 3 * z) % 4 == 0 || (x == 0 && y == 0 && z == 0) ||
                    (x == 4 && y == 3 && z == 2)) {
                    tight.push_back({x, y, z});
                    padded.push_back({x + 3, y + 3, z + 3});
                }
            }
    const auto a = computeShape(maskRoi({5, 4, 3}, {0.8, 0.9, 2.5}, tight));
    const auto b = computeShape(maskRoi({11, 10, 9}, {0.8, 0.9, 2.5}, padded));
    for (const auto& [name, value] : a) {
        if (std::isnan(value)) continue;
        EXPECT_EQ(value, b.at(name)) << name;
    }
}

// ---------------------------------------------------------------------------
// PyRadiomics 3.1 baseline values of PyRadiomics' own test cases.

/// Splits one CSV line, honouring double quotes.
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

/// Column `column` of a baseline CSV as a map from row name to text.
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

/// Reads a numeric setting from a diagnostics_Configuration_Settings dict literal.
double settingValue(const std::string& settings, const std::string& key) {
    const std::regex pattern("'" + key + "': (-?[0-9.]+)");
    std::smatch match;
    if (!std::regex_search(settings, match, pattern)) throw std::runtime_error("no setting " + key);
    return std::stod(match[1]);
}

/// Reads the shape mask of a case with the given label, on the image's full grid.
RoiData caseShapeRoi(const std::string& caseName, int label) {
    const image::LabelVolume mask =
        image::readImage(test::referencePath("pyradiomics/images/" + caseName + "_label.nrrd"));
    RoiData roi;
    roi.size = mask.geometry.size;
    roi.spacing = mask.geometry.spacing;
    roi.shapeRoi.resize(mask.data.size());
    for (std::size_t k = 0; k < mask.data.size(); ++k) roi.shapeRoi[k] = mask.data[k] == label ? 1 : 0;
    roi.roi = roi.shapeRoi;
    roi.intensity.assign(mask.data.size(), 0.0);
    roi.grayLevel.assign(mask.data.size(), 0);
    return roi;
}

class ShapeBaselineTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ShapeBaselineTest, PlainConfigurationMatchesPyRadiomics) {
    const std::string caseName = GetParam();
    const auto baseline = baselineColumn("baseline_shape.csv", caseName);
    const int label =
        static_cast<int>(settingValue(baseline.at("diagnostics_Configuration_Settings"), "label"));
    const auto values = computeShape(caseShapeRoi(caseName, label));

    int compared = 0;
    for (const auto& [row, text] : baseline) {
        const std::string prefix = "original_shape_";
        if (row.rfind(prefix, 0) != 0 || text.empty()) continue;
        const std::string feature = row.substr(prefix.size());
        const double expected = std::stod(text);  // PyRadiomics 3.1 baseline (12 or 17 significant digits)
        // brain1's four mesh values come from an older PyRadiomics triangulation:
        // current PyRadiomics reproduces them only to about 1e-3 relative
        // (MeshVolume 1.2e-4, SurfaceArea 7.9e-4, the two ratios 9e-4).
        const bool olderMesh =
            caseName == "brain1" && (feature == "MeshVolume" || feature == "SurfaceArea" ||
                                     feature == "Sphericity" || feature == "SurfaceVolumeRatio");
        // The baseline prints mesh-based values with 12 significant digits.
        expectRelative(expected, values.at(feature), olderMesh ? 2e-3 : 1e-10, caseName + " " + feature);
        ++compared;
    }
    EXPECT_EQ(compared, 14);
}

INSTANTIATE_TEST_SUITE_P(PyRadiomicsCases, ShapeBaselineTest,
                         ::testing::Values("brain1", "brain2", "breast1"));

TEST(ShapeOracleTest, WholeLungMatchesPyRadiomics) {
    // Both lungs of a CT go through `pulmorad extract`: 2.7 million voxels at
    // 1 mm and a mesh of about 670,000 triangles. The reference is PyRadiomics
    // (commit 8ed5793, v3.1.0 plus refactoring) on the same image, mask and
    // settings: linear resampling to 1 mm, with the two lung labels merged.
    const std::filesystem::path folder = test::makeTemporaryFolder("shape-oracle");
    const std::filesystem::path parameters = folder / "shape.yaml";
    std::ofstream(parameters) << "setting:\n  resampledPixelSpacing: [1, 1, 1]\n  interpolator: sitkLinear\n"
                                 "  label: all\nimageType:\n  Original: {}\nfeatureClass:\n  shape:\n";
    const test::CommandResult result = test::runPulmorad(
        {"extract", test::referencePath("ct/lung_pet_ct_dx_A0002/dicom").string(),
         test::referencePath("pyradiomics-oracle/lung_pet_ct_dx_A0002/mask.nii.gz").string(), "--param",
         parameters.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    std::filesystem::remove_all(folder);

    auto readRow = [](std::istream& in) {
        std::string header, row;
        std::getline(in, header);
        std::getline(in, row);
        std::map<std::string, std::string> values;
        const std::vector<std::string> names = splitCsvLine(header);
        const std::vector<std::string> fields = splitCsvLine(row);
        for (std::size_t k = 0; k < names.size() && k < fields.size(); ++k) values[names[k]] = fields[k];
        return values;
    };
    std::istringstream ours(result.standardOutput);
    const auto computed = readRow(ours);
    std::ifstream oracleFile(test::referencePath("pyradiomics-oracle/lung_pet_ct_dx_A0002/features.csv"));
    const auto oracle = readRow(oracleFile);

    int compared = 0;
    for (const auto& [name, text] : oracle) {
        if (name.rfind("original_shape_", 0) != 0) continue;
        ASSERT_TRUE(computed.count(name)) << name << " missing from the output";
        // PyRadiomics oracle value, 17 significant digits. The mesh and the
        // diameters agree to the last bit; the principal axes to rounding of
        // the covariance (numpy uses BLAS).
        expectRelative(std::stod(text), std::stod(computed.at(name)), 1e-13, name);
        ++compared;
    }
    EXPECT_EQ(compared, 14);
}

}  // namespace
}  // namespace pulmorad::radiomics

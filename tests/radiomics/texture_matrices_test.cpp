// Texture matrices and feature values of the five texture classes against PyRadiomics' own test
// baselines (brain1, brain2, breast1 in the "plain" configuration: label 1, bounding-box crop,
// binWidth 25, no resampling, distances [1], symmetrical GLCM, gldm_a 0), and the angle generation.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/features/glcm.h"
#include "radiomics/features/gldm.h"
#include "radiomics/features/glrlm.h"
#include "radiomics/features/glszm.h"
#include "radiomics/features/ngtdm.h"
#include "radiomics/features/texture_angles.h"
#include "support/npy_reader.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

const std::vector<std::string> kCases{"brain1", "brain2", "breast1"};

/// Python's float modulo (the result takes the sign of the divisor).
double pythonModulo(double value, double divisor) {
    double remainder = std::fmod(value, divisor);
    if (remainder != 0.0 && ((divisor < 0.0) != (remainder < 0.0))) remainder += divisor;
    return remainder;
}

/// Loads a case with PyRadiomics' plain preprocessing, written out here rather than taken from the
/// engine. It crops to the bounding box of label 1, then discretises with a fixed bin width as
/// imageoperations.binImage does: edges numpy.arange(min - min % w, max + 2w, w) and bins by
/// numpy.digitize, so a value equal to an edge goes to the bin above it. A flat region gets the
/// edges [e - 0.5, e + 0.5].
RoiData loadPlainCase(const std::string& name) {
    const std::string folder = "pyradiomics/images/";
    const image::ImageVolume image = image::readImage(test::referencePath(folder + name + "_image.nrrd"));
    const image::ImageVolume label = image::readImage(test::referencePath(folder + name + "_label.nrrd"));

    std::array<std::size_t, 3> lower{image.geometry.size};
    std::array<std::size_t, 3> upper{0, 0, 0};
    for (std::size_t z = 0; z < image.geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < image.geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < image.geometry.size[0]; ++x) {
                if (label.at(x, y, z) != 1.0) continue;
                const std::array<std::size_t, 3> index{x, y, z};
                for (std::size_t a = 0; a < 3; ++a) {
                    lower[a] = std::min(lower[a], index[a]);
                    upper[a] = std::max(upper[a], index[a]);
                }
            }
        }
    }

    RoiData roi;
    roi.spacing = image.geometry.spacing;
    for (std::size_t a = 0; a < 3; ++a) roi.size[a] = upper[a] - lower[a] + 1;
    std::vector<double> roiValues;
    for (std::size_t z = lower[2]; z <= upper[2]; ++z) {
        for (std::size_t y = lower[1]; y <= upper[1]; ++y) {
            for (std::size_t x = lower[0]; x <= upper[0]; ++x) {
                const bool inside = label.at(x, y, z) == 1.0;
                roi.intensity.push_back(image.at(x, y, z));
                roi.roi.push_back(inside ? 1 : 0);
                roi.shapeRoi.push_back(inside ? 1 : 0);
                if (inside) roiValues.push_back(image.at(x, y, z));
            }
        }
    }

    const double binWidth = 25.0;
    const double minimum = *std::min_element(roiValues.begin(), roiValues.end());
    const double maximum = *std::max_element(roiValues.begin(), roiValues.end());
    const double low = minimum - pythonModulo(minimum, binWidth);
    const double high = maximum + 2.0 * binWidth;
    std::vector<double> edges;
    const auto edgeCount = static_cast<std::size_t>(std::ceil((high - low) / binWidth));
    for (std::size_t k = 0; k < edgeCount; ++k) edges.push_back(low + static_cast<double>(k) * binWidth);
    if (edges.size() == 1) edges = {edges[0] - 0.5, edges[0] + 0.5};

    roi.grayLevel.assign(roi.voxelCount(), 0);
    for (std::size_t i = 0; i < roi.voxelCount(); ++i) {
        if (roi.roi[i] == 0) continue;
        const int bin =
            static_cast<int>(std::upper_bound(edges.begin(), edges.end(), roi.intensity[i]) - edges.begin());
        roi.grayLevel[i] = bin;
        roi.grayLevelCount = std::max(roi.grayLevelCount, bin);
    }
    return roi;
}

const RoiData& plainCase(const std::string& name) {
    static std::map<std::string, RoiData> cache;
    auto found = cache.find(name);
    if (found == cache.end()) found = cache.emplace(name, loadPlainCase(name)).first;
    return found->second;
}

/// Reads the baseline_<class>.csv column of `testName` as feature name -> value, for the rows
/// "original_<class>_<Feature>".
std::map<std::string, double> baselineColumn(const std::string& className, const std::string& testName) {
    std::ifstream stream(test::referencePath("pyradiomics/baseline/baseline_" + className + ".csv"));
    // Splits one CSV line; fields may be quoted and contain commas.
    const auto split = [](const std::string& line) {
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (char c : line) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.emplace_back();
            } else {
                fields.back() += c;
            }
        }
        return fields;
    };
    std::string line;
    std::getline(stream, line);
    const std::vector<std::string> header = split(line);
    const auto column =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), testName) - header.begin());
    EXPECT_LT(column, header.size()) << "no column " << testName << " in baseline_" << className << ".csv";

    std::map<std::string, double> values;
    const std::string prefix = "original_" + className + "_";
    while (std::getline(stream, line)) {
        const std::vector<std::string> fields = split(line);
        if (fields[0].rfind(prefix, 0) == 0 && column < fields.size()) {
            values[fields[0].substr(prefix.size())] = std::stod(fields[column]);
        }
    }
    return values;
}

/// Checks every non-deprecated feature of `featureClass` on the cases against the baseline columns
/// "<case><columnSuffix>" and returns the largest relative difference seen.
double checkAgainstBaseline(const FeatureClass& featureClass, const std::string& columnSuffix = "",
                            const FeatureSettings& settings = {}) {
    double largest = 0.0;
    for (const std::string& caseName : kCases) {
        const std::map<std::string, double> expected =
            baselineColumn(featureClass.name(), caseName + columnSuffix);
        std::vector<std::string> names;
        for (const FeatureDefinition& definition : featureClass.definitions()) {
            if (!definition.deprecated) names.push_back(definition.name);
        }
        const std::vector<FeatureValue> values = featureClass.compute(plainCase(caseName), settings, names);
        EXPECT_EQ(values.size(), names.size());
        for (const FeatureValue& value : values) {
            const auto found = expected.find(value.name);
            if (found == expected.end()) {
                ADD_FAILURE() << caseName << ": no baseline for " << value.name;
                continue;
            }
            const double relative =
                std::abs(value.value - found->second) / std::max(std::abs(found->second), 1e-300);
            largest = std::max(largest, relative);
            // PyRadiomics baseline; tolerance 1e-6 relative.
            EXPECT_LE(relative, 1e-6) << caseName << columnSuffix << " " << featureClass.name() << " "
                                      << value.name << ": " << value.value << " vs " << found->second;
        }
    }
    std::cout << featureClass.name() << columnSuffix << ": largest relative difference from the baseline "
              << largest << "\n";
    return largest;
}

/// Compares a matrix with PyRadiomics' .npy matrix for the same case; returns the largest absolute
/// difference.
void expectMatrixMatches(const TextureMatrix& actual, const std::string& npyName) {
    const test::NpyArray expected = test::readNpy(test::referencePath("pyradiomics/baseline/" + npyName));
    ASSERT_EQ(actual.shape, expected.shape) << npyName;
    double largest = 0.0;
    for (std::size_t c = 0; c < expected.values.size(); ++c) {
        const double difference = std::abs(actual.values[c] - expected.values[c]);
        largest = std::max(largest, difference / std::max(1.0, std::abs(expected.values[c])));
    }
    // PyRadiomics' matrices from its test suite; 1e-12 relative (absolute below 1).
    EXPECT_LE(largest, 1e-12) << npyName;
}

TEST(TextureAngles, PyRadiomicsOrder3D) {
    // The 13 angles of PyRadiomics' C extension for distance 1, numpy order (z, y, x) converted to (x, y, z).
    const std::vector<std::array<int, 3>> expected{{1, 1, 1},  {0, 1, 1},  {-1, 1, 1}, {1, 0, 1},   {0, 0, 1},
                                                   {-1, 0, 1}, {1, -1, 1}, {0, -1, 1}, {-1, -1, 1}, {1, 1, 0},
                                                   {0, 1, 0},  {-1, 1, 0}, {1, 0, 0}};
    const std::vector<NeighbourOffset> angles = generateAngles({5, 5, 5}, {1}, false, false, 0);
    ASSERT_EQ(angles.size(), expected.size());
    for (std::size_t a = 0; a < angles.size(); ++a) {
        EXPECT_EQ((std::array<int, 3>{angles[a].x, angles[a].y, angles[a].z}), expected[a]) << "angle " << a;
    }
}

TEST(TextureAngles, CountsPerDistance) {
    // PyRadiomics' GLCM documentation: distance 2 adds 49 unique angles (98-connectivity).
    EXPECT_EQ(generateAngles({9, 9, 9}, {2}, false, false, 0).size(), 49u);
    EXPECT_EQ(generateAngles({9, 9, 9}, {1, 2}, true, false, 0).size(), 124u);  // 5^3 - 1 neighbours
    // force2D with dimension 0 (numpy z): the 4 in-plane angles, none moving along z.
    const std::vector<NeighbourOffset> planar = generateAngles({9, 9, 9}, {1}, false, true, 0);
    ASSERT_EQ(planar.size(), 4u);
    for (const NeighbourOffset& offset : planar) EXPECT_EQ(offset.z, 0);
    // An offset must stay below the grid size: a 1-voxel-thick grid leaves the in-plane angles.
    EXPECT_EQ(generateAngles({9, 9, 1}, {1}, true, false, 0).size(), 8u);
}

TEST(TextureAngles, InvalidDistancesRejected) {
    EXPECT_THROW(generateAngles({5, 5, 5}, {0}, false, false, 0), InputError);
    EXPECT_THROW(generateAngles({5, 5, 5}, {1, 1}, false, false, 0), InputError);
    EXPECT_THROW(generateAngles({1, 1, 1}, {1}, false, false, 0), InputError);
}

TEST(TextureMatrices, GlcmMatchesPyRadiomics) {
    for (const std::string& name : kCases)
        expectMatrixMatches(computeGlcmMatrix(plainCase(name), {}), name + "_glcm.npy");
}

TEST(TextureMatrices, GlrlmMatchesPyRadiomics) {
    for (const std::string& name : kCases)
        expectMatrixMatches(computeGlrlmMatrix(plainCase(name), {}), name + "_glrlm.npy");
}

TEST(TextureMatrices, GlszmMatchesPyRadiomics) {
    for (const std::string& name : kCases)
        expectMatrixMatches(computeGlszmMatrix(plainCase(name), {}), name + "_glszm.npy");
}

TEST(TextureMatrices, GldmMatchesPyRadiomics) {
    for (const std::string& name : kCases)
        expectMatrixMatches(computeGldmMatrix(plainCase(name), {}), name + "_gldm.npy");
}

TEST(TextureMatrices, NgtdmMatchesPyRadiomics) {
    for (const std::string& name : kCases)
        expectMatrixMatches(computeNgtdmMatrix(plainCase(name), {}), name + "_ngtdm.npy");
}

TEST(TextureFeatures, GlcmMatchesBaseline) { checkAgainstBaseline(*makeGlcmClass()); }
TEST(TextureFeatures, GlrlmMatchesBaseline) { checkAgainstBaseline(*makeGlrlmClass()); }
TEST(TextureFeatures, GlszmMatchesBaseline) { checkAgainstBaseline(*makeGlszmClass()); }
TEST(TextureFeatures, GldmMatchesBaseline) { checkAgainstBaseline(*makeGldmClass()); }
TEST(TextureFeatures, NgtdmMatchesBaseline) { checkAgainstBaseline(*makeNgtdmClass()); }

FeatureSettings force2DSettings() {
    FeatureSettings settings;
    settings.force2D = true;
    settings.force2Ddimension = 0;
    return settings;
}

FeatureSettings noWeightingSettings() {
    FeatureSettings settings;
    settings.weightingNorm = "no_weighting";
    return settings;
}

// The "2d" configuration: force2D along numpy axis 0 (axial slices), otherwise plain.
TEST(TextureFeatures, GlcmMatchesBaselineForce2D) {
    checkAgainstBaseline(*makeGlcmClass(), "_2d", force2DSettings());
}
TEST(TextureFeatures, GlrlmMatchesBaselineForce2D) {
    checkAgainstBaseline(*makeGlrlmClass(), "_2d", force2DSettings());
}
TEST(TextureFeatures, GlszmMatchesBaselineForce2D) {
    checkAgainstBaseline(*makeGlszmClass(), "_2d", force2DSettings());
}
TEST(TextureFeatures, GldmMatchesBaselineForce2D) {
    checkAgainstBaseline(*makeGldmClass(), "_2d", force2DSettings());
}
TEST(TextureFeatures, NgtdmMatchesBaselineForce2D) {
    checkAgainstBaseline(*makeNgtdmClass(), "_2d", force2DSettings());
}

// The "combined" configuration: weightingNorm no_weighting merges the GLCM and GLRLM angles.
TEST(TextureFeatures, GlcmMatchesBaselineNoWeighting) {
    checkAgainstBaseline(*makeGlcmClass(), "_combined", noWeightingSettings());
}
TEST(TextureFeatures, GlrlmMatchesBaselineNoWeighting) {
    checkAgainstBaseline(*makeGlrlmClass(), "_combined", noWeightingSettings());
}

TEST(TextureFeatures, DefinitionsFollowPyRadiomicsColumnOrder) {
    // Column order of PyRadiomics' output for the original image (oracle features.csv header).
    std::ifstream stream(test::referencePath("pyradiomics-oracle/lidc_idri_0001/features.csv"));
    std::string header;
    std::getline(stream, header);
    const std::vector<std::unique_ptr<FeatureClass>> classes = [] {
        std::vector<std::unique_ptr<FeatureClass>> all;
        all.push_back(makeGlcmClass());
        all.push_back(makeGlrlmClass());
        all.push_back(makeGlszmClass());
        all.push_back(makeGldmClass());
        all.push_back(makeNgtdmClass());
        return all;
    }();
    for (const auto& featureClass : classes) {
        const std::string prefix = "original_" + featureClass->name() + "_";
        std::vector<std::string> columns;
        std::stringstream fields(header);
        for (std::string field; std::getline(fields, field, ',');) {
            if (field.rfind(prefix, 0) == 0) columns.push_back(field.substr(prefix.size()));
        }
        std::vector<std::string> names;
        for (const FeatureDefinition& definition : featureClass->definitions()) {
            if (!definition.deprecated) names.push_back(definition.name);
        }
        EXPECT_EQ(names, columns) << featureClass->name();
    }
}

TEST(TextureFeatures, SameValuesWithOneOrTwoThreads) {
    const RoiData& roi = plainCase("brain1");
    const auto computeWith = [&](std::size_t threads, const FeatureClass& featureClass) {
        tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
        std::vector<std::string> names;
        for (const FeatureDefinition& definition : featureClass.definitions()) {
            if (!definition.deprecated) names.push_back(definition.name);
        }
        std::vector<double> values;
        for (const FeatureValue& value : featureClass.compute(roi, {}, names)) values.push_back(value.value);
        return values;
    };
    for (const auto& featureClass : {makeGlcmClass(), makeGlrlmClass()}) {
        EXPECT_EQ(computeWith(1, *featureClass), computeWith(2, *featureClass)) << featureClass->name();
    }
}

}  // namespace
}  // namespace pulmorad::radiomics

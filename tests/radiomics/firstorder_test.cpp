#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/features/feature_class.h"
#include "radiomics/features/firstorder.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

/// Builds a one-row ROI of `values` with gray levels `levels`. Voxels whose
/// `inRoi` is false belong to the grid but not to the ROI.
RoiData rowRoi(const std::vector<double>& values, const std::vector<int>& levels,
               const std::vector<bool>& inRoi, std::array<double, 3> spacing = {1.0, 1.0, 2.0}) {
    RoiData roi;
    roi.size = {values.size(), 1, 1};
    roi.spacing = spacing;
    roi.intensity = values;
    for (std::size_t k = 0; k < values.size(); ++k) {
        roi.roi.push_back(inRoi[k] ? 1 : 0);
        roi.grayLevel.push_back(inRoi[k] ? levels[k] : 0);
    }
    roi.shapeRoi = roi.roi;
    roi.grayLevelCount = *std::max_element(levels.begin(), levels.end());
    return roi;
}

std::vector<std::string> allFirstOrderFeatures() {
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : makeFirstOrderClass()->definitions())
        names.push_back(definition.name);
    return names;
}

std::map<std::string, double> computeFirstOrder(const RoiData& roi, double voxelArrayShift = 0.0) {
    FeatureSettings settings;
    settings.voxelArrayShift = voxelArrayShift;
    std::map<std::string, double> values;
    for (const FeatureValue& value : makeFirstOrderClass()->compute(roi, settings, allFirstOrderFeatures())) {
        values[value.name] = value.value;
    }
    return values;
}

void expectRelative(double expected, double actual, double tolerance, const std::string& what) {
    EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
        << what << ": expected " << expected << ", got " << actual;
}

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

TEST(FirstOrderTest, DefinitionsFollowPyRadiomicsOutputOrder) {
    // PyRadiomics 3.1 output order: the columns original_firstorder_* of the
    // oracle features.csv, plus the deprecated StandardDeviation at its
    // alphabetical place (after Skewness).
    std::ifstream in(test::referencePath("pyradiomics-oracle/lidc_idri_0001/features.csv"));
    std::string header;
    std::getline(in, header);
    std::vector<std::string> expected;
    const std::string prefix = "original_firstorder_";
    for (const std::string& column : splitCsvLine(header)) {
        if (column.rfind(prefix, 0) == 0) expected.push_back(column.substr(prefix.size()));
    }
    ASSERT_EQ(expected.size(), 18u);
    expected.insert(std::find(expected.begin(), expected.end(), "Skewness") + 1, "StandardDeviation");
    EXPECT_EQ(allFirstOrderFeatures(), expected);
    for (const FeatureDefinition& definition : makeFirstOrderClass()->definitions()) {
        EXPECT_EQ(definition.deprecated, definition.name == "StandardDeviation") << definition.name;
    }
}

TEST(FirstOrderTest, HandDerivedValues) {
    // ROI intensities 1, 2, 3, 4, 10 (the 99 is outside the ROI), gray levels
    // 1, 1, 1, 1, 2, spacing 1 x 1 x 2 mm. Hand derivation:
    // mean 4; deviations -3 -2 -1 0 6; mu2 = 50/5 = 10; mu3 = 180/5 = 36;
    // mu4 = 1394/5 = 278.8; MAD = 12/5; energy 1+4+9+16+100 = 130;
    // percentiles at positions q(n-1): P10 = 1 + 0.4 * 1 = 1.4, P25 = 2,
    // P75 = 4, P90 = 4 + 0.6 * 6 = 7.6; values in [1.4, 7.6] are 2, 3, 4:
    // robust MAD 2/3; p = (0.8, 0.2).
    const RoiData roi =
        rowRoi({1, 99, 2, 3, 4, 10}, {1, 1, 1, 1, 1, 2}, {true, false, true, true, true, true});
    const auto v = computeFirstOrder(roi);
    const double tight = 1e-14;

    expectRelative(4.0, v.at("Mean"), tight, "Mean");
    expectRelative(10.0, v.at("Variance"), tight, "Variance");
    expectRelative(std::sqrt(10.0), v.at("StandardDeviation"), tight, "StandardDeviation");
    expectRelative(36.0 / std::pow(10.0, 1.5), v.at("Skewness"), tight, "Skewness");
    expectRelative(2.788, v.at("Kurtosis"), tight, "Kurtosis");

    expectRelative(2.4, v.at("MeanAbsoluteDeviation"), tight, "MeanAbsoluteDeviation");
    expectRelative(2.0 / 3.0, v.at("RobustMeanAbsoluteDeviation"), tight, "RobustMeanAbsoluteDeviation");

    expectRelative(130.0, v.at("Energy"), tight, "Energy");
    expectRelative(260.0, v.at("TotalEnergy"), tight, "TotalEnergy");
    expectRelative(std::sqrt(26.0), v.at("RootMeanSquared"), tight, "RootMeanSquared");

    expectRelative(1.0, v.at("Minimum"), 0.0, "Minimum");
    expectRelative(10.0, v.at("Maximum"), 0.0, "Maximum");
    expectRelative(9.0, v.at("Range"), 0.0, "Range");
    expectRelative(3.0, v.at("Median"), 0.0, "Median");
    expectRelative(1.4, v.at("10Percentile"), tight, "10Percentile");
    expectRelative(7.6, v.at("90Percentile"), tight, "90Percentile");
    expectRelative(2.0, v.at("InterquartileRange"), tight, "InterquartileRange");

    expectRelative(-(0.8 * std::log2(0.8) + 0.2 * std::log2(0.2)), v.at("Entropy"), 1e-14, "Entropy");
    expectRelative(0.68, v.at("Uniformity"), tight, "Uniformity");
}

TEST(FirstOrderTest, VoxelArrayShiftChangesEnergiesOnly) {
    // Hand derivation with c = 10: sum (x + 10)^2 = 121 + 144 + 169 + 196 + 400 = 1030.
    const RoiData roi = rowRoi({1, 2, 3, 4, 10}, {1, 1, 1, 1, 2}, {true, true, true, true, true});
    const auto v = computeFirstOrder(roi, 10.0);
    expectRelative(1030.0, v.at("Energy"), 1e-15, "Energy");
    expectRelative(2060.0, v.at("TotalEnergy"), 1e-15, "TotalEnergy");
    expectRelative(std::sqrt(206.0), v.at("RootMeanSquared"), 1e-15, "RootMeanSquared");
    expectRelative(4.0, v.at("Mean"), 1e-15, "Mean");
    expectRelative(10.0, v.at("Variance"), 1e-15, "Variance");
}

TEST(FirstOrderTest, EvenCountMedianAndFlatRegion) {
    // Hand derivation: median of 5, 7, 7, 7 is (7 + 7) / 2 = 7; of 1, 2, 3, 4 it is 2.5.
    EXPECT_EQ(computeFirstOrder(rowRoi({1, 2, 3, 4}, {1, 1, 1, 1}, {true, true, true, true})).at("Median"),
              2.5);
    // PyRadiomics returns 0 for Skewness and Kurtosis of a flat region (mu2 = 0),
    // Entropy 0 for a single gray level (p = 1: -log2(1 + eps) rounds to 0) and Uniformity 1.
    const auto flat = computeFirstOrder(rowRoi({7, 7, 7}, {3, 3, 3}, {true, true, true}));
    EXPECT_EQ(flat.at("Skewness"), 0.0);
    EXPECT_EQ(flat.at("Kurtosis"), 0.0);
    EXPECT_EQ(flat.at("Variance"), 0.0);
    EXPECT_EQ(flat.at("Uniformity"), 1.0);
    EXPECT_LE(std::abs(flat.at("Entropy")), 1e-15);
    EXPECT_EQ(flat.at("Median"), 7.0);
}

TEST(FirstOrderTest, EmptyRoiAndUnknownFeatureAreInputErrors) {
    const RoiData empty = rowRoi({1, 2}, {1, 1}, {false, false});
    EXPECT_THROW(computeFirstOrder(empty), InputError);
    const RoiData roi = rowRoi({1, 2}, {1, 1}, {true, true});
    EXPECT_THROW(makeFirstOrderClass()->compute(roi, FeatureSettings{}, {"Median", "Medium"}), InputError);
    const auto one = makeFirstOrderClass()->compute(roi, FeatureSettings{}, {"Median"});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].name, "Median");
}

// ---------------------------------------------------------------------------
// PyRadiomics 3.1 baseline values of PyRadiomics' own test cases.

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

double settingValue(const std::string& settings, const std::string& key) {
    const std::regex pattern("'" + key + "': (-?[0-9.]+)");
    std::smatch match;
    if (!std::regex_search(settings, match, pattern)) throw std::runtime_error("no setting " + key);
    return std::stod(match[1]);
}

/// Python's float modulo (result has the sign of the divisor).
double pythonModulo(double a, double b) {
    double r = std::fmod(a, b);
    if (r != 0.0 && ((r < 0.0) != (b < 0.0))) r += b;
    return r;
}

/// Prepares a case with the plain configuration's preprocessing, as PyRadiomics does it:
/// label mask, crop to its bounding box padded by padDistance (clipped to the
/// image), and fixed-bin-width discretisation as imageoperations.binImage:
/// edges numpy.arange(min - min % w, max + 2w, w), levels numpy.digitize
/// (edge[i-1] <= x < edge[i]).
RoiData plainRoi(const std::string& caseName, int label, double binWidth, std::size_t padDistance) {
    const auto image =
        image::readImage(test::referencePath("pyradiomics/images/" + caseName + "_image.nrrd"));
    const auto mask = image::readImage(test::referencePath("pyradiomics/images/" + caseName + "_label.nrrd"));
    const auto& size = mask.geometry.size;
    std::array<std::size_t, 3> low = size;
    std::array<std::size_t, 3> high{0, 0, 0};
    for (std::size_t z = 0; z < size[2]; ++z)
        for (std::size_t y = 0; y < size[1]; ++y)
            for (std::size_t x = 0; x < size[0]; ++x) {
                if (mask.at(x, y, z) != label) continue;
                low = {std::min(low[0], x), std::min(low[1], y), std::min(low[2], z)};
                high = {std::max(high[0], x), std::max(high[1], y), std::max(high[2], z)};
            }
    for (std::size_t axis = 0; axis < 3; ++axis) {
        low[axis] = low[axis] >= padDistance ? low[axis] - padDistance : 0;
        high[axis] = std::min(high[axis] + padDistance, size[axis] - 1);
    }

    RoiData roi;
    roi.size = {high[0] - low[0] + 1, high[1] - low[1] + 1, high[2] - low[2] + 1};
    roi.spacing = image.geometry.spacing;
    double minimum = INFINITY, maximum = -INFINITY;
    for (std::size_t z = low[2]; z <= high[2]; ++z)
        for (std::size_t y = low[1]; y <= high[1]; ++y)
            for (std::size_t x = low[0]; x <= high[0]; ++x) {
                const bool inside = mask.at(x, y, z) == label;
                roi.intensity.push_back(image.at(x, y, z));
                roi.roi.push_back(inside ? 1 : 0);
                if (inside) {
                    minimum = std::min(minimum, image.at(x, y, z));
                    maximum = std::max(maximum, image.at(x, y, z));
                }
            }
    roi.shapeRoi = roi.roi;

    std::vector<double> edges;
    const double lowBound = minimum - pythonModulo(minimum, binWidth);
    for (std::size_t k = 0; lowBound + static_cast<double>(k) * binWidth < maximum + 2 * binWidth; ++k) {
        edges.push_back(lowBound + static_cast<double>(k) * binWidth);
    }
    for (std::size_t k = 0; k < roi.voxelCount(); ++k) {
        const int level =
            roi.roi[k] ? static_cast<int>(std::upper_bound(edges.begin(), edges.end(), roi.intensity[k]) -
                                          edges.begin())
                       : 0;
        roi.grayLevel.push_back(level);
        roi.grayLevelCount = std::max(roi.grayLevelCount, level);
    }
    return roi;
}

class FirstOrderBaselineTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FirstOrderBaselineTest, PlainConfigurationMatchesPyRadiomics) {
    const std::string caseName = GetParam();
    const auto baseline = baselineColumn("baseline_firstorder.csv", caseName);
    const std::string& settings = baseline.at("diagnostics_Configuration_Settings");
    ASSERT_EQ(settings.find("'resampledPixelSpacing': None") != std::string::npos, true);
    const RoiData roi = plainRoi(caseName, static_cast<int>(settingValue(settings, "label")),
                                 settingValue(settings, "binWidth"),
                                 static_cast<std::size_t>(settingValue(settings, "padDistance")));
    const auto values = computeFirstOrder(roi, settingValue(settings, "voxelArrayShift"));

    int compared = 0;
    for (const auto& [row, text] : baseline) {
        const std::string prefix = "original_firstorder_";
        if (row.rfind(prefix, 0) != 0 || text.empty()) continue;
        const std::string feature = row.substr(prefix.size());
        // PyRadiomics 3.1 baseline, 17 significant digits; numpy's summation
        // order is reproduced, so only the last bits may differ.
        expectRelative(std::stod(text), values.at(feature), 1e-12, caseName + " " + feature);
        ++compared;
    }
    EXPECT_EQ(compared, 18);
}

INSTANTIATE_TEST_SUITE_P(PyRadiomicsCases, FirstOrderBaselineTest,
                         ::testing::Values("brain1", "brain2", "breast1"));

}  // namespace
}  // namespace pulmorad::radiomics

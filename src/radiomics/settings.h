#pragma once

#include <yaml-cpp/yaml.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "radiomics/features/feature_class.h"

namespace pulmorad::radiomics {

/// Which mask values make up the ROI.
struct LabelChoice {
    bool all = false;                  ///< every nonzero mask value (pulmorad's `label: all`)
    std::vector<long long> labels{1};  ///< the labels merged into the ROI when not `all`

    /// Text for messages and diagnostics: "1", "[1, 2]" or "all".
    std::string text() const;
};

/// Settings that shape the ROI before features are computed, read from a
/// validated settings map (see effectiveSettings). A YAML null falls back to
/// the declared default, except `interpolator: null`, which turns resampling off
/// as in PyRadiomics.
struct PreprocessingSettings {
    LabelChoice label;
    int minimumRoiDimensions = 2;
    std::optional<long long> minimumRoiSize;
    std::optional<double> geometryTolerance;
    bool correctMask = false;
    bool additionalInfo = true;

    bool normalize = false;
    double normalizeScale = 1.0;
    std::optional<double> removeOutliers;

    std::optional<std::array<double, 3>> resampledPixelSpacing;  ///< set only when resampling is on
    std::string interpolator = "sitkBSpline";
    int padDistance = 5;
    bool preCrop = false;

    std::vector<double> resegmentRange;  ///< empty: no resegmentation
    std::string resegmentMode = "absolute";
    bool resegmentShape = false;
};

/// Gray-level discretisation: fixed bin count when binCount is set, else fixed bin width.
struct DiscretisationSettings {
    double binWidth = 25.0;
    std::optional<int> binCount;
};

PreprocessingSettings preprocessingSettings(const YAML::Node& settings);
DiscretisationSettings discretisationSettings(const YAML::Node& settings);
FeatureSettings featureSettings(const YAML::Node& settings);

}  // namespace pulmorad::radiomics

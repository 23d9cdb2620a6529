#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace pulmorad::radiomics {

/// An enabled image type and its own settings (which override `setting:`).
struct ImageTypeEntry {
    std::string name;     ///< PyRadiomics name, e.g. "Original", "LoG"
    YAML::Node settings;  ///< map of overriding settings; empty map when none
};

/// An enabled feature class and the features requested from it.
struct FeatureClassEntry {
    std::string name;                   ///< e.g. "glcm"
    std::vector<std::string> features;  ///< empty: every feature that is not deprecated
};

/// A validated PyRadiomics parameter file (sections `setting`, `imageType`,
/// `featureClass`, `voxelSetting`), in file order.
struct ExtractionParameters {
    std::string source = "default settings";                ///< file name, for messages
    YAML::Node settings = YAML::Node(YAML::NodeType::Map);  ///< the `setting:` section as written
    std::vector<ImageTypeEntry> imageTypes;
    std::vector<FeatureClassEntry> featureClasses;
};

/// PyRadiomics' defaults without a parameter file: Original image type, every
/// feature class except shape2D, every non-deprecated feature.
ExtractionParameters defaultParameters();

/// Reads and validates a parameter file. Throws InputError naming the file and
/// the offending key or value: unreadable file, malformed YAML, an unknown
/// section, setting, image type, feature class or feature name (with the
/// closest valid name), or a value of the wrong type or out of range.
/// `voxelSetting` is accepted and ignored with a WARNING.
ExtractionParameters loadParameterFile(const std::filesystem::path& path);

/// Parses parameter-file text; `source` names it in messages.
ExtractionParameters parseParameters(const std::string& text, const std::string& source);

/// Applies a command-line override "key:value" to the `setting:` section; the
/// value is parsed as YAML, so "label:all", "binWidth:10" and
/// "resampledPixelSpacing:[1,1,1]" work. Throws InputError for an unknown key
/// or an invalid value.
void applySettingOverride(ExtractionParameters& parameters, const std::string& keyValue);

/// Sets one setting from an already parsed value (used for the Label column of
/// a cohort manifest), validating it. `origin` names the source in messages.
void setSetting(ExtractionParameters& parameters, const std::string& key, const YAML::Node& value,
                const std::string& origin);

/// Returns the settings in effect for `imageType` (or the global ones when
/// null): declared defaults, then `setting:`, then the image type's own
/// settings. Always a map holding every declared `setting` key.
YAML::Node effectiveSettings(const ExtractionParameters& parameters,
                             const ImageTypeEntry* imageType = nullptr);

/// Formats a YAML node in flow style ({a: 1, b: [1, 2]}) for diagnostics and messages.
std::string flowText(const YAML::Node& node);

}  // namespace pulmorad::radiomics

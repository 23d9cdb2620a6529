#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/name_suggestion.h"

namespace pulmorad::radiomics {

/// Value type of a setting, as PyRadiomics' parameter schema (paramSchema.yaml) declares it.
enum class SettingType {
    Integer,       ///< YAML integer (2.0 is rejected, as pykwalify does)
    Float,         ///< YAML integer or decimal number
    Boolean,       ///< true / false
    Text,          ///< a string, optionally from `choices`
    IntegerList,   ///< a sequence of integers
    FloatList,     ///< a sequence of numbers
    Interpolator,  ///< a SimpleITK interpolator name (sitkBSpline, ...) or its enum number
    Label,         ///< a positive integer, a list of them, or `all` (pulmorad's extension)
    Weighting,     ///< GLCM/GLRLM weighting norm name
};

/// Section of a parameter file a setting belongs to.
enum class SettingSection { Setting, VoxelSetting };

/// One accepted setting: its name, type, range, default and meaning. The
/// table of these is the single place that validation, defaults and
/// diagnostics are derived from.
struct SettingDeclaration {
    std::string_view name;
    SettingType type;
    SettingSection section;
    std::optional<double> minimum;  ///< bound on the value (each list element for lists)
    bool minimumExclusive = false;
    std::optional<double> maximum;
    std::vector<std::string_view> choices;  ///< allowed strings for Text / Weighting
    std::string_view defaultValue;          ///< default as YAML text; "~" means none (feature off)
    std::string_view description;
    /// A pulmorad setting PyRadiomics lacks. Left unset, it stays out of the
    /// effective settings, so diagnostics and configuration hashes of
    /// PyRadiomics-only parameter files do not change.
    bool extension = false;
};

/// Every setting PyRadiomics 3.1 accepts under `setting:` and `voxelSetting:`,
/// plus pulmorad's logKernel and logPadding.
const std::vector<SettingDeclaration>& settingDeclarations();

/// Returns the declaration named `name` in `section`, or nullptr.
const SettingDeclaration* findSettingDeclaration(std::string_view name,
                                                 SettingSection section = SettingSection::Setting);

/// Checks `value` against `declaration` and throws InputError naming
/// `where` (file and section), the key, the value and the accepted values.
/// A YAML null is always accepted: it means "not set".
void validateSettingValue(const SettingDeclaration& declaration, const YAML::Node& value,
                          const std::string& where);

using pulmorad::closestName;
using pulmorad::didYouMean;

/// SimpleITK interpolator names in their enum order (sitkNearestNeighbor = 1).
const std::vector<std::string>& interpolatorNames();

}  // namespace pulmorad::radiomics

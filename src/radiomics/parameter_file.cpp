#include "radiomics/parameter_file.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "radiomics/features/registry.h"
#include "radiomics/image_type.h"
#include "radiomics/settings_schema.h"

namespace pulmorad::radiomics {

namespace {

const std::vector<std::string> kSections{"setting", "imageType", "featureClass", "voxelSetting"};

std::vector<std::string> declaredNames(SettingSection section) {
    std::vector<std::string> names;
    for (const SettingDeclaration& declaration : settingDeclarations()) {
        if (declaration.section == section) {
            names.emplace_back(declaration.name);
        }
    }
    return names;
}

bool isEmptyMap(const YAML::Node& node) {
    return !node.IsDefined() || node.IsNull() || (node.IsMap() && node.size() == 0);
}

/// Rejects a resampledPixelSpacing list without one spacing per axis, naming
/// `where` (the file and section, or the --setting option), because pulmorad
/// works on 3D images only.
void checkResampledPixelSpacing(const std::string& key, const YAML::Node& value, const std::string& where) {
    if (key == "resampledPixelSpacing" && value.IsSequence() && value.size() != 3) {
        throw InputError(where + ": resampledPixelSpacing has " + std::to_string(value.size()) +
                         " values; give three spacings in mm (x, y, z), e.g. [1, 1, 1]");
    }
}

/// Validates a settings map (the `setting:` section or an image type's own settings).
void validateSettingsMap(const YAML::Node& map, SettingSection section, const std::string& where) {
    if (isEmptyMap(map)) {
        return;
    }
    if (!map.IsMap()) {
        throw InputError(where + " must be a map of 'name: value' settings, but it is '" + flowText(map) +
                         "'");
    }
    for (const auto& entry : map) {
        std::string key = entry.first.as<std::string>();
        const SettingDeclaration* declaration = findSettingDeclaration(key, section);
        if (declaration == nullptr) {
            throw InputError(where + ": unknown setting '" + key + "'" +
                             didYouMean(key, declaredNames(section)) +
                             "; PyRadiomics 3.1 accepts only the settings of its parameter schema");
        }
        validateSettingValue(*declaration, entry.second, where);
        checkResampledPixelSpacing(key, entry.second, where);
    }
}

std::vector<ImageTypeEntry> parseImageTypes(const YAML::Node& section, const std::string& source) {
    std::vector<ImageTypeEntry> entries;
    if (isEmptyMap(section)) {
        return entries;
    }
    if (!section.IsMap()) {
        throw InputError(source + ": imageType must map image type names to settings, e.g. 'Original: {}'");
    }
    for (const auto& entry : section) {
        std::string name = entry.first.as<std::string>();
        if (findImageType(name) == nullptr) {
            throw InputError(source + ": unknown image type '" + name + "'" +
                             didYouMean(name, imageTypeNames()) + "; known image types are " + [] {
                                 std::string text;
                                 for (const std::string& known : imageTypeNames()) {
                                     text += (text.empty() ? "" : ", ") + known;
                                 }
                                 return text;
                             }());
        }
        validateSettingsMap(entry.second, SettingSection::Setting, source + ": imageType " + name);
        YAML::Node settings =
            isEmptyMap(entry.second) ? YAML::Node(YAML::NodeType::Map) : YAML::Clone(entry.second);
        entries.push_back({name, settings});
    }
    return entries;
}

std::vector<FeatureClassEntry> parseFeatureClasses(const YAML::Node& section, const std::string& source) {
    std::vector<FeatureClassEntry> entries;
    if (isEmptyMap(section)) {
        return entries;
    }
    if (!section.IsMap()) {
        throw InputError(source + ": featureClass must map class names to feature lists, e.g. 'glcm: []'");
    }
    for (const auto& entry : section) {
        std::string name = entry.first.as<std::string>();
        const FeatureClass* featureClass = findFeatureClass(name);
        if (featureClass == nullptr) {
            throw InputError(source + ": unknown feature class '" + name + "'" +
                             didYouMean(name, featureClassNames()) +
                             "; classes are firstorder, shape, shape2D, glcm, glrlm, glszm, gldm, ngtdm");
        }
        FeatureClassEntry classEntry{name, {}};
        const YAML::Node& features = entry.second;
        if (features.IsDefined() && !features.IsNull()) {
            if (features.IsScalar()) {
                classEntry.features.push_back(features.Scalar());
            } else if (features.IsSequence()) {
                for (const YAML::Node& feature : features) {
                    classEntry.features.push_back(feature.as<std::string>());
                }
            } else {
                throw InputError(source + ": featureClass " + name +
                                 " must be empty or a list of feature names, but it is " +
                                 flowText(features));
            }
        }
        std::vector<std::string> known;
        for (const FeatureDefinition& definition : featureClass->definitions()) {
            known.push_back(definition.name);
        }
        for (const std::string& feature : classEntry.features) {
            if (std::find(known.begin(), known.end(), feature) == known.end()) {
                throw InputError(source + ": feature class " + name + " has no feature '" + feature + "'" +
                                 didYouMean(feature, known) +
                                 "; check the spelling (names are case-sensitive)");
            }
        }
        entries.push_back(classEntry);
    }
    return entries;
}

/// Runs each image type's own checks on the settings in effect for it, and
/// prefixes an error with `where`, the file or option that contains the value.
void validateImageTypes(const ExtractionParameters& parameters, const std::string& where) {
    for (const ImageTypeEntry& entry : parameters.imageTypes) {
        try {
            findImageType(entry.name)->validate(effectiveSettings(parameters, &entry));
        } catch (const InputError& error) {
            throw InputError(where + ": " + error.what());
        }
    }
}

YAML::Node parseSettingValue(const std::string& text, const std::string& origin) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& error) {
        throw InputError(origin + ": value '" + text + "' is not valid YAML (" + error.msg +
                         "); write lists as [1, 1, 1]");
    }
}

}  // namespace

std::string flowText(const YAML::Node& node) {
    YAML::Emitter emitter;
    emitter.SetMapFormat(YAML::Flow);
    emitter.SetSeqFormat(YAML::Flow);
    emitter << node;
    return emitter.c_str();
}

ExtractionParameters defaultParameters() {
    ExtractionParameters parameters;
    parameters.imageTypes.push_back({"Original", YAML::Node(YAML::NodeType::Map)});
    for (const std::string& name : featureClassNames()) {
        if (name != "shape2D") {  // PyRadiomics enables shape2D only when a parameter file lists classes
            parameters.featureClasses.push_back({name, {}});
        }
    }
    return parameters;
}

ExtractionParameters parseParameters(const std::string& text, const std::string& source) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& error) {
        throw InputError(source + ": malformed YAML at line " + std::to_string(error.mark.line + 1) +
                         ", column " + std::to_string(error.mark.column + 1) + " (" + error.msg +
                         "); fix the syntax, e.g. indent settings under 'setting:' with spaces");
    } catch (const YAML::Exception& error) {
        throw InputError(source + ": cannot be parsed as YAML (" + error.msg + "); fix the syntax");
    }

    ExtractionParameters parameters;
    parameters.source = source;
    if (!root.IsDefined() || root.IsNull()) {
        parameters.imageTypes.push_back({"Original", YAML::Node(YAML::NodeType::Map)});
    } else {
        if (!root.IsMap()) {
            throw InputError(source +
                             ": a parameter file must be a YAML map with the sections setting, imageType, "
                             "featureClass and voxelSetting, but it is '" +
                             flowText(root) + "'");
        }
        for (const auto& entry : root) {
            std::string key = entry.first.as<std::string>();
            if (std::find(kSections.begin(), kSections.end(), key) == kSections.end()) {
                throw InputError(source + ": unknown section '" + key + "'" + didYouMean(key, kSections) +
                                 "; a parameter file has the sections setting, imageType, featureClass and "
                                 "voxelSetting");
            }
        }

        validateSettingsMap(root["setting"], SettingSection::Setting, source + ": setting");
        if (!isEmptyMap(root["setting"])) {
            parameters.settings = YAML::Clone(root["setting"]);
        }

        validateSettingsMap(root["voxelSetting"], SettingSection::VoxelSetting, source + ": voxelSetting");
        if (!isEmptyMap(root["voxelSetting"])) {
            spdlog::warn("{}: voxelSetting is ignored, because pulmorad computes segment-based features only",
                         source);
        }

        parameters.imageTypes = parseImageTypes(root["imageType"], source);
        if (parameters.imageTypes.empty()) {
            parameters.imageTypes.push_back({"Original", YAML::Node(YAML::NodeType::Map)});
        }
        parameters.featureClasses = parseFeatureClasses(root["featureClass"], source);
    }

    // With a parameter file but no featureClass section, PyRadiomics enables
    // every class, shape2D included.
    if (parameters.featureClasses.empty()) {
        for (const std::string& name : featureClassNames()) {
            parameters.featureClasses.push_back({name, {}});
        }
    }

    validateImageTypes(parameters, source);
    return parameters;
}

ExtractionParameters loadParameterFile(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream || std::filesystem::is_directory(path)) {
        throw InputError("parameter file " + path.string() +
                         " cannot be read; check the path and that the file is readable");
    }
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    spdlog::info("Reading parameter file {}", path.string());
    return parseParameters(buffer.str(), path.string());
}

void setSetting(ExtractionParameters& parameters, const std::string& key, const YAML::Node& value,
                const std::string& origin) {
    const SettingDeclaration* declaration = findSettingDeclaration(key);
    if (declaration == nullptr) {
        throw InputError(origin + ": unknown setting '" + key + "'" +
                         didYouMean(key, declaredNames(SettingSection::Setting)) +
                         "; use a setting of PyRadiomics' parameter schema");
    }
    validateSettingValue(*declaration, value, origin);
    checkResampledPixelSpacing(key, value, origin);
    parameters.settings[key] = value;
    validateImageTypes(parameters, origin);
}

void applySettingOverride(ExtractionParameters& parameters, const std::string& keyValue) {
    std::size_t colon = keyValue.find(':');
    if (colon == std::string::npos || colon == 0) {
        throw InputError("--setting '" + keyValue +
                         "' is not of the form key:value; write e.g. --setting binWidth:10");
    }
    std::string key = keyValue.substr(0, colon);
    std::string origin = "--setting " + keyValue;
    YAML::Node value = parseSettingValue(keyValue.substr(colon + 1), origin);
    setSetting(parameters, key, value, origin);
    spdlog::debug("Setting override {} = {}", key, flowText(value));
}

YAML::Node effectiveSettings(const ExtractionParameters& parameters, const ImageTypeEntry* imageType) {
    YAML::Node merged(YAML::NodeType::Map);
    for (const SettingDeclaration& declaration : settingDeclarations()) {
        if (declaration.section == SettingSection::Setting && !declaration.extension) {
            merged[std::string(declaration.name)] = YAML::Load(std::string(declaration.defaultValue));
        }
    }
    for (const auto& entry : parameters.settings) {
        merged[entry.first.as<std::string>()] = YAML::Clone(entry.second);
    }
    if (imageType != nullptr && imageType->settings.IsMap()) {
        for (const auto& entry : imageType->settings) {
            merged[entry.first.as<std::string>()] = YAML::Clone(entry.second);
        }
    }
    return merged;
}

}  // namespace pulmorad::radiomics

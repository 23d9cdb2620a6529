#include "radiomics/settings.h"

#include "common/errors.h"
#include "common/number_format.h"
#include "radiomics/settings_schema.h"

namespace pulmorad::radiomics {

namespace {

bool isSet(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

/// Returns the value of `key`, or its declared default when the key is null or absent.
YAML::Node valueOrDefault(const YAML::Node& settings, const std::string& key) {
    YAML::Node value = settings[key];
    if (isSet(value)) {
        return value;
    }
    const SettingDeclaration* declaration = findSettingDeclaration(key);
    return declaration == nullptr ? YAML::Node() : YAML::Load(std::string(declaration->defaultValue));
}

template <typename T>
T read(const YAML::Node& settings, const std::string& key) {
    return valueOrDefault(settings, key).as<T>();
}

template <typename T>
std::optional<T> readOptional(const YAML::Node& settings, const std::string& key) {
    YAML::Node value = valueOrDefault(settings, key);
    if (!isSet(value)) {
        return std::nullopt;
    }
    return value.as<T>();
}

std::vector<double> readNumbers(const YAML::Node& settings, const std::string& key) {
    std::vector<double> numbers;
    YAML::Node value = valueOrDefault(settings, key);
    if (isSet(value)) {
        for (const YAML::Node& element : value) {
            numbers.push_back(element.as<double>());
        }
    }
    return numbers;
}

LabelChoice readLabel(const YAML::Node& settings) {
    LabelChoice choice;
    YAML::Node value = valueOrDefault(settings, "label");
    if (value.IsScalar() && value.Scalar() == "all") {
        choice.all = true;
        choice.labels.clear();
    } else if (value.IsSequence()) {
        choice.labels.clear();
        for (const YAML::Node& element : value) {
            choice.labels.push_back(element.as<long long>());
        }
    } else {
        choice.labels = {value.as<long long>()};
    }
    return choice;
}

}  // namespace

std::string LabelChoice::text() const {
    if (all) {
        return "all";
    }
    if (labels.size() == 1) {
        return std::to_string(labels[0]);
    }
    std::string text = "[";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(labels[i]);
    }
    return text + "]";
}

PreprocessingSettings preprocessingSettings(const YAML::Node& settings) {
    PreprocessingSettings result;
    result.label = readLabel(settings);
    result.minimumRoiDimensions = read<int>(settings, "minimumROIDimensions");
    result.minimumRoiSize = readOptional<long long>(settings, "minimumROISize");
    result.geometryTolerance = readOptional<double>(settings, "geometryTolerance");
    result.correctMask = read<bool>(settings, "correctMask");
    result.additionalInfo = read<bool>(settings, "additionalInfo");

    result.normalize = read<bool>(settings, "normalize");
    result.normalizeScale = read<double>(settings, "normalizeScale");
    result.removeOutliers = readOptional<double>(settings, "removeOutliers");

    // PyRadiomics resamples only when both interpolator and
    // resampledPixelSpacing are set; an explicit null interpolator turns it off.
    YAML::Node interpolator = settings["interpolator"];
    bool interpolatorOff = interpolator.IsDefined() && interpolator.IsNull();
    if (!interpolatorOff) {
        // The schema accepts a name or SimpleITK's enum number (1-10).
        YAML::Node name = valueOrDefault(settings, "interpolator");
        double number = 0.0;
        if (parseDouble(name.Scalar(), number)) {
            result.interpolator = interpolatorNames().at(static_cast<std::size_t>(number) - 1);
        } else {
            result.interpolator = name.Scalar();
        }
    }
    std::vector<double> spacing = readNumbers(settings, "resampledPixelSpacing");
    if (!spacing.empty() && !interpolatorOff) {
        if (spacing.size() != 3) {
            throw InputError("setting resampledPixelSpacing has " + std::to_string(spacing.size()) +
                             " values; give three spacings in mm (x, y, z), e.g. [1, 1, 1]");
        }
        result.resampledPixelSpacing = std::array<double, 3>{spacing[0], spacing[1], spacing[2]};
    }
    result.padDistance = read<int>(settings, "padDistance");
    result.preCrop = read<bool>(settings, "preCrop");

    result.resegmentRange = readNumbers(settings, "resegmentRange");
    if (result.resegmentRange.size() > 2 ||
        (settings["resegmentRange"].IsSequence() && result.resegmentRange.empty())) {
        throw InputError("setting resegmentRange has " + std::to_string(result.resegmentRange.size()) +
                         " values; give one threshold [lower] or two [lower, upper]");
    }
    result.resegmentMode = read<std::string>(settings, "resegmentMode");
    result.resegmentShape = read<bool>(settings, "resegmentShape");
    return result;
}

DiscretisationSettings discretisationSettings(const YAML::Node& settings) {
    DiscretisationSettings result;
    result.binWidth = read<double>(settings, "binWidth");
    result.binCount = readOptional<int>(settings, "binCount");
    return result;
}

FeatureSettings featureSettings(const YAML::Node& settings) {
    FeatureSettings result;
    result.distances.clear();
    for (double distance : readNumbers(settings, "distances")) {
        result.distances.push_back(static_cast<int>(distance));
    }
    result.symmetricalGLCM = read<bool>(settings, "symmetricalGLCM");
    std::optional<std::string> weighting = readOptional<std::string>(settings, "weightingNorm");
    result.weightingNorm = weighting.value_or("");
    result.gldmA = read<double>(settings, "gldm_a");
    result.force2D = read<bool>(settings, "force2D");
    result.force2Ddimension = read<int>(settings, "force2Ddimension");
    result.voxelArrayShift = read<double>(settings, "voxelArrayShift");
    result.binWidth = read<double>(settings, "binWidth");
    return result;
}

}  // namespace pulmorad::radiomics

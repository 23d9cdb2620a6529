#include "radiomics/settings_schema.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::radiomics {

namespace {

using Type = SettingType;
using Section = SettingSection;

SettingDeclaration declare(std::string_view name, Type type, std::string_view defaultValue,
                           std::string_view description) {
    SettingDeclaration declaration{name,         type, Section::Setting, std::nullopt, false,
                                   std::nullopt, {},   defaultValue,     description};
    return declaration;
}

SettingDeclaration extension(SettingDeclaration declaration) {
    declaration.extension = true;
    return declaration;
}

SettingDeclaration atLeast(SettingDeclaration declaration, double minimum, bool exclusive = false) {
    declaration.minimum = minimum;
    declaration.minimumExclusive = exclusive;
    return declaration;
}

SettingDeclaration atMost(SettingDeclaration declaration, double maximum) {
    declaration.maximum = maximum;
    return declaration;
}

SettingDeclaration oneOf(SettingDeclaration declaration, std::vector<std::string_view> choices) {
    declaration.choices = std::move(choices);
    return declaration;
}

SettingDeclaration voxel(SettingDeclaration declaration) {
    declaration.section = Section::VoxelSetting;
    return declaration;
}

std::vector<SettingDeclaration> buildDeclarations() {
    // Order, names, types and ranges follow PyRadiomics 3.1's paramSchema.yaml;
    // defaults are those its extractor, feature classes and filters apply.
    // pulmorad extends `label` and adds logKernel and logPadding, whose defaults
    // keep PyRadiomics' behaviour.
    return {
        atMost(
            atLeast(declare("minimumROIDimensions", Type::Integer, "2",
                            "minimum number of dimensions (1-3) in which the ROI spans more than one voxel"),
                    1),
            3),
        atLeast(declare("minimumROISize", Type::Integer, "~",
                        "minimum ROI size in voxels; the check is skipped when unset"),
                0, true),
        atLeast(declare("geometryTolerance", Type::Float, "~",
                        "tolerance on image/mask origin, spacing and direction differences (unset: 1e-6, "
                        "relative to the spacing for origin and spacing)"),
                0, true),
        declare("correctMask", Type::Boolean, "false",
                "resample the mask onto the image grid (nearest neighbour) when their geometries differ"),
        declare("additionalInfo", Type::Boolean, "true", "write the diagnostics_* provenance columns"),
        declare("label", Type::Label, "1",
                "mask value of the ROI; a list such as [1, 2] or `all` merges labels (pulmorad extension)"),
        atLeast(
            declare("label_channel", Type::Integer, "0", "channel of a vector-valued mask holding the ROI"),
            0),
        atLeast(declare("binWidth", Type::Float, "25",
                        "width of a gray-level bin (fixed bin width discretisation)"),
                0, true),
        atLeast(declare("binCount", Type::Integer, "~",
                        "number of gray-level bins (fixed bin count); overrides binWidth when set"),
                0, true),
        declare("normalize", Type::Boolean, "false",
                "normalise the whole image to mean 0 and standard deviation 1 before resampling"),
        atLeast(declare("normalizeScale", Type::Float, "1", "factor applied to normalised intensities"), 0,
                true),
        atLeast(declare("removeOutliers", Type::Float, "~",
                        "clip normalised intensities to +/- this many standard deviations"),
                0, true),
        atLeast(declare("resampledPixelSpacing", Type::FloatList, "~",
                        "voxel spacing in mm (x, y, z) to resample to; 0 keeps an axis' spacing"),
                0),
        declare(
            "interpolator", Type::Interpolator, "sitkBSpline",
            "SimpleITK interpolator for the image when resampling (the mask always uses nearest neighbour)"),
        atLeast(
            declare("padDistance", Type::Integer, "5", "voxels of padding kept around the ROI when cropping"),
            0),
        atLeast(
            declare("distances", Type::IntegerList, "[1]", "neighbour distances (infinity norm) for texture"),
            0, true),
        declare("force2D", Type::Boolean, "false", "compute texture per slice (2D) instead of in 3D"),
        atMost(atLeast(declare("force2Ddimension", Type::Integer, "0",
                               "axis treated as out-of-plane with force2D: 0 = z (axial), 1 = y, 2 = x"),
                       0),
               2),
        declare("resegmentRange", Type::FloatList, "~",
                "one or two thresholds; ROI voxels outside the closed range are removed"),
        oneOf(declare("resegmentMode", Type::Text, "absolute",
                      "how resegmentRange is read: absolute, relative (to the ROI maximum) or sigma"),
              {"absolute", "relative", "sigma"}),
        declare("resegmentShape", Type::Boolean, "false",
                "compute shape features on the resegmented ROI too"),
        declare("preCrop", Type::Boolean, "false", "crop image and mask to the padded ROI before filtering"),
        atLeast(declare("sigma", Type::FloatList, "[]", "LoG filter sigma values in mm"), 0, true),
        extension(oneOf(declare("logKernel", Type::Text, "recursive",
                      "LoG kernel: recursive (ITK's recursive Gaussian, as PyRadiomics) or sampled (IBSI-2's "
                      "sampled kernel cut off at 4 sigma); pulmorad extension"),
              {"recursive", "sampled"})),
        extension(oneOf(declare("logPadding", Type::Text, "nearest",
                      "LoG border extension: nearest (edge voxel repeated), or with logKernel sampled also "
                      "zero, mirror or periodic; pulmorad extension"),
              {"nearest", "zero", "mirror", "periodic"})),
        atLeast(
            declare("start_level", Type::Integer, "0", "first wavelet level whose decompositions are used"),
            0),
        atLeast(declare("level", Type::Integer, "1", "number of wavelet levels"), 0, true),
        declare("wavelet", Type::Text, "coif1", "PyWavelets name of the wavelet"),
        declare("gradientUseSpacing", Type::Boolean, "true", "gradient filter: use the voxel spacing"),
        atLeast(declare("lbp2DRadius", Type::Float, "1", "2D local binary pattern radius in voxels"), 0,
                true),
        atLeast(declare("lbp2DSamples", Type::Integer, "9", "2D local binary pattern samples"), 1),
        oneOf(declare("lbp2DMethod", Type::Text, "uniform", "2D local binary pattern method"),
              {"default", "ror", "uniform", "var"}),
        atLeast(declare("lbp3DLevels", Type::Integer, "2", "3D local binary pattern levels"), 1),
        atLeast(declare("lbp3DIcosphereRadius", Type::Float, "1", "3D local binary pattern sampling radius"),
                0, true),
        atLeast(declare("lbp3DIcosphereSubdivision", Type::Integer, "1",
                        "3D local binary pattern icosphere subdivision"),
                0),
        declare("voxelArrayShift", Type::Integer, "0",
                "added to intensities for Energy, TotalEnergy and RootMeanSquared"),
        declare("symmetricalGLCM", Type::Boolean, "true", "count GLCM co-occurrences in both directions"),
        oneOf(declare("weightingNorm", Type::Weighting, "~",
                      "weight GLCM/GLRLM angles by distance (manhattan, euclidean, infinity, no_weighting)"),
              {"manhattan", "euclidean", "infinity", "no_weighting"}),
        atLeast(
            declare("gldm_a", Type::Integer, "0", "GLDM: largest gray-level difference counted as dependent"),
            0),
        voxel(atLeast(declare("kernelRadius", Type::Integer, "1", "voxel-based extraction: kernel radius"), 0,
                      true)),
        voxel(declare("maskedKernel", Type::Boolean, "true", "voxel-based extraction: mask the kernel")),
        voxel(declare("initValue", Type::Float, "0", "voxel-based extraction: value outside the ROI")),
        voxel(atLeast(declare("voxelBatch", Type::Integer, "~", "voxel-based extraction: voxels per batch"),
                      0, true)),
    };
}

std::string describeNode(const YAML::Node& value) {
    YAML::Emitter emitter;
    emitter.SetMapFormat(YAML::Flow);
    emitter.SetSeqFormat(YAML::Flow);
    emitter << value;
    return emitter.c_str();
}

bool isInteger(const YAML::Node& value, long long& out) {
    if (!value.IsScalar() || value.Tag() == "!") {  // a quoted scalar is a string
        return false;
    }
    const std::string& text = value.Scalar();
    if (text.empty()) {
        return false;
    }
    std::size_t start = (text[0] == '-' || text[0] == '+') ? 1 : 0;
    if (start == text.size() ||
        !std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        return false;
    }
    try {
        out = std::stoll(text);
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

bool isNumber(const YAML::Node& value, double& out) {
    if (!value.IsScalar() || value.Tag() == "!") {  // a quoted scalar is a string
        return false;
    }
    const std::string& text = value.Scalar();
    if (text == ".inf" || text == "+.inf") {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == "-.inf") {
        out = -std::numeric_limits<double>::infinity();
        return true;
    }
    return parseDouble(text, out);
}

bool isBoolean(const YAML::Node& value) {
    if (!value.IsScalar()) {
        return false;
    }
    static const std::vector<std::string> words{"true", "false", "True", "False", "TRUE", "FALSE",
                                                "yes",  "no",    "Yes",  "No",    "on",   "off"};
    return std::find(words.begin(), words.end(), value.Scalar()) != words.end();
}

std::string rangeText(const SettingDeclaration& declaration) {
    std::string text;
    if (declaration.minimum) {
        text += (declaration.minimumExclusive ? "> " : ">= ") + formatDouble(*declaration.minimum);
    }
    if (declaration.maximum) {
        text += (text.empty() ? "" : " and ") + std::string("<= ") + formatDouble(*declaration.maximum);
    }
    return text;
}

void checkRange(const SettingDeclaration& declaration, double number, const YAML::Node& value,
                const std::string& where) {
    bool below = declaration.minimum && (declaration.minimumExclusive ? number <= *declaration.minimum
                                                                      : number < *declaration.minimum);
    bool above = declaration.maximum && number > *declaration.maximum;
    if (below || above) {
        throw InputError(where + ": setting '" + std::string(declaration.name) + "' is " +
                         describeNode(value) + ", out of range; use a value " + rangeText(declaration));
    }
}

[[noreturn]] void rejectType(const SettingDeclaration& declaration, const YAML::Node& value,
                             const std::string& where, const std::string& expected) {
    throw InputError(where + ": setting '" + std::string(declaration.name) + "' is " + describeNode(value) +
                     ", but it must be " + expected);
}

void validateScalarNumber(const SettingDeclaration& declaration, const YAML::Node& value,
                          const std::string& where, bool integer) {
    std::string range = rangeText(declaration);
    std::string expected = integer ? "an integer" : "a number";
    if (!range.empty()) {
        expected.append(" ").append(range);
    }
    long long integerValue = 0;
    double number = 0.0;
    if (integer) {
        if (!isInteger(value, integerValue)) {
            rejectType(declaration, value, where, expected);
        }
        number = static_cast<double>(integerValue);
    } else if (!isNumber(value, number)) {
        rejectType(declaration, value, where, expected);
    }
    checkRange(declaration, number, value, where);
}

void validateList(const SettingDeclaration& declaration, const YAML::Node& value, const std::string& where,
                  bool integer) {
    if (!value.IsSequence()) {
        rejectType(declaration, value, where,
                   std::string("a list of ") + (integer ? "integers" : "numbers") + ", e.g. [1, 1, 1]");
    }
    for (const YAML::Node& element : value) {
        validateScalarNumber(declaration, element, where, integer);
    }
}

std::string joinChoices(const std::vector<std::string_view>& choices) {
    std::string text;
    for (std::string_view choice : choices) {
        text += (text.empty() ? "" : ", ") + std::string(choice);
    }
    return text;
}


}  // namespace

const std::vector<SettingDeclaration>& settingDeclarations() {
    static const std::vector<SettingDeclaration> declarations = buildDeclarations();
    return declarations;
}

const SettingDeclaration* findSettingDeclaration(std::string_view name, SettingSection section) {
    for (const SettingDeclaration& declaration : settingDeclarations()) {
        if (declaration.name == name && declaration.section == section) {
            return &declaration;
        }
    }
    return nullptr;
}

const std::vector<std::string>& interpolatorNames() {
    static const std::vector<std::string> names{"sitkNearestNeighbor",
                                                "sitkLinear",
                                                "sitkBSpline",
                                                "sitkGaussian",
                                                "sitkLabelGaussian",
                                                "sitkHammingWindowedSinc",
                                                "sitkCosineWindowedSinc",
                                                "sitkWelchWindowedSinc",
                                                "sitkLanczosWindowedSinc",
                                                "sitkBlackmanWindowedSinc"};
    return names;
}

void validateSettingValue(const SettingDeclaration& declaration, const YAML::Node& value,
                          const std::string& where) {
    if (!value.IsDefined() || value.IsNull()) {
        return;
    }
    switch (declaration.type) {
        case Type::Integer:
            validateScalarNumber(declaration, value, where, true);
            return;
        case Type::Float:
            validateScalarNumber(declaration, value, where, false);
            return;
        case Type::Boolean:
            if (!isBoolean(value)) {
                rejectType(declaration, value, where, "true or false");
            }
            return;
        case Type::Text:
            if (!value.IsScalar()) {
                rejectType(declaration, value, where, "a text value");
            }
            if (!declaration.choices.empty() &&
                std::find(declaration.choices.begin(), declaration.choices.end(), value.Scalar()) ==
                    declaration.choices.end()) {
                rejectType(declaration, value, where, "one of " + joinChoices(declaration.choices));
            }
            return;
        case Type::IntegerList:
            validateList(declaration, value, where, true);
            return;
        case Type::FloatList:
            validateList(declaration, value, where, false);
            return;
        case Type::Interpolator: {
            long long number = 0;
            if (isInteger(value, number)) {
                if (number < 1 || number > static_cast<long long>(interpolatorNames().size())) {
                    rejectType(declaration, value, where,
                               "a SimpleITK interpolator name or a number from 1 to 10");
                }
                return;
            }
            const auto& names = interpolatorNames();
            if (!value.IsScalar() || std::find(names.begin(), names.end(), value.Scalar()) == names.end()) {
                std::string text = value.IsScalar() ? value.Scalar() : describeNode(value);
                throw InputError(where + ": setting 'interpolator' is '" + text +
                                 "', not a SimpleITK interpolator" + didYouMean(text, names) +
                                 "; use sitkNearestNeighbor, sitkLinear, sitkBSpline or another sitk name");
            }
            return;
        }
        case Type::Label: {
            long long number = 0;
            if (value.IsScalar() && value.Scalar() == "all") {
                return;
            }
            if (isInteger(value, number)) {
                checkRange(declaration, static_cast<double>(number), value, where);
                if (number < 1) {
                    rejectType(declaration, value, where, "a label > 0, a list such as [1, 2], or all");
                }
                return;
            }
            if (value.IsSequence() && value.size() > 0) {
                for (const YAML::Node& element : value) {
                    if (!isInteger(element, number) || number < 1) {
                        rejectType(declaration, value, where, "a list of labels > 0, such as [1, 2]");
                    }
                }
                return;
            }
            rejectType(declaration, value, where, "a label > 0, a list such as [1, 2], or all");
        }
        case Type::Weighting:
            if (!value.IsScalar() || std::find(declaration.choices.begin(), declaration.choices.end(),
                                               value.Scalar()) == declaration.choices.end()) {
                rejectType(declaration, value, where, "one of " + joinChoices(declaration.choices));
            }
            return;
    }
}


}  // namespace pulmorad::radiomics

#include "radiomics/extractor.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "common/errors.h"
#include "image/resample.h"
#include "pulmorad/version.h"
#include "radiomics/discretisation.h"
#include "radiomics/features/registry.h"
#include "radiomics/image_type.h"
#include "radiomics/mask.h"
#include "radiomics/preprocessing.h"
#include "radiomics/settings.h"

namespace pulmorad::radiomics {

namespace {

/// The preprocessed image and ROIs that every image type starts from.
struct PreparedCase {
    image::ImageVolume image;  ///< after normalisation, resampling or pre-crop
    RoiMask textureMask;       ///< ROI for intensity and texture classes (resegmented when enabled)
    RoiMask shapeMask;         ///< ROI for shape classes
    BoundingBox box;           ///< bounding box of textureMask: the grid of every RoiData
};

/// One derived image reduced to the ROI grid, with its settings.
struct PreparedImage {
    std::string prefix;
    RoiData roi;
    FeatureSettings featureSettings;
};

/// One feature class to run on one prepared image.
struct ClassTask {
    std::size_t imageIndex;
    const FeatureClass* featureClass;
    const FeatureClassEntry* entry;
    std::vector<FeatureValue> values;
};

double elapsedSeconds(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// True when the mask grid differs from the image grid by more than the tolerance ITK applies.
bool gridsDiffer(const image::Geometry& image, const image::Geometry& mask, double tolerance) {
    if (image.size != mask.size) {
        return true;
    }
    double coordinateTolerance = tolerance * image.spacing[0];
    for (std::size_t axis = 0; axis < 3; ++axis) {
        if (std::abs(image.origin[axis] - mask.origin[axis]) > coordinateTolerance ||
            std::abs(image.spacing[axis] - mask.spacing[axis]) > coordinateTolerance) {
            return true;
        }
    }
    for (std::size_t i = 0; i < 9; ++i) {
        if (std::abs(image.direction[i] - mask.direction[i]) > tolerance) {
            return true;
        }
    }
    return false;
}

/// Runs an image-module step and prefixes its InputError with the file names,
/// so the one-line message names the files the user passed.
template <typename Step>
auto namingFiles(const std::string& imageName, const std::string& maskName, Step step) {
    try {
        return step();
    } catch (const InputError& error) {
        throw InputError("image " + imageName + ", mask " + maskName + ": " + error.what());
    }
}

/// Builds the RoiData of one derived image: the box-cropped intensities, both
/// ROIs, and the discretised gray levels of the texture ROI.
RoiData makeRoiData(const image::ImageVolume& derived, const PreparedCase& prepared,
                    const RoiMask& textureCrop, const RoiMask& shapeCrop,
                    const DiscretisationSettings& discretisation) {
    image::ImageVolume cropped = cropToBox(derived, prepared.box);
    RoiData roi;
    roi.size = cropped.geometry.size;
    roi.spacing = cropped.geometry.spacing;
    roi.intensity = std::move(cropped.data);
    roi.roi = textureCrop.data;
    roi.shapeRoi = shapeCrop.data;

    std::vector<double> values;
    for (std::size_t i = 0; i < roi.roi.size(); ++i) {
        if (roi.roi[i] != 0) {
            values.push_back(roi.intensity[i]);
        }
    }
    std::vector<double> edges = binEdges(values, discretisation);
    roi.grayLevel.assign(roi.roi.size(), 0);
    for (std::size_t i = 0; i < roi.roi.size(); ++i) {
        if (roi.roi[i] != 0) {
            roi.grayLevel[i] = digitize(roi.intensity[i], edges);
            roi.grayLevelCount = std::max(roi.grayLevelCount, roi.grayLevel[i]);
        }
    }
    return roi;
}

/// Names of the features to compute: the requested list, or every feature
/// that is not deprecated when the list is empty.
std::vector<std::string> requestedFeatures(const FeatureClass& featureClass, const FeatureClassEntry& entry) {
    if (!entry.features.empty()) {
        return entry.features;
    }
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : featureClass.definitions()) {
        if (!definition.deprecated) {
            names.push_back(definition.name);
        }
    }
    return names;
}

/// Runs one class and returns its values in PyRadiomics' order: the order of
/// an explicit feature list, else the class's definition order.
std::vector<FeatureValue> runClass(const FeatureClass& featureClass, const FeatureClassEntry& entry,
                                   const RoiData& roi, const FeatureSettings& settings) {
    std::vector<std::string> requested = requestedFeatures(featureClass, entry);
    std::vector<FeatureValue> values = featureClass.compute(roi, settings, requested);
    if (entry.features.empty()) {
        return values;
    }
    std::vector<FeatureValue> ordered;
    for (const std::string& name : entry.features) {
        auto found =
            std::find_if(values.begin(), values.end(), [&](const FeatureValue& v) { return v.name == name; });
        if (found != values.end() && std::none_of(ordered.begin(), ordered.end(),
                                                  [&](const FeatureValue& v) { return v.name == name; })) {
            ordered.push_back(*found);
        }
    }
    return ordered;
}

std::string enabledImageTypesText(const ExtractionParameters& parameters) {
    YAML::Node types(YAML::NodeType::Map);
    for (const ImageTypeEntry& entry : parameters.imageTypes) {
        types[entry.name] = entry.settings;
    }
    return flowText(types);
}

/// shape2D needs a ROI that is one slice thick along force2Ddimension.
/// NOTE: PyRadiomics 3.1 checks the bounding-box size on the wrong axis, and
/// its shape2D class then fails on thicker masks. pulmorad follows the intent
/// instead: it skips shape2D with a WARNING and goes on.
bool shape2DApplies(const FeatureSettings& settings, const BoundingBox& box) {
    if (!settings.force2D) {
        spdlog::warn("shape2D is enabled but force2D is false; shape2D features need force2D: true");
        return false;
    }
    // force2Ddimension is a numpy axis (0 = z), our axes run x, y, z.
    std::size_t axis = 2 - static_cast<std::size_t>(settings.force2Ddimension);
    if (box.extent(axis) > 1) {
        spdlog::warn(
            "shape2D skipped: the ROI spans {} slices along force2Ddimension {}; shape2D needs a "
            "single-slice ROI",
            box.extent(axis), settings.force2Ddimension);
        return false;
    }
    return true;
}

}  // namespace

Extractor::Extractor(ExtractionParameters parameters) : parameters_(std::move(parameters)) {
    YAML::Node settings = effectiveSettings(parameters_);
    if (discretisationSettings(settings).binCount) {
        spdlog::warn(
            "binCount (fixed bin count) is set; a fixed bin width (binWidth) is recommended for "
            "comparable texture features across images, as PyRadiomics advises");
    }
}

FeatureRow Extractor::extract(const CaseInput& input) const {
    auto start = std::chrono::steady_clock::now();
    image::ImageInfo imageInfo;
    image::ImageVolume image = image::readImage(input.image, {input.seriesUid}, &imageInfo);
    image::LabelVolume mask = image::readImage(input.mask);
    spdlog::debug("Read image {} and mask {} in {:.2f} s", input.image.string(), input.mask.string(),
                  elapsedSeconds(start));
    FeatureRow row = extract(std::move(image), imageInfo, mask, input.image.string(), input.mask.string());
    if (!row.diagnostics.empty()) {
        row.diagnostics.insert(row.diagnostics.begin() + 1,
                               {"diagnostics_Image-original_File", input.image.string()});
        row.diagnostics.insert(row.diagnostics.begin() + 2,
                               {"diagnostics_Mask-original_File", input.mask.string()});
    }
    return row;
}

FeatureRow Extractor::extract(image::ImageVolume image, const image::ImageInfo& imageInfo,
                              const image::LabelVolume& mask, const std::string& imageName,
                              const std::string& maskName) const {
    auto start = std::chrono::steady_clock::now();
    const YAML::Node globalSettings = effectiveSettings(parameters_);
    const PreprocessingSettings settings = preprocessingSettings(globalSettings);
    FeatureRow row;
    Diagnostics& diagnostics = row.diagnostics;
    diagnostics.emplace_back("diagnostics_Versions_pulmorad", kVersion);
    diagnostics.emplace_back("diagnostics_Configuration_Settings", flowText(globalSettings));
    diagnostics.emplace_back("diagnostics_Configuration_EnabledImageTypes",
                             enabledImageTypesText(parameters_));
    diagnostics.emplace_back(
        "diagnostics_Image-original_Format",
        imageInfo.format + (imageInfo.seriesUid.empty() ? "" : " " + imageInfo.seriesUid));

    // Label selection (PyRadiomics' getMask).
    spdlog::info("Extracting features of {} with mask {} (label {})", imageName, maskName,
                 settings.label.text());
    RoiMask roi = selectLabel(mask, settings.label, maskName);
    addImageDiagnostics(diagnostics, image, "original");
    addMaskDiagnostics(diagnostics, roi, nullptr, "original", &mask);

    // Normalisation, then resampling or pre-crop (PyRadiomics' loadImage).
    image::PixelType pixelType = imageInfo.pixelType;
    if (settings.normalize) {
        normalizeImage(image, settings);
        pixelType = image::PixelType::Float64;  // SimpleITK's Normalize returns a real image
    }
    const double tolerance = settings.geometryTolerance.value_or(1e-6);
    if (settings.resampledPixelSpacing) {
        image::ResampleSettings resample;
        resample.spacing = *settings.resampledPixelSpacing;
        resample.interpolator = image::parseInterpolator(settings.interpolator);
        resample.padDistance = settings.padDistance;
        resample.imagePixelType = pixelType;
        // A mask on the image's grid within tolerance takes the image's exact
        // geometry first: NIfTI masks carry float32 origins, and a 5e-8 mm
        // shift of the new grid changes the truncated HU of some voxels.
        if (!gridsDiffer(image.geometry, roi.geometry, tolerance)) {
            roi.geometry = image.geometry;
        }
        image::ResampledPair resampled = namingFiles(
            imageName, maskName, [&] { return image::resampleImageAndMask(image, roi, resample); });
        image = std::move(resampled.image);
        roi = std::move(resampled.mask);
        addImageDiagnostics(diagnostics, image, "interpolated");
        addMaskDiagnostics(diagnostics, roi, &image, "interpolated");
        spdlog::debug("Resampled to spacing ({}, {}, {}) mm in {:.2f} s", resampled.spacing[0],
                      resampled.spacing[1], resampled.spacing[2], elapsedSeconds(start));
    } else if (settings.preCrop) {
        roi = namingFiles(imageName, maskName, [&] {
            return image::checkMaskGeometry(image, roi, {tolerance, settings.correctMask});
        });
        checkRoi(roi, settings, maskName);
        image::CroppedPair cropped = image::cropToMask(image, roi, settings.padDistance);
        image = std::move(cropped.image);
        roi = std::move(cropped.mask);
    }

    // Geometry and ROI checks (PyRadiomics' checkMask).
    bool corrected = settings.correctMask && gridsDiffer(image.geometry, roi.geometry, tolerance);
    roi = namingFiles(imageName, maskName, [&] {
        return image::checkMaskGeometry(image, roi, {tolerance, settings.correctMask});
    });
    if (corrected) {
        addMaskDiagnostics(diagnostics, roi, &image, "corrected");
    }
    PreparedCase prepared;
    prepared.box = checkRoi(roi, settings, maskName);

    // Resegmentation; shape features keep the unresegmented ROI unless resegmentShape is set.
    if (!settings.resegmentRange.empty()) {
        RoiMask resegmented = resegmentMask(image, roi, settings, maskName);
        prepared.box = checkRoi(resegmented, settings, maskName);
        addMaskDiagnostics(diagnostics, resegmented, &image, "resegmented");
        prepared.shapeMask = settings.resegmentShape ? resegmented : roi;
        prepared.textureMask = std::move(resegmented);
    } else {
        prepared.shapeMask = roi;
        prepared.textureMask = std::move(roi);
    }
    prepared.image = std::move(image);
    std::size_t roiVoxels = countRoiVoxels(prepared.textureMask);
    diagnostics.emplace_back("diagnostics_Mask-final_VoxelNum", std::to_string(roiVoxels));
    spdlog::debug("Preprocessing done in {:.2f} s; ROI of {} voxels in a {} x {} x {} box",
                  elapsedSeconds(start), roiVoxels, prepared.box.extent(0), prepared.box.extent(1),
                  prepared.box.extent(2));

    const RoiMask textureCrop = cropToBox(prepared.textureMask, prepared.box);
    const RoiMask shapeCrop = cropToBox(prepared.shapeMask, prepared.box);

    // Derived images of every image type, in parallel, kept in parameter-file order.
    const std::vector<ImageTypeEntry>& imageTypes = parameters_.imageTypes;
    std::vector<std::vector<PreparedImage>> perType(imageTypes.size());
    tbb::parallel_for(std::size_t{0}, imageTypes.size(), [&](std::size_t typeIndex) {
        const ImageTypeEntry& entry = imageTypes[typeIndex];
        YAML::Node typeSettings = effectiveSettings(parameters_, &entry);
        const ImageType* type = findImageType(entry.name);
        std::vector<DerivedImage> derived =
            type->generate(prepared.image, prepared.textureMask, typeSettings);
        DiscretisationSettings discretisation = discretisationSettings(typeSettings);
        FeatureSettings features = featureSettings(typeSettings);
        std::vector<PreparedImage>& images = perType[typeIndex];
        images.resize(derived.size());
        tbb::parallel_for(std::size_t{0}, derived.size(), [&](std::size_t i) {
            images[i] = {derived[i].prefix,
                         makeRoiData(derived[i].image, prepared, textureCrop, shapeCrop, discretisation),
                         features};
        });
    });
    std::vector<PreparedImage> images;
    for (auto& typeImages : perType) {
        for (auto& preparedImage : typeImages) {
            images.push_back(std::move(preparedImage));
        }
    }
    spdlog::debug("{} derived image(s) ready after {:.2f} s", images.size(), elapsedSeconds(start));

    // Shape classes run once, on the original image; the others on every derived image.
    std::vector<ClassTask> tasks;
    std::size_t originalIndex = images.size();
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (images[i].prefix == "original") {
            originalIndex = i;
            break;
        }
    }
    for (const char* shapeName : {"shape", "shape2D"}) {
        for (const FeatureClassEntry& entry : parameters_.featureClasses) {
            if (entry.name != shapeName) {
                continue;
            }
            if (originalIndex == images.size()) {
                throw InputError(parameters_.source + ": feature class " + entry.name +
                                 " needs the Original image type; add 'Original: {}' under imageType");
            }
            if (entry.name == "shape2D" &&
                !shape2DApplies(images[originalIndex].featureSettings, prepared.box)) {
                continue;
            }
            tasks.push_back({originalIndex, findFeatureClass(entry.name), &entry, {}});
        }
    }
    for (std::size_t i = 0; i < images.size(); ++i) {
        for (const FeatureClassEntry& entry : parameters_.featureClasses) {
            if (entry.name.rfind("shape", 0) != 0) {
                tasks.push_back({i, findFeatureClass(entry.name), &entry, {}});
            }
        }
    }

    tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t t) {
        ClassTask& task = tasks[t];
        const PreparedImage& preparedImage = images[task.imageIndex];
        spdlog::debug("Computing {} on {}", task.featureClass->name(), preparedImage.prefix);
        task.values =
            runClass(*task.featureClass, *task.entry, preparedImage.roi, preparedImage.featureSettings);
    });

    for (const ClassTask& task : tasks) {
        const std::string prefix = images[task.imageIndex].prefix + "_" + task.featureClass->name() + "_";
        for (const FeatureValue& value : task.values) {
            row.features.emplace_back(prefix + value.name, value.value);
        }
    }
    spdlog::info("Extracted {} features from {} image(s) in {:.2f} s", row.features.size(), images.size(),
                 elapsedSeconds(start));
    if (!settings.additionalInfo) {
        row.diagnostics.clear();  // PyRadiomics writes no diagnostics_* entries without additionalInfo
    }
    return row;
}

}  // namespace pulmorad::radiomics

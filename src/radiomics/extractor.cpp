#include "radiomics/extractor.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <optional>

#include "common/errors.h"
#include "image/resample.h"
#include "pulmorad/version.h"
#include "radiomics/discretisation.h"
#include "radiomics/features/registry.h"
#include "radiomics/features/texture_common.h"
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

/// One feature class to run on one image.
struct ClassTask {
    const FeatureClass* featureClass;
    const FeatureClassEntry* entry;
    std::vector<FeatureValue> values;
};

/// Values of several classes, each with its class name, in output order.
using ClassValues = std::vector<std::pair<std::string, std::vector<FeatureValue>>>;

/// The feature values of one derived image.
struct ImageResults {
    std::string prefix;
    ClassValues shape;  ///< shape classes (original image only)
    ClassValues other;  ///< every other class
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

/// Builds the RoiData of one derived image from its box-cropped intensities:
/// both ROIs and the discretised gray levels of the texture ROI.
RoiData makeRoiData(image::ImageVolume cropped, const RoiMask& textureCrop, const RoiMask& shapeCrop,
                    const DiscretisationSettings& discretisation) {
    RoiData roi;
    roi.size = cropped.geometry.size;
    roi.spacing = cropped.geometry.spacing;
    roi.intensity = std::move(cropped.data);
    roi.roi = textureCrop.data;
    roi.shapeRoi = shapeCrop.data;

    // The bin edges depend only on the minimum and maximum of the ROI intensities.
    double minimum = std::numeric_limits<double>::infinity();
    double maximum = -std::numeric_limits<double>::infinity();
    bool empty = true;
    for (std::size_t i = 0; i < roi.roi.size(); ++i) {
        if (roi.roi[i] != 0) {
            minimum = std::min(minimum, roi.intensity[i]);
            maximum = std::max(maximum, roi.intensity[i]);
            empty = false;
        }
    }
    roi.grayLevel.assign(roi.roi.size(), 0);
    if (empty) return roi;  // checkRoi rejects empty ROIs before this point
    const std::vector<double> edges = binEdges({minimum, maximum}, discretisation);
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
    // The full-resolution mask (float64) is freed once the ROI has been taken from it.
    FeatureRow row = extractVolumes(std::move(image), imageInfo, mask, input.image.string(),
                                    input.mask.string(), [&mask] { mask = {}; });
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
    return extractVolumes(std::move(image), imageInfo, mask, imageName, maskName, [] {});
}

FeatureRow Extractor::extractVolumes(image::ImageVolume image, const image::ImageInfo& imageInfo,
                                     const image::LabelVolume& mask, const std::string& imageName,
                                     const std::string& maskName,
                                     const std::function<void()>& releaseMask) const {
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

    // Normalisation, then resampling or pre-crop (PyRadiomics' loadImage).
    image::PixelType pixelType = imageInfo.pixelType;
    const double tolerance = settings.geometryTolerance.value_or(1e-6);
    image::ResampleSettings resample;
    if (settings.resampledPixelSpacing) {
        resample.spacing = *settings.resampledPixelSpacing;
        resample.interpolator = image::parseInterpolator(settings.interpolator);
        resample.padDistance = settings.padDistance;
    }
    const auto resampleCase = [&] {
        resample.imagePixelType = pixelType;
        // A mask on the image's grid within tolerance takes the image's exact
        // geometry first. NIfTI masks carry float32 origins, and a 5e-8 mm
        // shift of the new grid changes the truncated HU of some voxels.
        if (!gridsDiffer(image.geometry, roi.geometry, tolerance)) {
            roi.geometry = image.geometry;
        }
        return namingFiles(imageName, maskName,
                           [&] { return image::resampleImageAndMask(image, roi, resample); });
    };

    // The original-stage diagnostics hash every voxel of the image and of the mask. The two
    // hashes run side by side, and the mask is freed as soon as its hash is done. The image
    // hash goes on beside the resampling, which only reads the image.
    std::optional<image::ResampledPair> resampled;
    {
        Diagnostics imageOriginal;
        tbb::task_group imageDiagnostics;
        imageDiagnostics.run([&] { addImageDiagnostics(imageOriginal, image, "original"); });
        Diagnostics maskOriginal;
        try {
            addMaskDiagnostics(maskOriginal, roi, nullptr, "original", &mask);
            releaseMask();  // `mask` must not be used below
            if (settings.resampledPixelSpacing && !settings.normalize) resampled = resampleCase();
        } catch (...) {
            imageDiagnostics.wait();
            throw;
        }
        imageDiagnostics.wait();
        diagnostics.insert(diagnostics.end(), imageOriginal.begin(), imageOriginal.end());
        diagnostics.insert(diagnostics.end(), maskOriginal.begin(), maskOriginal.end());
    }

    if (settings.normalize) {
        normalizeImage(image, settings);
        pixelType = image::PixelType::Float64;  // SimpleITK's Normalize returns a real image
    }
    if (settings.resampledPixelSpacing) {
        if (!resampled) resampled = resampleCase();
        image = std::move(resampled->image);
        roi = std::move(resampled->mask);
        addImageDiagnostics(diagnostics, image, "interpolated");
        addMaskDiagnostics(diagnostics, roi, &image, "interpolated");
        spdlog::debug("Resampled to spacing ({}, {}, {}) mm in {:.2f} s", resampled->spacing[0],
                      resampled->spacing[1], resampled->spacing[2], elapsedSeconds(start));
        resampled.reset();
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

    // Shape classes run once, on the original image; the others on every derived image.
    std::vector<const FeatureClassEntry*> shapeEntries;
    std::vector<const FeatureClassEntry*> imageEntries;
    for (const char* shapeName : {"shape", "shape2D"}) {
        for (const FeatureClassEntry& entry : parameters_.featureClasses) {
            if (entry.name == shapeName) shapeEntries.push_back(&entry);
        }
    }
    for (const FeatureClassEntry& entry : parameters_.featureClasses) {
        if (entry.name.rfind("shape", 0) != 0) imageEntries.push_back(&entry);
    }
    if (!shapeEntries.empty() &&
        std::none_of(parameters_.imageTypes.begin(), parameters_.imageTypes.end(),
                     [](const ImageTypeEntry& entry) { return entry.name == "Original"; })) {
        throw InputError(parameters_.source + ": feature class " + shapeEntries.front()->name +
                         " needs the Original image type; add 'Original: {}' under imageType");
    }

    // Derived images stream: each image type passes on its images one at a time
    // (ImageType::generateEach). Each image is cropped to the ROI box and reduced to
    // its RoiData at once. Its feature classes then run in parallel while the
    // next image is generated. At most two RoiData exist at a time, beside the
    // full-size outputs an image type holds while it works (five for the wavelet).
    // Results are stored by image index, so the output order and values do not
    // depend on the number of threads.
    const auto processImage = [&](const std::string& prefix, const RoiData& roiData,
                                  const FeatureSettings& features, ImageResults& imageResults) {
        auto imageStart = std::chrono::steady_clock::now();
        std::vector<ClassTask> tasks;
        if (prefix == "original") {
            for (const FeatureClassEntry* entry : shapeEntries) {
                if (entry->name == "shape2D" && !shape2DApplies(features, prepared.box)) continue;
                tasks.push_back({findFeatureClass(entry->name), entry, {}});
            }
        }
        const std::size_t shapeTaskCount = tasks.size();
        for (const FeatureClassEntry* entry : imageEntries) {
            tasks.push_back({findFeatureClass(entry->name), entry, {}});
        }
        tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t t) {
            ClassTask& task = tasks[t];
            auto classStart = std::chrono::steady_clock::now();
            task.values = runClass(*task.featureClass, *task.entry, roiData, features);
            spdlog::debug("Computed {} on {} in {:.2f} s", task.featureClass->name(), prefix,
                          elapsedSeconds(classStart));
        });
        imageResults.prefix = prefix;
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            auto& target = t < shapeTaskCount ? imageResults.shape : imageResults.other;
            target.emplace_back(tasks[t].featureClass->name(), std::move(tasks[t].values));
        }
        spdlog::debug("Image {} done in {:.2f} s", prefix, elapsedSeconds(imageStart));
    };

    std::deque<ImageResults> results;  // in image order (push_back keeps earlier references valid)
    tbb::task_group processing;        // the feature classes of the latest image
    try {
        for (const ImageTypeEntry& entry : parameters_.imageTypes) {
            auto typeStart = std::chrono::steady_clock::now();
            YAML::Node typeSettings = effectiveSettings(parameters_, &entry);
            const ImageType* type = findImageType(entry.name);
            const DiscretisationSettings discretisation = discretisationSettings(typeSettings);
            const auto features = std::make_shared<const FeatureSettings>(featureSettings(typeSettings));
            std::size_t generatedCount = 0;
            type->generateEach(prepared.image, prepared.textureMask, typeSettings, [&](DerivedImage derived) {
                ++generatedCount;
                image::ImageVolume cropped = cropToBox(derived.image, prepared.box);
                derived.image = {};  // free the full-size volume before building the RoiData
                auto roiData = std::make_shared<RoiData>(
                    makeRoiData(std::move(cropped), textureCrop, shapeCrop, discretisation));
                try {
                    prepareTextureGrid(*roiData);
                } catch (const InputError&) {
                    // Left to each texture class, which reports the problem under its own name.
                }
                processing.wait();  // the previous image's classes; rethrows their errors
                ImageResults& imageResults = results.emplace_back();
                processing.run([&processImage, &imageResults, roiData, features, prefix = derived.prefix] {
                    processImage(prefix, *roiData, *features, imageResults);
                });
            });
            spdlog::debug("Image type {}: {} image(s) generated in {:.2f} s", entry.name, generatedCount,
                          elapsedSeconds(typeStart));
        }
        processing.wait();
    } catch (...) {
        // The running task refers to locals of this function: let it finish before unwinding.
        try {
            processing.wait();
        } catch (...) {
            // The first error is the one reported.
        }
        throw;
    }

    // Output order: the shape classes of the original image, then every image's other classes.
    const auto append = [&](const std::string& prefix, const ClassValues& classValues) {
        for (const auto& [className, values] : classValues) {
            const std::string namePrefix = prefix + "_" + className + "_";
            for (const FeatureValue& value : values) {
                row.features.emplace_back(namePrefix + value.name, value.value);
            }
        }
    };
    for (const ImageResults& imageResults : results) append(imageResults.prefix, imageResults.shape);
    for (const ImageResults& imageResults : results) append(imageResults.prefix, imageResults.other);
    spdlog::info("Extracted {} features from {} image(s) in {:.2f} s", row.features.size(), results.size(),
                 elapsedSeconds(start));
    if (!settings.additionalInfo) {
        row.diagnostics.clear();  // PyRadiomics writes no diagnostics_* entries without additionalInfo
    }
    return row;
}

}  // namespace pulmorad::radiomics

#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "image/image_io.h"
#include "radiomics/diagnostics.h"
#include "radiomics/parameter_file.h"

namespace pulmorad::radiomics {

/// The result of one extraction: provenance columns, then feature values
/// named `<imagetype>_<class>_<Feature>` in PyRadiomics' output order.
struct FeatureRow {
    Diagnostics diagnostics;
    std::vector<std::pair<std::string, double>> features;
};

/// Image and mask files of one case.
struct CaseInput {
    std::filesystem::path image;  ///< a file or a DICOM folder
    std::filesystem::path mask;
    std::string seriesUid;  ///< DICOM series to read from the image folder; empty: the largest
};

/// Runs PyRadiomics' segment-based extraction (featureextractor.execute) with
/// fixed parameters. The steps are label selection, normalisation, resampling
/// or pre-crop, the mask geometry check, ROI checks and resegmentation. Shape
/// features run on the original image, then every enabled feature class on
/// every image type. Derived images stream one at a time, each cropped to
/// the ROI box as soon as it is generated. The feature classes of an image
/// run in parallel (oneTBB) while the next image is generated. The output
/// does not depend on the number of threads. Thread-safe: extract() may run
/// for several cases at once.
class Extractor {
public:
    explicit Extractor(ExtractionParameters parameters);

    /// Reads the case's files and extracts. Throws InputError for unreadable
    /// files and for every invalid input or setting, naming the file.
    FeatureRow extract(const CaseInput& input) const;

    /// Extracts from volumes already read; `imageName` and `maskName` name them in messages.
    FeatureRow extract(image::ImageVolume image, const image::ImageInfo& imageInfo,
                       const image::LabelVolume& mask, const std::string& imageName,
                       const std::string& maskName) const;

    const ExtractionParameters& parameters() const { return parameters_; }

private:
    /// The volume-based extraction; calls `releaseMask` as soon as `mask` is no longer needed.
    FeatureRow extractVolumes(image::ImageVolume image, const image::ImageInfo& imageInfo,
                              const image::LabelVolume& mask, const std::string& imageName,
                              const std::string& maskName, const std::function<void()>& releaseMask) const;

    ExtractionParameters parameters_;
};

}  // namespace pulmorad::radiomics

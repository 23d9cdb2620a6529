#include "study/cohort_extraction.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/cohort.h"
#include "radiomics/feature_table.h"
#include "radiomics/parameter_file.h"
#include "segmentation/lung_segmentation.h"
#include "study/study.h"
#include "table/table.h"

namespace pulmorad::study {

namespace fs = std::filesystem;

namespace {

// The study's extraction settings (the same as examples/params/iim-ild.yaml): 1 mm isotropic resampling, bin
// width 25 HU, both lungs as one ROI, original + LoG sigma 1-5 mm + eight wavelets, the seven 3D feature
// classes.
constexpr const char* kStudyParameters = R"(setting:
  resampledPixelSpacing: [1, 1, 1]
  interpolator: sitkLinear
  binWidth: 25
  label: all
imageType:
  Original: {}
  LoG:
    sigma: [1.0, 2.0, 3.0, 4.0, 5.0]
  Wavelet: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  gldm:
  ngtdm:
)";

}  // namespace

fs::path extractCohortFeatures(const StudyConfig& config, const fs::path& workFolder) {
    const fs::path manifest = *config.cohort;
    table::ReadOptions readOptions;
    readOptions.idColumn = "ID";
    const table::Table cases = table::Table::readCsv(manifest, readOptions);
    for (const char* column : {"Image"}) {
        if (!cases.hasColumn(column)) {
            throw InputError(
                manifest.string() + ": column '" + column +
                "' is missing; a cohort manifest has the columns ID, Image, Mask and optionally Label");
        }
    }
    const fs::path base = manifest.parent_path();
    const auto resolve = [&base](const std::string& cell) {
        const fs::path path = cell;
        return path.is_absolute() ? path : base / path;
    };

    // Segment the cases without a mask, then hand a complete manifest to the
    // cohort extractor.
    fs::create_directories(workFolder / "masks");
    table::CsvWriter complete(cases.hasColumn("Label")
                                  ? std::vector<std::string>{"ID", "Image", "Mask", "Label"}
                                  : std::vector<std::string>{"ID", "Image", "Mask"});
    for (std::size_t row = 0; row < cases.rowCount(); ++row) {
        const std::string& id = cases.ids()[row];
        const fs::path image = resolve(cases.text("Image")[row]);
        fs::path mask;
        if (cases.hasColumn("Mask") && !cases.isMissing("Mask", row)) {
            mask = resolve(cases.text("Mask")[row]);
        } else {
            spdlog::info("{}: no mask given, segmenting the lungs of {}", id, image.string());
            image::ImageInfo info;
            const image::ImageVolume ct = image::readImage(image, {}, &info);
            segmentation::checkSegmentationInput(ct, info.modality, image.string());
            const segmentation::LungSegmentation lungs = segmentation::segmentLungs(ct, image.string());
            image::ImageVolume labels;
            labels.geometry = lungs.labels.geometry;
            labels.data.assign(lungs.labels.data.begin(), lungs.labels.data.end());
            mask = fs::absolute(workFolder / "masks" / (id + ".nii.gz"));
            image::writeImage(labels, mask, "uint8");
        }
        complete.newRow().add(id).add(fs::absolute(image).string()).add(fs::absolute(mask).string());
        if (cases.hasColumn("Label")) {
            complete.add(cases.text("Label")[row]);
        }
    }
    const fs::path completeManifest = workFolder / "cohort_manifest.csv";
    complete.writeFile(completeManifest);

    const radiomics::ExtractionParameters parameters =
        config.params ? radiomics::loadParameterFile(*config.params)
                      : radiomics::parseParameters(kStudyParameters, "the study's built-in parameters");
    const std::vector<radiomics::CohortCase> cohortCases = radiomics::readCohort(completeManifest);
    const std::vector<radiomics::CaseResult> results = radiomics::extractCohort(cohortCases, parameters, 0);
    for (const auto& result : results) {
        if (!result.row) {
            throw InputError(manifest.string() + ": case " + result.id + " could not be extracted (" +
                             result.error + "); correct its image or mask, or remove it from the manifest");
        }
    }
    const fs::path features = workFolder / "features.csv";
    radiomics::writeFeatureTable(results, features, radiomics::OutputFormat::Csv, false);
    spdlog::info("Extracted {} cases into {}", results.size(),
                 (finalOutputFolder(workFolder) / "features.csv").string());
    return features;
}

}  // namespace pulmorad::study

// `pulmorad demo`: segment and extract the bundled real chest CT, then run the
// whole study on the simulated example cohort.

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "image/image_io.h"
#include "radiomics/extractor.h"
#include "radiomics/feature_table.h"
#include "radiomics/parameter_file.h"
#include "segmentation/lung_segmentation.h"
#include "segmentation/qc_figure.h"
#include "study/config.h"
#include "study/study.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kExampleCt = "ct/lidc-idri-0001-small.nii.gz";
constexpr const char* kExampleParams = "params/iim-ild.yaml";
constexpr const char* kExampleStudy = "iim-ild/study.yaml";

struct DemoOptions {
    std::string output = "pulmorad-demo";
    std::string examples;
    bool overwrite = false;
    bool skipCt = false;
    bool skipStudy = false;
};

bool holdsExamples(const fs::path& folder) {
    std::error_code error;
    return fs::is_regular_file(folder / kExampleCt, error) && fs::is_regular_file(folder / kExampleParams, error) &&
           fs::is_regular_file(folder / kExampleStudy, error);
}

/// Finds the examples/ folder: --examples, else the source tree of the executable
/// (build/src/cli/pulmorad -> ../../../examples), else ../share/pulmorad/examples,
/// else the source folder compiled in as PULMORAD_SOURCE_DIR, else ./examples.
fs::path findExamples(const std::string& given) {
    if (!given.empty()) {
        pulmorad::requireInput(holdsExamples(given),
                               fmt::format("--examples '{}' does not hold {}, {} and {}; give the examples/ "
                                           "folder of the pulmorad source tree",
                                           given, kExampleCt, kExampleParams, kExampleStudy));
        return given;
    }
    std::vector<fs::path> candidates;
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path folder = executable.parent_path();
        candidates.push_back(folder / ".." / ".." / ".." / "examples");
        candidates.push_back(folder / ".." / "share" / "pulmorad" / "examples");
    }
#ifdef PULMORAD_SOURCE_DIR
    candidates.push_back(fs::path(PULMORAD_SOURCE_DIR) / "examples");
#endif
    candidates.push_back(fs::current_path(error) / "examples");
    std::string tried;
    for (const fs::path& candidate : candidates) {
        if (holdsExamples(candidate)) {
            return fs::weakly_canonical(candidate, error);
        }
        tried += (tried.empty() ? "" : ", ") + candidate.lexically_normal().string();
    }
    throw pulmorad::InputError(fmt::format(
        "pulmorad demo: the examples/ folder was not found (looked in {}); give it with --examples DIR", tried));
}

/// Rejects an output folder that is not empty unless --overwrite is given.
void checkOutputFolder(const fs::path& output, bool overwrite) {
    std::error_code error;
    if (!fs::exists(output, error)) {
        return;
    }
    pulmorad::requireInput(fs::is_directory(output, error),
                           fmt::format("--output '{}' is a file; give a folder for the demo", output.string()));
    pulmorad::requireInput(overwrite || fs::is_empty(output, error),
                           fmt::format("--output '{}' is not empty; choose a new folder or add --overwrite",
                                       output.string()));
}

/// Creates `folder` and its parents, as an InputError naming the folder when that fails.
void createFolder(const fs::path& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    pulmorad::requireInput(!error, fmt::format("cannot create the output folder '{}' ({}); choose a writable "
                                               "location with -o",
                                               folder.string(), error.message()));
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Segments the bundled CT and extracts the study's features into OUTDIR/ct/.
void runImagingPart(const fs::path& examples, const fs::path& folder) {
    using namespace pulmorad;
    const auto start = std::chrono::steady_clock::now();
    createFolder(folder);
    const fs::path ctPath = examples / kExampleCt;
    const fs::path maskPath = folder / "lungs.nii.gz";
    const fs::path qcPath = folder / "lungs-qc.png";
    const fs::path featuresPath = folder / "features.csv";

    spdlog::info("demo 1/2: segmenting the lungs of {} (LIDC-IDRI-0001, CC BY 3.0)", ctPath.string());
    image::ImageInfo info;
    const image::ImageVolume ct = image::readImage(ctPath, {}, &info);
    segmentation::checkSegmentationInput(ct, info.modality, ctPath.string());
    const segmentation::LungSegmentation result = segmentation::segmentLungs(ct, ctPath.string());
    spdlog::info("lungs: right {:.0f} mL, left {:.0f} mL", result.report.volumesMl[0], result.report.volumesMl[1]);
    image::ImageVolume labels;
    labels.geometry = result.labels.geometry;
    labels.data.assign(result.labels.data.begin(), result.labels.data.end());
    image::writeImage(labels, maskPath, "uint8");
    segmentation::writeQcFigure(ct, result.labels, result.report.volumesMl, qcPath.string());
    spdlog::info("wrote {} and {}", maskPath.string(), qcPath.string());

    spdlog::info("demo 1/2: extracting the study's radiomic features with {}", (examples / kExampleParams).string());
    const radiomics::Extractor extractor(radiomics::loadParameterFile(examples / kExampleParams));
    radiomics::CaseInput input;
    input.image = ctPath;
    input.mask = maskPath;
    radiomics::CaseResult caseResult;
    caseResult.id = "LIDC-IDRI-0001";
    caseResult.row = extractor.extract(input);
    radiomics::writeFeatureTable({caseResult}, featuresPath, radiomics::OutputFormat::Csv, true);
    spdlog::info("wrote {} ({} features) in {:.1f} s", featuresPath.string(), caseResult.row->features.size(),
                 secondsSince(start));
}

/// Runs the whole study on the simulated example cohort into OUTDIR/study/.
void runStudyPart(const fs::path& examples, const fs::path& folder, bool overwrite) {
    using namespace pulmorad;
    const auto start = std::chrono::steady_clock::now();
    const fs::path config = examples / kExampleStudy;
    spdlog::info("demo 2/2: running the study on the simulated example cohort ({})", config.string());
    study::RunOptions options;
    options.overwrite = overwrite;
    study::runStudy(study::loadStudyConfig(config), folder, options);
    spdlog::info("wrote the study to {} in {:.1f} s; open {}", folder.string(), secondsSince(start),
                 (folder / "report.html").string());
}

void runDemo(const DemoOptions& options) {
    using namespace pulmorad;
    requireInput(!(options.skipCt && options.skipStudy),
                 "pulmorad demo: --skip-ct and --skip-study together leave nothing to run; drop one of them");
    const fs::path examples = findExamples(options.examples);
    const fs::path output = options.output;
    checkOutputFolder(output, options.overwrite);
    spdlog::info("demo: examples from {}, output to {}", examples.string(), output.string());
    if (!options.skipCt) {
        runImagingPart(examples, output / "ct");
    }
    if (!options.skipStudy) {
        createFolder(output);
        runStudyPart(examples, output / "study", options.overwrite);
    }
    spdlog::info("demo done: {}", output.string());
}

const pulmorad::cli::CommandRegistrar registrar(90, [](CLI::App& app) {
    auto options = std::make_shared<DemoOptions>();
    CLI::App* command = app.add_subcommand(
        "demo",
        "Segment and extract the bundled real chest CT, then run the whole study on the simulated "
        "example cohort in examples/iim-ild/");
    command->add_option("-o,--output", options->output, "Folder to write (ct/ and study/ inside it)")
        ->capture_default_str();
    command->add_option("--examples", options->examples,
                        "The examples/ folder of the source tree (default: found next to the executable)");
    command->add_flag("--overwrite", options->overwrite, "Write into a folder that is not empty");
    command->add_flag("--skip-ct", options->skipCt, "Leave out the segmentation and extraction of the real CT");
    command->add_flag("--skip-study", options->skipStudy, "Leave out the study on the example cohort");
    command->callback([options] { runDemo(*options); });
});

}  // namespace

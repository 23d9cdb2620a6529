// `pulmorad segment`: automatic right and left lung labels for a chest CT.

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "image/image_io.h"
#include "segmentation/lung_segmentation.h"
#include "segmentation/qc_figure.h"

namespace {

namespace fs = std::filesystem;

struct SegmentOptions {
    std::string input;
    std::string output;
    std::string qcFigure;
    std::string seriesUid;
};

// Rejects an output path that is the input itself or lies in a missing
// folder, before the slow steps run.
void checkOutputPath(const std::string& output, const std::string& input, const char* option) {
    std::error_code error;
    if (fs::exists(output, error) && fs::equivalent(output, input, error)) {
        throw pulmorad::InputError(
            fmt::format("{} '{}' is the input CT; choose another file name", option, output));
    }
    const fs::path folder =
        fs::path(output).has_parent_path() ? fs::path(output).parent_path() : fs::path(".");
    if (!fs::is_directory(folder, error)) {
        throw pulmorad::InputError(
            fmt::format("cannot write {} '{}': folder '{}' does not exist; create it first", option, output,
                        folder.string()));
    }
}

void runSegment(const SegmentOptions& options) {
    using namespace pulmorad;
    checkOutputPath(options.output, options.input, "--output");
    if (!options.qcFigure.empty()) {
        checkOutputPath(options.qcFigure, options.input, "--qc");
    }
    const auto start = std::chrono::steady_clock::now();

    image::ImageInfo info;
    image::ReadOptions readOptions;
    readOptions.seriesUid = options.seriesUid;
    const image::ImageVolume ct = image::readImage(options.input, readOptions, &info);
    segmentation::checkSegmentationInput(ct, info.modality, options.input);

    const auto segmentStart = std::chrono::steady_clock::now();
    const segmentation::LungSegmentation result = segmentation::segmentLungs(ct, options.input);
    const auto& report = result.report;
    spdlog::info("segmented in {:.2f} s",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - segmentStart).count());
    spdlog::info("lungs: right {:.0f} mL, left {:.0f} mL{}{}", report.volumesMl[0], report.volumesMl[1],
                 report.tracheaFound ? "" : "; no trachea found in the top slices",
                 report.lungsTouched
                     ? fmt::format("; touching lungs split at {:.1f} mm erosion", report.junctionErosionMm)
                     : "");
    if (report.volumesMl[0] == 0.0 || report.volumesMl[1] == 0.0) {
        spdlog::warn("only one lung was found in {}; check the QC figure", options.input);
    }

    // writeImage takes doubles; the file stores uint8.
    image::ImageVolume labels;
    labels.geometry = result.labels.geometry;
    labels.data.assign(result.labels.data.begin(), result.labels.data.end());
    image::writeImage(labels, options.output, "uint8");
    spdlog::info("wrote {}", options.output);

    if (!options.qcFigure.empty()) {
        segmentation::writeQcFigure(ct, result.labels, report.volumesMl, options.qcFigure);
        spdlog::info("wrote {}", options.qcFigure);
    }
    spdlog::info("done in {:.2f} s",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

const pulmorad::cli::CommandRegistrar registrar(10, [](CLI::App& app) {
    auto options = std::make_shared<SegmentOptions>();
    CLI::App* command = app.add_subcommand(
        "segment", "Segment the lungs of a chest CT: label 1 = the patient's right lung, 2 = left lung");
    command->add_option("CT", options->input, "CT as a DICOM folder or a NIfTI, NRRD or MetaImage file (HU)")
        ->required();
    command
        ->add_option("-o,--output", options->output,
                     "Label image to write on the CT's grid, uint8 (.nii.gz, .nii, .nrrd, .mha)")
        ->required();
    command->add_option(
        "--qc", options->qcFigure,
        "PNG to write with axial, coronal and sagittal slices, the lung outlines and volumes");
    command->add_option("--series", options->seriesUid,
                        "DICOM SeriesInstanceUID to read when the folder holds several series "
                        "(default: the series with the most slices)");
    command->callback([options] { runSegment(*options); });
});

}  // namespace

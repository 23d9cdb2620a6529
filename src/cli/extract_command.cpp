// `pulmorad extract`: PyRadiomics-compatible features of one image and mask,
// or of every case of a cohort manifest.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "radiomics/cohort.h"
#include "radiomics/extractor.h"
#include "radiomics/feature_table.h"
#include "radiomics/parameter_file.h"

namespace {

namespace fs = std::filesystem;
using namespace pulmorad;

struct ExtractOptions {
    std::string firstInput;  ///< IMAGE, or COHORT.csv
    std::string mask;        ///< MASK; empty for a cohort
    std::string parameterFile;
    std::vector<std::string> settings;
    std::string output;
    std::string format = "csv";
    std::string seriesUid;
    std::string id;
    int jobs = 0;
    std::string shard;
    bool force = false;
};

radiomics::ExtractionParameters loadParameters(const ExtractOptions& options) {
    radiomics::ExtractionParameters parameters = options.parameterFile.empty()
                                                     ? radiomics::defaultParameters()
                                                     : radiomics::loadParameterFile(options.parameterFile);
    for (const std::string& setting : options.settings) {
        radiomics::applySettingOverride(parameters, setting);
    }
    return parameters;
}

/// Rejects an output path that is one of the inputs, so nothing is written over an input.
void checkNotInput(const std::string& output, const std::vector<std::string>& inputs) {
    std::error_code error;
    for (const std::string& input : inputs) {
        if (!output.empty() && fs::exists(output, error) && fs::equivalent(output, input, error)) {
            throw InputError("--output '" + output + "' is an input file; choose another file name");
        }
    }
}

bool isManifest(const std::string& path) {
    std::string extension = fs::path(path).extension().string();
    return extension == ".csv" || extension == ".CSV";
}

/// Returns the ID of a single-image extraction: the image's file name, or for
/// a DICOM folder the folder's name. A folder with a generic name such as
/// "dicom" or "series" is named after its parent folder instead, so
/// patient-007/dicom gives patient-007.
std::string defaultCaseId(const fs::path& image) {
    fs::path path = image;
    if (!path.has_filename()) {
        path = path.parent_path();  // "folder/" names the folder
    }
    std::error_code error;
    if (!fs::is_directory(path, error)) {
        return path.filename().string();
    }
    path = fs::absolute(path, error).lexically_normal();
    if (!path.has_filename()) {
        path = path.parent_path();
    }
    std::string name = path.filename().string();
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    constexpr std::array kGenericNames{"dicom", "dcm", "series", "images", "image", "ct", "scan", "scans", "data"};
    const bool generic = std::find(kGenericNames.begin(), kGenericNames.end(), lower) != kGenericNames.end();
    if (generic && path.has_parent_path() && !path.parent_path().filename().empty()) {
        return path.parent_path().filename().string();
    }
    return name;
}

/// Logs the failed cases and returns how many cases have features.
std::size_t reportFailures(const std::vector<radiomics::CaseResult>& results) {
    std::vector<std::string> failedIds;
    for (const auto& result : results) {
        if (!result.row) {
            failedIds.push_back(result.id);
        }
    }
    if (!failedIds.empty() && failedIds.size() < results.size()) {
        std::string list;
        for (std::size_t i = 0; i < failedIds.size() && i < 10; ++i) {
            list += (i > 0 ? ", " : "") + failedIds[i];
        }
        if (failedIds.size() > 10) {
            list += ", ...";
        }
        spdlog::warn("{} of {} case(s) failed ({}); their rows hold the message in diagnostics_Error and no "
                     "features; fix them and rerun the same command to extract only those",
                     failedIds.size(), results.size(), list);
    }
    return results.size() - failedIds.size();
}

std::vector<radiomics::CaseResult> extractManifest(const ExtractOptions& options,
                                                   const radiomics::ExtractionParameters& parameters,
                                                   radiomics::OutputFormat format) {
    if (!options.id.empty()) {
        throw InputError("--id names the case of a single image; a cohort manifest gives IDs in its ID column");
    }
    std::vector<radiomics::CohortCase> cases = radiomics::readCohort(options.firstInput);
    if (!options.shard.empty()) {
        cases = radiomics::selectShard(cases, options.shard);
    }

    // A rerun keeps the rows of cases that the output already holds.
    std::vector<std::optional<radiomics::CaseResult>> reusable;
    std::error_code error;
    if (!options.force && !options.output.empty() && fs::exists(options.output, error)) {
        if (format == radiomics::OutputFormat::Json) {
            spdlog::warn("{} exists; with --format json every case is extracted again and the file replaced",
                         options.output);
        } else {
            reusable = radiomics::readReusableResults(options.output, cases, parameters);
        }
    }

    std::vector<radiomics::CaseResult> results = radiomics::extractCohort(cases, parameters, options.jobs, reusable);
    const std::size_t succeeded = reportFailures(results);
    if (!results.empty() && succeeded == 0) {
        throw InputError("every case of " + options.firstInput + " failed (first: case " + results[0].id + ": " +
                         results[0].error + ")");
    }
    return results;
}

void runExtract(const ExtractOptions& options) {
    std::vector<std::string> inputs{options.firstInput};
    if (!options.mask.empty()) {
        inputs.push_back(options.mask);
    }
    checkNotInput(options.output, inputs);
    const auto format =
        options.format == "json" ? radiomics::OutputFormat::Json : radiomics::OutputFormat::Csv;
    if (options.mask.empty() && !isManifest(options.firstInput)) {
        throw InputError("extract was given one input, '" + options.firstInput +
                         "', which is not a .csv cohort manifest; give IMAGE MASK, or COHORT.csv with the "
                         "columns ID, Image, Mask");
    }
    radiomics::ExtractionParameters parameters = loadParameters(options);

    std::vector<radiomics::CaseResult> results;
    bool single = false;
    if (options.mask.empty()) {
        results = extractManifest(options, parameters, format);
    } else {
        if (!options.shard.empty()) {
            throw InputError("--shard applies to a cohort manifest; remove it when extracting one image");
        }
        const std::string fingerprint = radiomics::parameterFingerprint(parameters);
        radiomics::CaseInput input{options.firstInput, options.mask, options.seriesUid};
        radiomics::Extractor extractor(parameters);
        radiomics::CaseResult result;
        result.id = options.id.empty() ? defaultCaseId(options.firstInput) : options.id;
        result.row = extractor.extract(input);
        radiomics::addConfigurationHash(*result.row, fingerprint);
        results.push_back(std::move(result));
        single = true;
    }

    radiomics::writeFeatureTable(results, options.output, format, single);
    if (!options.output.empty()) {
        spdlog::info("Wrote {}", options.output);
    }
}

const cli::CommandRegistrar registrar(20, [](CLI::App& app) {
    auto options = std::make_shared<ExtractOptions>();
    CLI::App* command = app.add_subcommand(
        "extract", "Compute PyRadiomics-compatible features of IMAGE MASK, or of every case of COHORT.csv");
    command
        ->add_option("IMAGE|COHORT.csv", options->firstInput,
                     "The image (a NIfTI, NRRD or MetaImage file, or a DICOM folder) when MASK follows; "
                     "otherwise a cohort manifest, a CSV with the columns ID, Image, Mask and optionally "
                     "Label (paths relative to the manifest's folder)")
        ->required();
    command->add_option("MASK", options->mask, "The label map of IMAGE (omit it for a cohort manifest)");
    command->add_option("-p,--param", options->parameterFile,
                        "PyRadiomics parameter file (YAML: setting, imageType, featureClass, voxelSetting)");
    command->add_option("-s,--setting", options->settings,
                        "Override a setting, key:value with a YAML value, e.g. label:all, binWidth:10, "
                        "resampledPixelSpacing:[1,1,1] (repeatable)");
    command->add_option("-o,--output", options->output,
                        "File to write (default: standard output); for a cohort, rows already in this "
                        "file are kept and their cases not extracted again");
    command->add_option("-f,--format", options->format, "Output format")
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option("--series", options->seriesUid,
                        "DICOM SeriesInstanceUID to read when the image folder holds several series "
                        "(default: the series with the most slices)");
    command->add_option("--id", options->id,
                        "Single image: the ID written in the output (default: the image file name; for a "
                        "DICOM folder its name, or its parent's name when it is called e.g. dicom)");
    command
        ->add_option("--jobs", options->jobs,
                     "Cohort: cases extracted at once, each using the threads left free (0 = as many as "
                     "the --threads limit); memory grows with it")
        ->check(CLI::NonNegativeNumber);
    command->add_option(
        "--shard", options->shard,
        "Cohort: extract only shard K of N (every N-th case from the K-th), e.g. 2/4; join the "
        "outputs with pulmorad merge");
    command->add_flag("--force", options->force,
                      "Cohort: extract every case again, even those already in the -o file");
    command->footer(
        "Forms:\n  pulmorad extract IMAGE MASK [OPTIONS]\n  pulmorad extract COHORT.csv [OPTIONS]\n"
        "A cohort run exits 0 when at least one case succeeds (failed cases are logged and recorded in "
        "diagnostics_Error) and 2 when every case fails.");
    command->callback([options] { runExtract(*options); });
});

}  // namespace

// `pulmorad extract`: PyRadiomics-compatible features of one image and mask,
// or of every case of a cohort manifest.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
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
    std::vector<std::string> inputs;  ///< IMAGE MASK, or COHORT.csv
    std::string parameterFile;
    std::vector<std::string> settings;
    std::string output;
    std::string format = "csv";
    std::string seriesUid;
    int jobs = 0;
    std::string shard;
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

void runExtract(const ExtractOptions& options) {
    checkNotInput(options.output, options.inputs);
    const auto format =
        options.format == "json" ? radiomics::OutputFormat::Json : radiomics::OutputFormat::Csv;
    radiomics::ExtractionParameters parameters = loadParameters(options);

    std::vector<radiomics::CaseResult> results;
    bool single = false;
    if (options.inputs.size() == 1) {
        if (!isManifest(options.inputs[0])) {
            throw InputError(
                "extract was given one input, '" + options.inputs[0] +
                "', which is not a .csv cohort manifest; give IMAGE MASK, or COHORT.csv with the "
                "columns ID, Image, Mask");
        }
        std::vector<radiomics::CohortCase> cases = radiomics::readCohort(options.inputs[0]);
        if (!options.shard.empty()) {
            cases = radiomics::selectShard(cases, options.shard);
        }
        results = radiomics::extractCohort(cases, parameters, options.jobs);
        std::size_t failed = 0;
        for (const auto& result : results) {
            failed += result.row ? 0 : 1;
        }
        if (!results.empty() && failed == results.size()) {
            throw InputError("every case of " + options.inputs[0] + " failed (first: case " + results[0].id +
                             ": " + results[0].error + ")");
        }
        if (failed > 0) {
            spdlog::warn("{} of {} case(s) failed; their rows hold the error in diagnostics_Error", failed,
                         results.size());
        }
    } else if (options.inputs.size() == 2) {
        if (!options.shard.empty()) {
            throw InputError("--shard applies to a cohort manifest; remove it when extracting one image");
        }
        radiomics::CaseInput input{options.inputs[0], options.inputs[1], options.seriesUid};
        radiomics::Extractor extractor(parameters);
        radiomics::CaseResult result;
        result.id = fs::path(options.inputs[0]).filename().string();
        result.row = extractor.extract(input);
        results.push_back(std::move(result));
        single = true;
    } else {
        throw InputError("extract takes IMAGE MASK or COHORT.csv, but was given " +
                         std::to_string(options.inputs.size()) + " inputs");
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
        ->add_option(
            "INPUTS", options->inputs,
            "IMAGE MASK (files or a DICOM folder for the image), or COHORT.csv with the columns ID, Image, "
            "Mask and optionally Label (paths relative to the manifest's folder)")
        ->required()
        ->expected(1, 2);
    command->add_option("-p,--param", options->parameterFile,
                        "PyRadiomics parameter file (YAML: setting, imageType, featureClass, voxelSetting)");
    command->add_option("-s,--setting", options->settings,
                        "Override a setting, key:value with a YAML value, e.g. label:all, binWidth:10, "
                        "resampledPixelSpacing:[1,1,1] (repeatable)");
    command->add_option("-o,--output", options->output, "File to write (default: standard output)");
    command->add_option("-f,--format", options->format, "Output format")
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option("--series", options->seriesUid,
                        "DICOM SeriesInstanceUID to read when the image folder holds several series "
                        "(default: the series with the most slices)");
    command
        ->add_option("--jobs", options->jobs,
                     "Cohort: threads working on cases at once (0 = the --threads limit)")
        ->check(CLI::NonNegativeNumber);
    command->add_option(
        "--shard", options->shard,
        "Cohort: extract only shard K of N (every N-th case from the K-th), e.g. 2/4; join the "
        "outputs with pulmorad merge");
    command->callback([options] { runExtract(*options); });
});

}  // namespace

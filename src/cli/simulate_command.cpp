// `pulmorad simulate`: the simulated IIM-ILD example cohort.

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "study/simulate.h"

namespace {

namespace fs = std::filesystem;

struct SimulateOptions {
    int patients = 115;
    int positives = 70;
    std::uint64_t seed = pulmorad::study::defaultSimulationSeed();
    std::string output;
    bool overwrite = false;
};

void runSimulate(const SimulateOptions& options) {
    using namespace pulmorad;
    std::error_code error;
    if (fs::exists(options.output, error)) {
        requireInput(fs::is_directory(options.output, error),
                     fmt::format("--output '{}' is a file; give a folder", options.output));
        if (!options.overwrite) {
            for (const char* name : {"clinical.csv", "radiomics.csv", "study.yaml", "README.md"}) {
                requireInput(!fs::exists(fs::path(options.output) / name, error),
                             fmt::format("--output '{}' already holds {}; choose another folder or add --overwrite",
                                         options.output, name));
            }
        }
    }
    study::SimulationOptions simulation;
    simulation.patients = options.patients;
    simulation.positives = options.positives;
    simulation.seed = options.seed;
    const study::SimulatedCohort cohort = study::simulateCohort(simulation);

    const study::PublishedCheck check = study::checkAgainstPublished(cohort, 0.7, 2024);
    for (const auto& row : check.univariate) {
        spdlog::debug("univariate OR of {} on the training split: {:.4g} (p {:.3g}); published 95% CI {}-{}",
                      row.variable, row.oddsRatio, row.pValue, row.publishedLow, row.publishedHigh);
    }
    spdlog::info("training split (seed 2024): {} of {} univariate odds ratios inside the published 95% CIs; "
                 "independent predictors: {}",
                 check.insideCount(), check.univariate.size(),
                 check.independent.empty() ? std::string("none") : fmt::format("{}", fmt::join(check.independent, ", ")));

    study::writeSimulation(simulation, cohort, options.output);
    spdlog::info("wrote clinical.csv, radiomics.csv, study.yaml and README.md to {}", options.output);
}

const pulmorad::cli::CommandRegistrar registrar(80, [](CLI::App& app) {
    auto options = std::make_shared<SimulateOptions>();
    CLI::App* command = app.add_subcommand(
        "simulate",
        "Write a simulated IIM-ILD cohort (clinical table, 1,316 radiomic features, study config) "
        "drawn from the published group summaries");
    command->add_option("--patients", options->patients, "Number of patients")
        ->capture_default_str()
        ->check(CLI::Range(20, 100000));
    command->add_option("--positives", options->positives, "Number of patients with ILD")
        ->capture_default_str()
        ->check(CLI::Range(10, 100000));
    command->add_option("--seed", options->seed, "Random seed; the default reproduces examples/iim-ild/")
        ->capture_default_str();
    command->add_option("-o,--output", options->output, "Folder to write (created when missing)")->required();
    command->add_flag("--overwrite", options->overwrite, "Replace the files of a previous simulation in the folder");
    command->callback([options] { runSimulate(*options); });
});

}  // namespace

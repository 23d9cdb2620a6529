// `pulmorad train`: tunes the six classifiers by cross-validated AUC on the
// training split, fits them and reports metrics on both sets.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "cli/feature_table_options.h"
#include "common/errors.h"
#include "common/number_format.h"
#include "learn/pipeline.h"
#include "learn/results_output.h"
#include "learn/training_inputs.h"

namespace {

using namespace pulmorad;

struct TrainCommandOptions {
    cli::FeatureTableOptions table;
    std::string format = "csv";
    std::string outputDir;
    std::vector<std::string> gridOptions;
    std::string gridFile;
    std::string selectedFile;
    bool seedGiven = false;
    bool trainFractionGiven = false;
    learn::TrainingOptions training;
};

// --grids first, then every --grid in order (a later list of a setting replaces an earlier one).
void applyGrids(TrainCommandOptions& options) {
    learn::ModelGrids grids;
    if (!options.gridFile.empty()) {
        grids = learn::readGridFile(options.gridFile);
    }
    for (const std::string& text : options.gridOptions) {
        learn::addGridOption(text, grids);
    }
    for (const auto& [model, grid] : grids) {
        options.training.grids[model] = grid;
        std::string description;
        for (const auto& [setting, values] : grid) {
            description += (description.empty() ? "" : "; ") + setting + " =";
            for (const double value : values) {
                description += " " + formatDouble(value);
            }
        }
        spdlog::info("Grid of {}: {} (other settings at their defaults)", model, description);
    }
}

// --selected: train on the features select kept, on select's split.
void applySelection(TrainCommandOptions& options) {
    const learn::SelectedFeatures selected = learn::readSelectedFeatures(options.selectedFile);
    options.training.features = selected.features;
    if (selected.trainIds.empty()) {
        spdlog::warn("{} records no split, so train cannot check that the features were selected on its "
                     "training patients; pass select's selection.json to have this checked",
                     options.selectedFile);
    } else {
        options.training.requiredTrainIds = selected.trainIds;
        requireInput(!options.seedGiven || !selected.seed || *selected.seed == options.training.seed,
                     "--seed " + std::to_string(options.training.seed) + " differs from seed " +
                         std::to_string(selected.seed.value_or(0)) + " of " + options.selectedFile +
                         ", so the split would put patients the selection trained on into the test set; "
                         "drop --seed or give select's seed");
        requireInput(!options.trainFractionGiven || !selected.trainFraction ||
                         *selected.trainFraction == options.training.trainFraction,
                     "--train-fraction " + formatDouble(options.training.trainFraction) + " differs from " +
                         formatDouble(selected.trainFraction.value_or(0.0)) + " in " + options.selectedFile +
                         "; drop --train-fraction or give select's");
        if (!options.seedGiven && selected.seed) {
            options.training.seed = *selected.seed;
        }
        if (!options.trainFractionGiven && selected.trainFraction) {
            options.training.trainFraction = *selected.trainFraction;
        }
    }
    if (!selected.outcome.empty() && selected.outcome != options.table.dataset.outcome) {
        spdlog::warn("{} selected the features for outcome {}, but train predicts {}", options.selectedFile,
                     selected.outcome, options.table.dataset.outcome);
    }
    spdlog::info("Using the {} features kept by the {} step of {} (seed {}, train fraction {})",
                 selected.features.size(), selected.step, options.selectedFile, options.training.seed,
                 formatDouble(options.training.trainFraction));
}

void runTrain(TrainCommandOptions& options) {
    options.training.scale = options.table.resolve();
    applyGrids(options);
    if (!options.selectedFile.empty()) {
        applySelection(options);
    }
    const learn::Dataset data = learn::loadDataset(options.table.input, options.table.dataset);
    const learn::TrainingResult result = learn::runTraining(data, options.training);
    if (!options.outputDir.empty()) {
        learn::writeTrainingFiles(options.outputDir, data, result, options.training);
    }
    const std::string output = options.format == "json"
                                   ? learn::trainingJson(data, result, options.training).dump(2) + "\n"
                                   : learn::trainingMetricsCsv(result, options.training);
    std::fputs(output.c_str(), stdout);
}

const cli::CommandRegistrar registrar(41, [](CLI::App& app) {
    auto options = std::make_shared<TrainCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "train",
        "Tune (grid search, stratified CV AUC), fit and score dt, rf, xgboost, lightgbm, knn and svm");
    addFeatureTableOptions(command, options->table);
    command
        ->add_option(
            "--models", options->training.models,
            "Models (comma-separated): dt, rf, xgboost, lightgbm (LightGBM-style, XGBoost engine), knn, svm")
        ->delimiter(',')
        ->capture_default_str();

    auto* seed = command
                     ->add_option("--seed", options->training.seed,
                                  "Seed of the split, the folds and the models (default with --selected "
                                  "SELECTION.json: select's seed)")
                     ->capture_default_str();
    auto* trainFraction = command
                              ->add_option("--train-fraction", options->training.trainFraction,
                                           "Fraction of each class in the training set (rounded half up; "
                                           "default with --selected SELECTION.json: select's)")
                              ->capture_default_str()
                              ->check(CLI::Range(0.0, 1.0));
    command
        ->add_option("--grid", options->gridOptions,
                     "Grid of one setting, MODEL:SETTING=V1,V2,... (repeatable), e.g. knn:k=3,5,7 or "
                     "svm:C=0.1,1,10; a model named here or in --grids is tuned over exactly the settings "
                     "given, others at their defaults")
        ->allow_extra_args(false);
    command->add_option("--grids", options->gridFile,
                        "YAML file of grids: model -> setting -> list of values (as the study config's "
                        "models.grids); --grid entries override it");
    command->add_option("--selected", options->selectedFile,
                        "Train only on the features select kept: its selection.json (split and seed checked) "
                        "or selection_features.csv (features with a non-zero LASSO coefficient)");
    command->add_option("--folds", options->training.folds, "Cross-validation folds for tuning")
        ->capture_default_str()
        ->check(CLI::Range(2, 100));
    command
        ->add_option("--threshold", options->training.threshold,
                     "Probability at or above which a patient is classed 1 (for accuracy, sensitivity, ...)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    command
        ->add_option("--format", options->format,
                     "Standard output format: csv (metrics table) or json (everything)")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option(
        "-o,--output-dir", options->outputDir,
        "Folder for metrics.csv, training.json, predictions.csv, comparisons.csv, models/<model>.json "
        "(the fitted models with the feature names and scaling) and shap_<model>.csv (tree models)");

    command->callback([options, seed, trainFraction] {
        options->seedGiven = seed->count() > 0;
        options->trainFractionGiven = trainFraction->count() > 0;
        runTrain(*options);
    });
});

}  // namespace

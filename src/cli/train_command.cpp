// `pulmorad train`: tunes the six classifiers by cross-validated AUC on the
// training split, fits them and reports metrics on both sets.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "cli/feature_table_options.h"
#include "common/errors.h"
#include "learn/pipeline.h"
#include "learn/results_output.h"

namespace {

using namespace pulmorad;

struct TrainCommandOptions {
    cli::FeatureTableOptions table;
    std::string format = "csv";
    std::string outputDir;
    learn::TrainingOptions training;
};

void runTrain(TrainCommandOptions& options) {
    options.training.scale = options.table.resolve();
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

    command->add_option("--seed", options->training.seed, "Seed of the split, the folds and the models")
        ->capture_default_str();
    command
        ->add_option("--train-fraction", options->training.trainFraction,
                     "Fraction of each class in the training set (rounded half up)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
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
        "Folder for metrics.csv, training.json, predictions.csv, comparisons.csv and shap_<model>.csv "
        "(tree models)");

    command->callback([options] { runTrain(*options); });
});

}  // namespace

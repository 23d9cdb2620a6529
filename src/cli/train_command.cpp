// `pulmorad train`: tunes the six classifiers by cross-validated AUC on the
// training split, fits them and reports metrics on both sets.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "learn/pipeline.h"
#include "learn/results_output.h"

namespace {

using namespace pulmorad;

struct TrainCommandOptions {
    std::string input;
    learn::DatasetOptions dataset;
    std::string format = "csv";
    std::string outputDir;
    std::string impute = "none";
    std::string scale = "sample";
    learn::TrainingOptions training;
};

void runTrain(TrainCommandOptions& options) {
    options.dataset.imputeMedian = options.impute == "median";
    options.training.scale =
        options.scale == "population" ? learn::ScaleKind::PopulationSd : learn::ScaleKind::SampleSd;
    const learn::Dataset data = learn::loadDataset(options.input, options.dataset);
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
    command
        ->add_option("FEATURES", options->input,
                     "Feature CSV: one row per patient, the outcome and the features")
        ->required();
    command->add_option("--outcome", options->dataset.outcome, "0/1 outcome column")->capture_default_str();
    command
        ->add_option(
            "--models", options->training.models,
            "Models (comma-separated): dt, rf, xgboost, lightgbm (LightGBM-style, XGBoost engine), knn, svm")
        ->delimiter(',')
        ->capture_default_str();
    command->add_option(
        "--foldid", options->dataset.foldColumn,
        "Column with each patient's CV fold number 1..K (default: stratified folds from --seed)");
    command->add_option("--id", options->dataset.idColumn,
                        "Patient ID column (default: ID if present, else row numbers)");
    command
        ->add_option("--exclude", options->dataset.exclude, "Columns that are not features (comma-separated)")
        ->delimiter(',');

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
    command->add_option("--scale", options->scale, "z-score SD: sample (n - 1, as R scale) or population (n)")
        ->capture_default_str()
        ->check(CLI::IsMember({"sample", "population"}));
    command
        ->add_option("--impute", options->impute,
                     "Missing feature cells: none (an error) or median (training medians)")
        ->capture_default_str()
        ->check(CLI::IsMember({"none", "median"}));
    command
        ->add_option("--format", options->format,
                     "Standard output format: csv (metrics table) or json (everything)")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option("-o,--output-dir", options->outputDir,
                        "Folder for metrics.csv, training.json, predictions.csv and comparisons.csv");

    command->callback([options] { runTrain(*options); });
});

}  // namespace

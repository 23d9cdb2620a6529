// `pulmorad select`: the feature-selection chain (correlation filter, mRMR,
// LASSO) on a feature table, printing the funnel and writing every decision,
// lambda.min and the Rad-score.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "cli/feature_table_options.h"
#include "common/errors.h"
#include "learn/pipeline.h"
#include "learn/results_output.h"

namespace {

using namespace pulmorad;

struct SelectCommandOptions {
    cli::FeatureTableOptions table;
    std::string steps = "corr,mrmr,lasso";
    std::string format = "csv";
    std::string outputDir;
    std::string mrmrScheme = "mid";
    std::string lambdaRule = "min";
    learn::SelectionOptions selection;
};

void parseSteps(const std::string& text, learn::SelectionOptions& selection) {
    selection.correlationFilter = selection.mrmr = selection.lasso = false;
    std::stringstream stream(text);
    std::string step;
    while (std::getline(stream, step, ',')) {
        if (step == "corr") {
            selection.correlationFilter = true;
        } else if (step == "mrmr") {
            selection.mrmr = true;
        } else if (step == "lasso") {
            selection.lasso = true;
        } else {
            throw InputError("--steps entry '" + step +
                             "' is unknown; use a comma-separated subset of corr,mrmr,lasso");
        }
    }
    requireInput(selection.correlationFilter || selection.mrmr || selection.lasso,
                 "--steps '" + text + "' names no step; use a subset of corr,mrmr,lasso");
}

void runSelect(SelectCommandOptions& options) {
    parseSteps(options.steps, options.selection);
    options.selection.scale = options.table.resolve();
    options.selection.mrmrScheme =
        options.mrmrScheme == "miq" ? learn::MrmrScheme::Quotient : learn::MrmrScheme::Difference;
    options.selection.useLambda1se = options.lambdaRule == "1se";

    const learn::Dataset data = learn::loadDataset(options.table.input, options.table.dataset);
    const learn::SelectionResult result = learn::runSelection(data, options.selection);
    if (options.table.dataset.imputeMedian) {
        spdlog::info("--impute median: {} missing cells replaced by training medians",
                     result.data.imputedCells);
    }
    if (options.selection.lasso) {
        spdlog::info("lambda.min = {}, lambda.1se = {}", result.lasso.lambdaMin, result.lasso.lambda1se);
    }
    if (!options.outputDir.empty()) {
        learn::writeSelectionFiles(options.outputDir, data, result, options.selection);
    }
    const std::string output = options.format == "json"
                                   ? learn::selectionJson(data, result, options.selection).dump(2) + "\n"
                                   : learn::selectionFunnelCsv(data, result, options.selection);
    std::fputs(output.c_str(), stdout);
}

const cli::CommandRegistrar registrar(40, [](CLI::App& app) {
    auto options = std::make_shared<SelectCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "select",
        "Select features: correlation filter, mRMR and LASSO (glmnet's algorithm) on the training split");
    addFeatureTableOptions(command, options->table);
    command
        ->add_option("--steps", options->steps,
                     "Comma-separated steps to run, in chain order: corr,mrmr,lasso")
        ->capture_default_str();

    command->add_option("--seed", options->selection.seed, "Seed of the split and the folds")
        ->capture_default_str();
    command
        ->add_option("--train-fraction", options->selection.trainFraction,
                     "Fraction of each class in the training set (rounded half up)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    command->add_option("--folds", options->selection.folds, "Cross-validation folds for the LASSO")
        ->capture_default_str()
        ->check(CLI::Range(2, 100));
    command
        ->add_option("--correlation-threshold", options->selection.correlation.threshold,
                     "Drop one feature of each pair with |r| above this")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    command->add_option("--mrmr-top", options->selection.mrmrTop, "Features passed from mRMR to the LASSO")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command
        ->add_option("--mrmr-scheme", options->mrmrScheme, "mRMR score: mid (difference) or miq (quotient)")
        ->capture_default_str()
        ->check(CLI::IsMember({"mid", "miq"}));
    command->add_option("--lambda", options->lambdaRule, "LASSO lambda: min (lambda.min) or 1se (lambda.1se)")
        ->capture_default_str()
        ->check(CLI::IsMember({"min", "1se"}));
    command
        ->add_option("--format", options->format,
                     "Standard output format: csv (the funnel) or json (everything)")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option("-o,--output-dir", options->outputDir,
                        "Folder for selection.json, selection_features.csv, lasso_cv.csv and radscore.csv");

    command->callback([options] { runSelect(*options); });
});

}  // namespace

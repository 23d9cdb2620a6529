#include "cli/feature_table_options.h"

namespace pulmorad::cli {

learn::ScaleKind FeatureTableOptions::resolve() {
    dataset.imputeMedian = impute == "median";
    return scale == "population" ? learn::ScaleKind::PopulationSd : learn::ScaleKind::SampleSd;
}

void addFeatureTableOptions(CLI::App* command, FeatureTableOptions& options) {
    command
        ->add_option("FEATURES", options.input,
                     "Feature CSV: one row per patient, the outcome and the features")
        ->required();
    command->add_option("--outcome", options.dataset.outcome, "0/1 outcome column")->capture_default_str();
    command->add_option(
        "--foldid", options.dataset.foldColumn,
        "Column with each patient's CV fold number 1..K (default: stratified folds from --seed)");
    command->add_option("--id", options.dataset.idColumn,
                        "Patient ID column (default: ID if present, else row numbers)");
    command
        ->add_option("--exclude", options.dataset.exclude, "Columns that are not features (comma-separated)")
        ->delimiter(',');
    command->add_option("--scale", options.scale, "z-score SD: sample (n - 1, as R scale) or population (n)")
        ->capture_default_str()
        ->check(CLI::IsMember({"sample", "population"}));
    command
        ->add_option("--impute", options.impute,
                     "Missing feature cells: none (an error) or median (training medians)")
        ->capture_default_str()
        ->check(CLI::IsMember({"none", "median"}));
}

}  // namespace pulmorad::cli

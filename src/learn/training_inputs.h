#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "learn/tuning.h"

namespace pulmorad::learn {

/// Grids per model, as given on the command line or in a grid file.
using ModelGrids = std::map<std::string, HyperparameterGrid>;

/// Adds one `--grid` value, MODEL:SETTING=V1,V2,... (for example
/// "knn:k=3,5,7" or "svm:C=0.1,1,10"), to `grids`, replacing an earlier list
/// of the same setting. InputError naming the model, the setting or the value
/// and the fix when the text is malformed, the model or setting is unknown,
/// or a value is not a number.
void addGridOption(const std::string& text, ModelGrids& grids);

/// Reads a grid file: YAML (or JSON, which is YAML) mapping model -> setting
/// -> list of values (a single number counts as a one-value list), as the
/// `models.grids` section of the study config. InputError naming the file and
/// the entry when it is malformed, the model or setting is unknown or a value
/// is not a number.
ModelGrids readGridFile(const std::filesystem::path& path);

/// The features that `select` kept, read from its output.
struct SelectedFeatures {
    std::vector<std::string> features;      ///< in the order written by select
    std::vector<std::string> trainIds;      ///< the split select used (empty for CSV input)
    std::optional<std::uint64_t> seed;      ///< select's --seed (JSON input only)
    std::optional<double> trainFraction;    ///< select's --train-fraction (JSON input only)
    std::string outcome;                    ///< select's --outcome (JSON input only)
    std::string step;                       ///< the step whose survivors these are
};

/// Reads the features kept by `pulmorad select` from
/// - selection.json: the survivors of the last step that ran (the LASSO's
///   non-zero coefficients when it ran), with the split, seed and train
///   fraction that select used; or
/// - selection_features.csv: the features with a non-zero lasso_coefficient;
///   or any CSV with a `feature` column and no lasso_coefficient column: the
///   features it lists.
/// InputError naming the file and the fix when no feature is kept or the file
/// is not one of these.
SelectedFeatures readSelectedFeatures(const std::filesystem::path& path);

}  // namespace pulmorad::learn

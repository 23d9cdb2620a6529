#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "learn/classifier.h"
#include "learn/scaling.h"

namespace pulmorad::learn {

/// Candidate values per hyperparameter; the grid is their Cartesian product.
using HyperparameterGrid = std::map<std::string, std::vector<double>>;

/// The grid used for `model` when the study config gives none.
HyperparameterGrid defaultGrid(const std::string& model);

/// `grid` checked for `model`: short names replaced (canonicalHyperparameters),
/// every list non-empty and every combination accepted by makeClassifier.
/// InputError naming the model, the setting and the fix otherwise.
HyperparameterGrid checkedGrid(const std::string& model, const HyperparameterGrid& grid);

/// Every combination of `grid`, in lexicographic order of the names.
std::vector<Hyperparameters> expandGrid(const HyperparameterGrid& grid);

struct GridPointScore {
    Hyperparameters hyperparameters;
    std::vector<double> foldAuc;
    double meanAuc = 0.0;
};

struct TuningResult {
    std::vector<GridPointScore> scores;  ///< one per grid point, in grid order
    std::size_t bestIndex = 0;
    Hyperparameters best;
};

/// Grid search by stratified K-fold cross-validation inside the training set.
/// `x` contains the raw training features, and within each fold the z-scoring is
/// re-estimated on the fold's training part (`scale`), the model fitted and
/// the AUC computed on the held-out part. The point with the largest mean
/// AUC wins (the first in grid order on ties). The folds come from
/// `foldOfRow` (0-based) and each model gets `seed`.
TuningResult tuneByCrossValidation(const std::string& model, const HyperparameterGrid& grid,
                                   const Eigen::MatrixXd& x, std::span<const int> y,
                                   std::span<const int> foldOfRow, ScaleKind scale, std::uint64_t seed);

}  // namespace pulmorad::learn

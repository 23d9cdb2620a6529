#include "learn/tuning.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "common/errors.h"
#include "stats/roc.h"

namespace pulmorad::learn {

HyperparameterGrid defaultGrid(const std::string& model) {
    if (model == "dt") {
        return {{"max_depth", {2, 3, 4, 5}}, {"min_samples_leaf", {1, 5, 10}}, {"ccp_alpha", {0.0, 0.01}}};
    }
    if (model == "rf") {
        return {{"n_estimators", {300}}, {"min_samples_leaf", {1, 5}}, {"max_depth", {0, 5}}};
    }
    if (model == "xgboost") {
        return {{"learning_rate", {0.05, 0.1, 0.3}},
                {"max_depth", {2, 3, 5}},
                {"n_estimators", {100}},
                {"subsample", {0.8}},
                {"colsample_bytree", {0.8}},
                {"min_child_weight", {1}}};
    }
    if (model == "lightgbm") {
        return {{"learning_rate", {0.05, 0.1}}, {"num_leaves", {4, 8, 16}},  {"n_estimators", {100}},
                {"subsample", {0.8}},           {"colsample_bytree", {0.8}}, {"min_child_weight", {1}}};
    }
    if (model == "knn") {
        return {{"n_neighbors", {5, 7, 9, 11, 15}}, {"distance_weighted", {0, 1}}, {"p", {1, 2}}};
    }
    if (model == "svm") {
        return {{"C", {0.1, 1, 10}}, {"gamma", {0, 0.01, 0.1}}};
    }
    throw InputError("model '" + model + "' is unknown; use dt, rf, xgboost, lightgbm, knn or svm");
}

HyperparameterGrid checkedGrid(const std::string& model, const HyperparameterGrid& grid) {
    HyperparameterGrid result;
    for (const auto& [name, values] : grid) {
        const std::string canonical = canonicalHyperparameterName(model, name);
        requireInput(result.count(canonical) == 0, "the grid of model " + model + " gives " + canonical +
                                                       " twice (once as " + name + "); give it once");
        requireInput(!values.empty(), "the grid of model " + model + " has no values for " + name +
                                          "; give at least one value");
        result[canonical] = values;
    }
    for (const Hyperparameters& point : expandGrid(result)) {
        (void)makeClassifier(model, point, 0);
    }
    return result;
}

std::vector<Hyperparameters> expandGrid(const HyperparameterGrid& grid) {
    std::vector<Hyperparameters> points{Hyperparameters{}};
    for (const auto& [name, values] : grid) {
        requireInput(!values.empty(),
                     "the grid of hyperparameter " + name + " is empty; give at least one value");
        std::vector<Hyperparameters> extended;
        for (const auto& point : points) {
            for (const double value : values) {
                Hyperparameters next = point;
                next[name] = value;
                extended.push_back(std::move(next));
            }
        }
        points = std::move(extended);
    }
    return points;
}

TuningResult tuneByCrossValidation(const std::string& model, const HyperparameterGrid& grid,
                                   const Eigen::MatrixXd& x, std::span<const int> y,
                                   std::span<const int> foldOfRow, ScaleKind scale, std::uint64_t seed) {
    const int foldCount = *std::max_element(foldOfRow.begin(), foldOfRow.end()) + 1;
    struct Fold {
        Eigen::MatrixXd train;
        Eigen::MatrixXd test;
        std::vector<int> trainY;
        std::vector<double> testY;
    };
    std::vector<Fold> folds(static_cast<std::size_t>(foldCount));
    for (int f = 0; f < foldCount; ++f) {
        std::vector<Eigen::Index> trainRows;
        std::vector<Eigen::Index> testRows;
        Fold& fold = folds[static_cast<std::size_t>(f)];
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (foldOfRow[i] == f) {
                testRows.push_back(static_cast<Eigen::Index>(i));
                fold.testY.push_back(y[i]);
            } else {
                trainRows.push_back(static_cast<Eigen::Index>(i));
                fold.trainY.push_back(y[i]);
            }
        }
        const Eigen::MatrixXd rawTrain = x(trainRows, Eigen::all);
        const Standardizer scaler = Standardizer::fit(rawTrain, scale);
        fold.train = scaler.transform(rawTrain);
        fold.test = scaler.transform(x(testRows, Eigen::all));
    }

    TuningResult result;
    for (const auto& point : expandGrid(grid)) {
        result.scores.push_back(GridPointScore{point, {}, 0.0});
    }
    // Grid points are independent and each model is seeded, so the scores do
    // not depend on the thread count.
    tbb::parallel_for(std::size_t{0}, result.scores.size(), [&](std::size_t g) {
        GridPointScore& score = result.scores[g];
        for (const Fold& fold : folds) {
            auto classifier = makeClassifier(model, score.hyperparameters, seed);
            classifier->fit(fold.train, fold.trainY);
            score.foldAuc.push_back(
                stats::areaUnderCurve(classifier->predictProbability(fold.test), fold.testY));
        }
        double total = 0.0;
        for (const double auc : score.foldAuc) {
            total += auc;
        }
        score.meanAuc = total / static_cast<double>(score.foldAuc.size());
    });
    for (std::size_t g = 0; g < result.scores.size(); ++g) {
        if (result.scores[g].meanAuc > result.scores[result.bestIndex].meanAuc) {
            result.bestIndex = g;
        }
    }
    result.best = result.scores[result.bestIndex].hyperparameters;
    spdlog::debug("{}: best CV AUC {:.4f} of {} grid points", model, result.scores[result.bestIndex].meanAuc,
                  result.scores.size());
    return result;
}

}  // namespace pulmorad::learn

#include "learn/classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/errors.h"
#include "learn/decision_tree.h"
#include "learn/gradient_boosting.h"
#include "learn/knn.h"
#include "learn/svm.h"

namespace pulmorad::learn {

const std::vector<std::string>& classifierNames() {
    static const std::vector<std::string> names{"dt", "rf", "xgboost", "lightgbm", "knn", "svm"};
    return names;
}

std::string classifierDisplayName(const std::string& model) {
    if (model == "dt") return "Decision tree (CART)";
    if (model == "rf") return "Random forest";
    if (model == "xgboost") return "XGBoost";
    if (model == "lightgbm") return "LightGBM-style (XGBoost engine)";
    if (model == "knn") return "k-nearest neighbours";
    if (model == "svm") return "SVM (RBF)";
    return model;
}

void rejectUnknownHyperparameters(const Hyperparameters& hyperparameters, const std::string& model,
                                  const std::vector<std::string>& known) {
    for (const auto& [name, value] : hyperparameters) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& candidate : known) {
                list += (list.empty() ? "" : ", ") + candidate;
            }
            throw InputError("hyperparameter '" + name + "' is not a setting of model " + model +
                             "; use one of " + list);
        }
    }
}

int integerHyperparameter(const Hyperparameters& hyperparameters, const std::string& name, int fallback,
                          int minimum) {
    const auto found = hyperparameters.find(name);
    if (found == hyperparameters.end()) {
        return fallback;
    }
    const double value = found->second;
    requireInput(std::floor(value) == value && value >= minimum,
                 "hyperparameter " + name + " = " + std::to_string(value) +
                     " is invalid; use a whole number >= " + std::to_string(minimum));
    return static_cast<int>(value);
}

double realHyperparameter(const Hyperparameters& hyperparameters, const std::string& name, double fallback,
                          double lower, double upper) {
    const auto found = hyperparameters.find(name);
    if (found == hyperparameters.end()) {
        return fallback;
    }
    requireInput(found->second > lower && found->second <= upper,
                 "hyperparameter " + name + " = " + std::to_string(found->second) + " is outside (" +
                     std::to_string(lower) + ", " + std::to_string(upper) + "]");
    return found->second;
}

std::unique_ptr<Classifier> makeClassifier(const std::string& model, const Hyperparameters& hyperparameters,
                                           std::uint64_t seed) {
    const double unbounded = std::numeric_limits<double>::infinity();
    if (model == "dt" || model == "rf") {
        rejectUnknownHyperparameters(
            hyperparameters, model,
            model == "dt"
                ? std::vector<std::string>{"max_depth", "min_samples_leaf", "ccp_alpha"}
                : std::vector<std::string>{"n_estimators", "max_depth", "min_samples_leaf", "max_features"});
        TreeOptions options;
        options.maxDepth = integerHyperparameter(hyperparameters, "max_depth", 0, 0);
        options.minSamplesLeaf = integerHyperparameter(hyperparameters, "min_samples_leaf", 1, 1);
        if (model == "dt") {
            options.ccpAlpha = realHyperparameter(hyperparameters, "ccp_alpha", 0.0, -1e-300, unbounded);
            return std::make_unique<DecisionTreeClassifier>(options,
                                                            static_cast<std::uint32_t>(seed & 0xffffffffu));
        }
        options.maxFeatures = integerHyperparameter(hyperparameters, "max_features", 0, 0);
        return std::make_unique<RandomForest>(integerHyperparameter(hyperparameters, "n_estimators", 500, 1),
                                              options, seed);
    }
    if (model == "xgboost" || model == "lightgbm") {
        const bool leafWise = model == "lightgbm";
        std::vector<std::string> known{"learning_rate", "max_depth",        "n_estimators",
                                       "subsample",     "colsample_bytree", "min_child_weight"};
        if (leafWise) {
            known.push_back("num_leaves");
        }
        rejectUnknownHyperparameters(hyperparameters, model, known);
        BoostingOptions options;
        options.leafWise = leafWise;
        options.learningRate =
            realHyperparameter(hyperparameters, "learning_rate", leafWise ? 0.1 : 0.3, 0.0, 1.0);
        options.maxDepth = integerHyperparameter(hyperparameters, "max_depth", leafWise ? 0 : 6, 0);
        options.rounds = integerHyperparameter(hyperparameters, "n_estimators", 100, 1);
        options.subsample = realHyperparameter(hyperparameters, "subsample", 1.0, 0.0, 1.0);
        options.columnSample = realHyperparameter(hyperparameters, "colsample_bytree", 1.0, 0.0, 1.0);
        options.minChildWeight =
            realHyperparameter(hyperparameters, "min_child_weight", 1.0, -1e-300, unbounded);
        options.maxLeaves = integerHyperparameter(hyperparameters, "num_leaves", 31, 2);
        return std::make_unique<GradientBoosting>(options, seed);
    }
    if (model == "knn") {
        rejectUnknownHyperparameters(hyperparameters, model, {"n_neighbors", "distance_weighted", "p"});
        const int weighted = integerHyperparameter(hyperparameters, "distance_weighted", 0, 0);
        requireInput(weighted <= 1, "hyperparameter distance_weighted must be 0 (uniform) or 1 (1/distance)");
        return std::make_unique<KNearestNeighbours>(
            integerHyperparameter(hyperparameters, "n_neighbors", 5, 1), weighted == 1,
            realHyperparameter(hyperparameters, "p", 2.0, 0.0, unbounded));
    }
    if (model == "svm") {
        rejectUnknownHyperparameters(hyperparameters, model, {"C", "gamma"});
        return std::make_unique<SupportVectorMachine>(
            realHyperparameter(hyperparameters, "C", 1.0, 0.0, unbounded),
            realHyperparameter(hyperparameters, "gamma", 0.0, -1e-300, unbounded), seed);
    }
    throw InputError("model '" + model + "' is unknown; use dt, rf, xgboost, lightgbm, knn or svm");
}

}  // namespace pulmorad::learn

#include "learn/classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/errors.h"
#include "common/number_format.h"
#include "learn/decision_tree.h"
#include "learn/gradient_boosting.h"
#include "learn/knn.h"
#include "learn/model_json.h"
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

const std::vector<std::string>& hyperparameterNames(const std::string& model) {
    static const std::map<std::string, std::vector<std::string>> names{
        {"dt", {"max_depth", "min_samples_leaf", "ccp_alpha"}},
        {"rf", {"n_estimators", "max_depth", "min_samples_leaf", "max_features"}},
        {"xgboost",
         {"learning_rate", "max_depth", "n_estimators", "subsample", "colsample_bytree", "min_child_weight"}},
        {"lightgbm",
         {"learning_rate", "max_depth", "n_estimators", "subsample", "colsample_bytree", "min_child_weight",
          "num_leaves"}},
        {"knn", {"n_neighbors", "distance_weighted", "p"}},
        {"svm", {"C", "gamma"}}};
    const auto found = names.find(model);
    if (found == names.end()) {
        throw InputError("model '" + model + "' is unknown; use dt, rf, xgboost, lightgbm, knn or svm");
    }
    return found->second;
}

std::string canonicalHyperparameterName(const std::string& model, const std::string& name) {
    const std::string canonical = model == "knn" && name == "k" ? "n_neighbors" : name;
    rejectUnknownHyperparameters({{canonical, 0.0}}, model, hyperparameterNames(model));
    return canonical;
}

Hyperparameters canonicalHyperparameters(const std::string& model, const Hyperparameters& hyperparameters) {
    Hyperparameters result;
    for (const auto& [name, value] : hyperparameters) {
        const std::string canonical = canonicalHyperparameterName(model, name);
        requireInput(result.count(canonical) == 0, "hyperparameter " + canonical + " of model " + model +
                                                       " is given twice (once as " + name +
                                                       "); give it once");
        result[canonical] = value;
    }
    return result;
}

void rejectUnknownHyperparameters(const Hyperparameters& hyperparameters, const std::string& model,
                                  const std::vector<std::string>& known) {
    for (const auto& [name, value] : hyperparameters) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& candidate : known) {
                list += (list.empty() ? "" : ", ") + candidate + (model == "knn" && candidate == "n_neighbors" ? " (or k)" : "");
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
                 "hyperparameter " + name + " = " + formatDouble(value) +
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
                 "hyperparameter " + name + " = " + formatDouble(found->second) + " is outside " +
                     (lower == -1e-300 ? "[0" : "(" + formatDouble(lower)) + ", " + formatDouble(upper) +
                     "]; give a value in that range");
    return found->second;
}

std::unique_ptr<Classifier> makeClassifier(const std::string& model, const Hyperparameters& given,
                                           std::uint64_t seed) {
    const Hyperparameters hyperparameters = canonicalHyperparameters(model, given);
    const double unbounded = std::numeric_limits<double>::infinity();
    if (model == "dt" || model == "rf") {
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
        const int weighted = integerHyperparameter(hyperparameters, "distance_weighted", 0, 0);
        requireInput(weighted <= 1, "hyperparameter distance_weighted must be 0 (uniform) or 1 (1/distance)");
        return std::make_unique<KNearestNeighbours>(
            integerHyperparameter(hyperparameters, "n_neighbors", 5, 1), weighted == 1,
            realHyperparameter(hyperparameters, "p", 2.0, 0.0, unbounded));
    }
    if (model == "svm") {
        return std::make_unique<SupportVectorMachine>(
            realHyperparameter(hyperparameters, "C", 1.0, 0.0, unbounded),
            realHyperparameter(hyperparameters, "gamma", 0.0, -1e-300, unbounded), seed);
    }
    throw InputError("model '" + model + "' is unknown; use dt, rf, xgboost, lightgbm, knn or svm");
}

Eigen::MatrixXd Classifier::shapValues(const Eigen::MatrixXd&) const {
    throw InputError("SHAP values are computed for the tree models only (dt, rf, xgboost, lightgbm), "
                     "not for knn or svm; explain one of the tree models instead");
}

std::string Classifier::shapOutput() const {
    return "";
}

std::unique_ptr<Classifier> loadClassifier(const nlohmann::json& model) {
    const std::string fix = "; use a model file written by pulmorad train without editing it";
    try {
        requireInput(model.is_object(), "model JSON: the model is not a JSON object" + fix);
        const nlohmann::json& name = requireMember(model, "model", "the model");
        requireInput(name.is_string(), "model JSON: field 'model' is not a string" + fix);
        const nlohmann::json& settings = requireMember(model, "hyperparameters", "the model");
        requireInput(settings.is_object(), "model JSON: field 'hyperparameters' is not an object" + fix);
        Hyperparameters hyperparameters;
        for (const auto& [key, value] : settings.items()) {
            requireInput(value.is_number(), "model JSON: hyperparameter '" + key + "' is not a number" + fix);
            hyperparameters[key] = value.get<double>();
        }
        const nlohmann::json& seed = requireMember(model, "seed", "the model");
        requireInput(seed.is_number_unsigned() || (seed.is_number_integer() && seed.get<std::int64_t>() >= 0),
                     "model JSON: field 'seed' is not a whole number >= 0" + fix);
        const nlohmann::json& state = requireMember(model, "state", "the model");
        requireInput(state.is_object(), "model JSON: field 'state' is not an object" + fix);

        auto classifier = makeClassifier(name.get<std::string>(), hyperparameters, seed.get<std::uint64_t>());
        if (auto* tree = dynamic_cast<DecisionTreeClassifier*>(classifier.get())) {
            tree->restore(state);
        } else if (auto* forest = dynamic_cast<RandomForest*>(classifier.get())) {
            forest->restore(state);
        } else if (auto* boosted = dynamic_cast<GradientBoosting*>(classifier.get())) {
            boosted->restore(state);
        } else if (auto* neighbours = dynamic_cast<KNearestNeighbours*>(classifier.get())) {
            neighbours->restore(state);
        } else if (auto* machine = dynamic_cast<SupportVectorMachine*>(classifier.get())) {
            machine->restore(state);
        } else {
            throw std::logic_error("loadClassifier: model " + name.get<std::string>() + " has no restore");
        }
        return classifier;
    } catch (const nlohmann::json::exception& error) {
        // A field of the wrong JSON type (for example a string where numbers belong).
        throw InputError(std::string("model JSON is malformed (") + error.what() + ")" + fix);
    }
}

}  // namespace pulmorad::learn

#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pulmorad::learn {

/// Hyperparameters by name (for example "k", "max_depth", "C"). Integer
/// settings are stored as doubles holding whole numbers.
using Hyperparameters = std::map<std::string, double>;

/// A binary classifier fitted on z-scored features (rows = patients) and a
/// 0/1 outcome. Implementations are deterministic for a given seed.
class Classifier {
public:
    virtual ~Classifier() = default;

    /// Fits the model. Throws InputError for unusable data.
    virtual void fit(const Eigen::MatrixXd& x, std::span<const int> y) = 0;

    /// Predicted probability of class 1 for every row.
    virtual std::vector<double> predictProbability(const Eigen::MatrixXd& x) const = 0;

    /// The fitted model as JSON: {"model": "<name>", "hyperparameters": {...}, "seed": n, "state": {...}}.
    /// loadClassifier(toJson()) predicts bit-identically.
    virtual nlohmann::json toJson() const = 0;

    /// SHAP values, n x (p + 1), last column the expected value; each row sums to the
    /// model output named by shapOutput(). Throws InputError for knn and svm.
    virtual Eigen::MatrixXd shapValues(const Eigen::MatrixXd& x) const;

    /// "probability" (dt, rf) or "log-odds margin" (xgboost, lightgbm); empty for knn, svm.
    virtual std::string shapOutput() const;
};

/// Rebuilds a fitted model from Classifier::toJson(). Throws InputError when
/// `model` is malformed (a missing or mistyped field, an unknown model name).
std::unique_ptr<Classifier> loadClassifier(const nlohmann::json& model);

/// The model names accepted by makeClassifier, in the study's order:
/// dt, rf, xgboost, lightgbm, knn, svm.
const std::vector<std::string>& classifierNames();

/// Display name of a model ("LightGBM-style (XGBoost engine)" for lightgbm).
std::string classifierDisplayName(const std::string& model);

/// Creates the model `model` with `hyperparameters` (unknown names are an
/// InputError) and `seed` for every random choice it makes.
std::unique_ptr<Classifier> makeClassifier(const std::string& model, const Hyperparameters& hyperparameters,
                                           std::uint64_t seed);

/// The hyperparameter names of `model`; InputError naming the model when it is unknown.
const std::vector<std::string>& hyperparameterNames(const std::string& model);

/// `hyperparameters` with the short names that the study config and the
/// command line also accept replaced by the names above: "k" for knn's
/// n_neighbors. InputError naming the model, the setting and the valid names
/// when a name is not a setting of `model`.
Hyperparameters canonicalHyperparameters(const std::string& model, const Hyperparameters& hyperparameters);

/// The canonical name of one setting of `model` (see canonicalHyperparameters).
std::string canonicalHyperparameterName(const std::string& model, const std::string& name);

/// Reads an integer hyperparameter, checking that it is a whole number >= minimum.
int integerHyperparameter(const Hyperparameters& hyperparameters, const std::string& name, int fallback,
                          int minimum);

/// Reads a real hyperparameter, checking that it lies in (lower, upper].
double realHyperparameter(const Hyperparameters& hyperparameters, const std::string& name, double fallback,
                          double lower, double upper);

/// Throws InputError naming the first key of `hyperparameters` that is not in `known`.
void rejectUnknownHyperparameters(const Hyperparameters& hyperparameters, const std::string& model,
                                  const std::vector<std::string>& known);

}  // namespace pulmorad::learn

#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "study/nomogram.h"

namespace pulmorad::study {

/// Version of the bundle.json layout that this build writes and reads. A
/// reader rejects a bundle of a newer version rather than misread it.
inline constexpr int kBundleFormatVersion = 1;

/// Name of the Rad-score as a model variable and as a PATIENT.csv column.
inline constexpr const char* kRadScoreVariable = "radscore";

/// A clinical variable as the study config declared it.
struct ClinicalVariable {
    std::string name;
    std::string type;  ///< "binary", "categorical" or "continuous"
    std::string unit;  ///< may be empty
};

/// A radiomic feature with its training-set z-scoring.
struct RadiomicFeature {
    std::string name;
    double mean = 0.0;
    double sd = 1.0;  ///< a zero SD scores the feature 0, as learn::Standardizer does
};

/// Rad-score = intercept + sum_i coefficient_i * z_i over standardised features.
struct RadScoreModel {
    double intercept = 0.0;
    std::vector<std::string> features;  ///< each one of ModelBundle::radiomicFeatures
    std::vector<double> coefficients;
};

/// A logistic model: logit P = intercept + sum_j coefficient_j * x_j.
struct LogisticModel {
    std::string name;  ///< "clinical", "radiomics" or "combined"
    std::string label;
    std::vector<std::string> variables;  ///< clinical variable names or kRadScoreVariable
    double intercept = 0.0;
    std::vector<double> coefficients;
};

/// The training minimum and maximum of one model input (a clinical variable,
/// the Rad-score or a radiomic feature). `predict` warns about a patient value
/// outside it, because the models extrapolate there.
struct TrainingRange {
    std::string variable;
    double min = 0.0;
    double max = 0.0;
};

/// A fitted learn::Classifier with the inputs it takes. Each input is
/// z-scored as (x - mean) / sd before it reaches the model (mean 0, sd 1 for
/// an input used as it is).
struct ClassifierModel {
    std::string name;  ///< "combined_lightgbm" or "radiomics_lightgbm"
    std::string file;  ///< file name inside the model folder, for example lightgbm_combined.json
    std::vector<std::string> features;  ///< clinical names, kRadScoreVariable or radiomic feature names
    std::vector<double> means;
    std::vector<double> sds;
    double shapExpectedValue = 0.0;  ///< expected model output (SHAP base value) on the training set
    nlohmann::json model;            ///< learn::Classifier::toJson()
};

/// Everything `pulmorad predict` needs to score a new patient. Parts of a
/// clinical-only or radiomics-only study are empty or std::nullopt.
struct ModelBundle {
    int formatVersion = kBundleFormatVersion;
    std::string pulmoradVersion;
    std::string idColumn = "ID";
    std::string outcome;
    std::string negativeLabel;
    std::string positiveLabel;
    std::vector<ClinicalVariable> clinicalVariables;
    std::string scaling = "sample";  ///< SD of the radiomic z-scoring: "sample" or "population"
    std::vector<RadiomicFeature> radiomicFeatures;
    std::optional<RadScoreModel> radScore;
    std::vector<LogisticModel> logisticModels;
    std::optional<Nomogram> nomogram;            ///< of the "combined" logistic model
    std::optional<ClassifierModel> combinedClassifier;   ///< LightGBM-style model on Rad-score + clinical
    std::optional<ClassifierModel> radiomicsClassifier;  ///< LightGBM-style model on the radiomic features
    /// Empty in bundles written before the key existed; `predict` then takes
    /// the ranges of the nomogram variables from Nomogram::variables.
    std::vector<TrainingRange> trainingRanges;
};

/// Writes `folder`/bundle.json and one JSON file per classifier (the names in
/// ClassifierModel::file), each atomically. Creates `folder` when missing.
/// Throws std::invalid_argument when the bundle is inconsistent (a
/// coefficient count that differs from the variable count, a variable that
/// is not declared), so the writer's bug does not reach a user.
void writeBundle(const std::filesystem::path& folder, const ModelBundle& bundle);

/// Reads `folder`/bundle.json and the files it names. Throws InputError naming
/// the file and the key when a file is missing or malformed, or when the
/// bundle comes from a newer format version.
ModelBundle readBundle(const std::filesystem::path& folder);

/// The bundle.json object (classifier models are referenced by file name).
nlohmann::json bundleToJson(const ModelBundle& bundle);

/// Checks that every model variable is declared and every count matches;
/// returns an empty string when consistent, else the first problem.
std::string bundleInconsistency(const ModelBundle& bundle);

}  // namespace pulmorad::study

#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "study/bundle.h"
#include "study/nomogram.h"
#include "table/table.h"

namespace pulmorad::study {

/// A classifier's output for one patient.
struct ClassifierScore {
    std::string name;  ///< ClassifierModel::name
    double probability = 0.0;
    std::string shapOutput;     ///< "log-odds margin" or "probability"; empty when the model has no SHAP
    std::vector<double> shap;   ///< one contribution per ClassifierModel::features entry
    double expectedValue = 0.0; ///< SHAP base value; contributions plus it sum to the output
};

/// A patient value outside the training range of a model input.
struct OutOfRangeValue {
    std::string variable;
    double value = 0.0;
    double trainingMin = 0.0;
    double trainingMax = 0.0;
};

/// Everything the bundle computes for one patient. Parts whose model is not
/// in the bundle are empty or std::nullopt.
struct PatientScore {
    std::string id;
    std::optional<double> radScore;
    std::vector<std::pair<std::string, double>> logisticProbabilities;  ///< model name, probability
    std::optional<NomogramScore> nomogram;
    std::vector<ClassifierScore> classifiers;
    std::vector<OutOfRangeValue> outsideTrainingRange;  ///< model inputs that extrapolate, in bundle order
};

/// Scores every row of `patients`. The Rad-score comes from a `radscore`
/// column when the table has one, else from the radiomic feature columns.
/// Logs a WARNING for each value outside its training range (the first
/// kMaxRangeWarnings, then a count) and records it in
/// PatientScore::outsideTrainingRange.
/// Throws InputError naming the file, the column, the patient and the fix
/// for a missing column, an empty or non-numeric cell, or a binary variable
/// that is not 0 or 1. The study fits its models on complete cases and
/// imputes nothing, so a missing value is an error here too.
std::vector<PatientScore> scorePatients(const ModelBundle& bundle, const table::Table& patients);

/// Number of out-of-range values that scorePatients() logs one by one.
inline constexpr std::size_t kMaxRangeWarnings = 20;

/// Reads PATIENT.csv with the bundle's ID column (rows numbered when absent).
/// `path` may be a pipe or another non-regular file, since it is read once;
/// "-" reads standard input.
table::Table readPatientTable(const ModelBundle& bundle, const std::filesystem::path& path);

/// One CSV row per patient: id, radscore, <model>_probability per logistic
/// model, nomogram points per variable and total, then per classifier its
/// probability, SHAP contribution per feature and expected value, and last
/// `outside_training_range`: the variables outside their training range,
/// separated by ';' (empty when none).
std::string predictionsCsv(const ModelBundle& bundle, const std::vector<PatientScore>& scores);

/// The same as JSON: {"patients": [...]} with nested objects per part.
nlohmann::ordered_json predictionsJson(const ModelBundle& bundle, const std::vector<PatientScore>& scores);

}  // namespace pulmorad::study

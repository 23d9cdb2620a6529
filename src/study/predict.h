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

/// Everything the bundle computes for one patient. Parts whose model is not
/// in the bundle are empty or std::nullopt.
struct PatientScore {
    std::string id;
    std::optional<double> radScore;
    std::vector<std::pair<std::string, double>> logisticProbabilities;  ///< model name, probability
    std::optional<NomogramScore> nomogram;
    std::vector<ClassifierScore> classifiers;
};

/// Scores every row of `patients`. The Rad-score comes from a `radscore`
/// column when the table has one, else from the radiomic feature columns.
/// Throws InputError naming the file, the column, the patient and the fix
/// for a missing column, an empty or non-numeric cell, or a binary variable
/// that is not 0 or 1.
std::vector<PatientScore> scorePatients(const ModelBundle& bundle, const table::Table& patients);

/// Reads PATIENT.csv with the bundle's ID column (rows numbered when absent).
table::Table readPatientTable(const ModelBundle& bundle, const std::filesystem::path& path);

/// One CSV row per patient: id, radscore, <model>_probability per logistic
/// model, nomogram points per variable and total, then per classifier its
/// probability, SHAP contribution per feature and expected value.
std::string predictionsCsv(const ModelBundle& bundle, const std::vector<PatientScore>& scores);

/// The same as JSON: {"patients": [...]} with nested objects per part.
nlohmann::ordered_json predictionsJson(const ModelBundle& bundle, const std::vector<PatientScore>& scores);

}  // namespace pulmorad::study

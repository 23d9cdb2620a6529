#include "study/predict.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/number_format.h"
#include "learn/classifier.h"

namespace pulmorad::study {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

const ClinicalVariable* findClinical(const ModelBundle& bundle, const std::string& name) {
    for (const ClinicalVariable& variable : bundle.clinicalVariables) {
        if (variable.name == name) {
            return &variable;
        }
    }
    return nullptr;
}

const RadiomicFeature* findRadiomic(const ModelBundle& bundle, const std::string& name) {
    for (const RadiomicFeature& feature : bundle.radiomicFeatures) {
        if (feature.name == name) {
            return &feature;
        }
    }
    return nullptr;
}

/// Clinical variables that a logistic model or the combined classifier uses, in bundle order.
std::vector<std::string> usedClinicalVariables(const ModelBundle& bundle) {
    std::vector<std::string> used;
    auto add = [&](const std::vector<std::string>& variables) {
        for (const std::string& name : variables) {
            if (findClinical(bundle, name) != nullptr && !contains(used, name)) {
                used.push_back(name);
            }
        }
    };
    for (const LogisticModel& model : bundle.logisticModels) {
        add(model.variables);
    }
    if (bundle.combinedClassifier) {
        add(bundle.combinedClassifier->features);
    }
    return used;
}

/// A numeric column with every cell present; binary columns must contain 0 or 1.
std::vector<double> patientValues(const table::Table& patients, const std::string& column, bool binary) {
    const std::vector<std::string>& cells = patients.text(column);
    std::vector<double> values(cells.size());
    for (std::size_t row = 0; row < cells.size(); ++row) {
        const std::string& cell = cells[row];
        const bool missing = table::isMissingCell(cell);
        const bool number = !missing && parseDouble(cell, values[row]) && std::isfinite(values[row]);
        const bool valid = number && (!binary || values[row] == 0.0 || values[row] == 1.0);
        if (valid) {
            continue;
        }

        // The message names the file, the column, the value and the patient.
        const std::string where = patients.sourceName() + ": " + (binary ? "binary column '" : "column '") + column +
                                  "' ";
        const std::string patient = " for patient " + patients.ids()[row];
        if (missing) {
            throw InputError(where + "is empty or NA" + patient +
                             "; fill in the value or leave the patient out, since the study fits its models on "
                             "complete cases and imputes no missing value");
        }
        if (table::looksLikeCommaDecimal(cell)) {
            throw InputError(where + "has the value '" + cell + "'" + patient +
                             ", with a comma as decimal separator; write numbers with '.' decimals (12.5)");
        }
        if (!number) {
            throw InputError(where + "has the value '" + cell + "'" + patient + ", which is not a number; give a number");
        }
        throw InputError(where + "has the value '" + cell + "'" + patient + "; code it 0 (no) or 1 (yes)");
    }
    return values;
}

/// Input values of every model variable, by name, for all patients.
class PatientInputs {
public:
    PatientInputs(const ModelBundle& bundle, const table::Table& patients) : bundle_(bundle), patients_(patients) {
        for (const std::string& name : usedClinicalVariables(bundle)) {
            requireColumn(name, "the clinical variable");
            values_[name] = patientValues(patients, name, findClinical(bundle, name)->type == "binary");
        }
        if (bundle.radScore) {
            values_[kRadScoreVariable] = radScores();
        }
    }

    bool has(const std::string& name) const { return values_.count(name) > 0; }

    const std::vector<double>& values(const std::string& name) {
        auto found = values_.find(name);
        if (found == values_.end()) {
            // Only radiomic features are read on demand (for the radiomics classifier).
            requireColumn(name, "the radiomic feature");
            found = values_.emplace(name, patientValues(patients_, name, false)).first;
        }
        return found->second;
    }

    bool radScoreFromColumn() const { return radScoreFromColumn_; }

private:
    void requireColumn(const std::string& name, const std::string& what) const {
        requireInput(patients_.hasColumn(name), patients_.sourceName() + ": column '" + name + "' (" + what +
                                                    ") is missing; the model needs it, so add a column '" + name +
                                                    "' with each patient's value");
    }

    std::vector<double> radScores() {
        if (patients_.hasColumn(kRadScoreVariable)) {
            radScoreFromColumn_ = true;
            spdlog::info("Using the Rad-score from the radscore column of {}", patients_.sourceName());
            return patientValues(patients_, kRadScoreVariable, false);
        }

        const RadScoreModel& model = *bundle_.radScore;
        for (const std::string& feature : model.features) {
            requireInput(patients_.hasColumn(feature),
                         patients_.sourceName() + ": column '" + feature +
                             "' is missing and there is no radscore column; add the " +
                             std::to_string(model.features.size()) +
                             " radiomic feature columns of the Rad-score (as pulmorad extract writes them) "
                             "or a radscore column");
        }
        std::vector<double> scores(patients_.rowCount(), model.intercept);
        for (std::size_t i = 0; i < model.features.size(); ++i) {
            const RadiomicFeature& feature = *findRadiomic(bundle_, model.features[i]);
            const std::vector<double>& raw = values(feature.name);
            for (std::size_t row = 0; row < raw.size(); ++row) {
                const double z = feature.sd > 0.0 ? (raw[row] - feature.mean) / feature.sd : 0.0;
                scores[row] += model.coefficients[i] * z;
            }
        }
        return scores;
    }

    const ModelBundle& bundle_;
    const table::Table& patients_;
    std::map<std::string, std::vector<double>> values_;
    bool radScoreFromColumn_ = false;
};

double logisticModelProbability(const LogisticModel& model, PatientInputs& inputs, std::size_t row) {
    double lp = model.intercept;
    for (std::size_t j = 0; j < model.variables.size(); ++j) {
        lp += model.coefficients[j] * inputs.values(model.variables[j])[row];
    }
    return logisticProbability(lp);
}

std::vector<ClassifierScore> scoreClassifier(const ClassifierModel& model, PatientInputs& inputs,
                                             std::size_t rows) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(model.features.size()));
    for (std::size_t j = 0; j < model.features.size(); ++j) {
        const std::vector<double>& values = inputs.values(model.features[j]);
        for (std::size_t row = 0; row < rows; ++row) {
            x(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(j)) =
                model.sds[j] > 0.0 ? (values[row] - model.means[j]) / model.sds[j] : 0.0;
        }
    }

    const std::unique_ptr<learn::Classifier> classifier = learn::loadClassifier(model.model);
    const std::vector<double> probabilities = classifier->predictProbability(x);
    const std::string shapOutput = classifier->shapOutput();
    Eigen::MatrixXd shap;
    if (!shapOutput.empty()) {
        shap = classifier->shapValues(x);
    }

    std::vector<ClassifierScore> scores(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        ClassifierScore& score = scores[row];
        score.name = model.name;
        score.probability = probabilities[row];
        score.shapOutput = shapOutput;
        if (!shapOutput.empty()) {
            const auto r = static_cast<Eigen::Index>(row);
            for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(model.features.size()); ++j) {
                score.shap.push_back(shap(r, j));
            }
            score.expectedValue = shap(r, shap.cols() - 1);
        }
    }
    return scores;
}

/// Collects the training range of every model input: the bundle's training_ranges,
/// plus the nomogram variables' training minimum and maximum for variables not listed there.
std::vector<TrainingRange> inputRanges(const ModelBundle& bundle) {
    std::vector<TrainingRange> ranges = bundle.trainingRanges;
    if (bundle.nomogram) {
        for (const NomogramVariable& variable : bundle.nomogram->variables) {
            const bool listed = std::any_of(ranges.begin(), ranges.end(), [&](const TrainingRange& range) {
                return range.variable == variable.name;
            });
            if (!listed) {
                ranges.push_back({variable.name, variable.dataMin, variable.dataMax});
            }
        }
    }
    return ranges;
}

/// Records and logs each value that PatientInputs read outside its training range.
/// A value less than 1e-9 times the range's scale beyond a bound counts as inside,
/// because a Rad-score recomputed from the features can differ in the last bits.
void checkTrainingRanges(const ModelBundle& bundle, const table::Table& patients, PatientInputs& inputs,
                         std::vector<PatientScore>& scores) {
    std::size_t outside = 0;
    for (const TrainingRange& range : inputRanges(bundle)) {
        if (!inputs.has(range.variable)) {
            continue;
        }
        const double tolerance =
            1e-9 * std::max({range.max - range.min, std::abs(range.min), std::abs(range.max)});
        const std::vector<double>& values = inputs.values(range.variable);
        for (std::size_t row = 0; row < values.size(); ++row) {
            const double value = values[row];
            if (value >= range.min - tolerance && value <= range.max + tolerance) {
                continue;
            }
            scores[row].outsideTrainingRange.push_back({range.variable, value, range.min, range.max});
            if (++outside <= kMaxRangeWarnings) {
                spdlog::warn("{}: patient {} has {} = {}, outside the training range {} to {}; the models "
                             "extrapolate there, so interpret the probabilities with care",
                             patients.sourceName(), scores[row].id, range.variable, formatDouble(value),
                             formatDouble(range.min), formatDouble(range.max));
            }
        }
    }
    if (outside > kMaxRangeWarnings) {
        spdlog::warn("{}: {} more values are outside their training range; the outside_training_range "
                     "output lists them per patient",
                     patients.sourceName(), outside - kMaxRangeWarnings);
    }
}

/// Scores the radiomics classifier when the table has all its feature columns.
/// Otherwise skips it, with an INFO line when the table gives the Rad-score and
/// none of the features (which it then does not need), else with a WARNING.
void scoreRadiomicsClassifier(const ModelBundle& bundle, const table::Table& patients, PatientInputs& inputs,
                              std::vector<PatientScore>& scores) {
    const ClassifierModel& model = *bundle.radiomicsClassifier;
    std::vector<std::string> missing;
    for (const std::string& feature : model.features) {
        if (!patients.hasColumn(feature)) {
            missing.push_back(feature);
        }
    }
    if (missing.empty()) {
        const std::vector<ClassifierScore> classifierScores = scoreClassifier(model, inputs, scores.size());
        for (std::size_t row = 0; row < scores.size(); ++row) {
            scores[row].classifiers.push_back(classifierScores[row]);
        }
        return;
    }
    if (inputs.radScoreFromColumn() && missing.size() == model.features.size()) {
        spdlog::info("{} gives the Rad-score and not the {} radiomic features, so the radiomics "
                     "LightGBM-style model is not scored",
                     patients.sourceName(), model.features.size());
        return;
    }
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) {
        list += (i == 0 ? "'" : ", '") + missing[i] + "'";
    }
    spdlog::warn("{} lacks {} of the {} radiomic feature columns of the radiomics LightGBM-style model ({}{}), "
                 "so that model is not scored; add the feature columns to score it",
                 patients.sourceName(), missing.size(), model.features.size(), list,
                 missing.size() > 5 ? ", ..." : "");
}

}  // namespace

table::Table readPatientTable(const ModelBundle& bundle, const std::filesystem::path& path) {
    // The text is read once, so that a pipe such as <(cat patients.csv) works.
    const bool standardInput = path == "-";
    const std::string source = standardInput ? "standard input" : path.string();
    std::ostringstream text;
    if (standardInput) {
        text << std::cin.rdbuf();
    } else {
        std::ifstream stream(path, std::ios::binary);
        requireInput(static_cast<bool>(stream),
                     source + " cannot be opened for reading; check its permissions");
        text << stream.rdbuf();
    }

    table::Table patients = table::Table::parseCsv(text.str(), source);
    if (patients.idColumn() != bundle.idColumn && patients.hasColumn(bundle.idColumn)) {
        table::ReadOptions options;
        options.idColumn = bundle.idColumn;
        patients = table::Table::parseCsv(text.str(), source, options);
    }
    return patients;
}

std::vector<PatientScore> scorePatients(const ModelBundle& bundle, const table::Table& patients) {
    const std::size_t rows = patients.rowCount();
    requireInput(rows > 0, patients.sourceName() + " has no patient rows; add one row per patient below the header");
    PatientInputs inputs(bundle, patients);

    std::vector<PatientScore> scores(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        PatientScore& score = scores[row];
        score.id = patients.ids()[row];
        if (bundle.radScore) {
            score.radScore = inputs.values(kRadScoreVariable)[row];
        }
        for (const LogisticModel& model : bundle.logisticModels) {
            score.logisticProbabilities.emplace_back(model.name, logisticModelProbability(model, inputs, row));
        }
        if (bundle.nomogram) {
            std::vector<double> values;
            for (const NomogramVariable& variable : bundle.nomogram->variables) {
                values.push_back(inputs.values(variable.name)[row]);
            }
            score.nomogram = scoreNomogram(*bundle.nomogram, values);
        }
    }

    if (bundle.combinedClassifier) {
        const std::vector<ClassifierScore> classifierScores = scoreClassifier(*bundle.combinedClassifier, inputs, rows);
        for (std::size_t row = 0; row < rows; ++row) {
            scores[row].classifiers.push_back(classifierScores[row]);
        }
    }
    if (bundle.radiomicsClassifier) {
        scoreRadiomicsClassifier(bundle, patients, inputs, scores);
    }
    checkTrainingRanges(bundle, patients, inputs, scores);
    spdlog::info("Scored {} patient(s) from {}", rows, patients.sourceName());
    return scores;
}

std::string predictionsCsv(const ModelBundle& bundle, const std::vector<PatientScore>& scores) {
    std::vector<std::string> header{bundle.idColumn.empty() ? "ID" : bundle.idColumn};
    if (bundle.radScore) {
        header.emplace_back(kRadScoreVariable);
    }
    for (const LogisticModel& model : bundle.logisticModels) {
        header.push_back(model.name + "_probability");
    }
    if (bundle.nomogram) {
        for (const NomogramVariable& variable : bundle.nomogram->variables) {
            header.push_back("nomogram_points_" + variable.name);
        }
        header.emplace_back("nomogram_total_points");
        header.emplace_back("nomogram_probability");
    }
    // Classifier columns come from the first patient, since a classifier may have been skipped.
    const std::vector<ClassifierScore> noClassifiers;
    const std::vector<ClassifierScore>& classifiers = scores.empty() ? noClassifiers : scores.front().classifiers;
    for (const ClassifierScore& classifier : classifiers) {
        header.push_back(classifier.name + "_probability");
        if (classifier.shapOutput.empty()) {
            continue;
        }
        const ClassifierModel& model =
            classifier.name == "combined_lightgbm" ? *bundle.combinedClassifier : *bundle.radiomicsClassifier;
        for (const std::string& feature : model.features) {
            header.push_back(classifier.name + "_shap_" + feature);
        }
        header.push_back(classifier.name + "_shap_expected_value");
    }
    header.emplace_back("outside_training_range");

    table::CsvWriter writer(header);
    for (const PatientScore& score : scores) {
        writer.newRow().add(score.id);
        if (score.radScore) {
            writer.add(*score.radScore);
        }
        for (const auto& [name, probability] : score.logisticProbabilities) {
            writer.add(probability);
        }
        if (score.nomogram) {
            for (double points : score.nomogram->points) {
                writer.add(points);
            }
            writer.add(score.nomogram->totalPoints).add(score.nomogram->probability);
        }
        for (const ClassifierScore& classifier : score.classifiers) {
            writer.add(classifier.probability);
            if (classifier.shapOutput.empty()) {
                continue;
            }
            for (double contribution : classifier.shap) {
                writer.add(contribution);
            }
            writer.add(classifier.expectedValue);
        }
        std::string outside;
        for (const OutOfRangeValue& value : score.outsideTrainingRange) {
            outside += (outside.empty() ? "" : ";") + value.variable;
        }
        writer.add(outside);
    }
    return writer.str();
}

nlohmann::ordered_json predictionsJson(const ModelBundle& bundle, const std::vector<PatientScore>& scores) {
    nlohmann::ordered_json patients = nlohmann::ordered_json::array();
    for (const PatientScore& score : scores) {
        nlohmann::ordered_json patient{{"id", score.id}};
        if (score.radScore) {
            patient["radscore"] = *score.radScore;
        }
        nlohmann::ordered_json probabilities = nlohmann::ordered_json::object();
        for (const auto& [name, probability] : score.logisticProbabilities) {
            probabilities[name] = probability;
        }
        for (const ClassifierScore& classifier : score.classifiers) {
            probabilities[classifier.name] = classifier.probability;
        }
        patient["probability"] = probabilities;

        if (score.nomogram) {
            nlohmann::ordered_json points = nlohmann::ordered_json::object();
            for (std::size_t j = 0; j < score.nomogram->points.size(); ++j) {
                points[bundle.nomogram->variables[j].name] = score.nomogram->points[j];
            }
            patient["nomogram"] = {{"points", points},
                                   {"total_points", score.nomogram->totalPoints},
                                   {"linear_predictor", score.nomogram->linearPredictor},
                                   {"probability", score.nomogram->probability}};
        }

        nlohmann::ordered_json shap = nlohmann::ordered_json::object();
        for (const ClassifierScore& classifier : score.classifiers) {
            if (classifier.shapOutput.empty()) {
                continue;
            }
            const ClassifierModel& model =
                classifier.name == "combined_lightgbm" ? *bundle.combinedClassifier : *bundle.radiomicsClassifier;
            nlohmann::ordered_json contributions = nlohmann::ordered_json::object();
            for (std::size_t j = 0; j < classifier.shap.size(); ++j) {
                contributions[model.features[j]] = classifier.shap[j];
            }
            shap[classifier.name] = {{"output", classifier.shapOutput},
                                     {"expected_value", classifier.expectedValue},
                                     {"contributions", contributions}};
        }
        if (!shap.empty()) {
            patient["shap"] = shap;
        }

        nlohmann::ordered_json outside = nlohmann::ordered_json::array();
        for (const OutOfRangeValue& value : score.outsideTrainingRange) {
            outside.push_back({{"variable", value.variable},
                               {"value", value.value},
                               {"training_min", value.trainingMin},
                               {"training_max", value.trainingMax}});
        }
        patient["outside_training_range"] = outside;
        patients.push_back(patient);
    }
    return {{"pulmorad_version", bundle.pulmoradVersion}, {"outcome", bundle.outcome}, {"patients", patients}};
}

}  // namespace pulmorad::study

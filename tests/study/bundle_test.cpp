#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/number_format.h"
#include "learn/classifier.h"
#include "learn/scaling.h"
#include "stats/logistic.h"
#include "study/bundle.h"
#include "study/predict.h"
#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::study {
namespace {

// A small study on the Wisconsin diagnostic data (569 patients, outcome
// `malignant`), fitted in the test: three "radiomic" features (mean_texture,
// mean_smoothness, worst_concave_points) z-scored with the sample SD make the
// Rad-score (a logistic fit on them); two "clinical" variables are
// mean_symmetry (continuous) and large_area = (mean_area > 700) (binary).
// Clinical, radiomics and combined logistic models, the combined nomogram and
// two LightGBM-style models (combined inputs, radiomic inputs) complete it.
struct WisconsinStudy {
    std::vector<std::string> radiomicNames{"mean_texture", "mean_smoothness", "worst_concave_points"};
    Eigen::MatrixXd radiomics;  ///< raw values, n x 3
    Eigen::VectorXd symmetry;
    Eigen::VectorXd largeArea;
    std::vector<double> outcome;
    stats::LogisticFit radScoreFit, clinicalFit, radiomicsFit, combinedFit;
    Eigen::MatrixXd combinedInputs;  ///< z-scored radscore, mean_symmetry, large_area
    Eigen::MatrixXd radiomicInputs;  ///< z-scored radiomic features
    std::unique_ptr<learn::Classifier> combinedClassifier;
    std::unique_ptr<learn::Classifier> radiomicsClassifier;
    ModelBundle bundle;
};

stats::LogisticFit fit(const Eigen::MatrixXd& x, const std::vector<double>& y, const std::vector<std::string>& names) {
    stats::LogisticOptions options;
    options.profileIntervals = false;
    return stats::fitLogistic(x, y, names, options);
}

LogisticModel logisticModel(const std::string& name, const stats::LogisticFit& fit) {
    LogisticModel model{name, name + " model", {}, fit.terms[0].estimate, {}};
    for (std::size_t j = 1; j < fit.terms.size(); ++j) {
        model.variables.push_back(fit.terms[j].name);
        model.coefficients.push_back(fit.terms[j].estimate);
    }
    return model;
}

ClassifierModel classifierModel(const std::string& name, const std::string& file,
                                const std::vector<std::string>& features, const learn::Standardizer& scaling,
                                const learn::Classifier& classifier, const Eigen::MatrixXd& training) {
    ClassifierModel model{name, file, features, scaling.means(), scaling.standardDeviations(), 0.0,
                          classifier.toJson()};
    model.shapExpectedValue = classifier.shapValues(training.topRows(1))(0, training.cols());
    return model;
}

const WisconsinStudy& wisconsinStudy() {
    // Built once and never destroyed: XGBoost's own globals may be gone by the
    // time static objects are destroyed, so freeing a booster then crashes.
    static const WisconsinStudy* const study = [] {
        auto* created = new WisconsinStudy;
        WisconsinStudy& s = *created;
        const table::Table data = table::Table::readCsv(test::referencePath("oracles/data/wisconsin.csv"));
        const auto n = static_cast<Eigen::Index>(data.rowCount());
        s.outcome = data.numeric("malignant");
        s.radiomics.resize(n, 3);
        for (std::size_t j = 0; j < 3; ++j) {
            const std::vector<double> column = data.numeric(s.radiomicNames[j]);
            s.radiomics.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(column.data(), n);
        }
        const std::vector<double> symmetry = data.numeric("mean_symmetry");
        const std::vector<double> area = data.numeric("mean_area");
        s.symmetry = Eigen::Map<const Eigen::VectorXd>(symmetry.data(), n);
        s.largeArea.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            s.largeArea[i] = area[static_cast<std::size_t>(i)] > 700.0 ? 1.0 : 0.0;
        }

        // Rad-score and the three logistic models.
        const learn::Standardizer radiomicScaling = learn::Standardizer::fit(s.radiomics, learn::ScaleKind::SampleSd);
        s.radiomicInputs = radiomicScaling.transform(s.radiomics);
        s.radScoreFit = fit(s.radiomicInputs, s.outcome, s.radiomicNames);
        const Eigen::VectorXd radScore =
            Eigen::Map<const Eigen::VectorXd>(s.radScoreFit.linearPredictor.data(), n);
        Eigen::MatrixXd clinical(n, 2);
        clinical << s.symmetry, s.largeArea;
        s.clinicalFit = fit(clinical, s.outcome, {"mean_symmetry", "large_area"});
        s.radiomicsFit = fit(radScore, s.outcome, {"radscore"});
        Eigen::MatrixXd combined(n, 3);
        combined << radScore, s.symmetry, s.largeArea;
        s.combinedFit = fit(combined, s.outcome, {"radscore", "mean_symmetry", "large_area"});

        // LightGBM-style models on z-scored inputs.
        const learn::Standardizer combinedScaling = learn::Standardizer::fit(combined, learn::ScaleKind::SampleSd);
        s.combinedInputs = combinedScaling.transform(combined);
        std::vector<int> labels(s.outcome.begin(), s.outcome.end());
        const learn::Hyperparameters settings{{"n_estimators", 20}, {"num_leaves", 8}};
        s.combinedClassifier = learn::makeClassifier("lightgbm", settings, 7);
        s.combinedClassifier->fit(s.combinedInputs, labels);
        s.radiomicsClassifier = learn::makeClassifier("lightgbm", settings, 7);
        s.radiomicsClassifier->fit(s.radiomicInputs, labels);

        // The bundle.
        ModelBundle& b = s.bundle;
        b.pulmoradVersion = "test";
        b.outcome = "malignant";
        b.negativeLabel = "benign";
        b.positiveLabel = "malignant";
        b.clinicalVariables = {{"mean_symmetry", "continuous", ""}, {"large_area", "binary", ""}};
        for (std::size_t j = 0; j < 3; ++j) {
            b.radiomicFeatures.push_back(
                {s.radiomicNames[j], radiomicScaling.means()[j], radiomicScaling.standardDeviations()[j]});
        }
        RadScoreModel radScoreModel{s.radScoreFit.terms[0].estimate, s.radiomicNames, {}};
        for (std::size_t j = 1; j < 4; ++j) {
            radScoreModel.coefficients.push_back(s.radScoreFit.terms[j].estimate);
        }
        b.radScore = radScoreModel;
        b.logisticModels = {logisticModel("clinical", s.clinicalFit), logisticModel("radiomics", s.radiomicsFit),
                            logisticModel("combined", s.combinedFit)};
        b.nomogram = buildNomogram(s.combinedFit,
                                   {{"radscore", "Rad-score", NomogramVariableType::Continuous},
                                    {"mean_symmetry", "Mean symmetry", NomogramVariableType::Continuous},
                                    {"large_area", "Area > 700", NomogramVariableType::Binary}},
                                   combined);
        b.combinedClassifier = classifierModel("combined_lightgbm", "lightgbm_combined.json",
                                               {"radscore", "mean_symmetry", "large_area"}, combinedScaling,
                                               *s.combinedClassifier, s.combinedInputs);
        b.radiomicsClassifier = classifierModel("radiomics_lightgbm", "lightgbm_radiomics.json", s.radiomicNames,
                                                radiomicScaling, *s.radiomicsClassifier, s.radiomicInputs);
        return created;
    }();
    return *study;
}

const std::vector<Eigen::Index> kPatientRows{0, 5, 19, 100, 250, 568};

/// PATIENT.csv text for kPatientRows: ID, clinical columns, then either the
/// radiomic features or a radscore column.
std::string patientCsv(const WisconsinStudy& s, bool radScoreColumn) {
    std::string text = "ID,mean_symmetry,large_area";
    text += radScoreColumn ? ",radscore\n" : ",mean_texture,mean_smoothness,worst_concave_points\n";
    for (Eigen::Index row : kPatientRows) {
        text += "P" + std::to_string(row) + "," + formatDouble(s.symmetry[row]) + "," +
                formatDouble(s.largeArea[row]);
        if (radScoreColumn) {
            text += "," + formatDouble(s.radScoreFit.linearPredictor[static_cast<std::size_t>(row)]);
        } else {
            for (Eigen::Index j = 0; j < 3; ++j) {
                text += "," + formatDouble(s.radiomics(row, j));
            }
        }
        text += "\n";
    }
    return text;
}

table::Table patientTable(const WisconsinStudy& s, bool radScoreColumn) {
    return table::Table::parseCsv(patientCsv(s, radScoreColumn), "patients.csv");
}

void expectIdentical(const std::vector<PatientScore>& first, const std::vector<PatientScore>& second) {
    ASSERT_EQ(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].id, second[i].id);
        EXPECT_EQ(first[i].radScore, second[i].radScore);
        EXPECT_EQ(first[i].logisticProbabilities, second[i].logisticProbabilities);
        ASSERT_TRUE(first[i].nomogram);
        ASSERT_TRUE(second[i].nomogram);
        EXPECT_EQ(first[i].nomogram->points, second[i].nomogram->points);
        EXPECT_EQ(first[i].nomogram->totalPoints, second[i].nomogram->totalPoints);
        EXPECT_EQ(first[i].nomogram->probability, second[i].nomogram->probability);
        ASSERT_EQ(first[i].classifiers.size(), second[i].classifiers.size());
        for (std::size_t c = 0; c < first[i].classifiers.size(); ++c) {
            EXPECT_EQ(first[i].classifiers[c].probability, second[i].classifiers[c].probability);
            EXPECT_EQ(first[i].classifiers[c].shap, second[i].classifiers[c].shap);
            EXPECT_EQ(first[i].classifiers[c].expectedValue, second[i].classifiers[c].expectedValue);
        }
    }
}

TEST(ScorePatients, MatchesFittedModels) {
    const WisconsinStudy& s = wisconsinStudy();
    const std::vector<PatientScore> scores = scorePatients(s.bundle, patientTable(s, false));
    ASSERT_EQ(scores.size(), kPatientRows.size());
    const std::vector<double> combinedProbability = s.combinedClassifier->predictProbability(s.combinedInputs);
    const std::vector<double> radiomicsProbability = s.radiomicsClassifier->predictProbability(s.radiomicInputs);

    for (std::size_t i = 0; i < scores.size(); ++i) {
        const auto row = static_cast<std::size_t>(kPatientRows[i]);
        const PatientScore& score = scores[i];
        EXPECT_EQ(score.id, "P" + std::to_string(row));
        // Reference: the fits' own linear predictors and fitted probabilities (IRLS, in-process).
        ASSERT_TRUE(score.radScore);
        EXPECT_NEAR(*score.radScore, s.radScoreFit.linearPredictor[row], 1e-12);
        ASSERT_EQ(score.logisticProbabilities.size(), 3u);
        EXPECT_EQ(score.logisticProbabilities[0].first, "clinical");
        EXPECT_NEAR(score.logisticProbabilities[0].second, s.clinicalFit.fittedProbabilities[row], 1e-12);
        EXPECT_NEAR(score.logisticProbabilities[1].second, s.radiomicsFit.fittedProbabilities[row], 1e-12);
        EXPECT_NEAR(score.logisticProbabilities[2].second, s.combinedFit.fittedProbabilities[row], 1e-12);
        ASSERT_TRUE(score.nomogram);
        EXPECT_NEAR(score.nomogram->probability, s.combinedFit.fittedProbabilities[row], 1e-12);

        // Reference: the fitted classifiers before serialisation.
        ASSERT_EQ(score.classifiers.size(), 2u);
        const ClassifierScore& combined = score.classifiers[0];
        EXPECT_EQ(combined.name, "combined_lightgbm");
        EXPECT_NEAR(combined.probability, combinedProbability[row], 1e-12);
        EXPECT_EQ(score.classifiers[1].name, "radiomics_lightgbm");
        EXPECT_NEAR(score.classifiers[1].probability, radiomicsProbability[row], 1e-12);

        // SHAP: contributions plus the expected value sum to the log-odds margin.
        EXPECT_EQ(combined.shapOutput, "log-odds margin");
        ASSERT_EQ(combined.shap.size(), 3u);
        double margin = combined.expectedValue;
        for (double contribution : combined.shap) {
            margin += contribution;
        }
        EXPECT_NEAR(margin, std::log(combined.probability / (1.0 - combined.probability)), 1e-6);
        EXPECT_NEAR(combined.expectedValue, s.bundle.combinedClassifier->shapExpectedValue, 1e-12);
    }
}

TEST(ScorePatients, RadScoreColumnGivesSameProbabilities) {
    const WisconsinStudy& s = wisconsinStudy();
    const std::vector<PatientScore> fromFeatures = scorePatients(s.bundle, patientTable(s, false));
    const std::vector<PatientScore> fromColumn = scorePatients(s.bundle, patientTable(s, true));
    for (std::size_t i = 0; i < fromFeatures.size(); ++i) {
        EXPECT_NEAR(*fromColumn[i].radScore, *fromFeatures[i].radScore, 1e-12);
        EXPECT_NEAR(fromColumn[i].logisticProbabilities[2].second, fromFeatures[i].logisticProbabilities[2].second,
                    1e-12);
        // Without the feature columns the radiomics classifier is skipped.
        ASSERT_EQ(fromColumn[i].classifiers.size(), 1u);
        EXPECT_EQ(fromColumn[i].classifiers[0].name, "combined_lightgbm");
    }
}

TEST(Bundle, RoundTripScoresBitIdentical) {
    const WisconsinStudy& s = wisconsinStudy();
    const auto folder = test::makeTemporaryFolder("bundle-round-trip") / "model";
    writeBundle(folder, s.bundle);
    EXPECT_TRUE(std::filesystem::exists(folder / "bundle.json"));
    EXPECT_TRUE(std::filesystem::exists(folder / "lightgbm_combined.json"));
    EXPECT_TRUE(std::filesystem::exists(folder / "lightgbm_radiomics.json"));

    const ModelBundle read = readBundle(folder);
    EXPECT_EQ(bundleToJson(read), bundleToJson(s.bundle));
    const table::Table patients = patientTable(s, false);
    expectIdentical(scorePatients(read, patients), scorePatients(s.bundle, patients));

    // Writing the read bundle again gives the same bytes.
    const auto again = folder.parent_path() / "again";
    writeBundle(again, read);
    EXPECT_EQ(test::readFile(again / "bundle.json"), test::readFile(folder / "bundle.json"));
    EXPECT_EQ(test::readFile(again / "lightgbm_combined.json"), test::readFile(folder / "lightgbm_combined.json"));
    std::filesystem::remove_all(folder.parent_path());
}

TEST(Bundle, ClinicalOnlyBundleOmitsRadiomicParts) {
    const WisconsinStudy& s = wisconsinStudy();
    ModelBundle clinicalOnly;
    clinicalOnly.pulmoradVersion = "test";
    clinicalOnly.outcome = "malignant";
    clinicalOnly.clinicalVariables = s.bundle.clinicalVariables;
    clinicalOnly.logisticModels = {s.bundle.logisticModels[0]};
    const auto folder = test::makeTemporaryFolder("bundle-clinical");
    writeBundle(folder, clinicalOnly);
    const ModelBundle read = readBundle(folder);
    EXPECT_FALSE(read.radScore);
    EXPECT_FALSE(read.nomogram);
    EXPECT_FALSE(read.combinedClassifier);

    const table::Table patients = table::Table::parseCsv("ID,mean_symmetry,large_area\nA,0.2,1\n", "clinical.csv");
    const std::vector<PatientScore> scores = scorePatients(read, patients);
    ASSERT_EQ(scores.size(), 1u);
    EXPECT_FALSE(scores[0].radScore);
    EXPECT_TRUE(scores[0].classifiers.empty());
    const LogisticModel& model = clinicalOnly.logisticModels[0];
    const double lp = model.intercept + model.coefficients[0] * 0.2 + model.coefficients[1] * 1.0;
    EXPECT_NEAR(scores[0].logisticProbabilities[0].second, 1.0 / (1.0 + std::exp(-lp)), 1e-12);
    EXPECT_TRUE(predictionsCsv(read, scores).starts_with("ID,clinical_probability,outside_training_range\nA,"));
    std::filesystem::remove_all(folder);
}

TEST(Bundle, TrainingRangesRoundTrip) {
    ModelBundle bundle = wisconsinStudy().bundle;
    bundle.trainingRanges = {{"mean_symmetry", 0.106, 0.304}, {"radscore", -12.5, 9.25}};
    const auto folder = test::makeTemporaryFolder("bundle-ranges");
    writeBundle(folder, bundle);
    const ModelBundle read = readBundle(folder);
    ASSERT_EQ(read.trainingRanges.size(), 2u);
    EXPECT_EQ(read.trainingRanges[1].variable, "radscore");
    EXPECT_EQ(read.trainingRanges[1].min, -12.5);
    EXPECT_EQ(read.trainingRanges[1].max, 9.25);
    std::filesystem::remove_all(folder);
}

TEST(Bundle, InvertedTrainingRangeRejected) {
    ModelBundle bundle = wisconsinStudy().bundle;
    bundle.trainingRanges = {{"mean_symmetry", 0.3, 0.1}};
    EXPECT_NE(bundleInconsistency(bundle).find("'mean_symmetry' has a minimum above its maximum"),
              std::string::npos);
}

/// Writes the study's bundle, edits bundle.json with `edit`, and returns the
/// readBundle error message (empty when it did not throw).
template <typename Edit>
std::string readEditedBundle(const std::string& name, Edit edit) {
    const auto folder = test::makeTemporaryFolder("bundle-bad-" + name);
    writeBundle(folder, wisconsinStudy().bundle);
    nlohmann::json json = nlohmann::json::parse(test::readFile(folder / "bundle.json"));
    edit(json, folder);
    std::ofstream(folder / "bundle.json") << json.dump(2);
    std::string message;
    try {
        (void)readBundle(folder);
    } catch (const InputError& error) {
        message = error.what();
    }
    std::filesystem::remove_all(folder);
    return message;
}

TEST(Bundle, MissingKeyNamesFileAndKey) {
    const std::string message = readEditedBundle("key", [](nlohmann::json& json, auto&) { json.erase("outcome"); });
    EXPECT_NE(message.find("bundle.json"), std::string::npos) << message;
    EXPECT_NE(message.find("'outcome'"), std::string::npos) << message;
}

TEST(Bundle, WrongTypeNamesNestedKey) {
    const std::string message = readEditedBundle(
        "type", [](nlohmann::json& json, auto&) { json["logistic_models"][1]["intercept"] = "high"; });
    EXPECT_NE(message.find("logistic_models[1].intercept"), std::string::npos) << message;
}

TEST(Bundle, NewerFormatRejected) {
    const std::string message = readEditedBundle("version", [](nlohmann::json& json, auto&) {
        json["format_version"] = kBundleFormatVersion + 1;
        json["pulmorad_version"] = "9.0.0";
    });
    EXPECT_NE(message.find("format_version"), std::string::npos) << message;
    EXPECT_NE(message.find("9.0.0 or later"), std::string::npos) << message;
}

TEST(Bundle, CoefficientCountMismatchRejected) {
    const std::string message = readEditedBundle(
        "count", [](nlohmann::json& json, auto&) { json["logistic_models"][2]["coefficients"].erase(0); });
    EXPECT_NE(message.find("one coefficient per variable"), std::string::npos) << message;
}

TEST(Bundle, MissingClassifierFileNamed) {
    const std::string message = readEditedBundle("file", [](nlohmann::json&, const std::filesystem::path& folder) {
        std::filesystem::remove(folder / "lightgbm_combined.json");
    });
    EXPECT_NE(message.find("lightgbm_combined.json"), std::string::npos) << message;
}

TEST(Bundle, CorruptClassifierFileNamed) {
    const std::string message = readEditedBundle("model", [](nlohmann::json&, const std::filesystem::path& folder) {
        nlohmann::json model = nlohmann::json::parse(test::readFile(folder / "lightgbm_radiomics.json"));
        model.erase("state");
        std::ofstream(folder / "lightgbm_radiomics.json") << model.dump();
    });
    EXPECT_NE(message.find("lightgbm_radiomics.json"), std::string::npos) << message;
    EXPECT_NE(message.find("state"), std::string::npos) << message;
}

TEST(Bundle, NotJsonNamesFile) {
    const std::string message = readEditedBundle("json", [](nlohmann::json&, const std::filesystem::path& folder) {
        std::ofstream(folder / "lightgbm_combined.json") << "{ not json";
    });
    EXPECT_NE(message.find("lightgbm_combined.json is not valid JSON"), std::string::npos) << message;
}

TEST(Bundle, MissingFolderRejected) {
    EXPECT_THROW((void)readBundle(std::filesystem::path("/nonexistent-pulmorad-model")), InputError);
}

// End to end: `pulmorad predict` on the written bundle reproduces the
// in-process probabilities. (Here rather than in tests/cli because the test
// fits the models with the study library.)
TEST(PredictCommand, MatchesInProcessScores) {
    const WisconsinStudy& s = wisconsinStudy();
    const auto folder = test::makeTemporaryFolder("predict-end-to-end");
    writeBundle(folder / "model", s.bundle);
    {
        std::ofstream(folder / "patients.csv") << patientCsv(s, false);
    }
    const std::vector<PatientScore> expected = scorePatients(s.bundle, patientTable(s, false));

    const test::CommandResult json = test::runPulmorad(
        {"predict", (folder / "model").string(), (folder / "patients.csv").string(), "--format", "json"});
    ASSERT_EQ(json.exitStatus, 0) << json.standardError;
    const nlohmann::json output = nlohmann::json::parse(json.standardOutput);
    ASSERT_EQ(output["patients"].size(), kPatientRows.size());
    for (std::size_t i = 0; i < kPatientRows.size(); ++i) {
        const auto row = static_cast<std::size_t>(kPatientRows[i]);
        const nlohmann::json& patient = output["patients"][i];
        EXPECT_EQ(patient["id"], "P" + std::to_string(row));
        // JSON numbers round-trip, so the command's values equal the in-process ones exactly.
        EXPECT_EQ(patient["radscore"].get<double>(), *expected[i].radScore);
        EXPECT_EQ(patient["probability"]["combined"].get<double>(), expected[i].logisticProbabilities[2].second);
        EXPECT_EQ(patient["probability"]["combined_lightgbm"].get<double>(), expected[i].classifiers[0].probability);
        EXPECT_NEAR(patient["probability"]["combined"].get<double>(), s.combinedFit.fittedProbabilities[row], 1e-12);
        EXPECT_EQ(patient["nomogram"]["total_points"].get<double>(), expected[i].nomogram->totalPoints);

        const nlohmann::json& shap = patient["shap"]["combined_lightgbm"];
        double margin = shap["expected_value"].get<double>();
        for (const auto& [feature, value] : shap["contributions"].items()) {
            margin += value.get<double>();
        }
        const double probability = patient["probability"]["combined_lightgbm"].get<double>();
        EXPECT_NEAR(margin, std::log(probability / (1.0 - probability)), 1e-6);
    }

    // CSV to a file with -o: the same numbers, one row per patient.
    const test::CommandResult csv = test::runPulmorad({"predict", (folder / "model").string(),
                                                       (folder / "patients.csv").string(), "-o",
                                                       (folder / "out.csv").string()});
    ASSERT_EQ(csv.exitStatus, 0) << csv.standardError;
    const table::Table written = table::Table::readCsv(folder / "out.csv");
    ASSERT_EQ(written.rowCount(), kPatientRows.size());
    const std::vector<double> combined = written.numeric("combined_probability");
    const std::vector<double> lightgbm = written.numeric("combined_lightgbm_probability");
    for (std::size_t i = 0; i < kPatientRows.size(); ++i) {
        EXPECT_EQ(combined[i], expected[i].logisticProbabilities[2].second);
        EXPECT_EQ(lightgbm[i], expected[i].classifiers[0].probability);
    }
    EXPECT_TRUE(written.hasColumn("nomogram_points_radscore"));
    EXPECT_TRUE(written.hasColumn("combined_lightgbm_shap_expected_value"));
    EXPECT_TRUE(written.hasColumn("radiomics_lightgbm_shap_worst_concave_points"));
    std::filesystem::remove_all(folder);
}

// With a radscore column the radiomic features are not needed: the radiomics
// classifier is skipped with an INFO line, and no WARNING is logged.
TEST(PredictCommand, RadScoreColumnWithoutWarning) {
    const WisconsinStudy& s = wisconsinStudy();
    const auto folder = test::makeTemporaryFolder("predict-radscore");
    writeBundle(folder / "model", s.bundle);
    {
        std::ofstream(folder / "patients.csv") << patientCsv(s, true);
    }
    const test::CommandResult result =
        test::runPulmorad({"predict", (folder / "model").string(), (folder / "patients.csv").string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_EQ(result.standardError.find("warning"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("radiomics LightGBM-style model is not scored"), std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardOutput.find("combined_lightgbm_probability"), std::string::npos);
    EXPECT_EQ(result.standardOutput.find("radiomics_lightgbm_probability"), std::string::npos);
    std::filesystem::remove_all(folder);
}

// A radscore column with only some of the radiomics classifier's features is
// probably a mistake, so the skipped model gets a WARNING naming the missing column.
TEST(PredictCommand, PartialFeaturesWarn) {
    const WisconsinStudy& s = wisconsinStudy();
    const auto folder = test::makeTemporaryFolder("predict-partial");
    writeBundle(folder / "model", s.bundle);
    {
        std::ofstream(folder / "patients.csv") << "ID,mean_symmetry,large_area,radscore,mean_texture\n"
                                               << "A,0.18,1,0.5,19.2\n";
    }
    const test::CommandResult result =
        test::runPulmorad({"predict", (folder / "model").string(), (folder / "patients.csv").string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("lacks 2 of the 3 radiomic feature columns"), std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("'mean_smoothness', 'worst_concave_points'"), std::string::npos)
        << result.standardError;
    std::filesystem::remove_all(folder);
}

// `pulmorad study` on the bundled example cohort (reduced grids and bootstraps
// to keep the test short), then `pulmorad predict` on its model folder: for
// every training patient, predict reproduces the Rad-score and the
// probabilities that the study wrote to tables/predictions.csv.
TEST(PredictCommand, ReproducesStudyPredictions) {
    const auto folder = test::makeTemporaryFolder("predict-study");
    const auto examples = test::sourceDir() / "examples" / "iim-ild";
    {
        std::ofstream config(folder / "study.yaml");
        config << "title: predict check\nsimulated: true\n"
               << "clinical: " << (examples / "clinical.csv").string() << "\n"
               << "features: " << (examples / "radiomics.csv").string() << "\n"
               << "id: ID\noutcome: ILD\nseed: 2024\n"
               << "variables:\n  IgG: {type: continuous, unit: g/L}\n  cough: binary\n"
               << "clinical_predictors: {rule: fixed, variables: [IgG, cough]}\n"
               << "models: {list: [lightgbm, knn], folds: 3}\n"
               << "calibration: {bootstraps: 20}\n";
    }
    const test::CommandResult study =
        test::runPulmorad({"study", (folder / "study.yaml").string(), "-o", (folder / "out").string()});
    ASSERT_EQ(study.exitStatus, 0) << study.standardError;

    // PATIENT.csv: the clinical table joined with the feature table, cells copied as written.
    const table::Table clinical = table::Table::readCsv(examples / "clinical.csv");
    const table::Table features = table::Table::readCsv(examples / "radiomics.csv");
    std::vector<std::string> header{"ID"};
    for (const table::Table* source : {&clinical, &features}) {
        const std::vector<std::string> columns = source->dataColumnNames();
        header.insert(header.end(), columns.begin(), columns.end());
    }
    table::CsvWriter patients(header);
    for (std::size_t row = 0; row < clinical.rowCount(); ++row) {
        ASSERT_EQ(clinical.ids()[row], features.ids()[row]);
        patients.newRow().add(clinical.ids()[row]);
        for (const table::Table* source : {&clinical, &features}) {
            for (const std::string& column : source->dataColumnNames()) {
                patients.add(source->text(column)[row]);
            }
        }
    }
    patients.writeFile(folder / "patients.csv");

    const test::CommandResult predict =
        test::runPulmorad({"predict", (folder / "out" / "model").string(), (folder / "patients.csv").string(), "-o",
                           (folder / "predicted.csv").string()});
    ASSERT_EQ(predict.exitStatus, 0) << predict.standardError;

    const table::Table written = table::Table::readCsv(folder / "out" / "tables" / "predictions.csv");
    const table::Table predicted = table::Table::readCsv(folder / "predicted.csv");
    ASSERT_EQ(written.ids(), predicted.ids());
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"radscore", "radscore"},
        {"clinical", "clinical_probability"},
        {"radiomics", "radiomics_probability"},
        {"combined", "combined_probability"},
        {"combined_lightgbm", "combined_lightgbm_probability"},
        {"radiomics_lightgbm", "radiomics_lightgbm_probability"}};
    const std::vector<std::string>& sets = written.text("set");
    std::size_t trainingPatients = 0;
    for (const auto& [studyColumn, predictColumn] : pairs) {
        const std::vector<double> expected = written.numeric(studyColumn);
        const std::vector<double> actual = predicted.numeric(predictColumn);
        for (std::size_t row = 0; row < expected.size(); ++row) {
            if (sets[row] != "train") {
                continue;
            }
            ++trainingPatients;
            EXPECT_NEAR(actual[row], expected[row], 1e-12) << studyColumn << ", patient " << written.ids()[row];
        }
    }
    EXPECT_EQ(trainingPatients, 81u * pairs.size());  // 49 + 32 training patients of 115

    // The bundle's training range of IgG is the minimum and maximum of the
    // clinical table's IgG over the training rows of tables/split.csv.
    const ModelBundle bundle = readBundle(folder / "out" / "model");
    ASSERT_EQ(clinical.ids(), written.ids());
    const std::vector<double> igg = clinical.numeric("IgG");
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (std::size_t row = 0; row < igg.size(); ++row) {
        if (sets[row] == "train") {
            low = std::min(low, igg[row]);
            high = std::max(high, igg[row]);
        }
    }
    const auto range = std::find_if(bundle.trainingRanges.begin(), bundle.trainingRanges.end(),
                                    [](const TrainingRange& r) { return r.variable == "IgG"; });
    ASSERT_NE(range, bundle.trainingRanges.end());
    EXPECT_EQ(range->min, low);
    EXPECT_EQ(range->max, high);
    const auto radScoreRange = std::find_if(bundle.trainingRanges.begin(), bundle.trainingRanges.end(),
                                            [](const TrainingRange& r) { return r.variable == "radscore"; });
    EXPECT_NE(radScoreRange, bundle.trainingRanges.end());

    // No training patient is outside a training range (the Rad-score recomputed from
    // the features may differ from the study's in the last bits, within the tolerance).
    const std::vector<std::string>& outside = predicted.text("outside_training_range");
    for (std::size_t row = 0; row < outside.size(); ++row) {
        if (sets[row] == "train") {
            EXPECT_EQ(outside[row], "") << "patient " << written.ids()[row];
        }
    }
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::study

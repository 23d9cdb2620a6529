// `pulmorad study` with both parts on the simulated example cohort (`pulmorad
// simulate`, 115 patients): the combined models, the nomogram, calibration,
// decision curves, the model bundle and the report, and `pulmorad predict`
// giving back the study's numbers for its patients.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<std::string>> readRecords(const fs::path& path) {
    std::vector<std::vector<std::string>> records;
    std::istringstream in(readFile(path));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::stringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, ',')) {
            fields.push_back(cell);
        }
        if (!line.empty() && line.back() == ',') {
            fields.emplace_back();
        }
        records.push_back(fields);
    }
    return records;
}

std::size_t columnOf(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c] == name) {
            return c;
        }
    }
    throw std::runtime_error("no column " + name);
}

TEST(StudyCombinedCli, SimulatedCohortRunsBothPartsAndPredictAgrees) {
    const fs::path work = makeTemporaryFolder("study_combined");
    const auto simulate = runPulmorad({"simulate", "-o", (work / "cohort").string()});
    ASSERT_EQ(simulate.exitStatus, 0) << simulate.standardError;

    // The simulated config with lambda.1se (fewer features, so the Rad-score
    // is less likely to separate the 81 training patients on another seed),
    // two small grids and 200 bootstraps to keep the test short.
    std::istringstream config(readFile(work / "cohort" / "study.yaml"));
    std::string text;
    std::string line;
    while (std::getline(config, line)) {
        if (line.rfind("calibration:", 0) != 0 && line.rfind("selection:", 0) != 0 &&
            line.rfind("models:", 0) != 0) {
            text += line + "\n";
        }
    }
    text +=
        "selection: {lambda: 1se}\n"
        "models: {list: [dt, lightgbm], grids: {dt: {max_depth: [2, 3]}, lightgbm: {n_estimators: [30, "
        "60]}}}\n"
        "calibration: {bootstraps: 200}\n";
    std::ofstream(work / "cohort" / "study_test.yaml") << text;
    const fs::path outdir = work / "out";
    const auto run =
        runPulmorad({"study", (work / "cohort" / "study_test.yaml").string(), "-o", outdir.string()});
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;

    const auto results = nlohmann::json::parse(readFile(outdir / "results.json"));
    EXPECT_TRUE(results["parts"]["clinical"].get<bool>());
    EXPECT_TRUE(results["parts"]["radiomics"].get<bool>());
    EXPECT_TRUE(results["simulated"].get<bool>());
    // 70 ILD / 45 no ILD at 0.7, rounded half up: 49 + 32 = 81 training patients, the
    // published study's 81 / 34.
    EXPECT_EQ(results["cohort"]["sets"]["train"]["n"].get<int>(), 81);
    EXPECT_EQ(results["cohort"]["sets"]["test"]["n"].get<int>(), 34);
    std::vector<std::string> names;
    for (const auto& model : results["combined"]["models"]) {
        names.push_back(model["name"].get<std::string>());
    }
    const auto& predictors = results["clinical"]["predictors"];
    ASSERT_FALSE(predictors.empty());
    EXPECT_EQ(names, (std::vector<std::string>{"clinical", "radiomics", "combined", "combined_lightgbm"}));
    // Four models: 6 DeLong pairs per set.
    EXPECT_EQ(results["combined"]["delong"].size(), 12u);
    const auto& calibration = results["combined"]["calibration"];
    EXPECT_EQ(calibration["train"]["bootstraps"].get<int>(), 200);
    // Resamples whose refit separates the classes are left out, as rms::calibrate leaves out
    // failed fits; each resample is either used or counted as failed.
    EXPECT_EQ(calibration["train"]["usable_bootstraps"].get<int>() +
                  calibration["train"]["failed_refits"].get<int>(),
              200);
    EXPECT_GT(calibration["train"]["usable_bootstraps"].get<int>(), 50);
    EXPECT_GT(calibration["test"]["brier"].get<double>(), 0.0);
    EXPECT_EQ(results["combined"]["decision_curve"]["test"]["thresholds"].size(), 99u);
    ASSERT_TRUE(results["combined"].contains("nomogram"));
    for (const char* file : {"model/bundle.json", "model/lightgbm_combined.json", "report.html",
                             "tables/table4_logistic.csv", "tables/decision_curve.csv"}) {
        EXPECT_TRUE(fs::exists(outdir / file)) << file;
    }

    // The nomogram reproduces the combined logistic model: for every training
    // patient, points from the nomogram's scales give the probability that
    // predictions.csv holds (hand derivation: total / scale + lp at zero
    // points is the linear predictor).
    const auto& nomogram = results["combined"]["nomogram"];
    const auto clinical = readRecords(work / "cohort" / "clinical.csv");
    std::map<std::string, std::vector<std::string>> clinicalById;
    for (std::size_t r = 1; r < clinical.size(); ++r) {
        clinicalById[clinical[r][0]] = clinical[r];
    }
    const auto predictions = readRecords(outdir / "tables" / "predictions.csv");
    const std::size_t combinedColumn = columnOf(predictions[0], "combined");
    const std::size_t radscoreColumn = columnOf(predictions[0], "radscore");
    std::size_t checked = 0;
    for (std::size_t r = 1; r < predictions.size(); ++r) {
        const auto& row = predictions[r];
        double total = 0.0;
        for (const auto& variable : nomogram["variables"]) {
            const std::string name = variable["name"];
            const double x = name == "radscore"
                                 ? std::stod(row[radscoreColumn])
                                 : std::stod(clinicalById.at(row[0])[columnOf(clinical[0], name)]);
            // Signed points: a value outside the nomogram's axis gives negative points.
            total += nomogram["scale"].get<double>() * variable["coefficient"].get<double>() *
                     (x - variable["zero_at"].get<double>());
        }
        const double probability = 1.0 / (1.0 + std::exp(-(nomogram["lp_at_zero_points"].get<double>() +
                                                           total / nomogram["scale"].get<double>())));
        EXPECT_NEAR(probability, std::stod(row[combinedColumn]), 1e-12) << row[0];
        ++checked;
    }
    EXPECT_EQ(checked, 115u);

    // `pulmorad predict` on three patients (clinical columns plus their
    // features) gives the study's Rad-score and combined probability.
    const auto radiomics = readRecords(work / "cohort" / "radiomics.csv");
    std::ofstream patients(work / "patients.csv");
    std::string header;
    for (const auto& name : clinical[0]) {
        header += (header.empty() ? "" : ",") + name;
    }
    for (std::size_t c = 1; c < radiomics[0].size(); ++c) {
        header += "," + radiomics[0][c];
    }
    patients << header << "\n";
    for (std::size_t r = 1; r <= 3; ++r) {
        std::string out;
        for (const auto& cell : clinicalById.at(radiomics[r][0])) {
            out += (out.empty() ? "" : ",") + cell;
        }
        for (std::size_t c = 1; c < radiomics[r].size(); ++c) {
            out += "," + radiomics[r][c];
        }
        patients << out << "\n";
    }
    patients.close();
    const auto predict =
        runPulmorad({"predict", (outdir / "model").string(), (work / "patients.csv").string()});
    ASSERT_EQ(predict.exitStatus, 0) << predict.standardError;
    std::ofstream(work / "predict.csv") << predict.standardOutput;
    const auto scored = readRecords(work / "predict.csv");
    ASSERT_EQ(scored.size(), 4u);
    std::map<std::string, std::vector<std::string>> studyById;
    for (std::size_t r = 1; r < predictions.size(); ++r) {
        studyById[predictions[r][0]] = predictions[r];
    }
    for (std::size_t r = 1; r < scored.size(); ++r) {
        const auto& study = studyById.at(scored[r][0]);
        // The same model and numbers; summation order may differ in the last bits.
        EXPECT_NEAR(std::stod(scored[r][columnOf(scored[0], "radscore")]), std::stod(study[radscoreColumn]),
                    1e-12);
        EXPECT_NEAR(std::stod(scored[r][columnOf(scored[0], "combined_probability")]),
                    std::stod(study[combinedColumn]), 1e-12);
        EXPECT_NEAR(std::stod(scored[r][columnOf(scored[0], "combined_lightgbm_probability")]),
                    std::stod(study[columnOf(predictions[0], "combined_lightgbm")]), 1e-6);
    }
    fs::remove_all(work);
}

}  // namespace
}  // namespace pulmorad::test

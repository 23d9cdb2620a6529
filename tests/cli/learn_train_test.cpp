#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <utility>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

TEST(TrainCommand, WisconsinAllSixModels) {
    const auto folder = makeTemporaryFolder("learn-train");
    const auto result = runPulmorad({"train", referencePath("oracles/data/wisconsin.csv").string(),
                                     "--outcome", "malignant", "--seed", "2", "-o", folder.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    // Header plus a train and a test row for each of the six models.
    std::istringstream lines(result.standardOutput);
    std::vector<std::string> rows;
    for (std::string line; std::getline(lines, line);) {
        rows.push_back(line);
    }
    ASSERT_EQ(rows.size(), 13u) << result.standardOutput;
    EXPECT_NE(result.standardOutput.find("LightGBM-style (XGBoost engine)"), std::string::npos);
    for (const char* name : {"metrics.csv", "training.json", "predictions.csv", "comparisons.csv"}) {
        EXPECT_TRUE(std::filesystem::exists(folder / name)) << name;
    }
    const auto json = nlohmann::json::parse(readFile(folder / "training.json"));
    ASSERT_EQ(json["models"].size(), 6u);
    for (const auto& model : json["models"]) {
        // Wisconsin is easy: every tuned model separates the test set well.
        EXPECT_GE(model["test"]["auc"].get<double>(), 0.93) << model["model"];
        EXPECT_FALSE(model["hyperparameters"].empty()) << model["model"];
    }
    EXPECT_EQ(json["delong_tests_test_set"].size(), 15u);
    // One saved model per model, with the feature names and the training scaling.
    for (const char* model : {"dt", "rf", "xgboost", "lightgbm", "knn", "svm"}) {
        const auto path = folder / "models" / (std::string(model) + ".json");
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        const auto saved = nlohmann::json::parse(readFile(path));
        EXPECT_EQ(saved["model"], model);
        EXPECT_EQ(saved["features"].size(), 30u);
        EXPECT_EQ(saved["scaling"]["mean"].size(), 30u);
        EXPECT_EQ(saved["scaling"]["sd_values"].size(), 30u);
        EXPECT_TRUE(saved["state"].is_object());
    }
    std::filesystem::remove_all(folder);
}

TEST(TrainCommand, GridOptionsAndGridFile) {
    const auto folder = makeTemporaryFolder("learn-train");
    {
        std::ofstream out(folder / "grids.yaml");
        out << "svm: {C: [0.5, 2], gamma: [0.05]}\nknn: {k: [11]}\n";
    }
    const auto result = runPulmorad({"train", referencePath("oracles/data/wisconsin.csv").string(), "--outcome",
                                     "malignant", "--models", "knn,svm", "--grids", (folder / "grids.yaml").string(),
                                     "--grid", "knn:k=3,5", "--grid", "knn:p=1", "--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto json = nlohmann::json::parse(result.standardOutput);
    ASSERT_EQ(json["models"].size(), 2u);
    // knn: --grid k=3,5 replaces the file's k = 11, and p = 1 is added: 2 grid points.
    EXPECT_EQ(json["models"][0]["grid"].size(), 2u) << json["models"][0]["grid"].dump();
    EXPECT_EQ(json["models"][0]["hyperparameters"]["p"], 1.0);
    // svm: two values of C, one gamma.
    EXPECT_EQ(json["models"][1]["grid"].size(), 2u) << json["models"][1]["grid"].dump();
    EXPECT_EQ(json["models"][1]["hyperparameters"]["gamma"], 0.05);
    std::filesystem::remove_all(folder);
}

TEST(TrainCommand, UnknownGridModelOrSettingExitsTwo) {
    for (const auto& [grid, named] : std::vector<std::pair<std::string, std::string>>{
             {"forest:k=3", "'forest'"}, {"knn:depth=3", "'depth'"}, {"svm:C=ten", "'ten'"}}) {
        const auto result = runPulmorad({"train", referencePath("oracles/data/wisconsin.csv").string(),
                                         "--outcome", "malignant", "--grid", grid});
        EXPECT_EQ(result.exitStatus, 2) << grid;
        EXPECT_NE(result.standardError.find(named), std::string::npos) << result.standardError;
        EXPECT_NE(result.standardError.find("--grid " + grid), std::string::npos) << result.standardError;
    }
}

TEST(TrainCommand, TrainsOnSelectedFeatures) {
    const auto folder = makeTemporaryFolder("learn-train");
    const std::string wisconsin = referencePath("oracles/data/wisconsin.csv").string();
    const auto selected = runPulmorad({"select", wisconsin, "--outcome", "malignant", "--seed", "3", "-o",
                                       (folder / "selection").string()});
    ASSERT_EQ(selected.exitStatus, 0) << selected.standardError;
    const auto selection = nlohmann::json::parse(readFile(folder / "selection" / "selection.json"));
    const auto kept = selection["funnel"].back()["kept"];

    // The seed comes from selection.json when --seed is not given.
    const auto trained = runPulmorad({"train", wisconsin, "--outcome", "malignant", "--selected",
                                      (folder / "selection" / "selection.json").string(), "--models", "dt",
                                      "--grid", "dt:max_depth=3", "--format", "json"});
    ASSERT_EQ(trained.exitStatus, 0) << trained.standardError;
    const auto json = nlohmann::json::parse(trained.standardOutput);
    EXPECT_EQ(json["features"], kept);
    EXPECT_EQ(json["settings"]["seed"], 3);

    // Another seed would test on patients the selection trained on.
    const auto clash = runPulmorad({"train", wisconsin, "--outcome", "malignant", "--selected",
                                    (folder / "selection" / "selection.json").string(), "--seed", "4"});
    EXPECT_EQ(clash.exitStatus, 2);
    EXPECT_NE(clash.standardError.find("selection.json"), std::string::npos) << clash.standardError;
    EXPECT_NE(clash.standardError.find("--seed"), std::string::npos) << clash.standardError;

    // selection_features.csv gives the same features (in column order), with a warning
    // that the split cannot be checked.
    const auto fromCsv = runPulmorad({"train", wisconsin, "--outcome", "malignant", "--seed", "3", "--selected",
                                      (folder / "selection" / "selection_features.csv").string(), "--models",
                                      "dt", "--grid", "dt:max_depth=3", "--format", "json"});
    ASSERT_EQ(fromCsv.exitStatus, 0) << fromCsv.standardError;
    EXPECT_EQ(nlohmann::json::parse(fromCsv.standardOutput)["features"].size(), kept.size());
    EXPECT_NE(fromCsv.standardError.find("cannot check"), std::string::npos) << fromCsv.standardError;
    std::filesystem::remove_all(folder);
}

TEST(TrainCommand, UnknownModelExitsTwo) {
    const auto result = runPulmorad({"train", referencePath("oracles/data/wisconsin.csv").string(),
                                     "--outcome", "malignant", "--models", "dt,lgbm"});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'lgbm'"), std::string::npos) << result.standardError;
}

}  // namespace
}  // namespace pulmorad::test

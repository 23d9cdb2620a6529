#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
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

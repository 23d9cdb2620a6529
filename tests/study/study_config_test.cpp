// The study config reader: defaults, paths, and the errors a user meets.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/errors.h"
#include "study/config.h"
#include "support/test_support.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;

class StudyConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = test::makeTemporaryFolder("study_config");
        std::ofstream(folder_ / "clinical.csv") << "ID,ILD,age\nA,0,40\nB,1,50\n";
    }
    void TearDown() override { fs::remove_all(folder_); }

    fs::path write(const std::string& text) {
        const fs::path path = folder_ / "study.yaml";
        std::ofstream(path) << text;
        return path;
    }

    std::string errorOf(const std::string& text) {
        try {
            loadStudyConfig(write(text));
        } catch (const InputError& error) {
            return error.what();
        }
        return "";
    }

    fs::path folder_;
};

TEST_F(StudyConfigTest, DefaultsAreFilledInAndWrittenBack) {
    const StudyConfig config = loadStudyConfig(write("clinical: clinical.csv\noutcome: ILD\n"));
    // Relative paths start at the config's folder.
    EXPECT_EQ(config.clinical->lexically_normal(), (folder_ / "clinical.csv").lexically_normal());
    EXPECT_EQ(config.seed, 2024u);
    EXPECT_EQ(config.trainFraction, 0.7);
    EXPECT_EQ(config.models.size(), 6u);
    EXPECT_EQ(config.grids.size(), 6u);  // every model has a grid, the defaults filled in
    EXPECT_EQ(config.bootstraps, 1000);
    const auto json = configToJson(config);
    EXPECT_EQ(json["selection"]["correlation_threshold"].get<double>(), 0.9);
    EXPECT_EQ(json["selection"]["mrmr_top"].get<int>(), 30);
    EXPECT_EQ(json["clinical_predictors"]["rule"], "univariate");
    EXPECT_EQ(json["labels"]["positive"], "ILD = 1");
    EXPECT_TRUE(json["features"].is_null());
    // Decision-curve thresholds 0.01..0.99 by 0.01 are exactly k / 100 (R's (1:99)/100).
    const std::vector<double> thresholds = decisionThresholds(config);
    ASSERT_EQ(thresholds.size(), 99u);
    EXPECT_EQ(thresholds[0], 1.0 / 100.0);
    EXPECT_EQ(thresholds[98], 99.0 / 100.0);
}

TEST_F(StudyConfigTest, GivenValuesAreRead) {
    const StudyConfig config = loadStudyConfig(
        write("clinical: clinical.csv\noutcome: ILD\nseed: 5\nsplit: {train_fraction: 0.6}\n"
              "variables:\n  age: {type: continuous, unit: years}\n  cough: binary\n  note: skip\n"
              "selection: {steps: [corr, lasso], lambda: 1se, scale: population}\n"
              "models: {list: [knn, svm], grids: {knn: {k: [3, 5]}}}\n"
              "clinical_predictors: {rule: fixed, variables: [age]}\n"
              "decision_curve: {from: 0.05, to: 0.5, by: 0.05}\n"));
    EXPECT_EQ(config.seed, 5u);
    EXPECT_EQ(config.trainFraction, 0.6);
    ASSERT_EQ(config.variables.size(), 2u);  // 'skip' leaves a column out
    EXPECT_EQ(config.variables[0].unit, "years");
    EXPECT_EQ(config.variables[1].type, stats::VariableType::Binary);
    EXPECT_EQ(config.lambda, "1se");
    EXPECT_EQ(config.grids.at("knn").at("k"), (std::vector<double>{3, 5}));
    EXPECT_EQ(config.fixedPredictors, std::vector<std::string>{"age"});
    EXPECT_EQ(decisionThresholds(config).size(), 10u);
}

TEST_F(StudyConfigTest, ErrorsNameTheKeyAndTheFix) {
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\ntitel: x\n").find("key 'titel' does not exist"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\nmodels: {grids: {knn: {kk: [3]}}}\n").find("kk"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\n").find("key 'outcome' is missing"), std::string::npos);
    EXPECT_NE(errorOf("outcome: ILD\n").find("no input"), std::string::npos);
    EXPECT_NE(errorOf("clinical: nope.csv\noutcome: ILD\n").find("nope.csv' does not exist"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\nseed: -1\n").find("key 'seed' is '-1'"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\nselection: {lambda: max}\n")
                  .find("use one of min, 1se"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\nmodels: {list: [dt, nn]}\n").find("'nn'"),
              std::string::npos);
    EXPECT_NE(errorOf("clinical: clinical.csv\noutcome: ILD\nvariables: {age: numeric}\n")
                  .find("'numeric' is unknown"),
              std::string::npos);
    EXPECT_NE(
        errorOf("clinical: clinical.csv\noutcome: ILD\nclinical_predictors: {rule: fixed}\n").find("needs"),
        std::string::npos);
    EXPECT_NE(errorOf("clinical: [a\n").find("cannot be read as YAML"), std::string::npos);
}

// One rule for every invalid value: the fraction must lie strictly between 0
// and 1, and the message names the file, the key, the value and the fix.
TEST_F(StudyConfigTest, TrainFractionOutsideOpenIntervalRejected) {
    for (const std::string value : {"1", "1.5", "0", "-0.2", "seventy"}) {
        const std::string message =
            errorOf("clinical: clinical.csv\noutcome: ILD\nsplit: {train_fraction: " + value + "}\n");
        const std::string expected = (folder_ / "study.yaml").string() + ": key 'split.train_fraction' is '" +
                                     value + "'; give a fraction strictly between 0 and 1";
        EXPECT_TRUE(message.starts_with(expected)) << message;
    }
    EXPECT_EQ(loadStudyConfig(write("clinical: clinical.csv\noutcome: ILD\nsplit: {train_fraction: 0.99}\n"))
                  .trainFraction,
              0.99);
}

}  // namespace
}  // namespace pulmorad::study

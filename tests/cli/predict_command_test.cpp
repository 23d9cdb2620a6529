#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

// A bundle written by hand for the model logit P = -3 + 0.5 dose - 1.2 smoker
// with its nomogram derived by hand (rms::nomogram rules): the dose axis
// pretty(c(1.3, 8.6), 10) = 1..9 spans 0.5 * 8 = 4 units of linear predictor,
// the widest, so the scale is 100 / 4 = 25 points per unit; dose scores 0 at
// 1, smoker (b < 0) scores 0 at 1 and 30 at 0; eta_0 = -3 + 0.5 - 1.2 = -3.7.
nlohmann::json handBundle() {
    nlohmann::json doseTicks = nlohmann::json::array();
    for (int value = 1; value <= 9; ++value) {
        doseTicks.push_back({{"value", value}, {"points", 12.5 * (value - 1)}});
    }
    nlohmann::json totalTicks = nlohmann::json::array();
    for (int points = 0; points <= 130; points += 10) {
        totalTicks.push_back(points);
    }
    const nlohmann::json nomogram{
        {"variables",
         {{{"name", "dose"},
           {"label", "Dose (mg)"},
           {"coefficient", 0.5},
           {"type", "continuous"},
           {"min", 1},
           {"max", 9},
           {"data_min", 1.3},
           {"data_max", 8.6},
           {"zero_at", 1},
           {"ticks", doseTicks}},
          {{"name", "smoker"},
           {"label", "Smoker"},
           {"coefficient", -1.2},
           {"type", "binary"},
           {"min", 0},
           {"max", 1},
           {"data_min", 0},
           {"data_max", 1},
           {"zero_at", 1},
           {"ticks", {{{"value", 0}, {"points", 30}}, {{"value", 1}, {"points", 0}}}}}}},
        {"scale", 25},
        {"intercept", -3},
        {"lp_at_zero_points", -3.7},
        {"total_points", {{"max", 130}, {"ticks", totalTicks}}},
        {"probability_ticks", nlohmann::json::array()}};
    return {{"format", "pulmorad-model-bundle"},
            {"format_version", 1},
            {"pulmorad_version", "test"},
            {"id_column", "ID"},
            {"outcome", "event"},
            {"labels", {{"negative", "no event"}, {"positive", "event"}}},
            {"clinical_variables",
             {{{"name", "dose"}, {"type", "continuous"}, {"unit", "mg"}},
              {{"name", "smoker"}, {"type", "binary"}, {"unit", ""}}}},
            {"radiomics", {{"scaling", "sample"}, {"features", nlohmann::json::array()}}},
            {"radscore", nullptr},
            {"logistic_models",
             {{{"name", "combined"},
               {"label", "Combined"},
               {"variables", {"dose", "smoker"}},
               {"intercept", -3},
               {"coefficients", {0.5, -1.2}}}}},
            {"nomogram", nomogram},
            {"combined_lightgbm", nullptr},
            {"radiomics_lightgbm", nullptr}};
}

class PredictCommandTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = makeTemporaryFolder("predict-command");
        std::filesystem::create_directories(folder_ / "model");
        writeBundle(handBundle());
    }
    void TearDown() override { std::filesystem::remove_all(folder_); }

    void writeBundle(const nlohmann::json& bundle) const {
        std::ofstream(folder_ / "model" / "bundle.json") << bundle.dump(2);
    }

    std::string writePatients(const std::string& text) const {
        const auto path = folder_ / "patients.csv";
        std::ofstream(path) << text;
        return path.string();
    }

    CommandResult predict(const std::string& patients, const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> arguments{"predict", (folder_ / "model").string(), patients};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return runPulmorad(arguments);
    }

    std::filesystem::path folder_;
};

TEST_F(PredictCommandTest, HandDerivedPointsAndProbabilities) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\nB,1,1\nC,9,0\n"), {"--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const nlohmann::json output = nlohmann::json::parse(result.standardOutput);
    ASSERT_EQ(output["patients"].size(), 3u);

    // Hand derivation: A scores 12.5 * 3.4 = 42.5 + 30 = 72.5 points, linear predictor
    // -3 + 2.2 = -0.8; B scores 0 points (eta_0 = -3.7); C scores 100 + 30 = 130 (lp 1.5).
    const std::vector<std::string> ids{"A", "B", "C"};
    const std::vector<double> dosePoints{42.5, 0.0, 100.0};
    const std::vector<double> smokerPoints{30.0, 0.0, 30.0};
    const std::vector<double> linearPredictors{-0.8, -3.7, 1.5};
    for (std::size_t i = 0; i < 3; ++i) {
        const nlohmann::json& patient = output["patients"][i];
        EXPECT_EQ(patient["id"], ids[i]);
        EXPECT_NEAR(patient["nomogram"]["points"]["dose"].get<double>(), dosePoints[i], 1e-12);
        EXPECT_NEAR(patient["nomogram"]["points"]["smoker"].get<double>(), smokerPoints[i], 1e-12);
        EXPECT_NEAR(patient["nomogram"]["total_points"].get<double>(), dosePoints[i] + smokerPoints[i], 1e-12);
        const double probability = 1.0 / (1.0 + std::exp(-linearPredictors[i]));
        EXPECT_NEAR(patient["probability"]["combined"].get<double>(), probability, 1e-12);
        EXPECT_NEAR(patient["nomogram"]["probability"].get<double>(), probability, 1e-12);
        EXPECT_FALSE(patient.contains("radscore"));
        EXPECT_FALSE(patient.contains("shap"));
    }
}

TEST_F(PredictCommandTest, CsvOutputColumns) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\n"));
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_TRUE(result.standardOutput.starts_with(
        "ID,combined_probability,nomogram_points_dose,nomogram_points_smoker,nomogram_total_points,"
        "nomogram_probability,outside_training_range\nA,"))
        << result.standardOutput;
}

TEST_F(PredictCommandTest, RowsNumberedWithoutIdColumn) {
    const auto result = predict(writePatients("dose,smoker\n4.4,0\n2,1\n"), {"--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const nlohmann::json output = nlohmann::json::parse(result.standardOutput);
    ASSERT_EQ(output["patients"].size(), 2u);
    EXPECT_EQ(output["patients"][1]["id"], "2");
}

TEST_F(PredictCommandTest, WritesOutputFile) {
    const auto out = folder_ / "scores.csv";
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\n"), {"-o", out.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_TRUE(result.standardOutput.empty());
    EXPECT_TRUE(readFile(out).starts_with("ID,combined_probability"));
}

TEST_F(PredictCommandTest, MissingColumnExitsTwo) {
    const auto result = predict(writePatients("ID,dose\nA,4.4\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("patients.csv"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("'smoker'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("add a column"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, NonNumericCellExitsTwo) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,high,0\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("dose"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("high"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, CommaDecimalExitsTwo) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,\"4,4\",0\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'4,4'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("'.' decimals"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, EmptyCellExitsTwo) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,,0\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'dose' is empty or NA for patient A"), std::string::npos) << result.standardError;
}

// The study fits its models on complete cases and imputes nothing, so predict
// rejects a missing value (even one written NA) instead of filling it in.
TEST_F(PredictCommandTest, MissingValueIsNotImputed) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\nB,2,NA\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_TRUE(result.standardOutput.empty()) << result.standardOutput;
    EXPECT_NE(result.standardError.find("patients.csv: binary column 'smoker' is empty or NA for patient B"),
              std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("imputes no missing value"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, MissingValueInUnusedColumnIgnored) {
    const auto result = predict(writePatients("ID,dose,smoker,note\nA,4.4,0,NA\n"));
    EXPECT_EQ(result.exitStatus, 0) << result.standardError;
}

// The hand bundle has no training_ranges, so the ranges come from the
// nomogram's data_min and data_max: dose 1.3 to 8.6, smoker 0 to 1.
TEST_F(PredictCommandTest, ValueOutsideNomogramRangeWarns) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\nB,1,1\nC,9,0\n"), {"--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("patient B has dose = 1, outside the training range 1.3 to 8.6"),
              std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("patient C has dose = 9, outside the training range 1.3 to 8.6"),
              std::string::npos)
        << result.standardError;
    EXPECT_EQ(result.standardError.find("patient A"), std::string::npos) << result.standardError;

    const nlohmann::json output = nlohmann::json::parse(result.standardOutput);
    EXPECT_TRUE(output["patients"][0]["outside_training_range"].empty());
    const nlohmann::json& outside = output["patients"][2]["outside_training_range"];
    ASSERT_EQ(outside.size(), 1u);
    EXPECT_EQ(outside[0]["variable"], "dose");
    EXPECT_EQ(outside[0]["value"].get<double>(), 9.0);
    EXPECT_EQ(outside[0]["training_min"].get<double>(), 1.3);
    EXPECT_EQ(outside[0]["training_max"].get<double>(), 8.6);
}

// A bundle's training_ranges take precedence over the nomogram data range.
TEST_F(PredictCommandTest, TrainingRangesListedInCsv) {
    nlohmann::json bundle = handBundle();
    bundle["training_ranges"] = {{{"variable", "dose"}, {"min", 2}, {"max", 5}},
                                 {{"variable", "smoker"}, {"min", 0}, {"max", 0}}};
    writeBundle(bundle);
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\nB,1.5,1\nC,6,0\n"));
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("patient B has dose = 1.5, outside the training range 2 to 5"),
              std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("patient B has smoker = 1, outside the training range 0 to 0"),
              std::string::npos)
        << result.standardError;

    const auto rows = parseCsvRows(result.standardOutput);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].at("outside_training_range"), "");
    EXPECT_EQ(rows[1].at("outside_training_range"), "dose;smoker");
    EXPECT_EQ(rows[2].at("outside_training_range"), "dose");
}

// A pipe is not a regular file, but it is readable: <(cat patients.csv) in bash.
TEST_F(PredictCommandTest, PatientTableFromPipe) {
    const std::string patients = writePatients("ID,dose,smoker\nA,4.4,0\n");
    const std::string script = "'" + pulmoradBinary().string() + "' predict '" + (folder_ / "model").string() +
                               "' <(cat '" + patients + "')";
    const auto result = runCommand({"bash", "-c", script});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_TRUE(result.standardOutput.starts_with("ID,combined_probability")) << result.standardOutput;
    EXPECT_NE(result.standardOutput.find("\nA,"), std::string::npos) << result.standardOutput;
}

TEST_F(PredictCommandTest, PatientTableFromStandardInput) {
    const std::string patients = writePatients("ID,dose,smoker\nA,4.4,0\n");
    const std::string script =
        "'" + pulmoradBinary().string() + "' predict '" + (folder_ / "model").string() + "' - < '" + patients + "'";
    const auto result = runCommand({"bash", "-c", script});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardOutput.find("\nA,"), std::string::npos) << result.standardOutput;
}

TEST_F(PredictCommandTest, MissingPatientFileNotFound) {
    const auto result = predict((folder_ / "absent.csv").string());
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("absent.csv is not found"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, BinaryValueTwoExitsTwo) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,2\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("binary column 'smoker' has the value '2'"), std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("code it 0 (no) or 1 (yes)"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, MissingModelFolderExitsTwo) {
    const auto result = runPulmorad(
        {"predict", (folder_ / "no-model").string(), writePatients("ID,dose,smoker\nA,4.4,0\n")});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("bundle.json is not found"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, NewerBundleFormatExitsTwo) {
    nlohmann::json bundle = handBundle();
    bundle["format_version"] = 99;
    writeBundle(bundle);
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'format_version' is 99"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, MalformedBundleExitsTwo) {
    nlohmann::json bundle = handBundle();
    bundle["nomogram"].erase("scale");
    writeBundle(bundle);
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\n"));
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'nomogram.scale' is missing"), std::string::npos) << result.standardError;
}

TEST_F(PredictCommandTest, UnknownFormatExitsTwo) {
    const auto result = predict(writePatients("ID,dose,smoker\nA,4.4,0\n"), {"--format", "xml"});
    EXPECT_EQ(result.exitStatus, 2);
}

}  // namespace
}  // namespace pulmorad::test

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

std::string wisconsinPath() { return referencePath("oracles/data/wisconsin.csv").string(); }

// A small cohort: ID, outcome ILD, three informative features and the given
// extra column, 12 patients per class.
std::filesystem::path writeCohort(const std::filesystem::path& folder, const std::string& extraHeader,
                                  const std::string& extraCell, int extraRow) {
    std::ofstream out(folder / "cohort.csv");
    out << "ID,ILD,a,b,c" << (extraHeader.empty() ? "" : "," + extraHeader) << "\n";
    for (int i = 0; i < 24; ++i) {
        const int ild = i % 2;
        out << "P" << i << "," << ild << "," << (i * 0.37 + ild * 2.0) << "," << ((i * 7) % 5 + ild) << ","
            << (i % 3 - ild * 0.5);
        if (!extraHeader.empty()) {
            out << "," << (i == extraRow ? extraCell : std::to_string(i % 4));
        }
        out << "\n";
    }
    return folder / "cohort.csv";
}

TEST(SelectCommand, WisconsinFunnelAndFiles) {
    const auto folder = makeTemporaryFolder("learn-select");
    const auto result =
        runPulmorad({"select", wisconsinPath(), "--outcome", "malignant", "-o", folder.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    // 30 features -> 19 after the |rho| > 0.9 filter (the same count as the reference
    // filter on the scikit-learn split) -> mRMR keeps all 19 (top 30) -> LASSO.
    EXPECT_NE(result.standardOutput.find("input,30\n"), std::string::npos) << result.standardOutput;
    EXPECT_NE(result.standardOutput.find("lasso,"), std::string::npos);
    EXPECT_NE(result.standardError.find("lambda.min"), std::string::npos);
    for (const char* name : {"selection.json", "selection_features.csv", "lasso_cv.csv", "radscore.csv"}) {
        EXPECT_TRUE(std::filesystem::exists(folder / name)) << name;
    }
    const auto json = nlohmann::json::parse(readFile(folder / "selection.json"));
    EXPECT_GT(json["lasso"]["lambda_min"].get<double>(), 0.0);
    EXPECT_EQ(json["rad_score"].size(), 569u);
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, StepSubsetAndJson) {
    const auto result = runPulmorad(
        {"select", wisconsinPath(), "--outcome", "malignant", "--steps", "corr", "--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto json = nlohmann::json::parse(result.standardOutput);
    EXPECT_EQ(json["funnel"].back()["step"], "correlation_filter");
    EXPECT_FALSE(json.contains("lasso"));
}

TEST(SelectCommand, MissingOutcomeColumnExitsTwo) {
    const auto result = runPulmorad({"select", wisconsinPath(), "--outcome", "ILD"});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'ILD'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("--outcome"), std::string::npos) << result.standardError;
}

TEST(SelectCommand, MissingFileExitsTwoWithOneLine) {
    for (const std::string command : {"select", "train"}) {
        const auto result = runPulmorad({command, "/nonexistent/features.csv", "--outcome", "ILD"});
        EXPECT_EQ(result.exitStatus, 2) << command;
        EXPECT_NE(result.standardError.find("/nonexistent/features.csv"), std::string::npos)
            << result.standardError;
        EXPECT_EQ(std::count(result.standardError.begin(), result.standardError.end(), '\n'), 1)
            << result.standardError;
    }
}

TEST(SelectCommand, TextCellExitsTwoNamingColumn) {
    const auto folder = makeTemporaryFolder("learn-select");
    const auto path = writeCohort(folder, "d", "high", 4);
    const auto result = runPulmorad({"select", path.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'d'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("--exclude d"), std::string::npos) << result.standardError;
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, MissingCellNeedsImpute) {
    const auto folder = makeTemporaryFolder("learn-select");
    const auto path = writeCohort(folder, "d", "NA", 4);
    const auto rejected = runPulmorad({"select", path.string(), "--steps", "corr,mrmr", "--folds", "3"});
    EXPECT_EQ(rejected.exitStatus, 2);
    EXPECT_NE(rejected.standardError.find("--impute median"), std::string::npos) << rejected.standardError;

    const auto imputed =
        runPulmorad({"select", path.string(), "--steps", "corr,mrmr", "--folds", "3", "--impute", "median"});
    EXPECT_EQ(imputed.exitStatus, 0) << imputed.standardError;
    EXPECT_NE(imputed.standardError.find("--impute median"), std::string::npos) << imputed.standardError;
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, NanCellNamesColumnAndImpute) {
    const auto folder = makeTemporaryFolder("learn-select");
    const auto path = writeCohort(folder, "d", "NaN", 7);
    for (const std::string command : {"select", "train"}) {
        const auto result = runPulmorad({command, path.string(), "--folds", "3"});
        EXPECT_EQ(result.exitStatus, 2) << command;
        EXPECT_NE(result.standardError.find("'d'"), std::string::npos) << result.standardError;
        EXPECT_NE(result.standardError.find("--impute median"), std::string::npos) << result.standardError;
    }
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, ConstantFeatureDroppedWithWarning) {
    const auto folder = makeTemporaryFolder("learn-select");
    {
        std::ofstream out(folder / "cohort.csv");
        out << "ID,ILD,a,b,flat\n";
        for (int i = 0; i < 24; ++i) {
            out << "P" << i << "," << i % 2 << "," << i * 0.5 + (i % 2) << "," << (i * 7) % 5 << ",3\n";
        }
    }
    const auto result = runPulmorad({"select", (folder / "cohort.csv").string(), "--steps", "corr,mrmr"});
    EXPECT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("'flat' is constant"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardOutput.find("non_constant_in_training,2"), std::string::npos)
        << result.standardOutput;
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, DuplicateIdsExitTwo) {
    const auto folder = makeTemporaryFolder("learn-select");
    {
        std::ofstream out(folder / "cohort.csv");
        out << "ID,ILD,a\nP1,0,1\nP2,1,2\nP1,0,3\n";
    }
    const auto result = runPulmorad({"select", (folder / "cohort.csv").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'P1'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("column 'ID'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("must be unique"), std::string::npos) << result.standardError;
    std::filesystem::remove_all(folder);
}

TEST(SelectCommand, ClassSmallerThanFoldsExitsTwo) {
    const auto folder = makeTemporaryFolder("learn-select");
    {
        std::ofstream out(folder / "cohort.csv");
        out << "ID,ILD,a,b\n";
        for (int i = 0; i < 30; ++i) {
            out << "P" << i << "," << (i < 5 ? 1 : 0) << "," << i * 0.3 << "," << (i * 7) % 5 << "\n";
        }
    }
    const auto result = runPulmorad({"select", (folder / "cohort.csv").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'ILD'"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("--folds"), std::string::npos) << result.standardError;
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

// `pulmorad stats ...` end to end: the oracle data through each command,
// checking a few numbers against R 4.2.2, and the input errors a user meets.

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

using Row = std::map<std::string, std::string>;

const Row& findRow(const std::vector<Row>& rows, const std::string& column, const std::string& value,
                   const std::string& column2 = "", const std::string& value2 = "") {
    for (const auto& row : rows) {
        if (row.at(column) == value && (column2.empty() || row.at(column2) == value2)) {
            return row;
        }
    }
    throw std::runtime_error("no row with " + column + " = " + value);
}

double number(const Row& row, const std::string& column) { return std::stod(row.at(column)); }

nlohmann::json loadOracle(const std::string& name) {
    std::ifstream stream(referencePath("oracles/expected/" + name));
    return nlohmann::json::parse(stream);
}

std::string writeTemporary(const std::string& name, const std::string& contents) {
    const auto folder = makeTemporaryFolder("pulmorad-stats-cli");
    const auto path = folder / name;
    std::ofstream(path) << contents;
    return path.string();
}

std::string asah() { return referencePath("oracles/data/asah.csv").string(); }

/// Writes the pima_external probabilities and outcomes of the calibration oracle as a CSV.
std::string pimaExternalCsv() {
    const auto oracle = loadOracle("05_calibration_dca.json");
    const auto& entry = oracle["cases"]["pima_external"];
    std::ostringstream csv;
    csv.precision(17);
    csv << "ID,type,p\n";
    for (std::size_t i = 0; i < entry["p"].size(); ++i) {
        csv << "P" << entry["rows_1based"][i].get<int>() << "," << entry["y"][i].get<int>() << ","
            << entry["p"][i].get<double>() << "\n";
    }
    return writeTemporary("pima_external.csv", csv.str());
}

TEST(StatsDescribeCli, AsahTableMatchesRTests) {
    const auto result = runPulmorad({"stats", "describe", asah(), "--group", "outcome"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto rows = parseCsvRows(result.standardOutput);
    // R 4.2.2: wilcox.test(s100b ~ outcome) (normal, continuity corrected).
    const Row& s100b = findRow(rows, "variable", "s100b");
    EXPECT_EQ(s100b.at("summary"), "median (Q1, Q3)");
    EXPECT_NEAR(number(s100b, "p_value"), 4.509202576329463e-05, 4.509202576329463e-05 * 1e-6);
    // R 4.2.2: chisq.test(table(outcome, gender)) with Yates' correction.
    const Row& gender = findRow(rows, "variable", "gender");
    EXPECT_EQ(gender.at("test"), "chi-square (Yates)");
    EXPECT_NEAR(number(gender, "p_value"), 0.08450283803487864, 0.08450283803487864 * 1e-6);
    EXPECT_EQ(gender.at("outcome=0 (n=72)"), "50 (69.4%)");
    // R 4.2.2: fisher.test(table(outcome, wfns)) (an expected count is below 5).
    const Row& wfns = findRow(rows, "variable", "wfns", "level", "");
    EXPECT_EQ(wfns.at("test"), "Fisher exact");
    EXPECT_NEAR(number(wfns, "p_value"), 7.216970131771266e-09, 7.216970131771266e-09 * 1e-6);
    // Standard error reports the inferred types and the numbered rows.
    EXPECT_NE(result.standardError.find("types inferred"), std::string::npos);
    EXPECT_NE(result.standardError.find("rows are numbered"), std::string::npos);
}

TEST(StatsDescribeCli, StudyShapedTableIsPasteReady) {
    // A cohort shaped like the study's Table 2/3: 45 without and 70 with ILD,
    // binary symptoms and antibodies (some rare), age, skewed labs, missing values.
    std::ostringstream csv;
    csv << "ID,ILD,female,cough,Jo1,MDA5,age,CK,ESR,BMI\n";
    unsigned state = 12345;
    auto next = [&state] {
        state = state * 1103515245u + 12345u;
        return static_cast<double>((state >> 8) & 0xFFFF) / 65536.0;
    };
    for (int i = 0; i < 115; ++i) {
        const int ild = i < 45 ? 0 : 1;
        const double age = 49 + 10 * ild + 28 * (next() + next() + next() - 1.5);
        const double ck = std::exp(4.7 + 1.5 * (next() + next() - 1.0) * 2);
        csv << "P" << 1000 + i << "," << ild << "," << (next() < 0.67 ? 1 : 0) << ","
            << (next() < (ild ? 0.57 : 0.11) ? 1 : 0) << "," << (next() < (ild ? 0.19 : 0.07) ? 1 : 0) << ","
            << (next() < 0.1 ? 1 : 0) << "," << std::round(age) << ","
            << (i % 17 == 3 ? "NA" : std::to_string(ck)) << "," << std::round(5 + 40 * next() * next()) << ","
            << (i % 23 == 5 ? "" : std::to_string(18 + 10 * next())) << "\n";
    }
    const std::string path = writeTemporary("cohort.csv", csv.str());
    const auto result = runPulmorad({"stats", "describe", path, "--group", "ILD"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto rows = parseCsvRows(result.standardOutput);
    ASSERT_EQ(rows.size(), 8u) << result.standardOutput;  // one row per variable
    EXPECT_TRUE(rows[0].count("Overall (n=115)"));
    EXPECT_TRUE(rows[0].count("ILD=0 (n=45)"));
    EXPECT_TRUE(rows[0].count("ILD=1 (n=70)"));
    EXPECT_EQ(findRow(rows, "variable", "CK").at("summary"), "median (Q1, Q3)");
    EXPECT_EQ(findRow(rows, "variable", "CK").at("missing"), "7");
    EXPECT_EQ(findRow(rows, "variable", "MDA5").at("type"), "binary");
    for (const auto& row : rows) {
        // Every display cell is "n (x.x%)", "m ± s" or "m (q1, q3)"; every p is shown.
        const std::string cell = row.at("Overall (n=115)");
        EXPECT_TRUE(cell.find('%') != std::string::npos || cell.find("±") != std::string::npos ||
                    cell.find(", ") != std::string::npos)
            << cell;
        EXPECT_FALSE(row.at("p").empty()) << row.at("variable");
    }
}

TEST(StatsLogisticCli, FullAsahModelMatchesGlm) {
    const auto result = runPulmorad({"stats", "logistic", asah(), "--outcome", "outcome", "--predictors",
                                     "s100b,ndka,age,gender,wfns", "--univariate"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto rows = parseCsvRows(result.standardOutput);
    const auto oracle = loadOracle("02_logistic.json");
    // R 4.2.2 glm(outcome ~ s100b + ndka + age + gender + wfns, binomial) and its exact profile CI.
    const auto& ndka = oracle["glm"]["full"]["terms"][2];
    const Row& row = findRow(rows, "model", "multivariable", "term", "ndka");
    EXPECT_NEAR(number(row, "estimate"), ndka["estimate"].get<double>(),
                1e-8 * std::abs(ndka["estimate"].get<double>()));
    EXPECT_NEAR(number(row, "p_value"), ndka["p"].get<double>(), 1e-6 * ndka["p"].get<double>());
    EXPECT_NEAR(number(row, "or_low"), ndka["profile_ci_95_or_exact"][0].get<double>(), 1e-8);
    EXPECT_NEAR(number(row, "or_high"), ndka["profile_ci_95_or_exact"][1].get<double>(), 1e-8);
    // R 4.2.2 glm(outcome ~ gender, binomial).
    const auto& gender = oracle["glm"]["gender"]["terms"][1];
    const Row& univariable = findRow(rows, "model", "univariable", "term", "gender");
    EXPECT_NEAR(number(univariable, "or"), gender["odds_ratio"].get<double>(),
                1e-8 * gender["odds_ratio"].get<double>());
}

TEST(StatsRocCli, AucAndDeLongMatchPROC) {
    const auto result = runPulmorad({"stats", "roc", asah(), "--outcome", "outcome", "--score", "s100b",
                                     "--score", "ndka", "--format", "json"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto json = nlohmann::json::parse(result.standardOutput);
    const auto oracle = loadOracle("03_roc.json");
    // pROC 1.18.0: auc and ci.auc (DeLong) of s100b; roc.test(s100b, ndka, paired DeLong).
    EXPECT_EQ(json["auc"][0]["auc"].get<double>(), oracle["roc"][0]["auc"].get<double>());
    EXPECT_NEAR(json["auc"][0]["auc_low"].get<double>(),
                oracle["roc"][0]["ci_auc_delong_95"][0].get<double>(), 1e-9);
    EXPECT_NEAR(json["delong"][0]["p_value"].get<double>(),
                oracle["paired_delong_tests"][0]["p"].get<double>(),
                1e-6 * oracle["paired_delong_tests"][0]["p"].get<double>());
    EXPECT_EQ(json["auc"][0]["youden_threshold"].get<double>(), 0.20500000000000002);
}

TEST(StatsCalibrationCli, ValProbStatisticsAndDeterministicBootstrap) {
    const std::string path = pimaExternalCsv();
    const auto oracle = loadOracle("05_calibration_dca.json");
    const auto& expected = oracle["cases"]["pima_external"]["val_prob"];
    const auto result = runPulmorad({"stats", "calibration", path, "--outcome", "type", "--prob", "p"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto rows = parseCsvRows(result.standardOutput);
    // R 4.2.2 rms::val.prob(p, y): Brier, Eavg, E90.
    EXPECT_NEAR(number(findRow(rows, "statistic", "Brier"), "value"), expected["Brier"].get<double>(), 1e-12);
    EXPECT_NEAR(number(findRow(rows, "statistic", "Eavg"), "value"), expected["Eavg"].get<double>(), 1e-12);
    EXPECT_NEAR(number(findRow(rows, "statistic", "E90"), "value"), expected["E90"].get<double>(), 1e-12);

    const auto bootstrap1 = runPulmorad({"-j", "1", "stats", "calibration", path, "--outcome", "type",
                                         "--prob", "p", "--bootstrap", "40", "--seed", "5"});
    const auto bootstrap2 = runPulmorad({"-j", "2", "stats", "calibration", path, "--outcome", "type",
                                         "--prob", "p", "--bootstrap", "40", "--seed", "5"});
    ASSERT_EQ(bootstrap1.exitStatus, 0) << bootstrap1.standardError;
    EXPECT_EQ(bootstrap1.standardOutput, bootstrap2.standardOutput);
    EXPECT_NE(bootstrap1.standardOutput.find("curve,"), std::string::npos);
}

TEST(StatsDcaCli, NetBenefitMatchesOracleAndWritesFile) {
    const std::string path = pimaExternalCsv();
    const auto output = makeTemporaryFolder("pulmorad-stats-dca") / "dca.csv";
    const auto result =
        runPulmorad({"stats", "dca", path, "--outcome", "type", "--prob", "p", "-o", output.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_TRUE(result.standardOutput.empty());
    const auto rows = parseCsvRows(readFile(output));
    ASSERT_EQ(rows.size(), 99u * 3u);
    const auto oracle = loadOracle("05_calibration_dca.json");
    const auto& expected = oracle["cases"]["pima_external"]["decision_curve"];
    // R 4.2.2 decision curve at threshold 0.2 (index 19): model and treat-all.
    const Row& model = findRow(rows, "threshold", "0.2", "strategy", "p");
    EXPECT_NEAR(number(model, "net_benefit"), expected["net_benefit_model"][19].get<double>(), 1e-12);
    EXPECT_EQ(model.at("tp"), std::to_string(expected["tp"][19].get<int>()));
    const Row& all = findRow(rows, "threshold", "0.2", "strategy", "treat_all");
    EXPECT_NEAR(number(all, "net_benefit"), expected["net_benefit_treat_all"][19].get<double>(), 1e-12);
}

/// Runs a stats command expected to fail with exit status 2 and returns stderr.
std::string expectInputError(const std::vector<std::string>& arguments) {
    const auto result = runPulmorad(arguments);
    EXPECT_EQ(result.exitStatus, 2) << result.standardOutput << result.standardError;
    return result.standardError;
}

TEST(StatsCliErrors, OutcomeProblemsNameTheColumn) {
    const std::string missing =
        expectInputError({"stats", "roc", asah(), "--outcome", "ILD", "--score", "s100b"});
    EXPECT_NE(missing.find("'ILD'"), std::string::npos) << missing;

    const std::string notBinary =
        expectInputError({"stats", "roc", asah(), "--outcome", "wfns", "--score", "s100b"});
    EXPECT_NE(notBinary.find("'wfns'"), std::string::npos) << notBinary;
    EXPECT_NE(notBinary.find("0/1"), std::string::npos) << notBinary;

    const std::string path = writeTemporary("one_class.csv", "ID,ILD,age\nA,1,50\nB,1,60\nC,1,70\n");
    const std::string oneClass =
        expectInputError({"stats", "logistic", path, "--outcome", "ILD", "--predictors", "age"});
    EXPECT_NE(oneClass.find("one class"), std::string::npos) << oneClass;
}

TEST(StatsCliErrors, PredictorProblemsNameTheColumn) {
    const std::string constantPath =
        writeTemporary("constant.csv", "ID,ILD,age,site\nA,1,50,2\nB,0,61,2\nC,1,70,2\nD,0,40,2\nE,1,55,2\n");
    const std::string constant =
        expectInputError({"stats", "logistic", constantPath, "--outcome", "ILD", "--predictors", "age,site"});
    EXPECT_NE(constant.find("'site'"), std::string::npos) << constant;
    EXPECT_NE(constant.find("constant"), std::string::npos) << constant;

    const std::string textPath = writeTemporary("text.csv", "ID,ILD,CK\nA,1,50\nB,0,high\nC,1,70\nD,0,40\n");
    const std::string text =
        expectInputError({"stats", "roc", textPath, "--outcome", "ILD", "--score", "CK"});
    EXPECT_NE(text.find("'CK'"), std::string::npos) << text;
    EXPECT_NE(text.find("'high'"), std::string::npos) << text;

    const std::string commaPath =
        writeTemporary("comma.csv", "ID,ILD,CRP\nA,1,\"12,5\"\nB,0,\"3,1\"\nC,1,7\n");
    const std::string comma =
        expectInputError({"stats", "roc", commaPath, "--outcome", "ILD", "--score", "CRP"});
    EXPECT_NE(comma.find("'CRP'"), std::string::npos) << comma;
    EXPECT_NE(comma.find("decimal separator"), std::string::npos) << comma;

    const std::string separatedPath =
        writeTemporary("separated.csv", "ID,ILD,dose\nA,0,1\nB,0,2\nC,0,3\nD,1,4\nE,1,5\nF,1,6\n");
    const std::string separated =
        expectInputError({"stats", "logistic", separatedPath, "--outcome", "ILD", "--predictors", "dose"});
    EXPECT_NE(separated.find("'dose'"), std::string::npos) << separated;
    EXPECT_NE(separated.find("separates"), std::string::npos) << separated;
}

TEST(StatsCliErrors, DuplicateIdsAndBadGrid) {
    const std::string path = writeTemporary("dup.csv", "ID,ILD,p\nA,1,0.5\nA,0,0.2\n");
    const std::string duplicate = expectInputError({"stats", "dca", path, "--outcome", "ILD", "--prob", "p"});
    EXPECT_NE(duplicate.find("'A'"), std::string::npos) << duplicate;
    const std::string grid = expectInputError(
        {"stats", "dca", asah(), "--outcome", "outcome", "--prob", "s100b", "--thresholds", "0.5"});
    EXPECT_NE(grid.find("--thresholds"), std::string::npos) << grid;
}

TEST(StatsCli, MissingValuesAreDroppedAndCounted) {
    const std::string path = writeTemporary(
        "missing.csv", "ID,ILD,s\nA,1,0.9\nB,0,0.1\nC,1,NA\nD,0,0.4\nE,1,0.7\nF,,0.3\nG,0,0.8\nH,1,0.6\n");
    const auto result = runPulmorad({"stats", "roc", path, "--outcome", "ILD", "--score", "s"});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto rows = parseCsvRows(result.standardOutput);
    EXPECT_EQ(rows[0].at("dropped"), "2");
    EXPECT_EQ(rows[0].at("n"), "6");
    EXPECT_NE(result.standardError.find("2 of 8 rows dropped"), std::string::npos) << result.standardError;
}

}  // namespace
}  // namespace pulmorad::test

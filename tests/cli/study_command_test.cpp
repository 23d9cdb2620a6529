// `pulmorad study` end to end on real data: the aSAH data as a clinical-only
// study and the Wisconsin diagnostic data as a radiomics-only study (both
// without ID columns, so patients are numbered by row). The logistic and ROC
// numbers the study writes are checked against `pulmorad stats logistic` and
// `pulmorad stats roc` run on the same split; reruns are checked for
// byte-identical output at 1 and 2 threads; bad input must stop with exit
// status 2 and a message that names the problem.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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
using Row = std::map<std::string, std::string>;

std::vector<Row> readCsv(const fs::path& path) { return parseCsvRows(readFile(path)); }

double number(const Row& row, const std::string& column) {
    const auto found = row.find(column);
    if (found == row.end() || found->second.empty()) {
        ADD_FAILURE() << "no value in column " << column;
        return std::nan("");
    }
    return std::stod(found->second);
}

const Row& findRow(const std::vector<Row>& rows, const std::string& column, const std::string& value,
                   const std::string& column2 = "", const std::string& value2 = "") {
    for (const auto& row : rows) {
        if (row.at(column) == value && (column2.empty() || row.at(column2) == value2)) {
            return row;
        }
    }
    throw std::runtime_error("no row with " + column + " = " + value);
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// The data lines of a CSV (header excluded), in file order.
std::vector<std::string> dataLines(const fs::path& path, std::string& header) {
    std::istringstream in(readFile(path));
    std::getline(in, header);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

/// Writes the rows of `source` whose 1-based row number is in the study's
/// split.csv with the given set, so `stats` sees exactly the study's patients.
fs::path subsetBySplit(const fs::path& source, const fs::path& splitCsv, const std::string& set,
                       const fs::path& out) {
    std::string header;
    const std::vector<std::string> lines = dataLines(source, header);
    std::string text = header + "\n";
    for (const auto& row : readCsv(splitCsv)) {
        if (row.at("set") == set) {
            text += lines.at(static_cast<std::size_t>(std::stoul(row.at("ID")) - 1)) + "\n";
        }
    }
    writeText(out, text);
    return out;
}

/// The rows of the study's predictions.csv for one set, as a CSV that `stats roc` reads.
fs::path predictionsOf(const fs::path& outdir, const std::string& set, const fs::path& out) {
    std::string header;
    const std::vector<std::string> lines = dataLines(outdir / "tables" / "predictions.csv", header);
    std::string text = header + "\n";
    for (const auto& line : lines) {
        if (line.find("," + set + ",") != std::string::npos) {
            text += line + "\n";
        }
    }
    writeText(out, text);
    return out;
}

/// Checks the study's AUC and DeLong CI of `column` on the test set against `stats roc`.
void expectRocMatches(const fs::path& outdir, const fs::path& work, const std::string& column, double auc,
                      double low, double high) {
    const fs::path test = predictionsOf(outdir, "test", work / ("test_" + column + ".csv"));
    const auto roc = runPulmorad({"stats", "roc", test.string(), "--id", "ID", "--outcome", "outcome",
                                  "--score", column, "--format", "json"});
    ASSERT_EQ(roc.exitStatus, 0) << roc.standardError;
    const auto json = nlohmann::json::parse(roc.standardOutput);
    // The same probabilities (written in round-trip form) through the same
    // ROC code, so the numbers agree to the last bit or two.
    EXPECT_NEAR(json["auc"][0]["auc"].get<double>(), auc, 1e-14) << column;
    EXPECT_NEAR(json["auc"][0]["auc_low"].get<double>(), low, 1e-12) << column;
    EXPECT_NEAR(json["auc"][0]["auc_high"].get<double>(), high, 1e-12) << column;
}

fs::path asahConfig(const fs::path& folder) {
    const fs::path config = folder / "asah.yaml";
    writeText(config,
              "title: aSAH outcome, clinical only\n"
              "clinical: " +
                  referencePath("oracles/data/asah.csv").string() +
                  "\n"
                  "outcome: outcome\n"
                  "labels: {negative: good, positive: poor}\n"
                  "seed: 7\n"
                  "calibration: {bootstraps: 100}\n");
    return config;
}

fs::path wisconsinConfig(const fs::path& folder) {
    const fs::path config = folder / "wisconsin.yaml";
    writeText(config,
              "title: Wisconsin diagnostic, radiomics only\n"
              "features: " +
                  referencePath("oracles/data/wisconsin.csv").string() +
                  "\n"
                  "outcome: malignant\n"
                  "seed: 11\n"
                  "models:\n"
                  "  list: [dt, rf, lightgbm, knn]\n"
                  "  grids:\n"
                  "    dt: {max_depth: [3, 5]}\n"
                  "    rf: {n_estimators: [50]}\n"
                  "    lightgbm: {n_estimators: [50], max_depth: [3]}\n"
                  "    knn: {k: [5, 9]}\n"
                  "calibration: {bootstraps: 100}\n");
    return config;
}

TEST(StudyCli, AsahClinicalOnlyMatchesStatsCommands) {
    const fs::path work = makeTemporaryFolder("study_asah");
    const fs::path outdir = work / "out";
    const auto run = runPulmorad({"study", asahConfig(work).string(), "-o", outdir.string()});
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    EXPECT_NE(run.standardError.find("Radiomics analysis skipped"), std::string::npos);
    const auto results = nlohmann::json::parse(readFile(outdir / "results.json"));
    EXPECT_TRUE(results["parts"]["clinical"].get<bool>());
    EXPECT_FALSE(results["parts"]["radiomics"].get<bool>());
    EXPECT_EQ(results["cohort"]["patients"].get<int>(), 113);
    // 72 good / 41 poor at 0.7 rounded half up: 50 + 29 in training.
    EXPECT_EQ(results["cohort"]["sets"]["train"]["n"].get<int>(), 79);
    EXPECT_EQ(results["cohort"]["sets"]["train"]["positive"].get<int>(), 29);

    // Univariate logistic regression of every variable on the training set
    // equals `stats logistic --univariate` on the training rows.
    const fs::path train = subsetBySplit(referencePath("oracles/data/asah.csv"),
                                         outdir / "tables" / "split.csv", "train", work / "train.csv");
    const auto logistic = runPulmorad({"stats", "logistic", train.string(), "--outcome", "outcome",
                                       "--predictors", "s100b,ndka,age,gender", "--univariate"});
    ASSERT_EQ(logistic.exitStatus, 0) << logistic.standardError;
    const auto statsRows = parseCsvRows(logistic.standardOutput);
    const auto table4 = readCsv(outdir / "tables" / "table4_logistic.csv");
    // Four one-row variables, and wfns (inferred categorical, levels 1 to 5) as a
    // factor: its own row, the reference level and four level rows.
    ASSERT_EQ(table4.size(), 10u);
    // wfns = 1 has no poor outcome among its 27 training patients (counted by
    // hand in split.csv), so the factor separates the outcome quasi-completely.
    const Row& wfns = findRow(table4, "variable", "wfns", "level", "");
    EXPECT_EQ(wfns.at("uni_or"), "");
    EXPECT_NE(wfns.at("note").find("level '1' of 'wfns' has 0 of 27 patients with the outcome"), std::string::npos)
        << wfns.at("note");
    EXPECT_EQ(findRow(table4, "variable", "wfns", "level", "1").at("note"), "reference level");
    for (const std::string variable : {"s100b", "ndka", "age", "gender"}) {
        const Row& expected = findRow(statsRows, "model", "univariable", "term", variable);
        const Row& row = findRow(table4, "variable", variable);
        EXPECT_NEAR(number(row, "uni_or"), number(expected, "or"), 1e-12 * number(expected, "or"))
            << variable;
        EXPECT_NEAR(number(row, "uni_ci_low"), number(expected, "or_low"),
                    1e-12 * number(expected, "or_low"));
        EXPECT_NEAR(number(row, "uni_ci_high"), number(expected, "or_high"),
                    1e-12 * number(expected, "or_high"));
        EXPECT_NEAR(number(row, "uni_p"), number(expected, "p_value"), 1e-12 * number(expected, "p_value"));
    }

    // The clinical model: the independent predictors refitted by `stats logistic`.
    std::string predictors;
    for (const auto& name : results["clinical"]["predictors"]) {
        predictors += (predictors.empty() ? "" : ",") + name.get<std::string>();
    }
    ASSERT_FALSE(predictors.empty());
    const auto multi = runPulmorad(
        {"stats", "logistic", train.string(), "--outcome", "outcome", "--predictors", predictors});
    ASSERT_EQ(multi.exitStatus, 0) << multi.standardError;
    const auto multiRows = parseCsvRows(multi.standardOutput);
    const auto& clinical = results["combined"]["models"][0];
    ASSERT_EQ(clinical["name"], "clinical");
    EXPECT_NEAR(clinical["intercept"].get<double>(), number(multiRows[0], "estimate"), 1e-12);
    for (std::size_t k = 0; k < clinical["variables"].size(); ++k) {
        EXPECT_NEAR(clinical["coefficients"][k].get<double>(), number(multiRows[k + 1], "estimate"),
                    1e-12 * std::abs(number(multiRows[k + 1], "estimate")));
    }

    // Test-set ROC of the clinical model equals `stats roc` on the written probabilities.
    const auto metrics = readCsv(outdir / "tables" / "combined_metrics.csv");
    const Row& test = findRow(metrics, "name", "clinical", "set", "test");
    expectRocMatches(outdir, work, "clinical", number(test, "auc"), number(test, "auc_ci_low"),
                     number(test, "auc_ci_high"));

    // Table 2 on the whole cohort: gender as `stats describe` reports it (R's chisq.test with Yates).
    const auto table2 = readCsv(outdir / "tables" / "table2_categorical.csv");
    EXPECT_NEAR(number(findRow(table2, "variable", "gender"), "p_value"), 0.08450283803487864,
                0.08450283803487864 * 1e-6);
    // Table 3: s100b by R 4.2.2 wilcox.test(s100b ~ outcome) (normal, continuity corrected).
    const auto table3 = readCsv(outdir / "tables" / "table3_continuous.csv");
    const Row& s100b = findRow(table3, "variable", "s100b");
    EXPECT_EQ(s100b.at("summary"), "median (Q1, Q3)");
    EXPECT_NEAR(number(s100b, "p_value"), 4.509202576329463e-05, 4.509202576329463e-05 * 1e-6);
    EXPECT_EQ(results["clinical"]["table3"][0]["summary"], "median_iqr");
    EXPECT_EQ(results["clinical"]["table3"][0]["test"], "wilcoxon");
    EXPECT_TRUE(fs::exists(outdir / "tables" / "table3_continuous_train.csv"));
    EXPECT_TRUE(fs::exists(outdir / "model" / "bundle.json"));

    // run.json records the input's SHA-256 as coreutils' sha256sum computes it.
    const auto run1 = nlohmann::json::parse(readFile(outdir / "run.json"));
    const std::string asah = referencePath("oracles/data/asah.csv").string();
    const auto sha256sum = runCommand({"sha256sum", asah});
    ASSERT_EQ(sha256sum.exitStatus, 0) << sha256sum.standardError;
    EXPECT_EQ(run1["input_sha256"][asah].get<std::string>(), sha256sum.standardOutput.substr(0, 64));
    EXPECT_EQ(run1["config"]["variables"]["wfns"]["type"], "categorical");  // inferred and recorded
    EXPECT_EQ(run1["config"]["calibration"]["bootstraps"].get<int>(), 100);
    fs::remove_all(work);
}

TEST(StudyCli, WisconsinRadiomicsOnlyAndRerun) {
    const fs::path work = makeTemporaryFolder("study_wisconsin");
    const fs::path config = wisconsinConfig(work);
    const fs::path one = work / "threads1";
    const fs::path two = work / "threads2";
    const auto first = runPulmorad({"--threads", "1", "study", config.string(), "-o", one.string()});
    ASSERT_EQ(first.exitStatus, 0) << first.standardError;
    const auto second = runPulmorad({"--threads", "2", "study", config.string(), "-o", two.string()});
    ASSERT_EQ(second.exitStatus, 0) << second.standardError;
    EXPECT_NE(first.standardError.find("Clinical analysis skipped"), std::string::npos);
    // The config gives grids only for listed models: the defaults of svm and
    // xgboost (models it does not list) must not draw a warning.
    EXPECT_EQ(first.standardError.find("a grid is given"), std::string::npos) << first.standardError;
    EXPECT_EQ(first.standardError.find("is ignored"), std::string::npos) << first.standardError;

    // Same seed, 1 and 2 threads: every table, results.json and the model
    // files are byte-identical (run.json differs only in timings and threads).
    std::size_t compared = 0;
    for (const std::string folder : {"tables", "model"}) {
        for (const auto& entry : fs::directory_iterator(one / folder)) {
            const fs::path other = two / folder / entry.path().filename();
            ASSERT_TRUE(fs::exists(other)) << other;
            EXPECT_EQ(readFile(entry.path()), readFile(other)) << entry.path().filename();
            ++compared;
        }
    }
    EXPECT_EQ(readFile(one / "results.json"), readFile(two / "results.json"));
    EXPECT_GE(compared, 12u);
    const auto run1 = nlohmann::json::parse(readFile(one / "run.json"));
    const auto run2 = nlohmann::json::parse(readFile(two / "run.json"));
    EXPECT_EQ(run1["threads"].get<int>(), 1);
    EXPECT_EQ(run2["threads"].get<int>(), 2);
    EXPECT_EQ(run1["config"], run2["config"]);
    EXPECT_EQ(run1["config"]["models"]["grids"]["knn"]["k"], nlohmann::json::parse("[5.0, 9.0]"));
    EXPECT_EQ(run1["input_sha256"].size(), 2u);  // the config and the feature table

    // The radiomics logistic model (Rad-score alone) equals `stats logistic`
    // on the training rows of radscore.csv.
    const fs::path outdir = one;
    const auto results = nlohmann::json::parse(readFile(outdir / "results.json"));
    EXPECT_FALSE(results["parts"]["clinical"].get<bool>());
    std::string header;
    const auto lines = dataLines(outdir / "tables" / "radscore.csv", header);
    std::string trainText = header + "\n";
    for (const auto& line : lines) {
        if (line.find(",train,") != std::string::npos) {
            trainText += line + "\n";
        }
    }
    writeText(work / "radscore_train.csv", trainText);
    const auto logistic = runPulmorad({"stats", "logistic", (work / "radscore_train.csv").string(), "--id",
                                       "ID", "--outcome", "outcome", "--predictors", "radscore"});
    ASSERT_EQ(logistic.exitStatus, 0) << logistic.standardError;
    const auto rows = parseCsvRows(logistic.standardOutput);
    const auto& radiomics = results["combined"]["models"][0];
    ASSERT_EQ(radiomics["name"], "radiomics");
    EXPECT_NEAR(radiomics["intercept"].get<double>(), number(rows[0], "estimate"), 1e-12);
    EXPECT_NEAR(radiomics["coefficients"][0].get<double>(), number(rows[1], "estimate"),
                1e-12 * std::abs(number(rows[1], "estimate")));

    // ROC of the radiomics logistic model and of the LightGBM-style model on the test set.
    const auto combined = readCsv(outdir / "tables" / "combined_metrics.csv");
    const Row& test = findRow(combined, "name", "radiomics", "set", "test");
    expectRocMatches(outdir, work, "radiomics", number(test, "auc"), number(test, "auc_ci_low"),
                     number(test, "auc_ci_high"));
    const auto models = readCsv(outdir / "tables" / "model_metrics.csv");
    const Row& lightgbm = findRow(models, "model", "lightgbm", "set", "test");
    expectRocMatches(outdir, work, "radiomics_lightgbm", number(lightgbm, "auc"),
                     number(lightgbm, "auc_ci_low"), number(lightgbm, "auc_ci_high"));

    // SHAP: each test patient's values plus the expected value give the margin.
    const auto& shap = results["radiomics"]["shap"];
    ASSERT_FALSE(shap.is_null());
    for (std::size_t i = 0; i < shap["values"].size(); ++i) {
        double sum = shap["expected_value"].get<double>();
        for (const auto& value : shap["values"][i]) {
            sum += value.get<double>();
        }
        EXPECT_NEAR(sum, shap["margin"][i].get<double>(), 1e-9);
        EXPECT_NEAR(1.0 / (1.0 + std::exp(-sum)), shap["probability"][i].get<double>(), 1e-6);
    }
    EXPECT_TRUE(fs::exists(outdir / "model" / "bundle.json"));
    fs::remove_all(work);
}

// ------------------------------------------------------------- bad input

/// A small two-table study: 40 patients, half with the outcome.
struct SmallStudy {
    fs::path folder;
    fs::path clinical;
    fs::path features;

    explicit SmallStudy(const std::string& name) : folder(makeTemporaryFolder(name)) {
        std::string clinicalText = "ID,ILD,age,cough\n";
        std::string featureText = "ID,f1,f2,f3\n";
        for (int i = 0; i < 40; ++i) {
            const int ild = i % 2;
            clinicalText += "P" + std::to_string(i) + "," + std::to_string(ild) + "," +
                            std::to_string(40 + (i * 7) % 30) + "," + std::to_string((i / 3) % 2) + "\n";
            featureText += "P" + std::to_string(i) + "," + std::to_string(ild + 0.1 * (i % 7)) + "," +
                           std::to_string((i * 13) % 17) + "," + std::to_string(0.5 * ild + (i % 5)) + "\n";
        }
        clinical = folder / "clinical.csv";
        features = folder / "features.csv";
        writeText(clinical, clinicalText);
        writeText(features, featureText);
    }

    fs::path config(const std::string& extra, const std::string& clinicalPath = "clinical.csv") const {
        const fs::path path = folder / "study.yaml";
        writeText(path, "clinical: " + clinicalPath +
                            "\nfeatures: features.csv\noutcome: ILD\n"
                            "variables: {age: continuous, cough: binary}\n"
                            "calibration: {bootstraps: 20}\n" +
                            extra);
        return path;
    }

    CommandResult run(const fs::path& config, const std::vector<std::string>& more = {}) const {
        std::vector<std::string> arguments = {"study", config.string(), "-o", (folder / "out").string()};
        arguments.insert(arguments.end(), more.begin(), more.end());
        return runPulmorad(arguments);
    }
};

void expectInputError(const CommandResult& result, const std::string& expected) {
    EXPECT_EQ(result.exitStatus, 2) << result.standardError;
    EXPECT_NE(result.standardError.find(expected), std::string::npos) << result.standardError;
}

TEST(StudyCli, UnknownConfigKeyIsRejected) {
    const SmallStudy study("study_bad_key");
    expectInputError(study.run(study.config("selection: {corelation_threshold: 0.8}\n")),
                     "key 'selection.corelation_threshold' does not exist (did you mean 'correlation_threshold'?)");
    expectInputError(study.run(study.config("sead: 3\n")), "key 'sead' does not exist (did you mean 'seed'?)");
    expectInputError(study.run(study.config("split: {train_fraction: 1.5}\n")), "train_fraction");
    expectInputError(study.run(study.config("", "missing.csv")), "missing.csv' does not exist");
    EXPECT_FALSE(fs::exists(study.folder / "out"));
    fs::remove_all(study.folder);
}

TEST(StudyCli, TableProblemsAreReportedWithTheFix) {
    const SmallStudy study("study_bad_tables");
    std::string header;
    std::vector<std::string> lines = dataLines(study.clinical, header);

    // Duplicate ID.
    std::string text = header + "\n";
    for (const auto& line : lines) {
        text += line + "\n";
    }
    writeText(study.folder / "duplicate.csv", text + lines[3] + "\n");
    expectInputError(study.run(study.config("", "duplicate.csv")), "P3");

    // Missing outcome.
    std::string missing = header + "\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        missing += (i == 5 ? std::string("P5,,47,1") : lines[i]) + "\n";
    }
    writeText(study.folder / "missing_outcome.csv", missing);
    expectInputError(study.run(study.config("", "missing_outcome.csv")), "is empty for 1 patient(s) (P5)");

    // A binary variable with three values.
    std::string three = header + "\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        three += (i == 7 ? std::string("P7,1,61,2") : lines[i]) + "\n";
    }
    writeText(study.folder / "three.csv", three);
    expectInputError(study.run(study.config("", "three.csv")),
                     "'cough' is declared binary but holds 3 values");

    // No ID in both tables.
    std::string other = header + "\n";
    for (const auto& line : lines) {
        other += "Q" + line.substr(1) + "\n";
    }
    writeText(study.folder / "other_ids.csv", other);
    expectInputError(study.run(study.config("", "other_ids.csv")),
                     "no patient ID is in both (40 and 40 patients)");

    // Partial overlap: counts reported, the study runs on the patients in both.
    std::string partial = header + "\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        partial += (i < 4 ? "Q" + lines[i].substr(1) : lines[i]) + "\n";
    }
    writeText(study.folder / "partial.csv", partial);
    const auto run = study.run(study.config("", "partial.csv"));
    EXPECT_EQ(run.exitStatus, 0) << run.standardError;
    EXPECT_NE(run.standardError.find("36 in both (4 only clinical, 4 only radiomic)"), std::string::npos)
        << run.standardError;
    fs::remove_all(study.folder);
}

TEST(StudyCli, PreviousRunNeedsOverwrite) {
    const SmallStudy study("study_overwrite");
    const fs::path config = study.config("");
    const auto first = study.run(config);
    ASSERT_EQ(first.exitStatus, 0) << first.standardError;
    const std::string results = readFile(study.folder / "out" / "results.json");
    expectInputError(study.run(config), "holds a previous run");
    const auto again = study.run(config, {"--overwrite"});
    ASSERT_EQ(again.exitStatus, 0) << again.standardError;
    EXPECT_EQ(readFile(study.folder / "out" / "results.json"), results);
    // No temporary folder is left beside the output.
    for (const auto& entry : fs::directory_iterator(study.folder)) {
        EXPECT_EQ(entry.path().filename().string().find("out.tmp-"), std::string::npos) << entry.path();
    }
    fs::remove_all(study.folder);
}

TEST(StudyCli, MisspeltColumnsGetASuggestion) {
    const SmallStudy study("study_misspelt_columns");
    const fs::path config = study.folder / "study.yaml";
    writeText(config, "clinical: clinical.csv\nfeatures: features.csv\noutcome: ild\n");
    expectInputError(study.run(config), "outcome column 'ild' is missing (did you mean 'ILD'?)");
    writeText(config, "clinical: clinical.csv\nfeatures: features.csv\noutcome: ILD\n"
                      "variables: {Age: continuous}\n");
    expectInputError(study.run(config), "(did you mean 'age'?)");
    fs::remove_all(study.folder);
}

TEST(StudyCli, GridOfUnlistedModelWarns) {
    const SmallStudy study("study_unlisted_grid");
    const auto run = study.run(study.config("models:\n  list: [dt, knn]\n  grids:\n    svm: {C: [1]}\n"));
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    EXPECT_NE(run.standardError.find("key 'models.grids.svm' is ignored, because 'models.list' does not name svm"),
              std::string::npos)
        << run.standardError;
    fs::remove_all(study.folder);
}

TEST(StudyCli, TrainFractionErrorsAgree) {
    const SmallStudy study("study_train_fraction");
    for (const std::string value : {"1", "1.5", "0"}) {
        expectInputError(study.run(study.config("split: {train_fraction: " + value + "}\n")),
                         "study.yaml: key 'split.train_fraction' is '" + value +
                             "'; give a fraction strictly between 0 and 1");
    }
    fs::remove_all(study.folder);
}

/// Returns the lines of `text` that contain `part`.
std::vector<std::string> linesWith(const std::string& text, const std::string& part) {
    std::istringstream in(text);
    std::vector<std::string> found;
    std::string line;
    while (std::getline(in, line)) {
        if (line.find(part) != std::string::npos) {
            found.push_back(line);
        }
    }
    return found;
}

// The radiomic selection and training repeat the study's split, so only the
// study logs it at INFO.
TEST(StudyCli, SplitLoggedOnce) {
    const SmallStudy study("study_split_log");
    const auto run = study.run(study.config(""));
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    const std::vector<std::string> lines = linesWith(run.standardError, "Split (seed 2024, training fraction 0.7)");
    ASSERT_EQ(lines.size(), 1u) << run.standardError;
    EXPECT_NE(lines[0].find("info"), std::string::npos) << lines[0];
    fs::remove_all(study.folder);
}

// The run writes into OUTDIR.tmp-PID and renames it at the end, and the log names the final OUTDIR.
TEST(StudyCli, LogNamesFinalOutputFolder) {
    const SmallStudy study("study_log_paths");
    const auto run = study.run(study.config(""));
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    const std::string outdir = (study.folder / "out").string();
    EXPECT_EQ(linesWith(run.standardError, "Wrote the model bundle " + outdir + "/model/bundle.json").size(), 1u)
        << run.standardError;
    EXPECT_EQ(linesWith(run.standardError, "Wrote the report " + outdir + "/report.html").size(), 1u)
        << run.standardError;
    EXPECT_EQ(linesWith(run.standardError, ".tmp-"), std::vector<std::string>{}) << run.standardError;
    fs::remove_all(study.folder);
}

// ------------------------------------------------------ categorical factors

/// A clinical-only study of 120 patients with a text factor `myositis` and a
/// `score` that rises with the outcome. The factor's levels DM, PM and ADM have
/// the outcome in 30%, 50% and 80% of their patients. R's factor() sorts them
/// ADM, DM, PM, so ADM is the reference. With `emptyLevel`, seven ADM patients
/// without the outcome get the level IMNM instead.
struct FactorStudy {
    fs::path folder;
    fs::path clinical;

    FactorStudy(const std::string& name, bool emptyLevel) : folder(makeTemporaryFolder(name)) {
        const std::vector<std::string> levels = {"DM", "PM", "ADM"};
        const std::vector<int> eventsPerTen = {5, 8, 3};
        std::string text = "ID,ILD,myositis,score\n";
        for (int i = 0; i < 120; ++i) {
            const int level = i % 3;
            const int j = i / 3;
            const int ild = j % 10 < eventsPerTen[static_cast<std::size_t>(level)] ? 1 : 0;
            const std::string value = emptyLevel && level == 2 && j >= 33 ? "IMNM" : levels[static_cast<std::size_t>(level)];
            text += "P" + std::to_string(i) + "," + std::to_string(ild) + "," + value + "," +
                    std::to_string((i * 7) % 11 + 4 * ild) + "\n";
        }
        clinical = folder / "clinical.csv";
        writeText(clinical, text);
        writeText(folder / "study.yaml",
                  "clinical: clinical.csv\noutcome: ILD\n"
                  "variables: {myositis: categorical, score: continuous}\n"
                  "calibration: {bootstraps: 20}\n");
    }

    CommandResult run() const {
        return runPulmorad({"study", (folder / "study.yaml").string(), "-o", (folder / "out").string()});
    }

    /// Writes the training rows of the clinical table as a CSV with R's dummy columns added.
    fs::path trainingWithDummies() const {
        std::map<std::string, std::string> setOf;
        for (const auto& row : readCsv(folder / "out" / "tables" / "split.csv")) {
            setOf[row.at("ID")] = row.at("set");
        }
        std::string text = "ID,ILD,score,myositisDM,myositisPM\n";
        for (const auto& row : readCsv(clinical)) {
            if (setOf.at(row.at("ID")) == "train") {
                text += row.at("ID") + "," + row.at("ILD") + "," + row.at("score") + "," +
                        (row.at("myositis") == "DM" ? "1" : "0") + "," + (row.at("myositis") == "PM" ? "1" : "0") +
                        "\n";
            }
        }
        const fs::path path = folder / "train_dummies.csv";
        writeText(path, text);
        return path;
    }
};

/// Patients and events per level of `myositis` on the training set.
std::map<std::string, std::pair<double, double>> trainingCounts(const FactorStudy& study) {
    std::map<std::string, std::string> setOf;
    for (const auto& row : readCsv(study.folder / "out" / "tables" / "split.csv")) {
        setOf[row.at("ID")] = row.at("set");
    }
    std::map<std::string, std::pair<double, double>> counts;
    for (const auto& row : readCsv(study.clinical)) {
        if (setOf.at(row.at("ID")) == "train") {
            counts[row.at("myositis")].first += 1.0;
            counts[row.at("myositis")].second += row.at("ILD") == "1" ? 1.0 : 0.0;
        }
    }
    return counts;
}

TEST(StudyCli, FactorMatchesHandDerivation) {
    const FactorStudy study("study_factor", false);
    const auto run = study.run();
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    const fs::path outdir = study.folder / "out";
    const auto results = nlohmann::json::parse(readFile(outdir / "results.json"));
    const auto& table4 = results["clinical"]["table4"];
    ASSERT_EQ(table4.size(), 2u);
    const auto& factor = table4[0];
    ASSERT_EQ(factor["variable"], "myositis");
    EXPECT_EQ(factor["reference"], "ADM");
    ASSERT_EQ(factor["levels"].size(), 2u);
    EXPECT_EQ(factor["levels"][0]["term"], "myositisDM");
    EXPECT_EQ(factor["levels"][1]["term"], "myositisPM");
    EXPECT_TRUE(factor["uni_or"].is_null());

    // With one factor as the only predictor, glm's fitted probabilities are the
    // level proportions, so each level's OR against ADM is the 2x2 cross-product
    // ratio (a*d)/(b*c) and its Wald SE is sqrt(1/a + 1/b + 1/c + 1/d).
    const auto counts = trainingCounts(study);
    const auto [nRef, eRef] = counts.at("ADM");
    for (std::size_t k = 0; k < 2; ++k) {
        const std::string level = factor["levels"][k]["level"];
        const auto [n, e] = counts.at(level);
        const double oddsRatio = (e * (nRef - eRef)) / ((n - e) * eRef);
        const double se = std::sqrt(1.0 / e + 1.0 / (n - e) + 1.0 / eRef + 1.0 / (nRef - eRef));
        const double p = std::erfc(std::abs(std::log(oddsRatio)) / se / std::sqrt(2.0));
        EXPECT_NEAR(factor["levels"][k]["uni_or"].get<double>(), oddsRatio, 1e-9 * oddsRatio) << level;
        // glm's SE comes from the working weights of its last IRLS iteration, one
        // update before the final estimate, so it meets the closed form only to
        // the convergence tolerance (deviance change below 1e-8): 1e-5 relative on p.
        EXPECT_NEAR(factor["levels"][k]["uni_p"].get<double>(), p, 1e-5 * p) << level;
    }

    // Likelihood-ratio test of the factor: 2 * (loglik of the level proportions
    // - loglik of the overall proportion), chi-square with 2 df, whose upper
    // tail is exp(-x / 2).
    double logLikFull = 0.0;
    double patients = 0.0;
    double events = 0.0;
    for (const auto& [level, count] : counts) {
        const auto [n, e] = count;
        logLikFull += e * std::log(e / n) + (n - e) * std::log(1.0 - e / n);
        patients += n;
        events += e;
    }
    const double logLikNull =
        events * std::log(events / patients) + (patients - events) * std::log(1.0 - events / patients);
    const double lrP = std::exp(-(logLikFull - logLikNull));
    EXPECT_NEAR(factor["uni_lr_p"].get<double>(), lrP, 1e-9 * lrP);
    EXPECT_EQ(factor["n"].get<double>(), patients);
    EXPECT_EQ(factor["events"].get<double>(), events);

    // The profile CIs equal `stats logistic` on R's dummy columns of the training rows.
    const fs::path train = study.trainingWithDummies();
    const auto dummies = runPulmorad({"stats", "logistic", train.string(), "--outcome", "ILD", "--predictors",
                                      "myositisDM,myositisPM"});
    ASSERT_EQ(dummies.exitStatus, 0) << dummies.standardError;
    const auto dummyRows = parseCsvRows(dummies.standardOutput);
    const auto table4Csv = readCsv(outdir / "tables" / "table4_logistic.csv");
    ASSERT_EQ(table4Csv.size(), 5u);  // myositis, ADM (reference), DM, PM, score
    EXPECT_EQ(findRow(table4Csv, "variable", "myositis", "level", "ADM").at("note"), "reference level");
    for (const std::string level : {"DM", "PM"}) {
        const Row& expected = findRow(dummyRows, "term", "myositis" + level);
        const Row& row = findRow(table4Csv, "variable", "myositis", "level", level);
        EXPECT_NEAR(number(row, "uni_ci_low"), number(expected, "or_low"), 1e-12 * number(expected, "or_low"));
        EXPECT_NEAR(number(row, "uni_ci_high"), number(expected, "or_high"), 1e-12 * number(expected, "or_high"));
    }

    // Both variables enter the multivariable model. The factor's p there is the
    // LR test of dropping its two dummies (R: drop1(fit, test = "LRT")),
    // from the deviances of `stats logistic` with and without them.
    ASSERT_FALSE(factor["multi_lr_p"].is_null());
    const auto full = runPulmorad({"stats", "logistic", train.string(), "--outcome", "ILD", "--predictors",
                                   "score,myositisDM,myositisPM", "--format", "json", "--no-profile"});
    const auto reduced = runPulmorad({"stats", "logistic", train.string(), "--outcome", "ILD", "--predictors",
                                      "score", "--format", "json", "--no-profile"});
    ASSERT_EQ(full.exitStatus, 0) << full.standardError;
    ASSERT_EQ(reduced.exitStatus, 0) << reduced.standardError;
    const auto fullJson = nlohmann::json::parse(full.standardOutput);
    const auto reducedJson = nlohmann::json::parse(reduced.standardOutput);
    const double dropChiSquare = reducedJson["coefficients"][0]["deviance"].get<double>() -
                                 fullJson["coefficients"][0]["deviance"].get<double>();
    const double dropP = std::exp(-dropChiSquare / 2.0);
    EXPECT_NEAR(factor["multi_lr_p"].get<double>(), dropP, 1e-9 * dropP);
    for (std::size_t k = 0; k < 2; ++k) {
        const double expected = fullJson["coefficients"][k + 2]["or"].get<double>();
        EXPECT_NEAR(factor["levels"][k]["multi_or"].get<double>(), expected, 1e-12 * expected);
        EXPECT_NEAR(factor["levels"][k]["multi_p"].get<double>(), fullJson["coefficients"][k + 2]["p_value"].get<double>(),
                    1e-12);
    }
    EXPECT_NEAR(table4[1]["multi_or"].get<double>(), fullJson["coefficients"][1]["or"].get<double>(),
                1e-12 * fullJson["coefficients"][1]["or"].get<double>());

    // An independent factor predictor stays out of the clinical model, with a WARNING and a reason.
    const auto& predictors = results["clinical"]["predictors"];
    const bool factorPredictor = std::find(predictors.begin(), predictors.end(), "myositis") != predictors.end();
    ASSERT_TRUE(factorPredictor) << predictors.dump();
    const std::string reason = "Clinical predictor 'myositis' left out of the clinical, combined, nomogram and LightGBM-style models";
    EXPECT_NE(results["parts"]["skipped"].dump().find(reason), std::string::npos);
    EXPECT_NE(run.standardError.find(reason), std::string::npos);
    for (const auto& model : results["combined"]["models"]) {
        EXPECT_EQ(model["variables"], nlohmann::json::parse(R"(["score"])")) << model.dump();
    }
    EXPECT_NE(readFile(outdir / "report.html").find("ADM (reference)"), std::string::npos);
    fs::remove_all(study.folder);
}

TEST(StudyCli, FactorLevelWithoutEventsNotEstimable) {
    const FactorStudy study("study_factor_empty_level", true);
    const auto run = study.run();
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    const auto results = nlohmann::json::parse(readFile(study.folder / "out" / "results.json"));
    const auto& factor = results["clinical"]["table4"][0];
    const auto counts = trainingCounts(study);
    const int imnm = static_cast<int>(counts.at("IMNM").first);
    const std::string expected = "level 'IMNM' of 'myositis' has 0 of " + std::to_string(imnm) +
                                 " patients with the outcome on the training set";
    EXPECT_NE(factor["note"].get<std::string>().find(expected), std::string::npos) << factor["note"];
    EXPECT_TRUE(factor["uni_lr_p"].is_null());
    EXPECT_NE(run.standardError.find(expected), std::string::npos) << run.standardError;
    fs::remove_all(study.folder);
}

TEST(StudyCli, NumberedRowsWarnedOnce) {
    // The small study's tables have ID columns; rewrite the clinical table without it.
    const SmallStudy study("study_numbered_rows");
    std::string text = readFile(study.clinical);
    std::string withoutIds;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        withoutIds += line.substr(line.find(',') + 1) + "\n";
    }
    writeText(study.clinical, withoutIds);
    const fs::path config = study.folder / "study.yaml";
    writeText(config, "clinical: clinical.csv\noutcome: ILD\nvariables: {age: continuous, cough: binary}\n"
                      "calibration: {bootstraps: 20}\n");
    const auto run = study.run(config);
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;
    EXPECT_EQ(linesWith(run.standardError, "numbered by row").size() +
                  linesWith(run.standardError, "rows are numbered").size(),
              1u)
        << run.standardError;
    EXPECT_EQ(linesWith(run.standardError, "set 'id' in the config").size(), 1u) << run.standardError;
    fs::remove_all(study.folder);
}

}  // namespace
}  // namespace pulmorad::test

// The report in a real browser: headless Chromium (Debian package
// `chromium`) loads report.html from disk, runs the risk calculator's script
// and dumps the resulting DOM. The calculator's points and probability must
// equal the nomogram formula of docs/study-results.md computed here in C++.
// These tests fail, never skip, when chromium is not installed.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/number_format.h"
#include "report/report.h"
#include "support/test_support.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Percent-encodes every byte except ASCII letters and digits.
std::string percentEncode(const std::string& text) {
    std::string encoded;
    for (unsigned char character : text) {
        if (std::isalnum(character) != 0) {
            encoded += static_cast<char>(character);
        } else {
            static const char* digits = "0123456789ABCDEF";
            encoded += '%';
            encoded += digits[character >> 4];
            encoded += digits[character & 15];
        }
    }
    return encoded;
}

/// Runs headless Chromium with a fresh profile and returns its output; `mode`
/// is --dump-dom or --screenshot=FILE.
CommandResult runChromium(const std::string& url, const std::string& mode) {
    const fs::path profile = makeTemporaryFolder("pulmorad-chromium-profile");
    CommandResult result =
        runCommand({"timeout", "180", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking",
                    "--user-data-dir=" + profile.string(), "--window-size=1000,2000", mode, url});
    fs::remove_all(profile);
    return result;
}

void requireChromium() {
    const CommandResult version = runCommand({"sh", "-c", "command -v chromium"});
    ASSERT_EQ(version.exitStatus, 0)
        << "chromium is not installed; run scripts/install-deps.sh (Debian package "
           "chromium)";
}

/// The result the calculator page wrote for one patient.
struct PageResult {
    double total = std::nan("");
    double probability = std::nan("");
};

/// Loads `html` with the `#calculator=` fragment for `patients` and reads the
/// list items the page appends, one per patient.
std::vector<PageResult> scoreInBrowser(const fs::path& html, const json& patients,
                                       std::string* dom = nullptr) {
    const std::string url = "file://" + html.string() + "#calculator=" + percentEncode(patients.dump());
    const CommandResult result = runChromium(url, "--dump-dom");
    EXPECT_EQ(result.exitStatus, 0) << result.standardError;
    if (dom != nullptr) {
        *dom = result.standardOutput;
    }
    std::vector<PageResult> scores;
    static const std::regex item(R"#(<li data-total="([^"]*)" data-probability="([^"]*)">)#");
    const std::string& text = result.standardOutput;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), item); it != std::sregex_iterator(); ++it) {
        PageResult score;
        EXPECT_TRUE(parseDouble((*it)[1], score.total)) << (*it)[1];
        EXPECT_TRUE(parseDouble((*it)[2], score.probability)) << (*it)[2];
        scores.push_back(score);
    }
    return scores;
}

/// The nomogram formula of docs/study-results.md: points_j = scale * b_j (x_j
/// - zero_at_j), probability = 1 / (1 + exp(-(lp_at_zero_points + total / scale))).
PageResult nomogramFormula(const json& nomogram, const std::vector<double>& values) {
    PageResult expected;
    const double scale = nomogram["scale"].get<double>();
    expected.total = 0.0;
    for (std::size_t j = 0; j < values.size(); ++j) {
        const json& variable = nomogram["variables"][j];
        expected.total += scale * variable["coefficient"].get<double>() *
                          (values[j] - variable["zero_at"].get<double>());
    }
    expected.probability =
        1.0 / (1.0 + std::exp(-(nomogram["lp_at_zero_points"].get<double>() + expected.total / scale)));
    return expected;
}

class ReportChromium : public ::testing::Test {
protected:
    void SetUp() override {
        requireChromium();
        folder_ = makeTemporaryFolder("pulmorad-report-chromium");
        results_ = json::parse(readFile(testDataDir() / "report" / "results-fixture.json"));
        report::writeReport(results_, folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    fs::path folder_;
    json results_;
};

TEST_F(ReportChromium, CalculatorMatchesNomogramFormula) {
    if (HasFatalFailure()) {
        return;
    }
    const json& nomogram = results_["combined"]["nomogram"];
    // Rad-score, IgG (g/L), cough (0/1) in the fixture's nomogram order; the
    // last patient scores zero points on every axis.
    const std::vector<std::vector<double>> patients = {
        {1.2345, 17.25, 1}, {-2.5, 26.75, 0}, {0.3, 9.5, 1}, {-3.0, 8.0, 0}};
    const std::vector<PageResult> scores = scoreInBrowser(folder_ / "report.html", patients);
    ASSERT_EQ(scores.size(), patients.size());
    for (std::size_t i = 0; i < patients.size(); ++i) {
        const PageResult expected = nomogramFormula(nomogram, patients[i]);
        EXPECT_NEAR(scores[i].total, expected.total, 1e-9) << "patient " << i;
        EXPECT_NEAR(scores[i].probability, expected.probability, 1e-9) << "patient " << i;
    }
    // Hand derivation for the last patient: zero points leave only
    // lp_at_zero_points = -7.652, so p = 1 / (1 + e^7.652) = 4.74867386050729e-4.
    EXPECT_NEAR(scores[3].total, 0.0, 1e-12);
    EXPECT_NEAR(scores[3].probability, 4.74867386050729e-4, 1e-15);
}

TEST_F(ReportChromium, RendersEverySectionAndRunsTheScript) {
    if (HasFatalFailure()) {
        return;
    }
    std::string dom;
    const std::vector<PageResult> scores =
        scoreInBrowser(folder_ / "report.html", json::array({{0.5, 20.0, 1}}), &dom);
    ASSERT_EQ(scores.size(), 1u);
    for (const char* heading :
         {"<h2>Cohort</h2>", "<h2>Clinical</h2>", "<h2>Radiomics</h2>", "<h2>Models</h2>",
          "<h2>Combined model</h2>", "<h2>Methods</h2>", "<h2>Risk calculator</h2>"}) {
        EXPECT_NE(dom.find(heading), std::string::npos) << heading;
    }
    // The browser parsed all 19 inline figures as SVG elements.
    const std::regex figure("<figure id=\"figure-[a-z_]+\">\\s*<div class=\"svg\"><svg[ >]");
    EXPECT_EQ(std::distance(std::sregex_iterator(dom.begin(), dom.end(), figure), std::sregex_iterator()),
              19);
    // The form shows the last patient's probability as a percentage
    // with one decimal, as the script formats it.
    const PageResult expected = nomogramFormula(results_["combined"]["nomogram"], {0.5, 20.0, 1});
    char shown[32];
    std::snprintf(shown, sizeof shown, "%.1f%%", 100.0 * expected.probability);
    EXPECT_NE(dom.find(std::string("<output id=\"calc-probability\" data-value=\"")), std::string::npos);
    EXPECT_NE(dom.find(std::string(">") + shown + "</output>"), std::string::npos) << shown;
}

// Every table fits the 960 px column at a 1000 px window, including a
// Table 3 with long names, units and five-digit medians in every group.
TEST_F(ReportChromium, TablesFitTheColumn) {
    if (HasFatalFailure()) {
        return;
    }
    json results = results_;
    for (const char* key : {"table3", "table3_train"}) {
        for (int i = 0; i < 3; ++i) {
            results["clinical"][key].push_back(
                {{"variable", "total_pectoral_muscle_area_" + std::to_string(i)},
                 {"unit", "10^9 cells/L"},
                 {"summary", "median_iqr"},
                 {"overall", {12345.6, 10234.5, 15678.9}},
                 {"negative", {11345.6, 9234.5, 14678.9}},
                 {"positive", {13345.6, 11234.5, 16678.9}},
                 {"p_value", 0.0004},
                 {"test", "wilcoxon"}});
        }
    }

    const fs::path folder = makeTemporaryFolder("pulmorad-report-widths");
    report::writeReport(results, folder);
    // The test adds a script that lists each table whose width exceeds its
    // container, so the DOM dump reports what the layout engine computed.
    std::string html = readFile(folder / "report.html");
    const std::string script =
        "<script>//<![CDATA[\nwindow.addEventListener('load', function () {\n"
        "  var wide = [];\n"
        "  document.querySelectorAll('table').forEach(function (t) {\n"
        "    if (t.offsetWidth > t.parentElement.clientWidth) { wide.push(t.id + ' ' + t.offsetWidth); }\n"
        "  });\n"
        "  var out = document.createElement('pre');\n"
        "  out.id = 'too-wide';\n"
        "  out.setAttribute('data-count', String(document.querySelectorAll('table').length));\n"
        "  out.textContent = wide.join(';');\n"
        "  document.body.appendChild(out);\n"
        "});\n//]]></script>";
    html.replace(html.rfind("</body>"), 7, script + "</body>");
    {
        std::ofstream stream(folder / "measure.html");
        stream << html;
    }

    const CommandResult result = runChromium("file://" + (folder / "measure.html").string(), "--dump-dom");
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    std::smatch match;
    const std::string dom = result.standardOutput;
    ASSERT_TRUE(std::regex_search(dom, match,
                                  std::regex("<pre id=\"too-wide\" data-count=\"([0-9]+)\">([^<]*)</pre>")))
        << "the measuring script did not run";
    // 14 tables with ids (cohort to TRIPOD+AI) plus the calculator's form table.
    EXPECT_EQ(match[1].str(), "15");
    EXPECT_EQ(match[2].str(), "");
    fs::remove_all(folder);
}

/// Rows of a simple CSV file (no quoted commas, as `pulmorad simulate` writes them), keyed by the first
/// column.
std::map<std::string, std::vector<std::string>> readRowsById(const fs::path& path,
                                                             std::vector<std::string>& header) {
    std::map<std::string, std::vector<std::string>> rows;
    std::stringstream stream(readFile(path));
    bool first = true;
    for (std::string line; std::getline(stream, line);) {
        std::vector<std::string> cells;
        std::stringstream cellStream(line);
        for (std::string cell; std::getline(cellStream, cell, ',');) {
            cells.push_back(cell);
        }
        if (first) {
            header = cells;
            first = false;
        } else if (!cells.empty()) {
            rows[cells[0]] = cells;
        }
    }
    return rows;
}

// A real study: `pulmorad simulate` writes the example cohort, `pulmorad
// study` fits it and writes the report and model bundle, and `pulmorad
// predict` scores three test patients. The report's calculator, given the
// same predictor values, must give predict's points and probability.
TEST(ReportChromiumStudy, CalculatorMatchesPredict) {
    requireChromium();
    if (HasFatalFailure()) {
        return;
    }
    const fs::path folder = makeTemporaryFolder("pulmorad-report-predict");
    const CommandResult simulated = runPulmorad({"--quiet", "simulate", "-o", (folder / "sim").string()});
    ASSERT_EQ(simulated.exitStatus, 0) << simulated.standardError;
    const CommandResult study = runPulmorad(
        {"--quiet", "study", (folder / "sim" / "study.yaml").string(), "-o", (folder / "study").string()});
    ASSERT_EQ(study.exitStatus, 0) << study.standardError;
    const json results = json::parse(readFile(folder / "study" / "results.json"));
    const json& nomogram = results["combined"]["nomogram"];
    ASSERT_TRUE(nomogram.is_object());

    // The first three test patients, with every clinical and radiomic column.
    std::vector<std::string> clinicalHeader;
    std::vector<std::string> featureHeader;
    const auto clinical = readRowsById(folder / "sim" / "clinical.csv", clinicalHeader);
    const auto features = readRowsById(folder / "sim" / "radiomics.csv", featureHeader);
    std::string patientsCsv;
    for (std::size_t column = 0; column < clinicalHeader.size(); ++column) {
        patientsCsv += (column == 0 ? "" : ",") + clinicalHeader[column];
    }
    for (std::size_t column = 1; column < featureHeader.size(); ++column) {
        patientsCsv += "," + featureHeader[column];
    }
    patientsCsv += "\n";
    const json& testIds = results["radiomics"]["radscore"]["test"]["id"];
    ASSERT_GE(testIds.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string id = testIds[i].get<std::string>();
        ASSERT_EQ(clinical.count(id), 1u) << id;
        ASSERT_EQ(features.count(id), 1u) << id;
        const std::vector<std::string>& clinicalRow = clinical.at(id);
        const std::vector<std::string>& featureRow = features.at(id);
        for (std::size_t column = 0; column < clinicalRow.size(); ++column) {
            patientsCsv += (column == 0 ? "" : ",") + clinicalRow[column];
        }
        for (std::size_t column = 1; column < featureRow.size(); ++column) {
            patientsCsv += "," + featureRow[column];
        }
        patientsCsv += "\n";
    }
    {
        std::ofstream out(folder / "patients.csv");
        out << patientsCsv;
    }
    const CommandResult predicted = runPulmorad({"--quiet", "predict", (folder / "study" / "model").string(),
                                                 (folder / "patients.csv").string(), "--format", "json"});
    ASSERT_EQ(predicted.exitStatus, 0) << predicted.standardError;
    const json predictions = json::parse(predicted.standardOutput)["patients"];
    ASSERT_EQ(predictions.size(), 3u);

    // The calculator gets predict's Rad-score and the clinical values of each patient.
    json patients = json::array();
    for (const json& patient : predictions) {
        const std::string id = patient["id"].get<std::string>();
        json values = json::array();
        for (const json& variable : nomogram["variables"]) {
            const std::string name = variable["name"].get<std::string>();
            if (name == "radscore") {
                values.push_back(patient["radscore"].get<double>());
                continue;
            }
            const auto column = std::find(clinicalHeader.begin(), clinicalHeader.end(), name);
            ASSERT_NE(column, clinicalHeader.end()) << name;
            double value = 0.0;
            ASSERT_TRUE(parseDouble(clinical.at(id)[column - clinicalHeader.begin()], value)) << name;
            values.push_back(value);
        }
        patients.push_back(values);
    }
    const std::vector<PageResult> scores = scoreInBrowser(folder / "study" / "report.html", patients);
    ASSERT_EQ(scores.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const json& expected = predictions[i]["nomogram"];
        EXPECT_NEAR(scores[i].total, expected["total_points"].get<double>(), 1e-9) << "patient " << i;
        EXPECT_NEAR(scores[i].probability, expected["probability"].get<double>(), 1e-9) << "patient " << i;
    }
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

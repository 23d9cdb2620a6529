// The HTML report: well-formed, self-contained, every section with its
// tables and figures, and the one-line notes for parts a study skipped.
// Input: tests/data/report/results-fixture.json, a hand-made results.json
// of a 40-patient simulated study with every part present.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/errors.h"
#include "report/calculator.h"
#include "report/figures.h"
#include "report/html.h"
#include "report/html_sections.h"
#include "report/report.h"
#include "report/tripod.h"
#include "support/test_support.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json loadFixture() { return json::parse(readFile(testDataDir() / "report" / "results-fixture.json")); }

/// The fixture without its clinical and combined parts, as a radiomics-only
/// study (for example the Wisconsin breast-cancer features) writes it.
json radiomicsOnly() {
    json results = loadFixture();
    results.erase("clinical");
    results.erase("combined");
    results["parts"]["clinical"] = false;
    results["parts"]["skipped"] = {"Clinical analysis skipped: the config names no clinical table.",
                                   "Combined model skipped: it needs both clinical and radiomic predictors."};
    return results;
}

// ---------------------------------------------------------------------------
// A small XML well-formedness checker for the polyglot page. It also rejects
// block elements inside <p> (an HTML parser would close the paragraph there)
// and duplicate id attributes (inlined figures share one id space).

class MarkupChecker {
public:
    explicit MarkupChecker(const std::string& text) : text_(text) {}

    /// Returns "" when the markup is well formed, else the first problem.
    std::string check() {
        while (position_ < text_.size() && error_.empty()) {
            if (text_[position_] == '<') {
                readMarkup();
            } else {
                readText();
            }
        }
        if (error_.empty() && !open_.empty()) {
            error_ = "unclosed element <" + open_.back() + ">";
        }
        return error_;
    }

private:
    void fail(const std::string& message) {
        if (error_.empty()) {
            error_ = message + " at offset " + std::to_string(position_) + ": '" +
                     text_.substr(position_, 60) + "'";
        }
    }

    bool startsWith(const char* prefix) const {
        return text_.compare(position_, std::strlen(prefix), prefix) == 0;
    }

    /// Skips to just after `terminator`; fails when it is missing.
    void skipPast(const char* terminator) {
        const std::size_t end = text_.find(terminator, position_);
        if (end == std::string::npos) {
            fail(std::string("missing '") + terminator + "'");
            position_ = text_.size();
            return;
        }
        position_ = end + std::strlen(terminator);
    }

    void readText() {
        const std::size_t end = std::min(text_.find('<', position_), text_.size());
        for (std::size_t i = position_; i < end && error_.empty(); ++i) {
            if (text_[i] == '&') {
                checkEntity(i);
            }
        }
        position_ = end;
    }

    void checkEntity(std::size_t at) {
        static const std::regex entity("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
        const std::string candidate = text_.substr(at, 12);
        std::smatch match;
        if (!std::regex_search(candidate, match, entity, std::regex_constants::match_continuous)) {
            position_ = at;
            fail("invalid entity or bare '&'");
        }
    }

    void readMarkup() {
        if (startsWith("<!--")) {
            skipPast("-->");
        } else if (startsWith("<![CDATA[")) {
            skipPast("]]>");
        } else if (startsWith("<!DOCTYPE") || startsWith("<?")) {
            skipPast(">");
        } else if (startsWith("</")) {
            readEndTag();
        } else {
            readStartTag();
        }
    }

    void readEndTag() {
        const std::size_t end = text_.find('>', position_);
        if (end == std::string::npos) {
            fail("unterminated end tag");
            position_ = text_.size();
            return;
        }
        const std::string name = text_.substr(position_ + 2, end - position_ - 2);
        if (open_.empty() || open_.back() != name) {
            fail("end tag </" + name + "> does not match <" +
                 (open_.empty() ? std::string("none") : open_.back()) + ">");
            return;
        }
        open_.pop_back();
        position_ = end + 1;
    }

    static bool isNameCharacter(char character) {
        return std::isalnum(static_cast<unsigned char>(character)) != 0 || character == ':' ||
               character == '_' || character == '.' || character == '-';
    }

    /// Reads name="value" pairs from `cursor`; returns false after reporting a problem.
    bool readAttributes(const std::string& element, std::size_t& cursor) {
        std::set<std::string> attributes;
        while (true) {
            const std::size_t nameStart = text_.find_first_not_of(" \t\r\n", cursor);
            if (nameStart == std::string::npos ||
                !std::isalpha(static_cast<unsigned char>(text_[nameStart]))) {
                cursor = nameStart == std::string::npos ? text_.size() : nameStart;
                return true;
            }
            if (nameStart == cursor) {
                position_ = cursor;
                fail("no space before an attribute of <" + element + ">");
                return false;
            }
            std::size_t nameEnd = nameStart;
            while (nameEnd < text_.size() && isNameCharacter(text_[nameEnd])) {
                ++nameEnd;
            }
            const std::string key = text_.substr(nameStart, nameEnd - nameStart);
            const std::size_t equals = text_.find_first_not_of(" \t\r\n", nameEnd);
            const std::size_t quote = equals == std::string::npos
                                          ? std::string::npos
                                          : text_.find_first_not_of(" \t\r\n", equals + 1);
            if (equals == std::string::npos || text_[equals] != '=' || quote == std::string::npos ||
                (text_[quote] != '"' && text_[quote] != '\'')) {
                position_ = nameStart;
                fail("attribute " + key + " of <" + element + "> has no quoted value");
                return false;
            }
            const std::size_t close = text_.find(text_[quote], quote + 1);
            if (close == std::string::npos) {
                position_ = quote;
                fail("unterminated value of attribute " + key);
                return false;
            }
            const std::string value = text_.substr(quote + 1, close - quote - 1);
            if (value.find('<') != std::string::npos) {
                position_ = quote;
                fail("'<' in the value of attribute " + key);
                return false;
            }
            for (std::size_t i = quote + 1; i < close && error_.empty(); ++i) {
                if (text_[i] == '&') {
                    checkEntity(i);
                }
            }
            if (!attributes.insert(key).second) {
                position_ = nameStart;
                fail("attribute " + key + " repeated in <" + element + ">");
                return false;
            }
            if (key == "id" && !ids_.insert(value).second) {
                position_ = nameStart;
                fail("duplicate id '" + value + "'");
                return false;
            }
            cursor = close + 1;
        }
    }

    void readStartTag() {
        std::size_t cursor = position_ + 1;
        if (cursor >= text_.size() || !std::isalpha(static_cast<unsigned char>(text_[cursor]))) {
            fail("invalid start tag");
            return;
        }
        while (cursor < text_.size() && isNameCharacter(text_[cursor])) {
            ++cursor;
        }
        const std::string name = text_.substr(position_ + 1, cursor - position_ - 1);
        if (!readAttributes(name, cursor)) {
            return;
        }

        const bool selfClosing = text_.compare(cursor, 2, "/>") == 0;
        if (!selfClosing && text_.compare(cursor, 1, ">") != 0) {
            position_ = cursor;
            fail("malformed attributes in <" + name + ">");
            return;
        }
        static const std::set<std::string> blocks = {"div", "table", "ul", "ol", "figure", "section", "form",
                                                     "h1",  "h2",    "h3", "p",  "nav",    "header"};
        if (blocks.count(name) != 0 && std::find(open_.begin(), open_.end(), "p") != open_.end()) {
            fail("<" + name + "> inside <p>");
            return;
        }

        position_ = cursor + (selfClosing ? 2 : 1);
        if (!selfClosing) {
            open_.push_back(name);
        }
    }

    const std::string& text_;
    std::size_t position_ = 0;
    std::vector<std::string> open_;
    std::set<std::string> ids_;
    std::string error_;
};

/// Every "http://" or "https://" in `html` that is not an XML namespace name.
std::vector<std::string> externalUrls(const std::string& html) {
    static const std::set<std::string> namespaces = {
        "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink"};
    static const std::regex url(R"(https?://[^\s"'<>)]*)");
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it) {
        if (namespaces.count(it->str()) == 0) {
            found.push_back(it->str());
        }
    }
    return found;
}

/// The HTML between <section id="ID"> and its closing </section>.
std::string sectionHtml(const std::string& html, const std::string& id) {
    const std::size_t start = html.find("<section id=\"" + id + "\">");
    if (start == std::string::npos) {
        return "";
    }
    const std::size_t end = html.find("</section>", start);
    return html.substr(start, end - start);
}

/// The number of <tr> rows inside the <tbody> of the table with `id`.
int bodyRows(const std::string& html, const std::string& id) {
    const std::size_t table = html.find("<table id=\"" + id + "\">");
    if (table == std::string::npos) {
        return -1;
    }
    const std::size_t body = html.find("<tbody>", table);
    const std::size_t end = html.find("</tbody>", body);
    int rows = 0;
    for (std::size_t at = html.find("<tr>", body); at != std::string::npos && at < end;
         at = html.find("<tr>", at + 1)) {
        ++rows;
    }
    return rows;
}

// The 19 figure ids of the figure table in docs/study-results.md.
const std::vector<std::string> kAllFigures = {"selection_funnel",
                                              "lasso_path",
                                              "lasso_cv",
                                              "selected_correlation",
                                              "radscore_coefficients",
                                              "radscore_by_group",
                                              "roc_models_train",
                                              "roc_models_test",
                                              "delong_matrix",
                                              "shap_beeswarm",
                                              "shap_waterfall_high",
                                              "shap_waterfall_low",
                                              "nomogram",
                                              "calibration_train",
                                              "calibration_test",
                                              "decision_curve_train",
                                              "decision_curve_test",
                                              "roc_combined_train",
                                              "roc_combined_test"};

const std::vector<std::pair<std::string, std::string>> kSections = {{"cohort", "Cohort"},
                                                                    {"clinical", "Clinical"},
                                                                    {"radiomics", "Radiomics"},
                                                                    {"models", "Models"},
                                                                    {"combined", "Combined model"},
                                                                    {"methods", "Methods"},
                                                                    {"calculator", "Risk calculator"}};

// ---------------------------------------------------------------------------

TEST(ReportHtml, CheckerRejectsBrokenMarkup) {
    EXPECT_EQ(MarkupChecker("<p>a <b>b</b> &amp; &#160;<br/></p>").check(), "");
    for (const std::string broken : {"<p>open", "<p><b>x</p></b>", "<p>a & b</p>", "<p><div>x</div></p>",
                                     "<i id=\"a\"></i><i id=\"a\"></i>", "<i class=a></i>", "<p>&nbsp;</p>",
                                     "<i a=\"1\" a=\"2\"></i>"}) {
        EXPECT_NE(MarkupChecker(broken).check(), "") << broken;
    }
}

TEST(ReportHtml, FixtureIsWellFormed) {
    const std::string html = report::renderReportHtml(loadFixture());
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<meta charset=\"utf-8\"/>"), std::string::npos);
}

TEST(ReportHtml, ReferencesNoExternalUrl) {
    const std::string html = report::renderReportHtml(loadFixture());
    EXPECT_EQ(externalUrls(html), std::vector<std::string>{});
    // Nothing is loaded from elsewhere: no src attributes, <link> elements,
    // CSS imports or url() references.
    EXPECT_EQ(html.find(" src="), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    // Every href is an in-page anchor or a relative path into the output folder.
    static const std::regex href(R"#(href="([^"]*)")#");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
        const std::string target = (*it)[1];
        const bool local =
            target.rfind("#", 0) == 0 || target.rfind("tables/", 0) == 0 || target.rfind("figures/", 0) == 0;
        EXPECT_TRUE(local) << target;
    }
}

TEST(ReportHtml, SectionsInOrderWithCaptions) {
    const std::string html = report::renderReportHtml(loadFixture());
    std::size_t previous = 0;
    for (const auto& [id, heading] : kSections) {
        const std::size_t at =
            html.find("<section id=\"" + id + "\">\n<h2>" + heading + "</h2>\n<p class=\"caption\">");
        ASSERT_NE(at, std::string::npos) << heading;
        EXPECT_GT(at, previous) << heading << " is out of order";
        previous = at;
        EXPECT_NE(html.find("<a href=\"#" + id + "\">"), std::string::npos)
            << "contents entry for " << heading;
    }
    EXPECT_NE(html.find("TRIPOD+AI checklist</h3>"), std::string::npos);
}

TEST(ReportHtml, EveryFigureInlinedAndNumbered) {
    const json results = loadFixture();
    ASSERT_EQ(report::availableFigures(results), kAllFigures);
    const std::string html = report::renderReportHtml(results);
    int number = 0;
    for (const std::string& id : kAllFigures) {
        const std::string start = "<figure id=\"figure-" + id + "\">";
        const std::size_t at = html.find(start);
        ASSERT_NE(at, std::string::npos) << id;
        const std::string figure = html.substr(at, html.find("</figure>", at) - at);
        EXPECT_NE(figure.find("<svg"), std::string::npos) << id;
        EXPECT_EQ(figure.find("<?xml"), std::string::npos) << id;
        // A drawn figure has lines, paths, shapes or text inside the <svg>.
        EXPECT_TRUE(std::regex_search(figure, std::regex("<(path|line|rect|circle|polyline|text)[ >]")))
            << id;
        EXPECT_NE(figure.find("<b>Figure " + std::to_string(++number) + ".</b>"), std::string::npos) << id;
        EXPECT_NE(figure.find("href=\"figures/" + id + ".svg\""), std::string::npos) << id;
    }
}

TEST(ReportHtml, TablesHaveRows) {
    const std::string html = report::renderReportHtml(loadFixture());
    // Row counts follow the fixture: 2 categorical levels, 2 continuous
    // variables, 3 logistic rows, 5 funnel steps, 4 Rad-score features,
    // 12 model rows (6 models x 2 sets), 6 hyperparameter sets, 4 combined
    // models, 8 combined rows, 6 DeLong rows, 52 TRIPOD+AI items.
    const std::map<std::string, int> expected = {
        {"cohort-table", 3},    {"table2", 2},          {"table3", 2},           {"table4", 3},
        {"table2-train", 1},    {"table3-train", 1},    {"selection-funnel", 5}, {"radscore-coefficients", 4},
        {"model-metrics", 12},  {"hyperparameters", 6}, {"combined-models", 4},  {"combined-metrics", 8},
        {"combined-delong", 6}, {"tripod", 52}};
    for (const auto& [id, rows] : expected) {
        EXPECT_EQ(bodyRows(html, id), rows) << id;
    }
    // Hyperparameters are listed under the models' display names, in metrics order.
    EXPECT_NE(html.find("<tr><td>Decision tree</td><td><span class=\"nowrap\">max_depth = 3</span>, <span "
                        "class=\"nowrap\">min_samples_leaf = 2</span></td></tr>"),
              std::string::npos);
}

TEST(ReportHtml, ClinicalTablesAsThePaperShowsThem) {
    const std::string html = report::renderReportHtml(loadFixture());
    const std::string clinical = sectionHtml(html, "clinical");
    // Fixture Table 2: cough "yes" 17 (42.5%), 5 (25.0%), 12 (60.0%), p 0.0248 (chi-square).
    EXPECT_NE(clinical.find("<td class=\"num\">17 (42.5)</td><td class=\"num\">5 (25.0)</td>"
                            "<td class=\"num\">12 (60.0)</td><td class=\"num\">0.025</td>"),
              std::string::npos);
    // Fixture Table 3: age mean 52.1 SD 11.3; IgG median 15.2 (Q1 12.4, Q3 18.9), p 0.0012.
    EXPECT_NE(clinical.find("52.1 \u00b1 11.3"), std::string::npos);
    EXPECT_NE(clinical.find("<span>15.2</span> <span>(12.4, 18.9)</span></span></td>"), std::string::npos);
    EXPECT_NE(clinical.find("<td class=\"num\">0.001<sup class=\"fn\">b</sup></td>"), std::string::npos);
    // Fixture Table 4, IgG: univariate OR 1.251 (1.071, 1.461), p 0.0048;
    // multivariable 1.229 (1.066, 1.416), p 0.004. Age has no multivariable entry.
    EXPECT_NE(clinical.find("<td class=\"num\">1.251 (1.071, 1.461)</td><td class=\"num\">0.005</td>"
                            "<td class=\"num\">1.229 (1.066, 1.416)</td><td class=\"num\">0.004</td>"),
              std::string::npos);
    EXPECT_NE(clinical.find("<td class=\"num\">0.091</td><td class=\"num\">\u2014</td>"), std::string::npos);
    EXPECT_NE(clinical.find("Independent clinical predictors: IgG, cough."), std::string::npos);
    EXPECT_NE(clinical.find("href=\"tables/table2_categorical.csv\""), std::string::npos);
}

TEST(ReportHtml, Table4FootnotesNotEstimable) {
    json results = loadFixture();
    json& table4 = results["clinical"]["table4"];
    // Notes as the study writes them (the InputError text of the logistic fit).
    table4.push_back({{"variable", "hemoptysis"},
                      {"uni_or", nullptr},
                      {"note",
                       "logistic regression: predictor 'hemoptysis' separates the outcome classes "
                       "completely or quasi-completely, so its odds ratio is infinite"}});
    table4.push_back(
        {{"variable", "SP100"},
         {"uni_or", nullptr},
         {"note", "logistic regression: predictor 'SP100' is constant (0.000000 in every row)"}});
    table4.push_back({{"variable", "EJ"},
                      {"uni_or", nullptr},
                      {"note",
                       "logistic regression: predictor 'EJ' separates the outcome classes completely "
                       "or quasi-completely, so its odds ratio is infinite"}});

    const std::string html = report::renderReportHtml(results);
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_EQ(bodyRows(html, "table4"), 6);

    // Separation gets marker a (first seen), the constant variable b; EJ reuses a.
    EXPECT_NE(
        html.find("<tr><td>hemoptysis</td><td class=\"num\">not estimable<sup class=\"fn\">a</sup></td>"),
        std::string::npos);
    EXPECT_NE(html.find("<tr><td>SP100</td><td class=\"num\">not estimable<sup class=\"fn\">b</sup></td>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>EJ</td><td class=\"num\">not estimable<sup class=\"fn\">a</sup></td>"),
              std::string::npos);
    EXPECT_NE(html.find("<p class=\"table-note\"><sup class=\"fn\">a</sup> Complete or quasi-complete "
                        "separation on the training set"),
              std::string::npos);
    EXPECT_NE(html.find("<p class=\"table-note\"><sup class=\"fn\">b</sup> The variable has a single value "
                        "on the training set.</p>"),
              std::string::npos);
    EXPECT_EQ(html.find("<sup class=\"fn\">c</sup>"), std::string::npos);
}

TEST(ReportHtml, Table4FactorLevelRows) {
    json results = loadFixture();
    json& table4 = results["clinical"]["table4"];
    const std::size_t before = table4.size();
    // A three-level factor as the study writes it: the variable row carries the
    // LR-test p values, each non-reference level its OR against ADM.
    table4.push_back({{"variable", "myositis"}, {"n", 84}, {"events", 40}, {"uni_or", nullptr},
                      {"uni_p", nullptr}, {"multi_or", nullptr}, {"multi_p", nullptr}, {"note", ""},
                      {"reference", "ADM"}, {"uni_lr_p", 0.0123}, {"multi_lr_p", 0.0456},
                      {"levels",
                       {{{"level", "DM"}, {"term", "myositisDM"}, {"uni_or", 2.5}, {"uni_ci_low", 1.1},
                         {"uni_ci_high", 5.75}, {"uni_p", 0.03}, {"multi_or", 2.25}, {"multi_ci_low", 0.9},
                         {"multi_ci_high", 5.5}, {"multi_p", 0.08}},
                        {{"level", "PM"}, {"term", "myositisPM"}, {"uni_or", 4.0}, {"uni_ci_low", 1.5},
                         {"uni_ci_high", 11.0}, {"uni_p", 0.0004}, {"multi_or", 3.5}, {"multi_ci_low", 1.25},
                         {"multi_ci_high", 9.75}, {"multi_p", 0.011}}}}});
    // A factor that did not enter the multivariable model.
    table4.push_back({{"variable", "stage"}, {"n", 84}, {"events", 40}, {"uni_or", nullptr},
                      {"note", ""}, {"reference", "I"}, {"uni_lr_p", 0.2}, {"multi_lr_p", nullptr},
                      {"levels",
                       {{{"level", "II"}, {"term", "stageII"}, {"uni_or", 1.5}, {"uni_ci_low", 0.5},
                         {"uni_ci_high", 4.5}, {"uni_p", 0.4}},
                        {{"level", "III"}, {"term", "stageIII"}, {"uni_or", 2.0}, {"uni_ci_low", 0.75},
                         {"uni_ci_high", 5.25}, {"uni_p", 0.17}}}}});

    const std::string html = report::renderReportHtml(results);
    EXPECT_EQ(MarkupChecker(html).check(), "");
    // Each factor: its own row, the reference row and one row per other level.
    EXPECT_EQ(bodyRows(html, "table4"), static_cast<int>(before) + 8);
    EXPECT_NE(html.find("<tr><td>myositis</td><td class=\"num\"></td><td class=\"num\">0.012</td>"
                        "<td class=\"num\"></td><td class=\"num\">0.046</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>\u2003ADM (reference)</td><td class=\"num\">1</td><td class=\"num\"></td>"
                        "<td class=\"num\">1</td><td class=\"num\"></td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>\u2003PM</td><td class=\"num\">4.000 (1.500, 11.000)</td>"
                        "<td class=\"num\">&lt;0.001</td><td class=\"num\">3.500 (1.250, 9.750)</td>"
                        "<td class=\"num\">0.011</td></tr>"),
              std::string::npos);
    // Not entered: dashes in the multivariable columns of every stage row.
    EXPECT_NE(html.find("<tr><td>stage</td><td class=\"num\"></td><td class=\"num\">0.200</td>"
                        "<td class=\"num\">\u2014</td><td class=\"num\">\u2014</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>\u2003III</td><td class=\"num\">2.000 (0.750, 5.250)</td>"
                        "<td class=\"num\">0.170</td><td class=\"num\">\u2014</td><td class=\"num\">\u2014</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("the p on the variable's row is the likelihood-ratio test"), std::string::npos);
    EXPECT_EQ(html.find("not estimable"), std::string::npos);
}

TEST(ReportHtml, Table4ShowsOtherNoteAsRecorded) {
    json results = loadFixture();
    results["clinical"]["table4"].push_back(
        {{"variable", "ANA"},
         {"uni_or", nullptr},
         {"note", "a categorical variable with text levels cannot enter the logistic regression yet"}});
    const std::string html = report::renderReportHtml(results);
    EXPECT_NE(html.find("<sup class=\"fn\">a</sup> A categorical variable with text levels cannot enter "
                        "the logistic regression yet.</p>"),
              std::string::npos);
}

TEST(ReportHtml, Table2FootnotesSingleLevel) {
    json results = loadFixture();
    // A 0/1 variable with only level 0 on the training set, as the study
    // writes it: the level-1 row at 0 (0.0) and no p-value or test.
    results["clinical"]["table2_train"].push_back({{"variable", "SP100"},
                                                   {"level", "1"},
                                                   {"overall_n", 0},
                                                   {"overall_pct", 0.0},
                                                   {"negative_n", 0},
                                                   {"negative_pct", 0.0},
                                                   {"positive_n", 0},
                                                   {"positive_pct", 0.0},
                                                   {"p_value", nullptr},
                                                   {"test", nullptr}});
    const std::string html = report::renderReportHtml(results);
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_NE(html.find("<tr><td>SP100</td><td>1</td><td class=\"num\">0 (0.0)</td><td class=\"num\">0 "
                        "(0.0)</td><td class=\"num\">0 (0.0)</td><td class=\"num\">\u2014<sup "
                        "class=\"fn\">a</sup></td><td><span class=\"nowrap\">none</span></td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<sup class=\"fn\">a</sup> Only one level (0) was observed in the training set, so "
                        "no test was run.</p>"),
              std::string::npos);
    // Group headers carry the group sizes of the fixture's training set (14 and 14 of 28).
    EXPECT_NE(html.find("<th scope=\"col\">Overall (n = 28)</th><th scope=\"col\">no ILD (n = 14)</th>"),
              std::string::npos);
    // The whole-cohort table has 40 patients, 20 per group.
    EXPECT_NE(html.find("<th scope=\"col\">Overall (n = 40)</th><th scope=\"col\">no ILD (n = 20)</th>"),
              std::string::npos);
}

TEST(ReportHtml, Table2PValueOncePerVariable) {
    json results = loadFixture();
    // A three-level variable: its p-value and test appear on the first level only.
    json& table2 = results["clinical"]["table2"];
    for (const char* level : {"1", "2", "3"}) {
        table2.push_back({{"variable", "wfns"},
                          {"level", level},
                          {"overall_n", 10},
                          {"overall_pct", 25.0},
                          {"negative_n", 5},
                          {"negative_pct", 25.0},
                          {"positive_n", 5},
                          {"positive_pct", 25.0},
                          {"p_value", 0.0004},
                          {"test", "fisher"}});
    }
    const std::string html = report::renderReportHtml(results);
    EXPECT_NE(html.find("<tr><td>wfns</td><td>1</td><td class=\"num\">10 (25.0)</td><td class=\"num\">5 "
                        "(25.0)</td><td class=\"num\">5 (25.0)</td><td class=\"num\">&lt;0.001</td><td><span "
                        "class=\"nowrap\">fisher</span></td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td></td><td>2</td><td class=\"num\">10 (25.0)</td><td class=\"num\">5 "
                        "(25.0)</td><td class=\"num\">5 (25.0)</td><td class=\"num\"></td><td></td></tr>"),
              std::string::npos);
}

TEST(ReportHtml, Table3TestsAreFootnotes) {
    const std::string html = report::renderReportHtml(loadFixture());
    const std::string clinical = sectionHtml(html, "clinical");
    // Table 3 has no Test column: the p-value carries the test's marker.
    const std::size_t table3 = clinical.find("<table id=\"table3\">");
    ASSERT_NE(table3, std::string::npos);
    const std::string table = clinical.substr(table3, clinical.find("</div>", table3) - table3);
    EXPECT_EQ(table.find(">Test</th>"), std::string::npos);
    EXPECT_NE(table.find("Welch's t-test"), std::string::npos);
    EXPECT_NE(table.find("Wilcoxon rank-sum test"), std::string::npos);
    EXPECT_NE(table.find("<sup class=\"fn\">b</sup></td></tr>"), std::string::npos);
}

TEST(ReportHtml, UnitsWithPowersUseSuperscript) {
    json results = loadFixture();
    results["clinical"]["table3"][0]["unit"] = "10^9/L";
    const std::string html = report::renderReportHtml(results);
    EXPECT_NE(html.find("<span class=\"unit\">(10<sup>9</sup>/L)</span>"), std::string::npos);

    // A 2 or 3 that ends a length unit is a power; other digits stay as written.
    results["clinical"]["table3"][0]["unit"] = "kg/m2";
    results["clinical"]["table3"][1]["unit"] = "mL/min/1.73 m2";
    const std::string more = report::renderReportHtml(results);
    EXPECT_NE(more.find("<span class=\"unit\">(kg/m<sup>2</sup>)</span>"), std::string::npos);
    EXPECT_NE(more.find("<span class=\"unit\">(mL/min/1.73 m<sup>2</sup>)</span>"), std::string::npos);
    results["clinical"]["table3"][0]["unit"] = "mmHg CO2";
    EXPECT_NE(report::renderReportHtml(results).find("<span class=\"unit\">(mmHg CO2)</span>"),
              std::string::npos);
}

TEST(ReportHtml, HyperparametersAsIntegers) {
    json results = loadFixture();
    // Values as the study writes them: every hyperparameter is a double.
    results["radiomics"]["models"]["hyperparameters"]["rf"] = {
        {"n_estimators", 300.0}, {"max_depth", 0.0}, {"min_samples_leaf", 5.0}};
    results["radiomics"]["models"]["hyperparameters"]["svm"] = {{"C", 10.0}, {"gamma", 0.01}};
    const std::string html = report::renderReportHtml(results);
    EXPECT_NE(html.find(">max_depth = unlimited</span>, <span class=\"nowrap\">min_samples_leaf = 5</span>, "
                        "<span class=\"nowrap\">n_estimators = 300</span></td>"),
              std::string::npos);
    EXPECT_NE(html.find(">C = 10</span>, <span class=\"nowrap\">gamma = 0.01</span></td>"),
              std::string::npos);
    EXPECT_EQ(sectionHtml(html, "models").find(".0,"), std::string::npos);
}

TEST(ReportHtml, CalibrationStatesUsableResamples) {
    json results = loadFixture();
    json& train = results["combined"]["calibration"]["train"];
    train["bootstraps"] = 1000;
    train["usable_bootstraps"] = 472;
    train["failed_refits"] = 528;
    const std::string html = report::renderReportHtml(results);
    const std::string expected =
        "1,000 bootstrap resamples, of which 472 refits converged and were used (528 refits showed "
        "separation and were left out of the optimism, as rms::calibrate does)";
    EXPECT_NE(sectionHtml(html, "combined").find(expected), std::string::npos);
    EXPECT_NE(sectionHtml(html, "methods").find("bias-corrected with " + expected + "."), std::string::npos);
}

TEST(ReportHtml, MissingValuesNoted) {
    // Three patients without the first continuous variable, one without the
    // first categorical one (each level row of Table 2 repeats the count).
    json results = loadFixture();
    auto& table3 = results["clinical"]["table3"];
    auto& table2 = results["clinical"]["table2"];
    table3[0]["missing"] = 3;
    for (auto& row : table2) {
        if (row["variable"] == table2[0]["variable"]) row["missing"] = 1;
    }
    const std::string html = sectionHtml(report::renderReportHtml(results), "clinical");
    const std::string continuous = table3[0]["variable"].get<std::string>();
    const std::string categorical = table2[0]["variable"].get<std::string>();
    EXPECT_NE(html.find("Missing values, left out of the counts and tests: " + continuous + " 3."),
              std::string::npos);
    EXPECT_NE(html.find("Missing values, left out of the counts and tests: " + categorical + " 1."),
              std::string::npos);
}

TEST(ReportHtml, ManyFailedRefitsWarn) {
    // 528 of 1,000 refits failed (over a tenth): a visible caution; 100 of
    // 1,000 (exactly a tenth): none.
    json results = loadFixture();
    json& train = results["combined"]["calibration"]["train"];
    train["bootstraps"] = 1000;
    train["usable_bootstraps"] = 472;
    train["failed_refits"] = 528;
    const std::string warned = sectionHtml(report::renderReportHtml(results), "combined");
    EXPECT_NE(warned.find("<p class=\"warning\"><strong>Caution:</strong> 53% of the bootstrap refits"),
              std::string::npos);
    train["usable_bootstraps"] = 900;
    train["failed_refits"] = 100;
    EXPECT_EQ(sectionHtml(report::renderReportHtml(results), "combined").find("class=\"warning\""),
              std::string::npos);
}

TEST(ReportHtml, CalibrationCountsOneClassResamples) {
    // 100 resamples: 90 used, 8 refits separated, so 2 drew one class only.
    const json train = {{"bootstraps", 100}, {"usable_bootstraps", 90}, {"failed_refits", 8}};
    EXPECT_EQ(report::describeCalibrationResamples(train),
              "100 bootstrap resamples, of which 90 refits converged and were used (8 refits showed "
              "separation; 2 resamples drew one outcome class only and were left out of the optimism, as "
              "rms::calibrate does)");
    const json allUsed = {{"bootstraps", 200}, {"usable_bootstraps", 200}, {"failed_refits", 0}};
    EXPECT_EQ(report::describeCalibrationResamples(allUsed),
              "200 bootstrap resamples, all of which were used");
    const json countOnly = {{"bootstraps", 50}};
    EXPECT_EQ(report::describeCalibrationResamples(countOnly), "50 bootstrap resamples");
}

TEST(ReportHtml, CalculatorNoteStatesSignedPoints) {
    const std::string calculator = sectionHtml(report::renderReportHtml(loadFixture()), "calculator");
    EXPECT_NE(calculator.find("Points per predictor = scale \u00d7 coefficient \u00d7 (value \u2212 value at "
                              "zero points), with the sign kept"),
              std::string::npos);
    const std::size_t note = calculator.find("<p class=\"note\">Points per predictor");
    ASSERT_NE(note, std::string::npos);
    const std::string text = calculator.substr(note, calculator.find("</p>", note) - note);
    EXPECT_EQ(text.find('|'), std::string::npos);
}

TEST(ReportHtml, NumberFormats) {
    const json small = 0.00049;
    const json threshold = 0.001;
    const json ordinary = 0.0248;
    const json negative = -0.0004;
    EXPECT_EQ(report::formatPValue(&small), "&lt;0.001");
    EXPECT_EQ(report::formatPValue(&threshold), "0.001");
    EXPECT_EQ(report::formatPValue(&ordinary), "0.025");
    EXPECT_EQ(report::formatPValue(nullptr), "\u2014");
    EXPECT_EQ(report::formatFixed(&negative, 2), "0.00");
    EXPECT_EQ(report::formatFixed(-1.5, 2), "\u22121.50");
    EXPECT_EQ(report::escapeHtml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    // Whole numbers print without a decimal point; others in shortest round-trip form.
    EXPECT_EQ(report::formatNumber(300.0), "300");
    EXPECT_EQ(report::formatNumber(0.0), "0");
    EXPECT_EQ(report::formatNumber(-2.0), "\u22122");
    EXPECT_EQ(report::formatNumber(0.05), "0.05");
    EXPECT_EQ(report::formatNumber(1.5e-7), "1.5e-07");
    EXPECT_EQ(report::formatThousands(999), "999");
    EXPECT_EQ(report::formatThousands(1000), "1,000");
    EXPECT_EQ(report::formatThousands(1234567), "1,234,567");
}

TEST(ReportHtml, MethodsParagraphFromSettings) {
    const std::string methods = sectionHtml(report::renderReportHtml(loadFixture()), "methods");
    // Sentences of the fixture's results.methods and values derived from its
    // radiomics.lasso (lambda.min 0.024706, 4 features) and calibration (1000 bootstraps).
    EXPECT_EQ(methods.find(".."), std::string::npos);
    for (const std::string expected :
         {"The analysis ran with pulmorad 0.1.0.", "parameter file iim-ild.yaml.",
          "Stratified random split, 70% training (seed 2024).", "mRMR (MID, top 30)",
          "KNN k in {3, 5, 7, 9}.", "Seed 2024 for the split", "lambda.min = 0.02471 and 4 features",
          "with 1,000 bootstrap resamples, of which 998 were used", "threshold probabilities",
          "No value was imputed"}) {
        EXPECT_NE(methods.find(expected), std::string::npos) << expected;
    }
}

TEST(ReportHtml, TripodChecklistMarksFilledItems) {
    const std::vector<report::TripodItem> full = report::tripodChecklist(loadFixture());
    std::set<std::string> itemNumbers;
    std::map<std::string, std::string> filled;
    for (const report::TripodItem& item : full) {
        itemNumbers.insert(item.number.substr(0, item.number.find_first_not_of("0123456789")));
        filled[item.number] = item.filledIn;
    }
    EXPECT_EQ(itemNumbers.size(), 27u);  // TRIPOD+AI has 27 numbered items
    for (const char* number : {"11", "12a", "12c", "12e", "12g", "15", "20a", "20b", "21", "22", "23a"}) {
        EXPECT_FALSE(filled[number].empty()) << number;
    }
    for (const char* number : {"1", "6b", "10", "13", "14", "17", "26"}) {
        EXPECT_TRUE(filled[number].empty()) << number;
    }
    EXPECT_NE(filled["22"].find("#calculator"), std::string::npos);
    EXPECT_FALSE(filled["7"].empty());  // the fixture names its parameter file

    // Without a parameter file (features given as a table), data preparation is left for the authors.
    json withoutParameters = loadFixture();
    withoutParameters["methods"]["parameter_file"] = nullptr;
    for (const report::TripodItem& item : report::tripodChecklist(withoutParameters)) {
        if (item.number == "7") {
            EXPECT_TRUE(item.filledIn.empty());
        }
    }

    // Without the clinical part, the participant characteristics are left for the authors.
    for (const report::TripodItem& item : report::tripodChecklist(radiomicsOnly())) {
        if (item.number == "20b" || item.number == "11") {
            EXPECT_TRUE(item.filledIn.empty()) << item.number;
        }
        if (item.number == "22") {
            EXPECT_EQ(item.filledIn.find("#calculator"), std::string::npos);
        }
    }
}

TEST(ReportHtml, CalculatorEmbedsTheNomogram) {
    const json results = loadFixture();
    const std::string html = report::renderReportHtml(results);
    const std::string calculator = sectionHtml(html, "calculator");
    const std::string open = "<script type=\"application/json\" id=\"nomogram-data\">";
    const std::size_t start = calculator.find(open);
    ASSERT_NE(start, std::string::npos);
    const std::size_t end = calculator.find("</script>", start);
    const json embedded = json::parse(calculator.substr(start + open.size(), end - start - open.size()));
    EXPECT_EQ(embedded, results["combined"]["nomogram"]);
    // One input per nomogram variable: number fields for Rad-score and IgG, a checkbox for cough.
    EXPECT_NE(calculator.find("<input id=\"calc-input-0\" type=\"number\""), std::string::npos);
    EXPECT_NE(calculator.find("<input id=\"calc-input-1\" type=\"number\""), std::string::npos);
    EXPECT_NE(calculator.find("<input id=\"calc-input-2\" type=\"checkbox\"/>"), std::string::npos);
    EXPECT_EQ(calculator.find("calc-input-3"), std::string::npos);
    EXPECT_NE(calculator.find("Probability of ILD"), std::string::npos);
}

TEST(ReportHtml, ScriptSafeJsonEscapesMarkup) {
    const json value = {{"label", "</script><b>&"}};
    const std::string safe = report::scriptSafeJson(value);
    EXPECT_EQ(safe.find('<'), std::string::npos);
    EXPECT_EQ(safe.find('&'), std::string::npos);
    EXPECT_EQ(json::parse(safe), value);
}

TEST(ReportHtml, RadiomicsOnlySaysWhatItSkipped) {
    const json results = radiomicsOnly();
    const std::string html = report::renderReportHtml(results);
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_EQ(externalUrls(html), std::vector<std::string>{});
    for (const auto& [id, heading] : kSections) {
        EXPECT_NE(html.find("<h2>" + heading + "</h2>"), std::string::npos) << heading;
    }
    const std::string clinical = sectionHtml(html, "clinical");
    EXPECT_NE(clinical.find(
                  "<p class=\"skipped\">Clinical analysis skipped: the config names no clinical table.</p>"),
              std::string::npos);
    EXPECT_EQ(clinical.find("<table"), std::string::npos);
    EXPECT_NE(sectionHtml(html, "combined").find("Combined model skipped: it needs both"), std::string::npos);
    EXPECT_NE(sectionHtml(html, "calculator").find("<p class=\"skipped\">"), std::string::npos);
    EXPECT_EQ(html.find("nomogram-data"), std::string::npos);
    // The radiomics figures are drawn; the combined ones are not.
    EXPECT_NE(html.find("<figure id=\"figure-shap_beeswarm\">"), std::string::npos);
    EXPECT_EQ(html.find("<figure id=\"figure-nomogram\">"), std::string::npos);
    EXPECT_EQ(html.find("<figure id=\"figure-roc_combined_test\">"), std::string::npos);
    // Both skipped sentences are listed in the cohort section.
    EXPECT_NE(sectionHtml(html, "cohort").find("<ul class=\"skipped-list\">"), std::string::npos);
}

TEST(ReportHtml, ClinicalOnlySaysWhatItSkipped) {
    json results = loadFixture();
    results.erase("radiomics");
    results.erase("combined");
    results["parts"]["radiomics"] = false;
    results["parts"]["skipped"] = {"Radiomic analysis skipped: the config names no feature table or cohort."};
    const std::string html = report::renderReportHtml(results);
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_NE(sectionHtml(html, "radiomics").find("<p class=\"skipped\">Radiomic analysis skipped"),
              std::string::npos);
    EXPECT_NE(sectionHtml(html, "models").find("<p class=\"skipped\">Radiomic analysis skipped"),
              std::string::npos);
    EXPECT_EQ(bodyRows(html, "table4"), 3);
    EXPECT_EQ(html.find("<figure"), std::string::npos);
}

TEST(ReportHtml, SimulatedCohortIsMarked) {
    json results = loadFixture();
    EXPECT_NE(sectionHtml(report::renderReportHtml(results), "cohort").find("<p class=\"simulated\">"),
              std::string::npos);
    results["simulated"] = false;
    EXPECT_EQ(report::renderReportHtml(results).find("class=\"simulated\""), std::string::npos);
}

TEST(ReportFiles, WritesPageAndEveryFigure) {
    const fs::path folder = makeTemporaryFolder("pulmorad-report");
    const json results = loadFixture();
    report::writeReport(results, folder);
    EXPECT_EQ(readFile(folder / "report.html"), report::renderReportHtml(results));
    std::set<std::string> written;
    for (const auto& entry : fs::directory_iterator(folder / "figures")) {
        written.insert(entry.path().filename().string());
    }
    std::set<std::string> expected;
    for (const std::string& id : kAllFigures) {
        expected.insert(id + ".svg");
        EXPECT_EQ(readFile(folder / "figures" / (id + ".svg")), report::renderFigure(id, results)) << id;
    }
    EXPECT_EQ(written, expected);
    fs::remove_all(folder);
}

TEST(ReportFiles, MissingFolderIsInputError) {
    const fs::path folder = makeTemporaryFolder("pulmorad-report-missing");
    fs::remove_all(folder);
    EXPECT_THROW(report::writeReport(loadFixture(), folder), InputError);
    EXPECT_THROW(report::renderReportHtml(json::array()), InputError);
}

// A radiomics-only study run end to end: `pulmorad study` on the Wisconsin
// diagnostic data (sklearn load_breast_cancer, 569 x 30 features) with no
// clinical table. Its report must build, be well formed and say what it skipped.
TEST(ReportStudy, WisconsinRadiomicsOnlyBuilds) {
    const fs::path folder = makeTemporaryFolder("pulmorad-report-wisconsin");
    fs::copy_file(referencePath("oracles/data/wisconsin.csv"), folder / "wisconsin.csv");
    {
        std::ofstream config(folder / "study.yaml");
        config << "title: Wisconsin diagnostic breast cancer, radiomics only\n"
                  "features: wisconsin.csv\n"
                  "outcome: malignant\n"
                  "labels: {negative: benign, positive: malignant}\n"
                  "seed: 2024\n";
    }
    const CommandResult run =
        runPulmorad({"--quiet", "study", (folder / "study.yaml").string(), "-o", (folder / "out").string()});
    ASSERT_EQ(run.exitStatus, 0) << run.standardError;

    const json results = json::parse(readFile(folder / "out" / "results.json"));
    const std::string html = readFile(folder / "out" / "report.html");
    EXPECT_EQ(MarkupChecker(html).check(), "");
    EXPECT_EQ(externalUrls(html), std::vector<std::string>{});
    ASSERT_FALSE(results["parts"]["clinical"].get<bool>());
    ASSERT_FALSE(results["parts"]["skipped"].empty());
    const std::string clinicalSkipped = results["parts"]["skipped"][0].get<std::string>();
    EXPECT_NE(
        sectionHtml(html, "clinical").find("<p class=\"skipped\">" + report::escapeHtml(clinicalSkipped)),
        std::string::npos)
        << clinicalSkipped;
    EXPECT_NE(sectionHtml(html, "calculator").find("<p class=\"skipped\">"), std::string::npos);
    const std::vector<std::string> figures = report::availableFigures(results);
    EXPECT_FALSE(figures.empty());
    for (const std::string& id : figures) {
        EXPECT_NE(html.find("<figure id=\"figure-" + id + "\">"), std::string::npos) << id;
        EXPECT_TRUE(fs::exists(folder / "out" / "figures" / (id + ".svg"))) << id;
    }
    EXPECT_EQ(html.find("<figure id=\"figure-nomogram\">"), std::string::npos);
    // Captions name what the study has: the default six classifiers, and in the
    // combined section the radiomics model alone (no clinical part, no combined model).
    EXPECT_NE(html.find("ROC curves of the six models on the test set."), std::string::npos);
    const std::string combined = sectionHtml(html, "combined");
    EXPECT_NE(combined.find("ROC of the radiomics model on the test set"), std::string::npos);
    EXPECT_EQ(combined.find("clinical, radiomics and combined"), std::string::npos);
    // Section captions describe this run, not the full study.
    EXPECT_NE(combined.find("of the radiomics model; no nomogram in this run."), std::string::npos);
    EXPECT_NE(sectionHtml(html, "clinical").find("not part of this run"), std::string::npos);
    EXPECT_NE(sectionHtml(html, "calculator").find("not part of this run"), std::string::npos);
    // The funnel table names the steps as the figure does.
    EXPECT_NE(sectionHtml(html, "radiomics").find("<td>Non-constant</td>"), std::string::npos);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

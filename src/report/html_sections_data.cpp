// The report's shared section machinery and its data sections: Cohort and Clinical.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "report/html.h"
#include "report/html_sections.h"

namespace pulmorad::report {

using nlohmann::json;

ReportContext::ReportContext(const json& results, std::map<std::string, std::string> figures)
    : results_(results), figures_(std::move(figures)) {}

std::string ReportContext::figure(const std::string& id, std::string_view caption) {
    const auto found = figures_.find(id);
    if (found == figures_.end() || found->second.empty()) {
        return "";
    }
    ++figureNumber_;
    return fmt::format(
        "<figure id=\"figure-{0}\">\n<div class=\"svg\">{1}</div>\n<figcaption><b>Figure {2}.</b> {3} "
        "<a class=\"file\" href=\"figures/{0}.svg\">figures/{0}.svg</a></figcaption>\n</figure>\n",
        escapeHtml(id), inlineSvg(found->second), figureNumber_, escapeHtml(caption));
}

std::string ReportContext::groupLabel(const std::string& group) const {
    const json* cohort = findValue(results_, "cohort");
    const json* labels = cohort != nullptr ? findValue(*cohort, "labels") : nullptr;
    const std::string fallback = group == "positive" ? "positive" : "negative";
    return labels != nullptr ? textOr(*labels, group, fallback) : fallback;
}

std::string ReportContext::skippedLine(std::string_view keyword, std::string_view fallback) const {
    std::vector<std::string> all;
    std::vector<std::string> leading;
    std::vector<std::string> matching;
    const json* parts = findValue(results_, "parts");
    const json* skipped = parts != nullptr ? findValue(*parts, "skipped") : nullptr;
    if (skipped != nullptr && skipped->is_array()) {
        for (const json& sentence : *skipped) {
            if (!sentence.is_string()) {
                continue;
            }
            const std::string text = sentence.get<std::string>();
            std::string lower = text;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char character) {
                return static_cast<char>(std::tolower(character));
            });
            all.push_back(text);
            if (lower.rfind(keyword, 0) == 0) {
                leading.push_back(text);
            } else if (lower.find(keyword) != std::string::npos) {
                matching.push_back(text);
            }
        }
    }
    // A sentence that starts with the keyword names the part itself; one that
    // only mentions it may be about another part that depends on it.
    const std::vector<std::string>& chosen = !leading.empty() ? leading : !matching.empty() ? matching : all;
    if (chosen.empty()) {
        return std::string(fallback);
    }
    return fmt::format("{}", fmt::join(chosen, " "));
}

std::string describeCalibrationResamples(const json& calibrationTrain) {
    const json* bootstraps = findValue(calibrationTrain, "bootstraps");
    if (bootstraps == nullptr || !bootstraps->is_number()) {
        return "bootstrap resamples (their number is not recorded)";
    }

    const long long requested = bootstraps->get<long long>();
    std::string text =
        fmt::format("{} bootstrap resample{}", formatThousands(requested), requested == 1 ? "" : "s");
    const json* usable = findValue(calibrationTrain, "usable_bootstraps");
    if (usable == nullptr || !usable->is_number()) {
        return text;
    }

    const long long used = usable->get<long long>();
    if (used == requested) {
        return text + ", all of which were used";
    }

    const json* failed = findValue(calibrationTrain, "failed_refits");
    if (failed == nullptr || !failed->is_number()) {
        return text + fmt::format(", of which {} {} used (the other {} {} left out of the optimism)",
                                  formatThousands(used), used == 1 ? "was" : "were",
                                  formatThousands(requested - used), requested - used == 1 ? "was" : "were");
    }

    const long long separated = failed->get<long long>();
    // Resamples that are neither used nor failed refits drew patients of one outcome class only.
    const long long oneClass = std::max(0LL, requested - used - separated);
    text += fmt::format(", of which {} {} used", formatThousands(used),
                        separated > 0 ? "refits converged and were" : (used == 1 ? "was" : "were"));

    std::vector<std::string> leftOut;
    if (separated > 0) {
        leftOut.push_back(fmt::format("{} refit{} showed separation", formatThousands(separated),
                                      separated == 1 ? "" : "s"));
    }
    if (oneClass > 0) {
        leftOut.push_back(fmt::format("{} resample{} drew one outcome class only", formatThousands(oneClass),
                                      oneClass == 1 ? "" : "s"));
    }
    if (!leftOut.empty()) {
        text += fmt::format(" ({} and {} left out of the optimism, as rms::calibrate does)",
                            fmt::join(leftOut, "; "), separated + oneClass == 1 ? "was" : "were");
    }
    return text;
}

std::string openSection(std::string_view id, std::string_view heading, std::string_view caption) {
    return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}", escapeHtml(id), escapeHtml(heading),
                       renderCaption(caption));
}

std::string inlineSvg(const std::string& svgDocument) {
    const std::size_t start = svgDocument.find("<svg");
    return start == std::string::npos ? svgDocument : svgDocument.substr(start);
}

// ---------------------------------------------------------------------------
// Cohort

namespace {

std::string formatCount(const json* value) {
    return value != nullptr && value->is_number() ? fmt::format("{}", value->get<long long>()) : kMissing;
}

/// Returns one row of the cohort table: set name, patients, negatives, positives.
std::vector<std::string> cohortRow(const std::string& name, const json& set) {
    return {escapeHtml(name), formatCount(findValue(set, "n")), formatCount(findValue(set, "negative")),
            formatCount(findValue(set, "positive"))};
}

}  // namespace

std::string renderCohortSection(ReportContext& context) {
    const json& results = context.results();
    std::string html =
        openSection("cohort", "Cohort", "Patients per set and outcome group, and how the cohort was split.");

    if (results.value("simulated", false)) {
        html +=
            "<p class=\"simulated\"><b>Simulated cohort.</b> The patients in this report are simulated; "
            "no number below describes real patients.</p>\n";
    }

    const json cohort = results.value("cohort", json::object());
    const json sets = cohort.value("sets", json::object());
    HtmlTable table;
    table.id = "cohort-table";
    table.caption =
        fmt::format("Patients per set and group (outcome {}).", textOr(cohort, "outcome", "outcome"));
    table.columns = {"Set", "Patients", context.groupLabel("negative"), context.groupLabel("positive")};
    long long total = 0;
    long long negative = 0;
    long long positive = 0;
    for (const auto& [key, name] : {std::pair{"train", "Training"}, std::pair{"test", "Test"}}) {
        const json set = sets.value(key, json::object());
        table.rows.push_back(cohortRow(name, set));
        total += set.value("n", 0LL);
        negative += set.value("negative", 0LL);
        positive += set.value("positive", 0LL);
    }
    table.rows.push_back({"<b>Total</b>", fmt::format("<b>{}</b>", total), fmt::format("<b>{}</b>", negative),
                          fmt::format("<b>{}</b>", positive)});
    html += renderTable(table);

    std::string split = "<p>";
    if (const json* fraction = findValue(cohort, "train_fraction");
        fraction != nullptr && fraction->is_number()) {
        split += fmt::format("Training fraction {}. ", formatFixed(fraction->get<double>() * 100.0, 0) + "%");
    }
    split += fmt::format("Split seed {}.", formatCount(findValue(cohort, "seed")));
    if (const json* patients = findValue(cohort, "patients"); patients != nullptr && patients->is_number()) {
        split += fmt::format(" {} patients analysed.", patients->get<long long>());
    }
    html += split + "</p>\n";

    const json* parts = findValue(results, "parts");
    const json* skipped = parts != nullptr ? findValue(*parts, "skipped") : nullptr;
    if (skipped != nullptr && skipped->is_array() && !skipped->empty()) {
        html +=
            "<p class=\"skipped\">Parts of the study that did not run:</p>\n<ul class=\"skipped-list\">\n";
        for (const json& sentence : *skipped) {
            if (sentence.is_string()) {
                html += fmt::format("<li>{}</li>\n", escapeHtml(sentence.get<std::string>()));
            }
        }
        html += "</ul>\n";
    }
    return html + "</section>\n";
}

// ---------------------------------------------------------------------------
// Clinical

namespace {

/// Escapes `text` and keeps it on one line ("chi-square" would otherwise break at its hyphen).
std::string noWrap(const std::string& text) {
    return "<span class=\"nowrap\">" + escapeHtml(text) + "</span>";
}

/// Escapes a unit and writes powers as superscripts: "^9" (so "10^9/L" reads
/// 10⁹/L), and a 2 or 3 that ends a length unit (so "kg/m2" reads kg/m²).
std::string unitHtml(const std::string& unit) {
    std::string html;
    for (std::size_t i = 0; i < unit.size(); ++i) {
        const bool endsToken = i + 1 == unit.size() || unit[i + 1] == '/' || unit[i + 1] == ' ' ||
                               unit[i + 1] == ')' || unit[i + 1] == '.';
        if ((unit[i] == '2' || unit[i] == '3') && i > 0 && unit[i - 1] == 'm' && endsToken) {
            html += "<sup>" + std::string(1, unit[i]) + "</sup>";
            continue;
        }
        std::size_t end = i + 1;
        if (unit[i] == '^' && end < unit.size() && (unit[end] == '-' || unit[end] == '+')) {
            ++end;
        }
        const std::size_t digitsStart = end;
        while (end < unit.size() && std::isdigit(static_cast<unsigned char>(unit[end])) != 0) {
            ++end;
        }
        if (unit[i] == '^' && end > digitsStart) {
            html += "<sup>" + escapeHtml(unit.substr(i + 1, end - i - 1)) + "</sup>";
            i = end - 1;
        } else {
            html += escapeHtml(std::string(1, unit[i]));
        }
    }
    return html;
}

/// Patients in the overall, negative and positive columns of a clinical
/// table: the whole cohort, or the training set only; -1 where unknown.
std::array<long long, 3> groupSizes(const json& results, bool trainingOnly) {
    std::array<long long, 3> sizes = {0, 0, 0};
    const json* cohort = findValue(results, "cohort");
    const json* sets = cohort != nullptr ? findValue(*cohort, "sets") : nullptr;
    for (const char* set : {"train", "test"}) {
        if (trainingOnly && std::string_view(set) == "test") {
            continue;
        }
        const json* counts = sets != nullptr ? findValue(*sets, set) : nullptr;
        if (counts == nullptr) {
            return {-1, -1, -1};
        }
        const std::array<const char*, 3> keys = {"n", "negative", "positive"};
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const json* value = findValue(*counts, keys[k]);
            if (value == nullptr || !value->is_number() || sizes[k] < 0) {
                sizes[k] = -1;
            } else {
                sizes[k] += value->get<long long>();
            }
        }
    }
    return sizes;
}

/// Returns a group's column header, e.g. "ILD (n = 70)".
std::string groupHeader(const std::string& name, long long size) {
    return size < 0 ? name : fmt::format("{} (n = {})", name, size);
}

std::string formatCountPercent(const json& row, const std::string& prefix) {
    const json* count = findValue(row, prefix + "_n");
    if (count == nullptr) {
        return kMissing;
    }
    return fmt::format("{} ({})", formatCount(count), formatFixed(findValue(row, prefix + "_pct"), 1));
}

double numberOr(const json& row, std::string_view key, double fallback) {
    const json* value = findValue(row, key);
    return value != nullptr && value->is_number() ? value->get<double>() : fallback;
}

/// Explains why a categorical variable has no p-value, from the study's note
/// when results.json has one, else from the counts of its level rows.
std::string missingCategoricalTest(const std::vector<const json*>& levelRows, const std::string& where) {
    // TODO: the study writes no "note" on table2 rows yet, so the reason is always inferred here.
    if (const std::string note = textOr(*levelRows.front(), "note", ""); !note.empty()) {
        return escapeHtml(note);
    }
    std::vector<std::string> observed;
    double negative = 0.0;
    double positive = 0.0;
    for (const json* row : levelRows) {
        negative += numberOr(*row, "negative_n", 0.0);
        positive += numberOr(*row, "positive_n", 0.0);
        const std::string level = textOr(*row, "level", "");
        const double percent = numberOr(*row, "overall_pct", 0.0);
        if (numberOr(*row, "overall_n", 0.0) > 0.0) {
            observed.push_back(level);
        }
        // A 0/1 variable has one row, for level 1: below 100% level 0 was seen too.
        if (levelRows.size() == 1 && level == "1" && percent < 100.0) {
            observed.insert(observed.begin(), "0");
        }
    }
    if (observed.empty()) {
        return fmt::format("No value was observed {}, so no test was run.", where);
    }
    if (observed.size() == 1) {
        return fmt::format("Only one level ({}) was observed {}, so no test was run.",
                           escapeHtml(observed.front()), where);
    }
    if (negative == 0.0 || positive == 0.0) {
        return "One outcome group has no value of this variable, so no test was run.";
    }
    return "No test was run (results.json records no reason).";
}

/// Appends a note that lists the variables with missing values and how many,
/// when any has some. The counts and tests of the table leave them out.
void addMissingValuesNote(HtmlTable& table, const json& rows) {
    std::vector<std::string> parts;
    std::vector<std::string> seen;
    for (const json& row : rows) {
        const std::string variable = textOr(row, "variable", "");
        const json* missing = findValue(row, "missing");
        if (missing == nullptr || !missing->is_number() || missing->get<double>() <= 0.0 ||
            std::find(seen.begin(), seen.end(), variable) != seen.end()) {
            continue;
        }
        seen.push_back(variable);
        parts.push_back(fmt::format("{} {}", escapeHtml(variable), missing->get<long long>()));
    }
    if (!parts.empty()) {
        table.notes.push_back(
            fmt::format("Missing values, left out of the counts and tests: {}.", fmt::join(parts, ", ")));
    }
}

/// Returns a clinical table with its `leading` columns, the overall and
/// per-group columns headed with their patient counts, then `trailing`.
HtmlTable tableByGroup(ReportContext& context, const std::string& id, const std::string& csv,
                       const std::string& caption, bool trainingOnly, std::vector<std::string> leading,
                       const std::vector<std::string>& trailing) {
    HtmlTable table;
    table.id = id;
    table.caption = caption;
    table.csv = csv;
    const std::array<long long, 3> sizes = groupSizes(context.results(), trainingOnly);
    table.columns = std::move(leading);
    table.columns.push_back(groupHeader("Overall", sizes[0]));
    table.columns.push_back(groupHeader(context.groupLabel("negative"), sizes[1]));
    table.columns.push_back(groupHeader(context.groupLabel("positive"), sizes[2]));
    table.columns.insert(table.columns.end(), trailing.begin(), trailing.end());
    return table;
}

/// Table 2: categorical variables by group, n (%) with the test's p-value.
/// A missing p-value gets a footnote with the reason.
HtmlTable categoricalTable(ReportContext& context, const json& rows, const std::string& id,
                           const std::string& csv, const std::string& caption, bool trainingOnly) {
    HtmlTable table = tableByGroup(context, id, csv, caption, trainingOnly, {"Variable", "Level"}, {"p", "Test"});
    table.numeric = {false, false, true, true, true, true, false};

    // Level rows per variable, in table order.
    std::vector<std::pair<std::string, std::vector<const json*>>> variables;
    for (const json& row : rows) {
        const std::string variable = textOr(row, "variable", "");
        if (variables.empty() || variables.back().first != variable) {
            variables.emplace_back(variable, std::vector<const json*>{});
        }
        variables.back().second.push_back(&row);
    }

    Footnotes footnotes;
    for (const auto& [variable, levelRows] : variables) {
        std::string p = formatPValue(findValue(*levelRows.front(), "p_value"));
        if (findValue(*levelRows.front(), "p_value") == nullptr) {
            p += footnotes.mark(
                missingCategoricalTest(levelRows, trainingOnly ? "in the training set" : "in the cohort"));
        }
        bool first = true;
        for (const json* row : levelRows) {
            // The variable name, p and test are written once, on its first
            // level, as clinical papers print Table 2.
            table.rows.push_back({first ? escapeHtml(variable) : "", escapeHtml(textOr(*row, "level", "")),
                                  formatCountPercent(*row, "overall"), formatCountPercent(*row, "negative"),
                                  formatCountPercent(*row, "positive"), first ? p : "",
                                  first ? noWrap(textOr(*row, "test", "none")) : ""});
            first = false;
        }
    }
    table.notes = footnotes.lines();
    addMissingValuesNote(table, rows);
    return table;
}

/// Formats one group's [centre, a, b] as "mean ± SD" or "median (Q1, Q3)".
/// The line may break before "(Q1, Q3)", so that Table 3 fits narrow pages.
std::string formatSummary(const json* values, bool median, int decimals) {
    if (values == nullptr || !values->is_array() || values->size() < 2) {
        return kMissing;
    }
    const json& centre = (*values)[0];
    const json& spread = (*values)[1];
    if (median) {
        const json* upper = values->size() > 2 ? &(*values)[2] : nullptr;
        return fmt::format("<span class=\"breakable\"><span>{}</span> <span>({}, {})</span></span>",
                           formatFixed(&centre, decimals), formatFixed(&spread, decimals),
                           formatFixed(upper, decimals));
    }
    return fmt::format("{} \u00b1 {}", formatFixed(&centre, decimals), formatFixed(&spread, decimals));
}

/// Names the test behind a Table 3 p-value, for its footnote.
std::string continuousTestNote(const json& row) {
    const std::string test = textOr(row, "test", "");
    if (test == "t-test") {
        return "Welch's t-test (both groups pass Shapiro-Wilk at p &gt; 0.05; summaries are mean \u00b1 SD).";
    }
    if (test == "wilcoxon") {
        return "Wilcoxon rank-sum test (a group fails Shapiro-Wilk at p \u2264 0.05; summaries are median "
               "(Q1, Q3)).";
    }
    if (const std::string note = textOr(row, "note", ""); !note.empty()) {
        return escapeHtml(note);
    }
    if (findValue(row, "p_value") == nullptr) {
        return "No test was run: a group has fewer than two values, or the test could not be computed.";
    }
    return escapeHtml(test);
}

/// Table 3: continuous variables by group. The test is a footnote marker on
/// the p-value rather than a column, which keeps the table within 960 px.
HtmlTable continuousTable(ReportContext& context, const json& rows, const std::string& id,
                          const std::string& csv, const std::string& caption, bool trainingOnly) {
    HtmlTable table = tableByGroup(context, id, csv, caption, trainingOnly, {"Variable (unit)", "Summary"}, {"p"});
    table.numeric = {false, false, true, true, true, true};
    Footnotes footnotes;
    for (const json& row : rows) {
        const bool median = textOr(row, "summary", "mean_sd") == "median_iqr";
        const json* overall = findValue(row, "overall");
        double magnitude = 0.0;
        if (overall != nullptr && overall->is_array() && !overall->empty() && (*overall)[0].is_number()) {
            magnitude = (*overall)[0].get<double>();
        }
        const int decimals = decimalsForMagnitude(magnitude);
        std::string name = escapeHtml(textOr(row, "variable", ""));
        if (const std::string unit = textOr(row, "unit", ""); !unit.empty()) {
            name += fmt::format(" <span class=\"unit\">({})</span>", unitHtml(unit));
        }
        table.rows.push_back(
            {name,
             median ? "<span class=\"breakable\"><span>median</span> <span>(Q1, Q3)</span></span>"
                    : "<span class=\"nowrap\">mean \u00b1 SD</span>",
             formatSummary(overall, median, decimals),
             formatSummary(findValue(row, "negative"), median, decimals),
             formatSummary(findValue(row, "positive"), median, decimals),
             formatPValue(findValue(row, "p_value")) + footnotes.mark(continuousTestNote(row))});
    }
    table.notes = footnotes.lines();
    addMissingValuesNote(table, rows);
    return table;
}

/// Explains why a variable has no univariate odds ratio (the footnote of
/// "not estimable"), from the study's note.
std::string notEstimableNote(const std::string& note) {
    if (note.empty()) {
        return "No reason is recorded in results.json.";
    }
    if (note.find("separates the outcome classes") != std::string::npos) {
        return "Complete or quasi-complete separation on the training set, so the maximum-likelihood odds "
               "ratio is infinite.";
    }
    if (note.find("is constant") != std::string::npos) {
        return "The variable has a single value on the training set.";
    }
    std::string reason = note;
    const std::string prefix = "logistic regression: ";
    if (reason.rfind(prefix, 0) == 0) {
        reason.erase(0, prefix.size());
    }
    if (!reason.empty() && reason.back() != '.') {
        reason += '.';
    }
    if (!reason.empty()) {
        reason[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(reason[0])));
    }
    return escapeHtml(reason);
}

/// Checks whether a Table 4 row is a factor (a categorical variable entered as
/// dummy variables) whose univariate model was fitted.
bool isEstimatedFactor(const json& row) {
    const json* levels = findValue(row, "levels");
    const json* lrP = findValue(row, "uni_lr_p");
    return levels != nullptr && levels->is_array() && lrP != nullptr && lrP->is_number();
}

/// Appends a factor's rows to Table 4: the variable with its likelihood-ratio p
/// values, then the reference level and one row per other level, indented.
void appendFactorRows(HtmlTable& table, const json& row) {
    const std::string indent = "\u2003";
    const bool entered = findValue(row, "multi_lr_p") != nullptr;
    table.rows.push_back({escapeHtml(textOr(row, "variable", "")), "", formatPValue(findValue(row, "uni_lr_p")),
                          entered ? "" : kMissing, formatPValue(findValue(row, "multi_lr_p"))});
    table.rows.push_back({indent + escapeHtml(textOr(row, "reference", "")) + " (reference)", "1", "",
                          entered ? "1" : kMissing, entered ? "" : kMissing});
    for (const json& level : row["levels"]) {
        table.rows.push_back(
            {indent + escapeHtml(textOr(level, "level", "")),
             formatWithInterval(findValue(level, "uni_or"), findValue(level, "uni_ci_low"),
                                findValue(level, "uni_ci_high"), 3),
             formatPValue(findValue(level, "uni_p")),
             formatWithInterval(findValue(level, "multi_or"), findValue(level, "multi_ci_low"),
                                findValue(level, "multi_ci_high"), 3),
             formatPValue(findValue(level, "multi_p"))});
    }
}

/// Builds Table 4: univariate and multivariable logistic regression. Odds
/// ratios get three decimals because per-unit ORs of laboratory values sit
/// close to 1. A variable without a univariate estimate gets a footnote with
/// the reason the study recorded.
HtmlTable logisticTable(ReportContext& context, const json& rows) {
    HtmlTable table;
    table.id = "table4";
    table.caption =
        "Table 4. Univariate and multivariable logistic regression on the training set: odds ratio (95% CI) "
        "and p.";
    table.csv = "table4_logistic.csv";
    table.columns = {"Variable", "Univariate OR (95% CI)", "p", "Multivariable OR (95% CI)", "p"};
    Footnotes footnotes;
    bool anyMultivariable = false;
    bool anyFactor = false;
    for (const json& row : rows) {
        if (isEstimatedFactor(row)) {
            anyFactor = true;
            anyMultivariable = anyMultivariable || findValue(row, "multi_lr_p") != nullptr;
            appendFactorRows(table, row);
            continue;
        }
        std::string univariate = formatWithInterval(findValue(row, "uni_or"), findValue(row, "uni_ci_low"),
                                                    findValue(row, "uni_ci_high"), 3);
        if (findValue(row, "uni_or") == nullptr) {
            univariate = "not estimable" + footnotes.mark(notEstimableNote(textOr(row, "note", "")));
        }
        anyMultivariable = anyMultivariable || findValue(row, "multi_or") != nullptr;
        table.rows.push_back({escapeHtml(textOr(row, "variable", "")), univariate,
                              formatPValue(findValue(row, "uni_p")),
                              formatWithInterval(findValue(row, "multi_or"), findValue(row, "multi_ci_low"),
                                                 findValue(row, "multi_ci_high"), 3),
                              formatPValue(findValue(row, "multi_p"))});
    }
    table.notes = footnotes.lines();
    table.notes.push_back(
        std::string(kMissing) +
        " in the multivariable columns: the variable did not enter the multivariable model; in the "
        "univariate p column: no estimate, so no test (the row's footnote gives the reason).");
    if (anyFactor) {
        table.notes.push_back(
            "Categorical variables: the p on the variable's row is the likelihood-ratio test of the variable "
            "as a whole. Each level row gives the odds ratio against the reference level, with its Wald p.");
    }
    // A multivariable model that could not be fitted is listed in parts.skipped.
    const json* parts = findValue(context.results(), "parts");
    const json* skipped = parts != nullptr ? findValue(*parts, "skipped") : nullptr;
    if (!anyMultivariable && skipped != nullptr && skipped->is_array()) {
        for (const json& sentence : *skipped) {
            if (sentence.is_string() && sentence.get<std::string>().rfind("Multivariable", 0) == 0) {
                table.notes.push_back(escapeHtml(sentence.get<std::string>()));
            }
        }
    }
    return table;
}

bool hasRows(const json& object, std::string_view key) {
    const json* rows = findValue(object, key);
    return rows != nullptr && rows->is_array() && !rows->empty();
}

}  // namespace

std::string renderClinicalSection(ReportContext& context) {
    const json& results = context.results();
    const json* clinical = findValue(results, "clinical");
    std::string html = openSection("clinical", "Clinical",
                                   clinical != nullptr
                                       ? "Clinical characteristics by outcome group and the logistic regression "
                                         "that picks the independent clinical predictors."
                                       : "Clinical characteristics and logistic regression: not part of this run.");
    if (clinical == nullptr) {
        html += renderSkipped(context.skippedLine("clinical", "Skipped: the study has no clinical part."));
        return html + "</section>\n";
    }

    if (hasRows(*clinical, "table2")) {
        html += renderTable(
            categoricalTable(context, (*clinical)["table2"], "table2", "table2_categorical.csv",
                             "Table 2. Categorical variables by group, whole cohort: n (%).", false));
    }
    if (hasRows(*clinical, "table3")) {
        html += renderTable(continuousTable(
            context, (*clinical)["table3"], "table3", "table3_continuous.csv",
            "Table 3. Continuous variables by group, whole cohort: mean \u00b1 SD or median (Q1, Q3).",
            false));
    }
    if (hasRows(*clinical, "table4")) {
        html += renderTable(logisticTable(context, (*clinical)["table4"]));
    }
    if (const json* predictors = findValue(*clinical, "predictors");
        predictors != nullptr && predictors->is_array()) {
        // A predictor the study kept out of the models (a factor) is marked beside its name.
        std::string skippedText;
        if (const json* parts = findValue(results, "parts"); parts != nullptr) {
            if (const json* skipped = findValue(*parts, "skipped"); skipped != nullptr && skipped->is_array()) {
                for (const json& sentence : *skipped) {
                    skippedText += sentence.is_string() ? sentence.get<std::string>() + "\n" : "";
                }
            }
        }
        std::vector<std::string> names;
        for (const json& name : *predictors) {
            const std::string text = name.is_string() ? name.get<std::string>() : name.dump();
            const bool leftOut = skippedText.find("Clinical predictor '" + text + "' left out") != std::string::npos;
            names.push_back(escapeHtml(text) + (leftOut ? " (not in the models; see the Cohort section)" : ""));
        }
        html += fmt::format("<p>Independent clinical predictors: {}.</p>\n",
                            names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", ")));
    }
    if (hasRows(*clinical, "table2_train")) {
        html += renderTable(categoricalTable(context, (*clinical)["table2_train"], "table2-train",
                                             "table2_categorical_train.csv",
                                             "Table 2 on the training set only: n (%).", true));
    }
    if (hasRows(*clinical, "table3_train")) {
        html += renderTable(continuousTable(
            context, (*clinical)["table3_train"], "table3-train", "table3_continuous_train.csv",
            "Table 3 on the training set only: mean \u00b1 SD or median (Q1, Q3).", true));
    }
    return html + "</section>\n";
}

}  // namespace pulmorad::report

// The report's shared section machinery and its data sections: Cohort and Clinical.

#include <fmt/format.h>

#include <algorithm>
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

std::string formatCountPercent(const json& row, const std::string& prefix) {
    const json* count = findValue(row, prefix + "_n");
    if (count == nullptr) {
        return kMissing;
    }
    return fmt::format("{} ({})", formatCount(count), formatFixed(findValue(row, prefix + "_pct"), 1));
}

/// Table 2: categorical variables by group, n (%) with the test's p-value.
HtmlTable categoricalTable(ReportContext& context, const json& rows, const std::string& id,
                           const std::string& csv, const std::string& caption) {
    HtmlTable table;
    table.id = id;
    table.caption = caption;
    table.csv = csv;
    table.columns = {"Variable",
                     "Level",
                     "Overall, n (%)",
                     context.groupLabel("negative") + ", n (%)",
                     context.groupLabel("positive") + ", n (%)",
                     "p",
                     "Test"};
    table.numeric = {false, false, true, true, true, true, false};
    std::string previous;
    for (const json& row : rows) {
        const std::string variable = textOr(row, "variable", "");
        // The variable name is written once, on its first level, as clinical papers print Table 2.
        const std::string shownName = variable == previous ? "" : escapeHtml(variable);
        previous = variable;
        table.rows.push_back({shownName, escapeHtml(textOr(row, "level", "")),
                              formatCountPercent(row, "overall"), formatCountPercent(row, "negative"),
                              formatCountPercent(row, "positive"), formatPValue(findValue(row, "p_value")),
                              noWrap(textOr(row, "test", ""))});
    }
    return table;
}

/// Formats one group's [centre, a, b] as "mean ± SD" or "median (Q1, Q3)".
std::string formatSummary(const json* values, bool median, int decimals) {
    if (values == nullptr || !values->is_array() || values->size() < 2) {
        return kMissing;
    }
    const json& centre = (*values)[0];
    const json& spread = (*values)[1];
    if (median) {
        const json* upper = values->size() > 2 ? &(*values)[2] : nullptr;
        return fmt::format("{} ({}, {})", formatFixed(&centre, decimals), formatFixed(&spread, decimals),
                           formatFixed(upper, decimals));
    }
    return fmt::format("{} \u00b1 {}", formatFixed(&centre, decimals), formatFixed(&spread, decimals));
}

/// Table 3: continuous variables by group.
HtmlTable continuousTable(ReportContext& context, const json& rows, const std::string& id,
                          const std::string& csv, const std::string& caption) {
    HtmlTable table;
    table.id = id;
    table.caption = caption;
    table.csv = csv;
    table.columns = {
        "Variable", "Summary", "Overall", context.groupLabel("negative"), context.groupLabel("positive"),
        "p",        "Test"};
    table.numeric = {false, false, true, true, true, true, false};
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
            name += fmt::format(" ({})", escapeHtml(unit));
        }
        table.rows.push_back({name,
                              median ? "<span class=\"nowrap\">median (Q1, Q3)</span>"
                                     : "<span class=\"nowrap\">mean \u00b1 SD</span>",
                              formatSummary(overall, median, decimals),
                              formatSummary(findValue(row, "negative"), median, decimals),
                              formatSummary(findValue(row, "positive"), median, decimals),
                              formatPValue(findValue(row, "p_value")), noWrap(textOr(row, "test", ""))});
    }
    return table;
}

/// Table 4: univariate and multivariable logistic regression. Odds ratios get
/// three decimals because per-unit ORs of laboratory values sit close to 1.
HtmlTable logisticTable(const json& rows) {
    HtmlTable table;
    table.id = "table4";
    table.caption =
        "Table 4. Univariate and multivariable logistic regression on the training set: odds ratio (95% CI) "
        "and p.";
    table.csv = "table4_logistic.csv";
    table.columns = {"Variable", "Univariate OR (95% CI)", "p", "Multivariable OR (95% CI)", "p"};
    for (const json& row : rows) {
        table.rows.push_back({escapeHtml(textOr(row, "variable", "")),
                              formatWithInterval(findValue(row, "uni_or"), findValue(row, "uni_ci_low"),
                                                 findValue(row, "uni_ci_high"), 3),
                              formatPValue(findValue(row, "uni_p")),
                              formatWithInterval(findValue(row, "multi_or"), findValue(row, "multi_ci_low"),
                                                 findValue(row, "multi_ci_high"), 3),
                              formatPValue(findValue(row, "multi_p"))});
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
    std::string html =
        openSection("clinical", "Clinical",
                    "Clinical characteristics by outcome group and the logistic regression that "
                    "picks the independent clinical predictors.");
    const json* clinical = findValue(results, "clinical");
    if (clinical == nullptr) {
        html += renderSkipped(context.skippedLine("clinical", "Skipped: the study has no clinical part."));
        return html + "</section>\n";
    }

    if (hasRows(*clinical, "table2")) {
        html +=
            renderTable(categoricalTable(context, (*clinical)["table2"], "table2", "table2_categorical.csv",
                                         "Table 2. Categorical variables by group, whole cohort: n (%)."));
    }
    if (hasRows(*clinical, "table3")) {
        html += renderTable(continuousTable(
            context, (*clinical)["table3"], "table3", "table3_continuous.csv",
            "Table 3. Continuous variables by group, whole cohort: mean \u00b1 SD or median (Q1, Q3)."));
    }
    if (hasRows(*clinical, "table4")) {
        html += renderTable(logisticTable((*clinical)["table4"]));
    }
    if (const json* predictors = findValue(*clinical, "predictors");
        predictors != nullptr && predictors->is_array()) {
        std::vector<std::string> names;
        for (const json& name : *predictors) {
            names.push_back(escapeHtml(name.is_string() ? name.get<std::string>() : name.dump()));
        }
        html += fmt::format("<p>Independent clinical predictors: {}.</p>\n",
                            names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", ")));
    }
    if (hasRows(*clinical, "table2_train")) {
        html += renderTable(categoricalTable(context, (*clinical)["table2_train"], "table2-train",
                                             "table2_categorical_train.csv",
                                             "Table 2 on the training set only: n (%)."));
    }
    if (hasRows(*clinical, "table3_train")) {
        html += renderTable(continuousTable(
            context, (*clinical)["table3_train"], "table3-train", "table3_continuous_train.csv",
            "Table 3 on the training set only: mean \u00b1 SD or median (Q1, Q3)."));
    }
    return html + "</section>\n";
}

}  // namespace pulmorad::report

#include "report/report.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <system_error>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "report/calculator.h"
#include "report/figures.h"
#include "report/html.h"
#include "report/html_sections.h"

namespace pulmorad::report {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// System font stack, figures at most 640 px wide, and a print layout that
// drops the interactive parts' chrome and keeps figures and table rows whole.
constexpr const char* kStyle = R"CSS(
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1b1f24; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
    "Liberation Sans", Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
header { border-bottom: 3px solid #0072b2; padding-bottom: 0.75rem; }
h1 { font-size: 1.75rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.3rem; padding-bottom: 0.2rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 0.3rem; }
p { margin: 0.5rem 0; max-width: 46rem; }
p.caption { margin-top: 0; color: #4a525a; font-style: italic; }
p.meta { color: #4a525a; font-size: 0.9rem; }
.simulated { background: #fff4ce; border-left: 4px solid #b58900; padding: 0.5rem 0.75rem; }
.warning { background: #fdecea; border-left: 4px solid #d55e00; padding: 0.4rem 0.75rem; }
.skipped { background: #eef1f4; border-left: 4px solid #8c959f; padding: 0.4rem 0.75rem; }
ul.skipped-list { margin-top: 0.25rem; }
nav.toc { background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.5rem 1.25rem; margin: 1rem 0; }
nav.toc h2 { font-size: 1rem; margin: 0.3rem 0; border: none; }
nav.toc ol { margin: 0.25rem 0 0.5rem; padding-left: 1.5rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.25rem; }
table { border-collapse: collapse; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
p.table-title { font-weight: 600; margin: 0 0 0.35rem; max-width: none; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #d8dee4; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #57606a; background: #f6f8fa; }
tfoot th, tfoot td { border-top: 2px solid #57606a; }
td.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
td.num .breakable { white-space: normal; }
.breakable > span { white-space: nowrap; }
.unit { color: #4a525a; }
.unit sup { line-height: 0; }
p.table-note { font-size: 0.8rem; color: #4a525a; margin: 0.2rem 0; }
sup.fn { font-size: 0.7em; line-height: 0; margin-left: 0.1em; }
tr { break-inside: avoid; }
#tripod td:nth-child(4) { min-width: 18rem; }
figure { margin: 1.5rem 0 2rem; break-inside: avoid; }
figure .svg svg { display: block; width: 100%; max-width: 640px; height: auto; }
figcaption { max-width: 640px; font-size: 0.875rem; color: #32383f; margin-top: 0.35rem; }
a.csv, a.file { font-weight: normal; font-size: 0.8rem; color: #57606a; margin-left: 0.35rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.85em; }
.note { color: #4a525a; font-size: 0.85rem; }
.done { color: #1a7f37; font-weight: 600; }
.todo { color: #8a5a00; }
form.calculator input[type="number"] { width: 9rem; font: inherit; padding: 0.1rem 0.3rem; }
form.calculator output { font-weight: 600; }
ol.calc-results:empty { display: none; }
@media print {
  main { max-width: none; padding: 0; }
  nav.toc { break-after: page; }
  h2, h3, p.table-title { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
}
)CSS";

/// Renders every figure whose data are present, keyed by id.
std::map<std::string, std::string> renderFigures(const json& results) {
    std::map<std::string, std::string> figures;
    for (const std::string& id : availableFigures(results)) {
        spdlog::debug("report: drawing figure {}", id);
        figures[id] = renderFigure(id, results);
    }
    return figures;
}

std::string renderHeader(const json& results) {
    const json cohort = results.value("cohort", json::object());
    const json labels = cohort.value("labels", json::object());
    std::string html =
        fmt::format("<header>\n<h1>{}</h1>\n", escapeHtml(textOr(results, "title", "pulmorad study report")));
    html += fmt::format(
        "<p class=\"meta\">Outcome {} ({} vs {}), {} patients. Made by pulmorad {}.</p>\n",
        escapeHtml(textOr(cohort, "outcome", "outcome")), escapeHtml(textOr(labels, "negative", "negative")),
        escapeHtml(textOr(labels, "positive", "positive")),
        cohort.contains("patients") && cohort["patients"].is_number() ? cohort["patients"].dump() : kMissing,
        escapeHtml(textOr(results, "pulmorad_version", "(unknown version)")));
    if (results.value("simulated", false)) {
        html +=
            "<p class=\"simulated\"><b>Simulated cohort:</b> every number in this report comes from "
            "simulated patients.</p>\n";
    }
    return html + "</header>\n";
}

std::string renderTableOfContents() {
    return "<nav class=\"toc\" aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n"
           "<li><a href=\"#cohort\">Cohort</a></li>\n"
           "<li><a href=\"#clinical\">Clinical</a></li>\n"
           "<li><a href=\"#radiomics\">Radiomics</a></li>\n"
           "<li><a href=\"#models\">Models</a></li>\n"
           "<li><a href=\"#combined\">Combined model</a></li>\n"
           "<li><a href=\"#methods\">Methods</a> (<a href=\"#tripod-heading\">TRIPOD+AI checklist</a>)</li>\n"
           "<li><a href=\"#calculator\">Risk calculator</a></li>\n"
           "</ol>\n</nav>\n";
}

std::string renderPage(const json& results, std::map<std::string, std::string> figures) {
    ReportContext context(results, std::move(figures));
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
        "<meta charset=\"utf-8\"/>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    html += fmt::format("<title>{}</title>\n", escapeHtml(textOr(results, "title", "pulmorad study report")));
    html += fmt::format("<style>{}</style>\n</head>\n<body>\n<main>\n", kStyle);
    html += renderHeader(results);
    html += renderTableOfContents();
    html += renderCohortSection(context);
    html += renderClinicalSection(context);
    html += renderRadiomicsSection(context);
    html += renderModelsSection(context);
    html += renderCombinedSection(context);
    html += renderMethodsSection(context);
    html += renderCalculatorSection(context);
    html += "</main>\n</body>\n</html>\n";
    return html;
}

}  // namespace

std::string renderReportHtml(const json& results) {
    requireInput(results.is_object(),
                 "results for the report must be a JSON object (results.json of pulmorad study)");
    return renderPage(results, renderFigures(results));
}

void writeReport(const json& results, const fs::path& outdir) {
    requireInput(results.is_object(),
                 "results for the report must be a JSON object (results.json of pulmorad study)");
    requireInput(
        fs::is_directory(outdir),
        fmt::format("cannot write the report: folder '{}' does not exist; create it first", outdir.string()));

    std::map<std::string, std::string> figures = renderFigures(results);
    const fs::path figureFolder = outdir / "figures";
    std::error_code error;
    fs::create_directories(figureFolder, error);
    requireInput(!error,
                 fmt::format("cannot create the figure folder '{}': {}; check the permissions of '{}'",
                             figureFolder.string(), error.message(), outdir.string()));
    for (const auto& [id, svg] : figures) {
        writeFileAtomically(figureFolder / (id + ".svg"), svg);
    }

    const std::size_t figureCount = figures.size();
    writeFileAtomically(outdir / "report.html", renderPage(results, std::move(figures)));
    spdlog::debug("Wrote {} and {} figures in {}", (outdir / "report.html").string(), figureCount,
                  figureFolder.string());
}

}  // namespace pulmorad::report

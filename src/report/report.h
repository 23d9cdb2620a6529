#pragma once

// The study report: OUTDIR/report.html, one self-contained page (inline CSS,
// inline SVG figures, plain JavaScript only for the risk calculator; no
// external scripts, fonts, images or URLs), and OUTDIR/figures/<id>.svg for
// every figure drawn. The sections and their order follow
// docs/study-results.md; docs/report.md describes the page.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace pulmorad::report {

/// Renders report.html from `results` (the results.json schema). Throws
/// InputError when `results` is not an object or a figure's data are malformed.
std::string renderReportHtml(const nlohmann::json& results);

/// Writes `outdir`/report.html and `outdir`/figures/<id>.svg, each file
/// atomically. Creates `outdir`/figures when missing. Throws InputError when
/// `outdir` does not exist or a file cannot be written.
void writeReport(const nlohmann::json& results, const std::filesystem::path& outdir);

}  // namespace pulmorad::report

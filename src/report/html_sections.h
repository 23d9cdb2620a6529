#pragma once

// The sections of report.html, each rendered from results.json (schema in
// docs/study-results.md). A section whose part of the study did not run
// renders one line that states what was skipped.

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace pulmorad::report {

/// Shared state of the section renderers: the results and the SVG of every drawn figure.
class ReportContext {
public:
    ReportContext(const nlohmann::json& results, std::map<std::string, std::string> figures);

    const nlohmann::json& results() const { return results_; }

    /// Renders figure `id` as a numbered <figure> with `caption` and a link to
    /// figures/<id>.svg; returns "" when the figure was not drawn.
    std::string figure(const std::string& id, std::string_view caption);

    /// The display name of the negative ("negative") or positive group.
    std::string groupLabel(const std::string& group) const;

    /// The line shown for a part that did not run: the sentences of
    /// parts.skipped that start with `keyword` (lower case), else those that
    /// mention it, else all of them, else `fallback`.
    std::string skippedLine(std::string_view keyword, std::string_view fallback) const;

private:
    const nlohmann::json& results_;
    std::map<std::string, std::string> figures_;
    int figureNumber_ = 0;
};

std::string renderCohortSection(ReportContext& context);
std::string renderClinicalSection(ReportContext& context);
std::string renderRadiomicsSection(ReportContext& context);
std::string renderModelsSection(ReportContext& context);
std::string renderCombinedSection(ReportContext& context);
std::string renderMethodsSection(ReportContext& context);

/// Describes the bootstrap behind a training-set calibration (plain text):
/// "1,000 bootstrap resamples, of which 469 refits converged and were used
/// (531 refits showed separation and were left out, as rms::calibrate does)".
std::string describeCalibrationResamples(const nlohmann::json& calibrationTrain);

/// Opens a <section> with its id, heading and one-line caption.
std::string openSection(std::string_view id, std::string_view heading, std::string_view caption);

/// Removes an XML declaration and a DOCTYPE in front of the <svg> element, so
/// the figure can be placed inside the HTML body.
std::string inlineSvg(const std::string& svgDocument);

}  // namespace pulmorad::report

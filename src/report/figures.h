#pragma once

// The report's figures, each drawn from results.json (docs/study-results.md
// lists the ids and the data each one reads).

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pulmorad::report {

/// Every figure id, in the order of the figure table in docs/study-results.md.
const std::vector<std::string>& figureIds();

/// Renders figure `id` as a standalone SVG document. Throws InputError naming
/// the id and the key when the id is unknown or its data are missing or
/// malformed.
std::string renderFigure(const std::string& id, const nlohmann::json& results);

/// The ids whose data are present in `results`, in figureIds() order. Present
/// means the figure's data key exists (for a ROC figure: curves of its set).
/// renderFigure still checks every value it reads.
std::vector<std::string> availableFigures(const nlohmann::json& results);

/// Returns the reader's name of a selection step in results.json
/// ("constant" -> "Non-constant"), as the funnel figure and table show it.
std::string selectionStepLabel(const std::string& step);

}  // namespace pulmorad::report

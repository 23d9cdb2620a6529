#pragma once

// The TRIPOD+AI reporting checklist (Collins GS et al., BMJ 2024;385:e078378),
// item by item in our own words, marking the items this report fills.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pulmorad::report {

/// One checklist item and where the report fills it.
struct TripodItem {
    std::string section;   ///< e.g. "Methods"
    std::string number;    ///< e.g. "12c"
    std::string topic;     ///< e.g. "Analytical methods"
    std::string text;      ///< what to report, paraphrased
    std::string filledIn;  ///< report section(s) that fill it, as HTML links; empty: for the authors
};

/// Returns every TRIPOD+AI item, with `filledIn` set for the items that the
/// parts present in `results` cover.
std::vector<TripodItem> tripodChecklist(const nlohmann::json& results);

/// Renders the checklist as a table.
std::string renderTripodChecklist(const nlohmann::json& results);

}  // namespace pulmorad::report

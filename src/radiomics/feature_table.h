#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "radiomics/extractor.h"

namespace pulmorad::radiomics {

/// One case of a feature table: its ID, and either a result or the error
/// that stopped its extraction.
struct CaseResult {
    std::string id;
    std::optional<FeatureRow> row;  ///< empty when the case failed
    std::string error;              ///< the failure message, written to diagnostics_Error
};

/// Output formats of `pulmorad extract`.
enum class OutputFormat { Csv, Json };

/// Formats cases as CSV: `ID`, then the diagnostics_* columns, then the
/// feature columns, each the union over cases in first-seen order.
/// diagnostics_Error is added when a case failed. Numbers go through
/// formatDouble, so they read back to the same double, and a missing value
/// is an empty cell.
std::string formatCsv(const std::vector<CaseResult>& cases);

/// Formats cases as JSON: an array of {"ID", "diagnostics": {...}, "features":
/// {...}} objects, or the single object when `single` is set. Numbers are
/// written by formatDouble; NaN and infinities become null.
std::string formatJson(const std::vector<CaseResult>& cases, bool single);

/// Writes `cases` to `path` atomically, or to standard output when `path` is empty.
void writeFeatureTable(const std::vector<CaseResult>& cases, const std::filesystem::path& path,
                       OutputFormat format, bool single);

}  // namespace pulmorad::radiomics

#pragma once

// Building blocks of the HTML report: escaping, display rounding of the
// numbers in results.json, and tables. The page is written as polyglot
// HTML5/XML (every element closed, void elements written "<br/>", only the
// XML entities), so an XML parser can check it as well as a browser can read it.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace pulmorad::report {

/// Escapes &, <, >, " and ' for text and attribute values.
std::string escapeHtml(std::string_view text);

/// Returns the member `key` of `object`, or nullptr when `object` is not an
/// object, lacks the key or contains null there.
const nlohmann::json* findValue(const nlohmann::json& object, std::string_view key);

/// Returns the member `key` as a string, or `fallback` when absent or not a string.
std::string textOr(const nlohmann::json& object, std::string_view key, const std::string& fallback);

/// The placeholder for a missing value in tables.
inline constexpr const char* kMissing = "\u2014";

/// Formats a number with `decimals` digits after the point ("\u2014" for
/// null or a non-number). Negative numbers use the minus sign U+2212.
std::string formatFixed(const nlohmann::json* value, int decimals);
std::string formatFixed(double value, int decimals);

/// Formats a number with `digits` significant digits (for coefficients).
std::string formatSignificant(const nlohmann::json* value, int digits);

/// Formats a p-value as clinical papers do: "<0.001" below 0.001, else three decimals.
std::string formatPValue(const nlohmann::json* value);

/// Formats "estimate (low, high)", e.g. an odds ratio or AUC with its 95% CI.
std::string formatWithInterval(const nlohmann::json* estimate, const nlohmann::json* low,
                               const nlohmann::json* high, int decimals);

/// Decimals for summaries of a variable whose typical magnitude is `value`:
/// 0 from 100 up, 1 from 10, 2 from 1, 3 below 1.
int decimalsForMagnitude(double value);

/// Formats a number in its shortest round-trip form, with no decimal point
/// when it is a whole number (300, not 300.0). Negative numbers use U+2212.
std::string formatNumber(double value);

/// Groups the digits of a count by thousands with commas ("1,000").
std::string formatThousands(long long value);

/// Footnotes of one table: each distinct text gets the next letter (a, b, ...).
class Footnotes {
public:
    /// Returns the superscript marker of `text` (HTML), adding the note if it is new.
    std::string mark(const std::string& text);

    /// The notes as HTML lines "<sup>a</sup> text", in marker order.
    std::vector<std::string> lines() const;

private:
    std::vector<std::string> texts_;
};

/// One table of the report. Cells are HTML fragments (escape text first).
struct HtmlTable {
    std::string id;                              ///< element id, e.g. "table2"
    std::string caption;                         ///< one line on what the table shows
    std::vector<std::string> columns;            ///< header cells (plain text)
    std::vector<std::vector<std::string>> rows;  ///< HTML fragments, one per column
    std::string csv;                             ///< tables/<csv> written by the study; empty for none
    std::vector<bool> numeric;                   ///< right-aligned columns; empty means the first is text
    std::vector<std::string> notes;              ///< HTML lines printed below the table
};

/// Renders `table` as a title paragraph (with a link to its CSV, if any) and a <table>.
std::string renderTable(const HtmlTable& table);

/// Renders a paragraph with the class "caption" (one-line description).
std::string renderCaption(std::string_view text);

/// Renders the one line shown in place of a part of the study that did not run.
std::string renderSkipped(std::string_view text);

}  // namespace pulmorad::report

#pragma once

// Shared pieces of `pulmorad stats ...`: the options every analysis takes,
// reading and checking the input table, and writing results as CSV or JSON.

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "table/table.h"

namespace pulmorad::cli::stats_cli {

/// Options common to every `stats` analysis.
struct CommonOptions {
    std::string data;            ///< input CSV
    std::string idColumn;        ///< --id
    std::string output;          ///< -o FILE; empty means standard output
    std::string format = "csv";  ///< csv or json
};

/// Adds DATA, --id, -o and --format to `command`.
void addCommonOptions(CLI::App& command, CommonOptions& options);

/// Reads the input table named in `options`.
table::Table readInput(const CommonOptions& options);

/// One output cell: empty, text, a real number or a count.
using Cell = std::variant<std::monostate, std::string, double, long long>;

/// A named block of rows with its own columns.
struct Section {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;

    /// Appends a row; throws std::logic_error when its length differs from columns.
    void addRow(std::vector<Cell> row);
};

/// The result of one analysis.
struct ResultDocument {
    std::string analysis;            ///< e.g. "stats logistic"
    std::string source;              ///< input file
    std::vector<std::string> notes;  ///< how the numbers were made (rows dropped, tests chosen)
    std::vector<Section> sections;
};

/// Formats the document as CSV. One section is a plain table. Several
/// sections share one table whose first column `section` names the block and
/// whose columns are the union of the sections' columns, with empty cells
/// where a column does not apply. Numbers use the shortest round-trip form,
/// and NaN is an empty cell.
std::string toCsv(const ResultDocument& document);

/// Formats the document as JSON {"analysis", "source", "notes", "<section>":
/// [{column: value}]} with numbers in shortest round-trip form and NaN as null.
std::string toJson(const ResultDocument& document);

/// Writes the document to -o (atomically) or standard output in --format.
void writeResult(const ResultDocument& document, const CommonOptions& options);

/// Rows where every listed column has a value, and how many were dropped.
struct CompleteCases {
    std::vector<std::size_t> rows;
    std::size_t dropped = 0;
};

/// Complete cases over `columns` (listwise deletion); logs the number dropped
/// for `analysis`.
CompleteCases completeCases(const table::Table& table, const std::vector<std::string>& columns,
                            const std::string& analysis);

/// A numeric column restricted to `rows`.
std::vector<double> numericRows(const table::Table& table, const std::string& column,
                                const std::vector<std::size_t>& rows);

/// Checks that the non-missing values of `column` are 0/1 with both present;
/// throws InputError naming the column, the value found and the fix.
void requireBinaryOutcome(const table::Table& table, const std::string& column);

/// The note that reports the rows an analysis dropped.
std::string droppedNote(const std::string& analysis, const CompleteCases& cases, std::size_t total);

// Each analysis adds its subcommand to `stats`.
void addDescribeCommand(CLI::App& stats);
void addLogisticCommand(CLI::App& stats);
void addRocCommand(CLI::App& stats);
void addCalibrationCommand(CLI::App& stats);
void addDecisionCurveCommand(CLI::App& stats);

}  // namespace pulmorad::cli::stats_cli

#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pulmorad::table {

/// Options for reading a CSV table.
struct ReadOptions {
    /// Name of the column that identifies each row (patient). Empty means
    /// "use a column named ID (any letter case) when there is one"; when there
    /// is none, rows are numbered 1..n and a notice is logged. A non-empty name
    /// that is not in the header is an InputError.
    std::string idColumn;
    /// Whether the numbering of rows without an ID column is logged at INFO.
    /// A caller that warns about it in its own words sets false (then DEBUG).
    bool noteGeneratedIds = true;
};

/// A CSV table read into memory: a header row, then one row per record.
///
/// Format: fields separated by commas; fields may be quoted with `"` (a
/// doubled `""` inside a quoted field is one quote, and a quoted field may
/// contain commas and line breaks); CRLF and LF line ends; an optional UTF-8
/// byte-order mark. Leading and trailing spaces around unquoted fields are
/// removed. A cell is missing when it is empty or `NA` (after trimming).
/// Every row must have as many fields as the header. Column names must be
/// unique and non-empty.
///
/// Numeric access (numeric()) parses every non-missing cell as a decimal
/// number with `.` as the decimal separator. A cell such as `12,5` is never
/// read as 125 or 12: it raises an InputError that names the column and the
/// value and says to export with `.` decimals. Files separated by `;` (the
/// usual export where `,` is the decimal separator) are rejected the same way.
class Table {
public:
    /// Reads `path`. Throws InputError when the file cannot be read or is not
    /// a valid table (see the class description), or when IDs repeat.
    static Table readCsv(const std::filesystem::path& path, const ReadOptions& options = {});

    /// Parses CSV text; `sourceName` names the input in error messages.
    static Table parseCsv(std::string_view text, const std::string& sourceName,
                          const ReadOptions& options = {});

    /// Name of the input (the file path) for messages.
    const std::string& sourceName() const { return sourceName_; }

    std::size_t rowCount() const { return ids_.size(); }

    /// Every column in file order, including the ID column when there is one.
    const std::vector<std::string>& columnNames() const { return columnNames_; }

    /// Every column except the ID column, in file order.
    std::vector<std::string> dataColumnNames() const;

    bool hasColumn(const std::string& name) const;

    /// Name of the ID column; empty when the rows were numbered.
    const std::string& idColumn() const { return idColumn_; }

    /// True when the table had no ID column and rows were numbered 1..n.
    bool idsGenerated() const { return idColumn_.empty(); }

    /// Row identifiers: the ID column's values, or "1".."n" when numbered.
    const std::vector<std::string>& ids() const { return ids_; }

    /// Cells of `column` as text after trimming; missing cells are "".
    /// Throws InputError naming the column and the source when it is absent.
    const std::vector<std::string>& text(const std::string& column) const;

    /// True when the cell is empty or NA.
    bool isMissing(const std::string& column, std::size_t row) const;

    /// True when every non-missing cell of `column` parses as a number with
    /// `.` decimals (an all-missing column counts as numeric).
    bool isNumeric(const std::string& column) const;

    /// Values of `column` as doubles, NaN where the cell is missing. Throws
    /// InputError naming the column, the row ID and the value for text, and a
    /// specific message for comma decimal separators.
    std::vector<double> numeric(const std::string& column) const;

    /// Distinct non-missing values of `column` in order of first appearance.
    std::vector<std::string> levels(const std::string& column) const;

private:
    std::size_t columnIndex(const std::string& column) const;

    std::string sourceName_;
    std::vector<std::string> columnNames_;
    std::unordered_map<std::string, std::size_t> columnIndex_;
    std::vector<std::vector<std::string>> cells_;  ///< cells_[column][row]
    std::string idColumn_;
    std::vector<std::string> ids_;
};

/// True when `cell` (already trimmed) is a missing value: empty or `NA`.
bool isMissingCell(std::string_view cell);

/// True when `cell` looks like a number written with a comma decimal
/// separator, such as `12,5` or `-0,25` (digits, one comma, digits).
bool looksLikeCommaDecimal(std::string_view cell);

/// A table being built for output: a header and rows of already formatted
/// cells. Numbers go in through formatDouble (shortest round-trip form), so
/// they read back to the same double.
class CsvWriter {
public:
    explicit CsvWriter(std::vector<std::string> header);

    /// Starts a new row; the following add() calls fill it left to right.
    CsvWriter& newRow();
    CsvWriter& add(const std::string& text);
    CsvWriter& add(const char* text);
    CsvWriter& add(double value);
    CsvWriter& add(long long value);
    CsvWriter& add(int value) { return add(static_cast<long long>(value)); }
    CsvWriter& add(std::size_t value) { return add(static_cast<long long>(value)); }

    /// The whole table as CSV text (LF line ends). Fields that contain a
    /// comma, a quote or a line break are quoted. Throws std::logic_error when
    /// a row has a different number of cells than the header.
    std::string str() const;

    /// Writes str() to `path` atomically.
    void writeFile(const std::filesystem::path& path) const;

    const std::vector<std::string>& header() const { return header_; }
    const std::vector<std::vector<std::string>>& rows() const { return rows_; }

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

/// Quotes a CSV field when it contains a comma, a quote or a line break.
std::string escapeCsvField(const std::string& field);

}  // namespace pulmorad::table

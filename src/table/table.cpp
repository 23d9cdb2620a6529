#include "table/table.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::table {
namespace {

std::string trim(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) {
        ++begin;
    }
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
        --end;
    }
    return std::string(text.substr(begin, end - begin));
}

std::string toLower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// One parsed record and the line it started on (for messages).
struct Record {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

/// Splits CSV text into records following the format in Table's description.
std::vector<Record> splitRecords(std::string_view text, const std::string& sourceName) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
        text.remove_prefix(3);
    }

    std::vector<Record> records;
    Record current;
    std::string field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    std::size_t line = 1;
    current.line = 1;

    auto finishField = [&] {
        current.fields.push_back(fieldWasQuoted ? field : trim(field));
        field.clear();
        fieldWasQuoted = false;
    };
    auto finishRecord = [&] {
        finishField();
        const bool blank = current.fields.size() == 1 && current.fields[0].empty() && !fieldWasQuoted;
        if (!blank) {
            records.push_back(std::move(current));
        }
        current = Record{};
        current.line = line;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && trim(field).empty()) {
            inQuotes = true;
            fieldWasQuoted = true;
            field.clear();
        } else if (c == ',') {
            finishField();
        } else if (c == '\r') {
            // CRLF: the '\n' that follows ends the record.
        } else if (c == '\n') {
            ++line;
            finishRecord();
        } else {
            field.push_back(c);
        }
    }
    if (inQuotes) {
        throw InputError(sourceName + ": a quoted field that starts on line " + std::to_string(current.line) +
                         " is never closed; add the closing '\"'");
    }
    if (!field.empty() || !current.fields.empty() || fieldWasQuoted) {
        finishRecord();
    }
    return records;
}

}  // namespace

bool isMissingCell(std::string_view cell) { return cell.empty() || cell == "NA"; }

bool looksLikeCommaDecimal(std::string_view cell) {
    std::size_t i = 0;
    if (i < cell.size() && (cell[i] == '-' || cell[i] == '+')) {
        ++i;
    }
    const std::size_t integerStart = i;
    while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) {
        ++i;
    }
    if (i == integerStart || i >= cell.size() || cell[i] != ',') {
        return false;
    }
    ++i;
    const std::size_t fractionStart = i;
    while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) {
        ++i;
    }
    return i == cell.size() && i > fractionStart;
}

Table Table::parseCsv(std::string_view text, const std::string& sourceName, const ReadOptions& options) {
    std::vector<Record> records = splitRecords(text, sourceName);
    if (records.empty()) {
        throw InputError(sourceName + ": the file is empty; expected a header row with column names");
    }

    Table table;
    table.sourceName_ = sourceName;
    const Record& header = records.front();

    // A single-column header that contains ';' is the usual export of a
    // spreadsheet whose decimal separator is ','.
    if (header.fields.size() == 1 && header.fields[0].find(';') != std::string::npos) {
        throw InputError(sourceName + ": the header '" + header.fields[0] +
                         "' is separated by ';', which usually means ',' is the decimal separator; "
                         "export the table as CSV with ',' between fields and '.' as the decimal separator");
    }

    for (std::size_t column = 0; column < header.fields.size(); ++column) {
        const std::string& name = header.fields[column];
        if (name.empty()) {
            throw InputError(sourceName + ": column " + std::to_string(column + 1) +
                             " of the header has no name; give every column a name");
        }
        if (!table.columnIndex_.emplace(name, column).second) {
            throw InputError(sourceName + ": the column name '" + name +
                             "' appears twice in the header; rename one of them");
        }
        table.columnNames_.push_back(name);
    }

    const std::size_t columnCount = table.columnNames_.size();
    table.cells_.assign(columnCount, {});
    for (std::size_t r = 1; r < records.size(); ++r) {
        const Record& record = records[r];
        if (record.fields.size() != columnCount) {
            std::string message = sourceName + ": line " + std::to_string(record.line) + " has " +
                                  std::to_string(record.fields.size()) + " fields but the header has " +
                                  std::to_string(columnCount);
            if (record.fields.size() > columnCount) {
                message +=
                    "; if numbers use ',' as the decimal separator (such as 12,5), export with '.' "
                    "decimals, otherwise quote fields that contain commas";
            } else {
                message += "; fill the missing fields (leave them empty or write NA)";
            }
            throw InputError(message);
        }
        for (std::size_t column = 0; column < columnCount; ++column) {
            table.cells_[column].push_back(record.fields[column]);
        }
    }
    const std::size_t rowCount = records.size() - 1;

    // The ID column: named by the caller, or a column called ID in any case.
    if (!options.idColumn.empty()) {
        if (!table.hasColumn(options.idColumn)) {
            throw InputError(sourceName + ": the ID column '" + options.idColumn +
                             "' is not in the header; use --id with one of the column names");
        }
        table.idColumn_ = options.idColumn;
    } else {
        for (const auto& name : table.columnNames_) {
            if (toLower(name) == "id") {
                table.idColumn_ = name;
                break;
            }
        }
    }

    if (table.idColumn_.empty()) {
        table.ids_.reserve(rowCount);
        for (std::size_t row = 0; row < rowCount; ++row) {
            table.ids_.push_back(std::to_string(row + 1));
        }
        spdlog::log(options.noteGeneratedIds ? spdlog::level::info : spdlog::level::debug,
                    "{}: no ID column, so rows are numbered 1 to {} in file order", sourceName, rowCount);
    } else {
        table.ids_ = table.cells_[table.columnIndex(table.idColumn_)];
        std::unordered_map<std::string, std::size_t> firstRow;  // ID -> first data row (1-based)
        for (std::size_t row = 0; row < rowCount; ++row) {
            const std::string& id = table.ids_[row];
            if (isMissingCell(id)) {
                throw InputError(sourceName + ": row " + std::to_string(row + 1) +
                                 " has no value in the ID column '" + table.idColumn_ +
                                 "'; give every row an ID");
            }
            if (const auto [entry, added] = firstRow.emplace(id, row + 1); !added) {
                throw InputError(sourceName + ": the ID '" + id + "' appears more than once in column '" +
                                 table.idColumn_ + "' (data rows " + std::to_string(entry->second) + " and " +
                                 std::to_string(row + 1) + "); IDs must be unique");
            }
        }
    }
    return table;
}

Table Table::readCsv(const std::filesystem::path& path, const ReadOptions& options) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw InputError(path.string() + ": the file cannot be opened; check the path");
    }
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return parseCsv(buffer.str(), path.string(), options);
}

std::vector<std::string> Table::dataColumnNames() const {
    std::vector<std::string> names;
    for (const auto& name : columnNames_) {
        if (name != idColumn_) {
            names.push_back(name);
        }
    }
    return names;
}

bool Table::hasColumn(const std::string& name) const { return columnIndex_.count(name) > 0; }

std::size_t Table::columnIndex(const std::string& column) const {
    const auto found = columnIndex_.find(column);
    if (found == columnIndex_.end()) {
        std::string available;
        for (const auto& name : columnNames_) {
            available += (available.empty() ? "" : ", ") + name;
        }
        throw InputError(sourceName_ + ": the column '" + column +
                         "' is not in the table; available columns: " + available);
    }
    return found->second;
}

const std::vector<std::string>& Table::text(const std::string& column) const {
    return cells_[columnIndex(column)];
}

bool Table::isMissing(const std::string& column, std::size_t row) const {
    return isMissingCell(text(column).at(row));
}

bool Table::isNumeric(const std::string& column) const {
    for (const auto& cell : text(column)) {
        double value = 0.0;
        if (!isMissingCell(cell) && !parseDouble(cell, value)) {
            return false;
        }
    }
    return true;
}

std::vector<double> Table::numeric(const std::string& column) const {
    const auto& cells = text(column);
    std::vector<double> values(cells.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t row = 0; row < cells.size(); ++row) {
        const std::string& cell = cells[row];
        if (isMissingCell(cell)) {
            continue;
        }
        if (!parseDouble(cell, values[row])) {
            if (looksLikeCommaDecimal(cell)) {
                throw InputError(sourceName_ + ": column '" + column +
                                 "' uses ',' as the decimal separator (value '" + cell + "' in row " +
                                 ids_[row] + "); export the table with '.' as the decimal separator");
            }
            throw InputError(sourceName_ + ": column '" + column + "' must be numeric but row " + ids_[row] +
                             " contains '" + cell +
                             "'; correct the value, or leave it empty or NA when it is missing");
        }
    }
    return values;
}

std::vector<std::string> Table::levels(const std::string& column) const {
    std::vector<std::string> result;
    std::unordered_set<std::string> seen;
    for (const auto& cell : text(column)) {
        if (!isMissingCell(cell) && seen.insert(cell).second) {
            result.push_back(cell);
        }
    }
    return result;
}

CsvWriter::CsvWriter(std::vector<std::string> header) : header_(std::move(header)) {}

CsvWriter& CsvWriter::newRow() {
    rows_.emplace_back();
    rows_.back().reserve(header_.size());
    return *this;
}

CsvWriter& CsvWriter::add(const std::string& text) {
    if (rows_.empty()) {
        throw std::logic_error("CsvWriter::add called before newRow");
    }
    rows_.back().push_back(text);
    return *this;
}

CsvWriter& CsvWriter::add(const char* text) { return add(std::string(text)); }

CsvWriter& CsvWriter::add(double value) { return add(formatDouble(value)); }

CsvWriter& CsvWriter::add(long long value) { return add(std::to_string(value)); }

std::string escapeCsvField(const std::string& field) {
    if (field.find_first_of(",\"\n\r") == std::string::npos) {
        return field;
    }
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') {
            quoted += "\"\"";
        } else {
            quoted.push_back(c);
        }
    }
    quoted += '"';
    return quoted;
}

std::string CsvWriter::str() const {
    std::string out;
    auto appendRow = [&out](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            out += escapeCsvField(cells[i]);
        }
        out += '\n';
    };
    appendRow(header_);
    for (const auto& row : rows_) {
        if (row.size() != header_.size()) {
            throw std::logic_error("CsvWriter: a row has " + std::to_string(row.size()) +
                                   " cells but the header has " + std::to_string(header_.size()));
        }
        appendRow(row);
    }
    return out;
}

void CsvWriter::writeFile(const std::filesystem::path& path) const { writeFileAtomically(path, str()); }

}  // namespace pulmorad::table

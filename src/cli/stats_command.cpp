// `pulmorad stats`: one subcommand per clinical analysis (describe,
// logistic, roc, calibration, dca), each reading a CSV table and writing a
// CSV or JSON result. The shared option and output code is here too.

#include "cli/stats_command.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "cli/command_registry.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::cli::stats_cli {

void addCommonOptions(CLI::App& command, CommonOptions& options) {
    command.add_option("DATA", options.data, "Input table (CSV with a header row)")->required();
    command.add_option(
        "--id", options.idColumn,
        "Column that identifies patients (default: a column named ID; without one, rows are numbered)");
    command.add_option("-o,--output", options.output,
                       "Write the result to this file instead of standard output");
    command.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"csv", "json"}))
        ->capture_default_str();
}

table::Table readInput(const CommonOptions& options) {
    table::ReadOptions readOptions;
    readOptions.idColumn = options.idColumn;
    table::Table table = table::Table::readCsv(options.data, readOptions);
    spdlog::info("{}: {} rows, {} columns", options.data, table.rowCount(), table.columnNames().size());
    return table;
}

void Section::addRow(std::vector<Cell> row) {
    if (row.size() != columns.size()) {
        throw std::logic_error("section " + name + ": a row has " + std::to_string(row.size()) +
                               " cells for " + std::to_string(columns.size()) + " columns");
    }
    rows.push_back(std::move(row));
}

namespace {

std::string csvCell(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
        return *text;
    }
    if (const auto* number = std::get_if<double>(&cell)) {
        return std::isnan(*number) ? std::string() : formatDouble(*number);
    }
    if (const auto* count = std::get_if<long long>(&cell)) {
        return std::to_string(*count);
    }
    return "";
}

/// JSON text for one cell; numbers keep their shortest round-trip form.
std::string jsonCell(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
        return nlohmann::json(*text).dump();
    }
    if (const auto* number = std::get_if<double>(&cell)) {
        if (std::isnan(*number)) {
            return "null";
        }
        if (std::isinf(*number)) {
            return *number > 0 ? "\"inf\"" : "\"-inf\"";
        }
        return formatDouble(*number);
    }
    if (const auto* count = std::get_if<long long>(&cell)) {
        return std::to_string(*count);
    }
    return "null";
}

}  // namespace

std::string toCsv(const ResultDocument& document) {
    if (document.sections.size() == 1) {
        const Section& section = document.sections.front();
        table::CsvWriter writer(section.columns);
        for (const auto& row : section.rows) {
            writer.newRow();
            for (const auto& cell : row) {
                writer.add(csvCell(cell));
            }
        }
        return writer.str();
    }
    std::vector<std::string> header = {"section"};
    for (const auto& section : document.sections) {
        for (const auto& column : section.columns) {
            if (std::find(header.begin(), header.end(), column) == header.end()) {
                header.push_back(column);
            }
        }
    }
    table::CsvWriter writer(header);
    for (const auto& section : document.sections) {
        for (const auto& row : section.rows) {
            writer.newRow().add(section.name);
            for (std::size_t c = 1; c < header.size(); ++c) {
                const auto found = std::find(section.columns.begin(), section.columns.end(), header[c]);
                writer.add(found == section.columns.end()
                               ? std::string()
                               : csvCell(row[static_cast<std::size_t>(found - section.columns.begin())]));
            }
        }
    }
    return writer.str();
}

std::string toJson(const ResultDocument& document) {
    std::string out = "{\n  \"analysis\": " + nlohmann::json(document.analysis).dump() +
                      ",\n  \"source\": " + nlohmann::json(document.source).dump() +
                      ",\n  \"notes\": " + nlohmann::json(document.notes).dump();
    for (const auto& section : document.sections) {
        out += ",\n  " + nlohmann::json(section.name).dump() + ": [";
        for (std::size_t r = 0; r < section.rows.size(); ++r) {
            out += r == 0 ? "\n    {" : ",\n    {";
            for (std::size_t c = 0; c < section.columns.size(); ++c) {
                out += (c == 0 ? "" : ", ") + nlohmann::json(section.columns[c]).dump() + ": " +
                       jsonCell(section.rows[r][c]);
            }
            out += "}";
        }
        out += section.rows.empty() ? "]" : "\n  ]";
    }
    out += "\n}\n";
    return out;
}

void writeResult(const ResultDocument& document, const CommonOptions& options) {
    for (const auto& note : document.notes) {
        spdlog::info("{}", note);
    }
    const std::string text = options.format == "json" ? toJson(document) : toCsv(document);
    if (options.output.empty()) {
        std::fputs(text.c_str(), stdout);
        std::fflush(stdout);
    } else {
        writeFileAtomically(options.output, text);
        spdlog::info("wrote {}", options.output);
    }
}

CompleteCases completeCases(const table::Table& table, const std::vector<std::string>& columns,
                            const std::string& analysis) {
    CompleteCases cases;
    for (const auto& column : columns) {
        table.text(column);  // throws InputError naming a missing column
    }
    for (std::size_t row = 0; row < table.rowCount(); ++row) {
        bool complete = true;
        for (const auto& column : columns) {
            if (table.isMissing(column, row)) {
                complete = false;
                break;
            }
        }
        if (complete) {
            cases.rows.push_back(row);
        } else {
            ++cases.dropped;
        }
    }
    if (cases.dropped > 0) {
        spdlog::info("{}: {} of {} rows dropped for missing values (complete cases)", analysis, cases.dropped,
                     table.rowCount());
    }
    return cases;
}

std::vector<double> numericRows(const table::Table& table, const std::string& column,
                                const std::vector<std::size_t>& rows) {
    const std::vector<double> all = table.numeric(column);
    std::vector<double> selected;
    selected.reserve(rows.size());
    for (const std::size_t row : rows) {
        selected.push_back(all[row]);
    }
    return selected;
}

void requireBinaryOutcome(const table::Table& table, const std::string& column) {
    const auto& cells = table.text(column);
    std::size_t zeros = 0;
    std::size_t ones = 0;
    for (std::size_t row = 0; row < cells.size(); ++row) {
        const std::string& cell = cells[row];
        if (table::isMissingCell(cell)) {
            continue;
        }
        double value = 0.0;
        if (!parseDouble(cell, value) || (value != 0.0 && value != 1.0)) {
            throw InputError(table.sourceName() + ": outcome column '" + column +
                             "' must be coded 0/1 but row " + table.ids()[row] + " contains '" + cell +
                             "'; recode it as 0 (no event) and 1 (event)");
        }
        (value == 1.0 ? ones : zeros) += 1;
    }
    if (zeros == 0 || ones == 0) {
        throw InputError(table.sourceName() + ": outcome column '" + column + "' has only one class (" +
                         std::to_string(zeros) + " zeros, " + std::to_string(ones) +
                         " ones); the analysis needs patients with and without the event");
    }
}

std::string droppedNote(const std::string& analysis, const CompleteCases& cases, std::size_t total) {
    return analysis + ": " + std::to_string(cases.rows.size()) + " of " + std::to_string(total) +
           " rows used, " + std::to_string(cases.dropped) + " dropped for missing values";
}

}  // namespace pulmorad::cli::stats_cli

namespace {

const pulmorad::cli::CommandRegistrar registrar(30, [](CLI::App& app) {
    CLI::App* stats = app.add_subcommand(
        "stats", "Clinical statistics: one analysis per subcommand, results as CSV or JSON");
    stats->require_subcommand(1);
    pulmorad::cli::stats_cli::addDescribeCommand(*stats);
    pulmorad::cli::stats_cli::addLogisticCommand(*stats);
    pulmorad::cli::stats_cli::addRocCommand(*stats);
    pulmorad::cli::stats_cli::addCalibrationCommand(*stats);
    pulmorad::cli::stats_cli::addDecisionCurveCommand(*stats);
});

}  // namespace

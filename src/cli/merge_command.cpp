// `pulmorad merge`: joins feature tables written by `pulmorad extract --shard`
// (or any feature CSVs with an ID column) into one table.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "table/table.h"

namespace {

namespace fs = std::filesystem;
using namespace pulmorad;

struct MergeOptions {
    std::vector<std::string> inputs;
    std::string output;
};

void runMerge(const MergeOptions& options) {
    std::error_code error;
    for (const std::string& input : options.inputs) {
        if (fs::exists(options.output, error) && fs::equivalent(options.output, input, error)) {
            throw InputError("--output '" + options.output + "' is an input file; choose another file name");
        }
    }

    // Columns: ID, then every diagnostics_* column, then the others, each in
    // first-seen order, so shards with differing diagnostics still line up.
    std::vector<table::Table> tables;
    std::vector<std::string> diagnosticColumns;
    std::vector<std::string> featureColumns;
    std::unordered_set<std::string> seenColumns;
    std::map<std::string, std::string> idSource;
    for (const std::string& input : options.inputs) {
        table::Table shard = table::Table::readCsv(input, {"ID"});
        for (const std::string& id : shard.ids()) {
            auto [position, inserted] = idSource.emplace(id, input);
            if (!inserted) {
                throw InputError("ID '" + id + "' appears in both " + position->second + " and " + input +
                                 "; each case must be in exactly one shard");
            }
        }
        for (const std::string& column : shard.dataColumnNames()) {
            if (seenColumns.insert(column).second) {
                (column.rfind("diagnostics_", 0) == 0 ? diagnosticColumns : featureColumns).push_back(column);
            }
        }
        spdlog::info("Read {}: {} case(s)", input, shard.rowCount());
        tables.push_back(std::move(shard));
    }

    std::vector<std::string> header{"ID"};
    header.insert(header.end(), diagnosticColumns.begin(), diagnosticColumns.end());
    header.insert(header.end(), featureColumns.begin(), featureColumns.end());
    table::CsvWriter writer(header);
    for (const table::Table& shard : tables) {
        for (std::size_t row = 0; row < shard.rowCount(); ++row) {
            writer.newRow().add(shard.ids()[row]);
            for (std::size_t column = 1; column < header.size(); ++column) {
                // Cells are copied as written, so numbers keep every digit.
                writer.add(shard.hasColumn(header[column]) ? shard.text(header[column])[row] : std::string());
            }
        }
    }
    writer.writeFile(options.output);
    spdlog::info("Wrote {} case(s) to {}", idSource.size(), options.output);
}

const cli::CommandRegistrar registrar(21, [](CLI::App& app) {
    auto options = std::make_shared<MergeOptions>();
    CLI::App* command = app.add_subcommand(
        "merge", "Join feature tables (e.g. the shards of pulmorad extract --shard) into one CSV");
    command->add_option("SHARDS", options->inputs, "Feature CSV files with an ID column")->required();
    command->add_option("-o,--output", options->output, "CSV file to write")->required();
    command->callback([options] { runMerge(*options); });
});

}  // namespace

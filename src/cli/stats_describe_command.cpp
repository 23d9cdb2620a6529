// `pulmorad stats describe`: the baseline table of a two-group clinical study.
// Categorical variables are shown as n (%) per group with a chi-square or
// Fisher's exact test. Continuous variables are shown as mean ± SD with
// Welch's t-test or as median (Q1, Q3) with the Wilcoxon rank-sum test, and
// Shapiro-Wilk decides between the two.

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/stats_command.h"
#include "common/errors.h"
#include "common/number_format.h"
#include "stats/clinical_tables.h"

namespace pulmorad::cli::stats_cli {
namespace {

using stats::VariableType;

struct DescribeOptions {
    CommonOptions common;
    std::string group;
    std::string typesFile;
};

/// Reads a types file: `column: type` or `column: {type: ..., unit: ...}`.
std::map<std::string, VariableType> readTypes(const std::string& path,
                                              std::map<std::string, std::string>& units) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& error) {
        throw InputError(path + ": cannot be read as YAML (" + std::string(error.what()) +
                         "); write one 'column: type' line per variable");
    }
    if (!root.IsMap()) {
        throw InputError(path + ": expected a mapping of column names to types, such as 'age: continuous'");
    }
    std::map<std::string, VariableType> types;
    for (const auto& entry : root) {
        const std::string column = entry.first.as<std::string>();
        const std::string where = path + ", column '" + column + "'";
        if (entry.second.IsScalar()) {
            types[column] = stats::parseVariableType(entry.second.as<std::string>(), where);
            continue;
        }
        if (!entry.second.IsMap() || !entry.second["type"]) {
            throw InputError(where +
                             ": give a type, either 'column: type' or 'column: {type: ..., unit: ...}'");
        }
        for (const auto& key : entry.second) {
            const std::string name = key.first.as<std::string>();
            if (name != "type" && name != "unit") {
                throw InputError(where + ": key '" + name + "' is unknown; use type and unit");
            }
        }
        types[column] = stats::parseVariableType(entry.second["type"].as<std::string>(), where);
        if (entry.second["unit"]) {
            units[column] = entry.second["unit"].as<std::string>();
        }
    }
    return types;
}

Cell optionalText(const std::optional<std::string>& text) {
    Cell cell;
    if (text) {
        cell.emplace<std::string>(*text);
    }
    return cell;
}

/// The describe table as one output section: display columns for pasting,
/// then machine-readable numbers.
Section toSection(const stats::ClinicalTableBuilder& builder, const std::string& group,
                  const std::vector<std::string>& groupLevels) {
    Section section;
    section.name = "table";
    section.columns = {"variable",
                       "level",
                       "type",
                       "summary",
                       "Overall (n=" + std::to_string(builder.patientCount()) + ")",
                       builder.groupLabel(0) + " (n=" + std::to_string(builder.groupSize(0)) + ")",
                       builder.groupLabel(1) + " (n=" + std::to_string(builder.groupSize(1)) + ")",
                       "p",
                       "test",
                       "p_value",
                       "statistic",
                       "missing"};
    for (const auto& prefix :
         {std::string("overall"), group + "_" + groupLevels[0], group + "_" + groupLevels[1]}) {
        section.columns.push_back(prefix + "_center");
        section.columns.push_back(prefix + "_spread_a");
        section.columns.push_back(prefix + "_spread_b");
    }
    for (const stats::ClinicalTableRow& row : builder.rows()) {
        std::vector<Cell> cells;
        cells.reserve(section.columns.size());
        cells.emplace_back(std::in_place_type<std::string>, row.label);
        cells.push_back(optionalText(row.level));
        cells.emplace_back(std::in_place_type<std::string>, stats::variableTypeName(row.type));
        cells.emplace_back(std::in_place_type<std::string>, row.summary);
        for (const auto& display : row.display) {
            cells.push_back(optionalText(display));
        }
        cells.push_back(optionalText(row.pDisplay));
        cells.push_back(optionalText(row.test));
        cells.emplace_back(std::in_place_type<double>, row.pValue);
        cells.emplace_back(std::in_place_type<double>, row.statistic);
        Cell missing;
        if (row.missing) {
            missing.emplace<long long>(*row.missing);
        }
        cells.push_back(missing);
        for (const auto& numbers : row.numbers) {
            for (const double value : numbers) {
                cells.emplace_back(std::in_place_type<double>, value);
            }
        }
        section.addRow(std::move(cells));
    }
    return section;
}

void runDescribe(const DescribeOptions& options) {
    const table::Table data = readInput(options.common);
    std::map<std::string, std::string> units;
    std::map<std::string, VariableType> declared;
    if (!options.typesFile.empty()) {
        declared = readTypes(options.typesFile, units);
        for (const auto& [column, type] : declared) {
            if (!data.hasColumn(column)) {
                throw InputError(options.typesFile + ": column '" + column + "' is not in " +
                                 data.sourceName() + "; correct the name or remove the line");
            }
        }
    }

    // The grouping column must have exactly two levels.
    std::vector<std::string> groupLevels = data.levels(options.group);
    stats::sortLevels(groupLevels);
    if (groupLevels.size() != 2) {
        throw InputError(data.sourceName() + ": group column '" + options.group + "' has " +
                         std::to_string(groupLevels.size()) +
                         " distinct values but describe compares exactly two groups; choose a binary column");
    }
    const CompleteCases cases = completeCases(data, {options.group}, "describe");

    ResultDocument document;
    document.analysis = "stats describe";
    document.source = options.common.data;
    document.notes.push_back(droppedNote("describe (rows without a group value)", cases, data.rowCount()));
    document.notes.push_back(
        "categorical: n (%) of non-missing values, chi-square (Yates for 2x2) or Fisher's exact test when an "
        "expected "
        "count is below 5; continuous: Shapiro-Wilk in each group, mean ± SD with Welch's t-test when both p "
        "> 0.05, "
        "otherwise median (Q1, Q3) with the Wilcoxon rank-sum test");

    stats::ClinicalTableBuilder builder(data, options.group, groupLevels, cases.rows);
    std::string inferred;
    for (const auto& column : data.dataColumnNames()) {
        if (column == options.group) {
            continue;
        }
        const auto found = declared.find(column);
        const VariableType type =
            found != declared.end() ? found->second : stats::inferVariableType(data, column, cases.rows);
        if (found == declared.end()) {
            inferred += (inferred.empty() ? "" : ", ") + column + " " + stats::variableTypeName(type);
        }
        if (type == VariableType::Skip) {
            continue;
        }
        const auto unit = units.find(column);
        const std::string label = unit == units.end() ? column : column + " (" + unit->second + ")";
        if (type == VariableType::Continuous) {
            builder.addContinuous(column, label, document.notes);
        } else {
            builder.addCategorical(column, type, label);
        }
    }
    if (!inferred.empty()) {
        document.notes.push_back("types inferred from the values (declare them with --types to override): " +
                                 inferred);
    }
    document.sections.push_back(toSection(builder, options.group, groupLevels));
    writeResult(document, options.common);
}

}  // namespace

void addDescribeCommand(CLI::App& stats) {
    auto options = std::make_shared<DescribeOptions>();
    CLI::App* command = stats.add_subcommand(
        "describe", "Baseline table by group: n (%) or mean ± SD / median (Q1, Q3) with p-values");
    addCommonOptions(*command, options->common);
    command->add_option("--group", options->group, "Column with the two groups to compare (such as ILD)")
        ->required();
    command
        ->add_option("--types", options->typesFile,
                     "YAML file of variable types: 'column: binary|categorical|continuous|skip' "
                     "or 'column: {type: ..., unit: ...}'")
        ->check(CLI::ExistingFile);
    command->callback([options] { runDescribe(*options); });
}

}  // namespace pulmorad::cli::stats_cli

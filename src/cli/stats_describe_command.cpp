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
#include "stats/descriptive.h"
#include "stats/tests.h"

namespace pulmorad::cli::stats_cli {
namespace {

enum class VariableType { Binary, Categorical, Continuous, Skip };

const char* typeName(VariableType type) {
    switch (type) {
        case VariableType::Binary:
            return "binary";
        case VariableType::Categorical:
            return "categorical";
        case VariableType::Continuous:
            return "continuous";
        case VariableType::Skip:
            return "skip";
    }
    return "";
}

// Shapiro-Wilk p-value at or below which a group counts as non-normal.
constexpr double kNormalityAlpha = 0.05;
// Expected count below which Fisher's exact test replaces chi-square.
constexpr double kMinimumExpected = 5.0;
// A text column with more distinct values than this is not a category.
constexpr std::size_t kMaximumTextLevels = 20;
// Integer-valued columns with at most this many distinct values are categorical.
constexpr std::size_t kMaximumIntegerLevels = 5;

struct DescribeOptions {
    CommonOptions common;
    std::string group;
    std::string typesFile;
};

VariableType parseType(const std::string& text, const std::string& where) {
    if (text == "binary") {
        return VariableType::Binary;
    }
    if (text == "categorical") {
        return VariableType::Categorical;
    }
    if (text == "continuous") {
        return VariableType::Continuous;
    }
    if (text == "skip") {
        return VariableType::Skip;
    }
    throw InputError(where + ": type '" + text + "' is unknown; use binary, categorical, continuous or skip");
}

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
            types[column] = parseType(entry.second.as<std::string>(), where);
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
        types[column] = parseType(entry.second["type"].as<std::string>(), where);
        if (entry.second["unit"]) {
            units[column] = entry.second["unit"].as<std::string>();
        }
    }
    return types;
}

/// Infers a column's type from its values (see the constants above).
VariableType inferType(const table::Table& data, const std::string& column,
                       const std::vector<std::size_t>& rows) {
    const auto& cells = data.text(column);
    std::set<std::string> textLevels;
    std::set<double> numbers;
    std::size_t numeric = 0;
    std::size_t present = 0;
    for (const std::size_t row : rows) {
        const std::string& cell = cells[row];
        if (table::isMissingCell(cell)) {
            continue;
        }
        ++present;
        double value = 0.0;
        if (parseDouble(cell, value)) {
            ++numeric;
            numbers.insert(value);
        } else {
            if (table::looksLikeCommaDecimal(cell)) {
                data.numeric(column);  // throws the comma-decimal error naming the column
            }
            textLevels.insert(cell);
        }
    }
    if (present == 0) {
        return VariableType::Skip;
    }
    if (numeric < present) {
        // Mostly numbers with a few text cells is a data-entry problem.
        if (numeric * 5 >= present * 4) {
            data.numeric(column);  // throws, naming the row and the text
        }
        if (textLevels.size() + numbers.size() > kMaximumTextLevels) {
            spdlog::warn(
                "describe: column '{}' has {} distinct text values, so it is left out; declare its type "
                "in --types to include it",
                column, textLevels.size() + numbers.size());
            return VariableType::Skip;
        }
        return textLevels.size() + numbers.size() == 2 ? VariableType::Binary : VariableType::Categorical;
    }
    if (numbers.size() <= 2 &&
        std::all_of(numbers.begin(), numbers.end(), [](double v) { return v == 0.0 || v == 1.0; })) {
        return VariableType::Binary;
    }
    const bool integers =
        std::all_of(numbers.begin(), numbers.end(), [](double v) { return v == std::round(v); });
    if (integers && numbers.size() <= kMaximumIntegerLevels) {
        return VariableType::Categorical;
    }
    return VariableType::Continuous;
}

/// Decimals for display: three significant digits of the typical value.
int displayDecimals(double typical) {
    const double magnitude = std::abs(typical);
    if (magnitude >= 100.0) {
        return 0;
    }
    if (magnitude >= 10.0) {
        return 1;
    }
    if (magnitude >= 1.0) {
        return 2;
    }
    return 3;
}

std::string fixed(double value, int decimals) {
    if (std::isnan(value)) {
        return "NA";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string displayP(double p) {
    if (std::isnan(p)) {
        return "";
    }
    if (p > 0.999) {
        return ">0.999";
    }
    return p < 0.001 ? "<0.001" : fixed(p, 3);
}

/// Sorts levels numerically when they are all numbers, else as text.
void sortLevels(std::vector<std::string>& levels) {
    const bool numeric = std::all_of(levels.begin(), levels.end(), [](const std::string& level) {
        double value = 0.0;
        return parseDouble(level, value);
    });
    if (numeric) {
        std::sort(levels.begin(), levels.end(), [](const std::string& a, const std::string& b) {
            double x = 0.0;
            double y = 0.0;
            parseDouble(a, x);
            parseDouble(b, y);
            return x < y;
        });
    } else {
        std::sort(levels.begin(), levels.end());
    }
}

/// Builds the describe table row by row.
class DescribeTable {
public:
    DescribeTable(const table::Table& data, std::string group, std::vector<std::string> groupLevels,
                  std::vector<std::size_t> rows)
        : data_(data),
          group_(std::move(group)),
          groupLevels_(std::move(groupLevels)),
          rows_(std::move(rows)) {
        const auto& groupCells = data_.text(group_);
        for (const std::size_t row : rows_) {
            groupIndex_.push_back(groupCells[row] == groupLevels_[0] ? 0 : 1);
        }
        groupSizes_[0] = static_cast<std::size_t>(std::count(groupIndex_.begin(), groupIndex_.end(), 0));
        groupSizes_[1] = rows_.size() - groupSizes_[0];

        section_.name = "table";
        section_.columns = {"variable",     "level", "type", "summary", overallHeader(), groupHeader(0),
                            groupHeader(1), "p",     "test", "p_value", "statistic",     "missing"};
        for (const auto& prefix : {std::string("overall"), machinePrefix(0), machinePrefix(1)}) {
            section_.columns.push_back(prefix + "_center");
            section_.columns.push_back(prefix + "_spread_a");
            section_.columns.push_back(prefix + "_spread_b");
        }
    }

    void addCategorical(const std::string& column, VariableType type, const std::string& label) {
        const auto& cells = data_.text(column);
        std::vector<std::string> levels;
        std::size_t missing = 0;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const std::string& cell = cells[rows_[i]];
            if (table::isMissingCell(cell)) {
                ++missing;
            } else if (std::find(levels.begin(), levels.end(), cell) == levels.end()) {
                levels.push_back(cell);
            }
        }
        sortLevels(levels);

        // counts[level][group]
        stats::CountTable counts(levels.size(), std::vector<double>(2, 0.0));
        std::array<double, 2> present = {0.0, 0.0};
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const std::string& cell = cells[rows_[i]];
            if (table::isMissingCell(cell)) {
                continue;
            }
            const auto level =
                static_cast<std::size_t>(std::find(levels.begin(), levels.end(), cell) - levels.begin());
            counts[level][groupIndex_[i]] += 1.0;
            present[groupIndex_[i]] += 1.0;
        }

        double pValue = std::nan("");
        double statistic = std::nan("");
        std::string test = "none (one level)";
        if (levels.size() >= 2 && present[0] > 0 && present[1] > 0) {
            const stats::ChiSquareResult chiSquare = stats::chiSquareTest(counts, true);
            if (chiSquare.minimumExpected < kMinimumExpected) {
                pValue = stats::fisherExactTest(counts).pValue;
                test = "Fisher exact";
            } else {
                pValue = chiSquare.pValue;
                statistic = chiSquare.statistic;
                test = chiSquare.yatesTerm > 0.0 ? "chi-square (Yates)" : "chi-square";
            }
        }

        const bool singleRow =
            type == VariableType::Binary && levels.size() == 2 && levels[0] == "0" && levels[1] == "1";
        auto levelCells = [&](std::size_t level) {
            std::vector<Cell> display;
            const double overallCount = counts[level][0] + counts[level][1];
            const double overallPresent = present[0] + present[1];
            display.push_back(countPercent(overallCount, overallPresent));
            display.push_back(countPercent(counts[level][0], present[0]));
            display.push_back(countPercent(counts[level][1], present[1]));
            return display;
        };
        auto machineCells = [&](std::size_t level) {
            std::vector<Cell> numbers;
            const double overallCount = counts[level][0] + counts[level][1];
            const double totals[3] = {present[0] + present[1], present[0], present[1]};
            const double values[3] = {overallCount, counts[level][0], counts[level][1]};
            for (int k = 0; k < 3; ++k) {
                numbers.push_back(values[k]);
                numbers.push_back(totals[k] > 0 ? 100.0 * values[k] / totals[k] : std::nan(""));
                numbers.push_back(Cell{});
            }
            return numbers;
        };

        if (singleRow) {
            std::vector<Cell> row = {label, levels[1], std::string(typeName(type)), std::string("n (%)")};
            append(row, levelCells(1));
            append(row, {displayP(pValue), test, pValue, statistic, static_cast<long long>(missing)});
            append(row, machineCells(1));
            section_.addRow(std::move(row));
            return;
        }
        std::vector<Cell> header = {label,
                                    Cell{},
                                    std::string(typeName(type)),
                                    std::string("n (%)"),
                                    Cell{},
                                    Cell{},
                                    Cell{},
                                    displayP(pValue),
                                    test,
                                    pValue,
                                    statistic,
                                    static_cast<long long>(missing)};
        header.resize(section_.columns.size());
        section_.addRow(std::move(header));
        for (std::size_t level = 0; level < levels.size(); ++level) {
            std::vector<Cell> row = {label, levels[level], std::string(typeName(type)), std::string("n (%)")};
            append(row, levelCells(level));
            append(row, {Cell{}, Cell{}, std::nan(""), std::nan(""), Cell{}});
            append(row, machineCells(level));
            section_.addRow(std::move(row));
        }
    }

    void addContinuous(const std::string& column, const std::string& label, std::vector<std::string>& notes) {
        const std::vector<double> values = data_.numeric(column);
        std::array<std::vector<double>, 2> byGroup;
        std::vector<double> overall;
        std::size_t missing = 0;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const double value = values[rows_[i]];
            if (std::isnan(value)) {
                ++missing;
                continue;
            }
            byGroup[groupIndex_[i]].push_back(value);
            overall.push_back(value);
        }

        // Normal in both groups (Shapiro-Wilk p > 0.05) -> mean ± SD and t-test.
        bool normal = true;
        std::string normality;
        for (int g = 0; g < 2; ++g) {
            double p = std::nan("");
            try {
                p = stats::shapiroWilk(byGroup[static_cast<std::size_t>(g)]).pValue;
            } catch (const InputError&) {
                // Fewer than 3 values or a constant group: not testable, so
                // summarise without assuming normality.
            }
            normal = normal && !std::isnan(p) && p > kNormalityAlpha;
            normality += (g == 0 ? "" : ", ") + groupLabel(g) + " " +
                         (std::isnan(p) ? "not testable" : formatDouble(p));
        }
        notes.push_back("describe: " + column + ": Shapiro-Wilk p " + normality + " -> " +
                        (normal ? "mean ± SD, Welch t-test" : "median (Q1, Q3), Wilcoxon rank-sum"));

        double pValue = std::nan("");
        double statistic = std::nan("");
        std::string test = "none (a group is empty)";
        const bool testable = byGroup[0].size() >= 2 && byGroup[1].size() >= 2;
        if (testable) {
            try {
                if (normal) {
                    const auto t = stats::tTest(byGroup[1], byGroup[0], false);
                    pValue = t.pValue;
                    statistic = t.t;
                    test = "Welch t-test";
                } else {
                    const auto w = stats::wilcoxonRankSum(byGroup[1], byGroup[0]);
                    pValue = w.pValue;
                    statistic = w.w;
                    test = w.exact ? "Wilcoxon rank-sum (exact)" : "Wilcoxon rank-sum";
                }
            } catch (const InputError& error) {
                test = std::string("none (") + error.what() + ")";
            }
        }

        const int decimals = displayDecimals(normal ? stats::mean(overall) : stats::median(overall));
        std::vector<Cell> row = {label, Cell{}, std::string("continuous"),
                                 std::string(normal ? "mean ± SD" : "median (Q1, Q3)")};
        std::vector<Cell> numbers;
        for (const std::vector<double>* sample : {&overall, &byGroup[0], &byGroup[1]}) {
            const stats::Summary summary = stats::summarize(*sample);
            if (sample->empty()) {
                row.push_back(std::string("NA"));
                numbers.insert(numbers.end(), {std::nan(""), std::nan(""), std::nan("")});
            } else if (normal) {
                row.push_back(fixed(summary.mean, decimals) + " ± " +
                              fixed(summary.standardDeviation, decimals));
                numbers.insert(numbers.end(), {summary.mean, summary.standardDeviation, Cell{}});
            } else {
                row.push_back(fixed(summary.median, decimals) + " (" +
                              fixed(summary.firstQuartile, decimals) + ", " +
                              fixed(summary.thirdQuartile, decimals) + ")");
                numbers.insert(numbers.end(), {summary.median, summary.firstQuartile, summary.thirdQuartile});
            }
        }
        append(row, {displayP(pValue), test, pValue, statistic, static_cast<long long>(missing)});
        append(row, numbers);
        section_.addRow(std::move(row));
    }

    Section take() { return std::move(section_); }

    std::string groupLabel(int g) const { return group_ + "=" + groupLevels_[static_cast<std::size_t>(g)]; }

private:
    static void append(std::vector<Cell>& row, const std::vector<Cell>& more) {
        row.insert(row.end(), more.begin(), more.end());
    }

    static Cell countPercent(double n, double total) {
        if (total == 0.0) {
            return std::string("0 (NA)");
        }
        return fixed(n, 0) + " (" + fixed(100.0 * n / total, 1) + "%)";
    }

    std::string overallHeader() const { return "Overall (n=" + std::to_string(rows_.size()) + ")"; }
    std::string groupHeader(int g) const {
        return groupLabel(g) + " (n=" + std::to_string(groupSizes_[static_cast<std::size_t>(g)]) + ")";
    }
    std::string machinePrefix(int g) const {
        return group_ + "_" + groupLevels_[static_cast<std::size_t>(g)];
    }

    const table::Table& data_;
    std::string group_;
    std::vector<std::string> groupLevels_;
    std::vector<std::size_t> rows_;
    std::vector<int> groupIndex_;
    std::array<std::size_t, 2> groupSizes_ = {0, 0};
    Section section_;
};

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
    sortLevels(groupLevels);
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

    DescribeTable builder(data, options.group, groupLevels, cases.rows);
    std::string inferred;
    for (const auto& column : data.dataColumnNames()) {
        if (column == options.group) {
            continue;
        }
        const auto found = declared.find(column);
        const VariableType type =
            found != declared.end() ? found->second : inferType(data, column, cases.rows);
        if (found == declared.end()) {
            inferred += (inferred.empty() ? "" : ", ") + column + " " + typeName(type);
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
    document.sections.push_back(builder.take());
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

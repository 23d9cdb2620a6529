#include "stats/clinical_tables.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "common/errors.h"
#include "common/number_format.h"
#include "stats/descriptive.h"
#include "stats/tests.h"

namespace pulmorad::stats {
namespace {

// Shapiro-Wilk p-value at or below which a group counts as non-normal.
constexpr double kNormalityAlpha = 0.05;
// Expected count below which Fisher's exact test replaces chi-square.
constexpr double kMinimumExpected = 5.0;
// A text column with more distinct values than this is not a category.
constexpr std::size_t kMaximumTextLevels = 20;
// Integer-valued columns with at most this many distinct values are categorical.
constexpr std::size_t kMaximumIntegerLevels = 5;

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

std::string countPercent(double n, double total) {
    if (total == 0.0) {
        return "0 (NA)";
    }
    return fixed(n, 0) + " (" + fixed(100.0 * n / total, 1) + "%)";
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

const char* variableTypeName(VariableType type) {
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

VariableType parseVariableType(const std::string& text, const std::string& where) {
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

VariableType inferVariableType(const table::Table& data, const std::string& column,
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

ClinicalTableBuilder::ClinicalTableBuilder(const table::Table& data, std::string group,
                                           std::vector<std::string> groupLevels,
                                           std::vector<std::size_t> rows)
    : data_(data),
      group_(std::move(group)),
      groupLevels_(std::move(groupLevels)),
      patients_(std::move(rows)) {
    const auto& groupCells = data_.text(group_);
    for (const std::size_t row : patients_) {
        groupIndex_.push_back(groupCells[row] == groupLevels_[0] ? 0 : 1);
    }
    groupSizes_[0] = static_cast<std::size_t>(std::count(groupIndex_.begin(), groupIndex_.end(), 0));
    groupSizes_[1] = patients_.size() - groupSizes_[0];
}

std::string ClinicalTableBuilder::groupLabel(int g) const {
    return group_ + "=" + groupLevels_[static_cast<std::size_t>(g)];
}

void ClinicalTableBuilder::addCategorical(const std::string& column, VariableType type,
                                          const std::string& label) {
    const auto& cells = data_.text(column);
    std::vector<std::string> levels;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < patients_.size(); ++i) {
        const std::string& cell = cells[patients_[i]];
        if (table::isMissingCell(cell)) {
            ++missing;
        } else if (std::find(levels.begin(), levels.end(), cell) == levels.end()) {
            levels.push_back(cell);
        }
    }
    sortLevels(levels);

    // counts[level][group]
    CountTable counts(levels.size(), std::vector<double>(2, 0.0));
    std::array<double, 2> present = {0.0, 0.0};
    for (std::size_t i = 0; i < patients_.size(); ++i) {
        const std::string& cell = cells[patients_[i]];
        if (table::isMissingCell(cell)) {
            continue;
        }
        const auto level =
            static_cast<std::size_t>(std::find(levels.begin(), levels.end(), cell) - levels.begin());
        const auto g = static_cast<std::size_t>(groupIndex_[i]);
        counts[level][g] += 1.0;
        present[g] += 1.0;
    }

    double pValue = kNaN;
    double statistic = kNaN;
    std::string test = levels.size() < 2 ? "none (one level observed)" : "none (a group has no values)";
    if (levels.size() >= 2 && present[0] > 0 && present[1] > 0) {
        const ChiSquareResult chiSquare = chiSquareTest(counts, true);
        if (chiSquare.minimumExpected < kMinimumExpected) {
            pValue = fisherExactTest(counts).pValue;
            test = "Fisher exact";
        } else {
            pValue = chiSquare.pValue;
            statistic = chiSquare.statistic;
            test = chiSquare.yatesTerm > 0.0 ? "chi-square (Yates)" : "chi-square";
        }
    }

    auto levelRow = [&](std::size_t level) {
        ClinicalTableRow row;
        row.column = column;
        row.label = label;
        row.level = levels[level];
        row.type = type;
        row.summary = "n (%)";
        const double values[3] = {counts[level][0] + counts[level][1], counts[level][0], counts[level][1]};
        const double totals[3] = {present[0] + present[1], present[0], present[1]};
        for (std::size_t k = 0; k < 3; ++k) {
            row.display[k] = countPercent(values[k], totals[k]);
            row.numbers[k] = {values[k], totals[k] > 0 ? 100.0 * values[k] / totals[k] : kNaN, kNaN};
        }
        row.pValue = kNaN;
        row.statistic = kNaN;
        return row;
    };

    // A 0/1 variable gets one row, for its level 1, even when only one of its
    // levels occurs in these patients. An all-0 variable then shows 0 (0.0%),
    // as gtsummary's dichotomous rows do, and its test is "none".
    const bool zeroOne = type == VariableType::Binary && !levels.empty() &&
                         std::all_of(levels.begin(), levels.end(),
                                     [](const std::string& level) { return level == "0" || level == "1"; });
    if (zeroOne && levels.size() == 1 && levels[0] == "0") {
        levels.push_back("1");
        counts.push_back({0.0, 0.0});
    }
    if (zeroOne) {
        ClinicalTableRow row = levelRow(levels.size() - 1);
        row.pDisplay = displayP(pValue);
        row.test = test;
        row.pValue = pValue;
        row.statistic = statistic;
        row.missing = static_cast<long long>(missing);
        rows_.push_back(std::move(row));
        return;
    }
    ClinicalTableRow header;
    header.column = column;
    header.label = label;
    header.type = type;
    header.summary = "n (%)";
    header.pDisplay = displayP(pValue);
    header.test = test;
    header.pValue = pValue;
    header.statistic = statistic;
    header.missing = static_cast<long long>(missing);
    for (auto& numbers : header.numbers) {
        numbers = {kNaN, kNaN, kNaN};
    }
    header.headerRow = true;
    rows_.push_back(std::move(header));
    for (std::size_t level = 0; level < levels.size(); ++level) {
        rows_.push_back(levelRow(level));
    }
}

void ClinicalTableBuilder::addContinuous(const std::string& column, const std::string& label,
                                         std::vector<std::string>& notes) {
    const std::vector<double> values = data_.numeric(column);
    std::array<std::vector<double>, 2> byGroup;
    std::vector<double> overall;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < patients_.size(); ++i) {
        const double value = values[patients_[i]];
        if (std::isnan(value)) {
            ++missing;
            continue;
        }
        byGroup[static_cast<std::size_t>(groupIndex_[i])].push_back(value);
        overall.push_back(value);
    }

    // Normal in both groups (Shapiro-Wilk p > 0.05) -> mean ± SD and t-test.
    bool normal = true;
    std::string normality;
    for (int g = 0; g < 2; ++g) {
        double p = kNaN;
        try {
            p = shapiroWilk(byGroup[static_cast<std::size_t>(g)]).pValue;
        } catch (const InputError&) {
            // Fewer than 3 values or a constant group: not testable, so
            // summarise without assuming normality.
        }
        normal = normal && !std::isnan(p) && p > kNormalityAlpha;
        normality +=
            (g == 0 ? "" : ", ") + groupLabel(g) + " " + (std::isnan(p) ? "not testable" : formatDouble(p));
    }
    notes.push_back("describe: " + column + ": Shapiro-Wilk p " + normality + " -> " +
                    (normal ? "mean ± SD, Welch t-test" : "median (Q1, Q3), Wilcoxon rank-sum"));

    double pValue = kNaN;
    double statistic = kNaN;
    std::string test = "none (a group is empty)";
    const bool testable = byGroup[0].size() >= 2 && byGroup[1].size() >= 2;
    if (testable) {
        try {
            if (normal) {
                const auto t = tTest(byGroup[1], byGroup[0], false);
                pValue = t.pValue;
                statistic = t.t;
                test = "Welch t-test";
            } else {
                const auto w = wilcoxonRankSum(byGroup[1], byGroup[0]);
                pValue = w.pValue;
                statistic = w.w;
                test = w.exact ? "Wilcoxon rank-sum (exact)" : "Wilcoxon rank-sum";
            }
        } catch (const InputError& error) {
            test = std::string("none (") + error.what() + ")";
        }
    }

    const int decimals = displayDecimals(normal ? mean(overall) : median(overall));
    ClinicalTableRow row;
    row.column = column;
    row.label = label;
    row.type = VariableType::Continuous;
    row.summary = normal ? "mean ± SD" : "median (Q1, Q3)";
    row.normal = normal;
    const std::vector<double>* samples[3] = {&overall, &byGroup[0], &byGroup[1]};
    for (std::size_t k = 0; k < 3; ++k) {
        const std::vector<double>& sample = *samples[k];
        const Summary summary = summarize(sample);
        if (sample.empty()) {
            row.display[k] = std::string("NA");
            row.numbers[k] = {kNaN, kNaN, kNaN};
        } else if (normal) {
            row.display[k] =
                fixed(summary.mean, decimals) + " ± " + fixed(summary.standardDeviation, decimals);
            row.numbers[k] = {summary.mean, summary.standardDeviation, kNaN};
        } else {
            row.display[k] = fixed(summary.median, decimals) + " (" + fixed(summary.firstQuartile, decimals) +
                             ", " + fixed(summary.thirdQuartile, decimals) + ")";
            row.numbers[k] = {summary.median, summary.firstQuartile, summary.thirdQuartile};
        }
    }
    row.pDisplay = displayP(pValue);
    row.test = test;
    row.pValue = pValue;
    row.statistic = statistic;
    row.missing = static_cast<long long>(missing);
    rows_.push_back(std::move(row));
}

}  // namespace pulmorad::stats

#pragma once

// The baseline tables of a two-group clinical study (the study's Tables 2
// and 3). Categorical variables are shown as n (%) per group, tested with
// chi-square or Fisher's exact test. Continuous variables are shown as
// mean ± SD with Welch's t-test, or as median (Q1, Q3) with the Wilcoxon
// rank-sum test; Shapiro-Wilk in each group decides between the two.
// `pulmorad stats describe` and `pulmorad study` share this code.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "table/table.h"

namespace pulmorad::stats {

enum class VariableType { Binary, Categorical, Continuous, Skip };

/// "binary", "categorical", "continuous" or "skip".
const char* variableTypeName(VariableType type);

/// Parses a type name; throws InputError naming `where` for anything else.
VariableType parseVariableType(const std::string& text, const std::string& where);

/// Infers a column's type from its values on `rows`. Values 0/1, or two text
/// levels, make it binary. Up to 20 text levels, or at most 5 distinct
/// integers, make it categorical. Other numbers make it continuous. A column
/// with no value, or with more than 20 text levels, is skipped with a WARNING.
VariableType inferVariableType(const table::Table& data, const std::string& column,
                               const std::vector<std::size_t>& rows);

/// Sorts levels numerically when they are all numbers, else as text.
void sortLevels(std::vector<std::string>& levels);

/// One row of a baseline table. A display text is empty where the row has no
/// such cell, and a number is NaN where it does not exist.
struct ClinicalTableRow {
    std::string column;  ///< the table column analysed
    std::string label;   ///< column, with " (unit)" when a unit is known
    std::optional<std::string> level;
    VariableType type = VariableType::Continuous;
    std::string summary;                                ///< "n (%)", "mean ± SD" or "median (Q1, Q3)"
    std::array<std::optional<std::string>, 3> display;  ///< overall, group 0, group 1
    std::optional<std::string> pDisplay;
    std::optional<std::string> test;
    double pValue = 0.0;
    double statistic = 0.0;
    std::optional<long long> missing;
    /// Numbers for overall, group 0 and group 1. A level row contains (count,
    /// percent, NaN). A continuous row contains (mean, SD, NaN) or (median,
    /// Q1, Q3). A categorical variable's header row contains NaN only.
    std::array<std::array<double, 3>, 3> numbers{};
    bool headerRow = false;  ///< the first row of a categorical variable with several levels
    bool normal = false;     ///< continuous: summarised as mean ± SD
};

/// Builds the rows of a baseline table of `rows` of `data`, split by the
/// two levels of `group` (groupLevels[0] is group 0).
class ClinicalTableBuilder {
public:
    ClinicalTableBuilder(const table::Table& data, std::string group, std::vector<std::string> groupLevels,
                         std::vector<std::size_t> rows);

    /// Adds a binary or categorical variable. A 0/1 variable gets one row, for
    /// level 1, even when only one level occurs. Any other variable gets a
    /// header row with the test, then one row per level. With one level only,
    /// the test is "none (one level observed)" and the p-value is NaN.
    void addCategorical(const std::string& column, VariableType type, const std::string& label);

    /// Adds a continuous variable; appends the normality decision to `notes`.
    void addContinuous(const std::string& column, const std::string& label, std::vector<std::string>& notes);

    const std::vector<ClinicalTableRow>& rows() const { return rows_; }
    std::size_t groupSize(int g) const { return groupSizes_[static_cast<std::size_t>(g)]; }
    std::size_t patientCount() const { return patients_.size(); }
    /// "group=level" of group g.
    std::string groupLabel(int g) const;

private:
    const table::Table& data_;
    std::string group_;
    std::vector<std::string> groupLevels_;
    std::vector<std::size_t> patients_;
    std::vector<int> groupIndex_;
    std::array<std::size_t, 2> groupSizes_ = {0, 0};
    std::vector<ClinicalTableRow> rows_;
};

}  // namespace pulmorad::stats

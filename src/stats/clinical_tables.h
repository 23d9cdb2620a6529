#pragma once

// The baseline tables of a two-group clinical study (the study's Tables 2
// and 3): categorical variables as n (%) per group with a chi-square or
// Fisher's exact test; continuous variables as mean ± SD with Welch's t-test
// or median (Q1, Q3) with the Wilcoxon rank-sum test, Shapiro-Wilk deciding
// between the two. `pulmorad stats describe` and `pulmorad study` share it.

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

/// Infers a column's type from its values on `rows`: 0/1 -> binary; two text
/// levels -> binary; a few text levels or at most 5 distinct integers ->
/// categorical; other numbers -> continuous; no value, or more than 20 text
/// levels -> skip (with a WARNING).
VariableType inferVariableType(const table::Table& data, const std::string& column,
                               const std::vector<std::size_t>& rows);

/// Sorts levels numerically when they are all numbers, else as text.
void sortLevels(std::vector<std::string>& levels);

/// One row of a baseline table. Display texts are empty optionals where the
/// row has no such cell; numbers are NaN where they do not exist.
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
    /// Per overall, group 0, group 1: (count, percent, NaN) for a level row;
    /// (mean, SD, NaN) or (median, Q1, Q3) for a continuous row; NaN on a
    /// categorical variable's header row.
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

    /// Adds a binary or categorical variable: one row for a 0/1 variable,
    /// otherwise a header row with the test and one row per level.
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

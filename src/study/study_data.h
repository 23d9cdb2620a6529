#pragma once

// Internal pieces of the study pipeline shared by its source files.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "learn/split.h"
#include "study/config.h"
#include "table/table.h"

namespace pulmorad::study {

/// The patients of the study after joining the inputs by ID, in the order
/// of the clinical table (else the feature table).
struct Cohort {
    std::vector<std::string> ids;
    std::vector<int> outcome;
    std::optional<table::Table> clinical;
    std::vector<std::size_t> clinicalRows;  ///< row of each patient in the clinical table
    std::optional<table::Table> features;
    std::vector<std::size_t> featureRows;
    std::vector<std::string> featureNames;
    bool idsGenerated = false;
    nlohmann::json joinCounts = nlohmann::json::object();
};

/// Reads the tables named by `config` (the feature table may come from a
/// cohort extraction into `workFolder`), joins them by ID, checks the
/// outcome and fills in the clinical variables (types inferred when the
/// config lists none). Every problem is an InputError naming the file.
Cohort loadCohort(StudyConfig& config, const std::filesystem::path& workFolder);

/// A clinical variable coded for logistic regression: one design column per
/// model term, NaN where the cell is missing.
struct CodedVariable {
    /// Term names as R's glm names them: the variable itself, or for a factor
    /// the variable followed by each non-reference level (such as myositis_typeDM).
    std::vector<std::string> terms;
    std::vector<std::vector<double>> columns;  ///< per term, per patient
    /// A factor's levels in R's factor() order, the first being the reference;
    /// empty for a variable that enters as one column.
    std::vector<std::string> levels;

    bool isFactor() const { return !levels.empty(); }
};

/// Codes a clinical variable for logistic regression. A binary variable is
/// coded 0/1 in sorted level order, and a continuous one, or a categorical one
/// with two numeric levels, enters as its number. Any other categorical variable
/// (three or more levels, or text levels) becomes a factor with treatment
/// (dummy) coding against its first level, levels sorted as R's factor() sorts
/// them: numerically for numbers, else by byte order as in the C locale.
/// Throws InputError for a continuous variable with text cells.
CodedVariable codeVariable(const Cohort& cohort, const VariableSpec& spec);

/// JSON number, null when not finite.
inline nlohmann::json number(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace pulmorad::study

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

/// A clinical variable coded for logistic regression: NaN where missing;
/// binary levels coded 0/1 in sorted order; numeric categories as numbers.
/// Empty (with `why` set) when the variable cannot enter a regression.
std::vector<double> codedVariable(const Cohort& cohort, const VariableSpec& spec, std::string& why);

/// JSON number, null when not finite.
inline nlohmann::json number(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace pulmorad::study

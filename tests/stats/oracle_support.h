#pragma once

// Helpers for the tests that compare with the R 4.2.2 / scikit-learn 1.2.1
// reference values ("oracles") in the shared reference folder.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::test {

// Tolerances required of every comparison with R: estimates within 1e-8
// relative, p-values within 1e-6 relative.
inline constexpr double kEstimateTolerance = 1e-8;
inline constexpr double kPValueTolerance = 1e-6;

inline nlohmann::json loadOracle(const std::string& name) {
    std::ifstream stream(referencePath("oracles/expected/" + name));
    return nlohmann::json::parse(stream);
}

inline table::Table loadOracleTable(const std::string& name) {
    return table::Table::readCsv(referencePath("oracles/" + name));
}

/// Reads the vectors of data/vectors.csv (long format vector,i,value) by name.
inline std::map<std::string, std::vector<double>> loadOracleVectors() {
    const table::Table table = loadOracleTable("data/vectors.csv");
    const auto& names = table.text("vector");
    const std::vector<double> values = table.numeric("value");
    std::map<std::string, std::vector<double>> vectors;
    for (std::size_t row = 0; row < names.size(); ++row) {
        vectors[names[row]].push_back(values[row]);
    }
    return vectors;
}

/// JSON number, or the strings "Inf"/"-Inf"/"NaN" the oracles use.
inline double jsonNumber(const nlohmann::json& value) {
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        if (text == "Inf") {
            return INFINITY;
        }
        if (text == "-Inf") {
            return -INFINITY;
        }
        return NAN;
    }
    if (value.is_null()) {
        return NAN;
    }
    return value.get<double>();
}

/// Relative comparison |actual - expected| <= tolerance |expected|.
inline void expectRelative(double actual, double expected, double tolerance, const std::string& label) {
    if (std::isinf(expected)) {
        EXPECT_EQ(actual, expected) << label;
        return;
    }
    EXPECT_NEAR(actual, expected, tolerance * std::abs(expected)) << label;
}

/// Rows of the oracle table where `groupColumn` equals `group`, from `column`.
inline std::vector<double> columnWhere(const table::Table& table, const std::string& column,
                                       const std::string& groupColumn, double group) {
    const std::vector<double> values = table.numeric(column);
    const std::vector<double> groups = table.numeric(groupColumn);
    std::vector<double> selected;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (groups[i] == group && !std::isnan(values[i])) {
            selected.push_back(values[i]);
        }
    }
    return selected;
}

}  // namespace pulmorad::test

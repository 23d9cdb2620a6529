#pragma once

// Loading helpers for the R / scikit-learn reference outputs used by the
// learn tests.

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::learn::testing {

inline nlohmann::json readOracle(const std::string& name) {
    return nlohmann::json::parse(
        pulmorad::test::readFile(pulmorad::test::referencePath("oracles/expected/" + name)));
}

inline pulmorad::table::Table readOracleData(const std::string& name) {
    return pulmorad::table::Table::readCsv(pulmorad::test::referencePath("oracles/data/" + name));
}

/// Columns of `table` as an n x p matrix, in the order given.
inline Eigen::MatrixXd columnsAsMatrix(const pulmorad::table::Table& table,
                                       const std::vector<std::string>& columns) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(table.rowCount()), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
        const std::vector<double> values = table.numeric(columns[j]);
        for (std::size_t i = 0; i < values.size(); ++i) {
            x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i];
        }
    }
    return x;
}

inline std::vector<int> labelColumn(const pulmorad::table::Table& table, const std::string& column) {
    std::vector<int> labels;
    for (const double value : table.numeric(column)) {
        labels.push_back(static_cast<int>(value));
    }
    return labels;
}

/// Rows `rows` of `x`.
inline Eigen::MatrixXd selectRows(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out.row(static_cast<Eigen::Index>(r)) = x.row(static_cast<Eigen::Index>(rows[r]));
    }
    return out;
}

/// Z-scores `x` with the given means and SDs, elementwise (x - mean) / sd.
inline Eigen::MatrixXd zscore(const Eigen::MatrixXd& x, const std::vector<double>& means,
                              const std::vector<double>& sds) {
    Eigen::MatrixXd z(x.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            z(i, j) = (x(i, j) - means[static_cast<std::size_t>(j)]) / sds[static_cast<std::size_t>(j)];
        }
    }
    return z;
}

}  // namespace pulmorad::learn::testing

#include "learn/scaling.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace pulmorad::learn {

double accurateMean(const Eigen::Ref<const Eigen::VectorXd>& values) {
    const auto n = static_cast<double>(values.size());
    double sum = 0.0;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        sum += values[i];
    }
    const double first = sum / n;
    double residual = 0.0;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        residual += values[i] - first;
    }
    return first + residual / n;
}

Standardizer::Standardizer(std::vector<double> means, std::vector<double> standardDeviations)
    : means_(std::move(means)), standardDeviations_(std::move(standardDeviations)) {
    if (means_.size() != standardDeviations_.size()) {
        throw std::invalid_argument("Standardizer: means and SDs differ in length");
    }
}

Standardizer Standardizer::fit(const Eigen::MatrixXd& training, ScaleKind kind) {
    const Eigen::Index n = training.rows();
    if (n < 2) {
        throw std::invalid_argument("Standardizer::fit needs at least 2 rows");
    }
    std::vector<double> means(static_cast<std::size_t>(training.cols()));
    std::vector<double> sds(means.size());
    const double divisor = kind == ScaleKind::SampleSd ? static_cast<double>(n - 1) : static_cast<double>(n);
    for (Eigen::Index j = 0; j < training.cols(); ++j) {
        const double mean = accurateMean(training.col(j));
        double sumSquares = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const double deviation = training(i, j) - mean;
            sumSquares += deviation * deviation;
        }
        means[static_cast<std::size_t>(j)] = mean;
        sds[static_cast<std::size_t>(j)] = std::sqrt(sumSquares / divisor);
    }
    return Standardizer(std::move(means), std::move(sds));
}

Eigen::MatrixXd Standardizer::transform(const Eigen::MatrixXd& rows) const {
    if (static_cast<std::size_t>(rows.cols()) != means_.size()) {
        throw std::invalid_argument("Standardizer::transform: column count differs from the fitted data");
    }
    Eigen::MatrixXd z(rows.rows(), rows.cols());
    for (Eigen::Index j = 0; j < rows.cols(); ++j) {
        const double mean = means_[static_cast<std::size_t>(j)];
        const double sd = standardDeviations_[static_cast<std::size_t>(j)];
        for (Eigen::Index i = 0; i < rows.rows(); ++i) {
            z(i, j) = sd > 0.0 ? (rows(i, j) - mean) / sd : 0.0;
        }
    }
    return z;
}

}  // namespace pulmorad::learn

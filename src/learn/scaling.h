#pragma once

#include <Eigen/Dense>

#include <vector>

namespace pulmorad::learn {

/// Standard deviation that z-scoring divides by.
enum class ScaleKind {
    SampleSd,      ///< \f$ s = \sqrt{\sum_i (x_i-\bar x)^2/(n-1)} \f$, as R's scale()
    PopulationSd,  ///< \f$ \sigma = \sqrt{\sum_i (x_i-\bar x)^2/n} \f$, as scikit-learn's StandardScaler
};

/// Z-scoring fitted on the training rows only and applied unchanged to any
/// later rows: \f$ z_{ij} = (x_{ij} - \bar x_j) / s_j \f$.
class Standardizer {
public:
    /// Estimates column means and SDs from `training` (rows = patients).
    /// A constant column gets SD 0, and transform() then writes 0 for it.
    static Standardizer fit(const Eigen::MatrixXd& training, ScaleKind kind);

    /// Builds a standardizer from known means and SDs.
    Standardizer(std::vector<double> means, std::vector<double> standardDeviations);

    Eigen::MatrixXd transform(const Eigen::MatrixXd& rows) const;

    const std::vector<double>& means() const { return means_; }
    const std::vector<double>& standardDeviations() const { return standardDeviations_; }

private:
    std::vector<double> means_;
    std::vector<double> standardDeviations_;
};

/// Column mean as R's mean(): the plain sum divided by n, then corrected by
/// the mean residual, which removes most of the rounding of the first pass.
double accurateMean(const Eigen::Ref<const Eigen::VectorXd>& values);

}  // namespace pulmorad::learn

#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <span>
#include <vector>

namespace pulmorad::learn {

/// Score that combines relevance and redundancy in mRMR.
enum class MrmrScheme {
    Difference,  ///< MID: relevance - mean redundancy
    Quotient,    ///< MIQ: relevance / mean redundancy
};

/// One greedy step of mRMR.
struct MrmrStep {
    std::size_t selected = 0;
    double relevance = 0.0;
    double meanRedundancy = 0.0;  ///< NaN at the first step
    double score = 0.0;
    std::vector<double> candidateScores;  ///< per feature; NaN for features already selected
};

struct MrmrResult {
    std::vector<double> relevance;     ///< \f$ I(x_j; y) \f$ per feature
    Eigen::MatrixXd redundancy;        ///< \f$ I(x_i; x_j) \f$, diagonal NaN
    std::vector<std::size_t> ranking;  ///< columns in selection order
    std::vector<MrmrStep> steps;
};

/// Ranks features by minimum redundancy - maximum relevance with the
/// Gaussian mutual-information estimate that R's mRMRe uses for continuous
/// variables,
/// \f[ I(\rho) = -\tfrac12 \ln(1-\rho^2), \f]
/// where \f$ \rho \f$ is Pearson's correlation (with the 0/1 outcome for
/// relevance, between features for redundancy). The first feature has the
/// largest relevance. Each later step picks the unselected feature c with
/// the largest \f$ I(c;y) - \bar I(c;S) \f$ (MID) or \f$ I(c;y) / \bar I(c;S) \f$
/// (MIQ). Here \f$ \bar I(c;S) \f$ is the mean redundancy of c with the
/// selected set S. Ties go to the lower column index. Every feature is ranked.
MrmrResult rankMrmr(const Eigen::MatrixXd& x, std::span<const int> y, MrmrScheme scheme);

}  // namespace pulmorad::learn

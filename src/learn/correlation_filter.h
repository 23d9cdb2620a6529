#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace pulmorad::learn {

enum class CorrelationMethod { Pearson, Spearman };

/// Settings of the redundancy filter.
struct CorrelationFilterOptions {
    /// A pair is redundant when |r| exceeds this value (strictly).
    double threshold = 0.90;
    /// A feature counts as normal when its Shapiro-Wilk p-value exceeds this (strictly).
    double normalityAlpha = 0.05;
};

/// Decision of the filter on one feature pair.
struct PairDecision {
    enum class Status { BelowThreshold, SkippedAlreadyDropped, Dropped };
    std::size_t first = 0;   ///< lower column index
    std::size_t second = 0;  ///< higher column index
    CorrelationMethod method = CorrelationMethod::Spearman;
    double r = 0.0;
    Status status = Status::BelowThreshold;
    std::optional<std::size_t> dropped;  ///< column dropped by this pair
};

struct CorrelationFilterResult {
    std::vector<double> shapiroWilkP;        ///< per feature (NaN when the test could not run)
    std::vector<bool> normal;                ///< per feature
    std::vector<double> outcomeCorrelation;  ///< signed r with the outcome, per feature
    std::vector<CorrelationMethod> outcomeMethod;
    std::vector<PairDecision> pairs;  ///< every pair, in processing order
    std::vector<std::size_t> droppedInOrder;
    std::vector<std::size_t> survivors;  ///< kept columns, ascending
};

/// Removes redundant features. Each feature is tested for normality with
/// Shapiro-Wilk. A pair is compared by Pearson's r when both features are
/// normal and by Spearman's rho (average ranks for ties) otherwise. A
/// feature's association with the 0/1 outcome is the point-biserial
/// (Pearson) r when it is normal and Spearman's rho otherwise. The pairs are
/// processed by decreasing |r| (ties by column indices); for a pair with
/// |r| > threshold whose features are both still kept, the feature with the
/// smaller |association with the outcome| is dropped, the later column when
/// the two are exactly equal.
///
/// `x` contains the training rows only (n x p, no missing values, no constant
/// column). A feature whose Shapiro-Wilk test cannot run (n > 5000) counts as
/// not normal.
CorrelationFilterResult filterCorrelatedFeatures(const Eigen::MatrixXd& x, std::span<const int> y,
                                                 const CorrelationFilterOptions& options = {});

}  // namespace pulmorad::learn

#pragma once

// Groups of patients by predicted risk, for the grouped points of a
// calibration plot.

#include <cstddef>
#include <vector>

namespace pulmorad::stats {

/// One group of patients with similar predicted risk.
struct RiskGroup {
    double predicted = 0.0;  // mean predicted probability
    double observed = 0.0;   // proportion of outcome 1
    std::size_t n = 0;
};

/// Splits patients into at most `groupCount` groups of near-equal size by
/// quantiles of `predicted`, never splitting a tie: every patient with the
/// same predicted value lands in the same group. Group k (k = 1..g) ends at
/// the smallest distinct prediction whose cumulative count reaches k n / g,
/// the quantile cut points of Hmisc's cut2(x, g); a tie run that covers
/// several cut points merges their groups, so fewer than `groupCount` groups
/// can result. Groups are in ascending order of prediction. Throws
/// std::invalid_argument when the vectors differ in length or `groupCount`
/// is 0; returns no groups for no patients.
std::vector<RiskGroup> riskGroups(const std::vector<double>& predicted, const std::vector<double>& outcome,
                                  std::size_t groupCount);

}  // namespace pulmorad::stats

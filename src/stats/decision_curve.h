#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pulmorad::stats {

/// Net benefit over a grid of threshold probabilities \f$p_t\f$ (Vickers and
/// Elkin 2006). A patient is treated when \f$p \ge p_t\f$:
/// \f[ NB = \frac{TP}{n} - \frac{FP}{n}\,\frac{p_t}{1-p_t}, \qquad
///     NB_{all} = \pi - (1-\pi)\frac{p_t}{1-p_t}, \qquad NB_{none} = 0. \f]
struct DecisionCurve {
    std::vector<double> thresholds;
    std::vector<std::size_t> truePositives;
    std::vector<std::size_t> falsePositives;
    std::vector<double> netBenefit;
    std::vector<double> netBenefitTreatAll;
    std::vector<double> netBenefitTreatNone;
    double prevalence = 0.0;
    /// Percentile bootstrap CI of netBenefit (empty without a bootstrap).
    std::vector<double> netBenefitLow;
    std::vector<double> netBenefitHigh;
};

/// Computes the decision curve. Thresholds must lie in (0, 1).
DecisionCurve decisionCurve(std::span<const double> probabilities, std::span<const double> outcome,
                            std::span<const double> thresholds);

/// As decisionCurve, plus 95% percentile CIs (type-7 quantiles 0.025 and
/// 0.975) from `resamples` bootstrap samples, deterministic for a seed at
/// any thread count.
DecisionCurve decisionCurveWithBootstrap(std::span<const double> probabilities,
                                         std::span<const double> outcome, std::span<const double> thresholds,
                                         std::size_t resamples, std::uint64_t seed);

/// Parses a grid "FROM:TO:STEP" such as 0.01:0.99:0.01. Thresholds are
/// computed as integers over a power of ten (k/100 for the example), so they
/// equal R's (1:99)/100 exactly. Throws InputError for a malformed grid.
std::vector<double> parseThresholdGrid(const std::string& text);

}  // namespace pulmorad::stats

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace pulmorad::stats {

/// R's lowess (Cleveland 1979, clowess) with span `f`, `iterations`
/// robustness steps and interpolation distance `delta`. Returns the smoothed
/// values at the x values sorted ascending (stable for ties); `sortedX`
/// receives the sorted x. A negative delta means R's default 0.01 * range(x).
std::vector<double> lowess(std::span<const double> x, std::span<const double> y, std::vector<double>& sortedX,
                           double f = 2.0 / 3.0, int iterations = 3, double delta = -1.0);

/// Statistics of rms::val.prob(p, y): validation of predicted probabilities.
struct ValProbResult {
    std::size_t n = 0;
    double dxy = 0.0;  ///< Somers' D = 2 (C - 0.5), from the exact concordance
    double c = 0.0;    ///< exact concordance (AUC), ties 1/2
    double r2 = 0.0;   ///< Nagelkerke R2 of the fixed model logit(p)
    double d = 0.0;    ///< discrimination index (LR - 1) / n
    double dChiSquare = 0.0;
    double u = 0.0;  ///< unreliability index (U chi2 - 2) / n
    double uChiSquare = 0.0;
    double uPValue = 0.0;
    double q = 0.0;          ///< quality index D - U
    double brier = 0.0;      ///< mean (p - y)^2
    double intercept = 0.0;  ///< recalibration y ~ a + b logit(p)
    double slope = 0.0;
    double emax = 0.0;  ///< max |p - lowess calibration|
    double e90 = 0.0;   ///< 0.9 type-7 quantile of |p - lowess calibration|
    double eavg = 0.0;  ///< mean |p - lowess calibration|
    double spiegelhalterZ = 0.0;
    double spiegelhalterP = 0.0;
    std::vector<double> smoothedCalibration;  ///< lowess calibration at each p (input order)
};

/// Computes val.prob statistics. `probabilities` strictly inside (0, 1),
/// `outcome` 0/1 with both classes; InputError otherwise.
ValProbResult valProb(std::span<const double> probabilities, std::span<const double> outcome);

/// Predictions from a model refitted on a bootstrap sample: for the rows of
/// the sample (in sample order) and for every original row.
struct BootstrapPredictions {
    std::vector<double> onSample;
    std::vector<double> onOriginal;
};

/// Refits a model on the rows listed (with repeats) and predicts. Empty
/// predictions decline the resample (a refit that failed, for example with
/// separation), which is then left out of the optimism as rms::calibrate does.
using ModelRefit = std::function<BootstrapPredictions(const std::vector<std::size_t>& sampleRows)>;

/// Bias-corrected calibration curve in the manner of rms::calibrate: the
/// calibration curve is lowess(p, y, iter = 0) evaluated on a grid of
/// predicted probabilities; its optimism is the mean over B bootstrap
/// samples of (apparent curve on the sample - curve of the sample's model on
/// the original data); corrected = apparent - optimism.
struct CalibrationCurve {
    std::vector<double> predicted;    ///< grid of predicted probabilities
    std::vector<double> apparent;     ///< calibrated probability on the original data
    std::vector<double> optimism;     ///< mean optimism over the usable resamples
    std::vector<double> corrected;    ///< apparent - optimism, clipped to [0, 1]
    std::size_t resamples = 0;        ///< B requested
    std::size_t usableResamples = 0;  ///< resamples with both classes
    double meanAbsoluteError = 0.0;   ///< mean |predicted - corrected| over the grid
    double error90 = 0.0;             ///< 0.9 quantile of |predicted - corrected|
};

/// Runs the bootstrap. `refit` may be empty: the predictions are then fixed
/// (the optimism comes from the smoother alone). Deterministic for a seed at
/// any thread count: resample b draws from its own generator seeded with
/// (seed, b). `gridSize` points span [min p, max p].
CalibrationCurve bootstrapCalibration(std::span<const double> probabilities, std::span<const double> outcome,
                                      std::size_t resamples, std::uint64_t seed, const ModelRefit& refit = {},
                                      std::size_t gridSize = 50);

/// Draws the rows of bootstrap sample `index` for `seed` (n draws with
/// replacement from 0..n-1). Shared so every bootstrap here is reproducible.
std::vector<std::size_t> bootstrapRows(std::size_t n, std::uint64_t seed, std::size_t index);

}  // namespace pulmorad::stats

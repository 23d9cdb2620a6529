#include "stats/calibration.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "common/errors.h"
#include "stats/descriptive.h"
#include "stats/distributions.h"
#include "stats/logistic.h"
#include "stats/roc.h"

namespace pulmorad::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Local weighted linear fit at `target` over sorted x[left..right] (0-based,
/// inclusive) with tricube weights, as clowess's inner step. Ties to the
/// right of `right` join the window. Returns false when every weight is 0.
bool localFit(const std::vector<double>& x, const std::vector<double>& y, double target, std::size_t left,
              std::size_t right, const std::vector<double>* robustnessWeights, std::vector<double>& weights,
              double& fitted) {
    const std::size_t n = x.size();
    const double range = x[n - 1] - x[0];
    const double h = std::max(target - x[left], x[right] - target);
    const double h9 = 0.999 * h;
    const double h1 = 0.001 * h;

    double weightSum = 0.0;
    std::size_t j = left;
    for (; j < n; ++j) {
        weights[j] = 0.0;
        const double distance = std::abs(x[j] - target);
        if (distance <= h9) {
            if (distance <= h1) {
                weights[j] = 1.0;
            } else {
                const double ratio = distance / h;
                const double inner = 1.0 - ratio * ratio * ratio;
                weights[j] = inner * inner * inner;
            }
            if (robustnessWeights != nullptr) {
                weights[j] *= (*robustnessWeights)[j];
            }
            weightSum += weights[j];
        } else if (x[j] > target) {
            break;
        }
    }
    const std::size_t last = j - 1;
    if (weightSum <= 0.0) {
        return false;
    }
    for (std::size_t k = left; k <= last; ++k) {
        weights[k] /= weightSum;
    }
    if (h > 0.0) {
        double center = 0.0;
        for (std::size_t k = left; k <= last; ++k) {
            center += weights[k] * x[k];
        }
        double slopeNumerator = target - center;
        double spread = 0.0;
        for (std::size_t k = left; k <= last; ++k) {
            spread += weights[k] * (x[k] - center) * (x[k] - center);
        }
        // Fit a slope only when the x values are spread enough.
        if (std::sqrt(spread) > 0.001 * range) {
            slopeNumerator /= spread;
            for (std::size_t k = left; k <= last; ++k) {
                weights[k] *= slopeNumerator * (x[k] - center) + 1.0;
            }
        }
    }
    fitted = 0.0;
    for (std::size_t k = left; k <= last; ++k) {
        fitted += weights[k] * y[k];
    }
    return true;
}

/// The lowess smooth at every point of x (sorted ascending), following
/// Cleveland's clowess: points closer than delta to the last fitted point
/// are linearly interpolated instead of fitted.
std::vector<double> lowessSorted(const std::vector<double>& x, const std::vector<double>& y, double f,
                                 int iterations, double delta) {
    const std::size_t n = x.size();
    std::vector<double> smoothed(n, 0.0);
    if (n < 2) {
        smoothed.assign(y.begin(), y.end());
        return smoothed;
    }
    const auto span = static_cast<std::size_t>(std::max<long long>(
        2, std::min<long long>(static_cast<long long>(n),
                               static_cast<long long>(f * static_cast<double>(n) + 1e-7))));
    std::vector<double> weights(n, 0.0);
    std::vector<double> robustness(n, 1.0);
    std::vector<double> residuals(n, 0.0);

    for (int iteration = 1; iteration <= iterations + 1; ++iteration) {
        std::size_t left = 0;
        std::size_t right = span - 1;
        std::size_t lastFitted = 0;
        bool anyFitted = false;
        std::size_t i = 0;
        for (;;) {
            // Slide the window right while that does not widen it.
            if (right + 1 < n) {
                const double toLeft = x[i] - x[left];
                const double toRight = x[right + 1] - x[i];
                if (toLeft > toRight) {
                    ++left;
                    ++right;
                    continue;
                }
            }
            double fitted = 0.0;
            const bool ok =
                localFit(x, y, x[i], left, right, iteration > 1 ? &robustness : nullptr, weights, fitted);
            smoothed[i] = ok ? fitted : y[i];

            // Interpolate the points skipped since the last fit.
            if (anyFitted && lastFitted + 1 < i) {
                const double denominator = x[i] - x[lastFitted];
                for (std::size_t k = lastFitted + 1; k < i; ++k) {
                    const double alpha = (x[k] - x[lastFitted]) / denominator;
                    smoothed[k] = alpha * smoothed[i] + (1.0 - alpha) * smoothed[lastFitted];
                }
            }
            lastFitted = i;
            anyFitted = true;

            // Skip ahead over points within delta; ties copy the fit.
            const double cut = x[lastFitted] + delta;
            std::size_t next = lastFitted + 1;
            for (; next < n; ++next) {
                if (x[next] > cut) {
                    break;
                }
                if (x[next] == x[lastFitted]) {
                    smoothed[next] = smoothed[lastFitted];
                    lastFitted = next;
                }
            }
            i = std::max(lastFitted + 1, next - 1);
            if (lastFitted >= n - 1) {
                break;
            }
        }
        for (std::size_t k = 0; k < n; ++k) {
            residuals[k] = y[k] - smoothed[k];
        }
        if (iteration > iterations) {
            break;
        }
        // Bisquare robustness weights from 6 x the median absolute residual.
        double scale = 0.0;
        for (const double r : residuals) {
            scale += std::abs(r);
        }
        scale /= static_cast<double>(n);
        std::vector<double> absolute(n);
        for (std::size_t k = 0; k < n; ++k) {
            absolute[k] = std::abs(residuals[k]);
        }
        std::sort(absolute.begin(), absolute.end());
        const std::size_t m1 = n / 2;
        const double cmad = n % 2 == 0 ? 3.0 * (absolute[m1] + absolute[n - m1 - 1]) : 6.0 * absolute[m1];
        if (cmad < 1e-7 * scale) {
            break;
        }
        for (std::size_t k = 0; k < n; ++k) {
            const double r = std::abs(residuals[k]);
            if (r <= 0.001 * cmad) {
                robustness[k] = 1.0;
            } else if (r <= 0.999 * cmad) {
                const double u = r / cmad;
                robustness[k] = (1.0 - u * u) * (1.0 - u * u);
            } else {
                robustness[k] = 0.0;
            }
        }
    }
    return smoothed;
}

/// Evaluates the lowess calibration curve (iter = 0) of (p, y) at `at` by
/// linear interpolation, NaN outside the range of p, as R's
/// approx(lowess(p, y, iter = 0), xout = at, ties = mean).
std::vector<double> calibrationAt(std::span<const double> p, std::span<const double> y,
                                  std::span<const double> at) {
    std::vector<double> sortedX;
    const std::vector<double> smoothed = lowess(p, y, sortedX, 2.0 / 3.0, 0);
    // Collapse tied x to the mean of their smoothed values.
    std::vector<double> knotsX;
    std::vector<double> knotsY;
    for (std::size_t i = 0; i < sortedX.size();) {
        std::size_t j = i;
        double sum = 0.0;
        while (j < sortedX.size() && sortedX[j] == sortedX[i]) {
            sum += smoothed[j];
            ++j;
        }
        knotsX.push_back(sortedX[i]);
        knotsY.push_back(sum / static_cast<double>(j - i));
        i = j;
    }
    std::vector<double> result(at.size(), kNaN);
    for (std::size_t k = 0; k < at.size(); ++k) {
        const double value = at[k];
        if (value < knotsX.front() || value > knotsX.back()) {
            continue;
        }
        const auto upper = std::lower_bound(knotsX.begin(), knotsX.end(), value);
        const auto index = static_cast<std::size_t>(upper - knotsX.begin());
        if (knotsX[index] == value) {
            result[k] = knotsY[index];
            continue;
        }
        const double x0 = knotsX[index - 1];
        const double x1 = knotsX[index];
        result[k] = knotsY[index - 1] + (knotsY[index] - knotsY[index - 1]) * (value - x0) / (x1 - x0);
    }
    return result;
}

void checkProbabilities(std::span<const double> p, std::span<const double> y, const char* analysis) {
    if (p.size() != y.size()) {
        throw InputError(std::string(analysis) + ": probabilities and outcome have different lengths");
    }
    std::size_t events = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!(p[i] > 0.0 && p[i] < 1.0)) {
            throw InputError(std::string(analysis) +
                             ": predicted probabilities must lie strictly between 0 and 1 "
                             "but one is " +
                             std::to_string(p[i]) + "; give probabilities, not scores or 0/1 labels");
        }
        if (y[i] != 0.0 && y[i] != 1.0) {
            throw InputError(std::string(analysis) + ": the outcome must be coded 0/1 but contains " +
                             std::to_string(y[i]));
        }
        events += y[i] == 1.0 ? 1 : 0;
    }
    if (events == 0 || events == y.size()) {
        throw InputError(std::string(analysis) + ": the outcome has only one class; both 0 and 1 must occur");
    }
}

/// splitmix64 (Steele, Lea and Flood 2014): a small, fully specified
/// generator, so bootstrap samples are the same on every platform.
std::uint64_t splitMix(std::uint64_t& state) {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

std::vector<double> lowess(std::span<const double> x, std::span<const double> y, std::vector<double>& sortedX,
                           double f, int iterations, double delta) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    sortedX.resize(x.size());
    std::vector<double> sortedY(x.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        sortedX[i] = x[order[i]];
        sortedY[i] = y[order[i]];
    }
    if (x.empty()) {
        return {};
    }
    if (delta < 0.0) {
        delta = 0.01 * (sortedX.back() - sortedX.front());
    }
    return lowessSorted(sortedX, sortedY, f, iterations, delta);
}

ValProbResult valProb(std::span<const double> probabilities, std::span<const double> outcome) {
    checkProbabilities(probabilities, outcome, "calibration");
    const std::size_t count = probabilities.size();
    const double n = static_cast<double>(count);

    ValProbResult result;
    result.n = count;
    std::vector<double> logit(count);
    double events = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        logit[i] = std::log(probabilities[i] / (1.0 - probabilities[i]));
        events += outcome[i];
    }

    // Fixed model logit(p) (intercept 0, slope 1) against the null model.
    const double rate = events / n;
    const double nullDeviance = -2.0 * (events * std::log(rate) + (n - events) * std::log(1.0 - rate));
    double fixedDeviance = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        fixedDeviance -= 2.0 * (outcome[i] * logit[i] - std::log1p(std::exp(logit[i])));
    }
    result.dChiSquare = nullDeviance - fixedDeviance;
    result.d = (result.dChiSquare - 1.0) / n;
    result.r2 = (1.0 - std::exp(-result.dChiSquare / n)) / (1.0 - std::exp(-nullDeviance / n));

    // Logistic recalibration y ~ a + b logit(p).
    Eigen::MatrixXd design(static_cast<Eigen::Index>(count), 1);
    for (std::size_t i = 0; i < count; ++i) {
        design(static_cast<Eigen::Index>(i), 0) = logit[i];
    }
    LogisticOptions options;
    options.profileIntervals = false;
    const LogisticFit recalibration = fitLogistic(design, outcome, {"logit(p)"}, options);
    result.intercept = recalibration.terms[0].estimate;
    result.slope = recalibration.terms[1].estimate;
    result.uChiSquare = fixedDeviance - recalibration.deviance;
    result.uPValue = detail::chiSquareCdf(result.uChiSquare, 2.0, true);
    result.u = (result.uChiSquare - 2.0) / n;
    result.q = result.d - result.u;

    result.c = areaUnderCurve(probabilities, outcome);
    result.dxy = 2.0 * (result.c - 0.5);

    double brier = 0.0;
    double spiegelhalterNumerator = 0.0;
    double spiegelhalterVariance = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        const double p = probabilities[i];
        const double y = outcome[i];
        brier += (p - y) * (p - y);
        spiegelhalterNumerator += (y - p) * (1.0 - 2.0 * p);
        spiegelhalterVariance += (1.0 - 2.0 * p) * (1.0 - 2.0 * p) * p * (1.0 - p);
    }
    result.brier = brier / n;
    result.spiegelhalterZ = spiegelhalterNumerator / std::sqrt(spiegelhalterVariance);
    result.spiegelhalterP = 2.0 * detail::normalCdf(-std::abs(result.spiegelhalterZ));

    // Nonparametric calibration: lowess(p, y, iter = 0) at each p.
    result.smoothedCalibration = calibrationAt(probabilities, outcome, probabilities);
    std::vector<double> errors(count);
    for (std::size_t i = 0; i < count; ++i) {
        errors[i] = std::abs(probabilities[i] - result.smoothedCalibration[i]);
    }
    result.eavg = mean(errors);
    result.emax = *std::max_element(errors.begin(), errors.end());
    result.e90 = quantileType7(errors, 0.9);
    return result;
}

std::vector<std::size_t> bootstrapRows(std::size_t n, std::uint64_t seed, std::size_t index) {
    std::uint64_t state = seed;
    // Mix the resample index into the state so each resample has its own stream.
    state ^= splitMix(state) + 0x632BE59BD9B4E019ULL * (static_cast<std::uint64_t>(index) + 1);
    std::vector<std::size_t> rows(n);
    const std::uint64_t bound = static_cast<std::uint64_t>(n);
    // Rejection sampling keeps the draws exactly uniform.
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t draw = 0;
        do {
            draw = splitMix(state);
        } while (draw >= limit);
        rows[i] = static_cast<std::size_t>(draw % bound);
    }
    return rows;
}

CalibrationCurve bootstrapCalibration(std::span<const double> probabilities, std::span<const double> outcome,
                                      std::size_t resamples, std::uint64_t seed, const ModelRefit& refit,
                                      std::size_t gridSize) {
    checkProbabilities(probabilities, outcome, "bootstrap calibration");
    if (gridSize < 2) {
        throw InputError("bootstrap calibration: the grid needs at least 2 points");
    }
    const std::size_t n = probabilities.size();
    const auto [lowest, highest] = std::minmax_element(probabilities.begin(), probabilities.end());

    CalibrationCurve curve;
    curve.resamples = resamples;
    curve.predicted.resize(gridSize);
    for (std::size_t k = 0; k < gridSize; ++k) {
        curve.predicted[k] =
            *lowest + (*highest - *lowest) * static_cast<double>(k) / static_cast<double>(gridSize - 1);
    }
    curve.apparent = calibrationAt(probabilities, outcome, curve.predicted);

    // Each resample writes only its own row, so the result does not depend
    // on how TBB schedules the work.
    std::vector<std::vector<double>> optimismByResample(resamples);
    tbb::parallel_for(std::size_t{0}, resamples, [&](std::size_t b) {
        const std::vector<std::size_t> rows = bootstrapRows(n, seed, b);
        std::vector<double> sampleOutcome(n);
        std::size_t events = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sampleOutcome[i] = outcome[rows[i]];
            events += sampleOutcome[i] == 1.0 ? 1 : 0;
        }
        if (events == 0 || events == n) {
            return;  // a resample with one class has no calibration curve
        }
        BootstrapPredictions predictions;
        if (refit) {
            predictions = refit(rows);
            if (predictions.onSample.empty()) {
                return;  // the refit declined this resample
            }
        } else {
            predictions.onSample.resize(n);
            for (std::size_t i = 0; i < n; ++i) {
                predictions.onSample[i] = probabilities[rows[i]];
            }
            predictions.onOriginal.assign(probabilities.begin(), probabilities.end());
        }
        const std::vector<double> apparent =
            calibrationAt(predictions.onSample, sampleOutcome, curve.predicted);
        const std::vector<double> tested = calibrationAt(predictions.onOriginal, outcome, curve.predicted);
        std::vector<double> optimism(gridSize);
        for (std::size_t k = 0; k < gridSize; ++k) {
            optimism[k] = apparent[k] - tested[k];
        }
        optimismByResample[b] = std::move(optimism);
    });

    curve.optimism.assign(gridSize, 0.0);
    std::vector<std::size_t> counts(gridSize, 0);
    for (const auto& optimism : optimismByResample) {
        if (optimism.empty()) {
            continue;
        }
        ++curve.usableResamples;
        for (std::size_t k = 0; k < gridSize; ++k) {
            if (!std::isnan(optimism[k])) {
                curve.optimism[k] += optimism[k];
                ++counts[k];
            }
        }
    }
    curve.corrected.resize(gridSize);
    std::vector<double> errors;
    for (std::size_t k = 0; k < gridSize; ++k) {
        curve.optimism[k] = counts[k] > 0 ? curve.optimism[k] / static_cast<double>(counts[k]) : kNaN;
        curve.corrected[k] = std::clamp(curve.apparent[k] - curve.optimism[k], 0.0, 1.0);
        if (!std::isnan(curve.corrected[k])) {
            errors.push_back(std::abs(curve.predicted[k] - curve.corrected[k]));
        }
    }
    curve.meanAbsoluteError = mean(errors);
    curve.error90 = quantileType7(errors, 0.9);
    return curve;
}

}  // namespace pulmorad::stats

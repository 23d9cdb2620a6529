#include "learn/lasso.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/errors.h"

namespace pulmorad::learn {

namespace {

// Constants of glmnet 4.1's binomial solver.
constexpr double kProbabilityBound = 1e-5;  // pmin
constexpr double kFirstLambda = 9.9e30;     // "big": the first lambda of an automatic path
constexpr double kMinLambdaRatioFloor = 1e-6;
constexpr double kMinDevianceGain = 1e-5;    // sml
constexpr double kMaxDevianceRatio = 0.999;  // devmax
constexpr int kMinPathLength = 5;            // mnlam

/// Thrown by the solver when coordinate descent exceeds its pass budget.
struct NotConverged : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Sequential sums in index order, so results do not depend on vectorisation.
double dot(const double* a, const double* b, Eigen::Index n) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

double sum(const std::vector<double>& values) {
    double total = 0.0;
    for (const double value : values) {
        total += value;
    }
    return total;
}

struct StandardizedDesign {
    Eigen::MatrixXd x;  // centred and scaled columns
    std::vector<double> means;
    std::vector<double> scales;  // population SD
    std::vector<bool> usable;    // false for constant columns
};

StandardizedDesign standardize(const Eigen::MatrixXd& x, double weight) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    StandardizedDesign design{x, std::vector<double>(static_cast<std::size_t>(p), 0.0),
                              std::vector<double>(static_cast<std::size_t>(p), 1.0),
                              std::vector<bool>(static_cast<std::size_t>(p), true)};
    for (Eigen::Index j = 0; j < p; ++j) {
        double* column = design.x.col(j).data();
        const auto jj = static_cast<std::size_t>(j);
        bool constant = true;
        for (Eigen::Index i = 1; i < n; ++i) {
            if (column[i] != column[0]) {
                constant = false;
                break;
            }
        }
        if (constant) {
            design.usable[jj] = false;
            continue;
        }
        double mean = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            mean += weight * column[i];
        }
        double variance = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            column[i] -= mean;
            variance += weight * column[i] * column[i];
        }
        const double scale = std::sqrt(variance);
        for (Eigen::Index i = 0; i < n; ++i) {
            column[i] /= scale;
        }
        design.means[jj] = mean;
        design.scales[jj] = scale;
    }
    return design;
}

// Binomial deviance per unit weight with probabilities clipped to
// [1e-5, 1 - 1e-5], as glmnet scores each path point.
double clippedDeviance(const std::vector<double>& y, const std::vector<double>& q, double weight) {
    double total = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double pi = std::min(std::max(kProbabilityBound, q[i]), 1.0 - kProbabilityBound);
        total -= weight * (y[i] * std::log(pi) + (1.0 - y[i]) * std::log(1.0 - pi));
    }
    return total;
}

// State of the coordinate descent at one lambda.
class PathSolver {
public:
    PathSolver(const StandardizedDesign& design, std::span<const int> labels, const LassoOptions& options)
        : x_(design.x),
          usable_(design.usable),
          n_(design.x.rows()),
          p_(design.x.cols()),
          weight_(1.0 / static_cast<double>(design.x.rows())),
          threshold_(options.threshold),
          maxPasses_(options.maxPasses) {
        y_.resize(static_cast<std::size_t>(n_));
        for (Eigen::Index i = 0; i < n_; ++i) {
            y_[static_cast<std::size_t>(i)] = static_cast<double>(labels[static_cast<std::size_t>(i)]);
        }
        const auto pp = static_cast<std::size_t>(p_);
        beta_.assign(pp, 0.0);
        previousBeta_.assign(pp, 0.0);
        curvature_.assign(pp, 0.0);
        gradient_.assign(pp, 0.0);
        strong_.assign(pp, false);
        active_.assign(pp, false);
    }

    // Sets the intercept-only fit and returns the null deviance per weight
    // (glmnet's dev0, half the mean binomial deviance).
    double initialise() {
        double eventRate = 0.0;
        for (const double yi : y_) {
            eventRate += weight_ * yi;
        }
        requireInput(eventRate > kProbabilityBound && eventRate < 1.0 - kProbabilityBound,
                     "the outcome has (almost) only one class in the rows given to the LASSO; both classes "
                     "are needed");
        intercept_ = std::log(eventRate / (1.0 - eventRate));
        const double variance = eventRate * (1.0 - eventRate);
        irlsWeights_.assign(y_.size(), variance * weight_);
        residual_.resize(y_.size());
        for (std::size_t i = 0; i < y_.size(); ++i) {
            residual_[i] = weight_ * (y_[i] - eventRate);
        }
        probabilities_.assign(y_.size(), eventRate);
        weightSum_ = variance;
        nullDeviancePerWeight_ = -(intercept_ * eventRate + std::log(1.0 - eventRate));
        shrinkThreshold_ = threshold_ * nullDeviancePerWeight_;
        for (Eigen::Index j = 0; j < p_; ++j) {
            if (usable_[static_cast<std::size_t>(j)]) {
                gradient_[static_cast<std::size_t>(j)] =
                    std::abs(dot(residual_.data(), x_.col(j).data(), n_));
            }
        }
        return nullDeviancePerWeight_;
    }

    double maxGradient() const {
        double largest = 0.0;
        for (std::size_t j = 0; j < gradient_.size(); ++j) {
            if (usable_[j]) {
                largest = std::max(largest, gradient_[j]);
            }
        }
        return largest;
    }

    // Solves the problem at `lambda`, warm-started from the current state.
    // `previousLambda` feeds the sequential strong rule.
    void solve(double lambda, double previousLambda) {
        const double strongBound = 2.0 * lambda - previousLambda;
        for (std::size_t k = 0; k < gradient_.size(); ++k) {
            if (!strong_[k] && usable_[k] && gradient_[k] > strongBound) {
                strong_[k] = true;
            }
        }
        while (true) {
            if (!solveQuadraticApproximations(lambda)) {
                return;
            }
            // Converged on the strong set: add every excluded feature that
            // violates the KKT condition |x_k' r| <= lambda and start again.
            bool violation = false;
            for (Eigen::Index k = 0; k < p_; ++k) {
                const auto kk = static_cast<std::size_t>(k);
                if (strong_[kk] || !usable_[kk]) {
                    continue;
                }
                gradient_[kk] = std::abs(dot(residual_.data(), x_.col(k).data(), n_));
                if (gradient_[kk] > lambda) {
                    strong_[kk] = true;
                    violation = true;
                }
            }
            if (!violation) {
                return;
            }
        }
    }

    double intercept() const { return intercept_; }
    const std::vector<double>& beta() const { return beta_; }
    double weightSum() const { return weightSum_; }
    bool degenerate() const { return weightSum_ <= minimumWeightSum(); }
    long passes() const { return passes_; }
    double deviancePerWeight() const { return clippedDeviance(y_, probabilities_, weight_); }

private:
    static double minimumWeightSum() {
        return (1.0 + kProbabilityBound) * kProbabilityBound * (1.0 - kProbabilityBound);
    }

    // IRLS loop on the current strong set. Returns false when the fit
    // became degenerate (all weights ~0), true when it converged.
    bool solveQuadraticApproximations(double lambda) {
        while (true) {
            const double previousIntercept = intercept_;
            for (const std::size_t k : activeOrder_) {
                previousBeta_[k] = beta_[k];
            }
            for (Eigen::Index j = 0; j < p_; ++j) {
                const auto jj = static_cast<std::size_t>(j);
                if (strong_[jj]) {
                    const double* column = x_.col(j).data();
                    double total = 0.0;
                    for (Eigen::Index i = 0; i < n_; ++i) {
                        total += irlsWeights_[static_cast<std::size_t>(i)] * (column[i] * column[i]);
                    }
                    curvature_[jj] = total;
                }
            }

            // Coordinate descent: a sweep over the strong set, then sweeps
            // over the active set until they settle, repeated until a sweep
            // over the strong set changes nothing material.
            while (true) {
                if (sweep(lambda, true) < shrinkThreshold_) {
                    break;
                }
                while (sweep(lambda, false) >= shrinkThreshold_) {
                }
            }

            // New quadratic approximation at the updated fit.
            for (Eigen::Index i = 0; i < n_; ++i) {
                double eta = intercept_;
                for (const std::size_t k : activeOrder_) {
                    eta += beta_[k] * x_(i, static_cast<Eigen::Index>(k));
                }
                probabilities_[static_cast<std::size_t>(i)] = 1.0 / (1.0 + std::exp(-eta));
            }
            weightSum_ = 0.0;
            for (std::size_t i = 0; i < y_.size(); ++i) {
                irlsWeights_[i] = weight_ * probabilities_[i] * (1.0 - probabilities_[i]);
                weightSum_ += irlsWeights_[i];
            }
            if (weightSum_ <= minimumWeightSum()) {
                return false;
            }
            for (std::size_t i = 0; i < y_.size(); ++i) {
                residual_[i] = weight_ * (y_[i] - probabilities_[i]);
            }

            const double interceptChange = intercept_ - previousIntercept;
            if (weightSum_ * interceptChange * interceptChange >= shrinkThreshold_) {
                continue;
            }
            bool moved = false;
            for (const std::size_t k : activeOrder_) {
                const double change = beta_[k] - previousBeta_[k];
                if (curvature_[k] * change * change >= shrinkThreshold_) {
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                return true;
            }
        }
    }

    // One coordinate-descent pass over the strong set (`allStrong`) or the
    // active set, then the intercept. Returns the largest weighted squared
    // change.
    double sweep(double lambda, bool allStrong) {
        ++passes_;
        if (passes_ > maxPasses_) {
            throw NotConverged("LASSO coordinate descent did not converge within " +
                               std::to_string(maxPasses_) + " passes at lambda " + std::to_string(lambda));
        }
        double largestChange = 0.0;
        const auto update = [&](std::size_t k) {
            const double* column = x_.col(static_cast<Eigen::Index>(k)).data();
            const double old = beta_[k];
            const double gradient = dot(residual_.data(), column, n_);
            const double u = gradient + curvature_[k] * old;
            const double shrunk = std::abs(u) - lambda;
            beta_[k] = shrunk <= 0.0 ? 0.0 : std::copysign(shrunk, u) / curvature_[k];
            const double change = beta_[k] - old;
            if (std::abs(change) <= 0.0) {
                return;
            }
            largestChange = std::max(largestChange, curvature_[k] * change * change);
            for (Eigen::Index i = 0; i < n_; ++i) {
                residual_[static_cast<std::size_t>(i)] -=
                    change * irlsWeights_[static_cast<std::size_t>(i)] * column[i];
            }
            if (!active_[k]) {
                active_[k] = true;
                activeOrder_.push_back(k);
            }
        };
        if (allStrong) {
            for (std::size_t k = 0; k < beta_.size(); ++k) {
                if (strong_[k]) {
                    update(k);
                }
            }
        } else {
            for (std::size_t position = 0; position < activeOrder_.size(); ++position) {
                update(activeOrder_[position]);
            }
        }
        const double interceptStep = sum(residual_) / weightSum_;
        if (interceptStep != 0.0) {
            intercept_ += interceptStep;
            largestChange = std::max(largestChange, weightSum_ * interceptStep * interceptStep);
            for (std::size_t i = 0; i < residual_.size(); ++i) {
                residual_[i] -= interceptStep * irlsWeights_[i];
            }
        }
        return largestChange;
    }

    const Eigen::MatrixXd& x_;
    const std::vector<bool>& usable_;
    Eigen::Index n_;
    Eigen::Index p_;
    double weight_;
    double threshold_;
    long maxPasses_;
    std::vector<double> y_;
    double intercept_ = 0.0;
    std::vector<double> beta_;
    std::vector<double> previousBeta_;
    std::vector<double> curvature_;
    std::vector<double> gradient_;
    std::vector<bool> strong_;
    std::vector<bool> active_;
    std::vector<std::size_t> activeOrder_;
    std::vector<double> irlsWeights_;
    std::vector<double> residual_;
    std::vector<double> probabilities_;
    double weightSum_ = 0.0;
    double nullDeviancePerWeight_ = 0.0;
    double shrinkThreshold_ = 0.0;
    long passes_ = 0;
};

}  // namespace

LassoPath fitLassoPath(const Eigen::MatrixXd& x, std::span<const int> y, const LassoOptions& options) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    if (static_cast<std::size_t>(n) != y.size()) {
        throw std::invalid_argument("fitLassoPath: x has " + std::to_string(n) + " rows but y has " +
                                    std::to_string(y.size()) + " values");
    }
    requireInput(p >= 1, "the LASSO needs at least one feature");
    for (const int label : y) {
        requireInput(label == 0 || label == 1, "outcome value " + std::to_string(label) + " is not 0 or 1");
    }
    const bool userLambdas = !options.lambdas.empty();
    for (std::size_t k = 1; k < options.lambdas.size(); ++k) {
        if (!(options.lambdas[k] < options.lambdas[k - 1])) {
            throw std::invalid_argument("fitLassoPath: the given lambdas must decrease strictly");
        }
    }
    const int lambdaCount = userLambdas ? static_cast<int>(options.lambdas.size()) : options.lambdaCount;
    if (lambdaCount < 3 && !userLambdas) {
        throw std::invalid_argument("fitLassoPath: an automatic path needs at least 3 lambdas");
    }
    const double minRatio = options.lambdaMinRatio > 0.0 ? options.lambdaMinRatio : (n > p ? 1e-4 : 1e-2);
    const double ratioStep = std::pow(std::max(kMinLambdaRatioFloor, minRatio), 1.0 / (lambdaCount - 1));

    const double weight = 1.0 / static_cast<double>(n);
    const StandardizedDesign design = standardize(x, weight);
    PathSolver solver(design, y, options);
    const double nullDeviancePerWeight = solver.initialise();

    LassoPath path;
    path.nullDeviance = 2.0 * static_cast<double>(n) * nullDeviancePerWeight;
    std::vector<Eigen::VectorXd> standardizedBetas;
    double lambda = 0.0;
    for (int m = 0; m < lambdaCount; ++m) {
        double previousLambda = lambda;
        if (userLambdas) {
            lambda = options.lambdas[static_cast<std::size_t>(m)];
        } else if (m >= 2) {
            lambda *= ratioStep;
        } else if (m == 0) {
            lambda = kFirstLambda;
        } else {
            previousLambda = solver.maxGradient();
            lambda = ratioStep * previousLambda;
        }
        try {
            solver.solve(lambda, previousLambda);
        } catch (const NotConverged& error) {
            // glmnet keeps the lambdas that converged, warns and stops the path there.
            if (path.lambdas.empty()) {
                throw;
            }
            spdlog::warn("{} (lambda {} of the path); the path stops at the {} lambdas before it, as glmnet's does",
                         error.what(), m + 1, path.lambdas.size());
            break;
        }

        path.lambdas.push_back(lambda);
        path.intercepts.push_back(solver.intercept());
        standardizedBetas.emplace_back(Eigen::Map<const Eigen::VectorXd>(solver.beta().data(), p));
        const double ratio = (nullDeviancePerWeight - solver.deviancePerWeight()) / nullDeviancePerWeight;
        path.devianceRatios.push_back(ratio);
        if (solver.degenerate()) {
            break;
        }
        if (m + 1 < kMinPathLength || userLambdas) {
            continue;
        }
        if (ratio > kMaxDevianceRatio) {
            break;
        }
        if (ratio - path.devianceRatios[static_cast<std::size_t>(m) - 1] < kMinDevianceGain) {
            break;
        }
    }
    path.passes = solver.passes();

    // glmnet replaces the placeholder first lambda by extrapolating the
    // geometric sequence one step back, which is lambda_max up to rounding.
    if (!userLambdas && path.lambdas.size() >= 3) {
        path.lambdas[0] = std::exp(2.0 * std::log(path.lambdas[1]) - std::log(path.lambdas[2]));
    }

    // Back to the input scale.
    const std::size_t fitted = path.lambdas.size();
    path.coefficients = Eigen::MatrixXd::Zero(p, static_cast<Eigen::Index>(fitted));
    for (std::size_t m = 0; m < fitted; ++m) {
        double shift = 0.0;
        int nonzero = 0;
        for (Eigen::Index j = 0; j < p; ++j) {
            const auto jj = static_cast<std::size_t>(j);
            const double standardized = standardizedBetas[m][j];
            if (standardized == 0.0) {
                continue;
            }
            const double original = standardized / design.scales[jj];
            path.coefficients(j, static_cast<Eigen::Index>(m)) = original;
            shift += original * design.means[jj];
            ++nonzero;
        }
        path.intercepts[m] -= shift;
        path.nonzeroCounts.push_back(nonzero);
    }
    spdlog::debug("LASSO path: {} lambdas, {} coordinate-descent passes", fitted, path.passes);
    return path;
}

std::vector<double> linearPredictor(const LassoPath& path, std::size_t lambdaIndex,
                                    const Eigen::MatrixXd& x) {
    if (lambdaIndex >= path.lambdas.size() || x.cols() != path.coefficients.rows()) {
        throw std::invalid_argument("linearPredictor: lambda index or column count does not match the path");
    }
    std::vector<double> eta(static_cast<std::size_t>(x.rows()), path.intercepts[lambdaIndex]);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            const double beta = path.coefficients(j, static_cast<Eigen::Index>(lambdaIndex));
            if (beta != 0.0) {
                eta[static_cast<std::size_t>(i)] += beta * x(i, j);
            }
        }
    }
    return eta;
}

std::vector<double> interpolatedLinearPredictor(const LassoPath& path, double lambda, const Eigen::MatrixXd& x) {
    const std::size_t k = path.lambdas.size();
    if (k == 0 || x.cols() != path.coefficients.rows()) {
        throw std::invalid_argument("interpolatedLinearPredictor: empty path or column count mismatch");
    }
    // glmnet's lambda.interp: positions on the path scaled to [0, 1], the
    // requested lambda clamped into the path's range, its fractional
    // position found by linear interpolation (R's approx), and the two
    // neighbouring solutions mixed with weights frac and 1 - frac.
    std::size_t left = 0;
    std::size_t right = 0;
    double fraction = 1.0;
    if (k > 1) {
        const double first = path.lambdas.front();
        const double span = first - path.lambdas.back();
        const double clamped = std::min(std::max(lambda, path.lambdas.back()), first);
        const double target = (first - clamped) / span;
        std::vector<double> scaled(k);
        for (std::size_t m = 0; m < k; ++m) {
            scaled[m] = (first - path.lambdas[m]) / span;
        }
        // R's approx(scaled, 1..k, target): bisection, exact knots returned as is.
        double coordinate = 0.0;  // 0-based
        if (target <= scaled.front()) {
            coordinate = 0.0;
        } else if (target >= scaled.back()) {
            coordinate = static_cast<double>(k - 1);
        } else {
            std::size_t low = 0;
            std::size_t high = k - 1;
            while (low < high - 1) {
                const std::size_t middle = (low + high) / 2;
                if (target < scaled[middle]) {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            if (target == scaled[high]) {
                coordinate = static_cast<double>(high);
            } else if (target == scaled[low]) {
                coordinate = static_cast<double>(low);
            } else {
                coordinate = static_cast<double>(low) + (target - scaled[low]) / (scaled[high] - scaled[low]);
            }
        }

        left = static_cast<std::size_t>(std::floor(coordinate));
        right = static_cast<std::size_t>(std::ceil(coordinate));
        fraction = (target - scaled[right]) / (scaled[left] - scaled[right]);
        if (left == right || std::abs(scaled[left] - scaled[right]) < std::numeric_limits<double>::epsilon()) {
            fraction = 1.0;
        }
    }

    const auto l = static_cast<Eigen::Index>(left);
    const auto r = static_cast<Eigen::Index>(right);
    const double intercept = path.intercepts[left] * fraction + path.intercepts[right] * (1.0 - fraction);
    const Eigen::VectorXd beta =
        path.coefficients.col(l) * fraction + path.coefficients.col(r) * (1.0 - fraction);
    std::vector<double> eta(static_cast<std::size_t>(x.rows()), intercept);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            if (beta[j] != 0.0) {
                eta[static_cast<std::size_t>(i)] += beta[j] * x(i, j);
            }
        }
    }
    return eta;
}

double lassoObjective(const Eigen::MatrixXd& x, std::span<const int> y, double intercept,
                      const Eigen::VectorXd& coefficients, double lambda) {
    const Eigen::Index n = x.rows();
    double logLikelihood = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double eta = intercept + x.row(i).dot(coefficients);
        // log(1 + e^eta) without overflow.
        const double softplus = eta > 0.0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
        logLikelihood += static_cast<double>(y[static_cast<std::size_t>(i)]) * eta - softplus;
    }
    double penalty = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double mean = x.col(j).mean();
        const double sd = std::sqrt((x.col(j).array() - mean).square().sum() / static_cast<double>(n));
        penalty += sd * std::abs(coefficients[j]);
    }
    return -logLikelihood / static_cast<double>(n) + lambda * penalty;
}

LassoCrossValidation crossValidateLasso(const Eigen::MatrixXd& x, std::span<const int> y,
                                        std::span<const int> foldOfRow, const LassoOptions& options) {
    if (foldOfRow.size() != y.size() || static_cast<std::size_t>(x.rows()) != y.size()) {
        throw std::invalid_argument("crossValidateLasso: x, y and fold numbers differ in length");
    }
    const int foldCount = *std::max_element(foldOfRow.begin(), foldOfRow.end()) + 1;
    requireInput(foldCount >= 2,
                 "cross-validation needs at least 2 folds; the fold numbers given use only one");

    LassoCrossValidation result;
    result.path = fitLassoPath(x, y, options);
    const std::size_t lambdaCount = result.path.lambdas.size();
    // As cv.glmnet: each fold computes its own path (its own lambda_max and
    // early stop) unless the caller fixed the lambdas, and is then evaluated
    // at the full-data lambdas by interpolating its coefficients.
    const LassoOptions& foldOptions = options;

    result.foldMeanDeviance = Eigen::MatrixXd::Zero(foldCount, static_cast<Eigen::Index>(lambdaCount));
    result.foldSizes.assign(static_cast<std::size_t>(foldCount), 0.0);
    for (int fold = 0; fold < foldCount; ++fold) {
        std::vector<Eigen::Index> trainRows;
        std::vector<Eigen::Index> heldOutRows;
        for (std::size_t i = 0; i < foldOfRow.size(); ++i) {
            requireInput(foldOfRow[i] >= 0, "fold number " + std::to_string(foldOfRow[i] + 1) + " of row " +
                                                std::to_string(i + 1) + " is below 1; number folds from 1");
            (foldOfRow[i] == fold ? heldOutRows : trainRows).push_back(static_cast<Eigen::Index>(i));
        }
        requireInput(!heldOutRows.empty(), "fold " + std::to_string(fold + 1) +
                                               " has no patients; number the folds 1..K without gaps");
        const Eigen::MatrixXd trainX = x(trainRows, Eigen::all);
        const Eigen::MatrixXd heldOutX = x(heldOutRows, Eigen::all);
        std::vector<int> trainY;
        for (const Eigen::Index i : trainRows) {
            trainY.push_back(y[static_cast<std::size_t>(i)]);
        }
        const LassoPath foldPath = fitLassoPath(trainX, trainY, foldOptions);

        result.foldSizes[static_cast<std::size_t>(fold)] = static_cast<double>(heldOutRows.size());
        for (std::size_t m = 0; m < lambdaCount; ++m) {
            const std::vector<double> eta =
                interpolatedLinearPredictor(foldPath, result.path.lambdas[m], heldOutX);
            double total = 0.0;
            for (std::size_t r = 0; r < heldOutRows.size(); ++r) {
                double probability = 1.0 / (1.0 + std::exp(-eta[r]));
                probability = std::min(std::max(probability, kProbabilityBound), 1.0 - kProbabilityBound);
                const double yi = static_cast<double>(y[static_cast<std::size_t>(heldOutRows[r])]);
                total += -2.0 * (yi * std::log(probability) + (1.0 - yi) * std::log(1.0 - probability));
            }
            result.foldMeanDeviance(fold, static_cast<Eigen::Index>(m)) =
                total / static_cast<double>(heldOutRows.size());
        }
    }

    const double totalSize = sum(result.foldSizes);
    result.cvMean.resize(lambdaCount);
    result.cvStandardError.resize(lambdaCount);
    for (std::size_t m = 0; m < lambdaCount; ++m) {
        double weighted = 0.0;
        for (int fold = 0; fold < foldCount; ++fold) {
            weighted += result.foldMeanDeviance(fold, static_cast<Eigen::Index>(m)) *
                        result.foldSizes[static_cast<std::size_t>(fold)];
        }
        const double cvm = weighted / totalSize;
        double spread = 0.0;
        for (int fold = 0; fold < foldCount; ++fold) {
            const double deviation = result.foldMeanDeviance(fold, static_cast<Eigen::Index>(m)) - cvm;
            spread += deviation * deviation * result.foldSizes[static_cast<std::size_t>(fold)];
        }
        result.cvMean[m] = cvm;
        result.cvStandardError[m] = std::sqrt(spread / totalSize / static_cast<double>(foldCount - 1));
    }

    // Lambdas decrease along the path, so the first position attaining a
    // bound is the largest lambda attaining it.
    const double minimum = *std::min_element(result.cvMean.begin(), result.cvMean.end());
    result.indexMin = static_cast<std::size_t>(
        std::find(result.cvMean.begin(), result.cvMean.end(), minimum) - result.cvMean.begin());
    const double bound = minimum + result.cvStandardError[result.indexMin];
    for (std::size_t m = 0; m < lambdaCount; ++m) {
        if (result.cvMean[m] <= bound) {
            result.index1se = m;
            break;
        }
    }
    result.lambdaMin = result.path.lambdas[result.indexMin];
    result.lambda1se = result.path.lambdas[result.index1se];
    return result;
}

}  // namespace pulmorad::learn

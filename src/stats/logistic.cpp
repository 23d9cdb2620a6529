#include "stats/logistic.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "common/errors.h"
#include "stats/distributions.h"

namespace pulmorad::stats {
namespace {

// R's binomial() link clamps the linear predictor at +-30 so that the mean
// stays inside (0, 1); the same limits keep these results equal to glm's.
constexpr double kEtaLimit = 30.0;
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

double inverseLogit(double eta) {
    const double e = eta < -kEtaLimit ? kEpsilon : (eta > kEtaLimit ? 1.0 / kEpsilon : std::exp(eta));
    return e / (1.0 + e);
}

double inverseLogitDerivative(double eta) {
    if (eta > kEtaLimit || eta < -kEtaLimit) {
        return kEpsilon;
    }
    const double e = std::exp(eta);
    return e / ((1.0 + e) * (1.0 + e));
}

/// Binomial deviance \f$ D = -2\sum_i [y_i\log\mu_i + (1-y_i)\log(1-\mu_i)] \f$ for 0/1 y.
double binomialDeviance(std::span<const double> y, const Eigen::VectorXd& mu) {
    double deviance = 0.0;
    for (Eigen::Index i = 0; i < mu.size(); ++i) {
        const double yi = y[static_cast<std::size_t>(i)];
        deviance += yi > 0.5 ? -2.0 * std::log(mu(i)) : -2.0 * std::log(1.0 - mu(i));
    }
    return deviance;
}

/// Result of one IRLS fit.
struct IrlsFit {
    Eigen::VectorXd coefficients;
    Eigen::MatrixXd unscaledCovariance;  ///< (X'WX)^-1 with the weights of the last iteration
    Eigen::VectorXd eta;
    Eigen::VectorXd mu;
    double deviance = 0.0;
    int iterations = 0;
    bool converged = false;
};

/// Iteratively reweighted least squares for the logit link, step for step
/// as R's glm.fit: start from mu = (y + 0.5) / 2, solve the weighted least
/// squares problem for the working response z = eta - offset + (y - mu)/mu',
/// weights mu'^2 / (mu(1-mu)), and stop when
/// |D - D_old| / (|D| + 0.1) < epsilon.
IrlsFit fitIrls(const Eigen::MatrixXd& x, std::span<const double> y, const Eigen::VectorXd& offset,
                double epsilon, int maxIterations) {
    const Eigen::Index n = x.rows();
    IrlsFit fit;
    Eigen::VectorXd mu(n);
    Eigen::VectorXd eta(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        mu(i) = (y[static_cast<std::size_t>(i)] + 0.5) / 2.0;
        eta(i) = std::log(mu(i) / (1.0 - mu(i)));
    }
    double previousDeviance = binomialDeviance(y, mu);
    fit.coefficients = Eigen::VectorXd::Zero(x.cols());

    for (int iteration = 1; iteration <= maxIterations; ++iteration) {
        Eigen::VectorXd sqrtWeights(n);
        Eigen::VectorXd working(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double derivative = inverseLogitDerivative(eta(i));
            const double varianceMu = mu(i) * (1.0 - mu(i));
            working(i) = (eta(i) - offset(i)) + (y[static_cast<std::size_t>(i)] - mu(i)) / derivative;
            sqrtWeights(i) = std::sqrt(derivative * derivative / varianceMu);
        }
        const Eigen::MatrixXd weightedX = sqrtWeights.asDiagonal() * x;
        const Eigen::VectorXd weightedZ = sqrtWeights.cwiseProduct(working);
        const Eigen::HouseholderQR<Eigen::MatrixXd> qr(weightedX);
        fit.coefficients = qr.solve(weightedZ);
        const Eigen::MatrixXd r = qr.matrixQR().topRows(x.cols()).triangularView<Eigen::Upper>();
        const Eigen::MatrixXd rInverse =
            r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(x.cols(), x.cols()));
        fit.unscaledCovariance = rInverse * rInverse.transpose();

        eta = x * fit.coefficients + offset;
        for (Eigen::Index i = 0; i < n; ++i) {
            mu(i) = inverseLogit(eta(i));
        }
        const double deviance = binomialDeviance(y, mu);
        fit.iterations = iteration;
        fit.deviance = deviance;
        if (std::abs(deviance - previousDeviance) / (std::abs(deviance) + 0.1) < epsilon) {
            fit.converged = true;
            break;
        }
        previousDeviance = deviance;
    }
    fit.eta = eta;
    fit.mu = mu;
    return fit;
}

/// Deviance of the model with coefficient `term` fixed at `value` (the other
/// coefficients refitted), for the profile likelihood.
double constrainedDeviance(const Eigen::MatrixXd& design, std::span<const double> y, Eigen::Index term,
                           double value) {
    Eigen::MatrixXd reduced(design.rows(), design.cols() - 1);
    Eigen::Index column = 0;
    for (Eigen::Index j = 0; j < design.cols(); ++j) {
        if (j != term) {
            reduced.col(column++) = design.col(j);
        }
    }
    const Eigen::VectorXd offset = design.col(term) * value;
    if (reduced.cols() == 0) {
        Eigen::VectorXd mu(design.rows());
        for (Eigen::Index i = 0; i < mu.size(); ++i) {
            mu(i) = inverseLogit(offset(i));
        }
        return binomialDeviance(y, mu);
    }
    return fitIrls(reduced, y, offset, 1e-14, 100).deviance;
}

/// Solves f(b) = 0 between a (f < 0) and b (f > 0) by bisection refined
/// with the secant step (Illinois variant) to full double precision.
double solveRoot(const std::function<double(double)>& f, double inside, double outside) {
    double a = inside;
    double b = outside;
    double fa = f(a);
    double fb = f(b);
    int side = 0;
    for (int iteration = 0; iteration < 200; ++iteration) {
        double c = (a * fb - b * fa) / (fb - fa);
        if (!(std::isfinite(c)) || c <= std::min(a, b) || c >= std::max(a, b)) {
            c = a + (b - a) / 2.0;
        }
        const double fc = f(c);
        if (fc == 0.0 || std::abs(b - a) <= 4.0 * kEpsilon * std::max(std::abs(a), std::abs(b))) {
            return c;
        }
        if ((fc < 0.0) == (fa < 0.0)) {
            a = c;
            fa = fc;
            if (side == -1) {
                fb /= 2.0;
            }
            side = -1;
        } else {
            b = c;
            fb = fc;
            if (side == 1) {
                fa /= 2.0;
            }
            side = 1;
        }
    }
    return a + (b - a) / 2.0;
}

/// Profile-likelihood bound for `term` on one side (direction -1 or +1):
/// the b where D(b) - D_hat = chi2_{1, level}.
double profileBound(const Eigen::MatrixXd& design, std::span<const double> y, Eigen::Index term,
                    double estimate, double standardError, double minimumDeviance, double criticalValue,
                    double direction) {
    auto excess = [&](double b) {
        return constrainedDeviance(design, y, term, b) - minimumDeviance - criticalValue;
    };
    double step = standardError;
    double outside = estimate + direction * step;
    for (int expansion = 0; expansion < 60 && excess(outside) < 0.0; ++expansion) {
        step *= 2.0;
        outside = estimate + direction * step;
    }
    if (excess(outside) < 0.0) {
        return direction * std::numeric_limits<double>::infinity();
    }
    return solveRoot(excess, estimate, outside);
}

std::string describeCount(std::size_t count, const char* noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

/// Univariate separation: the predictor's values among events and
/// non-events do not overlap (complete) or only touch (quasi-complete).
bool separatesAlone(const Eigen::VectorXd& values, std::span<const double> y) {
    double maxEvent = -std::numeric_limits<double>::infinity();
    double minEvent = std::numeric_limits<double>::infinity();
    double maxNonEvent = maxEvent;
    double minNonEvent = minEvent;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        if (y[static_cast<std::size_t>(i)] > 0.5) {
            maxEvent = std::max(maxEvent, values(i));
            minEvent = std::min(minEvent, values(i));
        } else {
            maxNonEvent = std::max(maxNonEvent, values(i));
            minNonEvent = std::min(minNonEvent, values(i));
        }
    }
    return maxNonEvent <= minEvent || maxEvent <= minNonEvent;
}

}  // namespace

LogisticFit fitLogistic(const Eigen::MatrixXd& predictors, std::span<const double> outcome,
                        const std::vector<std::string>& names, const LogisticOptions& options) {
    const auto n = static_cast<std::size_t>(predictors.rows());
    const auto p = static_cast<std::size_t>(predictors.cols());
    if (names.size() != p) {
        throw std::invalid_argument("fitLogistic: names must have one entry per predictor column");
    }
    if (outcome.size() != n) {
        throw std::invalid_argument("fitLogistic: outcome length differs from the number of rows");
    }

    // Input checks that name the variable and the fix.
    std::size_t events = 0;
    for (const double value : outcome) {
        if (value != 0.0 && value != 1.0) {
            throw InputError("logistic regression: the outcome must be coded 0/1 but contains " +
                             std::to_string(value) + "; recode it as 0 (no event) and 1 (event)");
        }
        events += value == 1.0 ? 1 : 0;
    }
    if (events == 0 || events == n) {
        throw InputError("logistic regression: the outcome has only one class (" +
                         describeCount(events, "event") + " in " + std::to_string(n) +
                         " rows); both 0 and 1 must occur");
    }
    for (std::size_t j = 0; j < p; ++j) {
        const auto column = predictors.col(static_cast<Eigen::Index>(j));
        if (column.maxCoeff() == column.minCoeff()) {
            throw InputError("logistic regression: predictor '" + names[j] + "' is constant (" +
                             std::to_string(column.maxCoeff()) +
                             " in every row); remove it from the predictors");
        }
    }
    if (n <= p + 1) {
        throw InputError("logistic regression: " + std::to_string(n) + " complete rows are too few for " +
                         describeCount(p, "predictor") + "; use fewer predictors");
    }

    Eigen::MatrixXd design(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p + 1));
    design.col(0).setOnes();
    design.rightCols(static_cast<Eigen::Index>(p)) = predictors;

    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> rankCheck(design);
    if (static_cast<std::size_t>(rankCheck.rank()) < p + 1) {
        throw InputError(
            "logistic regression: the predictors are collinear (one is a linear combination of the "
            "others); remove redundant predictors");
    }

    for (std::size_t j = 0; j < p; ++j) {
        if (separatesAlone(predictors.col(static_cast<Eigen::Index>(j)), outcome)) {
            throw InputError(
                "logistic regression: predictor '" + names[j] +
                "' separates the outcome classes completely or quasi-completely, so its odds ratio "
                "is infinite; remove it, merge its categories, or use penalised regression");
        }
    }

    const Eigen::VectorXd zeroOffset = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
    const IrlsFit fit = fitIrls(design, outcome, zeroOffset, options.epsilon, options.maxIterations);

    // Separation by a combination of predictors: the maximum-likelihood
    // estimate does not exist and further Newton steps keep moving the
    // coefficients along the separating direction instead of settling.
    const IrlsFit further = fitIrls(design, outcome, zeroOffset, 1e-15, options.maxIterations + 30);
    const Eigen::VectorXd drift = further.coefficients - fit.coefficients;
    if (!fit.converged || drift.norm() > 1e-3 * (1.0 + fit.coefficients.norm())) {
        Eigen::Index worst = 1;
        double worstDrift = -1.0;
        for (Eigen::Index j = 1; j < design.cols(); ++j) {
            const Eigen::VectorXd centered = design.col(j).array() - design.col(j).mean();
            const double scaled = std::abs(drift(j)) * std::sqrt(centered.squaredNorm());
            if (scaled > worstDrift) {
                worstDrift = scaled;
                worst = j;
            }
        }
        throw InputError(
            "logistic regression: the model does not converge because the predictors separate the "
            "outcome classes (quasi-)completely, driven by '" +
            names[static_cast<std::size_t>(worst - 1)] +
            "'; remove that predictor or use penalised regression");
    }

    LogisticFit result;
    result.n = n;
    result.events = events;
    result.deviance = fit.deviance;
    result.iterations = fit.iterations;
    result.converged = fit.converged;
    result.covariance = fit.unscaledCovariance;
    result.dfResidual = static_cast<double>(n - p - 1);
    result.dfNull = static_cast<double>(n - 1);
    const double eventRate = static_cast<double>(events) / static_cast<double>(n);
    result.nullDeviance = -2.0 * (static_cast<double>(events) * std::log(eventRate) +
                                  static_cast<double>(n - events) * std::log(1.0 - eventRate));
    result.logLikelihood = -fit.deviance / 2.0;
    result.aic = fit.deviance + 2.0 * static_cast<double>(p + 1);
    result.lrChiSquare = result.nullDeviance - result.deviance;
    result.lrDf = static_cast<double>(p);
    result.lrPValue = detail::chiSquareCdf(result.lrChiSquare, result.lrDf, true);
    result.linearPredictor.assign(fit.eta.data(), fit.eta.data() + fit.eta.size());
    result.fittedProbabilities.assign(fit.mu.data(), fit.mu.data() + fit.mu.size());

    const double alpha = 1.0 - options.confidenceLevel;
    const double zCritical = detail::normalQuantile(1.0 - alpha / 2.0);
    const double chiSquareCritical = detail::chiSquareQuantile(options.confidenceLevel, 1.0);
    for (std::size_t j = 0; j <= p; ++j) {
        const auto index = static_cast<Eigen::Index>(j);
        LogisticTerm term;
        term.name = j == 0 ? "(Intercept)" : names[j - 1];
        term.estimate = fit.coefficients(index);
        term.standardError = std::sqrt(fit.unscaledCovariance(index, index));
        term.z = term.estimate / term.standardError;
        term.pValue = 2.0 * detail::normalCdf(-std::abs(term.z));
        term.oddsRatio = std::exp(term.estimate);
        term.waldLow = term.estimate - zCritical * term.standardError;
        term.waldHigh = term.estimate + zCritical * term.standardError;
        term.profileLow = std::numeric_limits<double>::quiet_NaN();
        term.profileHigh = term.profileLow;
        if (options.profileIntervals) {
            term.profileLow = profileBound(design, outcome, index, term.estimate, term.standardError,
                                           fit.deviance, chiSquareCritical, -1.0);
            term.profileHigh = profileBound(design, outcome, index, term.estimate, term.standardError,
                                            fit.deviance, chiSquareCritical, 1.0);
        }
        result.terms.push_back(term);
    }
    spdlog::debug("logistic regression: {} rows, {} predictors, deviance {} after {} IRLS iterations", n, p,
                  fit.deviance, fit.iterations);
    return result;
}

double fitInterceptWithOffset(std::span<const double> offset, std::span<const double> outcome) {
    const auto n = static_cast<Eigen::Index>(outcome.size());
    const Eigen::MatrixXd design = Eigen::MatrixXd::Ones(n, 1);
    Eigen::VectorXd offsetVector(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        offsetVector(i) = offset[static_cast<std::size_t>(i)];
    }
    return fitIrls(design, outcome, offsetVector, 1e-14, 100).coefficients(0);
}

}  // namespace pulmorad::stats

#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace pulmorad::stats {

struct LogisticOptions {
    /// Convergence when |dev - dev_old| / (|dev| + 0.1) < epsilon, as R's glm.
    double epsilon = 1e-8;
    int maxIterations = 25;
    /// Compute profile-likelihood CIs (one constrained refit per bound).
    bool profileIntervals = true;
    double confidenceLevel = 0.95;
};

/// One model term: the intercept or a predictor.
struct LogisticTerm {
    std::string name;  ///< "(Intercept)" or the predictor name
    double estimate = 0.0;
    double standardError = 0.0;
    double z = 0.0;       ///< Wald z = estimate / SE
    double pValue = 0.0;  ///< two-sided Wald p
    double oddsRatio = 0.0;
    double waldLow = 0.0;  ///< Wald CI on the logit scale
    double waldHigh = 0.0;
    double profileLow = 0.0;  ///< profile-likelihood CI on the logit scale (NaN when not computed)
    double profileHigh = 0.0;
};

struct LogisticFit {
    std::vector<LogisticTerm> terms;  ///< intercept first, then predictors in input order
    std::size_t n = 0;
    std::size_t events = 0;
    double deviance = 0.0;
    double nullDeviance = 0.0;
    double dfResidual = 0.0;
    double dfNull = 0.0;
    double aic = 0.0;
    double logLikelihood = 0.0;
    double lrChiSquare = 0.0;  ///< null deviance - deviance
    double lrDf = 0.0;
    double lrPValue = 0.0;
    int iterations = 0;
    bool converged = false;
    Eigen::MatrixXd covariance;  ///< inverse Fisher information, term order
    std::vector<double> linearPredictor;
    std::vector<double> fittedProbabilities;
};

/// Fits \f$\operatorname{logit} P(y=1) = \beta_0 + x^\top\beta\f$ by iteratively
/// reweighted least squares as R's glm(family = binomial), with Wald and
/// profile-likelihood intervals (the profile CI solves
/// \f$D(\beta_j = b) - \hat D = \chi^2_{1,0.95}\f$ by root finding).
///
/// `predictors` is n x p (no intercept column), `outcome` holds 0/1, `names`
/// has p entries. Throws InputError naming the variable when the outcome is
/// not 0/1 or has one class, a predictor is constant or collinear, or the
/// data show complete or quasi-complete separation (reported instead of a
/// huge coefficient).
LogisticFit fitLogistic(const Eigen::MatrixXd& predictors, std::span<const double> outcome,
                        const std::vector<std::string>& names, const LogisticOptions& options = {});

/// Fits the intercept-only model with a fixed offset,
/// \f$\operatorname{logit} P(y=1) = \alpha + \text{offset}\f$, and returns \f$\hat\alpha\f$
/// (R: glm(y ~ 1 + offset(o), binomial)).
double fitInterceptWithOffset(std::span<const double> offset, std::span<const double> outcome);

}  // namespace pulmorad::stats

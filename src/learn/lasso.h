#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <span>
#include <vector>

namespace pulmorad::learn {

/// Settings of the LASSO logistic path; the defaults are glmnet's.
struct LassoOptions {
    /// Number of lambdas on the automatic path (glmnet's nlambda).
    int lambdaCount = 100;
    /// Smallest lambda as a fraction of lambda_max; 0 selects glmnet's
    /// default, 1e-4 when n > p and 1e-2 otherwise.
    double lambdaMinRatio = 0.0;
    /// A fixed, decreasing lambda sequence. When set, the path is computed at
    /// exactly these values and never stops early.
    std::vector<double> lambdas;
    /// Convergence threshold (glmnet's thresh): coordinate descent stops when
    /// every weighted squared coefficient change \f$ x_j^\top W x_j\,\Delta\beta_j^2 \f$
    /// is below thresh times the null deviance per observation / 2.
    double threshold = 1e-7;
    /// Maximum number of coordinate-descent passes over all lambdas (maxit).
    long maxPasses = 100000;
};

/// A fitted LASSO logistic path. Coefficients are on the scale of the input
/// columns (glmnet reports them the same way).
struct LassoPath {
    std::vector<double> lambdas;
    std::vector<double> intercepts;
    Eigen::MatrixXd coefficients;        ///< p x (number of lambdas)
    std::vector<int> nonzeroCounts;      ///< glmnet's df
    std::vector<double> devianceRatios;  ///< 1 - deviance / null deviance (glmnet's dev.ratio)
    double nullDeviance = 0.0;
    long passes = 0;  ///< coordinate-descent passes used
};

/// Fits the binomial LASSO path with glmnet's algorithm. It minimises
/// \f[ -\frac1n \sum_i \bigl[y_i\eta_i - \log(1+e^{\eta_i})\bigr] + \lambda \sum_j s_j |\beta_j|,
///     \qquad \eta_i = \beta_0 + x_i^\top\beta, \f]
/// where \f$ s_j \f$ is the population SD of column j (the features are
/// standardised internally; the intercept is not penalised).
///
/// The lambda sequence starts at \f$ \lambda_{max} = \max_j |\tilde x_j^\top (y-\bar y)|/n \f$
/// (standardised columns), the smallest value at which every coefficient is
/// zero, and falls geometrically to lambdaMinRatio x lambda_max. Each lambda
/// is solved from the previous solution (warm start): the log-likelihood is
/// replaced by its quadratic approximation at the current fit (one IRLS
/// step) and that weighted least-squares LASSO is solved by cyclic
/// coordinate descent with soft thresholding,
/// \f[ \beta_j \leftarrow \frac{S\bigl(\tilde x_j^\top r + v_j\beta_j,\ \lambda\bigr)}{v_j},
///     \qquad v_j = \sum_i w_i p_i(1-p_i)\tilde x_{ij}^2, \f]
/// sweeping the strong-rule candidates and then the active set until
/// converged, then re-approximating until the fit stops moving and no
/// excluded feature violates the KKT condition. As in glmnet, the deviance
/// ratio of each path point uses probabilities clipped to
/// \f$ [10^{-5}, 1-10^{-5}] \f$, and an automatic path stops early (after at
/// least 5 lambdas) when that ratio exceeds 0.999 or grows by less than 1e-5.
///
/// `x` is n x p, and `y` contains 0/1. Columns that are constant get coefficient 0
/// throughout. Throws InputError when a class has fewer than 2 patients
/// relative to n (glmnet's 1e-5 bound on the event rate) or the sizes differ.
LassoPath fitLassoPath(const Eigen::MatrixXd& x, std::span<const int> y, const LassoOptions& options = {});

/// Linear predictor \f$ \beta_0 + x_i^\top \beta \f$ of every row of `x` at
/// path position `lambdaIndex` (the Rad-score when the features are radiomic).
std::vector<double> linearPredictor(const LassoPath& path, std::size_t lambdaIndex, const Eigen::MatrixXd& x);

/// Linear predictor at an arbitrary `lambda`, as glmnet's predict(fit, s = lambda):
/// `lambda` is clamped into the path's range, and the intercept and
/// coefficients are interpolated linearly between the two neighbouring path
/// points, in the path position scaled to [0, 1] (glmnet's lambda.interp).
std::vector<double> interpolatedLinearPredictor(const LassoPath& path, double lambda, const Eigen::MatrixXd& x);

/// The penalised objective that fitLassoPath minimises, evaluated at the given
/// original-scale coefficients (for comparing solutions of different solvers).
double lassoObjective(const Eigen::MatrixXd& x, std::span<const int> y, double intercept,
                      const Eigen::VectorXd& coefficients, double lambda);

/// K-fold cross-validation of the LASSO path by binomial deviance, as
/// cv.glmnet(type.measure = "deviance").
struct LassoCrossValidation {
    LassoPath path;                    ///< fit on all rows
    Eigen::MatrixXd foldMeanDeviance;  ///< folds x lambdas: mean held-out deviance
    std::vector<double> foldSizes;
    std::vector<double> cvMean;           ///< cvm
    std::vector<double> cvStandardError;  ///< cvsd
    std::size_t indexMin = 0;             ///< 0-based position of lambda.min
    std::size_t index1se = 0;             ///< 0-based position of lambda.1se
    double lambdaMin = 0.0;
    double lambda1se = 0.0;
};

/// Fits the path on all rows, then fits each fold's complement as
/// cv.glmnet 4.1 does: with its own automatic lambda sequence (its own
/// lambda_max and early stop; the caller's fixed lambdas when
/// options.lambdas is set), evaluated at the full-data lambdas through
/// interpolatedLinearPredictor. The held-out rows are scored by deviance
/// \f$ -2[y\log p + (1-y)\log(1-p)] \f$ with p clipped to
/// \f$ [10^{-5}, 1-10^{-5}] \f$. With fold means \f$ d_k \f$ and fold sizes \f$ N_k \f$:
/// \f[ \mathrm{cvm} = \frac{\sum_k N_k d_k}{\sum_k N_k}, \qquad
///     \mathrm{cvsd} = \sqrt{\frac{\sum_k N_k (d_k-\mathrm{cvm})^2}{(K-1)\sum_k N_k}}. \f]
/// lambda.min is the largest lambda with the minimal cvm and lambda.1se the
/// largest lambda with cvm within one cvsd of that minimum.
///
/// `foldOfRow` contains 0-based fold numbers 0..K-1 (K >= 2, every fold used).
/// Throws InputError when a fold is empty or a fold's training part lacks a
/// class.
LassoCrossValidation crossValidateLasso(const Eigen::MatrixXd& x, std::span<const int> y,
                                        std::span<const int> foldOfRow, const LassoOptions& options = {});

}  // namespace pulmorad::learn

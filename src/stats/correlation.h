#pragma once

#include <cstddef>
#include <span>

namespace pulmorad::stats {

/// Pearson product-moment correlation (NaN when either input is constant).
double pearsonCorrelation(std::span<const double> x, std::span<const double> y);

/// Spearman's rho: the Pearson correlation of average ranks.
double spearmanCorrelation(std::span<const double> x, std::span<const double> y);

struct PearsonResult {
    std::size_t n = 0;
    double r = 0.0;
    double t = 0.0;   ///< \f$ t = r\sqrt{(n-2)/(1-r^2)} \f$
    double df = 0.0;  ///< n - 2
    double pValue = 0.0;
    double confidenceLow = 0.0;  ///< Fisher z interval (NaN when n < 4)
    double confidenceHigh = 0.0;
};

/// Pearson correlation test as R's cor.test(method = "pearson"). Throws
/// InputError for fewer than 3 pairs, different lengths or a constant input.
PearsonResult pearsonTest(std::span<const double> x, std::span<const double> y,
                          double confidenceLevel = 0.95);

/// Which approximation gave the Spearman p-value.
enum class SpearmanPMethod {
    ExactEnumeration,  ///< AS 89 full enumeration (n <= 9, no ties)
    Edgeworth,         ///< AS 89 Edgeworth series (9 < n <= 1290, no ties)
    TApproximation,    ///< t with n - 2 df (ties, large n, or requested)
};

struct SpearmanResult {
    std::size_t n = 0;
    double rho = 0.0;
    double s = 0.0;  ///< \f$ S = (n^3-n)(1-\rho)/6 \f$
    double pValue = 0.0;
    SpearmanPMethod method = SpearmanPMethod::TApproximation;
    bool ties = false;
};

/// Spearman rank-correlation test as R's cor.test(method = "spearman"):
/// with `allowExact` (R's exact = NULL) the AS 89 p-value is used when there
/// are no ties and n <= 1290; otherwise the t approximation.
SpearmanResult spearmanTest(std::span<const double> x, std::span<const double> y, bool allowExact = true);

}  // namespace pulmorad::stats

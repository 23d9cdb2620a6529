#include "stats/correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/descriptive.h"
#include "stats/distributions.h"

namespace pulmorad::stats {
namespace {

void checkPairs(std::span<const double> x, std::span<const double> y, std::size_t minimum,
                const std::string& test) {
    if (x.size() != y.size()) {
        throw InputError(test + ": the two variables have different lengths (" + std::to_string(x.size()) +
                         " and " + std::to_string(y.size()) + ")");
    }
    if (x.size() < minimum) {
        throw InputError(test + ": " + std::to_string(x.size()) + " complete pairs are too few; at least " +
                         std::to_string(minimum) + " are needed");
    }
}

/// AS 89 (Best and Roberts 1975): P(S >= s) for Spearman's S with n pairs,
/// or P(S < s) when lowerTail. Exact enumeration of all n! permutations for
/// n <= 9, an Edgeworth series otherwise.
double spearmanTailProbability(std::size_t n, double s, bool lowerTail) {
    double p = lowerTail ? 0.0 : 1.0;
    if (n <= 1 || s <= 0.0) {
        return p;
    }
    const double nd = static_cast<double>(n);
    const double maximum = nd * (nd * nd - 1.0) / 3.0;
    if (s > maximum) {
        return 1.0 - p;
    }
    if (n <= 9) {
        std::vector<int> permutation(n);
        for (std::size_t i = 0; i < n; ++i) {
            permutation[i] = static_cast<int>(i + 1);
        }
        double atLeast = 0.0;
        double count = 0.0;
        do {
            double sumSquares = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                const double d = static_cast<double>(static_cast<int>(i + 1) - permutation[i]);
                sumSquares += d * d;
            }
            if (s <= sumSquares) {
                atLeast += 1.0;
            }
            count += 1.0;
        } while (std::next_permutation(permutation.begin(), permutation.end()));
        if (s == maximum) {
            atLeast = 1.0;
        }
        return (lowerTail ? count - atLeast : atLeast) / count;
    }
    // Edgeworth series expansion with the AS 89 coefficients.
    constexpr double c1 = 0.2274, c2 = 0.2531, c3 = 0.1745, c4 = 0.0758, c5 = 0.1033, c6 = 0.3932,
                     c7 = 0.0879, c8 = 0.0151, c9 = 0.0072, c10 = 0.0831, c11 = 0.0131, c12 = 4.6e-4;
    const double b = 1.0 / nd;
    const double x = (6.0 * (s - 1.0) * b / (nd * nd - 1.0) - 1.0) * std::sqrt(nd - 1.0);
    double y = x * x;
    const double u = x * b *
                     (c1 + b * (c2 + c3 * b) +
                      y * (-c4 + b * (c5 + c6 * b) -
                           y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
    y = u / std::exp(y / 2.0);
    p = (lowerTail ? -y : y) + detail::normalCdf(x, !lowerTail);
    return std::clamp(p, 0.0, 1.0);
}

}  // namespace

double pearsonCorrelation(std::span<const double> x, std::span<const double> y) {
    const double meanX = mean(x);
    const double meanY = mean(y);
    double sxx = 0.0;
    double syy = 0.0;
    double sxy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double dx = x[i] - meanX;
        const double dy = y[i] - meanY;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx == 0.0 || syy == 0.0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::clamp(sxy / (std::sqrt(sxx) * std::sqrt(syy)), -1.0, 1.0);
}

double spearmanCorrelation(std::span<const double> x, std::span<const double> y) {
    const std::vector<double> rankX = averageRanks(x);
    const std::vector<double> rankY = averageRanks(y);
    return pearsonCorrelation(rankX, rankY);
}

/// \f$ t = r\sqrt{n-2}/\sqrt{1-r^2} \f$ with n - 2 df; CI
/// \f$ \tanh(\operatorname{atanh} r \pm z_{1-\alpha/2}/\sqrt{n-3}) \f$.
PearsonResult pearsonTest(std::span<const double> x, std::span<const double> y, double confidenceLevel) {
    checkPairs(x, y, 3, "Pearson correlation test");
    PearsonResult result;
    result.n = x.size();
    result.r = pearsonCorrelation(x, y);
    if (std::isnan(result.r)) {
        throw InputError(
            "Pearson correlation test: one variable is constant, so the correlation is undefined");
    }
    result.df = static_cast<double>(result.n) - 2.0;
    result.t = std::sqrt(result.df) * result.r / std::sqrt(1.0 - result.r * result.r);
    result.pValue = 2.0 * std::min(detail::studentTCdf(result.t, result.df),
                                   detail::studentTCdf(result.t, result.df, true));
    result.confidenceLow = std::numeric_limits<double>::quiet_NaN();
    result.confidenceHigh = result.confidenceLow;
    if (result.n > 3) {
        const double z = std::atanh(result.r);
        const double sigma = 1.0 / std::sqrt(static_cast<double>(result.n) - 3.0);
        const double q = detail::normalQuantile((1.0 + confidenceLevel) / 2.0);
        result.confidenceLow = std::tanh(z - sigma * q);
        result.confidenceHigh = std::tanh(z + sigma * q);
    }
    return result;
}

/// \f$ S = (n^3-n)(1-\rho)/6 \f$; two-sided p = min(2 P(tail), 1), the tail
/// taken on the side of S away from its mean \f$(n^3-n)/6\f$.
SpearmanResult spearmanTest(std::span<const double> x, std::span<const double> y, bool allowExact) {
    checkPairs(x, y, 2, "Spearman correlation test");
    SpearmanResult result;
    result.n = x.size();
    const double n = static_cast<double>(result.n);
    result.rho = spearmanCorrelation(x, y);
    if (std::isnan(result.rho)) {
        throw InputError(
            "Spearman correlation test: one variable is constant, so the correlation is undefined");
    }
    const std::set<double> distinctX(x.begin(), x.end());
    const std::set<double> distinctY(y.begin(), y.end());
    result.ties = std::min(distinctX.size(), distinctY.size()) < result.n;
    result.s = (n * n * n - n) * (1.0 - result.rho) / 6.0;

    const bool exact = allowExact && !result.ties && result.n <= 1290;
    const bool upper = result.s > (n * n * n - n) / 6.0;
    double tail = 0.0;
    if (exact) {
        // R hands AS 89 round(S) + 2 for the lower tail (P(S < s) there
        // means P(S <= round(S)) on the even-valued support).
        const double rounded = std::round(result.s) + (upper ? 0.0 : 2.0);
        tail = spearmanTailProbability(result.n, rounded, !upper);
        result.method = result.n <= 9 ? SpearmanPMethod::ExactEnumeration : SpearmanPMethod::Edgeworth;
    } else {
        const double rho = 1.0 - result.s / (n * (n * n - 1.0) / 6.0);
        const double t = rho / std::sqrt((1.0 - rho * rho) / (n - 2.0));
        tail = detail::studentTCdf(t, n - 2.0, !upper);
        result.method = SpearmanPMethod::TApproximation;
    }
    result.pValue = std::min(2.0 * tail, 1.0);
    return result;
}

}  // namespace pulmorad::stats

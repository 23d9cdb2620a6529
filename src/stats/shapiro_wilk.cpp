#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/distributions.h"
#include "stats/tests.h"

namespace pulmorad::stats {
namespace {

/// Evaluates c[0] + c[1] x + ... + c[k-1] x^(k-1) (AS 181.2 ordering).
template <std::size_t K>
double polynomial(const std::array<double, K>& c, double x) {
    double result = c[K - 1];
    for (std::size_t j = K - 1; j-- > 0;) {
        result = result * x + c[j];
    }
    return result;
}

/// Royston's coefficients a_1..a_{n/2} (index 0 unused), AS R94.
std::vector<double> shapiroWilkCoefficients(std::size_t n) {
    const std::size_t half = n / 2;
    std::vector<double> a(half + 1, 0.0);
    if (n == 3) {
        a[1] = std::sqrt(0.5);
        return a;
    }
    constexpr std::array<double, 6> c1 = {0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056};
    constexpr std::array<double, 6> c2 = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};

    const double nd = static_cast<double>(n);
    double sumSquares = 0.0;
    for (std::size_t i = 1; i <= half; ++i) {
        a[i] = detail::normalQuantile((static_cast<double>(i) - 0.375) / (nd + 0.25));
        sumSquares += a[i] * a[i];
    }
    sumSquares *= 2.0;
    const double rootSum = std::sqrt(sumSquares);
    const double u = 1.0 / std::sqrt(nd);
    const double a1 = polynomial(c1, u) - a[1] / rootSum;

    // The two largest coefficients come from Royston's polynomials; the
    // rest are the normal scores rescaled so that sum(a^2) = 1.
    std::size_t firstScaled = 2;
    double scale = 0.0;
    if (n > 5) {
        firstScaled = 3;
        const double a2 = -a[2] / rootSum + polynomial(c2, u);
        scale = std::sqrt((sumSquares - 2.0 * a[1] * a[1] - 2.0 * a[2] * a[2]) /
                          (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2));
        a[2] = a2;
    } else {
        scale = std::sqrt((sumSquares - 2.0 * a[1] * a[1]) / (1.0 - 2.0 * a1 * a1));
    }
    a[1] = a1;
    for (std::size_t i = firstScaled; i <= half; ++i) {
        a[i] /= -scale;
    }
    return a;
}

/// Significance of W by Royston's normalising transformation.
double shapiroWilkPValue(double w, double oneMinusW, std::size_t n) {
    if (n == 3) {
        // Exact for n = 3: p = (6/pi) (asin(sqrt(W)) - asin(sqrt(3/4))).
        constexpr double sixOverPi = 1.90985931710274;
        constexpr double asinRootThreeQuarters = 1.04719755119660;
        return std::max(0.0, sixOverPi * (std::asin(std::sqrt(w)) - asinRootThreeQuarters));
    }
    constexpr std::array<double, 2> gamma = {-2.273, 0.459};
    constexpr std::array<double, 4> c3 = {0.544, -0.39978, 0.025054, -6.714e-4};
    constexpr std::array<double, 4> c4 = {1.3822, -0.77857, 0.062767, -0.0020322};
    constexpr std::array<double, 4> c5 = {-1.5861, -0.31082, -0.083751, 0.0038915};
    constexpr std::array<double, 3> c6 = {-0.4803, -0.082676, 0.0030302};

    const double nd = static_cast<double>(n);
    double y = std::log(oneMinusW);
    double mu = 0.0;
    double sigma = 0.0;
    if (n <= 11) {
        const double g = polynomial(gamma, nd);
        if (y >= g) {
            return 1e-99;  // W so small that the transformation breaks down (AS R94)
        }
        y = -std::log(g - y);
        mu = polynomial(c3, nd);
        sigma = std::exp(polynomial(c4, nd));
    } else {
        const double logN = std::log(nd);
        mu = polynomial(c5, logN);
        sigma = std::exp(polynomial(c6, logN));
    }
    return detail::normalCdf((y - mu) / sigma, true);
}

}  // namespace

ShapiroWilkResult shapiroWilk(std::span<const double> values) {
    std::vector<double> x(values.begin(), values.end());
    const std::size_t n = x.size();
    if (n < 3 || n > 5000) {
        throw InputError("Shapiro-Wilk test: sample size " + std::to_string(n) +
                         " is outside 3..5000; use at least 3 and at most 5000 values");
    }
    std::sort(x.begin(), x.end());
    double range = x[n - 1] - x[0];
    if (range < 1e-10) {
        throw InputError("Shapiro-Wilk test: all " + std::to_string(n) +
                         " values are identical; normality cannot be tested on a constant variable");
    }
    // Rescaling by the range guards the 1e-19 zero-range check inside AS R94.
    if (range * (1.0 + 1e-10) > 1.0) {
        for (double& v : x) {
            v /= range;
        }
        range = x[n - 1] - x[0];
    }

    const std::vector<double> a = shapiroWilkCoefficients(n);
    const double nd = static_cast<double>(n);

    // W is the squared correlation between the data and the coefficients;
    // the antisymmetric coefficient for position i is -a_{i+1} in the lower
    // half and a_{n-i} in the upper half.
    auto coefficientAt = [&](std::size_t i) {
        const std::size_t j = n - 1 - i;
        if (i == j) {
            return 0.0;
        }
        return i < j ? -a[1 + i] : a[1 + j];
    };
    double meanA = 0.0;
    double meanX = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        meanA += coefficientAt(i);
        meanX += x[i] / range;
    }
    meanA /= nd;
    meanX /= nd;
    double ssa = 0.0;
    double ssx = 0.0;
    double sax = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double da = coefficientAt(i) - meanA;
        const double dx = x[i] / range - meanX;
        ssa += da * da;
        ssx += dx * dx;
        sax += da * dx;
    }
    // 1 - W computed directly avoids cancellation when W is close to 1.
    const double root = std::sqrt(ssa * ssx);
    const double oneMinusW = (root - sax) * (root + sax) / (ssa * ssx);
    const double w = 1.0 - oneMinusW;

    ShapiroWilkResult result;
    result.n = n;
    result.w = w;
    result.pValue = shapiroWilkPValue(w, oneMinusW, n);
    return result;
}

}  // namespace pulmorad::stats

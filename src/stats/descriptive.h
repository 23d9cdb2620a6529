#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace pulmorad::stats {

/// Arithmetic mean \f$\bar x = \frac1n\sum_i x_i\f$. NaN for an empty input.
double mean(std::span<const double> values);

/// Sample variance \f$s^2 = \frac{1}{n-1}\sum_i (x_i-\bar x)^2\f$ (two-pass,
/// as R's var). NaN when n < 2.
double variance(std::span<const double> values);

/// Sample standard deviation \f$s = \sqrt{s^2}\f$. NaN when n < 2.
double standardDeviation(std::span<const double> values);

/// Quantile of type 7 (R's default, Hyndman and Fan 1996): with the sorted
/// values \f$x_{(1)}\le\dots\le x_{(n)}\f$, \f$h = (n-1)p\f$,
/// \f[ Q(p) = x_{(\lfloor h\rfloor+1)} + (h-\lfloor h\rfloor)\,(x_{(\lfloor h\rfloor+2)} - x_{(\lfloor
/// h\rfloor+1)}). \f] `probability` must be in [0, 1]. NaN for an empty input.
double quantileType7(std::span<const double> values, double probability);

/// Median (type-7 quantile at 0.5, the same as R's median).
double median(std::span<const double> values);

/// Average ranks (1-based) with ties given the mean of the ranks they span,
/// as R's rank(ties.method = "average").
std::vector<double> averageRanks(std::span<const double> values);

/// Summary of one continuous variable.
struct Summary {
    std::size_t n = 0;
    double mean = 0.0;
    double standardDeviation = 0.0;
    double median = 0.0;
    double firstQuartile = 0.0;  ///< type-7 quantile at 0.25
    double thirdQuartile = 0.0;  ///< type-7 quantile at 0.75
    double minimum = 0.0;
    double maximum = 0.0;
};

/// Computes Summary; NaN fields when n is too small for them.
Summary summarize(std::span<const double> values);

}  // namespace pulmorad::stats

#include "stats/descriptive.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace pulmorad::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double mean(std::span<const double> values) {
    if (values.empty()) {
        return kNaN;
    }
    // Second pass corrects the rounding error of the first, as R's mean does.
    const double n = static_cast<double>(values.size());
    double first = 0.0;
    for (const double v : values) {
        first += v;
    }
    first /= n;
    double correction = 0.0;
    for (const double v : values) {
        correction += v - first;
    }
    return first + correction / n;
}

double variance(std::span<const double> values) {
    if (values.size() < 2) {
        return kNaN;
    }
    const double center = mean(values);
    double sum = 0.0;
    for (const double v : values) {
        sum += (v - center) * (v - center);
    }
    return sum / static_cast<double>(values.size() - 1);
}

double standardDeviation(std::span<const double> values) { return std::sqrt(variance(values)); }

double quantileType7(std::span<const double> values, double probability) {
    if (values.empty()) {
        return kNaN;
    }
    if (!(probability >= 0.0 && probability <= 1.0)) {
        throw std::invalid_argument("quantileType7: probability must be in [0, 1]");
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const double h = static_cast<double>(sorted.size() - 1) * probability;
    const double lowerIndex = std::floor(h);
    const auto lower = static_cast<std::size_t>(lowerIndex);
    const double fraction = h - lowerIndex;
    if (lower + 1 >= sorted.size() || fraction == 0.0) {
        return sorted[lower];
    }
    // R's quantile.default writes the interpolation as (1-h)x_lo + h x_hi.
    return (1.0 - fraction) * sorted[lower] + fraction * sorted[lower + 1];
}

double median(std::span<const double> values) {
    if (values.empty()) {
        return kNaN;
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const std::size_t half = sorted.size() / 2;
    if (sorted.size() % 2 == 1) {
        return sorted[half];
    }
    return (sorted[half - 1] + sorted[half]) / 2.0;
}

std::vector<double> averageRanks(std::span<const double> values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(n);
    std::size_t start = 0;
    while (start < n) {
        std::size_t end = start + 1;
        while (end < n && values[order[end]] == values[order[start]]) {
            ++end;
        }
        // Positions start..end-1 (0-based) share the mean rank (start+1 + end) / 2.
        const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
        for (std::size_t k = start; k < end; ++k) {
            ranks[order[k]] = rank;
        }
        start = end;
    }
    return ranks;
}

Summary summarize(std::span<const double> values) {
    Summary summary;
    summary.n = values.size();
    summary.mean = mean(values);
    summary.standardDeviation = standardDeviation(values);
    summary.median = median(values);
    summary.firstQuartile = quantileType7(values, 0.25);
    summary.thirdQuartile = quantileType7(values, 0.75);
    if (values.empty()) {
        summary.minimum = kNaN;
        summary.maximum = kNaN;
    } else {
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        summary.minimum = *low;
        summary.maximum = *high;
    }
    return summary;
}

}  // namespace pulmorad::stats

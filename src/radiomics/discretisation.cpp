#include "radiomics/discretisation.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace pulmorad::radiomics {

namespace {

/// Python's floored modulo for floats: the result has the sign of `divisor`.
double flooredModulo(double value, double divisor) {
    double remainder = std::fmod(value, divisor);
    if (remainder != 0.0 && ((divisor < 0.0) != (remainder < 0.0))) {
        remainder += divisor;
    }
    return remainder;
}

std::vector<double> fixedWidthEdges(double minimum, double maximum, double width) {
    double lowBound = minimum - flooredModulo(minimum, width);
    double highBound = maximum + 2.0 * width;

    // numpy.arange makes ceil((stop - start) / step) values. From the third
    // on, value i is start + i * (second - start), which can differ from
    // start + i * step in the last bit.
    auto count = static_cast<std::size_t>(std::ceil((highBound - lowBound) / width));
    std::vector<double> edges(count);
    if (count > 0) {
        edges[0] = lowBound;
    }
    if (count > 1) {
        edges[1] = lowBound + width;
        double delta = edges[1] - lowBound;
        for (std::size_t i = 2; i < count; ++i) {
            edges[i] = lowBound + static_cast<double>(i) * delta;
        }
    }

    // A single edge cannot form a bin; PyRadiomics then uses one bin of width 1
    // around it, as numpy.histogram does for one bin over a flat region.
    if (edges.size() == 1) {
        edges = {edges[0] - 0.5, edges[0] + 0.5};
    }
    return edges;
}

std::vector<double> fixedCountEdges(double minimum, double maximum, int count) {
    double first = minimum;
    double last = maximum;
    if (first == last) {
        first -= 0.5;
        last += 0.5;
    }

    // numpy.linspace(first, last, count + 1): i * step + first, last exact.
    std::vector<double> edges(static_cast<std::size_t>(count) + 1);
    double step = (last - first) / static_cast<double>(count);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        edges[i] = static_cast<double>(i) * step + first;
    }
    edges.back() = last;
    edges.back() += 1.0;  // puts the maximum into the top bin under digitize's half-open bins
    return edges;
}

}  // namespace

std::vector<double> binEdges(const std::vector<double>& values, const DiscretisationSettings& settings) {
    auto [minimumIt, maximumIt] = std::minmax_element(values.begin(), values.end());
    std::vector<double> edges = settings.binCount
                                    ? fixedCountEdges(*minimumIt, *maximumIt, *settings.binCount)
                                    : fixedWidthEdges(*minimumIt, *maximumIt, settings.binWidth);
    spdlog::debug("Discretisation: {} bins from {} to {}", edges.size() - 1, edges.front(), edges.back());
    return edges;
}

int digitize(double value, const std::vector<double>& edges) {
    return static_cast<int>(std::upper_bound(edges.begin(), edges.end(), value) - edges.begin());
}

}  // namespace pulmorad::radiomics

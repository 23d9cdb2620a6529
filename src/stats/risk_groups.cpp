#include "stats/risk_groups.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace pulmorad::stats {

std::vector<RiskGroup> riskGroups(const std::vector<double>& predicted, const std::vector<double>& outcome,
                                  std::size_t groupCount) {
    if (predicted.size() != outcome.size()) {
        throw std::invalid_argument("riskGroups: predicted and outcome differ in length");
    }
    if (groupCount == 0) {
        throw std::invalid_argument("riskGroups: groupCount is 0");
    }
    std::vector<std::size_t> order(predicted.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return predicted[a] < predicted[b]; });

    const std::size_t n = order.size();
    std::vector<RiskGroup> groups;
    std::size_t from = 0;
    for (std::size_t k = 1; k <= groupCount && from < n; ++k) {
        // The count that group k must reach, ceil(k n / g), in integer
        // arithmetic. When a tie run has already carried the previous group
        // past it, cut point k equals cut point k - 1 and adds no group.
        std::size_t to = k == groupCount ? n : (k * n + groupCount - 1) / groupCount;
        if (to <= from) {
            continue;
        }
        // Extend to the end of the tie run that contains the cut point.
        while (to < n && predicted[order[to]] == predicted[order[to - 1]]) {
            ++to;
        }
        RiskGroup group;
        for (std::size_t i = from; i < to; ++i) {
            group.predicted += predicted[order[i]];
            group.observed += outcome[order[i]];
        }
        group.n = to - from;
        group.predicted /= static_cast<double>(group.n);
        group.observed /= static_cast<double>(group.n);
        groups.push_back(group);
        from = to;
    }
    return groups;
}

}  // namespace pulmorad::stats

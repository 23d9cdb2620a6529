#include "learn/correlation_filter.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/errors.h"
#include "stats/correlation.h"
#include "stats/tests.h"

namespace pulmorad::learn {

namespace {

std::vector<double> columnValues(const Eigen::MatrixXd& x, Eigen::Index j) {
    return std::vector<double>(x.col(j).data(), x.col(j).data() + x.rows());
}

double correlate(std::span<const double> a, std::span<const double> b, CorrelationMethod method) {
    return method == CorrelationMethod::Pearson ? stats::pearsonCorrelation(a, b)
                                                : stats::spearmanCorrelation(a, b);
}

}  // namespace

CorrelationFilterResult filterCorrelatedFeatures(const Eigen::MatrixXd& x, std::span<const int> y,
                                                 const CorrelationFilterOptions& options) {
    const auto p = static_cast<std::size_t>(x.cols());
    std::vector<std::vector<double>> columns;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        columns.push_back(columnValues(x, j));
    }
    const std::vector<double> outcome(y.begin(), y.end());

    CorrelationFilterResult result;
    result.shapiroWilkP.assign(p, std::numeric_limits<double>::quiet_NaN());
    result.normal.assign(p, false);
    for (std::size_t j = 0; j < p; ++j) {
        try {
            result.shapiroWilkP[j] = stats::shapiroWilk(columns[j]).pValue;
            result.normal[j] = result.shapiroWilkP[j] > options.normalityAlpha;
        } catch (const InputError& error) {
            spdlog::debug("correlation filter: feature {} counts as not normal ({})", j, error.what());
        }
        result.outcomeMethod.push_back(result.normal[j] ? CorrelationMethod::Pearson
                                                        : CorrelationMethod::Spearman);
        result.outcomeCorrelation.push_back(correlate(columns[j], outcome, result.outcomeMethod[j]));
    }

    for (std::size_t a = 0; a < p; ++a) {
        for (std::size_t b = a + 1; b < p; ++b) {
            PairDecision pair;
            pair.first = a;
            pair.second = b;
            pair.method = result.normal[a] && result.normal[b] ? CorrelationMethod::Pearson
                                                               : CorrelationMethod::Spearman;
            pair.r = correlate(columns[a], columns[b], pair.method);
            result.pairs.push_back(pair);
        }
    }
    // Stable sort keeps the (a, b) order of generation among equal |r|.
    std::stable_sort(result.pairs.begin(), result.pairs.end(),
                     [](const PairDecision& left, const PairDecision& right) {
                         return std::abs(left.r) > std::abs(right.r);
                     });

    std::vector<bool> kept(p, true);
    for (PairDecision& pair : result.pairs) {
        if (!(std::abs(pair.r) > options.threshold)) {
            pair.status = PairDecision::Status::BelowThreshold;
            continue;
        }
        if (!kept[pair.first] || !kept[pair.second]) {
            pair.status = PairDecision::Status::SkippedAlreadyDropped;
            continue;
        }
        const double associationFirst = std::abs(result.outcomeCorrelation[pair.first]);
        const double associationSecond = std::abs(result.outcomeCorrelation[pair.second]);
        const std::size_t drop = associationFirst < associationSecond ? pair.first : pair.second;
        kept[drop] = false;
        pair.status = PairDecision::Status::Dropped;
        pair.dropped = drop;
        result.droppedInOrder.push_back(drop);
    }
    for (std::size_t j = 0; j < p; ++j) {
        if (kept[j]) {
            result.survivors.push_back(j);
        }
    }
    return result;
}

}  // namespace pulmorad::learn

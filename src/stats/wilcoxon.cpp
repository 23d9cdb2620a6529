#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/descriptive.h"
#include "stats/distributions.h"
#include "stats/tests.h"

namespace pulmorad::stats {
namespace {

/// Exact null distribution of W = (rank sum of x) - m(m+1)/2 for samples of
/// sizes m and n without ties: counts[w] is the number of rank subsets of
/// size m with that statistic, built by adding one rank at a time (all
/// additions, so no cancellation), divided by C(m+n, m).
std::vector<double> exactWilcoxonDistribution(std::size_t m, std::size_t n) {
    const std::size_t maxW = m * n;
    // ways[j][w]: choose j of the ranks seen so far with statistic w, where
    // choosing rank r as the j-th smallest adds r - j.
    std::vector<std::vector<double>> ways(m + 1, std::vector<double>(maxW + 1, 0.0));
    ways[0][0] = 1.0;
    for (std::size_t rank = 1; rank <= m + n; ++rank) {
        const std::size_t jMax = std::min(m, rank);
        for (std::size_t j = jMax; j >= 1; --j) {
            // The j-th chosen rank contributes rank - j to W.
            const std::size_t shift = rank - j;
            for (std::size_t w = maxW; w + 1 > shift; --w) {
                ways[j][w] += ways[j - 1][w - shift];
                if (w == 0) {
                    break;
                }
            }
        }
    }
    std::vector<double> probabilities = ways[m];
    double total = 0.0;
    for (const double c : probabilities) {
        total += c;
    }
    for (double& c : probabilities) {
        c /= total;
    }
    return probabilities;
}

}  // namespace

/// W is the rank sum of x minus \f$n_x(n_x+1)/2\f$ (average ranks over the
/// pooled sample). Exact p: \f$2\min(P(W \le w), P(W \ge w))\f$ capped at 1.
/// Normal approximation:
/// \f[ z = \frac{W - n_xn_y/2 - c}{\sqrt{\frac{n_xn_y}{12}\left(n_x+n_y+1 - \frac{\sum_k
/// (t_k^3-t_k)}{(n_x+n_y)(n_x+n_y-1)}\right)}} \f] with continuity correction \f$c = 0.5\,\mathrm{sign}(W -
/// n_xn_y/2)\f$ and tie sizes \f$t_k\f$.
WilcoxonResult wilcoxonRankSum(std::span<const double> x, std::span<const double> y, WilcoxonMethod method,
                               bool continuityCorrection) {
    if (x.empty() || y.empty()) {
        throw InputError("Wilcoxon rank-sum test: each group needs at least one value (found " +
                         std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
    }
    std::vector<double> pooled(x.begin(), x.end());
    pooled.insert(pooled.end(), y.begin(), y.end());
    const std::vector<double> ranks = averageRanks(pooled);
    const double nx = static_cast<double>(x.size());
    const double ny = static_cast<double>(y.size());

    double rankSumX = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        rankSumX += ranks[i];
    }
    WilcoxonResult result;
    result.w = rankSumX - nx * (nx + 1.0) / 2.0;

    std::map<double, double> tieSizes;
    for (const double r : ranks) {
        tieSizes[r] += 1.0;
    }
    const bool ties = tieSizes.size() < ranks.size();

    bool exact = false;
    if (method == WilcoxonMethod::Automatic) {
        exact = x.size() < 50 && y.size() < 50;
    } else if (method == WilcoxonMethod::Exact) {
        exact = true;
    }
    if (exact && !ties) {
        const std::vector<double> distribution = exactWilcoxonDistribution(x.size(), y.size());
        const auto observed = static_cast<std::size_t>(std::llround(result.w));
        double tail = 0.0;
        if (result.w > nx * ny / 2.0) {
            for (std::size_t w = observed; w < distribution.size(); ++w) {
                tail += distribution[w];
            }
        } else {
            for (std::size_t w = 0; w <= observed; ++w) {
                tail += distribution[w];
            }
        }
        result.exact = true;
        result.pValue = std::min(2.0 * tail, 1.0);
        return result;
    }

    double tieTerm = 0.0;
    for (const auto& entry : tieSizes) {
        const double t = entry.second;
        tieTerm += t * t * t - t;
    }
    const double centered = result.w - nx * ny / 2.0;
    result.sigma = std::sqrt((nx * ny / 12.0) * ((nx + ny + 1.0) - tieTerm / ((nx + ny) * (nx + ny - 1.0))));
    double correction = 0.0;
    if (continuityCorrection) {
        correction = centered > 0 ? 0.5 : (centered < 0 ? -0.5 : 0.0);
        result.continuityCorrected = true;
    }
    result.z = (centered - correction) / result.sigma;
    result.pValue = 2.0 * std::min(detail::normalCdf(result.z), detail::normalCdf(result.z, true));
    return result;
}

}  // namespace pulmorad::stats

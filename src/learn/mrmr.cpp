#include "learn/mrmr.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "stats/correlation.h"

namespace pulmorad::learn {

namespace {

double gaussianMutualInformation(double rho) { return -0.5 * std::log(1.0 - rho * rho); }

}  // namespace

MrmrResult rankMrmr(const Eigen::MatrixXd& x, std::span<const int> y, MrmrScheme scheme) {
    const auto p = static_cast<std::size_t>(x.cols());
    const auto n = static_cast<std::size_t>(x.rows());
    if (y.size() != n) {
        throw std::invalid_argument("rankMrmr: x and y differ in length");
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> outcome(y.begin(), y.end());
    std::vector<std::span<const double>> columns;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        columns.emplace_back(x.col(j).data(), n);
    }

    MrmrResult result;
    for (std::size_t j = 0; j < p; ++j) {
        result.relevance.push_back(gaussianMutualInformation(stats::pearsonCorrelation(columns[j], outcome)));
    }
    result.redundancy = Eigen::MatrixXd::Constant(x.cols(), x.cols(), nan);
    for (std::size_t a = 0; a < p; ++a) {
        for (std::size_t b = a + 1; b < p; ++b) {
            const double information =
                gaussianMutualInformation(stats::pearsonCorrelation(columns[a], columns[b]));
            result.redundancy(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = information;
            result.redundancy(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) = information;
        }
    }

    std::vector<bool> selected(p, false);
    for (std::size_t step = 0; step < p; ++step) {
        MrmrStep record;
        record.candidateScores.assign(p, nan);
        std::vector<double> meanRedundancy(p, nan);
        std::size_t best = p;
        for (std::size_t c = 0; c < p; ++c) {
            if (selected[c]) {
                continue;
            }
            double score = result.relevance[c];
            if (step > 0) {
                double total = 0.0;
                for (const std::size_t s : result.ranking) {
                    total += result.redundancy(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(s));
                }
                meanRedundancy[c] = total / static_cast<double>(step);
                score = scheme == MrmrScheme::Difference ? result.relevance[c] - meanRedundancy[c]
                                                         : result.relevance[c] / meanRedundancy[c];
            }
            record.candidateScores[c] = score;
            if (best == p || score > record.candidateScores[best]) {
                best = c;
            }
        }
        selected[best] = true;
        result.ranking.push_back(best);
        record.selected = best;
        record.relevance = result.relevance[best];
        record.meanRedundancy = meanRedundancy[best];
        record.score = record.candidateScores[best];
        result.steps.push_back(std::move(record));
    }
    return result;
}

}  // namespace pulmorad::learn

#include "learn/knn.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "common/errors.h"

namespace pulmorad::learn {

KNearestNeighbours::KNearestNeighbours(int k, bool distanceWeighted, double p)
    : k_(k), distanceWeighted_(distanceWeighted), p_(p) {
    requireInput(k >= 1, "kNN setting k = " + std::to_string(k) + " is invalid; use k >= 1");
    requireInput(p >= 1.0, "kNN Minkowski p = " + std::to_string(p) +
                               " is invalid; use p >= 1 (1 Manhattan, 2 Euclidean)");
}

void KNearestNeighbours::fit(const Eigen::MatrixXd& x, std::span<const int> y) {
    requireInput(x.rows() >= k_, "kNN: k = " + std::to_string(k_) + " exceeds the " +
                                     std::to_string(x.rows()) + " training patients; use a smaller k");
    train_ = x;
    labels_.assign(y.begin(), y.end());
}

double KNearestNeighbours::distance(const Eigen::RowVectorXd& a, Eigen::Index trainRow) const {
    double total = 0.0;
    for (Eigen::Index j = 0; j < a.size(); ++j) {
        const double difference = std::abs(a[j] - train_(trainRow, j));
        if (p_ == 1.0) {
            total += difference;
        } else if (p_ == 2.0) {
            total += difference * difference;
        } else {
            total += std::pow(difference, p_);
        }
    }
    if (p_ == 1.0) {
        return total;
    }
    return p_ == 2.0 ? std::sqrt(total) : std::pow(total, 1.0 / p_);
}

std::vector<std::size_t> KNearestNeighbours::neighbours(const Eigen::RowVectorXd& row) const {
    std::vector<double> distances(static_cast<std::size_t>(train_.rows()));
    for (Eigen::Index i = 0; i < train_.rows(); ++i) {
        distances[static_cast<std::size_t>(i)] = distance(row, i);
    }
    std::vector<std::size_t> order(distances.size());
    std::iota(order.begin(), order.end(), 0);
    const auto k = static_cast<std::size_t>(k_);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return distances[a] < distances[b] || (distances[a] == distances[b] && a < b);
                      });
    order.resize(k);
    return order;
}

std::vector<double> KNearestNeighbours::predictProbability(const Eigen::MatrixXd& x) const {
    std::vector<double> probabilities;
    probabilities.reserve(static_cast<std::size_t>(x.rows()));
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const Eigen::RowVectorXd row = x.row(r);
        const std::vector<std::size_t> nearest = neighbours(row);
        if (!distanceWeighted_) {
            double events = 0.0;
            for (const std::size_t i : nearest) {
                events += labels_[i];
            }
            probabilities.push_back(events / static_cast<double>(nearest.size()));
            continue;
        }
        const bool anyZero = distance(row, static_cast<Eigen::Index>(nearest.front())) == 0.0;
        double weightSum = 0.0;
        double eventWeight = 0.0;
        for (const std::size_t i : nearest) {
            const double d = distance(row, static_cast<Eigen::Index>(i));
            double weight = 1.0 / d;
            if (anyZero) {
                weight = d == 0.0 ? 1.0 : 0.0;
            }
            weightSum += weight;
            eventWeight += weight * labels_[i];
        }
        probabilities.push_back(eventWeight / weightSum);
    }
    return probabilities;
}

}  // namespace pulmorad::learn

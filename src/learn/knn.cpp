#include "learn/knn.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "common/errors.h"
#include "learn/model_json.h"

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
    requireInput(train_.rows() > 0, "kNN used before fit()");
    requireInput(x.cols() == train_.cols(), "the model was fitted on " + std::to_string(train_.cols()) +
                                                " features but " + std::to_string(x.cols()) +
                                                " were given; pass the features the model was trained on");
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

nlohmann::json KNearestNeighbours::toJson() const {
    requireInput(train_.rows() > 0, "kNN: toJson() called before fit()");
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < train_.rows(); ++i) {
        std::vector<double> row(static_cast<std::size_t>(train_.cols()));
        for (Eigen::Index j = 0; j < train_.cols(); ++j) {
            row[static_cast<std::size_t>(j)] = train_(i, j);
        }
        rows.push_back(row);
    }
    return {{"model", "knn"},
            {"hyperparameters", {{"n_neighbors", k_}, {"distance_weighted", distanceWeighted_ ? 1 : 0}, {"p", p_}}},
            {"seed", 0},
            {"state", {{"training_features", rows}, {"training_outcome", labels_}}}};
}

void KNearestNeighbours::restore(const nlohmann::json& state) {
    const auto rows =
        requireMember(state, "training_features", "the kNN state").get<std::vector<std::vector<double>>>();
    const auto labels = requireMember(state, "training_outcome", "the kNN state").get<std::vector<int>>();
    requireInput(!rows.empty() && rows.size() == labels.size() && !rows.front().empty(),
                 "model JSON: the kNN state has " + std::to_string(rows.size()) + " training rows and " +
                     std::to_string(labels.size()) +
                     " outcomes; use a model file written by pulmorad train without editing it");
    Eigen::MatrixXd train(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.front().size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        requireInput(rows[i].size() == rows.front().size() && (labels[i] == 0 || labels[i] == 1),
                     "model JSON: kNN training row " + std::to_string(i) +
                         " has a different length or an outcome other than 0/1");
        for (std::size_t j = 0; j < rows[i].size(); ++j) {
            train(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
        }
    }
    requireInput(train.rows() >= k_, "model JSON: k = " + std::to_string(k_) + " exceeds the " +
                                         std::to_string(train.rows()) + " stored training rows");
    train_ = std::move(train);
    labels_ = labels;
}

}  // namespace pulmorad::learn

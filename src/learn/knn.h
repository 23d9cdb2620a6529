#pragma once

#include "learn/classifier.h"

namespace pulmorad::learn {

/// k-nearest neighbours with the Minkowski distance
/// \f$ d(a,b) = (\sum_j |a_j-b_j|^p)^{1/p} \f$. Uniform weighting gives
/// \f$ P(1) = \#\{\text{class-1 neighbours}\}/k \f$; distance weighting gives
/// \f$ P(1) = \sum_{\text{class 1}} d^{-1} / \sum d^{-1} \f$, where neighbours
/// at distance 0 (if any) share all the weight. Neighbours at equal distance
/// are taken in training-row order.
class KNearestNeighbours : public Classifier {
public:
    KNearestNeighbours(int k, bool distanceWeighted, double p);

    void fit(const Eigen::MatrixXd& x, std::span<const int> y) override;
    std::vector<double> predictProbability(const Eigen::MatrixXd& x) const override;

    nlohmann::json toJson() const override;
    /// Replaces the training data by the "state" of toJson(); InputError when malformed.
    void restore(const nlohmann::json& state);

    /// Training positions of the k nearest neighbours of `row`, nearest first.
    std::vector<std::size_t> neighbours(const Eigen::RowVectorXd& row) const;

private:
    double distance(const Eigen::RowVectorXd& a, Eigen::Index trainRow) const;

    int k_;
    bool distanceWeighted_;
    double p_;
    Eigen::MatrixXd train_;
    std::vector<int> labels_;
};

}  // namespace pulmorad::learn

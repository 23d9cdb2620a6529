#pragma once

#include <Eigen/Dense>

#include "learn/decision_tree.h"

namespace pulmorad::learn {

/// Exact TreeSHAP (Lundberg, Erion and Lee 2018, algorithm 2) for our CART
/// trees, explaining the predicted class-1 probability. The value of a
/// feature subset S is the expected leaf value when the features outside S
/// follow the training distribution of the tree (node covers). Returns
/// n x (p + 1): one column per feature plus, last, the expected value
/// (the root's class-1 proportion); each row sums to the prediction.
Eigen::MatrixXd treeShap(const DecisionTree& tree, const Eigen::MatrixXd& x);

/// TreeSHAP of a random forest: the mean of its trees' explanations, which
/// sums to the forest's probability.
Eigen::MatrixXd forestShap(const RandomForest& forest, const Eigen::MatrixXd& x);

}  // namespace pulmorad::learn

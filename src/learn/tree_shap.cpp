#include "learn/tree_shap.h"

#include <algorithm>
#include <vector>

namespace pulmorad::learn {

namespace {

// One element of the decision path: the feature split on, the fraction of
// "zero" paths (feature not in S: follow covers) and "one" paths (feature in
// S: follow x) that flow through, and the permutation weight.
struct PathElement {
    int feature = -1;
    double zeroFraction = 0.0;
    double oneFraction = 0.0;
    double weight = 0.0;
};

void extendPath(std::vector<PathElement>& path, int depth, double zeroFraction, double oneFraction,
                int feature) {
    const auto d = static_cast<std::size_t>(depth);
    path[d] = PathElement{feature, zeroFraction, oneFraction, depth == 0 ? 1.0 : 0.0};
    for (int i = depth - 1; i >= 0; --i) {
        const auto k = static_cast<std::size_t>(i);
        path[k + 1].weight += oneFraction * path[k].weight * (i + 1) / static_cast<double>(depth + 1);
        path[k].weight = zeroFraction * path[k].weight * (depth - i) / static_cast<double>(depth + 1);
    }
}

void unwindPath(std::vector<PathElement>& path, int depth, int index) {
    const double oneFraction = path[static_cast<std::size_t>(index)].oneFraction;
    const double zeroFraction = path[static_cast<std::size_t>(index)].zeroFraction;
    double nextOnePortion = path[static_cast<std::size_t>(depth)].weight;
    for (int i = depth - 1; i >= 0; --i) {
        auto& element = path[static_cast<std::size_t>(i)];
        if (oneFraction != 0.0) {
            const double previous = element.weight;
            element.weight = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
            nextOnePortion =
                previous - element.weight * zeroFraction * (depth - i) / static_cast<double>(depth + 1);
        } else {
            element.weight = element.weight * (depth + 1) / (zeroFraction * (depth - i));
        }
    }
    for (int i = index; i < depth; ++i) {
        auto& element = path[static_cast<std::size_t>(i)];
        const auto& next = path[static_cast<std::size_t>(i + 1)];
        element.feature = next.feature;
        element.zeroFraction = next.zeroFraction;
        element.oneFraction = next.oneFraction;
    }
}

// Total permutation weight of the path with element `index` removed.
double unwoundPathSum(const std::vector<PathElement>& path, int depth, int index) {
    const double oneFraction = path[static_cast<std::size_t>(index)].oneFraction;
    const double zeroFraction = path[static_cast<std::size_t>(index)].zeroFraction;
    double nextOnePortion = path[static_cast<std::size_t>(depth)].weight;
    double total = 0.0;
    for (int i = depth - 1; i >= 0; --i) {
        if (oneFraction != 0.0) {
            const double share = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
            total += share;
            nextOnePortion = path[static_cast<std::size_t>(i)].weight -
                             share * zeroFraction * (depth - i) / static_cast<double>(depth + 1);
        } else {
            total += path[static_cast<std::size_t>(i)].weight / zeroFraction /
                     ((depth - i) / static_cast<double>(depth + 1));
        }
    }
    return total;
}

void recurse(const std::vector<TreeNode>& nodes, const Eigen::Ref<const Eigen::RowVectorXd>& row,
             int nodeIndex, std::vector<PathElement> path, int depth, double zeroFraction, double oneFraction,
             int feature, Eigen::Ref<Eigen::RowVectorXd> phi) {
    extendPath(path, depth, zeroFraction, oneFraction, feature);
    const TreeNode& node = nodes[static_cast<std::size_t>(nodeIndex)];
    if (node.isLeaf()) {
        for (int i = 1; i <= depth; ++i) {
            const auto& element = path[static_cast<std::size_t>(i)];
            const double weight = unwoundPathSum(path, depth, i);
            phi[element.feature] +=
                weight * (element.oneFraction - element.zeroFraction) * node.probability();
        }
        return;
    }
    const double value = static_cast<double>(static_cast<float>(row[node.feature]));
    const int hot = value <= node.threshold ? node.left : node.right;
    const int cold = hot == node.left ? node.right : node.left;
    double incomingZero = 1.0;
    double incomingOne = 1.0;
    for (int i = 1; i <= depth; ++i) {
        if (path[static_cast<std::size_t>(i)].feature == node.feature) {
            incomingZero = path[static_cast<std::size_t>(i)].zeroFraction;
            incomingOne = path[static_cast<std::size_t>(i)].oneFraction;
            unwindPath(path, depth, i);
            --depth;
            break;
        }
    }
    const double cover = node.samples();
    recurse(nodes, row, hot, path, depth + 1,
            incomingZero * nodes[static_cast<std::size_t>(hot)].samples() / cover, incomingOne, node.feature,
            phi);
    recurse(nodes, row, cold, path, depth + 1,
            incomingZero * nodes[static_cast<std::size_t>(cold)].samples() / cover, 0.0, node.feature, phi);
}

int maxDepth(const std::vector<TreeNode>& nodes) {
    int depth = 0;
    for (const TreeNode& node : nodes) {
        depth = std::max(depth, node.depth);
    }
    return depth;
}

}  // namespace

Eigen::MatrixXd treeShap(const DecisionTree& tree, const Eigen::MatrixXd& x) {
    const auto& nodes = tree.nodes();
    const Eigen::Index p = x.cols();
    Eigen::MatrixXd result = Eigen::MatrixXd::Zero(x.rows(), p + 1);
    const auto pathLength = static_cast<std::size_t>(maxDepth(nodes) + 2);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        Eigen::RowVectorXd phi = Eigen::RowVectorXd::Zero(p);
        recurse(nodes, x.row(i), 0, std::vector<PathElement>(pathLength), 0, 1.0, 1.0, -1, phi);
        result.row(i).head(p) = phi;
        result(i, p) = nodes.front().probability();
    }
    return result;
}

Eigen::MatrixXd forestShap(const RandomForest& forest, const Eigen::MatrixXd& x) {
    Eigen::MatrixXd total = Eigen::MatrixXd::Zero(x.rows(), x.cols() + 1);
    for (const DecisionTree& tree : forest.trees()) {
        total += treeShap(tree, x);
    }
    return total / static_cast<double>(forest.trees().size());
}

}  // namespace pulmorad::learn

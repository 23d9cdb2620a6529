#include "learn/decision_tree.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "common/errors.h"
#include "learn/model_json.h"
#include "learn/random.h"
#include "learn/tree_shap.h"

namespace pulmorad::learn {

namespace {

constexpr double kFeatureThreshold = 1e-7;  // values closer than this are never separated
constexpr double kImpurityEpsilon = std::numeric_limits<double>::epsilon();

// scikit-learn's rand_r replacement: a 32-bit xorshift generator.
std::uint32_t nextRandom(std::uint32_t& state) {
    if (state == 0) {
        state = 1;
    }
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state % 0x80000000u;
}

std::uint32_t randomBetween(std::uint32_t low, std::uint32_t high, std::uint32_t& state) {
    return low + nextRandom(state) % (high - low);
}

double gini(double count0, double count1) {
    const double n = count0 + count1;
    return 1.0 - (count0 * count0 + count1 * count1) / (n * n);
}

struct Split {
    int feature = -1;
    double threshold = 0.0;
    double proxy = -std::numeric_limits<double>::infinity();
};

// The grower: data cast to float32 (stored as double), the persistent
// feature arrays and the generator state of scikit-learn's splitter.
class TreeGrower {
public:
    TreeGrower(const Eigen::MatrixXd& x, std::span<const int> y, const TreeOptions& options,
               std::uint32_t state)
        : x_(x.cast<float>().cast<double>()), y_(y), options_(options), state_(state) {
        const auto p = static_cast<std::size_t>(x.cols());
        features_.resize(p);
        std::iota(features_.begin(), features_.end(), 0u);
        constantFeatures_.assign(p, 0u);
        maxFeatures_ = options.maxFeatures > 0
                           ? std::min<std::size_t>(static_cast<std::size_t>(options.maxFeatures), p)
                           : p;
    }

    std::vector<TreeNode> grow() {
        std::vector<std::size_t> samples(static_cast<std::size_t>(x_.rows()));
        std::iota(samples.begin(), samples.end(), 0);
        // Depth-first with an explicit stack: the left child is built first,
        // so node ids follow pre-order as in scikit-learn.
        struct Pending {
            std::size_t start, end;
            int depth;
            int parent;
            bool isLeft;
            std::size_t knownConstants;
        };
        std::vector<Pending> stack{{0, samples.size(), 0, -1, false, 0}};
        std::vector<TreeNode> nodes;
        while (!stack.empty()) {
            const Pending item = stack.back();
            stack.pop_back();
            TreeNode node;
            node.depth = item.depth;
            for (std::size_t i = item.start; i < item.end; ++i) {
                (y_[samples[i]] == 1 ? node.count1 : node.count0) += 1.0;
            }
            node.impurity = gini(node.count0, node.count1);
            const auto n = static_cast<double>(item.end - item.start);
            const int id = static_cast<int>(nodes.size());
            if (item.parent >= 0) {
                (item.isLeft ? nodes[static_cast<std::size_t>(item.parent)].left
                             : nodes[static_cast<std::size_t>(item.parent)].right) = id;
            }
            nodes.push_back(node);

            bool leaf = (options_.maxDepth > 0 && item.depth >= options_.maxDepth) ||
                        n < options_.minSamplesSplit || n < 2.0 * options_.minSamplesLeaf ||
                        node.impurity <= kImpurityEpsilon;
            std::size_t childConstants = item.knownConstants;
            Split split;
            if (!leaf) {
                split = findSplit(samples, item.start, item.end, item.knownConstants, childConstants);
                leaf = split.feature < 0;
            }
            if (leaf) {
                continue;
            }
            // Partition the samples so that the left part has x <= threshold.
            const auto middle =
                std::partition(samples.begin() + static_cast<std::ptrdiff_t>(item.start),
                               samples.begin() + static_cast<std::ptrdiff_t>(item.end), [&](std::size_t s) {
                                   return x_(static_cast<Eigen::Index>(s), split.feature) <= split.threshold;
                               });
            const auto boundary = static_cast<std::size_t>(middle - samples.begin());
            nodes.back().feature = split.feature;
            nodes.back().threshold = split.threshold;
            stack.push_back({boundary, item.end, item.depth + 1, id, false, childConstants});
            stack.push_back({item.start, boundary, item.depth + 1, id, true, childConstants});
        }
        return nodes;
    }

private:
    // scikit-learn's BestSplitter feature loop. Features are drawn without
    // replacement in random order. Features known to be constant (from the
    // parent) or found constant here are skipped and moved to the front.
    Split findSplit(std::vector<std::size_t>& samples, std::size_t start, std::size_t end,
                    std::size_t knownConstants, std::size_t& totalConstantsOut) {
        const auto p = static_cast<std::uint32_t>(features_.size());
        std::uint32_t remaining = p;
        std::size_t visited = 0;
        std::size_t foundConstants = 0;
        std::size_t drawnConstants = 0;
        std::size_t totalConstants = knownConstants;
        Split best;
        std::vector<std::pair<double, int>> values(end - start);
        while (remaining > totalConstants &&
               (visited < maxFeatures_ || visited <= foundConstants + drawnConstants)) {
            ++visited;
            std::size_t j = randomBetween(static_cast<std::uint32_t>(drawnConstants),
                                          remaining - static_cast<std::uint32_t>(foundConstants), state_);
            if (j < knownConstants) {
                std::swap(features_[drawnConstants], features_[j]);
                ++drawnConstants;
                continue;
            }
            j += foundConstants;
            const auto feature = static_cast<Eigen::Index>(features_[j]);
            for (std::size_t i = start; i < end; ++i) {
                values[i - start] = {x_(static_cast<Eigen::Index>(samples[i]), feature), y_[samples[i]]};
            }
            std::sort(values.begin(), values.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            if (values.back().first <= values.front().first + kFeatureThreshold) {
                std::swap(features_[j], features_[totalConstants]);
                ++foundConstants;
                ++totalConstants;
                continue;
            }
            --remaining;
            std::swap(features_[remaining], features_[j]);
            evaluateCuts(values, static_cast<int>(feature), best);
        }
        // Record the constants for the children, as scikit-learn does.
        for (std::size_t k = 0; k < knownConstants; ++k) {
            features_[k] = constantFeatures_[k];
        }
        for (std::size_t k = knownConstants; k < knownConstants + foundConstants; ++k) {
            constantFeatures_[k] = features_[k];
        }
        totalConstantsOut = totalConstants;
        return best;
    }

    void evaluateCuts(const std::vector<std::pair<double, int>>& values, int feature, Split& best) const {
        double total0 = 0.0;
        double total1 = 0.0;
        for (const auto& value : values) {
            (value.second == 1 ? total1 : total0) += 1.0;
        }
        const std::size_t n = values.size();
        const auto minimumLeaf = static_cast<std::size_t>(options_.minSamplesLeaf);
        double left0 = 0.0;
        double left1 = 0.0;
        std::size_t position = 0;
        while (position < n) {
            // Advance over values that cannot be separated from their successor.
            while (position + 1 < n &&
                   values[position + 1].first <= values[position].first + kFeatureThreshold) {
                (values[position].second == 1 ? left1 : left0) += 1.0;
                ++position;
            }
            (values[position].second == 1 ? left1 : left0) += 1.0;
            ++position;
            if (position >= n || position < minimumLeaf || n - position < minimumLeaf) {
                continue;
            }
            const double nLeft = left0 + left1;
            const double right0 = total0 - left0;
            const double right1 = total1 - left1;
            const double nRight = right0 + right1;
            const double proxy = -(nRight * gini(right0, right1)) - (nLeft * gini(left0, left1));
            if (proxy > best.proxy) {
                best.proxy = proxy;
                best.feature = feature;
                double threshold = values[position - 1].first / 2.0 + values[position].first / 2.0;
                if (threshold == values[position].first || std::isinf(threshold)) {
                    threshold = values[position - 1].first;
                }
                best.threshold = threshold;
            }
        }
    }

    Eigen::MatrixXd x_;
    std::span<const int> y_;
    TreeOptions options_;
    std::uint32_t state_;
    std::size_t maxFeatures_ = 0;
    std::vector<std::uint32_t> features_;
    std::vector<std::uint32_t> constantFeatures_;
};

void requireFeatureCount(const DecisionTree& tree, const Eigen::MatrixXd& x) {
    requireInput(!tree.nodes().empty(), "decision tree used before fit()");
    requireInput(x.cols() == tree.featureCount(),
                 "the model was fitted on " + std::to_string(tree.featureCount()) + " features but " +
                     std::to_string(x.cols()) + " were given; pass the features the model was trained on");
}

}  // namespace

std::uint32_t scikitLearnTreeSeed(std::uint32_t randomState) {
    NumpyRandomState random(randomState);
    return random.randomInterval(0x7ffffffeu);
}

void DecisionTree::fit(const Eigen::MatrixXd& x, std::span<const int> y, const TreeOptions& options,
                       std::uint32_t randomState) {
    if (static_cast<std::size_t>(x.rows()) != y.size() || x.rows() == 0) {
        throw std::invalid_argument("DecisionTree::fit: x and y differ in length or are empty");
    }
    requireInput(options.minSamplesLeaf >= 1, "min_samples_leaf must be at least 1");
    featureCount_ = static_cast<int>(x.cols());
    TreeGrower grower(x, y, options, randomState);
    nodes_ = grower.grow();
    if (options.ccpAlpha > 0.0) {
        prune(options.ccpAlpha);
    }
}

int DecisionTree::leafOf(const Eigen::Ref<const Eigen::RowVectorXd>& row) const {
    int node = 0;
    while (!nodes_[static_cast<std::size_t>(node)].isLeaf()) {
        const TreeNode& current = nodes_[static_cast<std::size_t>(node)];
        const double value = static_cast<double>(static_cast<float>(row[current.feature]));
        node = value <= current.threshold ? current.left : current.right;
    }
    return node;
}

DecisionTree DecisionTree::restore(std::vector<TreeNode> nodes, int featureCount) {
    DecisionTree tree;
    tree.nodes_ = std::move(nodes);
    tree.featureCount_ = featureCount;
    return tree;
}

double DecisionTree::predictProbability(const Eigen::Ref<const Eigen::RowVectorXd>& row) const {
    return nodes_[static_cast<std::size_t>(leafOf(row))].probability();
}

// Minimal cost-complexity pruning: with R(t) = n_t G_t / N, repeatedly
// collapse the internal node with the smallest
// g(t) = (R(t) - R(subtree)) / (leaves(subtree) - 1) while g(t) <= alpha.
// Collapsed nodes keep their ids (their subtrees become unreachable).
void DecisionTree::prune(double alpha) {
    const double total = nodes_.front().samples();
    while (true) {
        std::vector<double> subtreeRisk(nodes_.size(), 0.0);
        std::vector<double> leafCount(nodes_.size(), 0.0);
        // Children have larger ids than their parent (pre-order), so a
        // reverse sweep visits children first.
        for (std::size_t k = nodes_.size(); k-- > 0;) {
            const TreeNode& node = nodes_[k];
            if (node.isLeaf()) {
                subtreeRisk[k] = node.samples() * node.impurity / total;
                leafCount[k] = 1.0;
            } else {
                const auto left = static_cast<std::size_t>(node.left);
                const auto right = static_cast<std::size_t>(node.right);
                subtreeRisk[k] = subtreeRisk[left] + subtreeRisk[right];
                leafCount[k] = leafCount[left] + leafCount[right];
            }
        }
        double weakest = std::numeric_limits<double>::infinity();
        std::size_t weakestNode = 0;
        std::vector<bool> reachable(nodes_.size(), false);
        reachable[0] = true;
        for (std::size_t k = 0; k < nodes_.size(); ++k) {
            const TreeNode& node = nodes_[k];
            if (!reachable[k] || node.isLeaf()) {
                continue;
            }
            reachable[static_cast<std::size_t>(node.left)] = true;
            reachable[static_cast<std::size_t>(node.right)] = true;
            const double own = node.samples() * node.impurity / total;
            const double gain = (own - subtreeRisk[k]) / (leafCount[k] - 1.0);
            if (gain < weakest) {
                weakest = gain;
                weakestNode = k;
            }
        }
        if (!(weakest <= alpha)) {
            return;
        }
        nodes_[weakestNode].left = -1;
        nodes_[weakestNode].right = -1;
        nodes_[weakestNode].feature = -1;
    }
}

DecisionTreeClassifier::DecisionTreeClassifier(const TreeOptions& options, std::uint32_t randomState)
    : options_(options), randomState_(randomState) {}

void DecisionTreeClassifier::fit(const Eigen::MatrixXd& x, std::span<const int> y) {
    tree_.fit(x, y, options_, scikitLearnTreeSeed(randomState_));
}

std::vector<double> DecisionTreeClassifier::predictProbability(const Eigen::MatrixXd& x) const {
    requireFeatureCount(tree_, x);
    std::vector<double> probabilities;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        probabilities.push_back(tree_.predictProbability(x.row(i)));
    }
    return probabilities;
}

nlohmann::json DecisionTreeClassifier::toJson() const {
    requireInput(!tree_.nodes().empty(), "decision tree: toJson() called before fit()");
    return {{"model", "dt"},
            {"hyperparameters",
             {{"max_depth", options_.maxDepth},
              {"min_samples_leaf", options_.minSamplesLeaf},
              {"ccp_alpha", options_.ccpAlpha}}},
            {"seed", randomState_},
            {"state", {{"tree", treeToJson(tree_)}}}};
}

void DecisionTreeClassifier::restore(const nlohmann::json& state) {
    tree_ = treeFromJson(requireMember(state, "tree", "the decision tree state"));
}

Eigen::MatrixXd DecisionTreeClassifier::shapValues(const Eigen::MatrixXd& x) const {
    requireFeatureCount(tree_, x);
    return treeShap(tree_, x);
}

RandomForest::RandomForest(int treeCount, const TreeOptions& options, std::uint64_t seed)
    : treeCount_(treeCount), options_(options), seed_(seed) {
    requireInput(treeCount >= 1, "random forest: the number of trees must be at least 1");
}

void RandomForest::fit(const Eigen::MatrixXd& x, std::span<const int> y) {
    const auto n = static_cast<std::size_t>(x.rows());
    TreeOptions options = options_;
    if (options.maxFeatures <= 0) {
        options.maxFeatures = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(x.cols()))));
    }
    // All random draws happen here, serially, so the forest does not depend
    // on how the trees are spread over threads.
    SeededRandom random(seed_);
    std::vector<std::vector<std::size_t>> bootstraps(static_cast<std::size_t>(treeCount_));
    std::vector<std::uint32_t> treeSeeds(static_cast<std::size_t>(treeCount_));
    for (std::size_t t = 0; t < bootstraps.size(); ++t) {
        for (std::size_t i = 0; i < n; ++i) {
            bootstraps[t].push_back(static_cast<std::size_t>(random.uniformBelow(n)));
        }
        treeSeeds[t] = static_cast<std::uint32_t>(random.uniformBelow(0x7fffffffu)) + 1u;
    }
    trees_.assign(bootstraps.size(), DecisionTree{});
    tbb::parallel_for(std::size_t{0}, bootstraps.size(), [&](std::size_t t) {
        Eigen::MatrixXd sampleX(static_cast<Eigen::Index>(n), x.cols());
        std::vector<int> sampleY(n);
        for (std::size_t i = 0; i < n; ++i) {
            sampleX.row(static_cast<Eigen::Index>(i)) = x.row(static_cast<Eigen::Index>(bootstraps[t][i]));
            sampleY[i] = y[bootstraps[t][i]];
        }
        trees_[t].fit(sampleX, sampleY, options, treeSeeds[t]);
    });
}

std::vector<double> RandomForest::predictProbability(const Eigen::MatrixXd& x) const {
    requireInput(!trees_.empty(), "random forest used before fit()");
    requireFeatureCount(trees_.front(), x);
    std::vector<double> probabilities(static_cast<std::size_t>(x.rows()), 0.0);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        double total = 0.0;
        for (const DecisionTree& tree : trees_) {
            total += tree.predictProbability(x.row(i));
        }
        probabilities[static_cast<std::size_t>(i)] = total / static_cast<double>(trees_.size());
    }
    return probabilities;
}

nlohmann::json RandomForest::toJson() const {
    requireInput(!trees_.empty(), "random forest: toJson() called before fit()");
    nlohmann::json trees = nlohmann::json::array();
    for (const DecisionTree& tree : trees_) {
        trees.push_back(treeToJson(tree));
    }
    return {{"model", "rf"},
            {"hyperparameters",
             {{"n_estimators", treeCount_},
              {"max_depth", options_.maxDepth},
              {"min_samples_leaf", options_.minSamplesLeaf},
              {"max_features", options_.maxFeatures}}},
            {"seed", seed_},
            {"state", {{"trees", trees}}}};
}

void RandomForest::restore(const nlohmann::json& state) {
    const nlohmann::json& trees = requireMember(state, "trees", "the random forest state");
    requireInput(trees.is_array() && trees.size() == static_cast<std::size_t>(treeCount_),
                 "model JSON: the random forest state holds " + std::to_string(trees.size()) +
                     " trees but n_estimators is " + std::to_string(treeCount_) +
                     "; use a model file written by pulmorad train without editing it");
    std::vector<DecisionTree> restored;
    for (const nlohmann::json& tree : trees) {
        restored.push_back(treeFromJson(tree));
    }
    trees_ = std::move(restored);
}

Eigen::MatrixXd RandomForest::shapValues(const Eigen::MatrixXd& x) const {
    requireInput(!trees_.empty(), "random forest used before fit()");
    requireFeatureCount(trees_.front(), x);
    return forestShap(*this, x);
}

}  // namespace pulmorad::learn

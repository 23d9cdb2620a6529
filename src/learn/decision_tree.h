#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <span>
#include <vector>

#include "learn/classifier.h"

namespace pulmorad::learn {

/// Growth limits of a CART tree (scikit-learn's names in brackets).
struct TreeOptions {
    int maxDepth = 0;         ///< 0 = unlimited [max_depth]
    int minSamplesLeaf = 1;   ///< [min_samples_leaf]
    int minSamplesSplit = 2;  ///< [min_samples_split]
    int maxFeatures = 0;      ///< features tried per split; 0 = all [max_features]
    double ccpAlpha = 0.0;    ///< cost-complexity pruning strength [ccp_alpha]
};

/// One node; leaves have left = right = -1.
struct TreeNode {
    int left = -1;
    int right = -1;
    int feature = -1;
    double threshold = 0.0;  ///< go left when x[feature] <= threshold
    double count0 = 0.0;     ///< training samples of class 0 in the node
    double count1 = 0.0;
    double impurity = 0.0;  ///< Gini \f$ 1 - (c_0^2 + c_1^2)/n^2 \f$
    int depth = 0;

    double samples() const { return count0 + count1; }
    double probability() const { return count1 / (count0 + count1); }
    bool isLeaf() const { return left < 0; }
};

/// A binary CART tree grown as scikit-learn 1.2's DecisionTreeClassifier
/// (Gini, best splitter, depth first, nodes numbered in pre-order):
/// features are cast to float32; a cut between two sorted values
/// \f$ x_{(k)} < x_{(k+1)} \f$ (more than 1e-7 apart) with at least
/// minSamplesLeaf samples on each side is scored by
/// \f$ -n_L G_L - n_R G_R \f$ (larger is better) and placed at
/// \f$ x_{(k)}/2 + x_{(k+1)}/2 \f$. Candidate features are visited in the
/// random order of scikit-learn's splitter (its xorshift generator seeded
/// with `randomState`, for example 209652396 for random_state = 0), and a
/// later candidate replaces the best only when strictly better, so exact
/// ties resolve as scikit-learn resolves them. A leaf predicts its class-1
/// proportion.
class DecisionTree {
public:
    void fit(const Eigen::MatrixXd& x, std::span<const int> y, const TreeOptions& options,
             std::uint32_t randomState);

    int leafOf(const Eigen::Ref<const Eigen::RowVectorXd>& row) const;
    double predictProbability(const Eigen::Ref<const Eigen::RowVectorXd>& row) const;

    const std::vector<TreeNode>& nodes() const { return nodes_; }
    int featureCount() const { return featureCount_; }

    /// A fitted tree from its nodes (as written by treeToJson in model_json.h).
    static DecisionTree restore(std::vector<TreeNode> nodes, int featureCount);

private:
    void prune(double alpha);

    std::vector<TreeNode> nodes_;
    int featureCount_ = 0;
};

/// The splitter seed scikit-learn derives from random_state: the first draw
/// of numpy's RandomState(randomState).randint(0, 2^31 - 1).
std::uint32_t scikitLearnTreeSeed(std::uint32_t randomState);

/// CART classifier wrapper (hyperparameters max_depth, min_samples_leaf, ccp_alpha).
class DecisionTreeClassifier : public Classifier {
public:
    DecisionTreeClassifier(const TreeOptions& options, std::uint32_t randomState);
    void fit(const Eigen::MatrixXd& x, std::span<const int> y) override;
    std::vector<double> predictProbability(const Eigen::MatrixXd& x) const override;
    nlohmann::json toJson() const override;
    /// Exact TreeSHAP of the class-1 probability (treeShap in tree_shap.h).
    Eigen::MatrixXd shapValues(const Eigen::MatrixXd& x) const override;
    std::string shapOutput() const override { return "probability"; }
    /// Replaces the fitted tree by the "state" of toJson(); InputError when malformed.
    void restore(const nlohmann::json& state);
    const DecisionTree& tree() const { return tree_; }

private:
    TreeOptions options_;
    std::uint32_t randomState_;
    DecisionTree tree_;
};

/// Random forest. Each tree is grown on a bootstrap sample (n rows drawn with
/// replacement) and tries `maxFeatures` random features per split (default
/// \f$ \lfloor\sqrt p\rfloor \f$). The probability is the mean of the trees'
/// leaf class-1 proportions. Same seed, same forest at any thread count.
class RandomForest : public Classifier {
public:
    RandomForest(int treeCount, const TreeOptions& options, std::uint64_t seed);
    void fit(const Eigen::MatrixXd& x, std::span<const int> y) override;
    std::vector<double> predictProbability(const Eigen::MatrixXd& x) const override;
    nlohmann::json toJson() const override;
    /// Mean TreeSHAP of the trees (forestShap in tree_shap.h), explaining the probability.
    Eigen::MatrixXd shapValues(const Eigen::MatrixXd& x) const override;
    std::string shapOutput() const override { return "probability"; }
    /// Replaces the fitted trees by the "state" of toJson(); InputError when malformed.
    void restore(const nlohmann::json& state);
    const std::vector<DecisionTree>& trees() const { return trees_; }

private:
    int treeCount_;
    TreeOptions options_;
    std::uint64_t seed_;
    std::vector<DecisionTree> trees_;
};

}  // namespace pulmorad::learn

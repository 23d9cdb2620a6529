#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "learn/decision_tree.h"
#include "learn/gradient_boosting.h"
#include "learn/knn.h"
#include "learn/svm.h"
#include "learn/tree_shap.h"
#include "learn/tuning.h"
#include "oracle_data.h"
#include "stats/roc.h"

namespace pulmorad::learn {
namespace {

using testing::columnsAsMatrix;
using testing::readOracle;
using testing::readOracleData;
using testing::selectRows;
using testing::zscore;

// One dataset of the scikit-learn model oracle, z-scored with the training
// mean and population SD given there (bit-identical inputs).
struct ModelCase {
    nlohmann::json expected;
    Eigen::MatrixXd train;
    Eigen::MatrixXd test;
    std::vector<int> yTrain;
    std::vector<int> yTest;
};

ModelCase loadModelCase(const std::string& name) {
    ModelCase data;
    data.expected = readOracle("07_models.json")["datasets"][name];
    const auto columns = data.expected["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd raw = columnsAsMatrix(readOracleData(name + ".csv"), columns);
    const Eigen::MatrixXd z = zscore(raw, data.expected["zscore"]["mean"].get<std::vector<double>>(),
                                     data.expected["zscore"]["sd_population"].get<std::vector<double>>());
    data.train = selectRows(z, data.expected["split"]["train_rows_0based"].get<std::vector<std::size_t>>());
    data.test = selectRows(z, data.expected["split"]["test_rows_0based"].get<std::vector<std::size_t>>());
    data.yTrain = data.expected["y_train"].get<std::vector<int>>();
    data.yTest = data.expected["y_test"].get<std::vector<int>>();
    return data;
}

double testAuc(const ModelCase& data, const std::vector<double>& scores) {
    const std::vector<double> labels(data.yTest.begin(), data.yTest.end());
    return stats::areaUnderCurve(scores, labels);
}

class ModelOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelOracle, KnnMatchesScikitLearn) {
    const ModelCase data = loadModelCase(GetParam());
    for (const auto& config : data.expected["knn"]["configs"]) {
        const int k = config["k"].get<int>();
        const bool distance = config["weights"].get<std::string>() == "distance";
        const double p = config["p"].get<double>();
        KNearestNeighbours model(k, distance, p);
        model.fit(data.train, data.yTrain);
        const std::vector<double> probabilities = model.predictProbability(data.test);
        // scikit-learn 1.2.1 KNeighborsClassifier; distance-weighted sums differ only by rounding.
        for (std::size_t i = 0; i < probabilities.size(); ++i) {
            EXPECT_NEAR(probabilities[i], config["p1_test"][i].get<double>(), 1e-12)
                << "k " << k << " " << config["weights"] << " p " << p << " test row " << i;
        }
    }
}

TEST_P(ModelOracle, KnnNeighbourOrderMatchesReference) {
    const ModelCase data = loadModelCase(GetParam());
    for (const int p : {1, 2}) {
        KNearestNeighbours model(15, false, p);
        model.fit(data.train, data.yTrain);
        const auto& expected = data.expected["knn"]["neighbors_k15_train_positions"]["p" + std::to_string(p)];
        for (Eigen::Index i = 0; i < data.test.rows(); ++i) {
            EXPECT_EQ(model.neighbours(data.test.row(i)),
                      expected[static_cast<std::size_t>(i)].get<std::vector<std::size_t>>())
                << "p " << p << " test row " << i;
        }
    }
}

TEST_P(ModelOracle, SvmDecisionValuesMatchE1071) {
    const ModelCase data = loadModelCase(GetParam());
    const auto& expected = data.expected["e1071_svm"];
    SupportVectorMachine model(1.0, expected["gamma"].get<double>(), 1);
    model.fit(data.train, data.yTrain);
    const std::vector<double> values = model.decisionValues(data.test);
    // R e1071 1.7-13 svm(..., cost = 1, gamma = 1/p, scale = FALSE): both sides run
    // libsvm's solver to the same tolerance 1e-3 on the same data.
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_NEAR(values[i], expected["decision_values_test_pos_class1"][i].get<double>(), 1e-9)
            << "test row " << i;
    }
    // Platt probabilities depend on the CV folds; e1071's own differ by up to 0.023
    // between seeds, so they are compared loosely.
    const std::vector<double> probabilities = model.predictProbability(data.test);
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        EXPECT_NEAR(probabilities[i], expected["p1_test"][i].get<double>(), 0.05) << "test row " << i;
    }
}

TEST_P(ModelOracle, DecisionTreesMatchScikitLearn) {
    const ModelCase data = loadModelCase(GetParam());
    // scikit-learn 1.2.1 DecisionTreeClassifier(criterion='gini', max_depth=3 or 5,
    // min_samples_leaf=5, random_state=0): node arrays in pre-order. Ties between
    // candidate splits are frequent here and resolve as scikit-learn's random
    // feature-visiting order resolves them.
    for (const int depth : {3, 5}) {
        const auto& expected = data.expected["decision_tree"]["max_depth_" + std::to_string(depth)];
        TreeOptions options;
        options.maxDepth = depth;
        options.minSamplesLeaf = 5;
        EXPECT_EQ(scikitLearnTreeSeed(0), expected["sklearn_rand_r_state_initial"].get<std::uint32_t>());
        DecisionTreeClassifier model(options, 0);
        model.fit(data.train, data.yTrain);
        const auto& nodes = model.tree().nodes();
        ASSERT_EQ(nodes.size(), expected["node_count"].get<std::size_t>()) << "depth " << depth;
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            EXPECT_EQ(nodes[k].left, expected["children_left"][k].get<int>())
                << "depth " << depth << " node " << k;
            EXPECT_EQ(nodes[k].right, expected["children_right"][k].get<int>())
                << "depth " << depth << " node " << k;
            if (!nodes[k].isLeaf()) {
                EXPECT_EQ(nodes[k].feature, expected["feature"][k].get<int>())
                    << "depth " << depth << " node " << k;
                EXPECT_EQ(nodes[k].threshold, expected["threshold"][k].get<double>())
                    << "depth " << depth << " node " << k;
            }
            EXPECT_EQ(nodes[k].count0, expected["value_counts_rows"][k][0].get<double>())
                << "depth " << depth << " node " << k;
            EXPECT_EQ(nodes[k].count1, expected["value_counts_rows"][k][1].get<double>())
                << "depth " << depth << " node " << k;
        }
        const std::vector<double> probabilities = model.predictProbability(data.test);
        for (std::size_t i = 0; i < probabilities.size(); ++i) {
            EXPECT_EQ(probabilities[i], expected["p1_test"][i].get<double>())
                << "depth " << depth << " test row " << i;
        }
    }
}

TEST_P(ModelOracle, TunedModelsReachAucFloor) {
    const ModelCase data = loadModelCase(GetParam());
    const auto columns = data.expected["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd raw = columnsAsMatrix(readOracleData(GetParam() + ".csv"), columns);
    const Eigen::MatrixXd rawTrain =
        selectRows(raw, data.expected["split"]["train_rows_0based"].get<std::vector<std::size_t>>());
    const auto folds = data.expected["cv_folds"]["fold_of_train_position"].get<std::vector<int>>();
    // Required floors on the scikit-learn split: 0.95 on Wisconsin, 0.75 on Pima.
    const double floor = GetParam() == "wisconsin" ? 0.95 : 0.75;
    for (const std::string& model : classifierNames()) {
        const TuningResult tuning = tuneByCrossValidation(model, defaultGrid(model), rawTrain, data.yTrain,
                                                          folds, ScaleKind::PopulationSd, 11);
        auto classifier = makeClassifier(model, tuning.best, 11);
        classifier->fit(data.train, data.yTrain);
        const double auc = testAuc(data, classifier->predictProbability(data.test));
        EXPECT_GE(auc, floor) << model;
        EXPECT_GT(tuning.scores[tuning.bestIndex].meanAuc, floor) << model;
    }
}

TEST_P(ModelOracle, ShapContributionsAddUpToPrediction) {
    const ModelCase data = loadModelCase(GetParam());
    TreeOptions options;
    options.maxDepth = 5;
    options.minSamplesLeaf = 5;
    DecisionTreeClassifier tree(options, 0);
    tree.fit(data.train, data.yTrain);
    const Eigen::MatrixXd treeContributions = treeShap(tree.tree(), data.test);
    const std::vector<double> treeProbabilities = tree.predictProbability(data.test);
    RandomForest forest(50, TreeOptions{}, 3);
    forest.fit(data.train, data.yTrain);
    const Eigen::MatrixXd forestContributions = forestShap(forest, data.test);
    const std::vector<double> forestProbabilities = forest.predictProbability(data.test);
    for (Eigen::Index i = 0; i < data.test.rows(); ++i) {
        EXPECT_NEAR(treeContributions.row(i).sum(), treeProbabilities[static_cast<std::size_t>(i)], 1e-12)
            << "row " << i;
        EXPECT_NEAR(forestContributions.row(i).sum(), forestProbabilities[static_cast<std::size_t>(i)], 1e-12)
            << "row " << i;
    }

    // XGBoost's own TreeSHAP sums to its margin up to float32 rounding.
    for (const bool leafWise : {false, true}) {
        BoostingOptions boosting;
        boosting.leafWise = leafWise;
        boosting.maxDepth = leafWise ? 0 : 3;
        boosting.maxLeaves = 8;
        GradientBoosting model(boosting, 5);
        model.fit(data.train, data.yTrain);
        const Eigen::MatrixXd contributions = model.contributions(data.test);
        const std::vector<double> margin = model.margin(data.test);
        for (Eigen::Index i = 0; i < data.test.rows(); ++i) {
            EXPECT_NEAR(contributions.row(i).sum(), margin[static_cast<std::size_t>(i)], 1e-5) << "row " << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Datasets, ModelOracle, ::testing::Values("wisconsin", "pima"));

}  // namespace
}  // namespace pulmorad::learn

namespace pulmorad::learn {
namespace {

TEST(TreeShap, MatchesBruteForceShapley) {
    // A tree on 3 features; exact Shapley values by enumerating all subsets with
    // the same value function (expected prediction over covers for absent features).
    Eigen::MatrixXd x(40, 3);
    std::vector<int> y;
    for (int i = 0; i < 40; ++i) {
        x(i, 0) = (i * 7) % 11;
        x(i, 1) = (i * 5) % 13;
        x(i, 2) = (i * 3) % 7;
        y.push_back((x(i, 0) + x(i, 1) > 11) != (x(i, 2) > 4) ? 1 : 0);
    }

    TreeOptions options;
    options.maxDepth = 4;
    DecisionTree tree;
    tree.fit(x, y, options, 1u);
    const auto& nodes = tree.nodes();
    const auto valueOf = [&](const Eigen::RowVectorXd& row, unsigned subset) {
        // Recursive expectation: follow x for features in the subset, covers otherwise.
        std::function<double(int)> expectation = [&](int k) -> double {
            const TreeNode& node = nodes[static_cast<std::size_t>(k)];
            if (node.isLeaf()) {
                return node.probability();
            }
            if (subset & (1u << node.feature)) {
                return expectation(row[node.feature] <= node.threshold ? node.left : node.right);
            }
            const TreeNode& left = nodes[static_cast<std::size_t>(node.left)];
            const TreeNode& right = nodes[static_cast<std::size_t>(node.right)];
            return (left.samples() * expectation(node.left) + right.samples() * expectation(node.right)) /
                   node.samples();
        };
        return expectation(0);
    };

    const Eigen::MatrixXd contributions = treeShap(tree, x.topRows(10));
    for (Eigen::Index i = 0; i < 10; ++i) {
        const Eigen::RowVectorXd row = x.row(i);
        for (int feature = 0; feature < 3; ++feature) {
            // Hand derivation: phi_j = sum over S without j of |S|!(p-|S|-1)!/p! [v(S+j) - v(S)], p = 3.
            double phi = 0.0;
            for (unsigned subset = 0; subset < 8; ++subset) {
                if (subset & (1u << feature)) {
                    continue;
                }
                const int size = __builtin_popcount(subset);
                const double weight = size == 1 ? 1.0 / 6.0 : 1.0 / 3.0;
                phi += weight * (valueOf(row, subset | (1u << feature)) - valueOf(row, subset));
            }
            EXPECT_NEAR(contributions(i, feature), phi, 1e-12) << "row " << i << " feature " << feature;
        }
    }
}

}  // namespace
}  // namespace pulmorad::learn

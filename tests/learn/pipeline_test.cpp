#include "learn/pipeline.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

Dataset loadWisconsin() {
    DatasetOptions options;
    options.outcome = "malignant";
    return loadDataset(pulmorad::test::referencePath("oracles/data/wisconsin.csv"), options);
}

// Changes every feature of the first test patient to an extreme value.
Dataset withChangedTestRow(const Dataset& data, const PreparedData& prepared) {
    Dataset changed = data;
    const auto row = static_cast<Eigen::Index>(prepared.split.testRows.front());
    changed.x.row(row) = changed.x.row(row) * 1000.0 + Eigen::RowVectorXd::Constant(changed.x.cols(), 17.0);
    return changed;
}

TEST(Pipeline, SelectionIgnoresTestRows) {
    const Dataset data = loadWisconsin();
    SelectionOptions options;
    options.seed = 3;
    const SelectionResult original = runSelection(data, options);
    const SelectionResult changed = runSelection(withChangedTestRow(data, original.data), options);

    EXPECT_EQ(changed.data.split.trainRows, original.data.split.trainRows);
    EXPECT_EQ(changed.scaler.means(), original.scaler.means());
    EXPECT_EQ(changed.scaler.standardDeviations(), original.scaler.standardDeviations());
    EXPECT_EQ(changed.afterCorrelation, original.afterCorrelation);
    EXPECT_EQ(changed.afterMrmr, original.afterMrmr);
    EXPECT_EQ(changed.afterLasso, original.afterLasso);
    EXPECT_EQ(changed.lasso.path.lambdas, original.lasso.path.lambdas);
    EXPECT_TRUE(changed.lasso.path.coefficients == original.lasso.path.coefficients);
    EXPECT_EQ(changed.lasso.indexMin, original.lasso.indexMin);
    EXPECT_EQ(changed.radScoreTrain, original.radScoreTrain);
    // The changed patient's own Rad-score does change, so the test can fail.
    EXPECT_NE(changed.radScoreTest.front(), original.radScoreTest.front());
}

TEST(Pipeline, TrainingIgnoresTestRows) {
    const Dataset data = loadWisconsin();
    TrainingOptions options;
    options.seed = 3;
    // Small grids keep the test fast; each still has a choice to make.
    options.grids["dt"] = {{"max_depth", {3, 5}}, {"min_samples_leaf", {5}}};
    options.grids["rf"] = {{"n_estimators", {50}}, {"min_samples_leaf", {1, 5}}};
    options.grids["xgboost"] = {{"max_depth", {2, 3}}, {"n_estimators", {50}}, {"learning_rate", {0.1}}};
    options.grids["lightgbm"] = {{"num_leaves", {4, 8}}, {"n_estimators", {50}}, {"learning_rate", {0.1}}};
    options.grids["knn"] = {{"n_neighbors", {5, 9}}};
    options.grids["svm"] = {{"C", {1, 10}}};
    const TrainingResult original = runTraining(data, options);
    const TrainingResult changed = runTraining(withChangedTestRow(data, original.data), options);
    ASSERT_EQ(changed.models.size(), original.models.size());
    for (std::size_t m = 0; m < original.models.size(); ++m) {
        EXPECT_EQ(changed.models[m].tuning.best, original.models[m].tuning.best) << original.models[m].model;
        EXPECT_EQ(changed.models[m].trainProbability, original.models[m].trainProbability)
            << original.models[m].model;
        // Plausibility on this random split with small grids; the required floors
        // are tested on the scikit-learn split in models_test.cpp.
        EXPECT_GE(original.models[m].test.roc.auc, 0.9) << original.models[m].model;
    }

    // SHAP additivity for every explained patient. For dt and rf the values sum to
    // the probability. For the boosted models they sum to the log-odds margin, which
    // is compared through the probability because XGBoost returns float32 values.
    for (const ModelResult& model : original.models) {
        if (model.model == "knn" || model.model == "svm") {
            EXPECT_EQ(model.testShap.size(), 0) << model.model;
            continue;
        }
        ASSERT_EQ(model.testShap.rows(), static_cast<Eigen::Index>(model.testProbability.size()))
            << model.model;
        for (Eigen::Index i = 0; i < model.testShap.rows(); ++i) {
            const double sum = model.testShap.row(i).sum();
            const double probability = model.shapOutput == "probability" ? sum : 1.0 / (1.0 + std::exp(-sum));
            EXPECT_NEAR(probability, model.testProbability[static_cast<std::size_t>(i)], 1e-6)
                << model.model << " row " << i;
        }
    }
}

TEST(Pipeline, SameSeedSameResult) {
    const Dataset data = loadWisconsin();
    TrainingOptions options;
    options.seed = 5;
    options.models = {"rf", "svm", "xgboost"};
    options.grids["rf"] = {{"n_estimators", {40}}};
    options.grids["svm"] = {{"C", {1}}};
    options.grids["xgboost"] = {{"max_depth", {3}}, {"n_estimators", {30}}};
    const TrainingResult first = runTraining(data, options);
    const TrainingResult second = runTraining(data, options);
    for (std::size_t m = 0; m < first.models.size(); ++m) {
        EXPECT_EQ(first.models[m].testProbability, second.models[m].testProbability) << first.models[m].model;
    }
    // One thread gives the same models as the default thread count.
    const tbb::global_control oneThread(tbb::global_control::max_allowed_parallelism, 1);
    const TrainingResult serial = runTraining(data, options);
    for (std::size_t m = 0; m < first.models.size(); ++m) {
        EXPECT_EQ(serial.models[m].tuning.best, first.models[m].tuning.best) << first.models[m].model;
        EXPECT_EQ(serial.models[m].testProbability, first.models[m].testProbability) << first.models[m].model;
        EXPECT_EQ(serial.models[m].fitted->toJson(), first.models[m].fitted->toJson()) << first.models[m].model;
    }
}

}  // namespace
}  // namespace pulmorad::learn

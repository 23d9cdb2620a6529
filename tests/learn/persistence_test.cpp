#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/errors.h"
#include "learn/classifier.h"
#include "learn/gradient_boosting.h"
#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

using testing::columnsAsMatrix;
using testing::readOracle;
using testing::readOracleData;
using testing::selectRows;
using testing::zscore;

struct SplitData {
    Eigen::MatrixXd train;
    Eigen::MatrixXd test;
    std::vector<int> yTrain;
};

// The Wisconsin split of the scikit-learn model oracle, z-scored as there.
SplitData loadWisconsinSplit() {
    const nlohmann::json expected = readOracle("07_models.json")["datasets"]["wisconsin"];
    const auto columns = expected["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd z =
        zscore(columnsAsMatrix(readOracleData("wisconsin.csv"), columns),
               expected["zscore"]["mean"].get<std::vector<double>>(),
               expected["zscore"]["sd_population"].get<std::vector<double>>());
    SplitData data;
    data.train = selectRows(z, expected["split"]["train_rows_0based"].get<std::vector<std::size_t>>());
    data.test = selectRows(z, expected["split"]["test_rows_0based"].get<std::vector<std::size_t>>());
    data.yTrain = expected["y_train"].get<std::vector<int>>();
    return data;
}

// Small settings that still give every model some structure (a pruned tree,
// subsampled boosting, distance-weighted Manhattan kNN, a non-default gamma).
Hyperparameters settingsFor(const std::string& model) {
    if (model == "dt") return {{"max_depth", 5}, {"min_samples_leaf", 2}, {"ccp_alpha", 0.002}};
    if (model == "rf") return {{"n_estimators", 25}, {"min_samples_leaf", 2}};
    if (model == "xgboost") return {{"n_estimators", 30}, {"max_depth", 3}, {"subsample", 0.8}, {"learning_rate", 0.2}};
    if (model == "lightgbm") return {{"n_estimators", 30}, {"num_leaves", 6}, {"colsample_bytree", 0.7}};
    if (model == "knn") return {{"n_neighbors", 7}, {"distance_weighted", 1}, {"p", 1}};
    return {{"C", 3}, {"gamma", 0.05}};
}

std::unique_ptr<Classifier> fitted(const std::string& model, const SplitData& data) {
    auto classifier = makeClassifier(model, settingsFor(model), 11);
    classifier->fit(data.train, data.yTrain);
    return classifier;
}

class Persistence : public ::testing::TestWithParam<std::string> {};

TEST_P(Persistence, SaveLoadPredictsBitIdentically) {
    const SplitData data = loadWisconsinSplit();
    const auto original = fitted(GetParam(), data);
    const nlohmann::json saved = original->toJson();
    EXPECT_EQ(saved.at("model"), GetParam());
    EXPECT_EQ(saved.at("seed"), GetParam() == "knn" ? 0u : 11u);
    for (const auto& [name, value] : settingsFor(GetParam())) {
        EXPECT_EQ(saved.at("hyperparameters").at(name).get<double>(), value) << name;
    }
    // Through text, as a model file is written and read.
    const auto loaded = loadClassifier(nlohmann::json::parse(saved.dump()));
    EXPECT_EQ(loaded->predictProbability(data.test), original->predictProbability(data.test));
    EXPECT_EQ(loaded->predictProbability(data.train), original->predictProbability(data.train));
    EXPECT_EQ(loaded->shapOutput(), original->shapOutput());
    if (original->shapOutput().empty()) {
        EXPECT_THROW((void)original->shapValues(data.test), InputError);
        EXPECT_THROW((void)loaded->shapValues(data.test), InputError);
    } else {
        EXPECT_TRUE(loaded->shapValues(data.test) == original->shapValues(data.test));
    }
    // Saving the loaded model gives the same JSON again.
    EXPECT_EQ(loaded->toJson(), saved);
}

// SHAP additivity: for dt and rf the values plus the expected value sum to the
// probability (exact TreeSHAP, so only double rounding remains); for the
// boosted models they sum to XGBoost's log-odds margin (float32 contributions).
class ShapAdditivity : public ::testing::TestWithParam<std::string> {};

TEST_P(ShapAdditivity, ShapValuesAddUpToTheModelOutput) {
    const SplitData data = loadWisconsinSplit();
    const auto model = fitted(GetParam(), data);
    ASSERT_FALSE(model->shapOutput().empty());
    const Eigen::MatrixXd shap = model->shapValues(data.test);
    ASSERT_EQ(shap.rows(), data.test.rows());
    ASSERT_EQ(shap.cols(), data.test.cols() + 1);
    std::vector<double> output;
    if (model->shapOutput() == "probability") {
        output = model->predictProbability(data.test);
    } else {
        ASSERT_EQ(model->shapOutput(), "log-odds margin");
        output = dynamic_cast<const GradientBoosting&>(*model).margin(data.test);
    }
    for (Eigen::Index i = 0; i < shap.rows(); ++i) {
        EXPECT_NEAR(shap.row(i).sum(), output[static_cast<std::size_t>(i)], 1e-5) << "test row " << i;
    }
    // The expected value is the same for every patient.
    EXPECT_EQ(shap.col(shap.cols() - 1).minCoeff(), shap.col(shap.cols() - 1).maxCoeff());
}

TEST_P(Persistence, MissingOrMistypedFieldIsAnInputError) {
    const SplitData data = loadWisconsinSplit();
    const nlohmann::json saved = fitted(GetParam(), data)->toJson();
    for (const std::string field : {"model", "hyperparameters", "seed", "state"}) {
        nlohmann::json broken = saved;
        broken.erase(field);
        EXPECT_THROW((void)loadClassifier(broken), InputError) << "without " << field;
    }
    for (const auto& [field, value] : saved.at("state").items()) {
        nlohmann::json missing = saved;
        missing["state"].erase(field);
        EXPECT_THROW((void)loadClassifier(missing), InputError) << "without state." << field;
        nlohmann::json mistyped = saved;
        mistyped["state"][field] = "text";
        EXPECT_THROW((void)loadClassifier(mistyped), InputError) << "state." << field << " as text";
    }
    nlohmann::json unknown = saved;
    unknown["model"] = "logistic";
    EXPECT_THROW((void)loadClassifier(unknown), InputError);
    nlohmann::json badSetting = saved;
    badSetting["hyperparameters"]["depth_of_everything"] = 3;
    EXPECT_THROW((void)loadClassifier(badSetting), InputError);
}

INSTANTIATE_TEST_SUITE_P(AllModels, Persistence,
                         ::testing::Values("dt", "rf", "xgboost", "lightgbm", "knn", "svm"));
INSTANTIATE_TEST_SUITE_P(TreeModels, ShapAdditivity, ::testing::Values("dt", "rf", "xgboost", "lightgbm"));

TEST(Persistence, TreeWithChildOutsideTheTreeIsAnInputError) {
    const SplitData data = loadWisconsinSplit();
    nlohmann::json saved = fitted("dt", data)->toJson();
    saved["state"]["tree"]["left"][0] = 100000;
    EXPECT_THROW((void)loadClassifier(saved), InputError);
}

TEST(Persistence, WrongFeatureCountIsAnInputError) {
    const SplitData data = loadWisconsinSplit();
    const Eigen::MatrixXd narrow = data.test.leftCols(data.test.cols() - 1);
    for (const std::string model : {"dt", "rf", "xgboost", "lightgbm", "knn", "svm"}) {
        const auto loaded = loadClassifier(fitted(model, data)->toJson());
        EXPECT_THROW((void)loaded->predictProbability(narrow), InputError) << model;
    }
}

}  // namespace
}  // namespace pulmorad::learn

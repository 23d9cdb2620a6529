#include "learn/split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "learn/scaling.h"
#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

using testing::columnsAsMatrix;
using testing::readOracle;
using testing::readOracleData;
using testing::selectRows;

std::vector<int> repeatedLabels(std::size_t zeros, std::size_t ones) {
    std::vector<int> labels(zeros, 0);
    labels.insert(labels.end(), ones, 1);
    return labels;
}

TEST(StratifiedSplit, StudyCountsRoundHalfUp) {
    // Hand derivation: 70 x 0.7 = 49 and 45 x 0.7 = 31.5 -> 32, so 81 train and 34 test.
    const std::vector<int> labels = repeatedLabels(70, 45);
    const TrainTestSplit split = stratifiedSplit(labels, 0.7, 42);
    EXPECT_EQ(split.trainRows.size(), 81u);
    EXPECT_EQ(split.testRows.size(), 34u);
    std::size_t trainEvents = 0;
    for (const std::size_t row : split.trainRows) {
        trainEvents += static_cast<std::size_t>(labels[row]);
    }
    EXPECT_EQ(trainEvents, 32u);
}

TEST(StratifiedSplit, PartitionsRowsAndIsSeeded) {
    const std::vector<int> labels = repeatedLabels(70, 45);
    const TrainTestSplit split = stratifiedSplit(labels, 0.7, 7);
    std::set<std::size_t> all(split.trainRows.begin(), split.trainRows.end());
    all.insert(split.testRows.begin(), split.testRows.end());
    EXPECT_EQ(all.size(), labels.size());
    EXPECT_TRUE(std::is_sorted(split.trainRows.begin(), split.trainRows.end()));

    EXPECT_EQ(stratifiedSplit(labels, 0.7, 7).trainRows, split.trainRows);
    EXPECT_NE(stratifiedSplit(labels, 0.7, 8).trainRows, split.trainRows);
}

TEST(StratifiedSplit, TooFewPatientsRejected) {
    EXPECT_THROW(stratifiedSplit(repeatedLabels(20, 1), 0.7, 1), InputError);
    EXPECT_THROW(stratifiedSplit(repeatedLabels(20, 20), 1.0, 1), InputError);
}

class SklearnShuffledFolds : public ::testing::TestWithParam<std::string> {};

TEST_P(SklearnShuffledFolds, MatchStratifiedKFold) {
    const nlohmann::json dataset = readOracle("07_models.json")["datasets"][GetParam()];
    const auto labels = dataset["y_train"].get<std::vector<int>>();
    // scikit-learn 1.2.1 StratifiedKFold(5, shuffle=True, random_state=0) on the training split.
    const std::vector<int> folds = stratifiedFolds(labels, 5, 0u);
    EXPECT_EQ(folds, dataset["cv_folds"]["fold_of_train_position"].get<std::vector<int>>());
}

INSTANTIATE_TEST_SUITE_P(Datasets, SklearnShuffledFolds, ::testing::Values("wisconsin", "pima"));

TEST(StratifiedFolds, UnshuffledMatchStratifiedKFold) {
    const nlohmann::json expected = readOracle("06_sklearn.json")["stratified_kfold"];
    const auto table = readOracleData("wisconsin.csv");
    const auto labels = testing::labelColumn(table, "malignant");
    // scikit-learn 1.2.1 StratifiedKFold(n_splits=5, shuffle=False) on all 569 rows.
    EXPECT_EQ(stratifiedFolds(labels, 5, std::nullopt),
              expected["fold_of_sample_0based"].get<std::vector<int>>());
}

TEST(StratifiedFolds, ClassSmallerThanFoldCountRejected) {
    EXPECT_THROW(stratifiedFolds(repeatedLabels(30, 4), 5, 0u), InputError);
}

TEST(Standardizer, PopulationAndSampleSdMatchReference) {
    const nlohmann::json dataset = readOracle("07_models.json")["datasets"]["wisconsin"];
    const auto names = dataset["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd raw = columnsAsMatrix(readOracleData("wisconsin.csv"), names);
    const Eigen::MatrixXd train =
        selectRows(raw, dataset["split"]["train_rows_0based"].get<std::vector<std::size_t>>());
    const Standardizer population = Standardizer::fit(train, ScaleKind::PopulationSd);
    const Standardizer sample = Standardizer::fit(train, ScaleKind::SampleSd);
    // Reference: Python math.fsum means and SDs of the 398 training rows.
    for (std::size_t j = 0; j < names.size(); ++j) {
        EXPECT_NEAR(population.means()[j] / dataset["zscore"]["mean"][j].get<double>(), 1.0, 1e-14)
            << names[j];
        EXPECT_NEAR(population.standardDeviations()[j] / dataset["zscore"]["sd_population"][j].get<double>(),
                    1.0, 1e-13)
            << names[j];
        EXPECT_NEAR(sample.standardDeviations()[j] / dataset["zscore"]["sd_sample_not_used"][j].get<double>(),
                    1.0, 1e-13)
            << names[j];
    }
    // The first test row z-scored with the training mean and population SD.
    const std::size_t firstTest = dataset["split"]["test_rows_0based"][0].get<std::size_t>();
    const Eigen::MatrixXd z = population.transform(raw.row(static_cast<Eigen::Index>(firstTest)));
    for (std::size_t j = 0; j < names.size(); ++j) {
        EXPECT_NEAR(z(0, static_cast<Eigen::Index>(j)),
                    dataset["zscore"]["first_test_row_z"][j].get<double>(), 1e-12)
            << names[j];
    }
}

TEST(Standardizer, ConstantColumnBecomesZero) {
    Eigen::MatrixXd x(3, 1);
    x << 2, 2, 2;
    const Standardizer scaler = Standardizer::fit(x, ScaleKind::SampleSd);
    EXPECT_EQ(scaler.standardDeviations()[0], 0.0);
    EXPECT_TRUE(scaler.transform(x).isZero());
}

}  // namespace
}  // namespace pulmorad::learn

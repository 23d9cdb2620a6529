#include "learn/training_inputs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "common/errors.h"
#include "learn/pipeline.h"
#include "learn/results_output.h"
#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

// Runs `action` and returns the InputError message ("" when none was thrown).
template <typename Action>
std::string inputErrorOf(Action action) {
    try {
        action();
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

Dataset loadWisconsin() {
    DatasetOptions options;
    options.outcome = "malignant";
    return loadDataset(pulmorad::test::referencePath("oracles/data/wisconsin.csv"), options);
}

TEST(GridOption, ParsesModelSettingAndValues) {
    ModelGrids grids;
    addGridOption("knn:k=3,5,7", grids);
    addGridOption("svm:C=0.1,1,10", grids);
    addGridOption("svm:gamma=0.01", grids);
    // "k" is the short name of knn's n_neighbors.
    EXPECT_EQ(grids.at("knn").at("n_neighbors"), (std::vector<double>{3, 5, 7}));
    EXPECT_EQ(grids.at("svm").at("C"), (std::vector<double>{0.1, 1, 10}));
    EXPECT_EQ(grids.at("svm").at("gamma"), (std::vector<double>{0.01}));
    // A later list of the same setting replaces the earlier one.
    addGridOption("knn:n_neighbors=9", grids);
    EXPECT_EQ(grids.at("knn").at("n_neighbors"), (std::vector<double>{9}));
}

TEST(GridOption, BadEntriesNameTheProblem) {
    ModelGrids grids;
    EXPECT_NE(inputErrorOf([&] { addGridOption("forest:k=3", grids); }).find("'forest'"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { addGridOption("knn:depth=3", grids); }).find("'depth'"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { addGridOption("knn:k=3,x", grids); }).find("'x'"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { addGridOption("knn", grids); }).find("MODEL:SETTING"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { addGridOption("svm:C=-1", grids); }).find("C = -1"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { addGridOption("knn:k=2.5", grids); }).find("n_neighbors"), std::string::npos);
}

TEST(GridFile, ReadsYamlAndRejectsUnknownNames) {
    const auto folder = pulmorad::test::makeTemporaryFolder("learn-grids");
    {
        std::ofstream out(folder / "grids.yaml");
        out << "knn: {k: [3, 5]}\nsvm:\n  C: [1, 10]\n  gamma: 0.1\n";
    }
    const ModelGrids grids = readGridFile(folder / "grids.yaml");
    EXPECT_EQ(grids.at("knn").at("n_neighbors"), (std::vector<double>{3, 5}));
    EXPECT_EQ(grids.at("svm").at("C"), (std::vector<double>{1, 10}));
    EXPECT_EQ(grids.at("svm").at("gamma"), (std::vector<double>{0.1}));
    {
        std::ofstream out(folder / "bad_model.yaml");
        out << "logistic: {C: [1]}\n";
    }
    const std::string badModel = inputErrorOf([&] { (void)readGridFile(folder / "bad_model.yaml"); });
    EXPECT_NE(badModel.find("'logistic'"), std::string::npos) << badModel;
    EXPECT_NE(badModel.find("bad_model.yaml"), std::string::npos) << badModel;
    {
        std::ofstream out(folder / "bad_setting.yaml");
        out << "dt: {depth: [3]}\n";
    }
    EXPECT_NE(inputErrorOf([&] { (void)readGridFile(folder / "bad_setting.yaml"); }).find("'depth'"),
              std::string::npos);
    EXPECT_NE(inputErrorOf([&] { (void)readGridFile(folder / "missing.yaml"); }).find("missing.yaml"),
              std::string::npos);
    std::filesystem::remove_all(folder);
}

TEST(SelectedFeatures, ReadsWhatSelectWrites) {
    const Dataset data = loadWisconsin();
    SelectionOptions options;
    options.seed = 3;
    const SelectionResult selection = runSelection(data, options);
    const auto folder = pulmorad::test::makeTemporaryFolder("learn-selected");
    writeSelectionFiles(folder, data, selection, options);
    std::vector<std::string> kept;
    for (const std::size_t j : selection.afterLasso) {
        kept.push_back(selection.data.featureNames[j]);
    }
    ASSERT_FALSE(kept.empty());

    const SelectedFeatures fromJson = readSelectedFeatures(folder / "selection.json");
    EXPECT_EQ(fromJson.features, kept);
    EXPECT_EQ(fromJson.step, "lasso");
    EXPECT_EQ(fromJson.trainIds, selection.data.trainIds);
    EXPECT_EQ(fromJson.seed, 3u);
    EXPECT_EQ(fromJson.trainFraction, 0.7);
    EXPECT_EQ(fromJson.outcome, "malignant");

    // The CSV lists the features in column order; the same set survives.
    SelectedFeatures fromCsv = readSelectedFeatures(folder / "selection_features.csv");
    EXPECT_TRUE(fromCsv.trainIds.empty());
    std::sort(fromCsv.features.begin(), fromCsv.features.end());
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(fromCsv.features, kept);
    std::filesystem::remove_all(folder);
}

TEST(SelectedFeatures, TrainingUsesThemAndChecksTheSplit) {
    const Dataset data = loadWisconsin();
    TrainingOptions options;
    options.seed = 3;
    options.models = {"dt"};
    options.grids["dt"] = {{"max_depth", {3}}};
    options.features = {"worst_area", "mean_texture", "worst_concave_points"};
    const TrainingResult first = runTraining(data, options);
    EXPECT_EQ(first.data.featureNames, options.features);
    EXPECT_EQ(first.data.train.cols(), 3);

    // The split of another seed is rejected, naming the fix.
    options.requiredTrainIds = first.data.trainIds;
    EXPECT_NO_THROW((void)runTraining(data, options));
    options.seed = 4;
    EXPECT_NE(inputErrorOf([&] { (void)runTraining(data, options); }).find("--seed"), std::string::npos);

    options.seed = 3;
    options.requiredTrainIds.clear();
    options.features = {"worst_area", "no_such_feature"};
    EXPECT_NE(inputErrorOf([&] { (void)runTraining(data, options); }).find("'no_such_feature'"),
              std::string::npos);
}

TEST(ModelFile, ReloadedModelScoresRawRowsAsTraining) {
    const Dataset data = loadWisconsin();
    TrainingOptions options;
    options.seed = 5;
    options.models = {"dt", "lightgbm", "svm"};
    options.grids["dt"] = {{"max_depth", {3}}};
    options.grids["lightgbm"] = {{"num_leaves", {4}}, {"n_estimators", {20}}};
    options.grids["svm"] = {{"C", {1}}};
    const TrainingResult result = runTraining(data, options);
    for (const ModelResult& model : result.models) {
        // Through text, as predict reads models/<model>.json.
        const nlohmann::json file = nlohmann::json::parse(modelFileJson(data, result, model, options).dump());
        EXPECT_EQ(file.at("features").get<std::vector<std::string>>(), result.data.featureNames);
        EXPECT_EQ(file.at("scaling").at("sd"), "sample");
        const auto means = file.at("scaling").at("mean").get<std::vector<double>>();
        const auto sds = file.at("scaling").at("sd_values").get<std::vector<double>>();
        // z-scoring the raw test rows with the saved numbers and scoring them with the
        // reloaded model reproduces the training run's test probabilities exactly.
        const Eigen::MatrixXd z = testing::zscore(result.data.test, means, sds);
        const auto loaded = loadClassifier(file);
        EXPECT_EQ(loaded->predictProbability(z), model.testProbability) << model.model;
        EXPECT_EQ(file.at("shap_output").get<std::string>(), model.shapOutput) << model.model;
    }
}

}  // namespace
}  // namespace pulmorad::learn

#include "learn/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::learn {

namespace {

std::vector<double> asDoubles(const std::vector<int>& values) {
    return std::vector<double>(values.begin(), values.end());
}

Eigen::MatrixXd columns(const Eigen::MatrixXd& x, const std::vector<std::size_t>& selected) {
    std::vector<Eigen::Index> indices(selected.begin(), selected.end());
    return x(Eigen::all, indices);
}

SetMetrics scoreSet(const std::vector<double>& probability, const std::vector<int>& labels,
                    double threshold) {
    const std::vector<double> outcome = asDoubles(labels);
    return SetMetrics{stats::rocAnalysis(probability, outcome),
                      stats::classificationMetrics(probability, outcome, threshold)};
}

}  // namespace

SelectionResult runSelection(const Dataset& data, const SelectionOptions& options) {
    SelectionResult result;
    result.data = prepareData(data, options.trainFraction, options.seed, options.folds, options.logSplit);
    const PreparedData& prepared = result.data;
    result.scaler = Standardizer::fit(prepared.train, options.scale);
    const Eigen::MatrixXd train = result.scaler.transform(prepared.train);
    const Eigen::MatrixXd test = result.scaler.transform(prepared.test);

    std::vector<std::size_t> current(prepared.featureNames.size());
    for (std::size_t j = 0; j < current.size(); ++j) {
        current[j] = j;
    }
    if (options.correlationFilter) {
        result.correlation =
            filterCorrelatedFeatures(columns(train, current), prepared.yTrain, options.correlation);
        std::vector<std::size_t> survivors;
        for (const std::size_t position : result.correlation.survivors) {
            survivors.push_back(current[position]);
        }
        current = survivors;
        result.afterCorrelation = current;
        spdlog::info("Correlation filter (|r| > {}): {} of {} features kept", options.correlation.threshold,
                     current.size(), prepared.featureNames.size());
    }
    if (options.mrmr) {
        const std::size_t before = current.size();
        result.mrmrInput = current;
        result.mrmr = rankMrmr(columns(train, current), prepared.yTrain, options.mrmrScheme);
        std::vector<std::size_t> survivors;
        for (const std::size_t position : result.mrmr.ranking) {
            if (survivors.size() >= static_cast<std::size_t>(options.mrmrTop)) {
                break;
            }
            survivors.push_back(current[position]);
        }
        current = survivors;
        result.afterMrmr = current;
        spdlog::info("mRMR ({}): top {} of {} features kept",
                     options.mrmrScheme == MrmrScheme::Difference ? "MID" : "MIQ", current.size(), before);
    }
    if (options.lasso) {
        result.lassoInput = current;
        const Eigen::MatrixXd lassoTrain = columns(train, current);
        result.lasso = crossValidateLasso(lassoTrain, prepared.yTrain, prepared.trainFolds);
        result.chosenLambdaIndex = options.useLambda1se ? result.lasso.index1se : result.lasso.indexMin;
        std::vector<std::size_t> survivors;
        for (std::size_t j = 0; j < current.size(); ++j) {
            if (result.lasso.path.coefficients(static_cast<Eigen::Index>(j),
                                               static_cast<Eigen::Index>(result.chosenLambdaIndex)) != 0.0) {
                survivors.push_back(current[j]);
            }
        }
        result.radScoreTrain = linearPredictor(result.lasso.path, result.chosenLambdaIndex, lassoTrain);
        result.radScoreTest =
            linearPredictor(result.lasso.path, result.chosenLambdaIndex, columns(test, current));
        spdlog::info("LASSO ({}-fold CV, lambda.{} = {:.6g}): {} of {} features with non-zero coefficients",
                     *std::max_element(prepared.trainFolds.begin(), prepared.trainFolds.end()) + 1,
                     options.useLambda1se ? "1se" : "min",
                     result.lasso.path.lambdas[result.chosenLambdaIndex], survivors.size(), current.size());
        current = survivors;
        result.afterLasso = current;
    }
    return result;
}

Dataset restrictFeatures(const Dataset& data, const std::vector<std::string>& features) {
    Dataset restricted = data;
    restricted.featureNames = features;
    restricted.x.resize(data.x.rows(), static_cast<Eigen::Index>(features.size()));
    for (std::size_t j = 0; j < features.size(); ++j) {
        const auto found = std::find(data.featureNames.begin(), data.featureNames.end(), features[j]);
        requireInput(found != data.featureNames.end(),
                     "selected feature '" + features[j] + "' is not a feature column of " + data.source +
                         "; use the feature table the selection was made from (and check --exclude)");
        requireInput(std::find(features.begin(), features.begin() + static_cast<std::ptrdiff_t>(j),
                               features[j]) == features.begin() + static_cast<std::ptrdiff_t>(j),
                     "selected feature '" + features[j] + "' is listed twice; list each feature once");
        restricted.x.col(static_cast<Eigen::Index>(j)) =
            data.x.col(static_cast<Eigen::Index>(found - data.featureNames.begin()));
    }
    spdlog::info("Training on the {} selected of {} features", features.size(), data.featureNames.size());
    return restricted;
}

TrainingResult runTraining(const Dataset& data, const TrainingOptions& options) {
    for (const std::string& model : options.models) {
        requireInput(
            std::find(classifierNames().begin(), classifierNames().end(), model) != classifierNames().end(),
            "--models entry '" + model + "' is unknown; use dt, rf, xgboost, lightgbm, knn or svm");
    }
    std::map<std::string, HyperparameterGrid> grids;
    for (const std::string& model : options.models) {
        grids[model] = options.grids.count(model) != 0 ? checkedGrid(model, options.grids.at(model))
                                                       : defaultGrid(model);
    }
    for (const auto& [model, grid] : options.grids) {
        (void)hyperparameterNames(model);  // an unknown model name is an InputError
        if (grids.count(model) == 0) {
            spdlog::warn("a grid is given for model {} but {} is not among the models trained; it is ignored",
                         model, model);
        }
    }

    TrainingResult result;
    result.data = prepareData(options.features.empty() ? data : restrictFeatures(data, options.features),
                              options.trainFraction, options.seed, options.folds, options.logSplit);
    const PreparedData& prepared = result.data;
    if (!options.requiredTrainIds.empty()) {
        std::vector<std::string> expected = options.requiredTrainIds;
        std::vector<std::string> actual = prepared.trainIds;
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        requireInput(expected == actual,
                     "the training patients of this split (seed " + std::to_string(options.seed) +
                         ", train fraction " + formatDouble(options.trainFraction) +
                         ") differ from those the feature selection used, so the selected features were "
                         "chosen with test patients; use the --seed and --train-fraction of select and the "
                         "same feature table");
    }
    result.scaler = Standardizer::fit(prepared.train, options.scale);
    const Eigen::MatrixXd train = result.scaler.transform(prepared.train);
    const Eigen::MatrixXd test = result.scaler.transform(prepared.test);

    for (const std::string& model : options.models) {
        const HyperparameterGrid& grid = grids.at(model);
        ModelResult modelResult;
        modelResult.model = model;
        modelResult.tuning = tuneByCrossValidation(model, grid, prepared.train, prepared.yTrain,
                                                   prepared.trainFolds, options.scale, options.seed);
        auto classifier = makeClassifier(model, modelResult.tuning.best, options.seed);
        classifier->fit(train, prepared.yTrain);
        modelResult.trainProbability = classifier->predictProbability(train);
        modelResult.testProbability = classifier->predictProbability(test);
        modelResult.shapOutput = classifier->shapOutput();
        if (!modelResult.shapOutput.empty()) {
            modelResult.testShap = classifier->shapValues(test);
        }
        modelResult.fitted = std::move(classifier);
        modelResult.train = scoreSet(modelResult.trainProbability, prepared.yTrain, options.threshold);
        modelResult.test = scoreSet(modelResult.testProbability, prepared.yTest, options.threshold);
        spdlog::info("{}: CV AUC {:.3f}, test AUC {:.3f} ({} grid points)", classifierDisplayName(model),
                     modelResult.tuning.scores[modelResult.tuning.bestIndex].meanAuc,
                     modelResult.test.roc.auc, modelResult.tuning.scores.size());
        result.models.push_back(std::move(modelResult));
    }

    const std::vector<double> testOutcome = asDoubles(prepared.yTest);
    for (std::size_t a = 0; a < result.models.size(); ++a) {
        for (std::size_t b = a + 1; b < result.models.size(); ++b) {
            result.comparisons.push_back(
                PairwiseComparison{result.models[a].model, result.models[b].model,
                                   stats::compareDeLong(result.models[a].testProbability,
                                                        result.models[b].testProbability, testOutcome)});
        }
    }
    return result;
}

}  // namespace pulmorad::learn

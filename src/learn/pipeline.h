#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "learn/classifier.h"
#include "learn/correlation_filter.h"
#include "learn/dataset.h"
#include "learn/lasso.h"
#include "learn/mrmr.h"
#include "learn/scaling.h"
#include "learn/tuning.h"
#include "stats/roc.h"

namespace pulmorad::learn {

/// Settings of the feature-selection chain.
struct SelectionOptions {
    bool correlationFilter = true;
    bool mrmr = true;
    bool lasso = true;
    double trainFraction = 0.7;
    std::uint64_t seed = 1;
    int folds = 5;
    ScaleKind scale = ScaleKind::SampleSd;
    CorrelationFilterOptions correlation;
    MrmrScheme mrmrScheme = MrmrScheme::Difference;
    int mrmrTop = 30;  ///< features passed from mRMR to the LASSO
    bool useLambda1se = false;
    bool logSplit = true;  ///< false: the split is logged at DEBUG, for a caller that logs it
};

/// Features kept by each step, with the results of the steps.
struct SelectionResult {
    PreparedData data;
    Standardizer scaler{{}, {}};
    std::vector<std::size_t> afterCorrelation;  ///< indices into data.featureNames
    std::vector<std::size_t> afterMrmr;
    std::vector<std::size_t> afterLasso;
    CorrelationFilterResult correlation;
    MrmrResult mrmr;
    std::vector<std::size_t> mrmrInput;  ///< features ranked by mRMR (ranking positions index this)
    LassoCrossValidation lasso;
    std::vector<std::size_t> lassoInput;  ///< features given to the LASSO (path coefficient order)
    std::size_t chosenLambdaIndex = 0;
    std::vector<double> radScoreTrain;
    std::vector<double> radScoreTest;
};

/// Runs split, z-scoring (training mean and SD, applied unchanged to the
/// test rows), correlation filter, mRMR and LASSO (each optional) on the
/// training rows only. The test rows are used only for the Rad-score.
SelectionResult runSelection(const Dataset& data, const SelectionOptions& options);

/// Settings of model training.
struct TrainingOptions {
    std::vector<std::string> models{"dt", "rf", "xgboost", "lightgbm", "knn", "svm"};
    std::map<std::string, HyperparameterGrid> grids;  ///< per model; missing -> defaultGrid
    double trainFraction = 0.7;
    std::uint64_t seed = 1;
    int folds = 5;
    ScaleKind scale = ScaleKind::SampleSd;
    double threshold = 0.5;  ///< predict class 1 when P(1) >= threshold
    /// Features to train on, in this order (empty: every feature of the table),
    /// for example the survivors of `select`. A name that is not a feature of
    /// the table is an InputError.
    std::vector<std::string> features;
    /// When not empty, the training IDs that the split must reproduce (the split
    /// recorded by `select`). Another split is an InputError: the features would
    /// then have been chosen with some of the test patients.
    std::vector<std::string> requiredTrainIds;
    bool logSplit = true;  ///< false: the split is logged at DEBUG, for a caller that logs it
};

struct SetMetrics {
    stats::RocResult roc;
    stats::ClassificationMetrics classification;
};

struct ModelResult {
    std::string model;
    TuningResult tuning;
    std::vector<double> trainProbability;
    std::vector<double> testProbability;
    SetMetrics train;
    SetMetrics test;
    /// SHAP values of the test rows for the tree models (empty for knn and
    /// svm): n x (p + 1), the last column the expected value. Each row sums to
    /// the model output named by shapOutput.
    Eigen::MatrixXd testShap;
    std::string shapOutput;  ///< "probability" (dt, rf) or "log-odds margin" (xgboost, lightgbm)
    /// The model fitted with the chosen hyperparameters on all training rows
    /// (z-scored with TrainingResult::scaler); toJson() saves it.
    std::shared_ptr<const Classifier> fitted;
};

struct PairwiseComparison {
    std::string first;
    std::string second;
    stats::DeLongComparison test;
};

struct TrainingResult {
    PreparedData data;
    Standardizer scaler{{}, {}};
    std::vector<ModelResult> models;
    std::vector<PairwiseComparison> comparisons;  ///< DeLong on the test set, every pair
};

/// `data` with only `features`, in that order (InputError for a name that is
/// not a feature of `data` or is listed twice).
Dataset restrictFeatures(const Dataset& data, const std::vector<std::string>& features);

/// Tunes every model by stratified K-fold CV AUC on the training rows, fits
/// it with the chosen hyperparameters on all training rows and scores both
/// sets.
TrainingResult runTraining(const Dataset& data, const TrainingOptions& options);

}  // namespace pulmorad::learn

#pragma once

#include <Eigen/Dense>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "learn/split.h"

namespace pulmorad::learn {

/// How to read a feature table for selection or training.
struct DatasetOptions {
    std::string outcome = "ILD";       ///< 0/1 outcome column
    std::string idColumn;              ///< empty: a column named ID if present, else rows numbered
    std::vector<std::string> exclude;  ///< columns that are not features
    std::string foldColumn;            ///< optional per-patient fold numbers 1..K
    bool imputeMedian = false;         ///< fill missing feature cells with training medians
};

/// Patients x features, the outcome and optional fold numbers. Missing
/// feature cells are NaN (allowed only with imputeMedian).
struct Dataset {
    std::string source;
    std::vector<std::string> ids;
    std::vector<std::string> featureNames;
    Eigen::MatrixXd x;
    std::vector<int> y;
    std::vector<int> folds;  ///< 0-based, empty when no fold column was named
    std::string outcomeName;
    std::string foldColumnName;
};

/// Reads and checks a feature CSV. Every column other than the ID, the
/// outcome, the fold column and `exclude` is a feature. Each InputError names
/// the column and the fix. Errors: a missing column, an outcome that is not
/// 0/1, a text cell in a feature, a missing feature cell without
/// imputeMedian, fold numbers that are not whole numbers from 1, and
/// duplicate IDs.
Dataset loadDataset(const std::filesystem::path& path, const DatasetOptions& options);

/// The training and test parts of a dataset after the split, with missing
/// cells imputed from training medians and features constant in the
/// training rows removed (each logged as a WARNING).
struct PreparedData {
    TrainTestSplit split;
    std::vector<std::string> featureNames;     ///< kept features
    std::vector<std::string> droppedConstant;  ///< removed as constant in the training rows
    std::vector<double> imputationMedians;     ///< training median per kept feature (used for missing cells)
    std::size_t imputedCells = 0;
    Eigen::MatrixXd train;
    Eigen::MatrixXd test;
    std::vector<int> yTrain;
    std::vector<int> yTest;
    std::vector<std::string> trainIds;
    std::vector<std::string> testIds;
    std::vector<int> trainFolds;  ///< 0-based folds of the training rows (given or stratified)
};

/// Splits `data` (stratified, seeded), imputes, drops training-constant
/// features and assigns K folds to the training rows: the dataset's fold
/// column when there is one, otherwise stratified folds seeded with `seed`.
/// Throws InputError when a class has fewer training patients than folds.
/// Logs the split at INFO, or at DEBUG when `logSplit` is false (a caller
/// that logs the split itself).
PreparedData prepareData(const Dataset& data, double trainFraction, std::uint64_t seed, int foldCount,
                         bool logSplit = true);

}  // namespace pulmorad::learn

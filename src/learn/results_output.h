#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "learn/pipeline.h"

namespace pulmorad::learn {

/// The feature funnel as CSV (`step,features`): input, after removing
/// training-constant features, then one row per step that ran.
std::string selectionFunnelCsv(const Dataset& data, const SelectionResult& result,
                               const SelectionOptions& options);

/// Everything the selection did as JSON: settings, split, funnel, per-step
/// survivors, mRMR ranking, LASSO CV curve, lambda.min / lambda.1se, the
/// chosen coefficients and the Rad-score of every patient.
nlohmann::json selectionJson(const Dataset& data, const SelectionResult& result,
                             const SelectionOptions& options);

/// Writes selection.json, selection_features.csv (per-feature decisions),
/// lasso_cv.csv and radscore.csv into `folder` (created if needed).
void writeSelectionFiles(const std::filesystem::path& folder, const Dataset& data,
                         const SelectionResult& result, const SelectionOptions& options);

/// Metrics table as CSV: one row per model and set (train, test) with the
/// AUC and its DeLong 95% CI, accuracy, sensitivity, specificity, precision,
/// F1 and the confusion counts at the stated threshold.
std::string trainingMetricsCsv(const TrainingResult& result, const TrainingOptions& options);

/// Metrics, chosen hyperparameters, CV scores of every grid point and the
/// pairwise DeLong tests as JSON.
nlohmann::json trainingJson(const Dataset& data, const TrainingResult& result,
                            const TrainingOptions& options);

/// The saved model of `model`: Classifier::toJson() (which loadClassifier
/// reads back) plus "model_name", "outcome", "features" (in column order),
/// "scaling" ({"sd": "sample"|"population", "mean": [...], "sd_values": [...]},
/// the training z-scoring the model expects), "imputation_medians" (null when
/// nothing was imputed), "threshold" and "shap_output".
nlohmann::json modelFileJson(const Dataset& data, const TrainingResult& result, const ModelResult& model,
                             const TrainingOptions& options);

/// Writes metrics.csv, training.json, predictions.csv, comparisons.csv,
/// models/MODEL.json (modelFileJson) and, for the tree models,
/// shap_MODEL.csv (test rows: one SHAP column per feature, the expected
/// value and their sum, the model output) into `folder` (created if needed).
void writeTrainingFiles(const std::filesystem::path& folder, const Dataset& data,
                        const TrainingResult& result, const TrainingOptions& options);

}  // namespace pulmorad::learn

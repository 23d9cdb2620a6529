#pragma once

// Writing the study's tables (tables/*.csv) and building the matching
// results.json sections (docs/study-results.md).

#include <nlohmann/json.hpp>

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "learn/classifier.h"
#include "learn/pipeline.h"
#include "learn/scaling.h"
#include "learn/tuning.h"
#include "stats/calibration.h"
#include "stats/clinical_tables.h"
#include "stats/logistic.h"
#include "study/config.h"
#include "study/study_data.h"

namespace pulmorad::study {

/// One model of the combined comparison: its variables, fit and predictions.
struct CombinedModel {
    std::string name;  ///< clinical, radiomics, combined or combined_lightgbm
    std::string label;
    std::vector<std::string> variables;
    std::optional<stats::LogisticFit> fit;  ///< empty for the LightGBM-style model
    std::shared_ptr<const learn::Classifier> classifier;
    std::optional<learn::Standardizer> scaler;
    learn::TuningResult tuning;
    double shapExpectedValue = 0.0;  ///< LightGBM-style model: SHAP base value
    std::vector<double> train;       ///< probability per model-training patient
    std::vector<double> test;
};

/// One clinical variable in Table 4.
struct Table4Row {
    std::string variable;
    std::optional<stats::LogisticFit> univariate;
    std::optional<stats::LogisticTerm> multivariable;  ///< binary or continuous variable in the model
    std::string note;                                  ///< why the variable has no estimate

    /// A factor's levels, the reference first (empty for binary and continuous
    /// variables). The univariate fit then has one term per non-reference level.
    std::vector<std::string> levels;
    std::vector<stats::LogisticTerm> multivariableLevels;  ///< per non-reference level, when it entered
    /// Likelihood-ratio test p of the whole factor in the multivariable model
    /// (the model without its dummies against the model with them); NaN when it did not enter.
    double multivariableLrP = std::numeric_limits<double>::quiet_NaN();
};

/// Writes the CSV tables into `folder`/tables and returns the JSON sections.
class StudyOutput {
public:
    explicit StudyOutput(std::filesystem::path folder) : folder_(std::move(folder)) {}

    /// tables/split.csv: ID, set, outcome.
    void writeSplit(const Cohort& cohort, const std::vector<int>& setOf) const;

    /// table2_categorical{suffix}.csv and table3_continuous{suffix}.csv; returns (table2, table3).
    std::pair<nlohmann::json, nlohmann::json> writeClinicalTables(const stats::ClinicalTableBuilder& builder,
                                                                  const StudyConfig& config,
                                                                  const std::string& suffix) const;

    /// table4_logistic.csv; returns clinical.table4.
    nlohmann::json writeTable4(const std::vector<Table4Row>& rows) const;

    /// selection_funnel.csv, radscore_coefficients.csv, radscore.csv; returns
    /// radiomics.{funnel, lasso, radscore, correlation}.
    nlohmann::json writeSelection(const learn::Dataset& dataset, const learn::SelectionResult& selection,
                                  const StudyConfig& config, const Cohort& cohort,
                                  const std::vector<int>& setOf, const learn::TrainTestSplit& split) const;

    /// model_metrics.csv and delong.csv; returns radiomics.models.
    nlohmann::json writeModels(const learn::TrainingResult& training) const;

    /// shap_lightgbm.csv; returns radiomics.shap (null without a lightgbm model).
    nlohmann::json writeShap(const learn::TrainingResult& training,
                             const std::vector<std::string>& features) const;

    /// combined_metrics.csv (and the combined DeLong tests in delong_combined.csv);
    /// returns combined.{models, metrics, roc, delong}.
    nlohmann::json writeCombinedModels(const std::vector<CombinedModel>& models,
                                       const std::vector<std::size_t>& trainRows,
                                       const std::vector<std::size_t>& testRows,
                                       const std::vector<double>& yTrain, const std::vector<double>& yTest,
                                       const StudyConfig& config) const;

    /// calibration.csv; returns combined.calibration.
    nlohmann::json writeCalibration(const stats::CalibrationCurve& curve, const std::string& model,
                                    const std::vector<double>& testProbability,
                                    const std::vector<double>& yTest, std::size_t failedRefits) const;

    /// decision_curve.csv; returns combined.decision_curve.
    nlohmann::json writeDecisionCurves(const std::vector<CombinedModel>& models,
                                       const std::vector<double>& yTrain, const std::vector<double>& yTest,
                                       const std::vector<double>& thresholds) const;

    /// predictions.csv: per patient the set, outcome, Rad-score and every model's probability.
    void writePredictions(const Cohort& cohort, const std::vector<int>& setOf,
                          const std::vector<double>& radScore, const learn::TrainingResult& training,
                          const std::vector<CombinedModel>& models,
                          const std::vector<std::size_t>& modelTrain,
                          const std::vector<std::size_t>& modelTest) const;

private:
    void write(const std::string& name, const std::string& csv) const;
    std::filesystem::path folder_;
};

/// Sentences for the report's Methods paragraph (results.json "methods").
nlohmann::json methodsJson(const StudyConfig& config, const Cohort& cohort, bool radiomics, bool clinical);

}  // namespace pulmorad::study

#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "learn/tuning.h"
#include "stats/clinical_tables.h"

namespace pulmorad::study {

/// One clinical variable named in the config.
struct VariableSpec {
    std::string name;
    stats::VariableType type = stats::VariableType::Continuous;
    std::string unit;
};

/// The study config (docs/study-results.md), with every default filled in.
struct StudyConfig {
    std::filesystem::path configPath;
    std::string title = "Clinical-radiomic prediction study";
    bool simulated = false;
    std::optional<std::filesystem::path> clinical;
    std::optional<std::filesystem::path> features;
    std::optional<std::filesystem::path> cohort;
    std::optional<std::filesystem::path> params;
    std::string id = "ID";
    bool idGiven = false;  ///< the config named the ID column (then it must exist)
    std::string outcome;
    std::string negativeLabel;
    std::string positiveLabel;
    std::uint64_t seed = 2024;
    double trainFraction = 0.7;
    bool variablesGiven = false;  ///< false: every clinical column, types inferred
    std::vector<VariableSpec> variables;

    std::vector<std::string> selectionSteps{"corr", "mrmr", "lasso"};
    double correlationThreshold = 0.9;
    std::string mrmrScheme = "MID";
    int mrmrTop = 30;
    int selectionFolds = 5;
    std::string lambda = "min";
    std::string scale = "sample";

    std::vector<std::string> models{"dt", "rf", "xgboost", "lightgbm", "knn", "svm"};
    int modelFolds = 5;
    double threshold = 0.5;
    std::map<std::string, learn::HyperparameterGrid> grids;  ///< every model, defaults filled in

    std::string predictorRule = "univariate";  ///< univariate | fixed
    double pThreshold = 0.05;
    std::vector<std::string> fixedPredictors;
    std::vector<std::string> nomogramVariables;  ///< empty: radscore plus the clinical predictors

    int bootstraps = 1000;
    double dcaFrom = 0.01;
    double dcaTo = 0.99;
    double dcaBy = 0.01;
};

/// Reads and checks STUDY.yaml. Paths are resolved against the config's
/// folder; an unknown key, a bad value or a missing file is an InputError
/// naming the key, the value and the fix.
StudyConfig loadStudyConfig(const std::filesystem::path& path);

/// The config with every default filled in, as written to run.json.
nlohmann::json configToJson(const StudyConfig& config);

/// Decision-curve thresholds from, from + by, ..., to (k / 10^d exactly).
std::vector<double> decisionThresholds(const StudyConfig& config);

}  // namespace pulmorad::study

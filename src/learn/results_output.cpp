#include "learn/results_output.h"

#include <spdlog/spdlog.h>

#include <cmath>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_format.h"
#include "table/table.h"

namespace pulmorad::learn {

namespace {

// JSON numbers: NaN and infinities have no JSON form and become null.
nlohmann::json number(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::string scaleName(ScaleKind scale) {
    return scale == ScaleKind::SampleSd ? "sample SD (n - 1), as R scale()" : "population SD (n)";
}

nlohmann::json splitJson(const PreparedData& data) {
    return {{"train_fraction", data.split.trainFraction},
            {"seed", data.split.seed},
            {"train_ids", data.trainIds},
            {"test_ids", data.testIds},
            {"dropped_constant_features", data.droppedConstant},
            {"imputed_cells", data.imputedCells}};
}

std::vector<std::string> names(const PreparedData& data, const std::vector<std::size_t>& indices) {
    std::vector<std::string> result;
    for (const std::size_t j : indices) {
        result.push_back(data.featureNames[j]);
    }
    return result;
}

void createFolder(const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    requireInput(!error, "output folder '" + folder.string() + "' cannot be created (" + error.message() +
                             "); choose a writable folder with --output-dir");
}

}  // namespace

std::string selectionFunnelCsv(const Dataset& data, const SelectionResult& result,
                               const SelectionOptions& options) {
    table::CsvWriter writer({"step", "features"});
    writer.newRow().add("input").add(data.featureNames.size());
    writer.newRow().add("non_constant_in_training").add(result.data.featureNames.size());
    if (options.correlationFilter) {
        writer.newRow().add("correlation_filter").add(result.afterCorrelation.size());
    }
    if (options.mrmr) {
        writer.newRow().add("mrmr").add(result.afterMrmr.size());
    }
    if (options.lasso) {
        writer.newRow().add("lasso").add(result.afterLasso.size());
    }
    return writer.str();
}

nlohmann::json selectionJson(const Dataset& data, const SelectionResult& result,
                             const SelectionOptions& options) {
    const PreparedData& prepared = result.data;
    nlohmann::json json;
    json["source"] = data.source;
    json["outcome"] = data.outcomeName;
    json["settings"] = {
        {"steps", {{"corr", options.correlationFilter}, {"mrmr", options.mrmr}, {"lasso", options.lasso}}},
        {"seed", options.seed},
        {"train_fraction", options.trainFraction},
        {"folds", data.folds.empty() ? nlohmann::json(options.folds)
                                     : nlohmann::json("column " + data.foldColumnName)},
        {"scaling", "training mean and " + scaleName(options.scale)},
        {"correlation_threshold", options.correlation.threshold},
        {"normality_alpha", options.correlation.normalityAlpha},
        {"mrmr_scheme", options.mrmrScheme == MrmrScheme::Difference ? "MID" : "MIQ"},
        {"mrmr_top", options.mrmrTop},
        {"lambda_rule", options.useLambda1se ? "lambda.1se" : "lambda.min"}};
    json["split"] = splitJson(prepared);

    nlohmann::json funnel = nlohmann::json::array();
    funnel.push_back({{"step", "input"}, {"features", data.featureNames.size()}});
    funnel.push_back({{"step", "non_constant_in_training"}, {"features", prepared.featureNames.size()}});
    if (options.correlationFilter) {
        funnel.push_back({{"step", "correlation_filter"},
                          {"features", result.afterCorrelation.size()},
                          {"kept", names(prepared, result.afterCorrelation)}});
    }
    if (options.mrmr) {
        funnel.push_back({{"step", "mrmr"},
                          {"features", result.afterMrmr.size()},
                          {"kept", names(prepared, result.afterMrmr)}});
    }
    if (options.lasso) {
        funnel.push_back({{"step", "lasso"},
                          {"features", result.afterLasso.size()},
                          {"kept", names(prepared, result.afterLasso)}});
        const auto& cv = result.lasso;
        const auto chosen = static_cast<Eigen::Index>(result.chosenLambdaIndex);
        nlohmann::json coefficients = nlohmann::json::object();
        coefficients["(Intercept)"] = number(cv.path.intercepts[result.chosenLambdaIndex]);
        for (std::size_t j = 0; j < result.lassoInput.size(); ++j) {
            const double beta = cv.path.coefficients(static_cast<Eigen::Index>(j), chosen);
            if (beta != 0.0) {
                coefficients[prepared.featureNames[result.lassoInput[j]]] = number(beta);
            }
        }
        json["lasso"] = {{"lambda_min", number(cv.lambdaMin)},
                         {"lambda_1se", number(cv.lambda1se)},
                         {"lambda_chosen", number(cv.path.lambdas[result.chosenLambdaIndex])},
                         {"coefficients_z_scale", coefficients},
                         {"rad_score", "intercept + sum of coefficient x z-scored feature"}};
        nlohmann::json radScore = nlohmann::json::array();
        for (std::size_t i = 0; i < prepared.trainIds.size(); ++i) {
            radScore.push_back({{"id", prepared.trainIds[i]},
                                {"set", "train"},
                                {"outcome", prepared.yTrain[i]},
                                {"rad_score", number(result.radScoreTrain[i])}});
        }
        for (std::size_t i = 0; i < prepared.testIds.size(); ++i) {
            radScore.push_back({{"id", prepared.testIds[i]},
                                {"set", "test"},
                                {"outcome", prepared.yTest[i]},
                                {"rad_score", number(result.radScoreTest[i])}});
        }
        json["rad_score"] = radScore;
    }
    json["funnel"] = funnel;
    return json;
}

void writeSelectionFiles(const std::filesystem::path& folder, const Dataset& data,
                         const SelectionResult& result, const SelectionOptions& options) {
    createFolder(folder);
    const PreparedData& prepared = result.data;
    writeFileAtomically(folder / "selection.json", selectionJson(data, result, options).dump(2) + "\n");

    // Per-feature decisions.
    std::vector<long long> mrmrRank(prepared.featureNames.size(), 0);
    if (options.mrmr) {
        for (std::size_t rank = 0; rank < result.mrmr.ranking.size(); ++rank) {
            mrmrRank[result.mrmrInput[result.mrmr.ranking[rank]]] = static_cast<long long>(rank + 1);
        }
    }
    std::vector<double> coefficient(prepared.featureNames.size(), 0.0);
    std::vector<bool> lassoInput(prepared.featureNames.size(), false);
    for (std::size_t j = 0; j < result.lassoInput.size(); ++j) {
        lassoInput[result.lassoInput[j]] = true;
        coefficient[result.lassoInput[j]] = result.lasso.path.coefficients(
            static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(result.chosenLambdaIndex));
    }
    table::CsvWriter features({"feature", "kept_by_correlation_filter", "mrmr_rank", "lasso_coefficient"});
    for (std::size_t j = 0; j < prepared.featureNames.size(); ++j) {
        const bool keptByFilter = !options.correlationFilter ||
                                  std::find(result.afterCorrelation.begin(), result.afterCorrelation.end(),
                                            j) != result.afterCorrelation.end();
        features.newRow().add(prepared.featureNames[j]).add(keptByFilter ? "yes" : "no");
        if (options.mrmr && mrmrRank[j] > 0) {
            features.add(mrmrRank[j]);
        } else {
            features.add("");
        }
        if (lassoInput[j]) {
            features.add(coefficient[j]);
        } else {
            features.add("");
        }
    }
    features.writeFile(folder / "selection_features.csv");

    if (options.lasso) {
        table::CsvWriter curve({"lambda", "cvm", "cvsd", "nonzero", "chosen"});
        for (std::size_t m = 0; m < result.lasso.path.lambdas.size(); ++m) {
            curve.newRow()
                .add(result.lasso.path.lambdas[m])
                .add(result.lasso.cvMean[m])
                .add(result.lasso.cvStandardError[m])
                .add(static_cast<long long>(result.lasso.path.nonzeroCounts[m]))
                .add(m == result.lasso.indexMin ? (m == result.lasso.index1se ? "min,1se" : "min")
                                                : (m == result.lasso.index1se ? "1se" : ""));
        }
        curve.writeFile(folder / "lasso_cv.csv");
        table::CsvWriter scores({"ID", "set", data.outcomeName, "rad_score"});
        for (std::size_t i = 0; i < prepared.trainIds.size(); ++i) {
            scores.newRow()
                .add(prepared.trainIds[i])
                .add("train")
                .add(prepared.yTrain[i])
                .add(result.radScoreTrain[i]);
        }
        for (std::size_t i = 0; i < prepared.testIds.size(); ++i) {
            scores.newRow()
                .add(prepared.testIds[i])
                .add("test")
                .add(prepared.yTest[i])
                .add(result.radScoreTest[i]);
        }
        scores.writeFile(folder / "radscore.csv");
    }
    spdlog::info("Wrote the selection results to {}", folder.string());
}

std::string trainingMetricsCsv(const TrainingResult& result, const TrainingOptions& options) {
    table::CsvWriter writer({"model", "model_name", "set", "auc", "auc_ci_low", "auc_ci_high", "threshold",
                             "accuracy", "sensitivity", "specificity", "precision", "f1", "tp", "fp", "tn",
                             "fn"});
    for (const ModelResult& model : result.models) {
        for (const auto& [setName, metrics] :
             {std::pair<std::string, const SetMetrics*>{"train", &model.train},
              std::pair<std::string, const SetMetrics*>{"test", &model.test}}) {
            const auto& c = metrics->classification;
            writer.newRow()
                .add(model.model)
                .add(classifierDisplayName(model.model))
                .add(setName)
                .add(metrics->roc.auc)
                .add(metrics->roc.confidenceLow)
                .add(metrics->roc.confidenceHigh)
                .add(options.threshold)
                .add(c.accuracy)
                .add(c.sensitivity)
                .add(c.specificity)
                .add(c.precision)
                .add(c.f1)
                .add(c.tp)
                .add(c.fp)
                .add(c.tn)
                .add(c.fn);
        }
    }
    return writer.str();
}

nlohmann::json trainingJson(const Dataset& data, const TrainingResult& result,
                            const TrainingOptions& options) {
    nlohmann::json json;
    json["source"] = data.source;
    json["outcome"] = data.outcomeName;
    json["features"] = result.data.featureNames;
    json["settings"] = {{"seed", options.seed},
                        {"train_fraction", options.trainFraction},
                        {"folds", data.folds.empty() ? nlohmann::json(options.folds)
                                                     : nlohmann::json("column " + data.foldColumnName)},
                        {"scaling", "training mean and " + scaleName(options.scale)},
                        {"tuning", "grid search by mean stratified K-fold CV AUC on the training set"},
                        {"threshold", "class 1 when P(1) >= " + formatDouble(options.threshold)}};
    json["split"] = splitJson(result.data);
    nlohmann::json models = nlohmann::json::array();
    for (const ModelResult& model : result.models) {
        nlohmann::json grid = nlohmann::json::array();
        for (const GridPointScore& point : model.tuning.scores) {
            nlohmann::json folds = nlohmann::json::array();
            for (const double auc : point.foldAuc) {
                folds.push_back(number(auc));
            }
            grid.push_back({{"hyperparameters", point.hyperparameters},
                            {"cv_auc_mean", number(point.meanAuc)},
                            {"cv_auc_folds", folds}});
        }
        const auto setJson = [](const SetMetrics& metrics) {
            const auto& c = metrics.classification;
            return nlohmann::json{{"auc", number(metrics.roc.auc)},
                                  {"auc_ci_low", number(metrics.roc.confidenceLow)},
                                  {"auc_ci_high", number(metrics.roc.confidenceHigh)},
                                  {"accuracy", number(c.accuracy)},
                                  {"sensitivity", number(c.sensitivity)},
                                  {"specificity", number(c.specificity)},
                                  {"precision", number(c.precision)},
                                  {"f1", number(c.f1)},
                                  {"tp", c.tp},
                                  {"fp", c.fp},
                                  {"tn", c.tn},
                                  {"fn", c.fn}};
        };
        models.push_back({{"model", model.model},
                          {"model_name", classifierDisplayName(model.model)},
                          {"hyperparameters", model.tuning.best},
                          {"cv_auc", number(model.tuning.scores[model.tuning.bestIndex].meanAuc)},
                          {"train", setJson(model.train)},
                          {"test", setJson(model.test)},
                          {"grid", grid}});
    }
    json["models"] = models;
    nlohmann::json comparisons = nlohmann::json::array();
    for (const PairwiseComparison& comparison : result.comparisons) {
        comparisons.push_back({{"first", comparison.first},
                               {"second", comparison.second},
                               {"auc_first", number(comparison.test.auc1)},
                               {"auc_second", number(comparison.test.auc2)},
                               {"z", number(comparison.test.z)},
                               {"p_value", number(comparison.test.pValue)}});
    }
    json["delong_tests_test_set"] = comparisons;
    return json;
}

nlohmann::json modelFileJson(const Dataset& data, const TrainingResult& result, const ModelResult& model,
                             const TrainingOptions& options) {
    requireInput(model.fitted != nullptr, "model " + model.model + " has no fitted classifier to save");
    nlohmann::json json = model.fitted->toJson();
    json["model_name"] = classifierDisplayName(model.model);
    json["outcome"] = data.outcomeName;
    json["features"] = result.data.featureNames;
    json["scaling"] = {{"sd", options.scale == ScaleKind::SampleSd ? "sample" : "population"},
                       {"description", "z = (x - mean) / sd with the training mean and " + scaleName(options.scale)},
                       {"mean", result.scaler.means()},
                       {"sd_values", result.scaler.standardDeviations()}};
    json["imputation_medians"] = result.data.imputedCells > 0 ? nlohmann::json(result.data.imputationMedians)
                                                              : nlohmann::json(nullptr);
    json["threshold"] = options.threshold;
    json["shap_output"] = model.fitted->shapOutput();
    return json;
}

void writeTrainingFiles(const std::filesystem::path& folder, const Dataset& data,
                        const TrainingResult& result, const TrainingOptions& options) {
    createFolder(folder);
    writeFileAtomically(folder / "metrics.csv", trainingMetricsCsv(result, options));
    writeFileAtomically(folder / "training.json", trainingJson(data, result, options).dump(2) + "\n");

    std::vector<std::string> header{"ID", "set", data.outcomeName};
    for (const ModelResult& model : result.models) {
        header.push_back("p_" + model.model);
    }
    table::CsvWriter predictions(header);
    const PreparedData& prepared = result.data;
    for (std::size_t i = 0; i < prepared.trainIds.size(); ++i) {
        predictions.newRow().add(prepared.trainIds[i]).add("train").add(prepared.yTrain[i]);
        for (const ModelResult& model : result.models) {
            predictions.add(model.trainProbability[i]);
        }
    }
    for (std::size_t i = 0; i < prepared.testIds.size(); ++i) {
        predictions.newRow().add(prepared.testIds[i]).add("test").add(prepared.yTest[i]);
        for (const ModelResult& model : result.models) {
            predictions.add(model.testProbability[i]);
        }
    }
    predictions.writeFile(folder / "predictions.csv");

    table::CsvWriter comparisons({"first", "second", "auc_first", "auc_second", "z", "p_value"});
    for (const PairwiseComparison& comparison : result.comparisons) {
        comparisons.newRow()
            .add(comparison.first)
            .add(comparison.second)
            .add(comparison.test.auc1)
            .add(comparison.test.auc2)
            .add(comparison.test.z)
            .add(comparison.test.pValue);
    }
    comparisons.writeFile(folder / "comparisons.csv");

    for (const ModelResult& model : result.models) {
        if (model.testShap.size() == 0) {
            continue;
        }
        std::vector<std::string> shapHeader{"ID", data.outcomeName};
        shapHeader.insert(shapHeader.end(), prepared.featureNames.begin(), prepared.featureNames.end());
        shapHeader.push_back("expected_value");
        shapHeader.push_back(model.shapOutput == "probability" ? "probability" : "log_odds_margin");
        table::CsvWriter shap(shapHeader);
        for (Eigen::Index i = 0; i < model.testShap.rows(); ++i) {
            shap.newRow()
                .add(prepared.testIds[static_cast<std::size_t>(i)])
                .add(prepared.yTest[static_cast<std::size_t>(i)]);
            for (Eigen::Index j = 0; j < model.testShap.cols(); ++j) {
                shap.add(model.testShap(i, j));
            }
            shap.add(model.testShap.row(i).sum());
        }
        shap.writeFile(folder / ("shap_" + model.model + ".csv"));
    }
    createFolder(folder / "models");
    for (const ModelResult& model : result.models) {
        writeFileAtomically(folder / "models" / (model.model + ".json"),
                            modelFileJson(data, result, model, options).dump() + "\n");
    }
    spdlog::info("Wrote the training results to {}", folder.string());
}

}  // namespace pulmorad::learn

#include "study/study_output.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <spdlog/spdlog.h>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_format.h"
#include "learn/split.h"
#include "pulmorad/version.h"
#include "stats/correlation.h"
#include "stats/decision_curve.h"
#include "stats/risk_groups.h"
#include "stats/roc.h"
#include "table/table.h"

namespace pulmorad::study {
namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* setName(int set) { return set == 0 ? "train" : "test"; }

/// A CSV cell: empty for a missing (non-finite) number.
std::string cell(double value) { return std::isfinite(value) ? formatDouble(value) : std::string(); }

std::string textOr(const std::optional<std::string>& text) { return text ? *text : std::string(); }

json triple(const std::array<double, 3>& values) {
    return json::array({number(values[0]), number(values[1]), number(values[2])});
}

/// ROC curve as fpr ascending from (0, 0) to (1, 1).
json rocCurveJson(const stats::RocResult& roc) {
    std::vector<double> fpr;
    std::vector<double> tpr;
    for (std::size_t k = roc.curve.thresholds.size(); k-- > 0;) {
        fpr.push_back(1.0 - roc.curve.specificities[k]);
        tpr.push_back(roc.curve.sensitivities[k]);
    }
    return {{"fpr", fpr}, {"tpr", tpr}};
}

const std::vector<std::string> kMetricColumns = {"auc",       "auc_ci_low",  "auc_ci_high",
                                                 "accuracy",  "sensitivity", "specificity",
                                                 "precision", "f1",          "threshold"};

std::vector<double> metricValues(const stats::RocResult& roc, const stats::ClassificationMetrics& metrics) {
    return {roc.auc,           roc.confidenceLow,   roc.confidenceHigh,
            metrics.accuracy,  metrics.sensitivity, metrics.specificity,
            metrics.precision, metrics.f1,          metrics.threshold};
}

std::string testName(const std::optional<std::string>& test) {
    if (!test) {
        return "";
    }
    if (test->rfind("Welch t-test", 0) == 0) {
        return "t-test";
    }
    if (test->rfind("Wilcoxon", 0) == 0) {
        return "wilcoxon";
    }
    if (test->rfind("chi-square", 0) == 0) {
        return "chi-square";
    }
    if (test->rfind("Fisher", 0) == 0) {
        return "fisher";
    }
    return "";
}

json logisticTermJson(const stats::LogisticTerm& term, const std::string& prefix) {
    return {{prefix + "or", number(term.oddsRatio)},
            {prefix + "ci_low", number(std::exp(term.profileLow))},
            {prefix + "ci_high", number(std::exp(term.profileHigh))},
            {prefix + "p", number(term.pValue)}};
}

/// A results.json section and the CSV table with the same rows.
struct SectionWithTable {
    json section;
    std::string csv;
};

/// radiomics.models.{metrics, hyperparameters, roc} and model_metrics.csv.
SectionWithTable modelMetricsSection(const learn::TrainingResult& training) {
    json metrics = json::array();
    json hyperparameters = json::object();
    json roc = json::object();
    std::vector<std::string> header = {"model", "name", "set"};
    header.insert(header.end(), kMetricColumns.begin(), kMetricColumns.end());
    table::CsvWriter csv(header);
    for (const auto& model : training.models) {
        json point = json::object();
        for (const auto& [name, value] : model.tuning.best) {
            point[name] = value;
        }
        hyperparameters[model.model] = point;
        for (int set = 0; set < 2; ++set) {
            const learn::SetMetrics& scores = set == 0 ? model.train : model.test;
            json entry = {{"model", model.model},
                          {"name", learn::classifierDisplayName(model.model)},
                          {"set", setName(set)}};
            csv.newRow().add(model.model).add(learn::classifierDisplayName(model.model)).add(setName(set));
            const std::vector<double> values = metricValues(scores.roc, scores.classification);
            for (std::size_t k = 0; k < values.size(); ++k) {
                entry[kMetricColumns[k]] = number(values[k]);
                csv.add(cell(values[k]));
            }
            metrics.push_back(entry);
            roc[model.model][setName(set)] = rocCurveJson(scores.roc);
        }
    }
    return {{{"metrics", metrics}, {"hyperparameters", hyperparameters}, {"roc", roc}}, csv.str()};
}

/// radiomics.models.delong (every pair of models, test set) and delong.csv.
SectionWithTable modelDelongSection(const learn::TrainingResult& training) {
    json delong = json::array();
    table::CsvWriter delongCsv({"first", "second", "set", "auc_first", "auc_second", "z", "p_value"});
    for (const auto& pair : training.comparisons) {
        delong.push_back({{"first", pair.first},
                          {"second", pair.second},
                          {"auc_first", number(pair.test.auc1)},
                          {"auc_second", number(pair.test.auc2)},
                          {"z", number(pair.test.z)},
                          {"p_value", number(pair.test.pValue)}});
        delongCsv.newRow()
            .add(pair.first)
            .add(pair.second)
            .add("test")
            .add(cell(pair.test.auc1))
            .add(cell(pair.test.auc2));
        delongCsv.add(cell(pair.test.z)).add(cell(pair.test.pValue));
    }
    return {delong, delongCsv.str()};
}

}  // namespace

void StudyOutput::write(const std::string& name, const std::string& csv) const {
    writeFileAtomically(folder_ / "tables" / name, csv);
}

void StudyOutput::writeSplit(const Cohort& cohort, const std::vector<int>& setOf) const {
    table::CsvWriter csv({"ID", "set", "outcome"});
    for (std::size_t i = 0; i < cohort.ids.size(); ++i) {
        csv.newRow().add(cohort.ids[i]).add(setName(setOf[i])).add(cohort.outcome[i]);
    }
    write("split.csv", csv.str());
}

std::pair<json, json> StudyOutput::writeClinicalTables(const stats::ClinicalTableBuilder& builder,
                                                       const StudyConfig& config,
                                                       const std::string& suffix) const {
    json table2 = json::array();
    json table3 = json::array();
    const std::string overall = "Overall (n=" + std::to_string(builder.patientCount()) + ")";
    const std::string negative = config.negativeLabel + " (n=" + std::to_string(builder.groupSize(0)) + ")";
    const std::string positive = config.positiveLabel + " (n=" + std::to_string(builder.groupSize(1)) + ")";
    table::CsvWriter categorical({"variable", "level", overall, negative, positive, "p", "test", "p_value",
                                  "overall_n", "overall_pct", "negative_n", "negative_pct", "positive_n",
                                  "positive_pct", "missing"});
    table::CsvWriter continuous({"variable", "summary", overall, negative, positive, "p", "test", "p_value",
                                 "overall_center", "overall_a", "overall_b", "negative_center", "negative_a",
                                 "negative_b", "positive_center", "positive_a", "positive_b", "missing"});
    // p-value and test of a categorical variable, carried to each level row.
    double pValue = kNaN;
    std::optional<std::string> test;
    std::optional<std::string> pDisplay;
    long long missing = 0;
    std::string unit;
    for (const stats::ClinicalTableRow& row : builder.rows()) {
        for (const auto& spec : config.variables) {
            if (spec.name == row.column) {
                unit = spec.unit;
            }
        }
        if (row.type == stats::VariableType::Continuous) {
            table3.push_back({{"variable", row.column},
                              {"label", row.label},
                              {"unit", unit},
                              {"summary", row.normal ? "mean_sd" : "median_iqr"},
                              {"overall", triple(row.numbers[0])},
                              {"negative", triple(row.numbers[1])},
                              {"positive", triple(row.numbers[2])},
                              {"p_value", number(row.pValue)},
                              {"test", testName(row.test).empty() ? json(nullptr) : json(testName(row.test))},
                              {"missing", row.missing ? *row.missing : 0}});
            continuous.newRow().add(row.label).add(row.summary);
            for (const auto& display : row.display) {
                continuous.add(textOr(display));
            }
            continuous.add(textOr(row.pDisplay)).add(textOr(row.test)).add(cell(row.pValue));
            for (const auto& numbers : row.numbers) {
                for (const double value : numbers) {
                    continuous.add(cell(value));
                }
            }
            continuous.add(row.missing ? *row.missing : 0LL);
            continue;
        }
        if (row.headerRow) {
            pValue = row.pValue;
            test = row.test;
            pDisplay = row.pDisplay;
            missing = row.missing ? *row.missing : 0;
            continue;
        }
        if (row.test) {  // a one-row binary variable
            pValue = row.pValue;
            test = row.test;
            pDisplay = row.pDisplay;
            missing = row.missing ? *row.missing : 0;
        }
        table2.push_back({{"variable", row.column},
                          {"label", row.label},
                          {"level", textOr(row.level)},
                          {"overall_n", number(row.numbers[0][0])},
                          {"overall_pct", number(row.numbers[0][1])},
                          {"negative_n", number(row.numbers[1][0])},
                          {"negative_pct", number(row.numbers[1][1])},
                          {"positive_n", number(row.numbers[2][0])},
                          {"positive_pct", number(row.numbers[2][1])},
                          {"p_value", number(pValue)},
                          {"test", testName(test).empty() ? json(nullptr) : json(testName(test))},
                          {"missing", missing}});
        categorical.newRow().add(row.label).add(textOr(row.level));
        for (const auto& display : row.display) {
            categorical.add(textOr(display));
        }
        categorical.add(textOr(pDisplay)).add(textOr(test)).add(cell(pValue));
        for (std::size_t k = 0; k < 3; ++k) {
            categorical.add(cell(row.numbers[k][0])).add(cell(row.numbers[k][1]));
        }
        categorical.add(missing);
    }
    write("table2_categorical" + suffix + ".csv", categorical.str());
    write("table3_continuous" + suffix + ".csv", continuous.str());
    return {table2, table3};
}

json StudyOutput::writeTable4(const std::vector<Table4Row>& rows) const {
    json table4 = json::array();
    table::CsvWriter csv({"variable", "n", "events", "uni_or", "uni_ci_low", "uni_ci_high", "uni_p", "multi_or",
                          "multi_ci_low", "multi_ci_high", "multi_p", "note", "level", "uni_lr_p", "multi_lr_p"});
    const stats::LogisticTerm none{"", kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
    const auto addTerms = [&](const stats::LogisticTerm& uni, const stats::LogisticTerm& multi) {
        csv.add(cell(uni.oddsRatio)).add(cell(std::exp(uni.profileLow))).add(cell(std::exp(uni.profileHigh)));
        csv.add(cell(uni.pValue));
        csv.add(cell(multi.oddsRatio))
            .add(cell(std::exp(multi.profileLow)))
            .add(cell(std::exp(multi.profileHigh)));
        csv.add(cell(multi.pValue));
    };
    for (const auto& row : rows) {
        const bool factor = !row.levels.empty();
        json entry = {{"variable", row.variable}};
        // A factor has no single OR: its estimates are per level, below.
        const stats::LogisticTerm& uni = row.univariate && !factor ? row.univariate->terms[1] : none;
        const stats::LogisticTerm& multi = row.multivariable ? *row.multivariable : none;
        entry.update(logisticTermJson(uni, "uni_"));
        entry.update(logisticTermJson(multi, "multi_"));
        entry["n"] = row.univariate ? json(row.univariate->n) : json(nullptr);
        entry["events"] = row.univariate ? json(row.univariate->events) : json(nullptr);
        entry["note"] = row.note;
        const double uniLrP = row.univariate && factor ? row.univariate->lrPValue : kNaN;
        csv.newRow().add(row.variable);
        csv.add(row.univariate ? std::to_string(row.univariate->n) : std::string());
        csv.add(row.univariate ? std::to_string(row.univariate->events) : std::string());
        addTerms(uni, multi);
        csv.add(row.note).add("").add(factor ? cell(uniLrP) : "").add(factor ? cell(row.multivariableLrP) : "");
        if (factor) {
            entry["reference"] = row.levels.front();
            entry["uni_lr_p"] = number(uniLrP);
            entry["multi_lr_p"] = number(row.multivariableLrP);
            json levels = json::array();
            csv.newRow().add(row.variable).add("").add("");
            addTerms(none, none);
            csv.add("reference level").add(row.levels.front()).add("").add("");
            for (std::size_t k = 1; k < row.levels.size(); ++k) {
                const stats::LogisticTerm& levelUni = row.univariate ? row.univariate->terms[k] : none;
                const stats::LogisticTerm& levelMulti =
                    row.multivariableLevels.empty() ? none : row.multivariableLevels[k - 1];
                json level = {{"level", row.levels[k]}, {"term", row.variable + row.levels[k]}};
                level.update(logisticTermJson(levelUni, "uni_"));
                level.update(logisticTermJson(levelMulti, "multi_"));
                levels.push_back(level);
                csv.newRow().add(row.variable).add("").add("");
                addTerms(levelUni, levelMulti);
                csv.add("").add(row.levels[k]).add("").add("");
            }
            entry["levels"] = levels;
        }
        table4.push_back(entry);
    }
    write("table4_logistic.csv", csv.str());
    return table4;
}

json StudyOutput::writeSelection(const learn::Dataset& dataset, const learn::SelectionResult& selection,
                                 const StudyConfig& config, const Cohort& cohort,
                                 const std::vector<int>& setOf, const learn::TrainTestSplit& split) const {
    const learn::PreparedData& prepared = selection.data;
    json radiomics;
    // Funnel.
    json funnel = json::array();
    funnel.push_back({{"step", "input"}, {"features", dataset.featureNames.size()}});
    funnel.push_back({{"step", "constant"}, {"features", prepared.featureNames.size()}});
    const auto has = [&](const char* step) {
        return std::count(config.selectionSteps.begin(), config.selectionSteps.end(), step) > 0;
    };
    if (has("corr")) {
        funnel.push_back({{"step", "correlation"}, {"features", selection.afterCorrelation.size()}});
    }
    if (has("mrmr")) {
        funnel.push_back({{"step", "mrmr"}, {"features", selection.afterMrmr.size()}});
    }
    funnel.push_back({{"step", "lasso"}, {"features", selection.afterLasso.size()}});
    table::CsvWriter funnelCsv({"step", "features"});
    for (const auto& step : funnel) {
        funnelCsv.newRow().add(step["step"].get<std::string>()).add(step["features"].get<std::size_t>());
    }
    write("selection_funnel.csv", funnelCsv.str());
    radiomics["funnel"] = funnel;

    // LASSO path and CV curve.
    const learn::LassoCrossValidation& lasso = selection.lasso;
    const std::size_t chosen = selection.chosenLambdaIndex;
    json pathFeatures = json::array();
    json pathCoefficients = json::array();
    for (std::size_t j = 0; j < selection.lassoInput.size(); ++j) {
        pathFeatures.push_back(prepared.featureNames[selection.lassoInput[j]]);
        std::vector<double> row;
        for (Eigen::Index k = 0; k < lasso.path.coefficients.cols(); ++k) {
            row.push_back(lasso.path.coefficients(static_cast<Eigen::Index>(j), k));
        }
        pathCoefficients.push_back(row);
    }
    radiomics["lasso"] = {{"lambda", lasso.path.lambdas},
                          {"cv_mean", lasso.cvMean},
                          {"cv_sd", lasso.cvStandardError},
                          {"nonzero", lasso.path.nonzeroCounts},
                          {"lambda_min", lasso.lambdaMin},
                          {"lambda_1se", lasso.lambda1se},
                          {"chosen", config.lambda},
                          {"path", {{"features", pathFeatures}, {"coefficients", pathCoefficients}}}};

    // Rad-score: coefficients on the standardised features.
    std::vector<std::string> features;
    std::vector<double> coefficients;
    std::vector<double> means;
    std::vector<double> sds;
    table::CsvWriter coefficientCsv({"feature", "coefficient", "training_mean", "training_sd"});
    const double intercept = lasso.path.intercepts[chosen];
    coefficientCsv.newRow().add("(Intercept)").add(intercept).add("").add("");
    for (std::size_t j = 0; j < selection.lassoInput.size(); ++j) {
        const double b =
            lasso.path.coefficients(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(chosen));
        if (b == 0.0) {
            continue;
        }
        const std::size_t feature = selection.lassoInput[j];
        features.push_back(prepared.featureNames[feature]);
        coefficients.push_back(b);
        means.push_back(selection.scaler.means()[feature]);
        sds.push_back(selection.scaler.standardDeviations()[feature]);
        coefficientCsv.newRow().add(features.back()).add(b).add(means.back()).add(sds.back());
    }
    write("radscore_coefficients.csv", coefficientCsv.str());
    json sets;
    table::CsvWriter radscoreCsv({"ID", "set", "outcome", "radscore"});
    for (int set = 0; set < 2; ++set) {
        const auto& rows = set == 0 ? split.trainRows : split.testRows;
        const auto& values = set == 0 ? selection.radScoreTrain : selection.radScoreTest;
        std::vector<std::string> ids;
        std::vector<int> outcome;
        for (const std::size_t row : rows) {
            ids.push_back(cohort.ids[row]);
            outcome.push_back(cohort.outcome[row]);
        }
        sets[setName(set)] = {{"id", ids}, {"outcome", outcome}, {"value", values}};
    }
    for (std::size_t i = 0; i < cohort.ids.size(); ++i) {
        const int set = setOf[i];
        const auto& rows = set == 0 ? split.trainRows : split.testRows;
        const auto& values = set == 0 ? selection.radScoreTrain : selection.radScoreTest;
        const auto position =
            static_cast<std::size_t>(std::lower_bound(rows.begin(), rows.end(), i) - rows.begin());
        radscoreCsv.newRow()
            .add(cohort.ids[i])
            .add(setName(set))
            .add(cohort.outcome[i])
            .add(values[position]);
    }
    write("radscore.csv", radscoreCsv.str());
    radiomics["radscore"] = {{"intercept", intercept}, {"features", features}, {"coefficients", coefficients},
                             {"means", means},         {"sds", sds},           {"train", sets["train"]},
                             {"test", sets["test"]}};

    // Pearson correlation among the selected features on the training set.
    json matrix = json::array();
    for (const std::size_t a : selection.afterLasso) {
        std::vector<double> row;
        const Eigen::VectorXd x = prepared.train.col(static_cast<Eigen::Index>(a));
        for (const std::size_t b : selection.afterLasso) {
            const Eigen::VectorXd y = prepared.train.col(static_cast<Eigen::Index>(b));
            row.push_back(a == b
                              ? 1.0
                              : stats::pearsonCorrelation(
                                    std::span<const double>(x.data(), static_cast<std::size_t>(x.size())),
                                    std::span<const double>(y.data(), static_cast<std::size_t>(y.size()))));
        }
        matrix.push_back(row);
    }
    radiomics["correlation"] = {{"features", features}, {"matrix", matrix}};
    return radiomics;
}

json StudyOutput::writeModels(const learn::TrainingResult& training) const {
    SectionWithTable metrics = modelMetricsSection(training);
    write("model_metrics.csv", metrics.csv);
    const SectionWithTable delong = modelDelongSection(training);
    write("delong.csv", delong.csv);
    metrics.section["delong"] = delong.section;
    return metrics.section;
}

json StudyOutput::writeShap(const learn::TrainingResult& training,
                            const std::vector<std::string>& features) const {
    const learn::ModelResult* lightgbm = nullptr;
    for (const auto& model : training.models) {
        if (model.model == "lightgbm") {
            lightgbm = &model;
        }
    }
    if (!lightgbm || lightgbm->testShap.size() == 0) {
        return nullptr;
    }
    const Eigen::MatrixXd& shap = lightgbm->testShap;
    const auto p = static_cast<Eigen::Index>(features.size());
    const Eigen::MatrixXd data = training.scaler.transform(training.data.test);
    json values = json::array();
    json standardised = json::array();
    std::vector<double> margin;
    std::vector<std::string> header = {"ID"};
    header.insert(header.end(), features.begin(), features.end());
    header.push_back("expected_value");
    header.push_back("margin");
    header.push_back("probability");
    table::CsvWriter csv(header);
    for (Eigen::Index i = 0; i < shap.rows(); ++i) {
        std::vector<double> row;
        std::vector<double> dataRow;
        double sum = 0.0;
        csv.newRow().add(training.data.testIds[static_cast<std::size_t>(i)]);
        for (Eigen::Index j = 0; j < p; ++j) {
            row.push_back(shap(i, j));
            dataRow.push_back(data(i, j));
            sum += shap(i, j);
            csv.add(shap(i, j));
        }
        sum += shap(i, p);
        margin.push_back(sum);
        values.push_back(row);
        standardised.push_back(dataRow);
        csv.add(shap(i, p)).add(sum).add(lightgbm->testProbability[static_cast<std::size_t>(i)]);
    }
    write("shap_lightgbm.csv", csv.str());
    return {{"model", "lightgbm"},
            {"output", lightgbm->shapOutput},
            {"expected_value", shap.rows() > 0 ? number(shap(0, p)) : json(nullptr)},
            {"features", features},
            {"id", training.data.testIds},
            {"values", values},
            {"data", standardised},
            {"margin", margin},
            {"probability", lightgbm->testProbability}};
}

json StudyOutput::writeCombinedModels(const std::vector<CombinedModel>& models,
                                      const std::vector<std::size_t>& trainRows,
                                      const std::vector<std::size_t>& testRows,
                                      const std::vector<double>& yTrain, const std::vector<double>& yTest,
                                      const StudyConfig& config) const {
    (void)trainRows;
    (void)testRows;
    json list = json::array();
    json metrics = json::array();
    json roc = json::object();
    std::vector<std::string> header = {"name", "label", "set"};
    header.insert(header.end(), kMetricColumns.begin(), kMetricColumns.end());
    table::CsvWriter csv(header);
    for (const auto& model : models) {
        json entry = {{"name", model.name}, {"label", model.label}, {"variables", model.variables}};
        if (model.fit) {
            entry["intercept"] = model.fit->terms[0].estimate;
            std::vector<double> coefficients;
            json terms = json::array();
            for (std::size_t k = 1; k < model.fit->terms.size(); ++k) {
                coefficients.push_back(model.fit->terms[k].estimate);
            }
            for (const auto& term : model.fit->terms) {
                terms.push_back({{"term", term.name},
                                 {"estimate", number(term.estimate)},
                                 {"se", number(term.standardError)},
                                 {"p_value", number(term.pValue)},
                                 {"or", number(term.oddsRatio)},
                                 {"or_ci_low", number(std::exp(term.profileLow))},
                                 {"or_ci_high", number(std::exp(term.profileHigh))}});
            }
            entry["coefficients"] = coefficients;
            entry["terms"] = terms;
        } else {
            entry["intercept"] = nullptr;
            entry["coefficients"] = nullptr;
            json point = json::object();
            for (const auto& [name, value] : model.tuning.best) {
                point[name] = value;
            }
            entry["hyperparameters"] = point;
        }
        list.push_back(entry);
        for (int set = 0; set < 2; ++set) {
            const auto& probability = set == 0 ? model.train : model.test;
            const auto& outcome = set == 0 ? yTrain : yTest;
            const stats::RocResult curve = stats::rocAnalysis(probability, outcome);
            const stats::ClassificationMetrics classification =
                stats::classificationMetrics(probability, outcome, config.threshold);
            json row = {{"name", model.name}, {"set", setName(set)}};
            csv.newRow().add(model.name).add(model.label).add(setName(set));
            const std::vector<double> values = metricValues(curve, classification);
            for (std::size_t k = 0; k < values.size(); ++k) {
                row[kMetricColumns[k]] = number(values[k]);
                csv.add(cell(values[k]));
            }
            metrics.push_back(row);
            roc[model.name][setName(set)] = rocCurveJson(curve);
        }
    }
    write("combined_metrics.csv", csv.str());
    json delong = json::array();
    table::CsvWriter delongCsv({"first", "second", "set", "auc_first", "auc_second", "z", "p_value"});
    for (int set = 0; set < 2; ++set) {
        for (std::size_t a = 0; a < models.size(); ++a) {
            for (std::size_t b = a + 1; b < models.size(); ++b) {
                const auto& first = set == 0 ? models[a].train : models[a].test;
                const auto& second = set == 0 ? models[b].train : models[b].test;
                const stats::DeLongComparison test =
                    stats::compareDeLong(first, second, set == 0 ? yTrain : yTest);
                delong.push_back({{"first", models[a].name},
                                  {"second", models[b].name},
                                  {"set", setName(set)},
                                  {"auc_first", number(test.auc1)},
                                  {"auc_second", number(test.auc2)},
                                  {"z", number(test.z)},
                                  {"p_value", number(test.pValue)}});
                delongCsv.newRow().add(models[a].name).add(models[b].name).add(setName(set));
                delongCsv.add(cell(test.auc1)).add(cell(test.auc2)).add(cell(test.z)).add(cell(test.pValue));
            }
        }
    }
    write("delong_combined.csv", delongCsv.str());
    return {{"models", list}, {"metrics", metrics}, {"roc", roc}, {"delong", delong}};
}

json StudyOutput::writeCalibration(const stats::CalibrationCurve& curve, const std::string& model,
                                   const std::vector<double>& testProbability,
                                   const std::vector<double>& yTest, std::size_t failedRefits) const {
    table::CsvWriter csv({"set", "predicted", "apparent", "corrected", "observed"});
    // Grid points where the smoother has no value (NaN) are left out.
    std::vector<double> predictedGrid;
    std::vector<double> apparentCurve;
    std::vector<double> correctedCurve;
    for (std::size_t k = 0; k < curve.predicted.size(); ++k) {
        if (!std::isfinite(curve.apparent[k]) || !std::isfinite(curve.corrected[k])) {
            continue;
        }
        predictedGrid.push_back(curve.predicted[k]);
        apparentCurve.push_back(curve.apparent[k]);
        correctedCurve.push_back(curve.corrected[k]);
        csv.newRow()
            .add("train")
            .add(curve.predicted[k])
            .add(curve.apparent[k])
            .add(curve.corrected[k])
            .add("");
    }
    json train = {{"model", model},
                  {"predicted", predictedGrid},
                  {"apparent", apparentCurve},
                  {"corrected", correctedCurve},
                  {"bootstraps", curve.resamples},
                  {"usable_bootstraps", curve.usableResamples},
                  {"failed_refits", failedRefits},
                  {"mean_absolute_error", number(curve.meanAbsoluteError)}};
    // Test set: val.prob statistics; probabilities of exactly 0 or 1 are
    // moved just inside (0, 1) so that their logit exists.
    std::vector<double> clipped;
    for (const double p : testProbability) {
        clipped.push_back(std::clamp(p, 1e-12, 1.0 - 1e-12));
    }
    json test;
    try {
        const stats::ValProbResult validation = stats::valProb(clipped, yTest);
        std::vector<std::size_t> order(clipped.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return clipped[a] < clipped[b]; });
        std::vector<double> predicted;
        std::vector<double> observed;
        for (const std::size_t i : order) {
            predicted.push_back(clipped[i]);
            observed.push_back(validation.smoothedCalibration[i]);
            csv.newRow()
                .add("test")
                .add(clipped[i])
                .add("")
                .add("")
                .add(cell(validation.smoothedCalibration[i]));
        }
        // Deciles of risk (groups of near-equal size); tied predictions share a group.
        json groups = json::array();
        for (const stats::RiskGroup& group : stats::riskGroups(clipped, yTest, 10)) {
            groups.push_back({{"predicted", group.predicted}, {"observed", group.observed}, {"n", group.n}});
        }
        test = {{"model", model},
                {"predicted", predicted},
                {"observed", observed},
                {"brier", number(validation.brier)},
                {"intercept", number(validation.intercept)},
                {"slope", number(validation.slope)},
                {"groups", groups}};
    } catch (const InputError& error) {
        test = nullptr;
        spdlog::warn("test-set calibration not computed: {}", error.what());
    }
    write("calibration.csv", csv.str());
    return {{"train", train}, {"test", test}};
}

json StudyOutput::writeDecisionCurves(const std::vector<CombinedModel>& models,
                                      const std::vector<double>& yTrain, const std::vector<double>& yTest,
                                      const std::vector<double>& thresholds) const {
    std::vector<std::string> header = {"set", "threshold"};
    for (const auto& model : models) {
        header.push_back(model.name);
    }
    header.push_back("treat_all");
    header.push_back("treat_none");
    table::CsvWriter csv(header);
    json result;
    for (int set = 0; set < 2; ++set) {
        const auto& outcome = set == 0 ? yTrain : yTest;
        json netBenefit = json::object();
        std::vector<stats::DecisionCurve> curves;
        for (const auto& model : models) {
            curves.push_back(stats::decisionCurve(set == 0 ? model.train : model.test, outcome, thresholds));
            netBenefit[model.name] = curves.back().netBenefit;
        }
        const stats::DecisionCurve reference =
            stats::decisionCurve(std::vector<double>(outcome.size(), 0.5), outcome, thresholds);
        netBenefit["treat_all"] = reference.netBenefitTreatAll;
        netBenefit["treat_none"] = reference.netBenefitTreatNone;
        for (std::size_t k = 0; k < thresholds.size(); ++k) {
            csv.newRow().add(setName(set)).add(thresholds[k]);
            for (const auto& curve : curves) {
                csv.add(curve.netBenefit[k]);
            }
            csv.add(reference.netBenefitTreatAll[k]).add(reference.netBenefitTreatNone[k]);
        }
        result[setName(set)] = {{"thresholds", thresholds}, {"net_benefit", netBenefit}};
    }
    write("decision_curve.csv", csv.str());
    return result;
}

void StudyOutput::writePredictions(const Cohort& cohort, const std::vector<int>& setOf,
                                   const std::vector<double>& radScore, const learn::TrainingResult& training,
                                   const std::vector<CombinedModel>& models,
                                   const std::vector<std::size_t>& modelTrain,
                                   const std::vector<std::size_t>& modelTest) const {
    const std::size_t n = cohort.ids.size();
    std::vector<std::string> header = {"ID", "set", "outcome", "radscore"};
    std::vector<std::vector<double>> columns;
    for (const auto& model : training.models) {
        header.push_back("radiomics_" + model.model);
        std::vector<double> values(n, kNaN);
        for (std::size_t k = 0; k < model.trainProbability.size(); ++k) {
            values[training.data.split.trainRows[k]] = model.trainProbability[k];
        }
        for (std::size_t k = 0; k < model.testProbability.size(); ++k) {
            values[training.data.split.testRows[k]] = model.testProbability[k];
        }
        columns.push_back(values);
    }
    for (const auto& model : models) {
        header.push_back(model.name);
        std::vector<double> values(n, kNaN);
        for (std::size_t k = 0; k < modelTrain.size(); ++k) {
            values[modelTrain[k]] = model.train[k];
        }
        for (std::size_t k = 0; k < modelTest.size(); ++k) {
            values[modelTest[k]] = model.test[k];
        }
        columns.push_back(values);
    }
    table::CsvWriter csv(header);
    for (std::size_t i = 0; i < n; ++i) {
        csv.newRow().add(cohort.ids[i]).add(setName(setOf[i])).add(cohort.outcome[i]).add(cell(radScore[i]));
        for (const auto& column : columns) {
            csv.add(cell(column[i]));
        }
    }
    write("predictions.csv", csv.str());
}

json methodsJson(const StudyConfig& config, const Cohort& cohort, bool radiomics, bool clinical) {
    (void)clinical;
    json methods;
    methods["software"] =
        "pulmorad " + std::string(kVersion) +
        " (C++20; logistic regression, ROC/DeLong, calibration and decision curves checked against "
        "R 4.2; classifiers against scikit-learn 1.2).";
    methods["parameter_file"] = config.cohort ? json(config.params ? config.params->filename().string()
                                                                   : "the study's built-in parameters")
                                              : json(nullptr);
    methods["split"] = fmt::format(
        "The {} patients were split into training and test sets class by class ({} of each class to "
        "training, "
        "rounded half up) with seed {}.",
        cohort.ids.size(), formatDouble(config.trainFraction), config.seed);
    if (radiomics) {
        std::string steps;
        for (const auto& step : config.selectionSteps) {
            steps += (steps.empty() ? "" : ", ") +
                     std::string(step == "corr" ? "a correlation filter (|r| > " +
                                                      formatDouble(config.correlationThreshold) + ")"
                                 : step == "mrmr"
                                     ? "mRMR (" + config.mrmrScheme + ", top " +
                                           std::to_string(config.mrmrTop) + ")"
                                     : "LASSO logistic regression (" + std::to_string(config.selectionFolds) +
                                           "-fold CV, lambda." + config.lambda + ")");
        }
        methods["selection"] = "Features were z-scored with training means and " +
                               std::string(config.scale == "sample" ? "sample" : "population") +
                               " SDs, then selected on the training set by " + steps +
                               "; the Rad-score is the LASSO linear predictor.";
        std::string models;
        for (const auto& model : config.models) {
            models += (models.empty() ? "" : ", ") + learn::classifierDisplayName(model);
        }
        methods["grids"] = "Classifiers (" + models + ") were tuned by grid search with " +
                           std::to_string(config.modelFolds) +
                           "-fold stratified cross-validation AUC on the training set.";
    } else {
        methods["selection"] = nullptr;
        methods["grids"] = nullptr;
    }
    methods["seeds"] = fmt::format(
        "Every random step (split, folds, models, {} calibration bootstrap resamples) used seed {}.",
        config.bootstraps, config.seed);
    return methods;
}

}  // namespace pulmorad::study

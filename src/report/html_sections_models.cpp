// The report's model sections: Radiomics (selection and Rad-score), Models
// (the radiomics-only classifiers) and Combined model.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "report/figures.h"
#include "report/html.h"
#include "report/html_sections.h"

namespace pulmorad::report {

using nlohmann::json;

namespace {

std::string setName(const std::string& set) {
    if (set == "train") {
        return "Training";
    }
    if (set == "test") {
        return "Test";
    }
    return set;
}

/// Appends the metric cells shared by the model and combined-model tables.
void addMetricCells(std::vector<std::string>& cells, const json& row) {
    cells.push_back(formatWithInterval(findValue(row, "auc"), findValue(row, "auc_ci_low"),
                                       findValue(row, "auc_ci_high"), 3));
    for (const char* key : {"accuracy", "sensitivity", "specificity", "precision", "f1"}) {
        cells.push_back(formatFixed(findValue(row, key), 3));
    }
    cells.push_back(formatFixed(findValue(row, "threshold"), 2));
}

const std::vector<std::string> kMetricColumns = {"AUC (95% CI)", "Accuracy", "Sensitivity", "Specificity",
                                                 "Precision",    "F1",       "Threshold"};

std::string joinedStrings(const json* array) {
    std::vector<std::string> names;
    if (array != nullptr && array->is_array()) {
        for (const json& name : *array) {
            names.push_back(name.is_string() ? name.get<std::string>() : name.dump());
        }
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

/// Display names of the radiomics-only models by key ("dt" -> "Decision tree"), in metrics order.
std::vector<std::pair<std::string, std::string>> modelNames(const json& models) {
    std::vector<std::pair<std::string, std::string>> names;
    if (const json* metrics = findValue(models, "metrics"); metrics != nullptr && metrics->is_array()) {
        for (const json& row : *metrics) {
            const std::string key = textOr(row, "model", "");
            bool known = false;
            for (const auto& entry : names) {
                known = known || entry.first == key;
            }
            if (!known) {
                names.emplace_back(key, textOr(row, "name", key));
            }
        }
    }
    return names;
}

/// Returns a count as a caption writes it: "six" for 6, and digits from 10 on.
std::string countWord(std::size_t count) {
    static const std::array<const char*, 10> kWords = {"no",   "one", "two",   "three", "four",
                                                       "five", "six", "seven", "eight", "nine"};
    return count < kWords.size() ? kWords[count] : std::to_string(count);
}

/// Formats one chosen hyperparameter: whole numbers without ".0", and the
/// settings where 0 means a default spelled out (max_depth 0 is unlimited).
std::string formatHyperparameter(const std::string& name, const json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (!value.is_number()) {
        return value.dump();
    }
    const double number = value.get<double>();
    if (name == "max_depth" && number == 0.0) {
        return "unlimited";
    }
    if (name == "max_features" && number == 0.0) {
        return "all features";
    }
    if (name == "gamma" && number == 0.0) {
        return "1 / number of features";
    }
    if (name == "distance_weighted" && (number == 0.0 || number == 1.0)) {
        return number == 0.0 ? "no (uniform weights)" : "yes (weights 1 / distance)";
    }
    return formatNumber(number);
}

/// Builds the table of chosen hyperparameters per model, in metrics order,
/// then any model that has hyperparameters but no metrics.
HtmlTable hyperparameterTable(const json& grids, std::vector<std::pair<std::string, std::string>> names) {
    for (const auto& item : grids.items()) {
        bool known = false;
        for (const auto& entry : names) {
            known = known || entry.first == item.key();
        }
        if (!known) {
            names.emplace_back(item.key(), item.key());
        }
    }
    HtmlTable table;
    table.id = "hyperparameters";
    table.caption = "Hyperparameters chosen by the cross-validated grid search.";
    table.columns = {"Model", "Hyperparameters"};
    table.numeric = {false, false};
    for (const auto& [key, name] : names) {
        const json* settings = findValue(grids, key);
        if (settings == nullptr || !settings->is_object()) {
            continue;
        }
        std::vector<std::string> pairs;
        for (const auto& [setting, value] : settings->items()) {
            // Each "name = value" stays on one line; lines break between the pairs.
            pairs.push_back(fmt::format("<span class=\"nowrap\">{} = {}</span>", escapeHtml(setting),
                                        escapeHtml(formatHyperparameter(setting, value))));
        }
        table.rows.push_back({escapeHtml(name), fmt::format("{}", fmt::join(pairs, ", "))});
    }
    return table;
}

}  // namespace

// ---------------------------------------------------------------------------
// Radiomics

std::string renderRadiomicsSection(ReportContext& context) {
    const json& results = context.results();
    std::string html = openSection("radiomics", "Radiomics",
                                   "How the radiomic features were narrowed to the Rad-score, and how the "
                                   "Rad-score separates the groups.");
    const json* radiomics = findValue(results, "radiomics");
    if (radiomics == nullptr) {
        html += renderSkipped(context.skippedLine("radiomic", "Skipped: the study has no radiomics part."));
        return html + "</section>\n";
    }

    if (const json* funnel = findValue(*radiomics, "funnel"); funnel != nullptr && funnel->is_array()) {
        HtmlTable table;
        table.id = "selection-funnel";
        table.caption = "Features left after each selection step.";
        table.csv = "selection_funnel.csv";
        table.columns = {"Step", "Features"};
        for (const json& step : *funnel) {
            table.rows.push_back(
                {escapeHtml(selectionStepLabel(textOr(step, "step", ""))), formatFixed(findValue(step, "features"), 0)});
        }
        html += renderTable(table);
    }
    html += context.figure("selection_funnel", "Features left after each selection step.");

    if (const json* lasso = findValue(*radiomics, "lasso"); lasso != nullptr) {
        html += fmt::format("<p>LASSO: lambda.min = {}, lambda.1se = {}; the Rad-score uses lambda.{}.</p>\n",
                            formatSignificant(findValue(*lasso, "lambda_min"), 4),
                            formatSignificant(findValue(*lasso, "lambda_1se"), 4),
                            escapeHtml(textOr(*lasso, "chosen", "min")));
    }
    html +=
        context.figure("lasso_path", "LASSO coefficient paths against log(lambda); lambda.min is marked.");
    html += context.figure("lasso_cv",
                           "Cross-validated deviance (mean \u00b1 standard error) against log(lambda); lambda.min and "
                           "lambda.1se are marked.");
    html += context.figure("selected_correlation",
                           "Pearson correlations among the selected features on the training set.");

    if (const json* radscore = findValue(*radiomics, "radscore"); radscore != nullptr) {
        HtmlTable table;
        table.id = "radscore-coefficients";
        table.caption = fmt::format(
            "Rad-score = intercept + sum of coefficient \u00d7 standardised feature; intercept {}.",
            formatSignificant(findValue(*radscore, "intercept"), 4));
        table.csv = "radscore_coefficients.csv";
        table.columns = {"Feature", "Coefficient"};
        const json* features = findValue(*radscore, "features");
        const json* coefficients = findValue(*radscore, "coefficients");
        if (features != nullptr && coefficients != nullptr && features->is_array() &&
            coefficients->is_array()) {
            for (std::size_t i = 0; i < features->size() && i < coefficients->size(); ++i) {
                table.rows.push_back(
                    {fmt::format("<code>{}</code>", escapeHtml((*features)[i].get<std::string>())),
                     formatFixed(&(*coefficients)[i], 4)});
            }
        }
        html += renderTable(table);
    }
    html += context.figure("radscore_coefficients", "Rad-score coefficients of the selected features.");
    html += context.figure("radscore_by_group", "Rad-score by group in the training and test sets.");
    return html + "</section>\n";
}

// ---------------------------------------------------------------------------
// Models

std::string renderModelsSection(ReportContext& context) {
    const json& results = context.results();
    const json* radiomics = findValue(results, "radiomics");
    const json* models = radiomics != nullptr ? findValue(*radiomics, "models") : nullptr;
    std::string lead = "The radiomics-only classifiers";
    if (models != nullptr) {
        lead = countWord(modelNames(*models).size());
        lead[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lead[0])));
        lead += " radiomics-only classifiers";
    }
    std::string html = openSection("models", "Models",
                                   lead +
                                       " on the selected features: discrimination on both sets, their "
                                       "pairwise comparison and SHAP explanations.");
    if (models == nullptr) {
        html += renderSkipped(
            context.skippedLine("radiomic", "Skipped: the study has no radiomics-only models."));
        return html + "</section>\n";
    }

    if (const json* metrics = findValue(*models, "metrics"); metrics != nullptr && metrics->is_array()) {
        HtmlTable table;
        table.id = "model-metrics";
        table.caption = "Performance of the radiomics-only models on the training and test sets.";
        table.csv = "model_metrics.csv";
        table.columns = {"Model", "Set"};
        table.columns.insert(table.columns.end(), kMetricColumns.begin(), kMetricColumns.end());
        table.numeric = {false, false, true, true, true, true, true, true, true};
        for (const json& row : *metrics) {
            std::vector<std::string> cells = {escapeHtml(textOr(row, "name", textOr(row, "model", ""))),
                                              setName(textOr(row, "set", ""))};
            addMetricCells(cells, row);
            table.rows.push_back(std::move(cells));
        }
        html += renderTable(table);
    }

    if (const json* grids = findValue(*models, "hyperparameters"); grids != nullptr && grids->is_object()) {
        html += renderTable(hyperparameterTable(*grids, modelNames(*models)));
    }

    const std::string count = countWord(modelNames(*models).size());
    html += context.figure("roc_models_train", "ROC curves of the " + count + " models on the training set.");
    html += context.figure("roc_models_test", "ROC curves of the " + count + " models on the test set.");
    html += context.figure("delong_matrix",
                           "p-values of DeLong's test for every pair of models on the test set.");

    if (const json* shap = findValue(*radiomics, "shap"); shap != nullptr) {
        html += fmt::format(
            "<p>SHAP values explain the LightGBM-style model (XGBoost's leaf-wise histogram trees, since "
            "LightGBM itself is not packaged for Debian 12) on the test set, as contributions to the {}; "
            "the expected value is {}.</p>\n",
            escapeHtml(textOr(*shap, "output", "log-odds margin")),
            formatSignificant(findValue(*shap, "expected_value"), 4));
    }
    html += context.figure("shap_beeswarm", "SHAP summary of the LightGBM-style model on the test set.");
    html += context.figure("shap_waterfall_high", "SHAP contributions for the highest-risk test patient.");
    html += context.figure("shap_waterfall_low", "SHAP contributions for the lowest-risk test patient.");
    return html + "</section>\n";
}

// ---------------------------------------------------------------------------
// Combined model

namespace {

/// Names the kinds of model in the combined section's metrics, in their order:
/// "the clinical, radiomics and combined models", or "the radiomics model".
/// Both combined models (logistic and LightGBM-style) count as "combined", as
/// in the figure titles.
std::string combinedModelPhrase(const json& combined) {
    std::vector<std::string> kinds;
    if (const json* metrics = findValue(combined, "metrics"); metrics != nullptr && metrics->is_array()) {
        for (const json& row : *metrics) {
            std::string kind = textOr(row, "name", "");
            if (kind.starts_with("combined")) kind = "combined";
            if (!kind.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
                kinds.push_back(kind);
            }
        }
    }
    if (kinds.empty()) return "the models";
    std::string names;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0) names += i + 1 == kinds.size() ? " and " : ", ";
        names += kinds[i];
    }
    return "the " + names + (kinds.size() > 1 ? " models" : " model");
}

std::string renderCombinedTables(const json& combined) {
    std::string html;
    std::map<std::string, std::string> labels;
    if (const json* models = findValue(combined, "models"); models != nullptr && models->is_array()) {
        HtmlTable table;
        table.id = "combined-models";
        table.caption = "Models compared in this section: predictors and logistic coefficients.";
        table.columns = {"Model", "Predictors", "Intercept", "Coefficients"};
        table.numeric = {false, false, true, false};
        for (const json& model : *models) {
            const std::string name = textOr(model, "name", "");
            labels[name] = textOr(model, "label", name);
            std::string coefficients = kMissing;
            if (const json* values = findValue(model, "coefficients");
                values != nullptr && values->is_array()) {
                std::vector<std::string> parts;
                for (const json& value : *values) {
                    parts.push_back(formatSignificant(&value, 4));
                }
                coefficients = fmt::format("{}", fmt::join(parts, ", "));
            } else {
                coefficients = "gradient-boosted trees (no coefficients)";
            }
            table.rows.push_back({escapeHtml(labels[name]),
                                  escapeHtml(joinedStrings(findValue(model, "variables"))),
                                  formatSignificant(findValue(model, "intercept"), 4), coefficients});
        }
        html += renderTable(table);
    }

    if (const json* metrics = findValue(combined, "metrics"); metrics != nullptr && metrics->is_array()) {
        HtmlTable table;
        table.id = "combined-metrics";
        table.caption = "Performance of " + combinedModelPhrase(combined) + " on both sets.";
        table.csv = "combined_metrics.csv";
        table.columns = {"Model", "Set"};
        table.columns.insert(table.columns.end(), kMetricColumns.begin(), kMetricColumns.end());
        table.numeric = {false, false, true, true, true, true, true, true, true};
        for (const json& row : *metrics) {
            const std::string name = textOr(row, "name", "");
            std::vector<std::string> cells = {escapeHtml(labels.count(name) != 0 ? labels[name] : name),
                                              setName(textOr(row, "set", ""))};
            addMetricCells(cells, row);
            table.rows.push_back(std::move(cells));
        }
        html += renderTable(table);
    }

    if (const json* delong = findValue(combined, "delong");
        delong != nullptr && delong->is_array() && !delong->empty()) {
        HtmlTable table;
        table.id = "combined-delong";
        table.caption = "DeLong's test between the models' AUCs.";
        table.columns = {"Model", "Compared with", "Set", "z", "p"};
        table.numeric = {false, false, false, true, true};
        for (const json& row : *delong) {
            const std::string first = textOr(row, "first", "");
            const std::string second = textOr(row, "second", "");
            table.rows.push_back({escapeHtml(labels.count(first) != 0 ? labels[first] : first),
                                  escapeHtml(labels.count(second) != 0 ? labels[second] : second),
                                  setName(textOr(row, "set", "")), formatFixed(findValue(row, "z"), 3),
                                  formatPValue(findValue(row, "p_value"))});
        }
        html += renderTable(table);
    }
    return html;
}

/// Warns when more than a tenth of the calibration refits separated: the
/// resamples left out are the most over-fitted, so the bias-corrected curve
/// then understates the optimism.
std::string calibrationWarning(const json& train) {
    const json* bootstraps = findValue(train, "bootstraps");
    const json* failedRefits = findValue(train, "failed_refits");
    if (bootstraps == nullptr || failedRefits == nullptr || !bootstraps->is_number() ||
        !failedRefits->is_number()) {
        return "";
    }
    const double requested = bootstraps->get<double>();
    const double failed = failedRefits->get<double>();
    if (requested <= 0.0 || failed <= 0.1 * requested) {
        return "";
    }
    return fmt::format(
        "<p class=\"warning\"><strong>Caution:</strong> {:.0f}% of the bootstrap refits separated the "
        "outcome classes and were left out. These are the most over-fitted resamples, so the "
        "bias-corrected curve below understates the optimism. Fewer radiomic features (for example "
        "<code>selection: {{lambda: 1se}}</code>) or more patients make the refits converge.</p>\n",
        100.0 * failed / requested);
}

std::string calibrationSummary(const json& combined) {
    const json* calibration = findValue(combined, "calibration");
    if (calibration == nullptr) {
        return "";
    }
    std::string html;
    if (const json* train = findValue(*calibration, "train"); train != nullptr) {
        html += fmt::format(
            "<p>Training set: apparent and bias-corrected calibration from {}. Mean absolute error {}.</p>\n",
            escapeHtml(describeCalibrationResamples(*train)),
            formatFixed(findValue(*train, "mean_absolute_error"), 3));
        html += calibrationWarning(*train);
    }
    if (const json* test = findValue(*calibration, "test"); test != nullptr) {
        html += fmt::format("<p>Test set: Brier score {}, calibration intercept {}, slope {}.</p>\n",
                            formatFixed(findValue(*test, "brier"), 3),
                            formatFixed(findValue(*test, "intercept"), 3),
                            formatFixed(findValue(*test, "slope"), 3));
    }
    return html;
}

}  // namespace

std::string renderCombinedSection(ReportContext& context) {
    const json& results = context.results();
    const json* combined = findValue(results, "combined");
    // The caption describes this run: the nomogram and the three models
    // when both parts ran, else only the single model that ran.
    std::string caption =
        "The nomogram of Rad-score and clinical predictors, compared with the clinical and radiomics "
        "models for discrimination, calibration and net benefit.";
    if (combined == nullptr) {
        caption = "The nomogram of Rad-score and clinical predictors: not part of this run.";
    } else if (findValue(*combined, "nomogram") == nullptr) {
        caption = "Discrimination, calibration and net benefit of " + combinedModelPhrase(*combined) +
                  "; no nomogram in this run.";
    }
    std::string html = openSection("combined", "Combined model", caption);
    if (combined == nullptr) {
        html += renderSkipped(context.skippedLine(
            "combined", "Skipped: the combined model needs both the clinical and radiomics parts."));
        return html + "</section>\n";
    }
    if (findValue(*combined, "nomogram") == nullptr) {
        html += renderSkipped(context.skippedLine("combined", "Skipped: no nomogram was fitted."));
    }

    html += renderCombinedTables(*combined);
    html += context.figure("nomogram",
                           "Nomogram: points per predictor, total points and the predicted probability.");
    html += calibrationSummary(*combined);
    html += context.figure("calibration_train",
                           "Calibration on the training set: apparent and bootstrap bias-corrected.");
    html += context.figure("calibration_test",
                           "Calibration on the test set: the lowess curve, and patients grouped by deciles of "
                           "predicted risk (tied predictions share a group).");
    html += context.figure("decision_curve_train",
                           "Decision curves on the training set: net benefit of the models, treat-all and "
                           "treat-none. The axis ends at a net benefit of \u22120.05, where curves leave the plot.");
    html += context.figure("decision_curve_test",
                           "Decision curves on the test set: net benefit of the models, treat-all and "
                           "treat-none. The axis ends at a net benefit of \u22120.05, where curves leave the plot.");
    const std::string models = combinedModelPhrase(*combined);
    html += context.figure("roc_combined_train",
                           "ROC of " + models + " on the training set; AUC (95% CI) in the legend.");
    html += context.figure("roc_combined_test",
                           "ROC of " + models + " on the test set; AUC (95% CI) in the legend.");
    return html + "</section>\n";
}

}  // namespace pulmorad::report

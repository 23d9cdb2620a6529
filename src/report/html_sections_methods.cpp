// The report's Methods section: a paragraph built from the settings the run
// used, and the TRIPOD+AI checklist.

#include <fmt/format.h>

#include "report/html.h"
#include "report/html_sections.h"
#include "report/tripod.h"

namespace pulmorad::report {

using nlohmann::json;

namespace {

/// Appends `sentence` (escaped) with a space when it is not empty.
void appendSentence(std::string& paragraph, const std::string& sentence) {
    if (sentence.empty()) {
        return;
    }
    if (!paragraph.empty()) {
        paragraph += ' ';
    }
    paragraph += escapeHtml(sentence);
}

/// Removes trailing spaces and full stops, so that "with {}." never ends in "..".
std::string withoutFinalStop(std::string text) {
    while (!text.empty() && (text.back() == '.' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

/// Sentences on the settings that results.json records outside results.methods.
std::string derivedSentences(const json& results) {
    std::string paragraph;
    const json* radiomics = findValue(results, "radiomics");
    const json* lasso = radiomics != nullptr ? findValue(*radiomics, "lasso") : nullptr;
    const json* radscore = radiomics != nullptr ? findValue(*radiomics, "radscore") : nullptr;
    if (lasso != nullptr && radscore != nullptr) {
        const json* features = findValue(*radscore, "features");
        const std::string chosen = textOr(*lasso, "chosen", "min");
        appendSentence(paragraph,
                       fmt::format("The Rad-score uses lambda.{} = {} and {} features.", chosen,
                                   formatSignificant(
                                       findValue(*lasso, chosen == "1se" ? "lambda_1se" : "lambda_min"), 4),
                                   features != nullptr && features->is_array() ? features->size() : 0));
    }
    if (findValue(results, "clinical") != nullptr) {
        appendSentence(paragraph,
                       "No value was imputed: the clinical tables leave out missing values per variable, each "
                       "logistic model uses the patients with all of its predictors (complete cases), and the "
                       "radiomic feature table must be complete.");
    }
    const json* combined = findValue(results, "combined");
    const json* calibration = combined != nullptr ? findValue(*combined, "calibration") : nullptr;
    const json* calibrationTrain = calibration != nullptr ? findValue(*calibration, "train") : nullptr;
    if (calibrationTrain != nullptr) {
        appendSentence(paragraph, fmt::format("Training-set calibration was bias-corrected with {}.",
                                              describeCalibrationResamples(*calibrationTrain)));
    }
    const json* curves = combined != nullptr ? findValue(*combined, "decision_curve") : nullptr;
    const json* curvesTrain = curves != nullptr ? findValue(*curves, "train") : nullptr;
    const json* thresholds = curvesTrain != nullptr ? findValue(*curvesTrain, "thresholds") : nullptr;
    if (thresholds != nullptr && thresholds->is_array() && !thresholds->empty()) {
        appendSentence(paragraph, fmt::format("Decision curves span threshold probabilities {} to {}.",
                                              formatFixed(&thresholds->front(), 2),
                                              formatFixed(&thresholds->back(), 2)));
    }
    if (radiomics != nullptr && findValue(*radiomics, "shap") != nullptr) {
        appendSentence(
            paragraph,
            "The LightGBM-style models are XGBoost trees grown leaf-wise on histograms "
            "(tree_method=hist, grow_policy=lossguide), because LightGBM is not packaged for Debian 12; "
            "their SHAP values are exact TreeSHAP values on the log-odds margin.");
    }
    return paragraph;
}

}  // namespace

std::string renderMethodsSection(ReportContext& context) {
    const json& results = context.results();
    std::string html =
        openSection("methods", "Methods",
                    "How this run was made, from the settings it used, and the TRIPOD+AI reporting "
                    "checklist.");

    const json methods = results.value("methods", json::object());
    std::string paragraph;
    if (const std::string software = textOr(methods, "software", ""); !software.empty()) {
        appendSentence(paragraph, fmt::format("The analysis ran with {}.", withoutFinalStop(software)));
    }
    if (const std::string parameters = textOr(methods, "parameter_file", ""); !parameters.empty()) {
        appendSentence(paragraph, fmt::format("Radiomic features were extracted with the parameter file {}.",
                                              withoutFinalStop(parameters)));
    }
    for (const char* key : {"split", "selection", "grids", "seeds"}) {
        appendSentence(paragraph, textOr(methods, key, ""));
    }
    const std::string derived = derivedSentences(results);
    if (!derived.empty()) {
        paragraph += (paragraph.empty() ? "" : " ") + derived;
    }
    if (paragraph.empty()) {
        paragraph = "results.json records no methods.";
    }
    html += fmt::format("<p class=\"methods\">{}</p>\n", paragraph);

    html += "<h3 id=\"tripod-heading\">TRIPOD+AI checklist</h3>\n";
    html += renderCaption("Each item of the reporting checklist, marked where this report fills it.");
    html += renderTripodChecklist(results);
    return html + "</section>\n";
}

}  // namespace pulmorad::report

#include "report/tripod.h"

#include <fmt/format.h>

#include "report/html.h"

namespace pulmorad::report {

using nlohmann::json;

namespace {

/// Which parts of the study results.json holds; decides which items the report fills.
struct PartsPresent {
    bool clinical = false;
    bool radiomics = false;
    bool combined = false;
    bool nomogram = false;
    bool parameterFile = false;  ///< methods.parameter_file names the extraction settings
};

std::string link(const char* id, const char* name) { return fmt::format("<a href=\"#{}\">{}</a>", id, name); }

/// Joins the links of the sections that are present; "" when none is.
std::string where(std::initializer_list<std::pair<bool, std::string>> places) {
    std::vector<std::string> present;
    for (const auto& [available, html] : places) {
        if (available) {
            present.push_back(html);
        }
    }
    return fmt::format("{}", fmt::join(present, ", "));
}

}  // namespace

std::vector<TripodItem> tripodChecklist(const json& results) {
    PartsPresent parts;
    parts.clinical = findValue(results, "clinical") != nullptr;
    parts.radiomics = findValue(results, "radiomics") != nullptr;
    if (const json* combined = findValue(results, "combined"); combined != nullptr) {
        parts.combined = true;
        parts.nomogram = findValue(*combined, "nomogram") != nullptr;
    }
    const json* methodsJson = findValue(results, "methods");
    parts.parameterFile = methodsJson != nullptr && findValue(*methodsJson, "parameter_file") != nullptr;
    const bool anyModel = parts.radiomics || parts.combined;

    const std::string cohort = link("cohort", "Cohort");
    const std::string clinical = link("clinical", "Clinical");
    const std::string radiomics = link("radiomics", "Radiomics");
    const std::string models = link("models", "Models");
    const std::string combined = link("combined", "Combined model");
    const std::string methods = link("methods", "Methods");
    const std::string calculator = link("calculator", "Risk calculator");
    const std::string forAuthors;

    // Item wording paraphrases the TRIPOD+AI checklist; the "In this report" column
    // names only sections that contain the numbers the item requests.
    return {
        {"Title", "1", "Title",
         "Say that the study develops or evaluates a multivariable prediction model, for which population "
         "and "
         "which outcome.",
         forAuthors},
        {"Abstract", "2", "Abstract", "Summarise the study as the TRIPOD+AI for Abstracts checklist asks.",
         forAuthors},
        {"Introduction", "3a", "Background",
         "Explain the clinical context and why the model is needed, with references to existing models.",
         forAuthors},
        {"Introduction", "3b", "Background",
         "Describe the target population, where the model fits in the care pathway and who will use it.",
         forAuthors},
        {"Introduction", "3c", "Background",
         "Describe known health inequalities between sociodemographic groups.", forAuthors},
        {"Introduction", "4", "Objectives",
         "State the objectives, including whether the study develops the model, evaluates it, or both.",
         forAuthors},
        {"Methods", "5a", "Data",
         "Describe the data sources for development and evaluation, why they were chosen and how "
         "representative "
         "they are.",
         forAuthors},
        {"Methods", "5b", "Data",
         "Give the dates of data collection: start and end of accrual and of follow-up.", forAuthors},
        {"Methods", "6a", "Participants", "Describe the setting, with the number and location of centres.",
         forAuthors},
        {"Methods", "6b", "Participants", "Describe the eligibility criteria.", forAuthors},
        {"Methods", "6c", "Participants", "Describe treatments received and how the analysis handled them.",
         forAuthors},
        {"Methods", "7", "Data preparation",
         "Describe preprocessing and quality checks, and whether they were the same across groups.",
         where({{parts.parameterFile, methods + " (parameter file)"}})},
        {"Methods", "8a", "Outcome",
         "Define the outcome and its time horizon, how and when it was assessed, and why it was chosen.",
         forAuthors},
        {"Methods", "8b", "Outcome",
         "When assessing the outcome needs judgement, describe who assessed it and their qualifications.",
         forAuthors},
        {"Methods", "8c", "Outcome", "Describe any blinding of the outcome assessment.", forAuthors},
        {"Methods", "9a", "Predictors",
         "Describe how the candidate predictors were chosen and any selection before modelling.",
         where({{parts.clinical, clinical + " (Table 4)"},
                {parts.radiomics, radiomics + " (selection funnel)"}})},
        {"Methods", "9b", "Predictors",
         "Define every predictor, how and when it was measured, and any blinding of its assessment.",
         forAuthors},
        {"Methods", "9c", "Predictors",
         "When measuring a predictor needs judgement, describe who measured it and their qualifications.",
         forAuthors},
        {"Methods", "10", "Sample size",
         "Explain how the sample size was reached for development and evaluation, and why it is enough.",
         forAuthors},
        {"Methods", "11", "Missing data",
         "Describe how missing data were handled and why any data were left out.",
         where({{parts.clinical, methods + " (complete cases, no imputation)"},
                {parts.clinical, clinical + " (Tables 2 and 3 note any missing values)"}})},
        {"Methods", "12a", "Analytical methods",
         "Describe how the data were used for development and evaluation, including any partition.",
         where({{true, cohort}, {true, methods}})},
        {"Methods", "12b", "Analytical methods",
         "Describe how predictors were handled: functional form, rescaling, transformations, "
         "standardisation.",
         where({{parts.radiomics, radiomics + " (standardised features in the Rad-score)"}})},
        {"Methods", "12c", "Analytical methods",
         "Specify the model type and why, every model-building step, hyperparameter tuning and internal "
         "validation.",
         where({{anyModel, methods}, {parts.radiomics, models + " (hyperparameters)"}})},
        {"Methods", "12d", "Analytical methods",
         "Describe how heterogeneity across clusters such as hospitals was handled.", forAuthors},
        {"Methods", "12e", "Analytical methods",
         "Specify the performance measures and plots (discrimination, calibration, clinical utility) and how "
         "models were compared.",
         where({{parts.radiomics, models}, {parts.combined, combined}})},
        {"Methods", "12f", "Analytical methods", "Describe any model updating, such as recalibration.",
         forAuthors},
        {"Methods", "12g", "Analytical methods",
         "For evaluation, describe how the predictions were computed (formula, code or software).",
         where({{parts.combined, combined + " (coefficients)"}, {parts.nomogram, calculator}})},
        {"Methods", "13", "Class imbalance",
         "If class imbalance methods were used, say why and how, and how predictions were recalibrated.",
         forAuthors},
        {"Methods", "14", "Fairness", "Describe any approach to model fairness and why.", forAuthors},
        {"Methods", "15", "Model output",
         "Specify the model's output (probability or class) and how any classification threshold was chosen.",
         where({{parts.radiomics, models + " (threshold column)"}, {parts.combined, combined}})},
        {"Methods", "16", "Training versus evaluation",
         "Describe differences between development and evaluation data in setting, eligibility, outcome and "
         "predictors.",
         forAuthors},
        {"Methods", "17", "Ethical approval",
         "Name the ethics committee and describe consent or the waiver of consent.", forAuthors},
        {"Open science", "18a", "Funding", "Give the funding sources and the funders' role.", forAuthors},
        {"Open science", "18b", "Conflicts of interest", "Declare conflicts of interest.", forAuthors},
        {"Open science", "18c", "Protocol", "Say where the protocol is, or that there is none.", forAuthors},
        {"Open science", "18d", "Registration", "Give the registration, or say the study was not registered.",
         forAuthors},
        {"Open science", "18e", "Data sharing", "Say whether and how the study data are available.",
         forAuthors},
        {"Open science", "18f", "Code sharing", "Say whether and how the analysis code is available.",
         where({{true, methods + " (software version)"}})},
        {"Open science", "19", "Patient and public involvement",
         "Describe patient and public involvement, or state that there was none.", forAuthors},
        {"Results", "20a", "Participants",
         "Describe the flow of participants, with the numbers with and without the outcome.",
         where({{true, cohort}})},
        {"Results", "20b", "Participants",
         "Report participant characteristics overall and per data source: predictors, outcome events, "
         "missing "
         "data.",
         where({{parts.clinical, clinical + " (Tables 2 and 3)"}})},
        {"Results", "20c", "Participants",
         "For evaluation, compare the distribution of key predictors with the development data.", forAuthors},
        {"Results", "21", "Model development",
         "Give the number of participants and outcome events in each analysis.", where({{true, cohort}})},
        {"Results", "22", "Model specification",
         "Give the full model (formula, code or object) so that others can make predictions and evaluate it.",
         where({{parts.radiomics, radiomics + " (Rad-score)"},
                {parts.combined, combined + " (coefficients)"},
                {parts.nomogram, calculator}})},
        {"Results", "23a", "Model performance",
         "Report performance with confidence intervals, also for key subgroups, with plots where they help.",
         where({{parts.radiomics, models}, {parts.combined, combined}})},
        {"Results", "23b", "Model performance",
         "Report heterogeneity of performance across clusters, if examined.", forAuthors},
        {"Results", "24", "Model updating", "Report the results of any model updating.", forAuthors},
        {"Discussion", "25", "Interpretation",
         "Interpret the main results, including fairness, against the objectives and earlier studies.",
         forAuthors},
        {"Discussion", "26", "Limitations",
         "Discuss limitations (sample, size, overfitting, missing data) and their effect on bias and "
         "generalisability.",
         forAuthors},
        {"Discussion", "27a", "Usability",
         "Describe how poor-quality or missing inputs should be handled when the model is used.", forAuthors},
        {"Discussion", "27b", "Usability",
         "Say whether users handle the inputs or the model and what expertise they need.", forAuthors},
        {"Discussion", "27c", "Usability",
         "Discuss next steps, especially for applicability and generalisability.", forAuthors},
    };
}

std::string renderTripodChecklist(const json& results) {
    HtmlTable table;
    table.id = "tripod";
    table.caption = "TRIPOD+AI items (Collins et al., BMJ 2024;385:e078378), paraphrased.";
    table.columns = {"Section", "Item", "Topic", "What to report", "In this report"};
    table.numeric = {false, false, false, false, false};
    for (const TripodItem& item : tripodChecklist(results)) {
        const std::string status = item.filledIn.empty()
                                       ? std::string("<span class=\"todo\">for the authors</span>")
                                       : "<span class=\"done\">filled:</span> " + item.filledIn;
        table.rows.push_back({escapeHtml(item.section), escapeHtml(item.number), escapeHtml(item.topic),
                              escapeHtml(item.text), status});
    }
    return renderTable(table);
}

}  // namespace pulmorad::report

// `pulmorad stats logistic | roc | calibration | dca`: the model analyses,
// each on the complete cases of the columns it uses.

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <Eigen/Dense>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cli/stats_command.h"
#include "common/errors.h"
#include "stats/calibration.h"
#include "stats/decision_curve.h"
#include "stats/logistic.h"
#include "stats/roc.h"

namespace pulmorad::cli::stats_cli {
namespace {

long long count(std::size_t value) { return static_cast<long long>(value); }

// ---------------------------------------------------------------- logistic

struct LogisticCommandOptions {
    CommonOptions common;
    std::string outcome;
    std::vector<std::string> predictors;
    bool univariate = false;
    bool noProfile = false;
};

/// Fits outcome ~ predictors on their complete cases and appends one row per term.
void addLogisticModel(const table::Table& data, const LogisticCommandOptions& options,
                      const std::vector<std::string>& predictors, const std::string& modelName,
                      Section& section, std::vector<std::string>& notes) {
    std::vector<std::string> columns = {options.outcome};
    columns.insert(columns.end(), predictors.begin(), predictors.end());
    const std::string analysis = "logistic " + modelName + " (" + options.outcome + " ~ " + [&] {
        std::string joined;
        for (const auto& p : predictors) {
            joined += (joined.empty() ? "" : " + ") + p;
        }
        return joined;
    }() + ")";
    const CompleteCases cases = completeCases(data, columns, analysis);
    notes.push_back(droppedNote(analysis, cases, data.rowCount()));

    const std::vector<double> outcome = numericRows(data, options.outcome, cases.rows);
    Eigen::MatrixXd design(static_cast<Eigen::Index>(cases.rows.size()),
                           static_cast<Eigen::Index>(predictors.size()));
    for (std::size_t j = 0; j < predictors.size(); ++j) {
        const std::vector<double> values = numericRows(data, predictors[j], cases.rows);
        for (std::size_t i = 0; i < values.size(); ++i) {
            design(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i];
        }
    }
    stats::LogisticOptions fitOptions;
    fitOptions.profileIntervals = !options.noProfile;
    const stats::LogisticFit fit = [&] {
        try {
            return stats::fitLogistic(design, outcome, predictors, fitOptions);
        } catch (const InputError& error) {
            throw InputError(data.sourceName() + ": " + error.what());
        }
    }();
    for (const auto& term : fit.terms) {
        section.addRow({modelName, term.name, count(fit.n), count(fit.events), count(cases.dropped),
                        term.oddsRatio, std::exp(term.profileLow), std::exp(term.profileHigh), term.pValue,
                        term.estimate, term.standardError, term.z, std::exp(term.waldLow),
                        std::exp(term.waldHigh), fit.deviance, fit.aic, fit.lrChiSquare, fit.lrDf,
                        fit.lrPValue});
    }
}

void runLogistic(const LogisticCommandOptions& options) {
    const table::Table data = readInput(options.common);
    requireBinaryOutcome(data, options.outcome);
    if (options.predictors.empty()) {
        throw InputError("--predictors is empty; name at least one predictor column");
    }
    ResultDocument document;
    document.analysis = "stats logistic";
    document.source = options.common.data;
    document.notes.push_back("logistic regression by IRLS (R glm); p from Wald z; CIs at 95%: " +
                             std::string(!options.noProfile ? "profile likelihood (or_low, or_high) and " : "") +
                             "Wald (or_wald_low, or_wald_high)");
    Section section{
        "coefficients",
        {"model", "term", "n", "events", "dropped", "or", "or_low", "or_high", "p_value", "estimate", "se",
         "z", "or_wald_low", "or_wald_high", "deviance", "aic", "lr_chi2", "lr_df", "lr_p_value"},
        {}};
    const bool single = options.predictors.size() == 1;
    if (options.univariate && !single) {
        for (const auto& predictor : options.predictors) {
            addLogisticModel(data, options, {predictor}, "univariable", section, document.notes);
        }
    }
    addLogisticModel(data, options, options.predictors, single ? "univariable" : "multivariable", section,
                     document.notes);
    document.sections.push_back(std::move(section));
    writeResult(document, options.common);
}

// --------------------------------------------------------------------- roc

struct RocCommandOptions {
    CommonOptions common;
    std::string outcome;
    std::vector<std::string> scores;
    double threshold = std::nan("");
};

void runRoc(const RocCommandOptions& options) {
    const table::Table data = readInput(options.common);
    requireBinaryOutcome(data, options.outcome);
    if (options.scores.empty()) {
        throw InputError("no --score given; name at least one score column");
    }
    std::vector<std::string> columns = {options.outcome};
    columns.insert(columns.end(), options.scores.begin(), options.scores.end());
    // All scores on the same patients, so the paired DeLong tests are valid.
    const CompleteCases cases = completeCases(data, columns, "roc");
    const std::vector<double> outcome = numericRows(data, options.outcome, cases.rows);

    ResultDocument document;
    document.analysis = "stats roc";
    document.source = options.common.data;
    document.notes.push_back(droppedNote("roc", cases, data.rowCount()));
    document.notes.push_back(
        "AUC with DeLong 95% CI (pROC, direction: higher score means event); metrics at " +
        std::string(std::isnan(options.threshold) ? "the Youden-optimal threshold" : "--threshold") +
        " with the rule score >= threshold");
    Section aucs{"auc",
                 {"score",       "n",         "cases",       "controls",     "dropped",
                  "auc",         "auc_low",   "auc_high",    "auc_variance", "youden_threshold",
                  "youden_ties", "threshold", "sensitivity", "specificity",  "accuracy",
                  "precision",   "f1",        "tp",          "fp",           "tn",
                  "fn"},
                 {}};
    std::vector<std::vector<double>> scoreValues;
    for (const auto& score : options.scores) {
        scoreValues.push_back(numericRows(data, score, cases.rows));
        const auto roc = [&] {
            try {
                return stats::rocAnalysis(scoreValues.back(), outcome);
            } catch (const InputError& error) {
                throw InputError(data.sourceName() + ", score '" + score + "': " + error.what());
            }
        }();
        const double youden = roc.youdenBest.empty() ? std::nan("") : roc.youdenBest.front().threshold;
        const double threshold = std::isnan(options.threshold) ? youden : options.threshold;
        const auto metrics = stats::classificationMetrics(scoreValues.back(), outcome, threshold);
        aucs.addRow({score,
                     count(cases.rows.size()),
                     count(roc.nCases),
                     count(roc.nControls),
                     count(cases.dropped),
                     roc.auc,
                     roc.confidenceLow,
                     roc.confidenceHigh,
                     roc.varianceDeLong,
                     youden,
                     count(roc.youdenBest.size()),
                     threshold,
                     metrics.sensitivity,
                     metrics.specificity,
                     metrics.accuracy,
                     metrics.precision,
                     metrics.f1,
                     count(metrics.tp),
                     count(metrics.fp),
                     count(metrics.tn),
                     count(metrics.fn)});
    }
    document.sections.push_back(std::move(aucs));

    if (options.scores.size() > 1) {
        Section tests{"delong",
                      {"score_1", "score_2", "n", "auc_1", "auc_2", "difference", "difference_low",
                       "difference_high", "z", "p_value"},
                      {}};
        for (std::size_t a = 0; a < options.scores.size(); ++a) {
            for (std::size_t b = a + 1; b < options.scores.size(); ++b) {
                const auto comparison = stats::compareDeLong(scoreValues[a], scoreValues[b], outcome);
                tests.addRow({options.scores[a], options.scores[b], count(cases.rows.size()), comparison.auc1,
                              comparison.auc2, comparison.auc1 - comparison.auc2, comparison.differenceLow,
                              comparison.differenceHigh, comparison.z, comparison.pValue});
            }
        }
        document.sections.push_back(std::move(tests));
    }
    writeResult(document, options.common);
}

// ------------------------------------------------------------- calibration

struct CalibrationCommandOptions {
    CommonOptions common;
    std::string outcome;
    std::string probability;
    std::size_t bootstrap = 0;
    std::uint64_t seed = 1;
    std::size_t gridSize = 50;
};

void runCalibration(const CalibrationCommandOptions& options) {
    const table::Table data = readInput(options.common);
    requireBinaryOutcome(data, options.outcome);
    const CompleteCases cases = completeCases(data, {options.outcome, options.probability}, "calibration");
    const std::vector<double> outcome = numericRows(data, options.outcome, cases.rows);
    const std::vector<double> probabilities = numericRows(data, options.probability, cases.rows);

    const auto withSource = [&](auto&& analysis) {
        try {
            return analysis();
        } catch (const InputError& error) {
            throw InputError(data.sourceName() + ", column '" + options.probability + "': " + error.what());
        }
    };
    const stats::ValProbResult result = withSource([&] { return stats::valProb(probabilities, outcome); });

    ResultDocument document;
    document.analysis = "stats calibration";
    document.source = options.common.data;
    document.notes.push_back(droppedNote("calibration", cases, data.rowCount()));
    document.notes.push_back(
        "statistics of rms val.prob; C and Dxy from the exact concordance; Emax, E90, Eavg "
        "against lowess(p, y, iter = 0)");
    Section statistics{"statistics", {"statistic", "value"}, {}};
    const std::vector<std::pair<std::string, Cell>> rows = {
        {"n", count(result.n)},
        {"dropped", count(cases.dropped)},
        {"Dxy", result.dxy},
        {"C", result.c},
        {"R2", result.r2},
        {"D", result.d},
        {"D_chi2", result.dChiSquare},
        {"U", result.u},
        {"U_chi2", result.uChiSquare},
        {"U_p_value", result.uPValue},
        {"Q", result.q},
        {"Brier", result.brier},
        {"Intercept", result.intercept},
        {"Slope", result.slope},
        {"Emax", result.emax},
        {"E90", result.e90},
        {"Eavg", result.eavg},
        {"S_z", result.spiegelhalterZ},
        {"S_p_value", result.spiegelhalterP},
    };
    for (const auto& [name, value] : rows) {
        statistics.addRow({name, value});
    }
    document.sections.push_back(std::move(statistics));

    if (options.bootstrap > 0) {
        spdlog::info("calibration: {} bootstrap resamples, seed {}", options.bootstrap, options.seed);
        const stats::CalibrationCurve curve = withSource([&] {
            return stats::bootstrapCalibration(probabilities, outcome, options.bootstrap, options.seed, {},
                                               options.gridSize);
        });
        document.notes.push_back(
            "bootstrap calibration curve in the manner of rms calibrate: " +
            std::to_string(curve.usableResamples) + " of " + std::to_string(curve.resamples) +
            " resamples usable, seed " + std::to_string(options.seed) +
            "; the probabilities are fixed, so the optimism is that of the lowess smoother; mean absolute "
            "error " +
            std::to_string(curve.meanAbsoluteError) + ", 0.9 quantile " + std::to_string(curve.error90));
        Section curveSection{"curve", {"predicted", "apparent", "optimism", "corrected"}, {}};
        for (std::size_t k = 0; k < curve.predicted.size(); ++k) {
            curveSection.addRow(
                {curve.predicted[k], curve.apparent[k], curve.optimism[k], curve.corrected[k]});
        }
        document.sections.push_back(std::move(curveSection));
        Section summary{"curve_summary", {"statistic", "value"}, {}};
        summary.addRow({std::string("mean_absolute_error"), curve.meanAbsoluteError});
        summary.addRow({std::string("error_90"), curve.error90});
        summary.addRow({std::string("usable_resamples"), count(curve.usableResamples)});
        document.sections.push_back(std::move(summary));
    }
    writeResult(document, options.common);
}

// --------------------------------------------------------------------- dca

struct DecisionCurveCommandOptions {
    CommonOptions common;
    std::string outcome;
    std::vector<std::string> probabilities;
    std::string thresholds = "0.01:0.99:0.01";
    std::size_t bootstrap = 0;
    std::uint64_t seed = 1;
};

void runDecisionCurve(const DecisionCurveCommandOptions& options) {
    const std::vector<double> thresholds = stats::parseThresholdGrid(options.thresholds);
    const table::Table data = readInput(options.common);
    requireBinaryOutcome(data, options.outcome);
    if (options.probabilities.empty()) {
        throw InputError("no --prob given; name at least one probability column");
    }
    std::vector<std::string> columns = {options.outcome};
    columns.insert(columns.end(), options.probabilities.begin(), options.probabilities.end());
    const CompleteCases cases = completeCases(data, columns, "dca");
    const std::vector<double> outcome = numericRows(data, options.outcome, cases.rows);

    ResultDocument document;
    document.analysis = "stats dca";
    document.source = options.common.data;
    document.notes.push_back(droppedNote("dca", cases, data.rowCount()));
    document.notes.push_back("net benefit = TP/n - FP/n * pt/(1 - pt), treating patients with p >= pt" +
                             std::string(options.bootstrap > 0
                                             ? "; 95% percentile bootstrap CIs, " +
                                                   std::to_string(options.bootstrap) + " resamples, seed " +
                                                   std::to_string(options.seed)
                                             : ""));
    Section section{
        "net_benefit",
        {"threshold", "strategy", "net_benefit", "net_benefit_low", "net_benefit_high", "tp", "fp", "n"},
        {}};
    std::vector<stats::DecisionCurve> curves;
    for (const auto& column : options.probabilities) {
        const std::vector<double> p = numericRows(data, column, cases.rows);
        try {
            curves.push_back(
                stats::decisionCurveWithBootstrap(p, outcome, thresholds, options.bootstrap, options.seed));
        } catch (const InputError& error) {
            throw InputError(data.sourceName() + ", column '" + column + "': " + error.what());
        }
    }
    const double nan = std::nan("");
    const long long n = count(cases.rows.size());
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
        for (std::size_t m = 0; m < curves.size(); ++m) {
            const auto& curve = curves[m];
            const bool withCi = !curve.netBenefitLow.empty();
            section.addRow({thresholds[k], options.probabilities[m], curve.netBenefit[k],
                            withCi ? curve.netBenefitLow[k] : nan, withCi ? curve.netBenefitHigh[k] : nan,
                            count(curve.truePositives[k]), count(curve.falsePositives[k]), n});
        }
        section.addRow({thresholds[k], std::string("treat_all"), curves.front().netBenefitTreatAll[k], nan,
                        nan, Cell{}, Cell{}, n});
        section.addRow({thresholds[k], std::string("treat_none"), 0.0, nan, nan, Cell{}, Cell{}, n});
    }
    document.sections.push_back(std::move(section));
    writeResult(document, options.common);
}

}  // namespace

void addLogisticCommand(CLI::App& stats) {
    auto options = std::make_shared<LogisticCommandOptions>();
    CLI::App* command =
        stats.add_subcommand("logistic", "Logistic regression: odds ratios with CIs, LR test");
    addCommonOptions(*command, options->common);
    command->add_option("--outcome", options->outcome, "Outcome column, coded 0/1")->required();
    command->add_option("--predictors", options->predictors, "Predictor columns, comma-separated")
        ->required()
        ->delimiter(',');
    command->add_flag("--univariate", options->univariate,
                      "Also fit each predictor alone (univariable rows before the multivariable model)");
    command->add_flag("--no-profile", options->noProfile,
                      "Skip the profile-likelihood CIs (Wald CIs only)");
    command->callback([options] { runLogistic(*options); });
}

void addRocCommand(CLI::App& stats) {
    auto options = std::make_shared<RocCommandOptions>();
    CLI::App* command =
        stats.add_subcommand("roc", "ROC analysis: AUC with DeLong CI, Youden threshold, DeLong tests");
    addCommonOptions(*command, options->common);
    command->add_option("--outcome", options->outcome, "Outcome column, coded 0/1")->required();
    command
        ->add_option("--score", options->scores, "Score column (repeat for several; pairs get DeLong tests)")
        ->required();
    command->add_option("--threshold", options->threshold,
                        "Threshold for the classification metrics (default: the Youden-optimal one)");
    command->callback([options] { runRoc(*options); });
}

void addCalibrationCommand(CLI::App& stats) {
    auto options = std::make_shared<CalibrationCommandOptions>();
    CLI::App* command = stats.add_subcommand(
        "calibration", "Calibration of predicted probabilities (rms val.prob statistics)");
    addCommonOptions(*command, options->common);
    command->add_option("--outcome", options->outcome, "Outcome column, coded 0/1")->required();
    command->add_option("--prob", options->probability, "Column of predicted probabilities")->required();
    command->add_option("--bootstrap", options->bootstrap,
                        "Bootstrap resamples for the optimism-corrected calibration curve (0 = none)");
    command->add_option("--seed", options->seed, "Seed for the bootstrap")->capture_default_str();
    command->add_option("--grid", options->gridSize, "Points of the calibration curve")
        ->check(CLI::Range(2, 10000))
        ->capture_default_str();
    command->callback([options] { runCalibration(*options); });
}

void addDecisionCurveCommand(CLI::App& stats) {
    auto options = std::make_shared<DecisionCurveCommandOptions>();
    CLI::App* command =
        stats.add_subcommand("dca", "Decision curve analysis: net benefit over threshold probabilities");
    addCommonOptions(*command, options->common);
    command->add_option("--outcome", options->outcome, "Outcome column, coded 0/1")->required();
    command
        ->add_option("--prob", options->probabilities,
                     "Column of predicted probabilities (repeat for several)")
        ->required();
    command->add_option("--thresholds", options->thresholds, "Threshold grid FROM:TO:STEP")
        ->capture_default_str();
    command->add_option("--bootstrap", options->bootstrap, "Bootstrap resamples for 95% CIs (0 = none)");
    command->add_option("--seed", options->seed, "Seed for the bootstrap")->capture_default_str();
    command->callback([options] { runDecisionCurve(*options); });
}

}  // namespace pulmorad::cli::stats_cli

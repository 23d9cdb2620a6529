// `pulmorad study`: the whole clinical-radiomic study in one run. Clinical tables,
// split, univariate and multivariable logistic regression, radiomic
// selection and Rad-score, six tuned radiomics models, the clinical,
// radiomics and combined logistic models with the LightGBM-style combined
// model, ROC with DeLong, calibration, decision curves and SHAP.

#include "study/study.h"

#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string_view>

#include <unistd.h>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_format.h"
#include "common/progress.h"
#include "learn/classifier.h"
#include "learn/pipeline.h"
#include "learn/split.h"
#include "pulmorad/version.h"
#include "report/report.h"
#include "stats/calibration.h"
#include "stats/clinical_tables.h"
#include "stats/correlation.h"
#include "stats/decision_curve.h"
#include "stats/distributions.h"
#include "stats/logistic.h"
#include "stats/roc.h"
#include "study/bundle.h"
#include "study/nomogram.h"
#include "study/sha256.h"
#include "study/study_data.h"
#include "study/study_output.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Inserted between OUTDIR and the process ID in the temporary folder name.
constexpr const char* kTemporarySuffix = ".tmp-";

/// Wall time of each step, for run.json.
class StepTimer {
public:
    template <typename Function>
    void run(const std::string& step, Function&& function) {
        const auto start = std::chrono::steady_clock::now();
        spdlog::info("study: {}", step);
        function();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        timings_.push_back({{"step", step}, {"seconds", seconds}});
        spdlog::debug("study: {} took {:.3f} s", step, seconds);
    }
    const json& timings() const { return timings_; }

private:
    json timings_ = json::array();
};

std::vector<double> asDoubles(const std::vector<int>& values) { return {values.begin(), values.end()}; }

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// A probability moved just inside (0, 1), for the calibration smoother and
/// logit: a well-separated model can give exactly 1 in double precision.
double insideUnit(double p) { return std::clamp(p, 1e-12, 1.0 - 1e-12); }

/// The design matrix of `columns` (one per predictor) restricted to `rows`.
Eigen::MatrixXd designMatrix(const std::vector<std::vector<double>>& columns,
                             const std::vector<std::size_t>& rows) {
    Eigen::MatrixXd design(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            design(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = columns[j][rows[i]];
        }
    }
    return design;
}

/// The rows among `candidates` where every column has a value.
std::vector<std::size_t> completeRows(const std::vector<std::vector<double>>& columns,
                                      const std::vector<std::size_t>& candidates) {
    std::vector<std::size_t> rows;
    for (const std::size_t row : candidates) {
        bool complete = true;
        for (const auto& column : columns) {
            complete = complete && !std::isnan(column[row]);
        }
        if (complete) {
            rows.push_back(row);
        }
    }
    return rows;
}

/// Returns why a factor cannot be estimated on `rows`, or an empty string when
/// every level has patients of both outcome groups there. A level without
/// patients, or with one group only, makes the maximum-likelihood odds ratio infinite.
std::string emptyLevelNote(const std::string& name, const CodedVariable& variable,
                           const std::vector<std::size_t>& rows, const std::vector<double>& outcome) {
    std::vector<std::size_t> patients(variable.levels.size(), 0);
    std::vector<std::size_t> events(variable.levels.size(), 0);
    for (const std::size_t row : rows) {
        std::size_t level = 0;  // the reference unless a dummy is 1
        for (std::size_t k = 0; k < variable.columns.size(); ++k) {
            if (variable.columns[k][row] == 1.0) {
                level = k + 1;
            }
        }
        ++patients[level];
        events[level] += outcome[row] == 1.0 ? 1 : 0;
    }
    for (std::size_t level = 0; level < patients.size(); ++level) {
        const std::string quoted = "level '" + variable.levels[level] + "' of '" + name + "'";
        if (patients[level] == 0) {
            return "logistic regression: " + quoted +
                   " has no patient on the training set, so its odds ratio cannot be estimated; merge it "
                   "with another level";
        }
        if (events[level] == 0 || events[level] == patients[level]) {
            return "logistic regression: " + quoted + " has " + std::to_string(events[level]) + " of " +
                   std::to_string(patients[level]) +
                   " patients with the outcome on the training set, so the variable separates the outcome "
                   "classes quasi-completely and its odds ratios are infinite; merge that level with another one";
        }
    }
    return "";
}

/// Fits the multivariable model on `candidates` (every dummy of a factor),
/// fills in their Table 4 entries and appends the independent predictors: a
/// binary or continuous variable by its Wald p, a factor by the
/// likelihood-ratio test of dropping all its dummies (R: drop1(fit, test =
/// "LRT")). A model that cannot be fitted goes to `skipped`.
void fitMultivariable(const std::vector<std::string>& candidates,
                      const std::map<std::string, CodedVariable>& variables, const std::vector<double>& outcome,
                      const std::vector<std::size_t>& trainRows, const StudyConfig& config,
                      std::vector<Table4Row>& table4, std::vector<std::string>& predictors, json& skipped) {
    std::vector<std::vector<double>> columns;
    std::vector<std::string> terms;
    std::vector<std::size_t> firstTerm;  // per candidate, its first column
    for (const auto& name : candidates) {
        const CodedVariable& variable = variables.at(name);
        firstTerm.push_back(columns.size());
        columns.insert(columns.end(), variable.columns.begin(), variable.columns.end());
        terms.insert(terms.end(), variable.terms.begin(), variable.terms.end());
    }
    firstTerm.push_back(columns.size());
    const std::vector<std::size_t> rows = completeRows(columns, trainRows);
    std::vector<double> y;
    for (const std::size_t patient : rows) {
        y.push_back(outcome[patient]);
    }
    stats::LogisticFit multi;
    try {
        multi = stats::fitLogistic(designMatrix(columns, rows), y, terms);
    } catch (const InputError& error) {
        skipped.push_back(std::string("Multivariable clinical model not estimable: ") + error.what());
        return;
    }
    for (std::size_t j = 0; j < candidates.size(); ++j) {
        const auto row = std::find_if(table4.begin(), table4.end(),
                                      [&](const Table4Row& entry) { return entry.variable == candidates[j]; });
        double p = kNaN;
        if (!variables.at(candidates[j]).isFactor()) {
            row->multivariable = multi.terms[firstTerm[j] + 1];
            p = row->multivariable->pValue;
        } else {
            for (std::size_t k = firstTerm[j]; k < firstTerm[j + 1]; ++k) {
                row->multivariableLevels.push_back(multi.terms[k + 1]);
            }
            // The reduced model drops this factor's dummies and keeps the same patients.
            std::vector<std::vector<double>> reducedColumns;
            std::vector<std::string> reducedTerms;
            for (std::size_t k = 0; k < columns.size(); ++k) {
                if (k < firstTerm[j] || k >= firstTerm[j + 1]) {
                    reducedColumns.push_back(columns[k]);
                    reducedTerms.push_back(terms[k]);
                }
            }
            const double df = static_cast<double>(firstTerm[j + 1] - firstTerm[j]);
            double reducedDeviance = multi.nullDeviance;
            if (!reducedColumns.empty()) {
                stats::LogisticOptions options;
                options.profileIntervals = false;
                try {
                    reducedDeviance =
                        stats::fitLogistic(designMatrix(reducedColumns, rows), y, reducedTerms, options).deviance;
                } catch (const InputError& error) {
                    spdlog::warn("multivariable logistic: no likelihood-ratio test for {}: {}", candidates[j],
                                 error.what());
                    reducedDeviance = kNaN;
                }
            }
            row->multivariableLrP = std::isnan(reducedDeviance)
                                        ? kNaN
                                        : stats::detail::chiSquareCdf(
                                              std::max(reducedDeviance - multi.deviance, 0.0), df, true);
            p = row->multivariableLrP;
        }
        if (config.predictorRule == "fixed" || p < config.pThreshold) {
            predictors.push_back(candidates[j]);
        }
    }
}

std::vector<double> linearPrediction(const stats::LogisticFit& fit, const Eigen::MatrixXd& design) {
    std::vector<double> lp(static_cast<std::size_t>(design.rows()), fit.terms[0].estimate);
    for (Eigen::Index i = 0; i < design.rows(); ++i) {
        for (Eigen::Index j = 0; j < design.cols(); ++j) {
            lp[static_cast<std::size_t>(i)] +=
                fit.terms[static_cast<std::size_t>(j) + 1].estimate * design(i, j);
        }
    }
    return lp;
}

CombinedModel makeModel(const std::string& name, const std::string& label,
                        std::vector<std::string> variables) {
    CombinedModel model;
    model.name = name;
    model.label = label;
    model.variables = std::move(variables);
    return model;
}

/// Computes the minimum and maximum of `values` over `rows`, skipping NaN (nullopt when all are NaN).
std::optional<TrainingRange> rangeOver(const std::string& variable, const std::vector<double>& values,
                                       const std::vector<std::size_t>& rows) {
    std::optional<TrainingRange> range;
    for (const std::size_t row : rows) {
        const double value = values[row];
        if (std::isnan(value)) {
            continue;
        }
        if (!range) {
            range = TrainingRange{variable, value, value};
        }
        range->min = std::min(range->min, value);
        range->max = std::max(range->max, value);
    }
    return range;
}

/// Collects the training range of every model input, so that `predict` can warn
/// about extrapolation. Logistic and combined-classifier inputs range over the
/// patients that the models were fitted on, radiomic features over the training set.
std::vector<TrainingRange> trainingRanges(const ModelBundle& bundle,
                                          const std::map<std::string, std::vector<double>>& columnsByName,
                                          const std::vector<std::size_t>& modelTrain,
                                          const learn::PreparedData& radiomicTraining) {
    std::vector<std::string> names;
    const auto add = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
        }
    };
    for (const LogisticModel& model : bundle.logisticModels) {
        std::for_each(model.variables.begin(), model.variables.end(), add);
    }
    if (bundle.combinedClassifier) {
        std::for_each(bundle.combinedClassifier->features.begin(), bundle.combinedClassifier->features.end(),
                      add);
    }
    for (const RadiomicFeature& feature : bundle.radiomicFeatures) {
        add(feature.name);
    }
    if (bundle.radiomicsClassifier) {
        std::for_each(bundle.radiomicsClassifier->features.begin(), bundle.radiomicsClassifier->features.end(),
                      add);
    }

    std::vector<TrainingRange> ranges;
    for (const std::string& name : names) {
        std::optional<TrainingRange> range;
        if (const auto column = columnsByName.find(name); column != columnsByName.end()) {
            range = rangeOver(name, column->second, modelTrain);
        } else {
            const auto& features = radiomicTraining.featureNames;
            const auto found = std::find(features.begin(), features.end(), name);
            if (found != features.end() && radiomicTraining.train.rows() > 0) {
                const Eigen::VectorXd values = radiomicTraining.train.col(found - features.begin());
                range = TrainingRange{name, values.minCoeff(), values.maxCoeff()};
            }
        }
        if (range) {
            ranges.push_back(*range);
        }
    }
    return ranges;
}

/// Everything `pulmorad predict` needs (model/bundle.json).
ModelBundle makeBundle(const StudyConfig& config, const Cohort& cohort,
                       const learn::SelectionResult& selection, const learn::TrainingResult& training,
                       const std::vector<CombinedModel>& models, bool radiomicsPart, const json& combined) {
    ModelBundle bundle;
    bundle.pulmoradVersion = kVersion;
    bundle.idColumn =
        cohort.idsGenerated ? config.id : (cohort.clinical ? *cohort.clinical : *cohort.features).idColumn();
    bundle.outcome = config.outcome;
    bundle.negativeLabel = config.negativeLabel;
    bundle.positiveLabel = config.positiveLabel;
    bundle.scaling = config.scale;
    if (cohort.clinical) {
        for (const auto& spec : config.variables) {
            // The only categorical variables that enter the models are those with two
            // numeric levels, which enter as their number, so predict reads them as numbers.
            const bool numericCategory = spec.type == stats::VariableType::Categorical;
            bundle.clinicalVariables.push_back(
                {spec.name, numericCategory ? "continuous" : stats::variableTypeName(spec.type), spec.unit});
        }
    }
    if (radiomicsPart) {
        const learn::PreparedData& prepared = selection.data;
        const learn::LassoPath& path = selection.lasso.path;
        RadScoreModel radScore;
        radScore.intercept = path.intercepts[selection.chosenLambdaIndex];
        for (std::size_t j = 0; j < selection.lassoInput.size(); ++j) {
            const double b = path.coefficients(static_cast<Eigen::Index>(j),
                                               static_cast<Eigen::Index>(selection.chosenLambdaIndex));
            if (b == 0.0) {
                continue;
            }
            const std::size_t feature = selection.lassoInput[j];
            radScore.features.push_back(prepared.featureNames[feature]);
            radScore.coefficients.push_back(b);
            bundle.radiomicFeatures.push_back({prepared.featureNames[feature],
                                               selection.scaler.means()[feature],
                                               selection.scaler.standardDeviations()[feature]});
        }
        bundle.radScore = radScore;
        for (const auto& model : training.models) {
            if (model.model != "lightgbm" || !model.fitted) {
                continue;
            }
            ClassifierModel classifier;
            classifier.name = "radiomics_lightgbm";
            classifier.file = "lightgbm_radiomics.json";
            classifier.features = training.data.featureNames;
            classifier.means = training.scaler.means();
            classifier.sds = training.scaler.standardDeviations();
            const Eigen::MatrixXd train = training.scaler.transform(training.data.train);
            classifier.shapExpectedValue = model.fitted->shapValues(train.topRows(1))(0, train.cols());
            classifier.model = model.fitted->toJson();
            bundle.radiomicsClassifier = classifier;
        }
    }
    for (const auto& model : models) {
        if (model.fit) {
            LogisticModel logistic;
            logistic.name = model.name;
            logistic.label = model.label;
            logistic.variables = model.variables;
            logistic.intercept = model.fit->terms[0].estimate;
            for (std::size_t k = 1; k < model.fit->terms.size(); ++k) {
                logistic.coefficients.push_back(model.fit->terms[k].estimate);
            }
            bundle.logisticModels.push_back(logistic);
        } else if (model.classifier) {
            ClassifierModel classifier;
            classifier.name = model.name;
            classifier.file = "lightgbm_combined.json";
            classifier.features = model.variables;
            classifier.means = model.scaler->means();
            classifier.sds = model.scaler->standardDeviations();
            classifier.shapExpectedValue = model.shapExpectedValue;
            classifier.model = model.classifier->toJson();
            bundle.combinedClassifier = classifier;
        }
    }
    if (combined.is_object() && combined.contains("nomogram")) {
        bundle.nomogram = nomogramFromJson(combined["nomogram"], "results.json");
    }
    return bundle;
}

/// Checks the output folder: one that contains files is rejected, unless it
/// contains a previous run and `overwrite` is set.
void checkOutputFolder(const fs::path& outdir, bool overwrite) {
    if (!fs::exists(outdir)) {
        return;
    }
    if (!fs::is_directory(outdir)) {
        throw InputError(outdir.string() + ": exists and is not a folder; choose another -o path");
    }
    if (fs::is_empty(outdir)) {
        return;
    }
    const bool previousRun = fs::exists(outdir / "run.json") || fs::exists(outdir / "results.json");
    if (!previousRun) {
        throw InputError(
            outdir.string() +
            ": the output folder is not empty and contains no previous run; choose an empty or new folder");
    }
    if (!overwrite) {
        throw InputError(
            outdir.string() +
            ": the output folder holds a previous run (run.json); add --overwrite to replace it or "
            "choose another -o folder");
    }
}

}  // namespace

void runStudy(StudyConfig config, const fs::path& outdir, const RunOptions& options) {
    checkOutputFolder(outdir, options.overwrite);
    // temporaryOutputFolder() is a sibling of OUTDIR, so OUTDIR's own name comes without a trailing "/".
    const fs::path work = temporaryOutputFolder(outdir);
    const fs::path absoluteOut = work.parent_path() / finalOutputFolder(work).filename();
    const fs::path parent = absoluteOut.parent_path();
    if (!fs::is_directory(parent)) {
        throw InputError(outdir.string() + ": its parent folder does not exist; create " + parent.string() +
                         " first");
    }
    // Everything is written into the temporary sibling, which replaces OUTDIR at the end.
    fs::remove_all(work);
    fs::create_directories(work / "tables");
    struct Cleanup {
        fs::path path;
        bool keep = false;
        ~Cleanup() {
            if (!keep) {
                std::error_code ignored;
                fs::remove_all(path, ignored);
            }
        }
    } cleanup{work};

    StepTimer timer;
    json results;
    results["title"] = config.title;
    results["simulated"] = config.simulated;
    results["pulmorad_version"] = std::string(kVersion);
    json skipped = json::array();

    Cohort cohort;
    timer.run("read inputs", [&] { cohort = loadCohort(config, work); });
    const std::size_t n = cohort.ids.size();
    const bool clinicalPart = cohort.clinical && !config.variables.empty();
    const bool radiomicsPart = cohort.features.has_value();
    if (!cohort.clinical) {
        skipped.push_back("Clinical analysis skipped: the config names no clinical table.");
    } else if (config.variables.empty()) {
        skipped.push_back("Clinical analysis skipped: the clinical table has no variable to analyse.");
    }
    if (!radiomicsPart) {
        skipped.push_back(
            "Radiomics analysis skipped: the config names no feature table or cohort manifest.");
    }

    // ------------------------------------------------------------------ split
    learn::TrainTestSplit split;
    std::vector<int> setOf(n, 0);  // 0 train, 1 test
    timer.run("split", [&] {
        split = learn::stratifiedSplit(cohort.outcome, config.trainFraction, config.seed);
        for (const std::size_t row : split.testRows) {
            setOf[row] = 1;
        }
    });
    const auto countSet = [&](const std::vector<std::size_t>& rows) {
        std::size_t positive = 0;
        for (const std::size_t row : rows) {
            positive += static_cast<std::size_t>(cohort.outcome[row]);
        }
        return json{{"n", rows.size()}, {"negative", rows.size() - positive}, {"positive", positive}};
    };
    results["cohort"] = {
        {"outcome", config.outcome},
        {"labels", {{"negative", config.negativeLabel}, {"positive", config.positiveLabel}}},
        {"seed", config.seed},
        {"train_fraction", config.trainFraction},
        {"patients", n},
        {"ids_numbered", cohort.idsGenerated},
        {"join", cohort.joinCounts},
        {"sets", {{"train", countSet(split.trainRows)}, {"test", countSet(split.testRows)}}}};
    // The radiomic selection and training repeat this split and log it at DEBUG.
    spdlog::info("Split (seed {}, training fraction {}): {} training and {} test patients", config.seed,
                 formatDouble(config.trainFraction), split.trainRows.size(), split.testRows.size());

    StudyOutput output(work);
    output.writeSplit(cohort, setOf);

    // --------------------------------------------------------------- clinical
    std::vector<std::string> predictors;
    std::map<std::string, std::vector<double>> coded;  // per variable, per patient
    if (clinicalPart) {
        json clinical;
        timer.run("clinical tables", [&] {
            const table::Table& data = *cohort.clinical;
            std::vector<std::string> groupLevels = data.levels(config.outcome);
            stats::sortLevels(groupLevels);
            const auto buildTables = [&](const std::vector<std::size_t>& patients,
                                         const std::string& suffix) {
                std::vector<std::size_t> rows;
                for (const std::size_t patient : patients) {
                    rows.push_back(cohort.clinicalRows[patient]);
                }
                stats::ClinicalTableBuilder builder(data, config.outcome, groupLevels, rows);
                std::vector<std::string> notes;
                for (const auto& spec : config.variables) {
                    const std::string label =
                        spec.unit.empty() ? spec.name : spec.name + " (" + spec.unit + ")";
                    if (spec.type == stats::VariableType::Continuous) {
                        builder.addContinuous(spec.name, label, notes);
                    } else {
                        builder.addCategorical(spec.name, spec.type, label);
                    }
                }
                for (const auto& note : notes) {
                    spdlog::debug("{}", note);
                }
                const auto [table2, table3] = output.writeClinicalTables(builder, config, suffix);
                clinical["table2" + suffix] = table2;
                clinical["table3" + suffix] = table3;
                if (suffix.empty()) {
                    // Missing values, once per variable (a categorical variable repeats it per level).
                    std::set<std::string> logged;
                    for (const json* table : {&table2, &table3}) {
                        for (const json& row : *table) {
                            const std::string variable = row.value("variable", "");
                            const long long missing = row.value("missing", 0LL);
                            if (missing > 0 && logged.insert(variable).second) {
                                spdlog::info("{}: {} patient(s) have no value of '{}'; the clinical tables leave "
                                             "them out",
                                             data.sourceName(), missing, variable);
                            }
                        }
                    }
                }
            };
            std::vector<std::size_t> everyone(n);
            for (std::size_t i = 0; i < n; ++i) {
                everyone[i] = i;
            }
            buildTables(everyone, "");
            buildTables(split.trainRows, "_train");
        });

        timer.run("univariate and multivariable logistic regression", [&] {
            const std::vector<double> outcome = asDoubles(cohort.outcome);
            const auto outcomesOf = [&](const std::vector<std::size_t>& rows) {
                std::vector<double> y;
                for (const std::size_t patient : rows) {
                    y.push_back(outcome[patient]);
                }
                return y;
            };
            std::vector<Table4Row> table4;
            std::vector<std::string> candidates;
            std::map<std::string, CodedVariable> codedVariables;
            for (const auto& spec : config.variables) {
                Table4Row row;
                row.variable = spec.name;
                const CodedVariable& variable = codedVariables[spec.name] = codeVariable(cohort, spec);
                row.levels = variable.levels;
                if (!variable.isFactor()) {
                    coded[spec.name] = variable.columns[0];
                }
                const std::vector<std::size_t> rows = completeRows(variable.columns, split.trainRows);
                if (const std::string note = variable.isFactor() ? emptyLevelNote(spec.name, variable, rows, outcome)
                                                                 : std::string();
                    !note.empty()) {
                    spdlog::warn("univariate logistic: {} not estimable on the training set: {}", spec.name, note);
                    row.note = note;
                    table4.push_back(row);
                    continue;
                }
                try {
                    row.univariate =
                        stats::fitLogistic(designMatrix(variable.columns, rows), outcomesOf(rows), variable.terms);
                    // A factor is tested as a whole by the likelihood-ratio test against the
                    // intercept-only model on the same patients (R: anova(glm(y ~ 1),
                    // glm(y ~ factor(x)), test = "Chisq")); other variables by their Wald p.
                    const double p =
                        variable.isFactor() ? row.univariate->lrPValue : row.univariate->terms[1].pValue;
                    if (p < config.pThreshold) {
                        candidates.push_back(spec.name);
                    }
                } catch (const InputError& error) {
                    spdlog::warn("univariate logistic: {} not estimable on the training set: {}", spec.name,
                                 error.what());
                    row.note = error.what();
                }
                table4.push_back(row);
            }
            if (config.predictorRule == "fixed") {
                candidates = config.fixedPredictors;
                for (const auto& name : candidates) {
                    if (codedVariables.count(name) == 0) {
                        throw InputError(config.configPath.string() +
                                         ": clinical_predictors.variables names '" + name +
                                         "', which is not an analysable clinical variable; list it under "
                                         "'variables' or remove it");
                    }
                }
            }
            if (!candidates.empty()) {
                fitMultivariable(candidates, codedVariables, outcome, split.trainRows, config, table4,
                                 predictors, skipped);
            }
            if (predictors.empty()) {
                skipped.push_back(
                    "Clinical model skipped: no clinical variable is an independent predictor at p < " +
                    formatDouble(config.pThreshold) + " on the training set.");
            }
            clinical["table4"] = output.writeTable4(table4);
            clinical["predictors"] = predictors;

            // TODO: enter factor predictors into the combined models, the nomogram and the bundle.
            std::vector<std::string> modelPredictors;
            for (const auto& name : predictors) {
                if (codedVariables.at(name).isFactor()) {
                    skipped.push_back("Clinical predictor '" + name +
                                      "' left out of the clinical, combined, nomogram and LightGBM-style "
                                      "models: a categorical variable with " +
                                      std::to_string(codedVariables.at(name).levels.size()) +
                                      " levels cannot enter them yet. To use it, recode it as 0/1 columns, "
                                      "one per level other than the reference.");
                    continue;
                }
                modelPredictors.push_back(name);
            }
            predictors = modelPredictors;
        });
        results["clinical"] = clinical;
    }

    // -------------------------------------------------------------- radiomics
    std::vector<double> radScore(n, kNaN);
    learn::SelectionResult selection;
    learn::TrainingResult training;
    std::vector<std::string> selected;
    if (radiomicsPart) {
        learn::Dataset dataset;
        dataset.source = cohort.features->sourceName();
        dataset.ids = cohort.ids;
        dataset.featureNames = cohort.featureNames;
        dataset.y = cohort.outcome;
        dataset.outcomeName = config.outcome;
        dataset.x.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cohort.featureNames.size()));
        for (std::size_t j = 0; j < cohort.featureNames.size(); ++j) {
            const std::vector<double> values = cohort.features->numeric(cohort.featureNames[j]);
            for (std::size_t i = 0; i < n; ++i) {
                dataset.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                    values[cohort.featureRows[i]];
            }
        }
        const learn::ScaleKind scale =
            config.scale == "population" ? learn::ScaleKind::PopulationSd : learn::ScaleKind::SampleSd;
        learn::SelectionOptions selectionOptions;
        selectionOptions.correlationFilter =
            std::count(config.selectionSteps.begin(), config.selectionSteps.end(), "corr") > 0;
        selectionOptions.mrmr =
            std::count(config.selectionSteps.begin(), config.selectionSteps.end(), "mrmr") > 0;
        selectionOptions.lasso = true;
        if (std::count(config.selectionSteps.begin(), config.selectionSteps.end(), "lasso") == 0) {
            throw InputError(
                config.configPath.string() +
                ": selection.steps has no 'lasso'; the Rad-score is the LASSO model, so keep lasso as the "
                "last step");
        }
        selectionOptions.trainFraction = config.trainFraction;
        selectionOptions.seed = config.seed;
        selectionOptions.folds = config.selectionFolds;
        selectionOptions.scale = scale;
        selectionOptions.correlation.threshold = config.correlationThreshold;
        selectionOptions.mrmrScheme =
            config.mrmrScheme == "MIQ" ? learn::MrmrScheme::Quotient : learn::MrmrScheme::Difference;
        selectionOptions.mrmrTop = config.mrmrTop;
        selectionOptions.useLambda1se = config.lambda == "1se";
        selectionOptions.logSplit = false;
        timer.run("radiomic feature selection and Rad-score",
                  [&] { selection = learn::runSelection(dataset, selectionOptions); });
        const learn::PreparedData& prepared = selection.data;
        if (prepared.split.trainRows != split.trainRows) {
            throw std::logic_error("the radiomics split differs from the study split");
        }
        for (std::size_t k = 0; k < split.trainRows.size(); ++k) {
            radScore[split.trainRows[k]] = selection.radScoreTrain[k];
        }
        for (std::size_t k = 0; k < split.testRows.size(); ++k) {
            radScore[split.testRows[k]] = selection.radScoreTest[k];
        }
        for (const std::size_t j : selection.afterLasso) {
            selected.push_back(prepared.featureNames[j]);
        }
        if (selected.empty()) {
            throw InputError(
                dataset.source + ": the LASSO kept no feature at lambda." + config.lambda +
                ", so there is no Rad-score; try selection.lambda: min, a larger mrmr_top or more patients");
        }
        json radiomics = output.writeSelection(dataset, selection, config, cohort, setOf, split);

        learn::Dataset selectedData = dataset;
        selectedData.featureNames = selected;
        std::vector<Eigen::Index> columns;
        for (const auto& name : selected) {
            columns.push_back(static_cast<Eigen::Index>(
                std::find(dataset.featureNames.begin(), dataset.featureNames.end(), name) -
                dataset.featureNames.begin()));
        }
        selectedData.x = dataset.x(Eigen::all, columns);
        learn::TrainingOptions trainingOptions;
        trainingOptions.models = config.models;
        // Only the listed models' grids, because config.grids also contains the defaults of every model.
        for (const std::string& model : config.models) {
            trainingOptions.grids[model] = config.grids.at(model);
        }
        trainingOptions.trainFraction = config.trainFraction;
        trainingOptions.seed = config.seed;
        trainingOptions.folds = config.modelFolds;
        trainingOptions.scale = scale;
        trainingOptions.threshold = config.threshold;
        trainingOptions.logSplit = false;
        timer.run("six tuned radiomics models",
                  [&] { training = learn::runTraining(selectedData, trainingOptions); });
        radiomics["models"] = output.writeModels(training);
        radiomics["shap"] = output.writeShap(training, selected);
        results["radiomics"] = radiomics;
    }

    // --------------------------------------------------- combined evaluation
    std::vector<CombinedModel> models;
    {
        if (!predictors.empty()) {
            models.push_back(makeModel("clinical", "Clinical model", predictors));
        }
        if (radiomicsPart) {
            models.push_back(makeModel("radiomics", "Radiomics model (Rad-score)", {"radscore"}));
        }
        if (radiomicsPart && !predictors.empty()) {
            std::vector<std::string> variables{"radscore"};
            variables.insert(variables.end(), predictors.begin(), predictors.end());
            models.push_back(makeModel("combined", "Combined model (nomogram)", variables));
            models.push_back(makeModel("combined_lightgbm", "Combined LightGBM-style model", variables));
        } else if (radiomicsPart != clinicalPart || (clinicalPart && predictors.empty())) {
            skipped.push_back(
                "Combined model skipped: it needs both the Rad-score and at least one independent clinical "
                "predictor.");
        }
    }
    std::vector<std::size_t> modelTrain;
    std::vector<std::size_t> modelTest;
    std::map<std::string, std::vector<double>> columnsByName;
    columnsByName["radscore"] = radScore;
    for (const auto& name : predictors) {
        columnsByName[name] = coded[name];
    }
    if (!models.empty()) {
        // Every model is fitted and scored on the same patients (complete cases
        // over every variable used), so the paired DeLong tests are valid.
        std::set<std::string> used;
        for (const auto& model : models) {
            used.insert(model.variables.begin(), model.variables.end());
        }
        std::map<std::string, std::vector<std::string>> missingIds;  // variable -> patients without a value
        for (std::size_t i = 0; i < n; ++i) {
            bool complete = true;
            for (const auto& name : used) {
                if (std::isnan(columnsByName[name][i])) {
                    complete = false;
                    missingIds[name].push_back(cohort.ids[i]);
                }
            }
            if (complete) {
                (setOf[i] == 0 ? modelTrain : modelTest).push_back(i);
            }
        }
        for (const auto& [name, ids] : missingIds) {
            std::string listed;
            for (std::size_t k = 0; k < ids.size() && k < 10; ++k) {
                listed += (k == 0 ? "" : ", ") + ids[k];
            }
            spdlog::warn("{} patient(s) have no value of '{}' ({}{}), so the clinical, radiomics and combined "
                         "logistic models and the combined LightGBM-style model leave them out (complete "
                         "cases); the radiomics-only classifiers keep them",
                         ids.size(), name, listed, ids.size() > 10 ? ", ..." : "");
        }
        std::vector<double> yTrain;
        std::vector<double> yTest;
        std::vector<int> yTrainInt;
        for (const std::size_t row : modelTrain) {
            yTrain.push_back(cohort.outcome[row]);
            yTrainInt.push_back(cohort.outcome[row]);
        }
        for (const std::size_t row : modelTest) {
            yTest.push_back(cohort.outcome[row]);
        }
        const auto design = [&](const std::vector<std::string>& variables,
                                const std::vector<std::size_t>& rows) {
            std::vector<std::vector<double>> columns;
            for (const auto& name : variables) {
                columns.push_back(columnsByName[name]);
            }
            return designMatrix(columns, rows);
        };
        timer.run("clinical, radiomics and combined models", [&] {
            std::vector<CombinedModel> fitted;
            for (auto& model : models) {
                const Eigen::MatrixXd xTrain = design(model.variables, modelTrain);
                const Eigen::MatrixXd xTest = design(model.variables, modelTest);
                if (model.name != "combined_lightgbm") {
                    try {
                        model.fit = stats::fitLogistic(xTrain, yTrain, model.variables);
                    } catch (const InputError& error) {
                        const bool radScoreModel = std::find(model.variables.begin(), model.variables.end(),
                                                             "radscore") != model.variables.end();
                        const std::string hint = radScoreModel && config.lambda == "min"
                                                     ? " (a Rad-score that separates the training set is "
                                                       "overfitted; selection.lambda: 1se "
                                                       "shrinks it)"
                                                     : "";
                        skipped.push_back(model.label + " skipped: " + error.what() + hint);
                        continue;
                    }
                    for (const double lp : linearPrediction(*model.fit, xTrain)) {
                        model.train.push_back(sigmoid(lp));
                    }
                    for (const double lp : linearPrediction(*model.fit, xTest)) {
                        model.test.push_back(sigmoid(lp));
                    }
                } else {
                    const std::vector<int> folds = learn::stratifiedFolds(
                        yTrainInt, config.modelFolds, static_cast<std::uint32_t>(config.seed));
                    const learn::ScaleKind scale = config.scale == "population"
                                                       ? learn::ScaleKind::PopulationSd
                                                       : learn::ScaleKind::SampleSd;
                    model.tuning = learn::tuneByCrossValidation("lightgbm", config.grids.at("lightgbm"),
                                                                xTrain, yTrainInt, folds, scale, config.seed);
                    model.scaler = learn::Standardizer::fit(xTrain, scale);
                    auto classifier = learn::makeClassifier("lightgbm", model.tuning.best, config.seed);
                    classifier->fit(model.scaler->transform(xTrain), yTrainInt);
                    model.train = classifier->predictProbability(model.scaler->transform(xTrain));
                    model.test = classifier->predictProbability(model.scaler->transform(xTest));
                    const Eigen::MatrixXd scaledTrain = model.scaler->transform(xTrain);
                    model.shapExpectedValue =
                        classifier->shapValues(scaledTrain.topRows(1))(0, scaledTrain.cols());
                    model.classifier = std::move(classifier);
                }
                fitted.push_back(std::move(model));
            }
            models = std::move(fitted);
        });

        json combined;
        timer.run("ROC, DeLong, calibration and decision curves", [&] {
            combined = output.writeCombinedModels(models, modelTrain, modelTest, yTrain, yTest, config);

            // Calibration of the combined logistic model (else the radiomics or clinical one).
            const CombinedModel* nomogramModel = nullptr;
            for (const char* name : {"combined", "radiomics", "clinical"}) {
                for (const auto& model : models) {
                    if (!nomogramModel && model.name == name && model.fit) {
                        nomogramModel = &model;
                    }
                }
            }
            if (nomogramModel) {
                std::vector<NomogramVariableSpec> specs;
                for (const auto& name : nomogramModel->variables) {
                    NomogramVariableSpec spec;
                    spec.name = name;
                    spec.label = name == "radscore" ? "Rad-score" : name;
                    for (const auto& variable : config.variables) {
                        if (variable.name == name) {
                            spec.type = variable.type == stats::VariableType::Binary
                                            ? NomogramVariableType::Binary
                                            : NomogramVariableType::Continuous;
                            if (!variable.unit.empty()) {
                                spec.label = name + " (" + variable.unit + ")";
                            }
                        }
                    }
                    specs.push_back(spec);
                }
                // The nomogram draws the combined model only (predict scores it).
                if (nomogramModel->name == "combined") {
                    const Nomogram nomogram = buildNomogram(*nomogramModel->fit, specs,
                                                            design(nomogramModel->variables, modelTrain));
                    combined["nomogram"] = nomogramToJson(nomogram);
                }

                // Calibration of the same model: bootstrap refits on the training set.
                std::atomic<std::size_t> failedRefits{0};
                const Eigen::MatrixXd xTrain = design(nomogramModel->variables, modelTrain);
                const std::vector<std::string>& names = nomogramModel->variables;
                ProgressReporter progress("Calibration bootstrap refits",
                                          static_cast<std::size_t>(config.bootstraps));
                const stats::ModelRefit refit = [&](const std::vector<std::size_t>& sampleRows) {
                    progress.advance();
                    Eigen::MatrixXd sample(static_cast<Eigen::Index>(sampleRows.size()), xTrain.cols());
                    std::vector<double> sampleY;
                    for (std::size_t k = 0; k < sampleRows.size(); ++k) {
                        sample.row(static_cast<Eigen::Index>(k)) =
                            xTrain.row(static_cast<Eigen::Index>(sampleRows[k]));
                        sampleY.push_back(yTrain[sampleRows[k]]);
                    }
                    stats::LogisticOptions fitOptions;
                    fitOptions.profileIntervals = false;
                    stats::LogisticFit fit;
                    try {
                        fit = stats::fitLogistic(sample, sampleY, names, fitOptions);
                    } catch (const InputError&) {
                        // A resample with separation has no usable refit, so it is left out.
                        ++failedRefits;
                        return stats::BootstrapPredictions{};
                    }
                    stats::BootstrapPredictions predictions;
                    for (const double lp : linearPrediction(fit, sample)) {
                        predictions.onSample.push_back(insideUnit(sigmoid(lp)));
                    }
                    for (const double lp : linearPrediction(fit, xTrain)) {
                        predictions.onOriginal.push_back(insideUnit(sigmoid(lp)));
                    }
                    return predictions;
                };
                std::vector<double> apparent;
                for (const double p : nomogramModel->train) {
                    apparent.push_back(insideUnit(p));
                }
                const stats::CalibrationCurve curve = stats::bootstrapCalibration(
                    apparent, yTrain, static_cast<std::size_t>(config.bootstraps), config.seed, refit);
                progress.finish();
                if (failedRefits > 0) {
                    spdlog::warn(
                        "calibration: {} of {} bootstrap refits showed separation and were left out of "
                        "the optimism",
                        failedRefits.load(), config.bootstraps);
                }
                combined["calibration"] = output.writeCalibration(
                    curve, nomogramModel->name, nomogramModel->test, yTest, failedRefits.load());
            }
            combined["decision_curve"] =
                output.writeDecisionCurves(models, yTrain, yTest, decisionThresholds(config));
        });
        results["combined"] = combined;
    }
    output.writePredictions(cohort, setOf, radScore, training, models, modelTrain, modelTest);

    results["parts"] = {{"clinical", clinicalPart}, {"radiomics", radiomicsPart}, {"skipped", skipped}};
    for (const auto& sentence : skipped) {
        spdlog::warn("{}", sentence.get<std::string>());
    }
    results["methods"] = methodsJson(config, cohort, radiomicsPart, clinicalPart);

    // ------------------------------------------------------------- model bundle
    timer.run("model bundle", [&] {
        ModelBundle bundle = makeBundle(config, cohort, selection, training, models, radiomicsPart,
                                        results.contains("combined") ? results["combined"] : json(nullptr));
        bundle.trainingRanges = trainingRanges(bundle, columnsByName, modelTrain, selection.data);
        writeBundle(work / "model", bundle);
    });

    writeFileAtomically(work / "results.json", results.dump(2) + "\n");

    // ------------------------------------------------------------------ report
    timer.run("report", [&] { report::writeReport(results, work); });

    // ------------------------------------------------------------------ run.json
    json run;
    run["pulmorad_version"] = std::string(kVersion);
    run["seed"] = config.seed;
    run["config_file"] = config.configPath.string();
    run["config"] = configToJson(config);
    json inputs = json::object();
    inputs[config.configPath.string()] = sha256File(config.configPath);
    for (const auto& path : {config.clinical, config.features, config.cohort, config.params}) {
        if (path) {
            inputs[path->string()] = sha256File(*path);
        }
    }
    run["input_sha256"] = inputs;
    run["threads"] = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    run["step_seconds"] = timer.timings();
    writeFileAtomically(work / "run.json", run.dump(2) + "\n");

    // Swap the finished folder in.
    if (fs::exists(absoluteOut)) {
        fs::remove_all(absoluteOut);
    }
    fs::rename(work, absoluteOut);
    cleanup.keep = true;
    spdlog::info("Wrote the model bundle {}", (outdir / "model" / "bundle.json").string());
    spdlog::info("Wrote the report {}", (outdir / "report.html").string());
    spdlog::info("study written to {}", outdir.string());
}

fs::path temporaryOutputFolder(const fs::path& outdir) {
    fs::path absolute = fs::absolute(outdir).lexically_normal();
    if (absolute.filename().empty()) {
        absolute = absolute.parent_path();  // "out/" names the folder "out"
    }
    const std::string name = absolute.filename().string() + kTemporarySuffix + std::to_string(::getpid());
    return absolute.parent_path() / name;
}

fs::path finalOutputFolder(const fs::path& folder) {
    const std::string name = folder.filename().string();
    const std::size_t suffix = name.rfind(kTemporarySuffix);
    if (suffix == std::string::npos || suffix == 0) {
        return folder;
    }
    const std::string pid = name.substr(suffix + std::string_view(kTemporarySuffix).size());
    const bool digits =
        !pid.empty() && std::all_of(pid.begin(), pid.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    return digits ? folder.parent_path() / name.substr(0, suffix) : folder;
}

}  // namespace pulmorad::study

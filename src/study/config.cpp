#include "study/config.h"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "common/name_suggestion.h"
#include "common/number_format.h"
#include "learn/classifier.h"
#include "stats/decision_curve.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;

/// Error context: the config file and the key path.
struct Where {
    std::string file;
    std::string key;

    Where child(const std::string& name) const { return {file, key.empty() ? name : key + "." + name}; }
    std::string text() const { return file + ": key '" + key + "'"; }
};

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

void rejectUnknownKeys(const YAML::Node& node, const std::vector<std::string>& known, const Where& where) {
    if (!node.IsMap()) {
        throw InputError(where.file + ": " + (where.key.empty() ? "the config" : "key '" + where.key + "'") +
                         " must be a mapping of keys to values; use the keys " + joined(known));
    }
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            const std::string full = where.key.empty() ? name : where.key + "." + name;
            throw InputError(where.file + ": key '" + full + "' does not exist" + didYouMean(name, known) +
                             "; use one of " + joined(known) + " (docs/study-results.md lists every key)");
        }
    }
}

std::string scalarText(const YAML::Node& node, const Where& where) {
    if (!node.IsScalar()) {
        throw InputError(where.text() + " must be a single value, not a list or mapping");
    }
    return node.Scalar();
}

double realValue(const YAML::Node& node, const Where& where, double lower, double upper, bool openLower) {
    const std::string text = scalarText(node, where);
    double value = 0.0;
    if (!parseDouble(text, value) || !std::isfinite(value) || value > upper || value < lower ||
        (openLower && value == lower)) {
        throw InputError(where.text() + " is '" + text + "'; give a number in " + (openLower ? "(" : "[") +
                         formatDouble(lower) + ", " + formatDouble(upper) + "]");
    }
    return value;
}

/// The training share of the split: both sets must keep patients, so only
/// values strictly between 0 and 1 are valid.
double trainFractionValue(const YAML::Node& node, const Where& where) {
    const std::string text = scalarText(node, where);
    double value = 0.0;
    if (!parseDouble(text, value) || !(value > 0.0 && value < 1.0)) {
        throw InputError(where.text() + " is '" + text +
                         "'; give a fraction strictly between 0 and 1, such as 0.7 for 70% training and "
                         "30% test patients");
    }
    return value;
}

long long integerValue(const YAML::Node& node, const Where& where, long long lower, long long upper) {
    const std::string text = scalarText(node, where);
    double value = 0.0;
    if (!parseDouble(text, value) || value != std::floor(value) || value < static_cast<double>(lower) ||
        value > static_cast<double>(upper)) {
        throw InputError(where.text() + " is '" + text + "'; give a whole number from " +
                         std::to_string(lower) + " to " + std::to_string(upper));
    }
    return static_cast<long long>(value);
}

bool boolValue(const YAML::Node& node, const Where& where) {
    const std::string text = scalarText(node, where);
    if (text == "true" || text == "yes") {
        return true;
    }
    if (text == "false" || text == "no") {
        return false;
    }
    throw InputError(where.text() + " is '" + text + "'; use true or false");
}

std::string choiceValue(const YAML::Node& node, const Where& where, const std::vector<std::string>& choices) {
    const std::string text = scalarText(node, where);
    if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
        throw InputError(where.text() + " is '" + text + "'; use one of " + joined(choices));
    }
    return text;
}

std::vector<std::string> listValue(const YAML::Node& node, const Where& where) {
    if (!node.IsSequence()) {
        throw InputError(where.text() + " must be a list such as [a, b]");
    }
    std::vector<std::string> values;
    for (const auto& item : node) {
        values.push_back(scalarText(item, where));
    }
    return values;
}

fs::path existingFile(const YAML::Node& node, const Where& where, const fs::path& base) {
    const fs::path given = scalarText(node, where);
    const fs::path path = given.is_absolute() ? given : base / given;
    if (!fs::is_regular_file(path)) {
        throw InputError(where.text() + ": file '" + path.string() +
                         "' does not exist; correct the path (relative paths start at the config's folder)");
    }
    return path;
}

learn::HyperparameterGrid gridValue(const YAML::Node& node, const Where& where) {
    if (!node.IsMap()) {
        throw InputError(where.text() + " must map hyperparameter names to lists, such as {k: [3, 5, 7]}");
    }
    learn::HyperparameterGrid grid;
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>();
        const Where at = where.child(name);
        std::vector<double> values;
        const auto add = [&](const YAML::Node& item) {
            double value = 0.0;
            const std::string text = scalarText(item, at);
            if (!parseDouble(text, value) || !std::isfinite(value)) {
                throw InputError(at.text() + " has the value '" + text + "'; give numbers");
            }
            values.push_back(value);
        };
        if (entry.second.IsSequence()) {
            for (const auto& item : entry.second) {
                add(item);
            }
        } else {
            add(entry.second);
        }
        if (values.empty()) {
            throw InputError(at.text() + " is an empty list; give at least one value");
        }
        grid[name] = values;
    }
    return grid;
}

}  // namespace

StudyConfig loadStudyConfig(const fs::path& path) {
    if (!fs::is_regular_file(path)) {
        throw InputError(path.string() + ": the study config does not exist; give the path of a STUDY.yaml");
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& error) {
        throw InputError(path.string() + ": cannot be read as YAML (" + std::string(error.what()) +
                         "); fix the syntax at that line");
    }
    const Where top{path.string(), ""};
    if (!root.IsMap()) {
        throw InputError(path.string() + ": the study config must be a mapping such as 'outcome: ILD'");
    }
    rejectUnknownKeys(root,
                      {"title", "simulated", "clinical", "features", "cohort", "params", "id", "outcome",
                       "labels", "seed", "split", "variables", "selection", "models", "clinical_predictors",
                       "nomogram", "calibration", "decision_curve"},
                      top);
    StudyConfig config;
    config.configPath = path;
    const fs::path base = path.parent_path().empty() ? fs::path(".") : path.parent_path();

    if (root["title"]) {
        config.title = scalarText(root["title"], top.child("title"));
    }
    if (root["simulated"]) {
        config.simulated = boolValue(root["simulated"], top.child("simulated"));
    }
    if (root["clinical"]) {
        config.clinical = existingFile(root["clinical"], top.child("clinical"), base);
    }
    if (root["features"]) {
        config.features = existingFile(root["features"], top.child("features"), base);
    }
    if (root["cohort"]) {
        config.cohort = existingFile(root["cohort"], top.child("cohort"), base);
    }
    if (root["params"]) {
        config.params = existingFile(root["params"], top.child("params"), base);
    }
    if (config.features && config.cohort) {
        throw InputError(path.string() +
                         ": keys 'features' and 'cohort' are both given; keep one (a feature "
                         "table, or a cohort manifest to extract one from)");
    }
    if (!config.clinical && !config.features && !config.cohort) {
        throw InputError(path.string() +
                         ": no input; give 'clinical', 'features' or 'cohort' (or a clinical "
                         "table with one of the other two)");
    }
    if (root["id"]) {
        config.id = scalarText(root["id"], top.child("id"));
        config.idGiven = true;
    }
    if (!root["outcome"]) {
        throw InputError(path.string() +
                         ": key 'outcome' is missing; name the 0/1 outcome column, such as "
                         "'outcome: ILD'");
    }
    config.outcome = scalarText(root["outcome"], top.child("outcome"));
    config.negativeLabel = config.outcome + " = 0";
    config.positiveLabel = config.outcome + " = 1";
    if (root["labels"]) {
        const Where where = top.child("labels");
        rejectUnknownKeys(root["labels"], {"negative", "positive"}, where);
        if (root["labels"]["negative"]) {
            config.negativeLabel = scalarText(root["labels"]["negative"], where.child("negative"));
        }
        if (root["labels"]["positive"]) {
            config.positiveLabel = scalarText(root["labels"]["positive"], where.child("positive"));
        }
    }
    if (root["seed"]) {
        config.seed =
            static_cast<std::uint64_t>(integerValue(root["seed"], top.child("seed"), 0, 4294967295LL));
    }
    if (root["split"]) {
        const Where where = top.child("split");
        rejectUnknownKeys(root["split"], {"train_fraction"}, where);
        if (root["split"]["train_fraction"]) {
            config.trainFraction =
                trainFractionValue(root["split"]["train_fraction"], where.child("train_fraction"));
        }
    }
    if (root["variables"]) {
        const Where where = top.child("variables");
        if (!root["variables"].IsMap()) {
            throw InputError(where.text() + " must map column names to types, such as {age: continuous}");
        }
        config.variablesGiven = true;
        for (const auto& entry : root["variables"]) {
            VariableSpec spec;
            spec.name = entry.first.as<std::string>();
            const Where at = where.child(spec.name);
            if (entry.second.IsScalar()) {
                spec.type = stats::parseVariableType(entry.second.Scalar(), at.text());
            } else {
                rejectUnknownKeys(entry.second, {"type", "unit"}, at);
                if (!entry.second["type"]) {
                    throw InputError(at.text() + " has no type; add type: binary, categorical or continuous");
                }
                spec.type =
                    stats::parseVariableType(scalarText(entry.second["type"], at.child("type")), at.text());
                if (entry.second["unit"]) {
                    spec.unit = scalarText(entry.second["unit"], at.child("unit"));
                }
            }
            if (spec.type == stats::VariableType::Skip) {
                continue;
            }
            config.variables.push_back(spec);
        }
    }
    if (root["selection"]) {
        const YAML::Node node = root["selection"];
        const Where where = top.child("selection");
        rejectUnknownKeys(
            node, {"steps", "correlation_threshold", "mrmr_scheme", "mrmr_top", "folds", "lambda", "scale"},
            where);
        if (node["steps"]) {
            config.selectionSteps = listValue(node["steps"], where.child("steps"));
            for (const auto& step : config.selectionSteps) {
                if (step != "corr" && step != "mrmr" && step != "lasso") {
                    throw InputError(where.child("steps").text() + " has the step '" + step +
                                     "'; use corr, mrmr and lasso");
                }
            }
        }
        if (node["correlation_threshold"]) {
            config.correlationThreshold = realValue(node["correlation_threshold"],
                                                    where.child("correlation_threshold"), 0.0, 1.0, true);
        }
        if (node["mrmr_scheme"]) {
            config.mrmrScheme = choiceValue(node["mrmr_scheme"], where.child("mrmr_scheme"), {"MID", "MIQ"});
        }
        if (node["mrmr_top"]) {
            config.mrmrTop =
                static_cast<int>(integerValue(node["mrmr_top"], where.child("mrmr_top"), 1, 100000));
        }
        if (node["folds"]) {
            config.selectionFolds =
                static_cast<int>(integerValue(node["folds"], where.child("folds"), 3, 100));
        }
        if (node["lambda"]) {
            config.lambda = choiceValue(node["lambda"], where.child("lambda"), {"min", "1se"});
        }
        if (node["scale"]) {
            config.scale = choiceValue(node["scale"], where.child("scale"), {"sample", "population"});
        }
    }
    if (root["models"]) {
        const YAML::Node node = root["models"];
        const Where where = top.child("models");
        rejectUnknownKeys(node, {"list", "folds", "threshold", "grids"}, where);
        if (node["list"]) {
            config.models = listValue(node["list"], where.child("list"));
            for (const auto& model : config.models) {
                const auto& known = learn::classifierNames();
                if (std::find(known.begin(), known.end(), model) == known.end()) {
                    throw InputError(where.child("list").text() + " has the model '" + model +
                                     "'; use dt, rf, xgboost, lightgbm, knn or svm");
                }
            }
        }
        if (node["folds"]) {
            config.modelFolds = static_cast<int>(integerValue(node["folds"], where.child("folds"), 2, 100));
        }
        if (node["threshold"]) {
            config.threshold = realValue(node["threshold"], where.child("threshold"), 0.0, 1.0, true);
        }
        if (node["grids"]) {
            const Where gridsWhere = where.child("grids");
            rejectUnknownKeys(node["grids"], learn::classifierNames(), gridsWhere);
            for (const auto& entry : node["grids"]) {
                const std::string model = entry.first.as<std::string>();
                config.grids[model] = gridValue(entry.second, gridsWhere.child(model));
                // The lightgbm grid also tunes the combined LightGBM-style model, so it is always used.
                if (model != "lightgbm" &&
                    std::find(config.models.begin(), config.models.end(), model) == config.models.end()) {
                    spdlog::warn("{}: key 'models.grids.{}' is ignored, because 'models.list' does not name {}",
                                 path.string(), model, model);
                }
            }
        }
    }
    // Every model the study trains gets a grid (lightgbm also for the combined model).
    for (const auto& model : learn::classifierNames()) {
        if (config.grids.count(model) == 0) {
            config.grids[model] = learn::defaultGrid(model);
        }
    }
    for (const auto& [model, grid] : config.grids) {
        for (const auto& point : learn::expandGrid(grid)) {
            try {
                learn::makeClassifier(model, point, config.seed);
            } catch (const InputError& error) {
                throw InputError(path.string() + ": key 'models.grids." + model + "': " + error.what());
            }
        }
    }
    if (root["clinical_predictors"]) {
        const YAML::Node node = root["clinical_predictors"];
        const Where where = top.child("clinical_predictors");
        rejectUnknownKeys(node, {"rule", "p_threshold", "variables"}, where);
        if (node["rule"]) {
            config.predictorRule = choiceValue(node["rule"], where.child("rule"), {"univariate", "fixed"});
        }
        if (node["p_threshold"]) {
            config.pThreshold = realValue(node["p_threshold"], where.child("p_threshold"), 0.0, 1.0, true);
        }
        if (node["variables"]) {
            config.fixedPredictors = listValue(node["variables"], where.child("variables"));
        }
        if (config.predictorRule == "fixed" && config.fixedPredictors.empty()) {
            throw InputError(where.text() + ": rule 'fixed' needs 'variables', such as [IgG, cough]");
        }
    }
    if (root["nomogram"]) {
        const Where where = top.child("nomogram");
        rejectUnknownKeys(root["nomogram"], {"variables"}, where);
        if (root["nomogram"]["variables"]) {
            config.nomogramVariables = listValue(root["nomogram"]["variables"], where.child("variables"));
        }
    }
    if (root["calibration"]) {
        const Where where = top.child("calibration");
        rejectUnknownKeys(root["calibration"], {"bootstraps"}, where);
        if (root["calibration"]["bootstraps"]) {
            config.bootstraps = static_cast<int>(
                integerValue(root["calibration"]["bootstraps"], where.child("bootstraps"), 1, 100000));
        }
    }
    if (root["decision_curve"]) {
        const YAML::Node node = root["decision_curve"];
        const Where where = top.child("decision_curve");
        rejectUnknownKeys(node, {"from", "to", "by"}, where);
        if (node["from"]) {
            config.dcaFrom = realValue(node["from"], where.child("from"), 0.0, 1.0, true);
        }
        if (node["to"]) {
            config.dcaTo = realValue(node["to"], where.child("to"), 0.0, 1.0, true);
        }
        if (node["by"]) {
            config.dcaBy = realValue(node["by"], where.child("by"), 0.0, 1.0, true);
        }
        if (config.dcaTo >= 1.0 || config.dcaFrom > config.dcaTo) {
            throw InputError(where.text() +
                             ": thresholds must satisfy 0 < from <= to < 1; for example from 0.01 "
                             "to 0.99 by 0.01");
        }
    }
    decisionThresholds(config);  // checks the grid
    return config;
}

std::vector<double> decisionThresholds(const StudyConfig& config) {
    return stats::parseThresholdGrid(formatDouble(config.dcaFrom) + ":" + formatDouble(config.dcaTo) + ":" +
                                     formatDouble(config.dcaBy));
}

nlohmann::json configToJson(const StudyConfig& config) {
    using nlohmann::json;
    const auto optionalPath = [](const std::optional<fs::path>& path) {
        return path ? json(path->string()) : json(nullptr);
    };
    json variables = json::object();
    for (const auto& spec : config.variables) {
        variables[spec.name] = {{"type", stats::variableTypeName(spec.type)}, {"unit", spec.unit}};
    }
    json grids = json::object();
    for (const auto& [model, grid] : config.grids) {
        json entry = json::object();
        for (const auto& [name, values] : grid) {
            entry[name] = values;
        }
        grids[model] = entry;
    }
    json predictors = {{"rule", config.predictorRule}, {"p_threshold", config.pThreshold}};
    predictors["variables"] = config.fixedPredictors;
    return json{
        {"title", config.title},
        {"simulated", config.simulated},
        {"clinical", optionalPath(config.clinical)},
        {"features", optionalPath(config.features)},
        {"cohort", optionalPath(config.cohort)},
        {"params", optionalPath(config.params)},
        {"id", config.id},
        {"outcome", config.outcome},
        {"labels", {{"negative", config.negativeLabel}, {"positive", config.positiveLabel}}},
        {"seed", config.seed},
        {"split", {{"train_fraction", config.trainFraction}}},
        {"variables", variables},
        {"selection",
         {{"steps", config.selectionSteps},
          {"correlation_threshold", config.correlationThreshold},
          {"mrmr_scheme", config.mrmrScheme},
          {"mrmr_top", config.mrmrTop},
          {"folds", config.selectionFolds},
          {"lambda", config.lambda},
          {"scale", config.scale}}},
        {"models",
         {{"list", config.models},
          {"folds", config.modelFolds},
          {"threshold", config.threshold},
          {"grids", grids}}},
        {"clinical_predictors", predictors},
        {"nomogram", {{"variables", config.nomogramVariables}}},
        {"calibration", {{"bootstraps", config.bootstraps}}},
        {"decision_curve", {{"from", config.dcaFrom}, {"to", config.dcaTo}, {"by", config.dcaBy}}},
    };
}

}  // namespace pulmorad::study

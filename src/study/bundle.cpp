#include "study/bundle.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "learn/classifier.h"

namespace pulmorad::study {

namespace {

constexpr const char* kBundleFile = "bundle.json";
constexpr const char* kFormatName = "pulmorad-model-bundle";
constexpr const char* kRewriteFix = "; rewrite the model folder with pulmorad study";

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> clinicalNames(const ModelBundle& bundle) {
    std::vector<std::string> names;
    for (const ClinicalVariable& variable : bundle.clinicalVariables) {
        names.push_back(variable.name);
    }
    return names;
}

std::vector<std::string> radiomicNames(const ModelBundle& bundle) {
    std::vector<std::string> names;
    for (const RadiomicFeature& feature : bundle.radiomicFeatures) {
        names.push_back(feature.name);
    }
    return names;
}

std::string checkModelVariable(const ModelBundle& bundle, const std::string& model, const std::string& variable) {
    if (variable == kRadScoreVariable) {
        return bundle.radScore ? "" : "model '" + model + "' uses radscore but the bundle has no Rad-score";
    }
    if (contains(clinicalNames(bundle), variable)) {
        for (const ClinicalVariable& clinical : bundle.clinicalVariables) {
            if (clinical.name == variable && clinical.type == "categorical") {
                return "model '" + model + "' uses the categorical variable '" + variable +
                       "', which has no single coefficient";
            }
        }
        return "";
    }
    return "model '" + model + "' uses the variable '" + variable + "', which the bundle does not declare";
}

std::string checkClassifier(const ModelBundle& bundle, const ClassifierModel& classifier) {
    if (classifier.means.size() != classifier.features.size() || classifier.sds.size() != classifier.features.size()) {
        return "classifier '" + classifier.name + "' needs one mean and one SD per feature";
    }
    if (classifier.file.empty() || classifier.file.find('/') != std::string::npos || classifier.file == kBundleFile) {
        return "classifier '" + classifier.name + "' needs a plain file name other than bundle.json";
    }
    // Any other input name is read from the patient table as it is, so only the Rad-score needs checking.
    if (contains(classifier.features, kRadScoreVariable) && !bundle.radScore) {
        return "classifier '" + classifier.name + "' uses radscore but the bundle has no Rad-score";
    }
    return "";
}

// JSON reading with errors that name the file and the key.
class JsonReader {
public:
    explicit JsonReader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw InputError(file_ + ": key '" + key + "' " + problem + kRewriteFix);
    }

    const nlohmann::json& member(const nlohmann::json& object, const std::string& key,
                                 const std::string& path) const {
        if (!object.is_object() || !object.contains(key)) {
            fail(path + key, "is missing");
        }
        return object.at(key);
    }

    std::string text(const nlohmann::json& object, const std::string& key, const std::string& path) const {
        const nlohmann::json& value = member(object, key, path);
        if (!value.is_string()) {
            fail(path + key, "is not a string");
        }
        return value.get<std::string>();
    }

    double number(const nlohmann::json& object, const std::string& key, const std::string& path) const {
        const nlohmann::json& value = member(object, key, path);
        if (!value.is_number() || !std::isfinite(value.get<double>())) {
            fail(path + key, "is not a finite number");
        }
        return value.get<double>();
    }

    const nlohmann::json& array(const nlohmann::json& object, const std::string& key,
                                const std::string& path) const {
        const nlohmann::json& value = member(object, key, path);
        if (!value.is_array()) {
            fail(path + key, "is not an array");
        }
        return value;
    }

    std::vector<double> numbers(const nlohmann::json& object, const std::string& key, const std::string& path) const {
        std::vector<double> values;
        for (const nlohmann::json& value : array(object, key, path)) {
            if (!value.is_number() || !std::isfinite(value.get<double>())) {
                fail(path + key, "holds a value that is not a finite number");
            }
            values.push_back(value.get<double>());
        }
        return values;
    }

    std::vector<std::string> texts(const nlohmann::json& object, const std::string& key,
                                   const std::string& path) const {
        std::vector<std::string> values;
        for (const nlohmann::json& value : array(object, key, path)) {
            if (!value.is_string()) {
                fail(path + key, "holds a value that is not a string");
            }
            values.push_back(value.get<std::string>());
        }
        return values;
    }

    const std::string& file() const { return file_; }

private:
    std::string file_;
};

nlohmann::json parseFile(const std::filesystem::path& path, const std::string& fix) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw InputError(path.string() + " is missing or cannot be read" + fix);
    }
    std::ostringstream contents;
    contents << stream.rdbuf();
    try {
        return nlohmann::json::parse(contents.str());
    } catch (const nlohmann::json::parse_error& error) {
        throw InputError(path.string() + " is not valid JSON (" + error.what() + ")" + fix);
    }
}

nlohmann::json classifierToJson(const ClassifierModel& classifier) {
    return {{"file", classifier.file},
            {"features", classifier.features},
            {"means", classifier.means},
            {"sds", classifier.sds},
            {"shap_expected_value", classifier.shapExpectedValue}};
}

ClassifierModel readClassifier(const JsonReader& reader, const nlohmann::json& json, const std::string& name,
                               const std::filesystem::path& folder) {
    const std::string path = name + ".";
    ClassifierModel classifier;
    classifier.name = name;
    classifier.file = reader.text(json, "file", path);
    classifier.features = reader.texts(json, "features", path);
    classifier.means = reader.numbers(json, "means", path);
    classifier.sds = reader.numbers(json, "sds", path);
    classifier.shapExpectedValue = reader.number(json, "shap_expected_value", path);
    if (classifier.file.empty() || classifier.file.find('/') != std::string::npos) {
        reader.fail(path + "file", "is not a file name inside the model folder");
    }

    const std::filesystem::path modelPath = folder / classifier.file;
    classifier.model = parseFile(modelPath, kRewriteFix);
    try {
        (void)learn::loadClassifier(classifier.model);
    } catch (const InputError& error) {
        throw InputError(modelPath.string() + ": " + error.what());
    }
    return classifier;
}

ModelBundle bundleFromJson(const nlohmann::json& json, const std::filesystem::path& folder,
                           const JsonReader& reader) {
    ModelBundle bundle;
    if (reader.text(json, "format", "") != kFormatName) {
        reader.fail("format", std::string("is not '") + kFormatName + "', so this is not a pulmorad model bundle");
    }
    const nlohmann::json& version = reader.member(json, "format_version", "");
    if (!version.is_number_integer() || version.get<int>() < 1) {
        reader.fail("format_version", "is not a whole number >= 1");
    }
    bundle.formatVersion = version.get<int>();
    bundle.pulmoradVersion = reader.text(json, "pulmorad_version", "");
    if (bundle.formatVersion > kBundleFormatVersion) {
        throw InputError(reader.file() + ": key 'format_version' is " + std::to_string(bundle.formatVersion) +
                         " (written by pulmorad " + bundle.pulmoradVersion + "), newer than version " +
                         std::to_string(kBundleFormatVersion) +
                         " that this pulmorad reads; score with pulmorad " + bundle.pulmoradVersion + " or later");
    }

    bundle.idColumn = reader.text(json, "id_column", "");
    bundle.outcome = reader.text(json, "outcome", "");
    const nlohmann::json& labels = reader.member(json, "labels", "");
    bundle.negativeLabel = reader.text(labels, "negative", "labels.");
    bundle.positiveLabel = reader.text(labels, "positive", "labels.");

    const nlohmann::json& clinical = reader.array(json, "clinical_variables", "");
    for (std::size_t i = 0; i < clinical.size(); ++i) {
        const std::string path = "clinical_variables[" + std::to_string(i) + "].";
        ClinicalVariable variable{reader.text(clinical[i], "name", path), reader.text(clinical[i], "type", path),
                                  reader.text(clinical[i], "unit", path)};
        if (variable.type != "binary" && variable.type != "categorical" && variable.type != "continuous") {
            reader.fail(path + "type", "is '" + variable.type + "', not binary, categorical or continuous");
        }
        bundle.clinicalVariables.push_back(std::move(variable));
    }

    const nlohmann::json& radiomics = reader.member(json, "radiomics", "");
    bundle.scaling = reader.text(radiomics, "scaling", "radiomics.");
    if (bundle.scaling != "sample" && bundle.scaling != "population") {
        reader.fail("radiomics.scaling", "is '" + bundle.scaling + "', not sample or population");
    }
    const nlohmann::json& features = reader.array(radiomics, "features", "radiomics.");
    for (std::size_t i = 0; i < features.size(); ++i) {
        const std::string path = "radiomics.features[" + std::to_string(i) + "].";
        bundle.radiomicFeatures.push_back({reader.text(features[i], "name", path),
                                           reader.number(features[i], "mean", path),
                                           reader.number(features[i], "sd", path)});
    }

    const nlohmann::json& radScore = reader.member(json, "radscore", "");
    if (!radScore.is_null()) {
        bundle.radScore = RadScoreModel{reader.number(radScore, "intercept", "radscore."),
                                        reader.texts(radScore, "features", "radscore."),
                                        reader.numbers(radScore, "coefficients", "radscore.")};
    }

    const nlohmann::json& models = reader.array(json, "logistic_models", "");
    for (std::size_t i = 0; i < models.size(); ++i) {
        const std::string path = "logistic_models[" + std::to_string(i) + "].";
        bundle.logisticModels.push_back({reader.text(models[i], "name", path), reader.text(models[i], "label", path),
                                         reader.texts(models[i], "variables", path),
                                         reader.number(models[i], "intercept", path),
                                         reader.numbers(models[i], "coefficients", path)});
    }

    const nlohmann::json& nomogram = reader.member(json, "nomogram", "");
    if (!nomogram.is_null()) {
        bundle.nomogram = nomogramFromJson(nomogram, reader.file());
    }
    for (const char* name : {"combined_lightgbm", "radiomics_lightgbm"}) {
        const nlohmann::json& classifier = reader.member(json, name, "");
        if (classifier.is_null()) {
            continue;
        }
        ClassifierModel model = readClassifier(reader, classifier, name, folder);
        (std::string(name) == "combined_lightgbm" ? bundle.combinedClassifier : bundle.radiomicsClassifier) =
            std::move(model);
    }

    // Optional, because format version 1 bundles written before the key was added lack it.
    if (json.contains("training_ranges")) {
        const nlohmann::json& ranges = reader.array(json, "training_ranges", "");
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            const std::string path = "training_ranges[" + std::to_string(i) + "].";
            bundle.trainingRanges.push_back({reader.text(ranges[i], "variable", path),
                                             reader.number(ranges[i], "min", path),
                                             reader.number(ranges[i], "max", path)});
        }
    }
    return bundle;
}

}  // namespace

std::string bundleInconsistency(const ModelBundle& bundle) {
    if (bundle.radScore) {
        if (bundle.radScore->coefficients.size() != bundle.radScore->features.size()) {
            return "the Rad-score needs one coefficient per feature";
        }
        for (const std::string& feature : bundle.radScore->features) {
            if (!contains(radiomicNames(bundle), feature)) {
                return "the Rad-score uses the feature '" + feature + "', which has no training mean and SD";
            }
        }
    }
    for (const LogisticModel& model : bundle.logisticModels) {
        if (model.coefficients.size() != model.variables.size()) {
            return "logistic model '" + model.name + "' needs one coefficient per variable";
        }
        for (const std::string& variable : model.variables) {
            if (std::string problem = checkModelVariable(bundle, model.name, variable); !problem.empty()) {
                return problem;
            }
        }
    }
    if (bundle.nomogram) {
        const auto combined = std::find_if(bundle.logisticModels.begin(), bundle.logisticModels.end(),
                                           [](const LogisticModel& model) { return model.name == "combined"; });
        if (combined == bundle.logisticModels.end()) {
            return "the nomogram needs the logistic model named 'combined'";
        }
        if (combined->variables.size() != bundle.nomogram->variables.size()) {
            return "the nomogram and the combined logistic model differ in their variables";
        }
        for (std::size_t j = 0; j < combined->variables.size(); ++j) {
            if (combined->variables[j] != bundle.nomogram->variables[j].name) {
                return "the nomogram and the combined logistic model differ in their variables";
            }
        }
    }
    for (const auto* classifier : {&bundle.combinedClassifier, &bundle.radiomicsClassifier}) {
        if (*classifier) {
            if (std::string problem = checkClassifier(bundle, **classifier); !problem.empty()) {
                return problem;
            }
        }
    }
    for (const TrainingRange& range : bundle.trainingRanges) {
        if (!(range.min <= range.max)) {
            return "the training range of '" + range.variable + "' has a minimum above its maximum";
        }
    }
    return "";
}

nlohmann::json bundleToJson(const ModelBundle& bundle) {
    nlohmann::json clinical = nlohmann::json::array();
    for (const ClinicalVariable& variable : bundle.clinicalVariables) {
        clinical.push_back({{"name", variable.name}, {"type", variable.type}, {"unit", variable.unit}});
    }
    nlohmann::json features = nlohmann::json::array();
    for (const RadiomicFeature& feature : bundle.radiomicFeatures) {
        features.push_back({{"name", feature.name}, {"mean", feature.mean}, {"sd", feature.sd}});
    }
    nlohmann::json models = nlohmann::json::array();
    for (const LogisticModel& model : bundle.logisticModels) {
        models.push_back({{"name", model.name},
                          {"label", model.label},
                          {"variables", model.variables},
                          {"intercept", model.intercept},
                          {"coefficients", model.coefficients}});
    }

    nlohmann::json json{{"format", kFormatName},
                        {"format_version", bundle.formatVersion},
                        {"pulmorad_version", bundle.pulmoradVersion},
                        {"id_column", bundle.idColumn},
                        {"outcome", bundle.outcome},
                        {"labels", {{"negative", bundle.negativeLabel}, {"positive", bundle.positiveLabel}}},
                        {"clinical_variables", clinical},
                        {"radiomics", {{"scaling", bundle.scaling}, {"features", features}}},
                        {"logistic_models", models}};
    json["radscore"] = bundle.radScore ? nlohmann::json{{"intercept", bundle.radScore->intercept},
                                                        {"features", bundle.radScore->features},
                                                        {"coefficients", bundle.radScore->coefficients}}
                                       : nlohmann::json(nullptr);
    json["nomogram"] = bundle.nomogram ? nomogramToJson(*bundle.nomogram) : nlohmann::json(nullptr);
    json["combined_lightgbm"] =
        bundle.combinedClassifier ? classifierToJson(*bundle.combinedClassifier) : nlohmann::json(nullptr);
    json["radiomics_lightgbm"] =
        bundle.radiomicsClassifier ? classifierToJson(*bundle.radiomicsClassifier) : nlohmann::json(nullptr);
    nlohmann::json ranges = nlohmann::json::array();
    for (const TrainingRange& range : bundle.trainingRanges) {
        ranges.push_back({{"variable", range.variable}, {"min", range.min}, {"max", range.max}});
    }
    json["training_ranges"] = ranges;
    return json;
}

void writeBundle(const std::filesystem::path& folder, const ModelBundle& bundle) {
    if (std::string problem = bundleInconsistency(bundle); !problem.empty()) {
        throw std::invalid_argument("writeBundle: " + problem);
    }
    std::filesystem::create_directories(folder);

    // The classifier files go first, so a bundle.json on disk never names a missing file.
    for (const auto* classifier : {&bundle.combinedClassifier, &bundle.radiomicsClassifier}) {
        if (*classifier) {
            writeFileAtomically(folder / (*classifier)->file, (*classifier)->model.dump(1) + "\n");
        }
    }
    writeFileAtomically(folder / kBundleFile, bundleToJson(bundle).dump(2) + "\n");
    spdlog::debug("Wrote the model bundle {}", (folder / kBundleFile).string());
}

ModelBundle readBundle(const std::filesystem::path& folder) {
    const std::filesystem::path path = folder / kBundleFile;
    if (!std::filesystem::is_regular_file(path)) {
        throw InputError(path.string() + " is not found; give the model folder that pulmorad study wrote "
                                         "(OUTDIR/model)");
    }
    const nlohmann::json json = parseFile(path, kRewriteFix);
    const JsonReader reader(path.string());
    ModelBundle bundle = bundleFromJson(json, folder, reader);
    if (std::string problem = bundleInconsistency(bundle); !problem.empty()) {
        throw InputError(path.string() + ": " + problem + kRewriteFix);
    }
    spdlog::debug("Read the model bundle {} (format version {}, pulmorad {})", path.string(), bundle.formatVersion,
                  bundle.pulmoradVersion);
    return bundle;
}

}  // namespace pulmorad::study

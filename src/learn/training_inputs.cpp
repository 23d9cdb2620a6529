#include "learn/training_inputs.h"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "common/number_format.h"
#include "learn/classifier.h"
#include "table/table.h"

namespace pulmorad::learn {

namespace {

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return "";
    }
    const auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

double gridValue(const std::string& text, const std::string& where) {
    double value = 0.0;
    requireInput(parseDouble(trim(text), value) && std::isfinite(value),
                 where + ": value '" + text + "' is not a number; write numbers such as 0.1 or 5");
    return value;
}

}  // namespace

void addGridOption(const std::string& text, ModelGrids& grids) {
    const std::string where = "--grid " + text;
    const auto colon = text.find(':');
    const auto equals = text.find('=');
    requireInput(colon != std::string::npos && equals != std::string::npos && colon < equals,
                 where + ": expected MODEL:SETTING=V1,V2,... such as knn:k=3,5,7");
    const std::string model = trim(text.substr(0, colon));
    std::string setting;
    try {
        (void)hyperparameterNames(model);
        setting = canonicalHyperparameterName(model, trim(text.substr(colon + 1, equals - colon - 1)));
    } catch (const InputError& error) {
        throw InputError(where + ": " + error.what());
    }
    std::vector<double> values;
    std::stringstream stream(text.substr(equals + 1));
    std::string item;
    while (std::getline(stream, item, ',')) {
        values.push_back(gridValue(item, where));
    }
    requireInput(!values.empty(), where + ": no values after '='; list them such as knn:k=3,5,7");
    grids[model][setting] = values;
    try {
        (void)checkedGrid(model, grids[model]);
    } catch (const InputError& error) {
        throw InputError(where + ": " + error.what());
    }
}

ModelGrids readGridFile(const std::filesystem::path& path) {
    const std::string file = path.string();
    requireInput(std::filesystem::is_regular_file(path),
                 "grid file " + file + " does not exist; give the path of a YAML file (model -> setting -> list)");
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::Exception& error) {
        throw InputError("grid file " + file + " is not valid YAML (" + error.msg + " at line " +
                         std::to_string(error.mark.line + 1) + "); write model -> setting -> list of values");
    }
    requireInput(root.IsMap(), "grid file " + file +
                                   " is not a mapping; write for example `knn: {k: [3, 5, 7]}`, one model per line");
    ModelGrids grids;
    for (const auto& modelEntry : root) {
        const std::string model = modelEntry.first.as<std::string>();
        const std::string where = "grid file " + file + ", model " + model;
        try {
            (void)hyperparameterNames(model);
        } catch (const InputError& error) {
            throw InputError("grid file " + file + ": " + error.what());
        }
        requireInput(modelEntry.second.IsMap(),
                     where + " is not a mapping; write setting: [values], for example C: [0.1, 1, 10]");
        HyperparameterGrid grid;
        for (const auto& settingEntry : modelEntry.second) {
            const std::string given = settingEntry.first.as<std::string>();
            std::string setting;
            try {
                setting = canonicalHyperparameterName(model, given);
            } catch (const InputError& error) {
                throw InputError("grid file " + file + ": " + error.what());
            }
            const YAML::Node& node = settingEntry.second;
            std::vector<double> values;
            if (node.IsScalar()) {
                values.push_back(gridValue(node.Scalar(), where + ", " + given));
            } else if (node.IsSequence()) {
                for (const auto& value : node) {
                    requireInput(value.IsScalar(), where + ", " + given + ": a list entry is not a number");
                    values.push_back(gridValue(value.Scalar(), where + ", " + given));
                }
            }
            requireInput(!values.empty(), where + ", " + given + ": no values; give a list such as [3, 5, 7]");
            grid[setting] = values;
        }
        try {
            grids[model] = checkedGrid(model, grid);
        } catch (const InputError& error) {
            throw InputError("grid file " + file + ": " + error.what());
        }
    }
    return grids;
}

SelectedFeatures readSelectedFeatures(const std::filesystem::path& path) {
    const std::string file = path.string();
    requireInput(std::filesystem::is_regular_file(path),
                 "selection file " + file +
                     " does not exist; give the selection.json or selection_features.csv that select wrote");
    SelectedFeatures selected;
    if (path.extension() == ".json") {
        std::ifstream stream(path);
        nlohmann::json json;
        try {
            json = nlohmann::json::parse(stream);
            const auto& funnel = json.at("funnel");
            requireInput(funnel.is_array() && !funnel.empty(), "selection file " + file + " has no funnel");
            const auto& last = funnel.back();
            selected.step = last.at("step").get<std::string>();
            requireInput(last.contains("kept"), "selection file " + file +
                                                    " records no selection step (only the input); run select "
                                                    "with at least one of --steps corr,mrmr,lasso");
            selected.features = last.at("kept").get<std::vector<std::string>>();
            selected.trainIds = json.at("split").at("train_ids").get<std::vector<std::string>>();
            selected.seed = json.at("settings").at("seed").get<std::uint64_t>();
            selected.trainFraction = json.at("settings").at("train_fraction").get<double>();
            selected.outcome = json.at("outcome").get<std::string>();
        } catch (const nlohmann::json::exception& error) {
            throw InputError("selection file " + file + " is not a selection.json written by select (" +
                             error.what() + "); pass the selection.json from select's --output-dir");
        }
    } else {
        const table::Table table = table::Table::readCsv(path);
        requireInput(table.hasColumn("feature"),
                     "selection file " + file +
                         " has no 'feature' column; pass select's selection.json or selection_features.csv");
        const auto& names = table.text("feature");
        if (table.hasColumn("lasso_coefficient")) {
            selected.step = "lasso";
            const auto& coefficients = table.text("lasso_coefficient");
            for (std::size_t i = 0; i < names.size(); ++i) {
                double value = 0.0;
                if (!table::isMissingCell(coefficients[i]) && parseDouble(coefficients[i], value) && value != 0.0) {
                    selected.features.push_back(names[i]);
                }
            }
        } else {
            selected.step = "list";
            for (const auto& name : names) {
                if (!name.empty()) {
                    selected.features.push_back(name);
                }
            }
        }
    }
    requireInput(!selected.features.empty(),
                 "selection file " + file + " keeps no feature (step " + selected.step +
                     "); check the selection (for example lambda.min keeps none) or pass the features another way");
    return selected;
}

}  // namespace pulmorad::learn

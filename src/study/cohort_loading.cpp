// Reading, joining and checking the study's input tables.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/errors.h"
#include "common/name_suggestion.h"
#include "common/number_format.h"
#include "study/cohort_extraction.h"
#include "study/study.h"
#include "study/study_data.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;

table::Table readTable(const fs::path& path, const StudyConfig& config) {
    table::ReadOptions options;
    options.noteGeneratedIds = false;  // the study warns about numbered rows itself
    if (config.idGiven) {
        options.idColumn = config.id;
    }
    table::Table data = table::Table::readCsv(path, options);
    if (!config.idGiven && !data.idsGenerated() && data.idColumn() != config.id) {
        spdlog::info("{}: column '{}' is the patient ID", path.string(), data.idColumn());
    }
    return data;
}

/// Checks that every patient has a 0/1 outcome.
std::vector<int> readOutcome(const table::Table& data, const std::string& column,
                             const std::vector<std::size_t>& rows) {
    const auto& cells = data.text(column);
    std::vector<int> outcome;
    std::vector<std::string> missing;
    for (const std::size_t row : rows) {
        const std::string& cell = cells[row];
        if (table::isMissingCell(cell)) {
            missing.push_back(data.ids()[row]);
            continue;
        }
        double value = 0.0;
        if (!parseDouble(cell, value) || (value != 0.0 && value != 1.0)) {
            throw InputError(data.sourceName() + ": outcome column '" + column + "' holds '" + cell +
                             "' for patient " + data.ids()[row] +
                             "; code the outcome as 0 (absent) or 1 (present)");
        }
        outcome.push_back(static_cast<int>(value));
    }
    if (!missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < missing.size() && i < 5; ++i) {
            list += (i == 0 ? "" : ", ") + missing[i];
        }
        throw InputError(data.sourceName() + ": outcome column '" + column + "' is empty for " +
                         std::to_string(missing.size()) + " patient(s) (" + list +
                         (missing.size() > 5 ? ", ..." : "") + "); fill in 0 or 1, or remove those patients");
    }
    const auto events = std::count(outcome.begin(), outcome.end(), 1);
    if (events == 0 || events == static_cast<long>(outcome.size())) {
        throw InputError(data.sourceName() + ": outcome column '" + column + "' holds only " +
                         (events == 0 ? "0" : "1") + "; a study needs patients with and without the outcome");
    }
    return outcome;
}

bool isFeatureColumn(const std::string& name) {
    return name.rfind("diagnostics_", 0) != 0 && name != "Image" && name != "Mask" && name != "Label";
}

std::string readFile(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    requireInput(static_cast<bool>(stream), path.string() + ": the file cannot be opened; check the path");
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

}  // namespace

Cohort loadCohort(StudyConfig& config, const fs::path& workFolder) {
    Cohort cohort;
    if (config.clinical) {
        cohort.clinical = readTable(*config.clinical, config);
    }
    if (config.cohort) {
        const fs::path extracted = extractCohortFeatures(config, workFolder);
        table::ReadOptions options;
        options.idColumn = "ID";
        // Messages name the table's path in the final OUTDIR, not in the temporary folder.
        const std::string source = (finalOutputFolder(workFolder) / "features.csv").string();
        cohort.features = table::Table::parseCsv(readFile(extracted), source, options);
    } else if (config.features) {
        cohort.features = readTable(*config.features, config);
    }
    if (cohort.clinical && !cohort.clinical->hasColumn(config.outcome)) {
        // The clinical tables group patients by the clinical table's own outcome column.
        throw InputError(cohort.clinical->sourceName() + ": outcome column '" + config.outcome + "' is missing" +
                         didYouMean(config.outcome, cohort.clinical->columnNames()) +
                         "; add it to the clinical table or correct 'outcome' in the config");
    }
    const table::Table* outcomeTable = nullptr;
    if (cohort.clinical && cohort.clinical->hasColumn(config.outcome)) {
        outcomeTable = &*cohort.clinical;
    } else if (cohort.features && cohort.features->hasColumn(config.outcome)) {
        outcomeTable = &*cohort.features;
    } else {
        const std::string inputs = cohort.clinical
                                       ? cohort.clinical->sourceName()
                                       : (config.cohort ? "the features of " + config.cohort->string()
                                                        : cohort.features->sourceName());
        throw InputError(
            inputs + ": outcome column '" + config.outcome +
            "' is missing; correct 'outcome' in the config, or give a clinical table with that column");
    }

    if (cohort.clinical && cohort.features) {
        const table::Table& clinical = *cohort.clinical;
        const table::Table& features = *cohort.features;
        if (clinical.idsGenerated() != features.idsGenerated()) {
            throw InputError(config.configPath.string() +
                             ": one table has an ID column and the other has not (" + clinical.sourceName() +
                             ", " + features.sourceName() + "); give both tables the same ID column");
        }
        std::map<std::string, std::size_t> featureRow;
        for (std::size_t row = 0; row < features.rowCount(); ++row) {
            featureRow[features.ids()[row]] = row;
        }
        std::size_t onlyClinical = 0;
        for (std::size_t row = 0; row < clinical.rowCount(); ++row) {
            const auto found = featureRow.find(clinical.ids()[row]);
            if (found == featureRow.end()) {
                ++onlyClinical;
                continue;
            }
            cohort.ids.push_back(clinical.ids()[row]);
            cohort.clinicalRows.push_back(row);
            cohort.featureRows.push_back(found->second);
        }
        const std::size_t both = cohort.ids.size();
        cohort.joinCounts = {{"clinical", clinical.rowCount()},
                             {"features", features.rowCount()},
                             {"both", both},
                             {"clinical_only", onlyClinical},
                             {"features_only", features.rowCount() - both}};
        if (both == 0) {
            throw InputError(clinical.sourceName() + " and " + features.sourceName() +
                             ": no patient ID is in both (" + std::to_string(clinical.rowCount()) + " and " +
                             std::to_string(features.rowCount()) + " patients); check that column '" +
                             (clinical.idColumn().empty() ? config.id : clinical.idColumn()) +
                             "' holds the same IDs in both tables");
        }
        const std::string counts = fmt::format(
            "joined by ID: {} patients in {}, {} in {}, {} in both ({} only clinical, {} only radiomic)",
            clinical.rowCount(), clinical.sourceName(), features.rowCount(), features.sourceName(), both,
            onlyClinical, features.rowCount() - both);
        if (both < clinical.rowCount() || both < features.rowCount()) {
            spdlog::warn("{}; the study uses the {} in both", counts, both);
        } else {
            spdlog::info("{}", counts);
        }
    } else {
        const table::Table& only = cohort.clinical ? *cohort.clinical : *cohort.features;
        for (std::size_t row = 0; row < only.rowCount(); ++row) {
            cohort.ids.push_back(only.ids()[row]);
            (cohort.clinical ? cohort.clinicalRows : cohort.featureRows).push_back(row);
        }
        cohort.joinCounts = {{cohort.clinical ? "clinical" : "features", only.rowCount()}};
    }
    cohort.idsGenerated = (cohort.clinical ? *cohort.clinical : *cohort.features).idsGenerated();
    if (cohort.idsGenerated) {
        spdlog::warn("{}: no ID column '{}', so patients are numbered by row; set 'id' in the config if the "
                     "IDs are in another column",
                     (cohort.clinical ? *cohort.clinical : *cohort.features).sourceName(), config.id);
    }
    cohort.outcome =
        readOutcome(*outcomeTable, config.outcome,
                    outcomeTable == &*cohort.clinical ? cohort.clinicalRows : cohort.featureRows);
    if (cohort.clinical && cohort.features && cohort.features->hasColumn(config.outcome) &&
        outcomeTable == &*cohort.clinical) {
        const std::vector<int> second = readOutcome(*cohort.features, config.outcome, cohort.featureRows);
        for (std::size_t i = 0; i < second.size(); ++i) {
            if (second[i] != cohort.outcome[i]) {
                throw InputError(
                    cohort.features->sourceName() + ": outcome of patient " + cohort.ids[i] +
                    " differs from " + cohort.clinical->sourceName() +
                    "; correct one of the tables (or drop the outcome column from the feature table)");
            }
        }
    }

    // Clinical variables.
    if (cohort.clinical) {
        const table::Table& clinical = *cohort.clinical;
        if (config.variablesGiven) {
            for (const auto& spec : config.variables) {
                if (!clinical.hasColumn(spec.name)) {
                    throw InputError(config.configPath.string() + ": variable '" + spec.name +
                                     "' is not a column of " + clinical.sourceName() +
                                     didYouMean(spec.name, clinical.columnNames()) +
                                     "; correct the name or remove it from 'variables'");
                }
                if (spec.name == config.outcome || spec.name == clinical.idColumn()) {
                    throw InputError(config.configPath.string() + ": variable '" + spec.name +
                                     "' is the outcome or ID column; remove it from 'variables'");
                }
            }
        } else {
            config.variables.clear();
            for (const auto& column : clinical.dataColumnNames()) {
                if (column == config.outcome) {
                    continue;
                }
                const stats::VariableType type =
                    stats::inferVariableType(clinical, column, cohort.clinicalRows);
                if (type == stats::VariableType::Skip) {
                    continue;
                }
                config.variables.push_back({column, type, ""});
            }
            std::string inferred;
            for (const auto& spec : config.variables) {
                inferred +=
                    (inferred.empty() ? "" : ", ") + spec.name + " " + stats::variableTypeName(spec.type);
            }
            spdlog::warn(
                "config lists no 'variables', so every clinical column is analysed with an inferred type "
                "({}); declare them to control this",
                inferred);
        }
        for (const auto& spec : config.variables) {
            if (spec.type != stats::VariableType::Binary) {
                continue;
            }
            std::set<std::string> levels;
            for (const std::size_t row : cohort.clinicalRows) {
                const std::string& cell = clinical.text(spec.name)[row];
                if (!table::isMissingCell(cell)) {
                    levels.insert(cell);
                }
            }
            if (levels.size() > 2) {
                std::string list;
                for (const auto& level : levels) {
                    list += (list.empty() ? "" : ", ") + level;
                }
                throw InputError(clinical.sourceName() + ": variable '" + spec.name +
                                 "' is declared binary but holds " + std::to_string(levels.size()) +
                                 " values (" + list + "); declare it categorical or correct the cells");
            }
        }
    }

    // Radiomic features: every numeric column of the feature table except the
    // ID, the outcome and PyRadiomics' diagnostics.
    if (cohort.features) {
        const table::Table& features = *cohort.features;
        for (const auto& column : features.dataColumnNames()) {
            if (column == config.outcome || !isFeatureColumn(column)) {
                continue;
            }
            if (cohort.clinical && cohort.clinical->hasColumn(column) &&
                column != cohort.clinical->idColumn()) {
                continue;  // a clinical column repeated in the feature table
            }
            const std::vector<double> values = features.numeric(column);  // throws for text, naming the cell
            for (std::size_t i = 0; i < cohort.featureRows.size(); ++i) {
                if (std::isnan(values[cohort.featureRows[i]])) {
                    throw InputError(features.sourceName() + ": feature '" + column +
                                     "' is empty for patient " + cohort.ids[i] +
                                     "; re-extract that patient or remove the column");
                }
            }
            cohort.featureNames.push_back(column);
        }
        if (cohort.featureNames.empty()) {
            throw InputError(features.sourceName() +
                             ": no feature column besides the ID and the outcome; give a "
                             "feature table from pulmorad extract");
        }
    }
    return cohort;
}

CodedVariable codeVariable(const Cohort& cohort, const VariableSpec& spec) {
    const table::Table& clinical = *cohort.clinical;
    const auto& cells = clinical.text(spec.name);
    std::vector<std::string> levels;
    bool numeric = true;
    std::size_t firstText = 0;  // row of the first cell that is not a number
    for (const std::size_t row : cohort.clinicalRows) {
        const std::string& cell = cells[row];
        if (table::isMissingCell(cell)) {
            continue;
        }
        double value = 0.0;
        if (numeric && !parseDouble(cell, value)) {
            numeric = false;
            firstText = row;
        }
        if (std::find(levels.begin(), levels.end(), cell) == levels.end()) {
            levels.push_back(cell);
        }
    }
    stats::sortLevels(levels);
    const bool categorical = spec.type == stats::VariableType::Categorical;
    const bool factor = categorical && (levels.size() >= 3 || (!numeric && levels.size() == 2));
    // A text categorical variable with a single level is coded 0, so the fit reports it as constant.
    const bool zeroOne = spec.type == stats::VariableType::Binary || (categorical && !numeric && !factor);

    if (!numeric && !factor && !zeroOne) {
        throw InputError(clinical.sourceName() + ": variable '" + spec.name +
                         "' is declared continuous but holds the text '" + cells[firstText] + "' for patient " +
                         clinical.ids()[firstText] + "; declare it categorical or correct the cells");
    }

    CodedVariable coded;
    const std::size_t n = cohort.clinicalRows.size();
    if (factor) {
        coded.levels = levels;
        for (std::size_t k = 1; k < levels.size(); ++k) {
            coded.terms.push_back(spec.name + levels[k]);
            coded.columns.emplace_back(n, std::nan(""));
        }
    } else {
        coded.terms.push_back(spec.name);
        coded.columns.emplace_back(n, std::nan(""));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& cell = cells[cohort.clinicalRows[i]];
        if (table::isMissingCell(cell)) {
            continue;
        }
        if (factor) {
            for (std::size_t k = 1; k < levels.size(); ++k) {
                coded.columns[k - 1][i] = cell == levels[k] ? 1.0 : 0.0;
            }
        } else if (zeroOne) {
            coded.columns[0][i] = cell == levels.back() && levels.size() == 2 ? 1.0 : 0.0;
        } else {
            parseDouble(cell, coded.columns[0][i]);
        }
    }
    return coded;
}

}  // namespace pulmorad::study

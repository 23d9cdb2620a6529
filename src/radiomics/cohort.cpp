#include "radiomics/cohort.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <unordered_map>

#include "common/errors.h"
#include "common/number_format.h"
#include "common/progress.h"
#include "radiomics/sha1.h"
#include "table/table.h"

namespace pulmorad::radiomics {

namespace {

std::filesystem::path resolve(const std::filesystem::path& folder, const std::string& cell) {
    std::filesystem::path path(cell);
    return path.is_absolute() ? path : folder / path;
}

bool isDiagnosticsColumn(const std::string& name) { return name.rfind("diagnostics_", 0) == 0; }

/// Rebuilds a case of a previous output from its CSV row. Empty cells are left
/// out, as formatCsv writes an empty cell for a value a case does not have.
CaseResult resultFromRow(const table::Table& previous, std::size_t row, const std::string& id) {
    FeatureRow features;
    for (const std::string& column : previous.dataColumnNames()) {
        const std::string& cell = previous.text(column)[row];
        if (column == "diagnostics_Error" || cell.empty()) {
            continue;
        }
        if (isDiagnosticsColumn(column)) {
            features.diagnostics.emplace_back(column, cell);
            continue;
        }
        double value = 0.0;
        if (!parseDouble(cell, value)) {
            throw InputError("previous output " + previous.sourceName() + ": case " + id + ", column " +
                             column + " holds '" + cell +
                             "', which is not a number; rerun with --force to recompute every case");
        }
        features.features.emplace_back(column, value);
    }
    CaseResult result;
    result.id = id;
    result.row = std::move(features);
    return result;
}

/// True when the path recorded in `column` (if any) differs from `expected`.
bool recordedPathDiffers(const table::Table& previous, const std::string& column, std::size_t row,
                         const std::filesystem::path& expected) {
    if (!previous.hasColumn(column)) {
        return false;
    }
    const std::string& recorded = previous.text(column)[row];
    return !recorded.empty() && recorded != expected.string();
}

}  // namespace

std::vector<CohortCase> readCohort(const std::filesystem::path& manifest) {
    table::Table cohort = table::Table::readCsv(manifest, {"ID"});
    for (const char* column : {"Image", "Mask"}) {
        if (!cohort.hasColumn(column)) {
            throw InputError("cohort manifest " + manifest.string() + " has no column '" + column +
                             "'; a manifest needs the columns ID, Image, Mask and optionally Label");
        }
    }
    const std::filesystem::path folder = manifest.parent_path();
    const auto& images = cohort.text("Image");
    const auto& masks = cohort.text("Mask");
    const bool hasLabel = cohort.hasColumn("Label");

    std::vector<CohortCase> cases;
    for (std::size_t row = 0; row < cohort.rowCount(); ++row) {
        const std::string& id = cohort.ids()[row];
        if (images[row].empty() || masks[row].empty()) {
            throw InputError("cohort manifest " + manifest.string() + ": case " + id +
                             " has an empty Image or Mask cell; give both paths");
        }
        CohortCase entry;
        entry.id = id;
        entry.input.image = resolve(folder, images[row]);
        entry.input.mask = resolve(folder, masks[row]);
        entry.label = hasLabel ? cohort.text("Label")[row] : std::string();
        cases.push_back(entry);
    }
    spdlog::info("Cohort manifest {}: {} case(s)", manifest.string(), cases.size());
    return cases;
}

std::vector<CohortCase> selectShard(const std::vector<CohortCase>& cases, const std::string& shard) {
    std::size_t slash = shard.find('/');
    int index = 0;
    int count = 0;
    try {
        if (slash == std::string::npos) {
            throw std::invalid_argument("no slash");
        }
        std::size_t used = 0;
        index = std::stoi(shard.substr(0, slash), &used);
        if (used != slash) {
            throw std::invalid_argument("trailing text");
        }
        count = std::stoi(shard.substr(slash + 1), &used);
        if (used != shard.size() - slash - 1) {
            throw std::invalid_argument("trailing text");
        }
    } catch (const std::exception&) {
        throw InputError("--shard '" + shard + "' is not of the form K/N; write e.g. --shard 2/4");
    }
    if (count < 1 || index < 1 || index > count) {
        throw InputError("--shard " + shard +
                         " is out of range; K must be between 1 and N, e.g. --shard 1/4");
    }
    std::vector<CohortCase> selected;
    for (std::size_t i = static_cast<std::size_t>(index - 1); i < cases.size();
         i += static_cast<std::size_t>(count)) {
        selected.push_back(cases[i]);
    }
    spdlog::info("Shard {}: {} of {} case(s)", shard, selected.size(), cases.size());
    return selected;
}

ExtractionParameters caseParameters(const ExtractionParameters& parameters, const CohortCase& entry) {
    // YAML::Node copies share their data, and assigning to a copy writes into
    // the shared node. So every node is cloned into a fresh structure before the
    // Label is set, or one case's label would leak into the other cases.
    ExtractionParameters result;
    result.source = parameters.source;
    result.settings = YAML::Clone(parameters.settings);
    for (const ImageTypeEntry& imageType : parameters.imageTypes) {
        result.imageTypes.push_back({imageType.name, YAML::Clone(imageType.settings)});
    }
    result.featureClasses = parameters.featureClasses;
    if (entry.label.empty()) {
        return result;
    }
    YAML::Node label;
    try {
        label = YAML::Load(entry.label);
    } catch (const YAML::Exception& error) {
        throw InputError("cohort manifest, case " + entry.id + ": Label '" + entry.label +
                         "' is not valid YAML (" + error.msg + "); write e.g. 1, [1, 2] or all");
    }
    setSetting(result, "label", label, "cohort manifest, case " + entry.id + ", Label");
    return result;
}

std::string parameterFingerprint(const ExtractionParameters& parameters) {
    std::string text = "setting: " + flowText(effectiveSettings(parameters)) + "\n";
    for (const ImageTypeEntry& imageType : parameters.imageTypes) {
        text += "imageType " + imageType.name + ": " + flowText(imageType.settings) + "\n";
    }
    for (const FeatureClassEntry& featureClass : parameters.featureClasses) {
        text += "featureClass " + featureClass.name + ":";
        for (const std::string& feature : featureClass.features) {
            text += " " + feature;
        }
        text += "\n";
    }
    Sha1 hash;
    hash.update(text.data(), text.size());
    return hash.hexDigest();
}

void addConfigurationHash(FeatureRow& row, const std::string& fingerprint) {
    Diagnostics& diagnostics = row.diagnostics;
    auto position = diagnostics.begin();
    for (auto entry = diagnostics.begin(); entry != diagnostics.end(); ++entry) {
        if (entry->first == "diagnostics_Configuration_EnabledImageTypes") {
            position = entry + 1;
            break;
        }
    }
    diagnostics.insert(position, {kConfigurationHashColumn, fingerprint});
}

std::vector<std::optional<CaseResult>> readReusableResults(const std::filesystem::path& previousOutput,
                                                           const std::vector<CohortCase>& cases,
                                                           const ExtractionParameters& parameters) {
    std::optional<table::Table> read;
    try {
        read = table::Table::readCsv(previousOutput, {"ID"});
    } catch (const InputError& error) {
        throw InputError(std::string(error.what()) + " (output " + previousOutput.string() +
                         " exists, so its rows would be kept; delete it, or rerun with --force to "
                         "recompute every case)");
    }
    const table::Table& previous = *read;
    if (!previous.hasColumn(kConfigurationHashColumn)) {
        throw InputError("output " + previousOutput.string() + " already exists but has no column " +
                         kConfigurationHashColumn +
                         ", so pulmorad cannot tell which parameters made its rows; rerun with --force to "
                         "recompute every case, or write to another -o file");
    }
    const bool hasErrors = previous.hasColumn("diagnostics_Error");
    std::unordered_map<std::string, std::size_t> rowOfId;
    for (std::size_t row = 0; row < previous.rowCount(); ++row) {
        rowOfId.emplace(previous.ids()[row], row);
    }

    std::vector<std::optional<CaseResult>> reusable(cases.size());
    std::size_t matched = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const CohortCase& entry = cases[i];
        auto found = rowOfId.find(entry.id);
        if (found == rowOfId.end()) {
            continue;
        }
        ++matched;
        const std::size_t row = found->second;
        if (hasErrors && !previous.text("diagnostics_Error")[row].empty()) {
            spdlog::debug("Case {} failed in {}; extracting it again", entry.id, previousOutput.string());
            continue;
        }
        if (recordedPathDiffers(previous, "diagnostics_Image-original_File", row, entry.input.image) ||
            recordedPathDiffers(previous, "diagnostics_Mask-original_File", row, entry.input.mask)) {
            spdlog::info("Case {}: the manifest names another image or mask than {} records; extracting it again",
                         entry.id, previousOutput.string());
            continue;
        }
        std::string expected;
        try {
            expected = parameterFingerprint(caseParameters(parameters, entry));
        } catch (const InputError&) {
            continue;  // an invalid Label: the extraction records the error
        }
        const std::string& recorded = previous.text(kConfigurationHashColumn)[row];
        if (recorded != expected) {
            throw InputError("output " + previousOutput.string() + ": case " + entry.id +
                             " was extracted with other parameters (" + kConfigurationHashColumn + " " +
                             (recorded.empty() ? std::string("empty") : recorded) + ", these parameters give " +
                             expected +
                             "); rerun with --force to recompute every case, or write to another -o file");
        }
        reusable[i] = resultFromRow(previous, row, entry.id);
    }
    if (matched < previous.rowCount()) {
        spdlog::warn("{} row(s) of {} have IDs that are not in the manifest; the new output leaves them out",
                     previous.rowCount() - matched, previousOutput.string());
    }
    return reusable;
}

std::vector<CaseResult> extractCohort(const std::vector<CohortCase>& cases,
                                      const ExtractionParameters& parameters, int jobs,
                                      const std::vector<std::optional<CaseResult>>& reusable) {
    std::vector<CaseResult> results(cases.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (i < reusable.size() && reusable[i]) {
            results[i] = *reusable[i];
        } else {
            pending.push_back(i);
        }
    }
    if (pending.size() < cases.size()) {
        spdlog::info("Keeping {} case(s) of the previous output; extracting {}", cases.size() - pending.size(),
                     pending.size());
    }

    ProgressReporter progress("Extracting cases", pending.size());
    auto extractCase = [&](std::size_t i) {
        const CohortCase& entry = cases[i];
        CaseResult& result = results[i];
        result.id = entry.id;
        try {
            ExtractionParameters ownParameters = caseParameters(parameters, entry);
            const std::string fingerprint = parameterFingerprint(ownParameters);
            Extractor extractor(std::move(ownParameters));
            result.row = extractor.extract(entry.input);
            addConfigurationHash(*result.row, fingerprint);
        } catch (const InputError& error) {
            result.error = error.what();
        } catch (const std::exception& error) {
            result.error = std::string("internal failure: ") + error.what();
        }
        if (result.row) {
            spdlog::info("Case {} done", entry.id);
        } else {
            spdlog::error("Case {} failed: {}", entry.id, result.error);
        }
        progress.advance();
    };

    // At most `jobs` cases are in flight (the pipeline's live tokens), while the
    // parallel loops inside each case use every thread. Each case runs
    // isolated, so a thread that waits inside its case never starts another.
    const std::size_t inFlight = jobs > 0 ? static_cast<std::size_t>(jobs)
                                          : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    std::size_t next = 0;
    tbb::parallel_pipeline(
        std::max<std::size_t>(inFlight, 1),
        tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                            [&](tbb::flow_control& control) -> std::size_t {
                                                if (next == pending.size()) {
                                                    control.stop();
                                                    return 0;
                                                }
                                                return pending[next++];
                                            }) &
            tbb::make_filter<std::size_t, void>(tbb::filter_mode::parallel, [&](std::size_t i) {
                tbb::this_task_arena::isolate([&] { extractCase(i); });
            }));
    progress.finish();
    return results;
}

}  // namespace pulmorad::radiomics

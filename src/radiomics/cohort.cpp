#include "radiomics/cohort.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <unordered_set>

#include "common/errors.h"
#include "table/table.h"

namespace pulmorad::radiomics {

namespace {

std::filesystem::path resolve(const std::filesystem::path& folder, const std::string& cell) {
    std::filesystem::path path(cell);
    return path.is_absolute() ? path : folder / path;
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

std::vector<CaseResult> extractCohort(const std::vector<CohortCase>& cases,
                                      const ExtractionParameters& parameters, int jobs) {
    std::vector<CaseResult> results(cases.size());
    std::atomic<std::size_t> finished{0};
    auto extractCase = [&](std::size_t i) {
        const CohortCase& entry = cases[i];
        results[i].id = entry.id;
        try {
            ExtractionParameters caseParameters = parameters;
            if (!entry.label.empty()) {
                setSetting(caseParameters, "label", YAML::Load(entry.label),
                           "cohort manifest, case " + entry.id + ", Label");
            }
            Extractor extractor(caseParameters);
            results[i].row = extractor.extract(entry.input);
        } catch (const InputError& error) {
            results[i].error = error.what();
        } catch (const YAML::Exception& error) {
            results[i].error = "invalid Label '" + entry.label + "': " + error.msg;
        } catch (const std::exception& error) {
            results[i].error = std::string("internal failure: ") + error.what();
        }
        std::size_t done = ++finished;
        if (results[i].row) {
            spdlog::info("Case {} done ({}/{})", entry.id, done, cases.size());
        } else {
            spdlog::error("Case {} failed ({}/{}): {}", entry.id, done, cases.size(), results[i].error);
        }
    };

    tbb::task_arena arena(jobs > 0 ? jobs : tbb::task_arena::automatic);
    arena.execute([&] { tbb::parallel_for(std::size_t{0}, cases.size(), std::size_t{1}, extractCase); });
    return results;
}

}  // namespace pulmorad::radiomics

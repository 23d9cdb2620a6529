#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "radiomics/extractor.h"
#include "radiomics/feature_table.h"
#include "radiomics/parameter_file.h"

namespace pulmorad::radiomics {

/// One row of a cohort manifest.
struct CohortCase {
    std::string id;
    CaseInput input;
    std::string label;  ///< the Label cell as written; empty: the parameter file's label
};

/// Reads a cohort manifest (CSV with columns ID, Image, Mask and optionally
/// Label). Relative paths are taken relative to the manifest's folder. Throws
/// InputError naming the file for a missing column, a missing cell or a repeated ID.
std::vector<CohortCase> readCohort(const std::filesystem::path& manifest);

/// Parses "--shard K/N" (1 <= K <= N) and keeps every N-th case starting at
/// the K-th, so N runs with K = 1..N together cover the cohort once.
std::vector<CohortCase> selectShard(const std::vector<CohortCase>& cases, const std::string& shard);

/// Extracts every case with up to `jobs` cases at a time (0: as many as the
/// thread pool allows). A case that fails is logged with its ID and recorded
/// with its error; the others go on. Results keep the manifest's order.
std::vector<CaseResult> extractCohort(const std::vector<CohortCase>& cases,
                                      const ExtractionParameters& parameters, int jobs);

}  // namespace pulmorad::radiomics

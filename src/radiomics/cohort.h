#pragma once

#include <filesystem>
#include <optional>
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

/// Column that records which parameters produced a row (see parameterFingerprint).
inline constexpr const char* kConfigurationHashColumn = "diagnostics_Configuration_Hash";

/// Reads a cohort manifest (CSV with columns ID, Image, Mask and optionally
/// Label). Relative paths are taken relative to the manifest's folder. Throws
/// InputError naming the file for a missing column, a missing cell or a repeated ID.
std::vector<CohortCase> readCohort(const std::filesystem::path& manifest);

/// Parses "--shard K/N" (1 <= K <= N) and keeps every N-th case starting at
/// the K-th, so N runs with K = 1..N together cover the cohort once.
std::vector<CohortCase> selectShard(const std::vector<CohortCase>& cases, const std::string& shard);

/// Returns the parameters for one case: `parameters` with the case's Label
/// cell, when not empty, as the `label` setting. Throws InputError for an
/// invalid Label.
ExtractionParameters caseParameters(const ExtractionParameters& parameters, const CohortCase& entry);

/// Returns the SHA-1 (40 hex digits) of every setting in effect (defaults
/// included), the image types with their own settings and the feature classes
/// with their features, in order. The parameter file's name is not part of
/// it, so a renamed file with the same content gives the same fingerprint.
std::string parameterFingerprint(const ExtractionParameters& parameters);

/// Adds kConfigurationHashColumn to the row's diagnostics, after
/// diagnostics_Configuration_EnabledImageTypes when present, else first.
void addConfigurationHash(FeatureRow& row, const std::string& fingerprint);

/// Reads the rows of a previous `extract` output (`previousOutput`, CSV) that
/// can be kept for `cases`: rows without an error whose ID is in `cases` and
/// whose image and mask paths (when recorded) match the manifest. Returns one
/// entry per case, empty where the case must be extracted. Throws InputError
/// when the file cannot be read as a feature table, has no
/// kConfigurationHashColumn, or contains a row made with other parameters. The
/// message names the file, the case and the fix (--force or another -o).
std::vector<std::optional<CaseResult>> readReusableResults(const std::filesystem::path& previousOutput,
                                                           const std::vector<CohortCase>& cases,
                                                           const ExtractionParameters& parameters);

/// Extracts every case that has no entry in `reusable` (which is either empty
/// or has one entry per case), with at most `jobs` cases in flight at once
/// (0: the thread limit), and shows progress (see ProgressReporter). A case
/// that fails is logged with its ID and recorded with its error; the others go
/// on. Each result carries kConfigurationHashColumn. Results keep the
/// manifest's order and do not depend on `jobs`.
std::vector<CaseResult> extractCohort(const std::vector<CohortCase>& cases,
                                      const ExtractionParameters& parameters, int jobs,
                                      const std::vector<std::optional<CaseResult>>& reusable = {});

}  // namespace pulmorad::radiomics

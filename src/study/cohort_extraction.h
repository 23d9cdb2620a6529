#pragma once

#include <filesystem>

#include "study/config.h"

namespace pulmorad::study {

/// Extracts the features of a cohort manifest and returns the path of the
/// feature table, `workFolder`/features.csv. The manifest has the columns ID,
/// Image, Mask (optional) and Label (optional). A case with an empty Mask cell
/// is segmented first, and its lung mask is written to
/// `workFolder`/masks/ID.nii.gz. Extraction uses the config's parameter file,
/// or the study's built-in parameters when the config names none. Throws
/// InputError naming the first case that cannot be extracted.
std::filesystem::path extractCohortFeatures(const StudyConfig& config,
                                            const std::filesystem::path& workFolder);

}  // namespace pulmorad::study

#pragma once

#include <filesystem>

#include "study/config.h"

namespace pulmorad::study {

/// The cohort path of the study: reads the manifest (ID, Image[, Mask][,
/// Label]), segments the lungs of every case whose Mask cell is empty (the
/// mask goes to `workFolder`/masks/ID.nii.gz), extracts the features of every
/// case with the config's parameter file (default: the study's) and writes
/// the feature table to `workFolder`/features.csv, whose path it returns.
/// A case that cannot be extracted is an InputError naming it.
std::filesystem::path extractCohortFeatures(const StudyConfig& config,
                                            const std::filesystem::path& workFolder);

}  // namespace pulmorad::study

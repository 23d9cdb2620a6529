#pragma once

#include <filesystem>

#include "study/config.h"

namespace pulmorad::study {

struct RunOptions {
    bool overwrite = false;  ///< replace an output folder that holds a previous run
};

/// Runs the whole study of `config` (docs/study.md) and
/// writes run.json, results.json, tables/, model/ and the report into
/// `outdir` (docs/study-results.md). The files are written into a sibling
/// temporary folder that is renamed to `outdir` at the end, so a failed run
/// leaves no partial output. Throws InputError for unusable input and for an
/// `outdir` that already holds files (a previous run needs `overwrite`).
void runStudy(StudyConfig config, const std::filesystem::path& outdir, const RunOptions& options);

/// The temporary sibling folder that runStudy writes into: OUTDIR.tmp-PID,
/// with PID the process ID.
std::filesystem::path temporaryOutputFolder(const std::filesystem::path& outdir);

/// The OUTDIR that a temporaryOutputFolder() result is renamed to; any other
/// path is returned unchanged. Log lines and messages name this final path,
/// because the temporary folder is gone once the run ends.
std::filesystem::path finalOutputFolder(const std::filesystem::path& folder);

}  // namespace pulmorad::study

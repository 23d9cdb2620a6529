#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "learn/dataset.h"
#include "learn/scaling.h"

namespace pulmorad::cli {

/// Command-line options that `select` and `train` share: the feature table
/// and how to read, impute and scale it.
struct FeatureTableOptions {
    std::string input;
    learn::DatasetOptions dataset;
    std::string impute = "none";
    std::string scale = "sample";

    /// Applies --impute to `dataset` and returns the scaling that --scale requests.
    learn::ScaleKind resolve();
};

/// Adds FEATURES, --outcome, --foldid, --id, --exclude, --scale and --impute to `command`.
void addFeatureTableOptions(CLI::App* command, FeatureTableOptions& options);

}  // namespace pulmorad::cli

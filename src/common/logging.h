#pragma once

namespace pulmorad {

/// Log verbosity chosen on the command line.
enum class Verbosity { Quiet, Normal, Verbose };

/// Sends spdlog's default logger to standard error (standard output carries
/// results) at the level for `verbosity`: WARNING and above when quiet, INFO
/// normally, DEBUG when verbose.
void configureLogging(Verbosity verbosity);

}  // namespace pulmorad

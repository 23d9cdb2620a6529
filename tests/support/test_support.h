#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pulmorad::test {

/// The shared reference folder (../shared beside the repository). Throws
/// std::runtime_error when it is missing, so a test that needs it fails.
std::filesystem::path sharedDir();

/// A path below sharedDir()/reference; throws when it does not exist.
std::filesystem::path referencePath(const std::string& relative);

/// tests/data of the source tree.
std::filesystem::path testDataDir();

/// The repository root (for examples/ and scripts/).
std::filesystem::path sourceDir();

/// A fresh empty folder below the system temporary folder, removed by the
/// caller or left for inspection.
std::filesystem::path makeTemporaryFolder(const std::string& prefix);

/// Outcome of one run of the pulmorad executable.
struct CommandResult {
    int exitStatus = -1;
    std::string standardOutput;
    std::string standardError;
};

/// Runs the built pulmorad executable with `arguments` (no shell), waits for
/// it and captures both output streams.
CommandResult runPulmorad(const std::vector<std::string>& arguments);

/// Runs any program (argv[0] is an absolute path or a name looked up on PATH)
/// without a shell, with `workingDirectory` as its current folder when not empty.
CommandResult runCommand(const std::vector<std::string>& argv, const std::filesystem::path& workingDirectory = {});

/// The path of the built pulmorad executable.
std::filesystem::path pulmoradBinary();

/// Reads a whole file into a string; throws when it cannot be read.
std::string readFile(const std::filesystem::path& path);

/// Parses CSV text with a header row into one column-to-cell map per row.
/// Quoted cells may hold commas and doubled quotes but no line breaks.
std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& text);

}  // namespace pulmorad::test

#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace pulmorad::cli {

/// Options shared by every command, set before the command's callback runs.
struct GlobalOptions {
    int threads = 0;  ///< worker threads; 0 means all hardware threads
    bool verbose = false;
    bool quiet = false;
};

/// Returns the process-wide global options.
GlobalOptions& globalOptions();

/// Adds a command's subcommand, options and callback to the top-level app.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
    int order = 0;  ///< position in `pulmorad --help`
    CommandSetup setup;
};

/// Returns every registered command, sorted by `order`.
std::vector<CommandEntry> registeredCommands();

/// Registers a command at static-initialisation time. Each command file
/// holds one `const CommandRegistrar` in an anonymous namespace.
class CommandRegistrar {
public:
    CommandRegistrar(int order, CommandSetup setup);
};

}  // namespace pulmorad::cli

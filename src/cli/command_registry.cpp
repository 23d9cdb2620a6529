#include "cli/command_registry.h"

#include <algorithm>

namespace pulmorad::cli {
namespace {

std::vector<CommandEntry>& commandTable() {
    // Function-local static: safe to use from other files' static initialisers.
    static std::vector<CommandEntry> table;
    return table;
}

}  // namespace

GlobalOptions& globalOptions() {
    static GlobalOptions options;
    return options;
}

std::vector<CommandEntry> registeredCommands() {
    std::vector<CommandEntry> commands = commandTable();
    std::stable_sort(commands.begin(), commands.end(),
                     [](const CommandEntry& a, const CommandEntry& b) { return a.order < b.order; });
    return commands;
}

CommandRegistrar::CommandRegistrar(int order, CommandSetup setup) {
    commandTable().push_back(CommandEntry{order, std::move(setup)});
}

}  // namespace pulmorad::cli

// pulmorad: the command-line entry point. Parses the command line, sets up
// logging and the thread pool, runs one command, and maps failures to exit
// statuses: 2 for invalid input (one line on standard error), 1 for an
// internal failure.

#include <CLI/CLI.hpp>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "cli/command_registry.h"
#include "common/errors.h"
#include "common/logging.h"
#include "pulmorad/version.h"

namespace {

constexpr int kExitInvalidInput = 2;
constexpr int kExitInternalError = 1;

void printError(const std::string& message) {
    std::fprintf(stderr, "pulmorad: error: %s\n", message.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    using pulmorad::cli::globalOptions;

    // Extraction allocates and frees many image-sized buffers (about 100 MB
    // each for a whole lung at 1 mm). glibc maps each buffer above its mmap
    // threshold afresh and unmaps it on free, so each one page-faults anew:
    // about 2 s of system time on a whole-lung case. Keeping the buffers in
    // the heap lets later images reuse the pages, for about 15% more peak memory.
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
#endif

    CLI::App app{"pulmorad: clinical-radiomic prediction studies, from chest CT to report", "pulmorad"};
    app.set_version_flag("--version", std::string(pulmorad::kVersion));
    app.require_subcommand(1);
    app.fallthrough();
    app.add_flag("-v,--verbose", globalOptions().verbose, "Log DEBUG detail and step timings");
    app.add_flag("-q,--quiet", globalOptions().quiet, "Log warnings and errors only");
    app.add_option("-j,--threads", globalOptions().threads,
                   "Worker threads (0 = all hardware threads); results do not depend on it")
        ->check(CLI::NonNegativeNumber);

    for (const auto& command : pulmorad::cli::registeredCommands()) {
        command.setup(app);
    }

    // Logging and the thread limit must be in place before any command's
    // callback runs, so they are set in a parse-complete hook.
    std::unique_ptr<tbb::global_control> threadLimit;
    app.parse_complete_callback([&threadLimit] {
        const auto& options = globalOptions();
        pulmorad::configureLogging(options.quiet     ? pulmorad::Verbosity::Quiet
                                   : options.verbose ? pulmorad::Verbosity::Verbose
                                                     : pulmorad::Verbosity::Normal);
        if (options.threads > 0) {
            threadLimit = std::make_unique<tbb::global_control>(
                tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
        }
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return kExitInvalidInput;
    } catch (const pulmorad::InputError& error) {
        printError(error.what());
        return kExitInvalidInput;
    } catch (const std::exception& error) {
        printError(std::string("internal failure: ") + error.what() +
                   " (please report this with the command that caused it)");
        return kExitInternalError;
    }
    return 0;
}

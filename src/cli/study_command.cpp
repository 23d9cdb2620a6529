// `pulmorad study STUDY.yaml -o OUTDIR`: the whole study in one run
// (docs/study.md).

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "cli/command_registry.h"
#include "study/config.h"
#include "study/study.h"

namespace {

using namespace pulmorad;

struct StudyCommandOptions {
    std::string config;
    std::string output;
    bool overwrite = false;
};

const cli::CommandRegistrar registrar(50, [](CLI::App& app) {
    auto options = std::make_shared<StudyCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "study",
        "Run the whole clinical-radiomic study from one YAML config: tables, selection, models, "
        "evaluation, model bundle and report");
    command->add_option("STUDY", options->config, "Study config (YAML; see docs/study.md)")->required();
    command->add_option("-o,--output", options->output, "Output folder (created; must be new or empty)")
        ->required();
    command->add_flag("--overwrite", options->overwrite,
                      "Replace an output folder that holds a previous run");
    command->callback([options] {
        study::RunOptions runOptions;
        runOptions.overwrite = options->overwrite;
        study::runStudy(study::loadStudyConfig(options->config), options->output, runOptions);
    });
});

}  // namespace

// `pulmorad predict`: scores new patients with the model bundle that
// `pulmorad study` saved (probabilities, nomogram points, SHAP contributions).

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "cli/command_registry.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "study/bundle.h"
#include "study/predict.h"

namespace {

using namespace pulmorad;

struct PredictOptions {
    std::string modelDir;
    std::string patients;
    std::string format = "csv";
    std::string output;
};

void runPredict(const PredictOptions& options) {
    // Any readable file is accepted, including a pipe such as <(cat patients.csv) or /dev/stdin.
    if (options.patients != "-") {
        std::error_code error;
        const std::filesystem::file_status status = std::filesystem::status(options.patients, error);
        requireInput(std::filesystem::exists(status),
                     options.patients + " is not found; give the CSV file of the patients to score, or - to "
                                        "read it from standard input");
        requireInput(!std::filesystem::is_directory(status),
                     options.patients + " is a folder; give the CSV file of the patients to score");
    }
    const study::ModelBundle bundle = study::readBundle(options.modelDir);
    const table::Table patients = study::readPatientTable(bundle, options.patients);
    const std::vector<study::PatientScore> scores = study::scorePatients(bundle, patients);

    const std::string text = options.format == "json"
                                 ? study::predictionsJson(bundle, scores).dump(2) + "\n"
                                 : study::predictionsCsv(bundle, scores);
    if (options.output.empty()) {
        std::fputs(text.c_str(), stdout);
        return;
    }
    writeFileAtomically(options.output, text);
    spdlog::info("Wrote the predictions of {} patient(s) to {}", scores.size(), options.output);
}

const cli::CommandRegistrar registrar(52, [](CLI::App& app) {
    auto options = std::make_shared<PredictOptions>();
    CLI::App* command = app.add_subcommand(
        "predict",
        "Score new patients with a saved study model: probabilities, nomogram points, SHAP contributions");
    command->add_option("MODEL_DIR", options->modelDir, "Model folder written by pulmorad study (OUTDIR/model)")
        ->required();
    command
        ->add_option("PATIENT_CSV", options->patients,
                     "Patients to score (- reads standard input): ID column (optional), the clinical "
                     "variables, and the radiomic features or a radscore column")
        ->required();
    command->add_option("--format", options->format, "Output format: csv (one row per patient) or json")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json"}));
    command->add_option("-o,--output", options->output, "File to write (standard output when not given)");
    command->callback([options] { runPredict(*options); });
});

}  // namespace

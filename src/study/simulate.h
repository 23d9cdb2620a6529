#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pulmorad::study {

/// Settings of a simulated IIM-ILD cohort (`pulmorad simulate`).
struct SimulationOptions {
    int patients = 115;   ///< cohort size
    int positives = 70;   ///< patients with ILD
    std::uint64_t seed = 0;  ///< set to defaultSimulationSeed() unless given
};

/// The seed of the committed example cohort in examples/iim-ild/.
std::uint64_t defaultSimulationSeed();

/// A simulated cohort: the clinical table and the radiomics table, one row
/// per patient in the same order.
struct SimulatedCohort {
    std::vector<std::string> ids;
    std::vector<int> outcome;  ///< ILD 0/1

    /// Clinical variables in the order of the clinical CSV (after ID and ILD).
    std::vector<std::string> clinicalNames;
    std::vector<bool> clinicalBinary;     ///< per clinical variable
    std::vector<std::string> clinicalUnits;  ///< empty for binary variables
    std::vector<std::vector<double>> clinical;  ///< [variable][patient], already rounded

    std::vector<std::string> featureNames;          ///< 1,316 PyRadiomics names in output order
    std::vector<std::vector<double>> features;      ///< [patient][feature]
};

/// Draws the cohort. Deterministic: the same options give the same numbers on
/// every platform (own normal and uniform draws on std::mt19937_64). Throws
/// InputError when the counts are unusable (fewer than 10 patients per group).
SimulatedCohort simulateCohort(const SimulationOptions& options);

/// The radiomic feature names the simulation writes: the 1,316 features that
/// PyRadiomics 3.1 names for the study parameter file, in its output order.
std::vector<std::string> simulatedFeatureNames();

/// CSV texts of the two tables: `ID,ILD,<clinical...>` and `ID,<features...>`.
std::string clinicalCsv(const SimulatedCohort& cohort);
std::string radiomicsCsv(const SimulatedCohort& cohort);

/// The study config for `pulmorad study` (docs/study-results.md) that reads
/// clinical.csv and radiomics.csv beside it, with `simulated: true`.
std::string studyYaml(const SimulatedCohort& cohort);

/// The README of the output folder: what was simulated, how, and the command
/// that regenerates it.
std::string simulationReadme(const SimulationOptions& options);

/// Writes clinical.csv, radiomics.csv, study.yaml and README.md into
/// `folder` (created when missing), each atomically.
void writeSimulation(const SimulationOptions& options, const SimulatedCohort& cohort,
                     const std::filesystem::path& folder);

/// Logistic regression results of a cohort against the published Table 4,
/// on the stratified training split the study draws (learn::stratifiedSplit).
struct PublishedCheck {
    struct Row {
        std::string variable;
        double oddsRatio = 0.0;    ///< simulated univariate OR
        double pValue = 0.0;       ///< simulated univariate Wald p
        double publishedLow = 0.0;
        double publishedHigh = 0.0;
        bool inside = false;       ///< simulated OR inside the published 95% CI
    };
    std::vector<Row> univariate;                ///< the nine variables of the published table
    std::vector<std::string> screened;          ///< every variable with univariate p < 0.05
    std::vector<std::string> independent;       ///< multivariable p < 0.05 among the screened
    int insideCount() const;
};

/// Runs the study's clinical screening (univariate p < 0.05 on the training
/// split, then a multivariable model) on the simulated clinical table.
PublishedCheck checkAgainstPublished(const SimulatedCohort& cohort, double trainFraction,
                                     std::uint64_t splitSeed);

}  // namespace pulmorad::study

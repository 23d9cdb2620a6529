// The simulated example cohort: determinism, the committed copy, the published
// group summaries it is drawn from, and the radiomic feature names.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/errors.h"
#include "learn/split.h"
#include "radiomics/extractor.h"
#include "radiomics/parameter_file.h"
#include "study/simulate.h"
#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::test {
namespace {

const study::SimulatedCohort& defaultCohort() {
    static const study::SimulatedCohort cohort = [] {
        study::SimulationOptions options;
        options.seed = study::defaultSimulationSeed();
        return study::simulateCohort(options);
    }();
    return cohort;
}

std::size_t columnOf(const study::SimulatedCohort& cohort, const std::string& name) {
    const auto found = std::find(cohort.clinicalNames.begin(), cohort.clinicalNames.end(), name);
    if (found == cohort.clinicalNames.end()) {
        throw std::runtime_error("no simulated column " + name);
    }
    return static_cast<std::size_t>(found - cohort.clinicalNames.begin());
}

std::vector<double> groupValues(const study::SimulatedCohort& cohort, const std::string& name, int group) {
    const std::size_t c = columnOf(cohort, name);
    std::vector<double> values;
    for (std::size_t i = 0; i < cohort.outcome.size(); ++i) {
        if (cohort.outcome[i] == group) values.push_back(cohort.clinical[c][i]);
    }
    return values;
}

/// Sample quantile as R's quantile(type = 7).
double quantile7(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1.0) * p;
    const auto low = static_cast<std::size_t>(std::floor(h));
    const std::size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (h - static_cast<double>(low)) * (values[high] - values[low]);
}

double numberCell(const table::Table& table, const std::string& column, std::size_t row) {
    return std::stod(table.text(column)[row]);
}

TEST(Simulate, SeedDeterminesTheTables) {
    study::SimulationOptions options;
    options.seed = 5;
    const auto first = study::simulateCohort(options);
    const auto second = study::simulateCohort(options);
    EXPECT_EQ(study::clinicalCsv(first), study::clinicalCsv(second));
    EXPECT_EQ(study::radiomicsCsv(first), study::radiomicsCsv(second));
    options.seed = 6;
    const auto other = study::simulateCohort(options);
    EXPECT_NE(study::clinicalCsv(first), study::clinicalCsv(other));
    EXPECT_NE(study::radiomicsCsv(first), study::radiomicsCsv(other));
}

TEST(Simulate, DefaultSeedGivesCommittedCohort) {
    const auto folder = sourceDir() / "examples" / "iim-ild";
    study::SimulationOptions options;
    options.seed = study::defaultSimulationSeed();
    const auto& cohort = defaultCohort();
    EXPECT_TRUE(study::clinicalCsv(cohort) == readFile(folder / "clinical.csv"));
    EXPECT_TRUE(study::radiomicsCsv(cohort) == readFile(folder / "radiomics.csv"));
    EXPECT_EQ(study::studyYaml(cohort), readFile(folder / "study.yaml"));
    EXPECT_EQ(study::simulationReadme(options), readFile(folder / "README.md"));
}

TEST(Simulate, BinaryCountsEqualTable2) {
    const auto& cohort = defaultCohort();
    ASSERT_EQ(cohort.ids.size(), 115u);
    EXPECT_EQ(std::count(cohort.outcome.begin(), cohort.outcome.end(), 1), 70);
    EXPECT_EQ(cohort.ids.front(), "IIM001");
    EXPECT_EQ(cohort.ids.back(), "IIM115");
    // Source: the study's published Table 2 (count per group of 45 patients without and 70
    // with ILD). The simulation draws exact counts, so the counts must be equal.
    const auto published = table::Table::readCsv(referencePath("paper/categorical_by_group.csv"), {"variable"});
    ASSERT_EQ(published.rowCount(), 33u);
    for (std::size_t r = 0; r < published.rowCount(); ++r) {
        const std::string& name = published.ids()[r];
        SCOPED_TRACE(name);
        const auto negative = groupValues(cohort, name, 0);
        const auto positive = groupValues(cohort, name, 1);
        EXPECT_EQ(std::count(negative.begin(), negative.end(), 1.0), std::stoi(published.text("no_ild_n")[r]));
        EXPECT_EQ(std::count(positive.begin(), positive.end(), 1.0), std::stoi(published.text("ild_n")[r]));
        EXPECT_EQ(std::count(negative.begin(), negative.end(), 0.0) + std::count(positive.begin(), positive.end(), 0.0),
                  115 - std::stoi(published.text("overall_n")[r]));
    }
}

// Source: the study's published Table 3 (group mean and SD, or median and quartiles). A sample of
// 45 or 70 cannot equal a population summary, so the tolerances are sampling errors:
// means and medians within 3 standard errors (mean: SD / sqrt(n); median of a normal
// with SD = IQR / 1.349: 1.2533 SD / sqrt(n) = 0.929 IQR / sqrt(n)); quartiles within 4
// normal-theory standard errors (1.01 IQR / sqrt(n)), looser because several published
// distributions are strongly skewed; sample SDs within 30% of the published SD.
TEST(Simulate, ContinuousVariablesFollowTable3) {
    const auto& cohort = defaultCohort();
    const auto published = table::Table::readCsv(referencePath("paper/continuous_by_group.csv"), {"variable"});
    ASSERT_EQ(published.rowCount(), 28u);
    for (std::size_t r = 0; r < published.rowCount(); ++r) {
        const std::string& name = published.ids()[r];
        for (const auto& [group, prefix] : {std::pair{0, std::string("no_ild")}, std::pair{1, std::string("ild")}}) {
            SCOPED_TRACE(name + " " + prefix);
            const auto values = groupValues(cohort, name, group);
            const double n = static_cast<double>(values.size());
            const double centre = numberCell(published, prefix + "_center", r);
            const double a = numberCell(published, prefix + "_spread_a", r);
            if (published.text("summary")[r] == "mean_sd") {
                double mean = 0.0;
                for (double v : values) mean += v / n;
                double squares = 0.0;
                for (double v : values) squares += (v - mean) * (v - mean);
                const double sd = std::sqrt(squares / (n - 1.0));
                EXPECT_NEAR(mean, centre, 3.0 * a / std::sqrt(n));
                EXPECT_GT(sd, 0.7 * a);
                EXPECT_LT(sd, 1.3 * a);
            } else {
                const double b = numberCell(published, prefix + "_spread_b", r);
                const double iqr = b - a;
                EXPECT_NEAR(quantile7(values, 0.5), centre, 3.0 * 0.929 * iqr / std::sqrt(n));
                EXPECT_NEAR(quantile7(values, 0.25), a, 4.0 * 1.01 * iqr / std::sqrt(n));
                EXPECT_NEAR(quantile7(values, 0.75), b, 4.0 * 1.01 * iqr / std::sqrt(n));
            }
        }
    }
}

// Source: the study's published Table 4 (univariate OR with 95% CI). On the
// study's training split (seed 2024, 0.7), the simulated univariate odds ratios of
// the default cohort lie inside the published 95% CIs for all nine variables. The
// default seed was chosen for that, and for a multivariable model on the screened
// variables that keeps IgG and cough, as the study reports.
TEST(Simulate, OddsRatiosFollowTable4) {
    const auto check = study::checkAgainstPublished(defaultCohort(), 0.7, 2024);
    const auto published = table::Table::readCsv(referencePath("paper/logistic_regression.csv"), {"variable"});
    ASSERT_EQ(check.univariate.size(), published.rowCount());
    for (std::size_t r = 0; r < published.rowCount(); ++r) {
        SCOPED_TRACE(published.ids()[r]);
        EXPECT_EQ(check.univariate[r].variable, published.ids()[r]);
        EXPECT_EQ(check.univariate[r].publishedLow, numberCell(published, "uni_ci_low", r));
        EXPECT_EQ(check.univariate[r].publishedHigh, numberCell(published, "uni_ci_high", r));
    }
    EXPECT_EQ(check.insideCount(), 9);
    EXPECT_EQ(check.independent, (std::vector<std::string>{"IgG", "cough"}));
}

// Source: the PyRadiomics 3.1 output with the study's parameter file for LIDC-IDRI-0001,
// and pulmorad's own extractor run with
// examples/params/iim-ild.yaml on a small synthetic phantom.
TEST(Simulate, FeatureNamesEqualExtractNames) {
    const auto names = study::simulatedFeatureNames();
    ASSERT_EQ(names.size(), 1316u);
    EXPECT_EQ(defaultCohort().featureNames, names);

    const auto oracle = table::Table::readCsv(referencePath("pyradiomics-oracle/lidc_idri_0001/features.csv"));
    std::vector<std::string> oracleNames;
    for (const auto& column : oracle.columnNames()) {
        if (column != "ID" && column.rfind("diagnostics_", 0) != 0) oracleNames.push_back(column);
    }
    EXPECT_EQ(names, oracleNames);

    image::ImageVolume phantom;
    phantom.geometry.size = {40, 40, 40};
    phantom.data.resize(phantom.geometry.voxelCount());
    image::LabelVolume mask = phantom;
    for (std::size_t z = 0; z < 40; ++z) {
        for (std::size_t y = 0; y < 40; ++y) {
            for (std::size_t x = 0; x < 40; ++x) {
                const double dx = static_cast<double>(x) - 19.5;
                const double dy = static_cast<double>(y) - 19.5;
                const double dz = static_cast<double>(z) - 19.5;
                phantom.at(x, y, z) = -800.0 + 150.0 * std::sin(0.7 * static_cast<double>(x)) *
                                                   std::cos(0.45 * static_cast<double>(y)) +
                                      37.0 * static_cast<double>((x * 7 + y * 13 + z * 17) % 5);
                mask.at(x, y, z) = dx * dx + dy * dy + dz * dz < 15.0 * 15.0 ? 1.0 : 0.0;
            }
        }
    }
    const radiomics::Extractor extractor(
        radiomics::loadParameterFile(sourceDir() / "examples" / "params" / "iim-ild.yaml"));
    const auto row = extractor.extract(phantom, image::ImageInfo{}, mask, "phantom", "phantom mask");
    std::vector<std::string> extracted;
    for (const auto& feature : row.features) extracted.push_back(feature.first);
    EXPECT_EQ(names, extracted);
}

// The radiomics table carries the designed structure: finite values, most
// features in a cluster of highly correlated ones, and an ILD shift in the two
// features the study's SHAP analysis ranked first.
TEST(Simulate, RadiomicsClustersAndIldSignal) {
    const auto& cohort = defaultCohort();
    const std::size_t n = cohort.ids.size();
    for (const auto& row : cohort.features) {
        for (double value : row) ASSERT_TRUE(std::isfinite(value));
    }
    auto column = [&](const std::string& name) {
        const auto found = std::find(cohort.featureNames.begin(), cohort.featureNames.end(), name);
        EXPECT_NE(found, cohort.featureNames.end()) << name;
        const auto f = static_cast<std::size_t>(found - cohort.featureNames.begin());
        std::vector<double> values;
        for (std::size_t i = 0; i < n; ++i) values.push_back(cohort.features[i][f]);
        return values;
    };
    // Standardised difference of the group means (pooled SD), hand formula.
    auto effect = [&](const std::vector<double>& values) {
        double sum[2] = {0, 0}, count[2] = {0, 0};
        for (std::size_t i = 0; i < n; ++i) {
            sum[cohort.outcome[i]] += values[i];
            count[cohort.outcome[i]] += 1;
        }
        const double mean[2] = {sum[0] / count[0], sum[1] / count[1]};
        double squares = 0.0;
        for (std::size_t i = 0; i < n; ++i) squares += std::pow(values[i] - mean[cohort.outcome[i]], 2);
        return (mean[1] - mean[0]) / std::sqrt(squares / (static_cast<double>(n) - 2.0));
    };
    EXPECT_GT(std::abs(effect(column("wavelet-HLL_glcm_MCC"))), 0.5);
    EXPECT_GT(std::abs(effect(column("original_glszm_LargeAreaHighGrayLevelEmphasis"))), 0.5);

    // Among the first 100 features after shape (original first order, GLCM, ...),
    // at least 90 have a partner correlated at |r| > 0.8 (Pearson on log |value|,
    // which undoes the log-normal transform of most features).
    std::size_t strongly = 0;
    const std::size_t checked = 100;
    auto logMagnitude = [&](std::size_t f) {
        std::vector<double> values;
        for (std::size_t i = 0; i < n; ++i) values.push_back(std::log(std::abs(cohort.features[i][f]) + 1e-12));
        return values;
    };
    auto pearson = [&](const std::vector<double>& a, const std::vector<double>& b) {
        double ma = 0, mb = 0;
        for (std::size_t i = 0; i < n; ++i) ma += a[i] / static_cast<double>(n), mb += b[i] / static_cast<double>(n);
        double sab = 0, saa = 0, sbb = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / std::sqrt(saa * sbb);
    };
    // The first 100 features after shape (original first-order and GLCM).
    std::vector<std::vector<double>> block;
    for (std::size_t f = 14; f < 14 + checked; ++f) block.push_back(logMagnitude(f));
    for (std::size_t a = 0; a < checked; ++a) {
        double best = 0.0;
        for (std::size_t b = 0; b < checked; ++b) {
            if (a != b) best = std::max(best, std::abs(pearson(block[a], block[b])));
        }
        if (best > 0.8) ++strongly;
    }
    EXPECT_GE(strongly, 90u);
}

// Hand derivation: a bootstrap resample of the 81 training patients misses k given
// patients with probability (1 - k/81)^81, 13% for k = 2 and 4.7% for k = 3. When it
// misses every coughing patient without ILD, cough predicts ILD perfectly in the
// resample and the calibration refit of the combined model fails. The default cohort
// puts at least 3 of the 5 (Table 2) in the study's training split (seed 2024, 0.7).
TEST(Simulate, TrainingSplitHoldsCoughingNegatives) {
    const auto& cohort = defaultCohort();
    const auto split = learn::stratifiedSplit(cohort.outcome, 0.7, 2024);
    ASSERT_EQ(split.trainRows.size(), 81u);
    const std::size_t cough = columnOf(cohort, "cough");
    int coughingNegatives = 0;
    int coughingNegativesInTraining = 0;
    for (std::size_t i = 0; i < cohort.ids.size(); ++i) {
        if (cohort.outcome[i] == 0 && cohort.clinical[cough][i] == 1.0) ++coughingNegatives;
    }
    for (const std::size_t row : split.trainRows) {
        if (cohort.outcome[row] == 0 && cohort.clinical[cough][row] == 1.0) ++coughingNegativesInTraining;
    }
    EXPECT_EQ(coughingNegatives, 5);
    EXPECT_GE(coughingNegativesInTraining, 3);
}

TEST(Simulate, RejectsGroupsThatAreTooSmall) {
    study::SimulationOptions options;
    options.patients = 30;
    options.positives = 25;
    EXPECT_THROW(study::simulateCohort(options), InputError);
}

}  // namespace
}  // namespace pulmorad::test

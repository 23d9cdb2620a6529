// Calibration (rms 6.5-0 val.prob) and decision curves compared with R 4.2.2
// on both cases of the oracle file 05_calibration_dca.json.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "oracle_support.h"
#include "stats/calibration.h"
#include "stats/decision_curve.h"

namespace pulmorad::test {
namespace {

TEST(ValProb, MatchesRmsForEveryOracleCase) {
    const auto oracle = loadOracle("05_calibration_dca.json");
    for (const auto& [name, entry] : oracle["cases"].items()) {
        const auto p = entry["p"].get<std::vector<double>>();
        const auto y = entry["y"].get<std::vector<double>>();
        const auto result = stats::valProb(p, y);
        const auto& stats = entry["val_prob"]["all_stats"];
        const auto& internals = entry["val_prob_internals"];

        // C: the exact concordance (val.prob's own C bins the probabilities).
        expectRelative(result.c, internals["C_exact"].get<double>(), kEstimateTolerance, name + " C");
        expectRelative(result.dxy, 2.0 * internals["C_exact"].get<double>() - 1.0, kEstimateTolerance,
                       name + " Dxy");
        expectRelative(result.r2, stats["R2"].get<double>(), kEstimateTolerance, name + " R2");
        expectRelative(result.d, stats["D"].get<double>(), kEstimateTolerance, name + " D");
        expectRelative(result.dChiSquare, stats["D:Chi-sq"].get<double>(), kEstimateTolerance,
                       name + " D chi2");
        expectRelative(result.u, stats["U"].get<double>(), kEstimateTolerance, name + " U");
        expectRelative(result.q, stats["Q"].get<double>(), kEstimateTolerance, name + " Q");
        expectRelative(result.brier, stats["Brier"].get<double>(), kEstimateTolerance, name + " Brier");
        expectRelative(result.emax, stats["Emax"].get<double>(), kEstimateTolerance, name + " Emax");
        expectRelative(result.e90, stats["E90"].get<double>(), kEstimateTolerance, name + " E90");
        expectRelative(result.eavg, stats["Eavg"].get<double>(), kEstimateTolerance, name + " Eavg");
        expectRelative(result.spiegelhalterZ, stats["S:z"].get<double>(), kEstimateTolerance, name + " S:z");
        expectRelative(result.spiegelhalterP, stats["S:p"].get<double>(), kPValueTolerance, name + " S:p");

        // Intercept and slope: R 4.2.2 glm(y ~ qlogis(p), binomial), the same
        // recalibration as val.prob's lrm fit but converged tightly. For the
        // in-sample case lrm stops 2e-8 away from the exact (0, 1).
        const auto& recalibration = internals["recalibration_glm"];
        EXPECT_NEAR(result.intercept, recalibration["intercept"].get<double>(),
                    kEstimateTolerance * std::max(1.0, std::abs(recalibration["intercept"].get<double>())))
            << name;
        expectRelative(result.slope, recalibration["slope"].get<double>(), kEstimateTolerance,
                       name + " slope");
        // U chi2 is 0 in theory for the in-sample case; R gives -3.6e-13.
        EXPECT_NEAR(result.uChiSquare, stats["U:Chi-sq"].get<double>(),
                    kEstimateTolerance * std::max(1.0, std::abs(stats["U:Chi-sq"].get<double>())))
            << name;
        expectRelative(result.uPValue, stats["U:p"].get<double>(), kPValueTolerance, name + " U p");

        // lowess(p, y, iter = 0) at every p.
        const auto smooth = internals["cal_smooth"].get<std::vector<double>>();
        ASSERT_EQ(result.smoothedCalibration.size(), smooth.size());
        for (std::size_t i = 0; i < smooth.size(); ++i) {
            EXPECT_NEAR(result.smoothedCalibration[i], smooth[i],
                        kEstimateTolerance * std::max(1.0, std::abs(smooth[i])))
                << name << " row " << i;
        }
    }
}

TEST(DecisionCurve, MatchesROracleForEveryCase) {
    const auto oracle = loadOracle("05_calibration_dca.json");
    for (const auto& [name, entry] : oracle["cases"].items()) {
        const auto p = entry["p"].get<std::vector<double>>();
        const auto y = entry["y"].get<std::vector<double>>();
        const auto& expected = entry["decision_curve"];
        // R: threshold = (1:99)/100; the grid parser must give the same doubles.
        const std::vector<double> thresholds = stats::parseThresholdGrid("0.01:0.99:0.01");
        const auto expectedThresholds = expected["threshold"].get<std::vector<double>>();
        ASSERT_EQ(thresholds, expectedThresholds);

        const auto curve = stats::decisionCurve(p, y, thresholds);
        expectRelative(curve.prevalence, expected["prevalence"].get<double>(), kEstimateTolerance,
                       name + " prevalence");
        for (std::size_t k = 0; k < thresholds.size(); ++k) {
            const std::string id = name + " threshold " + std::to_string(thresholds[k]);
            EXPECT_EQ(curve.truePositives[k], expected["tp"][k].get<std::size_t>()) << id;
            EXPECT_EQ(curve.falsePositives[k], expected["fp"][k].get<std::size_t>()) << id;
            const double model = expected["net_benefit_model"][k].get<double>();
            EXPECT_NEAR(curve.netBenefit[k], model, kEstimateTolerance * std::max(1e-3, std::abs(model)))
                << id;
            const double all = expected["net_benefit_treat_all"][k].get<double>();
            EXPECT_NEAR(curve.netBenefitTreatAll[k], all, kEstimateTolerance * std::max(1e-3, std::abs(all)))
                << id;
            EXPECT_EQ(curve.netBenefitTreatNone[k], 0.0) << id;
        }
    }
}

TEST(DecisionCurve, BootstrapIsDeterministicAndBracketsTheEstimate) {
    const auto oracle = loadOracle("05_calibration_dca.json");
    const auto& entry = oracle["cases"]["pima_external"];
    const auto p = entry["p"].get<std::vector<double>>();
    const auto y = entry["y"].get<std::vector<double>>();
    const std::vector<double> thresholds = {0.1, 0.3, 0.5};
    const auto first = stats::decisionCurveWithBootstrap(p, y, thresholds, 200, 42);
    const auto second = stats::decisionCurveWithBootstrap(p, y, thresholds, 200, 42);
    EXPECT_EQ(first.netBenefitLow, second.netBenefitLow);
    EXPECT_EQ(first.netBenefitHigh, second.netBenefitHigh);
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
        EXPECT_LT(first.netBenefitLow[k], first.netBenefit[k]);
        EXPECT_GT(first.netBenefitHigh[k], first.netBenefit[k]);
    }
}

TEST(BootstrapCalibration, SameSeedSameCurveAndCloseToDiagonal) {
    const auto oracle = loadOracle("05_calibration_dca.json");
    const auto& entry = oracle["cases"]["pima_external"];
    const auto p = entry["p"].get<std::vector<double>>();
    const auto y = entry["y"].get<std::vector<double>>();
    const auto first = stats::bootstrapCalibration(p, y, 100, 7);
    const auto second = stats::bootstrapCalibration(p, y, 100, 7);
    EXPECT_EQ(first.corrected, second.corrected);
    EXPECT_EQ(first.usableResamples, 100u);
    ASSERT_EQ(first.predicted.size(), 50u);
    // The external Pima model is well calibrated (val.prob Eavg 0.021), so
    // the corrected curve stays near the diagonal on average.
    EXPECT_LT(first.meanAbsoluteError, 0.06);
    const auto otherSeed = stats::bootstrapCalibration(p, y, 100, 8);
    EXPECT_NE(first.corrected, otherSeed.corrected);
}

TEST(ThresholdGrid, RejectsMalformedGrids) {
    EXPECT_THROW(stats::parseThresholdGrid("0.01:0.99"), InputError);
    EXPECT_THROW(stats::parseThresholdGrid("0.5:0.1:0.1"), InputError);
    EXPECT_THROW(stats::parseThresholdGrid("0:1:0.1"), InputError);
    EXPECT_THROW(stats::parseThresholdGrid("a:b:c"), InputError);
    EXPECT_EQ(stats::parseThresholdGrid("0.1:0.3:0.1"), (std::vector<double>{0.1, 0.2, 0.3}));
}

}  // namespace
}  // namespace pulmorad::test

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/logistic.h"
#include "study/nomogram.h"
#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::study {
namespace {

// Hand-derivation model used by several tests: logit P = -3 + 0.5 dose - 1.2 smoker,
// dose continuous with 12 distinct training values from 1.3 to 8.6, smoker 0/1.
stats::LogisticFit handModel() {
    stats::LogisticFit fit;
    fit.terms.resize(3);
    fit.terms[0].name = "(Intercept)";
    fit.terms[0].estimate = -3.0;
    fit.terms[1].name = "dose";
    fit.terms[1].estimate = 0.5;
    fit.terms[2].name = "smoker";
    fit.terms[2].estimate = -1.2;
    return fit;  // no linear predictor stored: buildNomogram computes it from the training rows
}

Eigen::MatrixXd handTraining() {
    const std::vector<double> dose{1.3, 2.0, 2.5, 3.1, 3.8, 4.4, 5.0, 5.7, 6.2, 7.1, 7.9, 8.6};
    const std::vector<double> smoker{1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0};
    Eigen::MatrixXd x(12, 2);
    for (int i = 0; i < 12; ++i) {
        x(i, 0) = dose[static_cast<std::size_t>(i)];
        x(i, 1) = smoker[static_cast<std::size_t>(i)];
    }
    return x;
}

std::vector<NomogramVariableSpec> handSpecs() {
    return {{"dose", "Dose (mg)", NomogramVariableType::Continuous},
            {"smoker", "Smoker", NomogramVariableType::Binary}};
}

double logit(double p) {
    return std::log(p / (1.0 - p));
}

TEST(PrettyValues, MatchesKnownROutputs) {
    // R 4.x: pretty(1:10) is 0 2 4 6 8 10; pretty(c(0, 1)) is 0.0 0.2 ... 1.0;
    // pretty(c(0, 97)) is 0 20 40 60 80 100.
    EXPECT_EQ(prettyValues(1, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
    EXPECT_EQ(prettyValues(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1}));
    EXPECT_EQ(prettyValues(0, 97, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
}

TEST(PrettyValues, HandDerivedTenIntervals) {
    // Hand derivation with R_pretty's rules (h = 1.5, h5 = 2.75, n = 10):
    // c(1.3, 8.6): cell 0.73, base 0.1, unit 1 (10b - c = 0.27 < 1.5 (c - 5b) = 0.345) -> 1..9.
    std::vector<double> oneToNine;
    for (int value = 1; value <= 9; ++value) {
        oneToNine.push_back(value);
    }
    EXPECT_EQ(prettyValues(1.3, 8.6, 10), oneToNine);
    // c(-3.55, 1.3): cell 0.485, unit 0.5 (1 - c = 0.515 is not < 1.5 (c - 0.5) < 0) -> -4 .. 1.5.
    const std::vector<double> halfSteps = prettyValues(-3.55, 1.3, 10);
    ASSERT_EQ(halfSteps.size(), 12u);
    for (std::size_t i = 0; i < halfSteps.size(); ++i) {
        EXPECT_EQ(halfSteps[i], -4.0 + 0.5 * static_cast<double>(i));
    }
    // c(0, 130): cell 13, base 10, unit 10 -> 0, 10, ..., 130.
    const std::vector<double> tens = prettyValues(0, 130, 10);
    ASSERT_EQ(tens.size(), 14u);
    EXPECT_EQ(tens.back(), 130.0);
    // Decimal steps are the doubles nearest to the decimals (0.3, not 3 * 0.1).
    EXPECT_EQ(prettyValues(0, 1, 10)[3], 0.3);
}

TEST(Nomogram, HandDerivationTwoVariables) {
    const Nomogram nomogram = buildNomogram(handModel(), handSpecs(), handTraining());
    ASSERT_EQ(nomogram.variables.size(), 2u);

    // dose axis: pretty(c(1.3, 8.6), 10) = 1..9, so |b| (max - min) = 0.5 * 8 = 4;
    // smoker axis 0..1 spans 1.2. The widest is 4, so scale = 100 / 4 = 25 points per unit.
    EXPECT_DOUBLE_EQ(nomogram.scale, 25.0);
    const NomogramVariable& dose = nomogram.variables[0];
    EXPECT_EQ(dose.label, "Dose (mg)");
    EXPECT_EQ(dose.min, 1.0);
    EXPECT_EQ(dose.max, 9.0);
    EXPECT_EQ(dose.dataMin, 1.3);
    EXPECT_EQ(dose.dataMax, 8.6);
    EXPECT_EQ(dose.zeroAt, 1.0);  // b > 0: the lowest value scores 0
    ASSERT_EQ(dose.ticks.size(), 9u);
    for (std::size_t i = 0; i < dose.ticks.size(); ++i) {
        // points = 25 * 0.5 * (value - 1) = 12.5 (value - 1)
        EXPECT_EQ(dose.ticks[i].value, static_cast<double>(i + 1));
        EXPECT_NEAR(dose.ticks[i].points, 12.5 * static_cast<double>(i), 1e-12);
    }

    const NomogramVariable& smoker = nomogram.variables[1];
    EXPECT_EQ(smoker.zeroAt, 1.0);  // b < 0: the highest value scores 0
    ASSERT_EQ(smoker.ticks.size(), 2u);
    EXPECT_NEAR(smoker.ticks[0].points, 30.0, 1e-12);  // 25 * -1.2 * (0 - 1)
    EXPECT_NEAR(smoker.ticks[1].points, 0.0, 1e-12);
    EXPECT_FALSE(std::signbit(smoker.ticks[1].points));  // written as 0, not -0

    // eta_0 = -3 + 0.5 * 1 - 1.2 * 1 = -3.7.
    EXPECT_NEAR(nomogram.lpAtZeroPoints, -3.7, 1e-12);
    EXPECT_EQ(nomogram.intercept, -3.0);

    // Training linear predictor runs from -3.55 (1.3, smoker) to 1.3 (8.6, non-smoker);
    // pretty() gives -4 .. 1.5, so the axis must reach 25 (1.5 + 3.7) = 130 > 100 points.
    EXPECT_EQ(nomogram.totalPointsMax, 130.0);
    ASSERT_EQ(nomogram.totalPointsTicks.size(), 14u);
    EXPECT_EQ(nomogram.totalPointsTicks[1], 10.0);

    // Probabilities 0.05 .. 0.8 have logit within [-4, 1.5]; 0.9 (logit 2.197) and 0.95 do not.
    const std::vector<double> expected{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    ASSERT_EQ(nomogram.probabilityTicks.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(nomogram.probabilityTicks[i].probability, expected[i]);
        EXPECT_NEAR(nomogram.probabilityTicks[i].totalPoints, 25.0 * (logit(expected[i]) + 3.7), 1e-10);
    }
    EXPECT_NEAR(nomogram.probabilityTicks[5].totalPoints, 92.5, 1e-10);  // p = 0.5 at 25 * 3.7
}

TEST(Nomogram, HandDerivedPatientScore) {
    const Nomogram nomogram = buildNomogram(handModel(), handSpecs(), handTraining());
    // dose 4.4, non-smoker: 12.5 * 3.4 = 42.5 and 30 points, total 72.5,
    // linear predictor -3.7 + 72.5 / 25 = -0.8 = -3 + 0.5 * 4.4.
    const std::vector<double> patient{4.4, 0.0};
    const NomogramScore score = scoreNomogram(nomogram, patient);
    ASSERT_EQ(score.points.size(), 2u);
    EXPECT_NEAR(score.points[0], 42.5, 1e-12);
    EXPECT_NEAR(score.points[1], 30.0, 1e-12);
    EXPECT_NEAR(score.totalPoints, 72.5, 1e-12);
    EXPECT_NEAR(score.linearPredictor, -0.8, 1e-12);
    EXPECT_NEAR(score.probability, 1.0 / (1.0 + std::exp(0.8)), 1e-12);

    // Outside the axis the points stay linear: dose 0 scores -12.5.
    const std::vector<double> belowAxis{0.0, 1.0};
    EXPECT_NEAR(scoreNomogram(nomogram, belowAxis).points[0], -12.5, 1e-12);
}

TEST(Nomogram, ProbabilityEqualsLogisticOnAsah) {
    // Model: stats::fitLogistic (R glm semantics) of outcome ~ s100b + wfns + gender on the aSAH data.
    const table::Table data = table::Table::readCsv(test::referencePath("oracles/data/asah.csv"));
    const std::vector<std::string> names{"s100b", "wfns", "gender"};
    Eigen::MatrixXd x(static_cast<Eigen::Index>(data.rowCount()), 3);
    for (std::size_t j = 0; j < names.size(); ++j) {
        const std::vector<double> column = data.numeric(names[j]);
        for (std::size_t i = 0; i < column.size(); ++i) {
            x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = column[i];
        }
    }
    const std::vector<double> outcome = data.numeric("outcome");
    stats::LogisticOptions options;
    options.profileIntervals = false;
    const stats::LogisticFit fit = stats::fitLogistic(x, outcome, names, options);

    const Nomogram nomogram = buildNomogram(fit,
                                            {{"s100b", "S100B", NomogramVariableType::Continuous},
                                             {"wfns", "WFNS", NomogramVariableType::Continuous},
                                             {"gender", "Gender", NomogramVariableType::Binary}},
                                            x);

    // rms datadist(n.unique = 10): WFNS has 5 distinct values, so its ticks are 1..5.
    const NomogramVariable& wfns = nomogram.variables[1];
    ASSERT_EQ(wfns.ticks.size(), 5u);
    EXPECT_EQ(wfns.ticks.front().value, 1.0);
    EXPECT_EQ(wfns.ticks.back().value, 5.0);

    // Every axis starts at 0 points and the widest reaches exactly 100 (rms maxscale).
    double widest = 0.0;
    for (const NomogramVariable& variable : nomogram.variables) {
        double low = variable.ticks.front().points;
        double high = low;
        for (const NomogramTick& tick : variable.ticks) {
            low = std::min(low, tick.points);
            high = std::max(high, tick.points);
        }
        EXPECT_NEAR(low, 0.0, 1e-12) << variable.name;
        widest = std::max(widest, high);
    }
    EXPECT_NEAR(widest, 100.0, 1e-12);

    // Probability from points equals the logistic model's probability for several patients.
    for (Eigen::Index i : {0, 7, 30, 55, 90, 112}) {
        const std::vector<double> values{x(i, 0), x(i, 1), x(i, 2)};
        double lp = fit.terms[0].estimate;
        for (std::size_t j = 0; j < 3; ++j) {
            lp += fit.terms[j + 1].estimate * values[j];
        }
        const NomogramScore score = scoreNomogram(nomogram, values);
        EXPECT_NEAR(score.probability, 1.0 / (1.0 + std::exp(-lp)), 1e-12) << "row " << i;
        EXPECT_NEAR(score.probability, fit.fittedProbabilities[static_cast<std::size_t>(i)], 1e-12) << "row " << i;
    }
}

TEST(Nomogram, JsonRoundTripIsIdentical) {
    const Nomogram nomogram = buildNomogram(handModel(), handSpecs(), handTraining());
    const nlohmann::json json = nomogramToJson(nomogram);
    const Nomogram back = nomogramFromJson(nlohmann::json::parse(json.dump()), "test");
    EXPECT_EQ(nomogramToJson(back), json);
    EXPECT_EQ(json["variables"][0]["zero_at"], 1.0);
    EXPECT_EQ(json["total_points"]["max"], 130.0);
}

TEST(Nomogram, MalformedJsonNamesKey) {
    nlohmann::json json = nomogramToJson(buildNomogram(handModel(), handSpecs(), handTraining()));
    json["variables"][1].erase("zero_at");
    try {
        (void)nomogramFromJson(json, "model/bundle.json");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("model/bundle.json"), std::string::npos) << message;
        EXPECT_NE(message.find("nomogram.variables[1].zero_at"), std::string::npos) << message;
    }
}

TEST(Nomogram, BinaryVariableWithOtherValueRejected) {
    Eigen::MatrixXd training = handTraining();
    training(3, 1) = 2.0;
    EXPECT_THROW((void)buildNomogram(handModel(), handSpecs(), training), InputError);
}

TEST(Nomogram, VariableOrderMustMatchModel) {
    std::vector<NomogramVariableSpec> swapped = handSpecs();
    std::swap(swapped[0], swapped[1]);
    EXPECT_THROW((void)buildNomogram(handModel(), swapped, handTraining()), InputError);
}

}  // namespace
}  // namespace pulmorad::study

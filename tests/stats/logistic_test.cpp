// Logistic regression compared with R 4.2.2 glm(family = binomial) on the
// aSAH data (oracle file 02_logistic.json): every model and term.

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "oracle_support.h"
#include "stats/logistic.h"

namespace pulmorad::test {
namespace {

struct ModelData {
    Eigen::MatrixXd predictors;
    std::vector<double> outcome;
};

ModelData modelData(const table::Table& data, const std::vector<std::string>& predictors,
                    const std::string& response) {
    ModelData model;
    model.outcome = data.numeric(response);
    model.predictors.resize(static_cast<Eigen::Index>(data.rowCount()),
                            static_cast<Eigen::Index>(predictors.size()));
    for (std::size_t j = 0; j < predictors.size(); ++j) {
        const std::vector<double> column = data.numeric(predictors[j]);
        for (std::size_t i = 0; i < column.size(); ++i) {
            model.predictors(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = column[i];
        }
    }
    return model;
}

TEST(Logistic, MatchesRGlmForEveryOracleModel) {
    const auto oracle = loadOracle("02_logistic.json");
    const table::Table data = loadOracleTable("data/asah.csv");
    for (const auto& [name, model] : oracle["glm"].items()) {
        const auto predictors = model["predictors"].get<std::vector<std::string>>();
        const ModelData input = modelData(data, predictors, model["response"].get<std::string>());
        const auto fit = stats::fitLogistic(input.predictors, input.outcome, predictors);

        // R 4.2.2 glm with default control; the iteration count matches, so
        // SEs (which use the weights of the last iteration) agree too.
        EXPECT_EQ(fit.iterations, model["iterations"].get<int>()) << name;
        expectRelative(fit.deviance, model["deviance"].get<double>(), kEstimateTolerance, name + " deviance");
        expectRelative(fit.nullDeviance, model["null_deviance"].get<double>(), kEstimateTolerance,
                       name + " null");
        expectRelative(fit.aic, model["aic"].get<double>(), kEstimateTolerance, name + " AIC");
        expectRelative(fit.logLikelihood, model["loglik"].get<double>(), kEstimateTolerance,
                       name + " logLik");
        EXPECT_EQ(fit.dfResidual, model["df_residual"].get<double>()) << name;

        const auto& terms = model["terms"];
        ASSERT_EQ(fit.terms.size(), terms.size()) << name;
        for (std::size_t j = 0; j < terms.size(); ++j) {
            const auto& expected = terms[j];
            const auto& term = fit.terms[j];
            const std::string id = name + " " + expected["term"].get<std::string>();
            EXPECT_EQ(term.name, expected["term"].get<std::string>());
            expectRelative(term.estimate, expected["estimate"].get<double>(), kEstimateTolerance,
                           id + " estimate");
            expectRelative(term.standardError, expected["se"].get<double>(), kEstimateTolerance, id + " SE");
            expectRelative(term.z, expected["z"].get<double>(), kEstimateTolerance, id + " z");
            expectRelative(term.pValue, expected["p"].get<double>(), kPValueTolerance, id + " p");
            expectRelative(term.oddsRatio, expected["odds_ratio"].get<double>(), kEstimateTolerance,
                           id + " OR");
            expectRelative(term.waldLow, expected["wald_ci_95_logit"][0].get<double>(), kEstimateTolerance,
                           id + " Wald low");
            expectRelative(term.waldHigh, expected["wald_ci_95_logit"][1].get<double>(), kEstimateTolerance,
                           id + " Wald high");
            // *_exact: the profile-likelihood bounds solved by root finding
            // (uniroot tol 1e-13, refits with epsilon 1e-14) in R 4.2.2.
            expectRelative(term.profileLow, expected["profile_ci_95_logit_exact"][0].get<double>(),
                           kEstimateTolerance, id + " profile low");
            expectRelative(term.profileHigh, expected["profile_ci_95_logit_exact"][1].get<double>(),
                           kEstimateTolerance, id + " profile high");
        }
        const auto& vcov = model["vcov_rows"];
        for (std::size_t i = 0; i < vcov.size(); ++i) {
            for (std::size_t j = 0; j < vcov[i].size(); ++j) {
                expectRelative(fit.covariance(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)),
                               vcov[i][j].get<double>(), kEstimateTolerance, name + " vcov");
            }
        }
    }
}

TEST(Logistic, LikelihoodRatioTestMatchesLrm) {
    // R 4.2.2 rms::lrm: Model L.R., d.f. and P for the full aSAH model.
    const auto oracle = loadOracle("02_logistic.json");
    const auto& expected = oracle["lrm"]["full"];
    const table::Table data = loadOracleTable("data/asah.csv");
    const std::vector<std::string> predictors = {"s100b", "ndka", "age", "gender", "wfns"};
    const ModelData input = modelData(data, predictors, "outcome");
    const auto fit = stats::fitLogistic(input.predictors, input.outcome, predictors);
    expectRelative(fit.lrChiSquare, expected["model_lr_chi2"].get<double>(), kEstimateTolerance, "LR chi2");
    EXPECT_EQ(fit.lrDf, expected["model_df"].get<double>());
    expectRelative(fit.lrPValue, expected["model_p"].get<double>(), kPValueTolerance, "LR p");
}

TEST(Logistic, CompleteSeparationNamesThePredictor) {
    // Hand-made: dose > 3 exactly when the outcome is 1.
    Eigen::MatrixXd predictors(8, 2);
    predictors << 1, 0.3, 2, 0.1, 3, 0.7, 2.5, 0.2, 4, 0.5, 5, 0.9, 6, 0.4, 7, 0.6;
    const std::vector<double> outcome = {0, 0, 0, 0, 1, 1, 1, 1};
    try {
        stats::fitLogistic(predictors, outcome, {"dose", "noise"});
        FAIL() << "separation was not detected";
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("'dose'"), std::string::npos) << error.what();
    }
}

TEST(Logistic, SeparationByACombinationIsDetected) {
    // Hand-made: neither a nor b separates alone, but a + b > 10 does.
    Eigen::MatrixXd predictors(8, 2);
    predictors << 1, 2, 8, 1, 3, 4, 2, 7, 9, 3, 4, 8, 7, 6, 2, 12;
    const std::vector<double> outcome = {0, 0, 0, 0, 1, 1, 1, 1};
    EXPECT_THROW(stats::fitLogistic(predictors, outcome, {"a", "b"}), InputError);
}

TEST(Logistic, ConstantPredictorAndOneClassAreInputErrors) {
    Eigen::MatrixXd predictors(4, 1);
    predictors << 1, 1, 1, 1;
    const std::vector<double> outcome = {0, 1, 0, 1};
    EXPECT_THROW(stats::fitLogistic(predictors, outcome, {"flat"}), InputError);

    Eigen::MatrixXd varied(4, 1);
    varied << 1, 2, 3, 4;
    const std::vector<double> oneClass = {1, 1, 1, 1};
    EXPECT_THROW(stats::fitLogistic(varied, oneClass, {"x"}), InputError);
    const std::vector<double> notBinary = {0, 1, 2, 1};
    EXPECT_THROW(stats::fitLogistic(varied, notBinary, {"x"}), InputError);
}

}  // namespace
}  // namespace pulmorad::test

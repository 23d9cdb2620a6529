#include "learn/lasso.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"
#include "oracle_data.h"

namespace pulmorad::learn {
namespace {

using testing::columnsAsMatrix;
using testing::labelColumn;
using testing::readOracle;
using testing::readOracleData;
using testing::selectRows;
using testing::zscore;

struct LassoCase {
    nlohmann::json expected;
    Eigen::MatrixXd x;
    std::vector<int> y;
    std::vector<int> folds;  // 0-based
};

std::vector<int> zeroBasedFolds(const nlohmann::json& foldid) {
    std::vector<int> folds;
    for (const int fold : foldid.get<std::vector<int>>()) {
        folds.push_back(fold - 1);
    }
    return folds;
}

// Pima (all 532 rows, 7 features) with the fold numbers R drew.
LassoCase loadPima() {
    LassoCase data;
    data.expected = readOracle("04_glmnet.json")["results"]["pima"];
    const auto table = readOracleData("pima.csv");
    data.x = columnsAsMatrix(table, data.expected["feature_columns"].get<std::vector<std::string>>());
    data.y = labelColumn(table, "type");
    data.folds = zeroBasedFolds(data.expected["foldid"]);
    return data;
}

// Wisconsin training split, z-scored, top 10 mRMR (MID) features.
LassoCase loadWisconsinTop10(Eigen::MatrixXd* testX) {
    LassoCase data;
    const nlohmann::json models = readOracle("07_models.json")["datasets"]["wisconsin"];
    data.expected = readOracle("08_selection.json")["lasso"];
    const auto table = readOracleData("wisconsin.csv");
    const auto allColumns = models["feature_columns"].get<std::vector<std::string>>();
    const Eigen::MatrixXd raw = columnsAsMatrix(table, allColumns);
    const auto means = models["zscore"]["mean"].get<std::vector<double>>();
    const auto sds = models["zscore"]["sd_population"].get<std::vector<double>>();
    const Eigen::MatrixXd z = zscore(raw, means, sds);
    const auto selected = data.expected["top10_MID_index"].get<std::vector<int>>();
    const auto trainRows = data.expected["train_rows_0based"].get<std::vector<std::size_t>>();
    const auto testRows = data.expected["test_rows_0based"].get<std::vector<std::size_t>>();
    const Eigen::MatrixXd zSelected = z(Eigen::all, selected);
    data.x = selectRows(zSelected, trainRows);
    *testX = selectRows(zSelected, testRows);
    data.y = data.expected["y_train"].get<std::vector<int>>();
    data.folds = zeroBasedFolds(data.expected["foldid"]);
    return data;
}

TEST(LassoPima, LambdaSequenceMatchesGlmnet) {
    const LassoCase data = loadPima();
    const LassoPath path = fitLassoPath(data.x, data.y);
    // R 4.2.2, glmnet 4.1-6: cv.glmnet(x, y, family = "binomial", foldid = foldid); the
    // path stops early at 60 of 100 lambdas (deviance-ratio gain < 1e-5).
    const auto lambdas = data.expected["lambda"].get<std::vector<double>>();
    ASSERT_EQ(path.lambdas.size(), lambdas.size());
    for (std::size_t m = 0; m < lambdas.size(); ++m) {
        EXPECT_NEAR(path.lambdas[m] / lambdas[m], 1.0, 1e-13) << "lambda " << m;
    }
}

TEST(LassoPima, PathMatchesGlmnetDefaultFit) {
    const LassoCase data = loadPima();
    const LassoPath path = fitLassoPath(data.x, data.y);
    const auto& expected = data.expected["path"];
    ASSERT_EQ(path.lambdas.size(), expected["a0"].size());
    EXPECT_NEAR(path.nullDeviance, expected["nulldev"].get<double>(), 1e-9);
    // Same algorithm and the same stopping rule as glmnet 4.1-6 at thresh = 1e-7, so
    // the whole path agrees with R's default fit to rounding (observed <= 1e-13).
    for (std::size_t m = 0; m < path.lambdas.size(); ++m) {
        EXPECT_NEAR(path.intercepts[m], expected["a0"][m].get<double>(), 1e-9) << "lambda " << m;
        EXPECT_NEAR(path.devianceRatios[m], expected["dev_ratio"][m].get<double>(), 1e-12) << "lambda " << m;
        EXPECT_EQ(path.nonzeroCounts[m], expected["df"][m].get<int>()) << "lambda " << m;
        for (Eigen::Index j = 0; j < path.coefficients.rows(); ++j) {
            EXPECT_NEAR(path.coefficients(j, static_cast<Eigen::Index>(m)),
                        expected["beta_rows_per_lambda"][m][static_cast<std::size_t>(j)].get<double>(), 1e-9)
                << "lambda " << m << " feature " << j;
        }
    }
}

TEST(LassoPima, CrossValidationMatchesGlmnet) {
    const LassoCase data = loadPima();
    const LassoCrossValidation cv = crossValidateLasso(data.x, data.y, data.folds);
    const auto& expected = data.expected;
    // R glmnet 4.1-6 cv.glmnet: lambda.min is the 32nd and lambda.1se the 23rd lambda (1-based).
    EXPECT_EQ(cv.indexMin + 1, expected["index_min_1based"].get<std::size_t>());
    EXPECT_EQ(cv.index1se + 1, expected["index_1se_1based"].get<std::size_t>());
    EXPECT_NEAR(cv.lambdaMin, expected["lambda_min"].get<double>(), 1e-15);
    EXPECT_NEAR(cv.lambda1se, expected["lambda_1se"].get<double>(), 1e-15);
    // cv.glmnet fits every fold with its own automatic lambda sequence and predicts at
    // the full-data lambdas by interpolating the fold path (glmnet's lambda.interp);
    // crossValidateLasso does the same, so the fold deviances, cvm and cvsd agree to
    // rounding (observed <= 4e-15).
    const auto& foldRows = expected["cv_fold_mean_deviance_rows"];
    for (std::size_t m = 0; m < cv.cvMean.size(); ++m) {
        for (std::size_t k = 0; k < foldRows.size(); ++k) {
            EXPECT_NEAR(cv.foldMeanDeviance(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(m)),
                        foldRows[k][m].get<double>(), 1e-12)
                << "fold " << k + 1 << " lambda " << m;
        }
        EXPECT_NEAR(cv.cvMean[m], expected["cvm"][m].get<double>(), 1e-12) << "lambda " << m;
        EXPECT_NEAR(cv.cvStandardError[m], expected["cvsd"][m].get<double>(), 1e-12) << "lambda " << m;
    }
}

TEST(LassoPima, FoldPredictionsInterpolateTheFoldPath) {
    // Hand derivation from glmnet's lambda.interp: halfway (in lambda) between two
    // path points the linear predictor is the mean of theirs; outside the path the
    // nearest end is used.
    const LassoCase data = loadPima();
    const LassoPath path = fitLassoPath(data.x, data.y);
    const Eigen::MatrixXd rows = data.x.topRows(5);
    const auto at3 = linearPredictor(path, 3, rows);
    const auto at4 = linearPredictor(path, 4, rows);
    const auto middle = interpolatedLinearPredictor(path, (path.lambdas[3] + path.lambdas[4]) / 2.0, rows);
    const auto exact = interpolatedLinearPredictor(path, path.lambdas[4], rows);
    const auto above = interpolatedLinearPredictor(path, 10.0 * path.lambdas.front(), rows);
    const auto below = interpolatedLinearPredictor(path, path.lambdas.back() / 10.0, rows);
    const auto first = linearPredictor(path, 0, rows);
    const auto last = linearPredictor(path, path.lambdas.size() - 1, rows);
    for (std::size_t i = 0; i < at3.size(); ++i) {
        EXPECT_NEAR(middle[i], (at3[i] + at4[i]) / 2.0, 1e-12) << "row " << i;
        EXPECT_NEAR(exact[i], at4[i], 1e-13) << "row " << i;
        EXPECT_NEAR(above[i], first[i], 1e-13) << "row " << i;
        EXPECT_NEAR(below[i], last[i], 1e-13) << "row " << i;
    }
}

TEST(LassoPima, ObjectiveAtLambdaMinReachesGlmnet) {
    const LassoCase data = loadPima();
    const LassoCrossValidation cv = crossValidateLasso(data.x, data.y, data.folds);
    const auto& check = data.expected["objective_check"]["lambda_min"];
    const double objective =
        lassoObjective(data.x, data.y, cv.path.intercepts[cv.indexMin],
                       cv.path.coefficients.col(static_cast<Eigen::Index>(cv.indexMin)), cv.lambdaMin);
    // R glmnet 4.1-6: penalised objective 0.47285899928287517 at thresh 1e-7 and
    // 0.4728589988934404 at thresh 1e-14.
    EXPECT_NEAR(objective, check["objective_default"].get<double>(), 1e-12);
    EXPECT_LE(objective - check["objective_tight"].get<double>(), 1e-9);

    // A tight solve reaches glmnet's tight coefficients.
    LassoOptions tight;
    tight.threshold = 1e-14;
    tight.lambdas = cv.path.lambdas;
    const LassoPath tightPath = fitLassoPath(data.x, data.y, tight);
    const auto& coefficients = data.expected["coef_lambda_min_tight"];
    const auto names = data.expected["feature_columns"].get<std::vector<std::string>>();
    EXPECT_NEAR(tightPath.intercepts[cv.indexMin], coefficients["(Intercept)"].get<double>(), 1e-6);
    for (std::size_t j = 0; j < names.size(); ++j) {
        EXPECT_NEAR(
            tightPath.coefficients(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(cv.indexMin)),
            coefficients[names[j]].get<double>(), 1e-7)
            << names[j];
    }
}

TEST(LassoWisconsin, SelectionAndRadScoreMatchGlmnet) {
    Eigen::MatrixXd testX;
    const LassoCase data = loadWisconsinTop10(&testX);
    const LassoCrossValidation cv = crossValidateLasso(data.x, data.y, data.folds);
    const auto& expected = data.expected;
    // R glmnet 4.1-6 cv.glmnet on the top-10 MID features of the Wisconsin training
    // split: 97 lambdas, lambda.min the 53rd, lambda.1se the 38th.
    const auto lambdas = expected["lambda"].get<std::vector<double>>();
    ASSERT_EQ(cv.path.lambdas.size(), lambdas.size());
    for (std::size_t m = 0; m < lambdas.size(); ++m) {
        EXPECT_NEAR(cv.path.lambdas[m] / lambdas[m], 1.0, 1e-13) << "lambda " << m;
        EXPECT_EQ(cv.path.nonzeroCounts[m], expected["nzero"][m].get<int>()) << "lambda " << m;
    }
    EXPECT_EQ(cv.indexMin + 1, expected["index_min_1based"].get<std::size_t>());
    EXPECT_EQ(cv.index1se + 1, expected["index_1se_1based"].get<std::size_t>());
    // The CV curve, with folds fitted as cv.glmnet fits them. This problem is
    // ill-conditioned (the default-threshold path agrees with R to about 1e-6 in
    // the Rad-score), so the tolerance is wider than on Pima (observed 3.2e-9).
    for (std::size_t m = 0; m < lambdas.size(); ++m) {
        EXPECT_NEAR(cv.cvMean[m], expected["cvm"][m].get<double>(), 1e-8) << "lambda " << m;
        EXPECT_NEAR(cv.cvStandardError[m], expected["cvsd"][m].get<double>(), 1e-8) << "lambda " << m;
    }

    // Support and objective at lambda.min.
    const auto names = expected["feature_columns"].get<std::vector<std::string>>();
    const Eigen::VectorXd beta = cv.path.coefficients.col(static_cast<Eigen::Index>(cv.indexMin));
    for (std::size_t j = 0; j < names.size(); ++j) {
        EXPECT_EQ(beta[static_cast<Eigen::Index>(j)] != 0.0,
                  expected["coef_lambda_min"][names[j]].get<double>() != 0.0)
            << names[j];
    }
    const double objective =
        lassoObjective(data.x, data.y, cv.path.intercepts[cv.indexMin], beta, cv.lambdaMin);
    // R glmnet 4.1-6: objective 0.09917282713395537 (thresh 1e-7), 0.09917278976242098 (1e-14).
    EXPECT_NEAR(objective, expected["tight"]["objective_default"].get<double>(), 1e-10);

    // Rad-score = linear predictor at lambda.min; R's own default and tight fits
    // differ by up to 0.059, so a tight refit is compared with the tight values.
    LassoOptions tight;
    tight.threshold = 1e-14;
    tight.lambdas = cv.path.lambdas;
    const LassoPath tightPath = fitLassoPath(data.x, data.y, tight);
    const auto trainScore = linearPredictor(tightPath, cv.indexMin, data.x);
    const auto testScore = linearPredictor(tightPath, cv.indexMin, testX);
    for (std::size_t i = 0; i < trainScore.size(); ++i) {
        EXPECT_NEAR(trainScore[i], expected["tight"]["radscore_train"][i].get<double>(), 1e-4)
            << "train row " << i;
    }
    for (std::size_t i = 0; i < testScore.size(); ++i) {
        EXPECT_NEAR(testScore[i], expected["tight"]["radscore_test"][i].get<double>(), 1e-4)
            << "test row " << i;
    }
    const auto defaultTest = linearPredictor(cv.path, cv.indexMin, testX);
    for (std::size_t i = 0; i < defaultTest.size(); ++i) {
        EXPECT_NEAR(defaultTest[i], expected["radscore_test"][i].get<double>(), 1e-6) << "test row " << i;
    }
}

TEST(LassoInput, OneClassRejected) {
    Eigen::MatrixXd x(4, 1);
    x << 1, 2, 3, 4;
    const std::vector<int> y{1, 1, 1, 1};
    EXPECT_THROW(fitLassoPath(x, y), InputError);
}

TEST(LassoInput, ConstantColumnStaysZero) {
    const LassoCase data = loadPima();
    Eigen::MatrixXd x(data.x.rows(), data.x.cols() + 1);
    x << data.x, Eigen::VectorXd::Constant(data.x.rows(), 3.0);
    const LassoPath path = fitLassoPath(x, data.y);
    EXPECT_TRUE(path.coefficients.row(x.cols() - 1).isZero());
    EXPECT_EQ(path.lambdas.size(), 60u);
}


TEST(LassoInput, PassBudgetStopsPathLikeGlmnet) {
    // glmnet, when coordinate descent exceeds maxit, keeps the lambdas that
    // converged and warns. With half the passes the full Pima path needs, the
    // path stops early and its lambdas and coefficients equal the full path's
    // first ones exactly (the solver is deterministic).
    const LassoCase data = loadPima();
    const LassoPath full = fitLassoPath(data.x, data.y);
    LassoOptions options;
    options.maxPasses = full.passes / 2;
    const LassoPath stopped = fitLassoPath(data.x, data.y, options);
    ASSERT_GT(stopped.lambdas.size(), 0u);
    ASSERT_LT(stopped.lambdas.size(), full.lambdas.size());
    for (std::size_t m = 1; m < stopped.lambdas.size(); ++m) {
        EXPECT_EQ(stopped.lambdas[m], full.lambdas[m]) << "lambda " << m;
        EXPECT_EQ(stopped.intercepts[m], full.intercepts[m]) << "lambda " << m;
        EXPECT_TRUE(stopped.coefficients.col(static_cast<Eigen::Index>(m)) ==
                    full.coefficients.col(static_cast<Eigen::Index>(m)))
            << "lambda " << m;
    }
}

TEST(LassoInput, NoPassForFirstLambdaFails) {
    const LassoCase data = loadPima();
    LassoOptions options;
    options.maxPasses = 0;
    EXPECT_THROW(fitLassoPath(data.x, data.y, options), std::runtime_error);
}

}  // namespace
}  // namespace pulmorad::learn

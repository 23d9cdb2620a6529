// ROC analysis compared with R 4.2.2 pROC 1.18.0 (oracle 03_roc.json) and
// classification metrics with scikit-learn 1.2.1 (oracle 06_sklearn.json).

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "oracle_support.h"
#include "stats/roc.h"

namespace pulmorad::test {
namespace {

TEST(Roc, MatchesPROCForEveryOracleCurve) {
    const auto oracle = loadOracle("03_roc.json");
    const table::Table data = loadOracleTable("data/asah.csv");
    for (const auto& entry : oracle["roc"]) {
        const std::string id = entry["id"].get<std::string>();
        const auto scores = data.numeric(entry["predictor_column"].get<std::string>());
        const auto labels = data.numeric(entry["outcome_column"].get<std::string>());
        const auto result = stats::rocAnalysis(scores, labels);

        // pROC roc(..., levels = c(0, 1), direction = "<"), ci.auc and var(method = "delong").
        EXPECT_EQ(result.nCases, entry["n_cases"].get<std::size_t>()) << id;
        expectRelative(result.auc, entry["auc"].get<double>(), kEstimateTolerance, id + " AUC");
        expectRelative(result.varianceDeLong, entry["var_auc_delong"].get<double>(), kEstimateTolerance,
                       id + " DeLong variance");
        expectRelative(result.confidenceLow, entry["ci_auc_delong_95"][0].get<double>(), kEstimateTolerance,
                       id + " CI low");
        expectRelative(result.confidenceHigh, entry["ci_auc_delong_95"][1].get<double>(), kEstimateTolerance,
                       id + " CI high");

        // Full curve, ascending threshold.
        const auto& curve = entry["curve"];
        ASSERT_EQ(result.curve.thresholds.size(), curve["threshold"].size()) << id;
        for (std::size_t k = 0; k < result.curve.thresholds.size(); ++k) {
            const double threshold = jsonNumber(curve["threshold"][k]);
            if (std::isinf(threshold)) {
                EXPECT_EQ(result.curve.thresholds[k], threshold) << id;
            } else {
                expectRelative(result.curve.thresholds[k], threshold, kEstimateTolerance, id + " threshold");
            }
            EXPECT_DOUBLE_EQ(result.curve.sensitivities[k], curve["sensitivity"][k].get<double>())
                << id << " " << k;
            EXPECT_DOUBLE_EQ(result.curve.specificities[k], curve["specificity"][k].get<double>())
                << id << " " << k;
        }

        // coords(best.method = "youden"): every tied row.
        const auto& best = entry["youden_best"];
        ASSERT_EQ(result.youdenBest.size(), best["n_tied_rows"].get<std::size_t>()) << id;
        for (std::size_t k = 0; k < result.youdenBest.size(); ++k) {
            const auto& point = result.youdenBest[k];
            expectRelative(point.threshold, best["threshold"][k].get<double>(), kEstimateTolerance,
                           id + " Youden");
            EXPECT_DOUBLE_EQ(point.sensitivity, best["sensitivity"][k].get<double>()) << id;
            EXPECT_DOUBLE_EQ(point.specificity, best["specificity"][k].get<double>()) << id;
            expectRelative(point.youden, best["youden_J"][k].get<double>(), kEstimateTolerance, id + " J");
            EXPECT_EQ(point.tp, best["tp"][k].get<std::size_t>()) << id;
            EXPECT_EQ(point.fp, best["fp"][k].get<std::size_t>()) << id;
            EXPECT_EQ(point.tn, best["tn"][k].get<std::size_t>()) << id;
            EXPECT_EQ(point.fn, best["fn"][k].get<std::size_t>()) << id;
        }
    }
}

TEST(Roc, PairedDeLongMatchesRocTest) {
    const auto oracle = loadOracle("03_roc.json");
    const table::Table data = loadOracleTable("data/asah.csv");
    for (const auto& entry : oracle["paired_delong_tests"]) {
        // pROC roc.test(roc1, roc2, method = "delong", paired = TRUE).
        const std::string id = entry["id"].get<std::string>();
        const auto first = data.numeric(entry["predictor_1"].get<std::string>());
        const auto second = data.numeric(entry["predictor_2"].get<std::string>());
        const auto labels = data.numeric(entry["outcome_column"].get<std::string>());
        const auto result = stats::compareDeLong(first, second, labels);
        expectRelative(result.z, entry["Z"].get<double>(), kEstimateTolerance, id + " Z");
        expectRelative(result.pValue, entry["p"].get<double>(), kPValueTolerance, id + " p");
        expectRelative(result.auc1, entry["auc_1"].get<double>(), kEstimateTolerance, id + " AUC 1");
        expectRelative(result.auc2, entry["auc_2"].get<double>(), kEstimateTolerance, id + " AUC 2");
        expectRelative(result.variance1, entry["var_auc_1"].get<double>(), kEstimateTolerance, id + " var 1");
        expectRelative(result.variance2, entry["var_auc_2"].get<double>(), kEstimateTolerance, id + " var 2");
        expectRelative(result.covariance, entry["cov_auc_12"].get<double>(), kEstimateTolerance, id + " cov");
        expectRelative(result.differenceLow, entry["diff_ci_95"][0].get<double>(), kEstimateTolerance,
                       id + " low");
        expectRelative(result.differenceHigh, entry["diff_ci_95"][1].get<double>(), kEstimateTolerance,
                       id + " high");
    }
}

TEST(ClassificationMetrics, MatchScikitLearnAtHalf) {
    const auto oracle = loadOracle("06_sklearn.json");
    for (const auto& [name, entry] : oracle["metrics"].items()) {
        const auto y = entry["y"].get<std::vector<double>>();
        const auto p = entry["p"].get<std::vector<double>>();
        // scikit-learn 1.2.1 roc_auc_score(y, p).
        expectRelative(stats::areaUnderCurve(p, y), entry["roc_auc_score"].get<double>(), kEstimateTolerance,
                       name + " AUC");
        // accuracy_score, precision/recall/f1 (pos_label=1, zero_division=0) with y_pred = p >= 0.5.
        const auto& expected = entry["p_ge_0.5"];
        const auto metrics = stats::classificationMetrics(p, y, 0.5);
        EXPECT_EQ(metrics.tp, expected["tp"].get<std::size_t>()) << name;
        EXPECT_EQ(metrics.fp, expected["fp"].get<std::size_t>()) << name;
        EXPECT_EQ(metrics.tn, expected["tn"].get<std::size_t>()) << name;
        EXPECT_EQ(metrics.fn, expected["fn"].get<std::size_t>()) << name;
        expectRelative(metrics.accuracy, expected["accuracy"].get<double>(), kEstimateTolerance,
                       name + " accuracy");
        expectRelative(metrics.precision, expected["precision"].get<double>(), kEstimateTolerance,
                       name + " precision");
        expectRelative(metrics.sensitivity, expected["recall"].get<double>(), kEstimateTolerance,
                       name + " recall");
        expectRelative(metrics.f1, expected["f1"].get<double>(), kEstimateTolerance, name + " F1");
    }
}

TEST(Roc, OneClassOutcomeIsInputError) {
    const std::vector<double> scores = {0.1, 0.2, 0.3};
    const std::vector<double> labels = {1, 1, 1};
    EXPECT_THROW(stats::rocAnalysis(scores, labels), InputError);
}

}  // namespace
}  // namespace pulmorad::test

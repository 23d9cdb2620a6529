#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace pulmorad::stats {

/// The empirical ROC curve as pROC builds it with direction "<" (a higher
/// score means a case): thresholds -Inf, the midpoints between consecutive
/// distinct sorted scores, +Inf; sensitivity = P(case score > threshold),
/// specificity = P(control score <= threshold). Ascending threshold.
struct RocCurve {
    std::vector<double> thresholds;
    std::vector<double> sensitivities;
    std::vector<double> specificities;
};

/// One Youden-optimal operating point.
struct RocPoint {
    double threshold = 0.0;
    double sensitivity = 0.0;
    double specificity = 0.0;
    double youden = 0.0;  ///< sensitivity + specificity - 1
    std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
};

struct RocResult {
    std::size_t nCases = 0;
    std::size_t nControls = 0;
    double auc = 0.0;             ///< Mann-Whitney: P(case > control) + P(tie)/2
    double varianceDeLong = 0.0;  ///< DeLong (1988) variance of the AUC
    double confidenceLow = 0.0;   ///< normal CI with the DeLong SE, clipped to [0, 1]
    double confidenceHigh = 0.0;
    RocCurve curve;
    std::vector<RocPoint> youdenBest;  ///< every point whose Youden J equals the maximum exactly
};

/// Builds the ROC analysis of `scores` against 0/1 `labels`. Throws
/// InputError when the lengths differ, a label is not 0/1, or a class is empty.
RocResult rocAnalysis(std::span<const double> scores, std::span<const double> labels,
                      double confidenceLevel = 0.95);

/// Mann-Whitney AUC alone (ties count 1/2), as sklearn's roc_auc_score.
double areaUnderCurve(std::span<const double> scores, std::span<const double> labels);

/// Paired DeLong test of two scores on the same patients (pROC roc.test).
struct DeLongComparison {
    double auc1 = 0.0;
    double auc2 = 0.0;
    double variance1 = 0.0;
    double variance2 = 0.0;
    double covariance = 0.0;
    double z = 0.0;  ///< (auc1 - auc2) / sqrt(var1 + var2 - 2 cov)
    double pValue = 0.0;
    double differenceLow = 0.0;  ///< CI of auc1 - auc2
    double differenceHigh = 0.0;
};

DeLongComparison compareDeLong(std::span<const double> scores1, std::span<const double> scores2,
                               std::span<const double> labels, double confidenceLevel = 0.95);

/// Confusion counts and the usual metrics with the rule "predict 1 when
/// score >= threshold" (scikit-learn's convention at 0.5 for probabilities).
/// Ratios with a zero denominator are 0, as scikit-learn's zero_division=0.
struct ClassificationMetrics {
    double threshold = 0.0;
    std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
    double accuracy = 0.0;
    double sensitivity = 0.0;  ///< recall
    double specificity = 0.0;
    double precision = 0.0;
    double f1 = 0.0;
};

ClassificationMetrics classificationMetrics(std::span<const double> scores, std::span<const double> labels,
                                            double threshold);

}  // namespace pulmorad::stats

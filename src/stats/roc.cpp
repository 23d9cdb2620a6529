#include "stats/roc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/descriptive.h"
#include "stats/distributions.h"

namespace pulmorad::stats {
namespace {

struct SplitScores {
    std::vector<double> cases;
    std::vector<double> controls;
};

SplitScores splitByLabel(std::span<const double> scores, std::span<const double> labels,
                         const char* analysis) {
    if (scores.size() != labels.size()) {
        throw InputError(std::string(analysis) + ": scores and outcome have different lengths (" +
                         std::to_string(scores.size()) + " and " + std::to_string(labels.size()) + ")");
    }
    SplitScores split;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (labels[i] == 1.0) {
            split.cases.push_back(scores[i]);
        } else if (labels[i] == 0.0) {
            split.controls.push_back(scores[i]);
        } else {
            throw InputError(std::string(analysis) + ": the outcome must be coded 0/1 but contains " +
                             std::to_string(labels[i]) + "; recode it as 0 (control) and 1 (case)");
        }
        if (std::isnan(scores[i])) {
            throw InputError(std::string(analysis) + ": a score is missing; drop incomplete rows first");
        }
    }
    if (split.cases.empty() || split.controls.empty()) {
        throw InputError(std::string(analysis) + ": the outcome has only one class (" +
                         std::to_string(split.cases.size()) + " cases, " +
                         std::to_string(split.controls.size()) + " controls); both 0 and 1 must occur");
    }
    return split;
}

/// DeLong placement values: for each case, the fraction of controls it
/// outranks (ties 1/2); for each control, the fraction of cases that
/// outrank it. Computed from mid-ranks in O(N log N):
/// \f$ V_{10}(x_i) = (R_i - R^{cases}_i)/n \f$, \f$ V_{01}(y_j) = 1 - (R_j - R^{controls}_j)/m \f$.
struct Placements {
    std::vector<double> caseValues;     ///< V10, one per case
    std::vector<double> controlValues;  ///< V01, one per control
    double auc = 0.0;
};

Placements placements(const SplitScores& split) {
    const std::size_t m = split.cases.size();
    const std::size_t n = split.controls.size();
    std::vector<double> pooled = split.cases;
    pooled.insert(pooled.end(), split.controls.begin(), split.controls.end());
    const std::vector<double> pooledRanks = averageRanks(pooled);
    const std::vector<double> caseRanks = averageRanks(split.cases);
    const std::vector<double> controlRanks = averageRanks(split.controls);

    Placements result;
    result.caseValues.resize(m);
    result.controlValues.resize(n);
    double sum = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
        result.caseValues[i] = (pooledRanks[i] - caseRanks[i]) / static_cast<double>(n);
        sum += result.caseValues[i];
    }
    for (std::size_t j = 0; j < n; ++j) {
        result.controlValues[j] = 1.0 - (pooledRanks[m + j] - controlRanks[j]) / static_cast<double>(m);
    }
    result.auc = sum / static_cast<double>(m);
    return result;
}

double sampleCovariance(const std::vector<double>& a, const std::vector<double>& b) {
    const double meanA = mean(a);
    const double meanB = mean(b);
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sum += (a[i] - meanA) * (b[i] - meanB);
    }
    return sum / static_cast<double>(a.size() - 1);
}

/// DeLong (1988): \f$ \operatorname{cov}(A_1, A_2) = S_{10}/m + S_{01}/n \f$ with
/// the sample covariances of the placement values (variance when 1 = 2).
double deLongCovariance(const Placements& first, const Placements& second) {
    const double m = static_cast<double>(first.caseValues.size());
    const double n = static_cast<double>(first.controlValues.size());
    const double s10 =
        first.caseValues.size() > 1 ? sampleCovariance(first.caseValues, second.caseValues) : 0.0;
    const double s01 =
        first.controlValues.size() > 1 ? sampleCovariance(first.controlValues, second.controlValues) : 0.0;
    return s10 / m + s01 / n;
}

}  // namespace

double areaUnderCurve(std::span<const double> scores, std::span<const double> labels) {
    return placements(splitByLabel(scores, labels, "AUC")).auc;
}

RocResult rocAnalysis(std::span<const double> scores, std::span<const double> labels,
                      double confidenceLevel) {
    const SplitScores split = splitByLabel(scores, labels, "ROC analysis");
    const Placements placement = placements(split);

    RocResult result;
    result.nCases = split.cases.size();
    result.nControls = split.controls.size();
    result.auc = placement.auc;
    result.varianceDeLong = deLongCovariance(placement, placement);
    const double q = detail::normalQuantile(1.0 - (1.0 - confidenceLevel) / 2.0);
    const double se = std::sqrt(result.varianceDeLong);
    result.confidenceLow = std::max(0.0, result.auc - q * se);
    result.confidenceHigh = std::min(1.0, result.auc + q * se);

    // Curve: thresholds at -Inf, midpoints of consecutive distinct values, +Inf.
    std::vector<double> distinct(scores.begin(), scores.end());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<double> thresholds;
    thresholds.push_back(-std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i + 1 < distinct.size(); ++i) {
        thresholds.push_back((distinct[i] + distinct[i + 1]) / 2.0);
    }
    thresholds.push_back(std::numeric_limits<double>::infinity());

    std::vector<double> cases = split.cases;
    std::vector<double> controls = split.controls;
    std::sort(cases.begin(), cases.end());
    std::sort(controls.begin(), controls.end());
    const double m = static_cast<double>(cases.size());
    const double n = static_cast<double>(controls.size());

    double bestJ = -std::numeric_limits<double>::infinity();
    std::vector<RocPoint> points;
    for (const double threshold : thresholds) {
        const auto casesAtOrBelow =
            static_cast<std::size_t>(std::upper_bound(cases.begin(), cases.end(), threshold) - cases.begin());
        const auto controlsAtOrBelow = static_cast<std::size_t>(
            std::upper_bound(controls.begin(), controls.end(), threshold) - controls.begin());
        RocPoint point;
        point.threshold = threshold;
        point.tp = cases.size() - casesAtOrBelow;
        point.fn = casesAtOrBelow;
        point.tn = controlsAtOrBelow;
        point.fp = controls.size() - controlsAtOrBelow;
        point.sensitivity = static_cast<double>(point.tp) / m;
        point.specificity = static_cast<double>(point.tn) / n;
        const double criterion = point.sensitivity + point.specificity;
        point.youden = criterion - 1.0;
        bestJ = std::max(bestJ, criterion);
        points.push_back(point);
        result.curve.thresholds.push_back(threshold);
        result.curve.sensitivities.push_back(point.sensitivity);
        result.curve.specificities.push_back(point.specificity);
    }
    for (const auto& point : points) {
        if (point.sensitivity + point.specificity == bestJ && std::isfinite(point.threshold)) {
            result.youdenBest.push_back(point);
        }
    }
    return result;
}

DeLongComparison compareDeLong(std::span<const double> scores1, std::span<const double> scores2,
                               std::span<const double> labels, double confidenceLevel) {
    const Placements first = placements(splitByLabel(scores1, labels, "DeLong test"));
    const Placements second = placements(splitByLabel(scores2, labels, "DeLong test"));
    DeLongComparison result;
    result.auc1 = first.auc;
    result.auc2 = second.auc;
    result.variance1 = deLongCovariance(first, first);
    result.variance2 = deLongCovariance(second, second);
    result.covariance = deLongCovariance(first, second);
    const double difference = result.auc1 - result.auc2;
    const double se = std::sqrt(result.variance1 + result.variance2 - 2.0 * result.covariance);
    result.z = difference / se;
    result.pValue = 2.0 * detail::normalCdf(-std::abs(result.z));
    const double q = detail::normalQuantile(1.0 - (1.0 - confidenceLevel) / 2.0);
    result.differenceLow = difference - q * se;
    result.differenceHigh = difference + q * se;
    return result;
}

ClassificationMetrics classificationMetrics(std::span<const double> scores, std::span<const double> labels,
                                            double threshold) {
    const SplitScores split = splitByLabel(scores, labels, "classification metrics");
    ClassificationMetrics metrics;
    metrics.threshold = threshold;
    for (const double s : split.cases) {
        (s >= threshold ? metrics.tp : metrics.fn) += 1;
    }
    for (const double s : split.controls) {
        (s >= threshold ? metrics.fp : metrics.tn) += 1;
    }
    auto ratio = [](std::size_t numerator, std::size_t denominator) {
        return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
    };
    metrics.accuracy = ratio(metrics.tp + metrics.tn, metrics.tp + metrics.tn + metrics.fp + metrics.fn);
    metrics.sensitivity = ratio(metrics.tp, metrics.tp + metrics.fn);
    metrics.specificity = ratio(metrics.tn, metrics.tn + metrics.fp);
    metrics.precision = ratio(metrics.tp, metrics.tp + metrics.fp);
    // F1 = 2PR / (P + R), written as scikit-learn 1.2 evaluates it, so the
    // last bit agrees too.
    const double sum = metrics.precision + metrics.sensitivity;
    metrics.f1 = sum == 0.0 ? 0.0 : 2.0 * metrics.precision * metrics.sensitivity / sum;
    return metrics;
}

}  // namespace pulmorad::stats

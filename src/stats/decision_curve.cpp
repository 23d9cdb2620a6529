#include "stats/decision_curve.h"

#include <tbb/parallel_for.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/calibration.h"
#include "stats/descriptive.h"

namespace pulmorad::stats {
namespace {

void checkInputs(std::span<const double> p, std::span<const double> y, std::span<const double> thresholds) {
    if (p.size() != y.size() || p.empty()) {
        throw InputError(
            "decision curve: probabilities and outcome must be non-empty and of the same length");
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
            throw InputError("decision curve: predicted probabilities must lie in [0, 1] but one is " +
                             std::to_string(p[i]));
        }
        if (y[i] != 0.0 && y[i] != 1.0) {
            throw InputError("decision curve: the outcome must be coded 0/1 but contains " +
                             std::to_string(y[i]));
        }
    }
    for (const double t : thresholds) {
        if (!(t > 0.0 && t < 1.0)) {
            throw InputError("decision curve: threshold " + std::to_string(t) + " is outside (0, 1)");
        }
    }
}

/// Net benefit of the model at each threshold for the rows listed.
std::vector<double> netBenefitOf(std::span<const double> p, std::span<const double> y,
                                 std::span<const double> thresholds, std::vector<std::size_t>* truePositives,
                                 std::vector<std::size_t>* falsePositives) {
    const double n = static_cast<double>(p.size());
    std::vector<double> benefit(thresholds.size());
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
        const double t = thresholds[k];
        std::size_t tp = 0;
        std::size_t fp = 0;
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (p[i] >= t) {
                (y[i] == 1.0 ? tp : fp) += 1;
            }
        }
        benefit[k] = static_cast<double>(tp) / n - static_cast<double>(fp) / n * (t / (1.0 - t));
        if (truePositives != nullptr) {
            truePositives->push_back(tp);
            falsePositives->push_back(fp);
        }
    }
    return benefit;
}

}  // namespace

DecisionCurve decisionCurve(std::span<const double> probabilities, std::span<const double> outcome,
                            std::span<const double> thresholds) {
    checkInputs(probabilities, outcome, thresholds);
    DecisionCurve curve;
    curve.thresholds.assign(thresholds.begin(), thresholds.end());
    curve.netBenefit =
        netBenefitOf(probabilities, outcome, thresholds, &curve.truePositives, &curve.falsePositives);
    double events = 0.0;
    for (const double y : outcome) {
        events += y;
    }
    curve.prevalence = events / static_cast<double>(outcome.size());
    for (const double t : thresholds) {
        curve.netBenefitTreatAll.push_back(curve.prevalence - (1.0 - curve.prevalence) * (t / (1.0 - t)));
        curve.netBenefitTreatNone.push_back(0.0);
    }
    return curve;
}

DecisionCurve decisionCurveWithBootstrap(std::span<const double> probabilities,
                                         std::span<const double> outcome, std::span<const double> thresholds,
                                         std::size_t resamples, std::uint64_t seed) {
    DecisionCurve curve = decisionCurve(probabilities, outcome, thresholds);
    if (resamples == 0) {
        return curve;
    }
    const std::size_t n = probabilities.size();
    std::vector<std::vector<double>> byResample(resamples);
    tbb::parallel_for(std::size_t{0}, resamples, [&](std::size_t b) {
        const std::vector<std::size_t> rows = bootstrapRows(n, seed, b);
        std::vector<double> p(n);
        std::vector<double> y(n);
        for (std::size_t i = 0; i < n; ++i) {
            p[i] = probabilities[rows[i]];
            y[i] = outcome[rows[i]];
        }
        byResample[b] = netBenefitOf(p, y, thresholds, nullptr, nullptr);
    });
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
        std::vector<double> values(resamples);
        for (std::size_t b = 0; b < resamples; ++b) {
            values[b] = byResample[b][k];
        }
        curve.netBenefitLow.push_back(quantileType7(values, 0.025));
        curve.netBenefitHigh.push_back(quantileType7(values, 0.975));
    }
    return curve;
}

std::vector<double> parseThresholdGrid(const std::string& text) {
    const auto invalid = [&text](const std::string& why) {
        return InputError("--thresholds '" + text + "' is invalid: " + why +
                          "; write FROM:TO:STEP with decimals, such as 0.01:0.99:0.01");
    };
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    if (parts.size() != 3) {
        throw invalid("expected three numbers separated by ':'");
    }
    // Each part as an integer numerator over 10^decimals.
    std::size_t decimals = 0;
    for (const auto& part : parts) {
        const std::size_t dot = part.find('.');
        if (part.empty() || part.find_first_not_of("0123456789.") != std::string::npos ||
            part.find('.', dot == std::string::npos ? part.size() : dot + 1) != std::string::npos) {
            throw invalid("'" + part + "' is not a plain decimal number");
        }
        if (dot != std::string::npos) {
            decimals = std::max(decimals, part.size() - dot - 1);
        }
    }
    if (decimals > 9) {
        throw invalid("more than 9 decimals");
    }
    const double scale = std::pow(10.0, static_cast<double>(decimals));
    std::vector<long long> numerators;
    for (const auto& part : parts) {
        const std::size_t dot = part.find('.');
        std::string digits = dot == std::string::npos ? part : part.substr(0, dot) + part.substr(dot + 1);
        const std::size_t fraction = dot == std::string::npos ? 0 : part.size() - dot - 1;
        digits.append(decimals - fraction, '0');
        numerators.push_back(std::stoll(digits));
    }
    if (numerators[2] <= 0) {
        throw invalid("the step must be positive");
    }
    if (numerators[0] > numerators[1]) {
        throw invalid("FROM is larger than TO");
    }
    std::vector<double> thresholds;
    for (long long k = numerators[0]; k <= numerators[1]; k += numerators[2]) {
        const double threshold = static_cast<double>(k) / scale;
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw invalid("every threshold must lie strictly between 0 and 1");
        }
        thresholds.push_back(threshold);
    }
    return thresholds;
}

}  // namespace pulmorad::stats

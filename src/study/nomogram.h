#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <vector>

#include "stats/logistic.h"

namespace pulmorad::study {

/// Axis kind of a nomogram predictor.
enum class NomogramVariableType {
    Continuous,  ///< axis at pretty() values covering the training range
    Binary,      ///< axis at 0 and 1
};

/// "continuous" or "binary".
std::string nomogramVariableTypeName(NomogramVariableType type);

/// A predictor of the logistic model as the nomogram shows it.
struct NomogramVariableSpec {
    std::string name;   ///< term name in the logistic fit
    std::string label;  ///< axis title (the name when empty)
    NomogramVariableType type = NomogramVariableType::Continuous;
};

/// One labelled tick of a variable axis.
struct NomogramTick {
    double value = 0.0;
    double points = 0.0;
};

/// One variable axis of the nomogram.
struct NomogramVariable {
    std::string name;
    std::string label;
    NomogramVariableType type = NomogramVariableType::Continuous;
    double coefficient = 0.0;
    double min = 0.0;       ///< first axis value (covers the training minimum)
    double max = 0.0;       ///< last axis value (covers the training maximum)
    double dataMin = 0.0;   ///< training minimum
    double dataMax = 0.0;   ///< training maximum
    double zeroAt = 0.0;    ///< value that scores 0 points: min when coefficient >= 0, else max
    std::vector<NomogramTick> ticks;
};

/// Total points that a probability corresponds to.
struct ProbabilityTick {
    double probability = 0.0;
    double totalPoints = 0.0;
};

/// A nomogram of a logistic model with rms::nomogram's scaling (R package rms,
/// nomogram() with maxscale = 100, nint = 10):
/// \f[ \text{points}_j(x) = s\, b_j (x - z_j), \qquad s = \frac{100}{\max_j |b_j| (\max_j - \min_j)}, \f]
/// where \f$z_j\f$ is the axis end with the lower \f$b_j x\f$, so every axis
/// runs from 0 points and the widest one reaches 100. The probability is
/// \f$1 / (1 + e^{-(\eta_0 + T/s)})\f$ for total points \f$T\f$ and
/// \f$\eta_0 = b_0 + \sum_j b_j z_j\f$, the logistic model's probability.
struct Nomogram {
    std::vector<NomogramVariable> variables;
    double scale = 0.0;           ///< points per unit of linear predictor
    double intercept = 0.0;       ///< b_0 of the logistic model
    double lpAtZeroPoints = 0.0;  ///< linear predictor of a patient with 0 total points
    double totalPointsMax = 0.0;  ///< end of the total-points axis (its last tick)
    std::vector<double> totalPointsTicks;
    std::vector<ProbabilityTick> probabilityTicks;
};

struct NomogramOptions {
    double maxScale = 100.0;  ///< points of the widest variable axis (rms maxscale)
    int intervals = 10;       ///< target intervals per axis for pretty() (rms nint)
    /// Candidate probability ticks. A tick off the total-points axis, or with a logit outside
    /// pretty() of the training linear predictor's range, is dropped (as rms drops it).
    std::vector<double> probabilities{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
};

/// Builds the nomogram of `fit` (a stats::fitLogistic result). `variables`
/// names the fit's predictors in the fit's term order; `training` contains the
/// training values of those predictors (rows = patients, same column order).
///
/// Variable axes follow rms: a variable with at most 10 distinct training
/// values (every binary variable) gets a tick at each distinct value; any
/// other gets R's pretty(c(min, max), n = 10) over its training range. The
/// total-points axis is pretty(c(0, m), n = 10) with m = max(100,
/// s (max(pretty(range of the training linear predictor, 10)) - eta_0)), or
/// m = 100 for a single variable. Probability ticks lie on that axis.
/// Throws InputError when the names do not match the fit, a binary variable
/// holds values other than 0 and 1, or a value is not finite.
Nomogram buildNomogram(const stats::LogisticFit& fit, const std::vector<NomogramVariableSpec>& variables,
                       const Eigen::MatrixXd& training, const NomogramOptions& options = {});

/// One patient on the nomogram.
struct NomogramScore {
    std::vector<double> points;  ///< per variable, in the nomogram's order
    double totalPoints = 0.0;
    double linearPredictor = 0.0;  ///< lpAtZeroPoints + totalPoints / scale
    double probability = 0.0;
};

/// Scores one patient; `values` contains the variables in the nomogram's order.
/// A value outside an axis scores below 0 or above the axis maximum, since
/// points stay linear in the value.
NomogramScore scoreNomogram(const Nomogram& nomogram, std::span<const double> values);

/// The nomogram as the `combined.nomogram` object of results.json.
nlohmann::json nomogramToJson(const Nomogram& nomogram);

/// Reads nomogramToJson() output. Throws InputError naming `source` and the
/// key when a field is missing or has the wrong type.
Nomogram nomogramFromJson(const nlohmann::json& json, const std::string& source);

/// R's pretty(c(low, high), n = intervals) (base R 4.x defaults: min.n = n %/% 3,
/// shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = 2.75). Each value is the
/// double nearest to the decimal k * unit, where R's seq() may differ in the
/// last bit.
std::vector<double> prettyValues(double low, double high, int intervals);

/// Logistic function 1 / (1 + exp(-x)).
double logisticProbability(double linearPredictor);

}  // namespace pulmorad::study

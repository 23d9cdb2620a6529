#include "study/nomogram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

#include <fmt/format.h>

#include "common/errors.h"

namespace pulmorad::study {

namespace {

/// rms datadist(n.unique = 10): a numeric variable with this many distinct
/// values or fewer is shown at its distinct values.
constexpr std::size_t kMaxDistinctValuesForDiscreteAxis = 10;

/// The double nearest to the decimal number multiple * 10^exponent.
double decimalValue(long long multiple, int exponent) {
    const std::string text = fmt::format("{}e{}", multiple, exponent);
    return std::strtod(text.c_str(), nullptr);
}

double linearPredictorOf(const Nomogram& nomogram, std::span<const double> values) {
    double sum = nomogram.intercept;
    for (std::size_t j = 0; j < nomogram.variables.size(); ++j) {
        sum += nomogram.variables[j].coefficient * values[j];
    }
    return sum;
}

/// Values of a variable axis: the distinct training values, or pretty() over the range.
std::vector<double> axisValues(const Eigen::Ref<const Eigen::VectorXd>& column, NomogramVariableType type,
                               int intervals) {
    std::set<double> distinct(column.begin(), column.end());
    if (type == NomogramVariableType::Binary) {
        return {0.0, 1.0};
    }
    if (distinct.size() <= kMaxDistinctValuesForDiscreteAxis) {
        return {distinct.begin(), distinct.end()};
    }
    return prettyValues(*distinct.begin(), *distinct.rbegin(), intervals);
}

NomogramVariable buildVariable(const NomogramVariableSpec& spec, double coefficient,
                               const Eigen::Ref<const Eigen::VectorXd>& column, int intervals) {
    NomogramVariable variable;
    variable.name = spec.name;
    variable.label = spec.label.empty() ? spec.name : spec.label;
    variable.type = spec.type;
    variable.coefficient = coefficient;
    for (Eigen::Index i = 0; i < column.size(); ++i) {
        requireInput(std::isfinite(column[i]), "nomogram: variable '" + spec.name + "' has a missing or non-finite "
                                                   "training value; remove the patient or impute the value first");
        if (spec.type == NomogramVariableType::Binary) {
            requireInput(column[i] == 0.0 || column[i] == 1.0,
                         "nomogram: binary variable '" + spec.name + "' has the training value " +
                             fmt::format("{}", column[i]) + "; code it 0/1 or declare it continuous");
        }
    }
    variable.dataMin = column.minCoeff();
    variable.dataMax = column.maxCoeff();

    const std::vector<double> values = axisValues(column, spec.type, intervals);
    variable.min = values.front();
    variable.max = values.back();
    variable.zeroAt = coefficient >= 0.0 ? variable.min : variable.max;
    for (double value : values) {
        variable.ticks.push_back({value, 0.0});  // points follow once the scale is known
    }
    return variable;
}

}  // namespace

std::string nomogramVariableTypeName(NomogramVariableType type) {
    return type == NomogramVariableType::Binary ? "binary" : "continuous";
}

double logisticProbability(double linearPredictor) {
    // Both branches avoid exp() overflow for large |linearPredictor|.
    if (linearPredictor >= 0.0) {
        return 1.0 / (1.0 + std::exp(-linearPredictor));
    }
    const double e = std::exp(linearPredictor);
    return e / (1.0 + e);
}

std::vector<double> prettyValues(double low, double high, int intervals) {
    // R_pretty() of R 4.x (src/appl/pretty.c) with pretty.default()'s arguments.
    const double roundingEps = 1e-10;
    const double highBias = 1.5;
    const double u5Bias = 0.5 + 1.5 * highBias;
    const double shrink = 0.75;
    const int minIntervals = intervals / 3;

    const double range = high - low;
    double cell = 0.0;
    bool small = false;
    if (range == 0.0 && high == 0.0) {
        cell = 1.0;
        small = true;
    } else {
        cell = std::max(std::fabs(low), std::fabs(high));
        const double bound = (1.0 + (u5Bias >= 1.5 * highBias + 0.5 ? 1.0 / (1.0 + highBias)
                                                                     : 1.5 / (1.0 + u5Bias))) *
                             std::max(1, intervals) * DBL_EPSILON;
        small = range < cell * bound * 3.0;
    }
    if (small) {
        if (cell > 10.0) {
            cell = 9.0 + cell / 10.0;
        }
        cell *= shrink;
        if (minIntervals > 1) {
            cell /= minIntervals;
        }
    } else {
        cell = range;
        if (intervals > 1) {
            cell /= intervals;
        }
    }
    cell = std::max(cell, std::ldexp(DBL_MIN, -20));

    // unit is 1, 2, 5 or 10 times a power of ten, the one closest to cell with
    // R's bias towards the larger units.
    const int exponent = static_cast<int>(std::floor(std::log10(cell)));
    const double base = std::pow(10.0, exponent);
    long long mantissa = 1;
    double unit = base;
    if (2.0 * base - cell < highBias * (cell - unit)) {
        unit = 2.0 * base;
        mantissa = 2;
        if (5.0 * base - cell < u5Bias * (cell - unit)) {
            unit = 5.0 * base;
            mantissa = 5;
            if (10.0 * base - cell < highBias * (cell - unit)) {
                unit = 10.0 * base;
                mantissa = 10;
            }
        }
    }

    double first = std::floor(low / unit + roundingEps);
    double last = std::ceil(high / unit - roundingEps);
    while (first * unit > low + roundingEps * unit) {
        first -= 1.0;
    }
    while (last * unit < high - roundingEps * unit) {
        last += 1.0;
    }
    int count = static_cast<int>(0.5 + last - first);
    if (count < minIntervals) {
        const int missing = minIntervals - count;
        if (low == 0.0 && first == 0.0 && high != 0.0) {
            last += missing;
        } else if (high == 0.0 && last == 0.0 && low != 0.0) {
            first -= missing;
        } else if (first >= 0.0) {
            last += missing / 2;
            first -= missing / 2 + missing % 2;
        } else {
            first -= missing / 2;
            last += missing / 2 + missing % 2;
        }
    }

    std::vector<double> values;
    for (auto k = static_cast<long long>(first); k <= static_cast<long long>(last); ++k) {
        values.push_back(decimalValue(k * mantissa, exponent));
    }
    return values;
}

Nomogram buildNomogram(const stats::LogisticFit& fit, const std::vector<NomogramVariableSpec>& variables,
                       const Eigen::MatrixXd& training, const NomogramOptions& options) {
    requireInput(!variables.empty(), "nomogram: the model has no predictors; name at least one nomogram variable");
    requireInput(fit.terms.size() == variables.size() + 1,
                 fmt::format("nomogram: the logistic model has {} predictors but {} nomogram variables were named; "
                             "name every predictor of the model",
                             fit.terms.size() - 1, variables.size()));
    requireInput(training.cols() == static_cast<Eigen::Index>(variables.size()) && training.rows() >= 2,
                 "nomogram: the training matrix needs one column per variable and at least 2 patients");

    Nomogram nomogram;
    nomogram.intercept = fit.terms[0].estimate;

    // Variable axes and the widest linear-predictor range over them (rms R[2,] - R[1,]).
    double widest = 0.0;
    for (std::size_t j = 0; j < variables.size(); ++j) {
        requireInput(fit.terms[j + 1].name == variables[j].name,
                     "nomogram: variable " + std::to_string(j + 1) + " is '" + variables[j].name +
                         "' but the model's predictor is '" + fit.terms[j + 1].name +
                         "'; list the variables in the model's order");
        NomogramVariable variable = buildVariable(variables[j], fit.terms[j + 1].estimate,
                                                  training.col(static_cast<Eigen::Index>(j)), options.intervals);
        widest = std::max(widest, std::fabs(variable.coefficient) * (variable.max - variable.min));
        nomogram.variables.push_back(std::move(variable));
    }
    requireInput(widest > 0.0, "nomogram: every coefficient is 0, so no axis has a length; check the model");
    nomogram.scale = options.maxScale / widest;

    nomogram.lpAtZeroPoints = nomogram.intercept;
    for (NomogramVariable& variable : nomogram.variables) {
        nomogram.lpAtZeroPoints += variable.coefficient * variable.zeroAt;
        for (NomogramTick& tick : variable.ticks) {
            tick.points = nomogram.scale * variable.coefficient * (tick.value - variable.zeroAt) + 0.0;
        }
    }

    // Total-points axis as rms: long enough for the training linear predictor's pretty range.
    std::vector<double> trainingLp = fit.linearPredictor;
    if (trainingLp.size() != static_cast<std::size_t>(training.rows())) {
        trainingLp.clear();
        for (Eigen::Index i = 0; i < training.rows(); ++i) {
            const Eigen::VectorXd row = training.row(i).transpose();
            trainingLp.push_back(linearPredictorOf(nomogram, std::span<const double>(row.data(), row.size())));
        }
    }
    const auto [lowLp, highLp] = std::minmax_element(trainingLp.begin(), trainingLp.end());
    const std::vector<double> lpTicks = prettyValues(*lowLp, *highLp, options.intervals);
    double totalMax = options.maxScale;
    if (nomogram.variables.size() > 1) {
        totalMax = std::max(totalMax, nomogram.scale * (lpTicks.back() - nomogram.lpAtZeroPoints));
    }
    nomogram.totalPointsTicks = prettyValues(0.0, totalMax, options.intervals);
    nomogram.totalPointsMax = nomogram.totalPointsTicks.back();

    // Probability ticks: exact inverse of the logistic function (rms interpolates it on a grid).
    for (double probability : options.probabilities) {
        const double lp = std::log(probability / (1.0 - probability));
        const double total = nomogram.scale * (lp - nomogram.lpAtZeroPoints);
        const bool onLpRange = lp >= lpTicks.front() && lp <= lpTicks.back();
        const bool onAxis = total >= 0.0 && total <= nomogram.totalPointsMax;
        if (onLpRange && onAxis) {
            nomogram.probabilityTicks.push_back({probability, total});
        }
    }
    return nomogram;
}

NomogramScore scoreNomogram(const Nomogram& nomogram, std::span<const double> values) {
    if (values.size() != nomogram.variables.size()) {
        throw std::logic_error("scoreNomogram: expected one value per nomogram variable");
    }
    NomogramScore score;
    for (std::size_t j = 0; j < values.size(); ++j) {
        const NomogramVariable& variable = nomogram.variables[j];
        // Adding 0.0 turns the -0 of a negative coefficient at zero_at into 0.
        const double points = nomogram.scale * variable.coefficient * (values[j] - variable.zeroAt) + 0.0;
        score.points.push_back(points);
        score.totalPoints += points;
    }
    score.linearPredictor = nomogram.lpAtZeroPoints + score.totalPoints / nomogram.scale;
    score.probability = logisticProbability(score.linearPredictor);
    return score;
}

nlohmann::json nomogramToJson(const Nomogram& nomogram) {
    nlohmann::json variables = nlohmann::json::array();
    for (const NomogramVariable& variable : nomogram.variables) {
        nlohmann::json ticks = nlohmann::json::array();
        for (const NomogramTick& tick : variable.ticks) {
            ticks.push_back({{"value", tick.value}, {"points", tick.points}});
        }
        variables.push_back({{"name", variable.name},
                             {"label", variable.label},
                             {"coefficient", variable.coefficient},
                             {"type", nomogramVariableTypeName(variable.type)},
                             {"min", variable.min},
                             {"max", variable.max},
                             {"data_min", variable.dataMin},
                             {"data_max", variable.dataMax},
                             {"zero_at", variable.zeroAt},
                             {"ticks", ticks}});
    }
    nlohmann::json probabilityTicks = nlohmann::json::array();
    for (const ProbabilityTick& tick : nomogram.probabilityTicks) {
        probabilityTicks.push_back({{"probability", tick.probability}, {"total_points", tick.totalPoints}});
    }
    return {{"variables", variables},
            {"scale", nomogram.scale},
            {"intercept", nomogram.intercept},
            {"lp_at_zero_points", nomogram.lpAtZeroPoints},
            {"total_points", {{"max", nomogram.totalPointsMax}, {"ticks", nomogram.totalPointsTicks}}},
            {"probability_ticks", probabilityTicks}};
}

namespace {

const nlohmann::json& member(const nlohmann::json& object, const std::string& key, const std::string& where,
                             const std::string& source) {
    requireInput(object.is_object() && object.contains(key),
                 source + ": key '" + where + key + "' is missing; rewrite the model with pulmorad study");
    return object.at(key);
}

double number(const nlohmann::json& object, const std::string& key, const std::string& where,
              const std::string& source) {
    const nlohmann::json& value = member(object, key, where, source);
    requireInput(value.is_number(),
                 source + ": key '" + where + key + "' is not a number; rewrite the model with pulmorad study");
    return value.get<double>();
}

std::string text(const nlohmann::json& object, const std::string& key, const std::string& where,
                 const std::string& source) {
    const nlohmann::json& value = member(object, key, where, source);
    requireInput(value.is_string(),
                 source + ": key '" + where + key + "' is not a string; rewrite the model with pulmorad study");
    return value.get<std::string>();
}

const nlohmann::json& array(const nlohmann::json& object, const std::string& key, const std::string& where,
                            const std::string& source) {
    const nlohmann::json& value = member(object, key, where, source);
    requireInput(value.is_array(),
                 source + ": key '" + where + key + "' is not an array; rewrite the model with pulmorad study");
    return value;
}

}  // namespace

Nomogram nomogramFromJson(const nlohmann::json& json, const std::string& source) {
    const std::string where = "nomogram.";
    Nomogram nomogram;
    const nlohmann::json& variables = array(json, "variables", where, source);
    for (std::size_t j = 0; j < variables.size(); ++j) {
        const nlohmann::json& item = variables[j];
        const std::string path = where + "variables[" + std::to_string(j) + "].";
        NomogramVariable variable;
        variable.name = text(item, "name", path, source);
        variable.label = text(item, "label", path, source);
        const std::string type = text(item, "type", path, source);
        requireInput(type == "continuous" || type == "binary",
                     source + ": key '" + path + "type' is '" + type + "'; use continuous or binary");
        variable.type = type == "binary" ? NomogramVariableType::Binary : NomogramVariableType::Continuous;
        variable.coefficient = number(item, "coefficient", path, source);
        variable.min = number(item, "min", path, source);
        variable.max = number(item, "max", path, source);
        variable.dataMin = number(item, "data_min", path, source);
        variable.dataMax = number(item, "data_max", path, source);
        variable.zeroAt = number(item, "zero_at", path, source);
        const nlohmann::json& ticks = array(item, "ticks", path, source);
        for (std::size_t t = 0; t < ticks.size(); ++t) {
            const std::string tickPath = path + "ticks[" + std::to_string(t) + "].";
            variable.ticks.push_back({number(ticks[t], "value", tickPath, source),
                                      number(ticks[t], "points", tickPath, source)});
        }
        nomogram.variables.push_back(std::move(variable));
    }

    nomogram.scale = number(json, "scale", where, source);
    requireInput(nomogram.scale > 0.0 && std::isfinite(nomogram.scale),
                 source + ": key 'nomogram.scale' must be a positive number; rewrite the model with pulmorad study");
    nomogram.intercept = number(json, "intercept", where, source);
    nomogram.lpAtZeroPoints = number(json, "lp_at_zero_points", where, source);

    const nlohmann::json& total = member(json, "total_points", where, source);
    nomogram.totalPointsMax = number(total, "max", where + "total_points.", source);
    for (const nlohmann::json& tick : array(total, "ticks", where + "total_points.", source)) {
        requireInput(tick.is_number(), source + ": key 'nomogram.total_points.ticks' holds a value that is not a "
                                                "number; rewrite the model with pulmorad study");
        nomogram.totalPointsTicks.push_back(tick.get<double>());
    }

    const nlohmann::json& probabilityTicks = array(json, "probability_ticks", where, source);
    for (std::size_t t = 0; t < probabilityTicks.size(); ++t) {
        const std::string tickPath = where + "probability_ticks[" + std::to_string(t) + "].";
        nomogram.probabilityTicks.push_back({number(probabilityTicks[t], "probability", tickPath, source),
                                             number(probabilityTicks[t], "total_points", tickPath, source)});
    }
    return nomogram;
}

}  // namespace pulmorad::study

// Figures of the clinical, radiomics and combined models: the nomogram,
// calibration curves, decision curves and ROC curves.

#include "common/number_format.h"
#include "report/figures_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <numeric>

namespace pulmorad::report::detail {

namespace {

// A compact label for a nomogram value: up to four decimals, no trailing
// zeros, U+2212 for minus.
std::string compactNumber(double value) {
    std::string text = formatLabelNumber(value, 4);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') {
            text.pop_back();
        }
        if (text.back() == '.') {
            text.pop_back();
        }
    }
    return text == "\u22120" ? "0" : text;
}

// Display labels of the combined models by name, from combined.models.
std::vector<std::pair<std::string, std::string>> combinedModelLabels(const FigureData& data) {
    std::vector<std::pair<std::string, std::string>> labels;
    if (!data.has("combined.models")) {
        return labels;
    }
    const std::size_t count = data.arraySize("combined.models");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string base = keyPath("combined.models", i);
        const std::string name = data.string(keyPath(base, "name"));
        labels.emplace_back(name, data.stringOr(keyPath(base, "label"), name));
    }
    return labels;
}

std::string combinedLabel(const std::vector<std::pair<std::string, std::string>>& labels,
                          const std::string& name) {
    for (const auto& [key, label] : labels) {
        if (key == name) {
            return label;
        }
    }
    return name;
}

// A model label inside a sentence: "Clinical model" becomes "clinical
// model", but a leading acronym ("LASSO model") keeps its capitals.
std::string labelInSentence(const std::string& label) {
    if (label.size() < 2 || !std::isupper(static_cast<unsigned char>(label[0])) ||
        !std::islower(static_cast<unsigned char>(label[1]))) {
        return label;
    }
    std::string out = label;
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    return out;
}

// Names of an object's keys, ordered as in `preferred` first, then the rest.
std::vector<std::string> orderedKeys(const nlohmann::json& object,
                                     const std::vector<std::pair<std::string, std::string>>& preferred) {
    std::vector<std::string> keys;
    for (const auto& [name, label] : preferred) {
        if (object.contains(name)) {
            keys.push_back(name);
        }
    }
    for (const auto& [name, value] : object.items()) {
        if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
            keys.push_back(name);
        }
    }
    return keys;
}

// One tick of a nomogram scale. `anchor` places the label: centred on the
// tick ("middle"), ending just left of it ("end") or starting just right of
// it ("start"). Labels are placed in ascending `priority`, then from left
// to right, and a label that would collide with one already placed is left
// out.
struct NomogramTick {
    double x;
    std::string label;
    double value;
    double points;
    std::string anchor = "middle";
    int priority = 0;
};

// Minimum horizontal gap between two tick labels on the same side of a
// scale, about half a character at 10 px, so that labels never touch.
constexpr double kTickLabelGap = 5.0;
// Distance between a tick and a label anchored at its side.
constexpr double kSideLabelOffset = 3.0;

// The left and right edge of a tick's label in px.
std::pair<double, double> tickLabelExtent(const NomogramTick& tick) {
    const double width = textWidth(tick.label, kSmallFontSize);
    if (tick.anchor == "end") {
        return {tick.x - kSideLabelOffset - width, tick.x - kSideLabelOffset};
    }
    if (tick.anchor == "start") {
        return {tick.x + kSideLabelOffset, tick.x + kSideLabelOffset + width};
    }
    return {tick.x - width / 2.0, tick.x + width / 2.0};
}

enum class LabelSide { Above, Below, None };

// Chooses a side for each tick label: above the line where it keeps
// kTickLabelGap from the labels placed there, else below the line when
// `useBelow`, else none.
std::vector<LabelSide> placeTickLabels(const std::vector<NomogramTick>& ticks, bool useBelow) {
    std::vector<std::size_t> order(ticks.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return ticks[a].priority != ticks[b].priority ? ticks[a].priority < ticks[b].priority
                                                       : ticks[a].x < ticks[b].x;
    });
    std::vector<LabelSide> sides(ticks.size(), LabelSide::None);
    std::vector<std::pair<double, double>> above;
    std::vector<std::pair<double, double>> below;
    const auto fits = [](const std::vector<std::pair<double, double>>& placed, std::pair<double, double> extent) {
        for (const auto& [left, right] : placed) {
            if (extent.first < right + kTickLabelGap && extent.second > left - kTickLabelGap) {
                return false;
            }
        }
        return true;
    };
    for (const std::size_t i : order) {
        const auto extent = tickLabelExtent(ticks[i]);
        if (fits(above, extent)) {
            sides[i] = LabelSide::Above;
            above.push_back(extent);
        } else if (useBelow && fits(below, extent)) {
            sides[i] = LabelSide::Below;
            below.push_back(extent);
        }
    }
    return sides;
}

// Draws a nomogram scale at height y. A labelled tick points towards its
// label; a tick left without a label is drawn shorter and keeps its value as
// a tooltip.
void addNomogramScale(Document& document, const std::string& cssClass, const std::string& variable, double y,
                      const std::vector<NomogramTick>& ticks, double lineStart, double lineEnd, bool useBelow) {
    Element group("g");
    group.attribute("class", cssClass).attribute("data-variable", variable);
    group.add(makeLine(lineStart, y, lineEnd, y, "#000000", 1.0))
        .attribute("class", "nomogram-line")
        .attribute("data-variable", variable);
    const auto sides = placeTickLabels(ticks, useBelow);
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        const NomogramTick& tick = ticks[i];
        const LabelSide side = sides[i];
        double end = y - 3.0;
        if (side == LabelSide::Above) {
            end = y - 5.0;
        } else if (side == LabelSide::Below) {
            end = y + 5.0;
        }
        Element& line = group.add(makeLine(tick.x, y, tick.x, end, "#000000", 1.0));
        line.attribute("class", "nomogram-tick")
            .attribute("data-value", formatDouble(tick.value))
            .attribute("data-points", formatDouble(tick.points));
        if (side == LabelSide::None) {
            line.tooltip(tick.label);
            continue;
        }
        double labelX = tick.x;
        if (tick.anchor == "end") {
            labelX -= kSideLabelOffset;
        } else if (tick.anchor == "start") {
            labelX += kSideLabelOffset;
        }
        group
            .add(makeText(labelX, side == LabelSide::Above ? y - 8.0 : y + 15.0, tick.label, tick.anchor,
                          kSmallFontSize))
            .attribute("class", "nomogram-tick-label");
    }
    document.add(std::move(group));
}

// The two labels of a binary variable ("0" and "1") are anchored away from
// each other when centred labels would come closer than kTickLabelGap, so
// a small coefficient cannot make them touch.
void separateBinaryLabels(std::vector<NomogramTick>& ticks) {
    if (ticks.size() != 2) {
        return;
    }
    NomogramTick& left = ticks[0].x <= ticks[1].x ? ticks[0] : ticks[1];
    NomogramTick& right = ticks[0].x <= ticks[1].x ? ticks[1] : ticks[0];
    if (tickLabelExtent(right).first - tickLabelExtent(left).second >= kTickLabelGap) {
        return;
    }
    left.anchor = "end";
    right.anchor = "start";
}

// Label priority of a probability tick: round probabilities first (0.5,
// then 0.1 and 0.9, ...), so that a cramped probability scale keeps the
// most useful labels.
int probabilityPriority(double probability) {
    static const std::vector<double> preferred = {0.5, 0.1, 0.9, 0.3, 0.7, 0.05, 0.95,
                                                  0.2, 0.8, 0.01, 0.99, 0.4, 0.6};
    for (std::size_t i = 0; i < preferred.size(); ++i) {
        if (std::abs(probability - preferred[i]) < 1e-9) {
            return static_cast<int>(i);
        }
    }
    return static_cast<int>(preferred.size());
}

}  // namespace

namespace {

// One variable's scale of the nomogram.
struct NomogramRow {
    std::string name;
    std::string label;
    bool binary = false;
    std::vector<NomogramTick> ticks;  // x is set when the scale is drawn
};

// combined.nomogram, checked against the contract's formulas.
struct Nomogram {
    std::vector<NomogramRow> rows;
    std::vector<double> totalTicks;
    double totalAxisMax = 0.0;  // the end of the total-points scale
    std::vector<NomogramTick> probabilityTicks;
};

NomogramRow readNomogramRow(const FigureData& data, const std::string& variable, double scale) {
    NomogramRow row;
    row.name = data.string(keyPath(variable, "name"));
    row.binary = data.stringOr(keyPath(variable, "type"), "continuous") == "binary";
    row.label = data.stringOr(keyPath(variable, "label"), row.name);
    const double coefficient = data.number(keyPath(variable, "coefficient"));
    const double zeroAt = data.number(keyPath(variable, "zero_at"));
    const std::size_t tickCount = data.arraySize(keyPath(variable, "ticks"));
    if (tickCount == 0) {
        data.fail(keyPath(variable, "ticks"), "is empty");
    }
    for (std::size_t t = 0; t < tickCount; ++t) {
        const std::string tick = keyPath(keyPath(variable, "ticks"), t);
        const double value = data.number(keyPath(tick, "value"));
        const double points = data.number(keyPath(tick, "points"));
        // The contract: points = scale * |b (x - zero_at)|, within 0..100.
        const double expected = scale * std::abs(coefficient * (value - zeroAt));
        if (std::abs(points - expected) > 0.01 || points < -0.01 || points > 100.01) {
            data.fail(keyPath(tick, "points"),
                      fmt::format("is {} but scale * |coefficient * (value - zero_at)| is {}", points, expected));
        }
        row.ticks.push_back({0.0, compactNumber(value), value, points});
    }
    return row;
}

Nomogram readNomogram(const FigureData& data) {
    const std::string base = "combined.nomogram";
    const double scale = data.number(keyPath(base, "scale"));
    const double lpAtZero = data.number(keyPath(base, "lp_at_zero_points"));
    if (!(scale > 0.0)) {
        data.fail(keyPath(base, "scale"), fmt::format("is {}, not positive", scale));
    }
    const std::size_t variableCount = data.arraySize(keyPath(base, "variables"));
    if (variableCount == 0) {
        data.fail(keyPath(base, "variables"), "is empty");
    }
    Nomogram nomogram;
    for (std::size_t v = 0; v < variableCount; ++v) {
        nomogram.rows.push_back(readNomogramRow(data, keyPath(keyPath(base, "variables"), v), scale));
    }

    const double totalMax = data.number(keyPath(base, "total_points.max"));
    nomogram.totalTicks = data.numbers(keyPath(base, "total_points.ticks"));
    if (nomogram.totalTicks.empty()) {
        data.fail(keyPath(base, "total_points.ticks"), "is empty");
    }
    nomogram.totalAxisMax =
        std::max(totalMax, *std::max_element(nomogram.totalTicks.begin(), nomogram.totalTicks.end()));
    if (!(nomogram.totalAxisMax > 0.0)) {
        data.fail(keyPath(base, "total_points.max"), "is not positive");
    }

    const std::size_t probabilityCount = data.arraySize(keyPath(base, "probability_ticks"));
    for (std::size_t i = 0; i < probabilityCount; ++i) {
        const std::string tick = keyPath(keyPath(base, "probability_ticks"), i);
        const double probability = data.number(keyPath(tick, "probability"));
        const double total = data.number(keyPath(tick, "total_points"));
        const double expected = 1.0 / (1.0 + std::exp(-(lpAtZero + total / scale)));
        if (!(probability > 0.0 && probability < 1.0) || std::abs(probability - expected) > 1e-3) {
            data.fail(keyPath(tick, "probability"),
                      fmt::format("is {} but the total points {} give {}", probability, total, expected));
        }
        nomogram.probabilityTicks.push_back(
            {0.0, compactNumber(probability), probability, total, "middle", probabilityPriority(probability)});
    }
    return nomogram;
}

// Ticks sorted from left to right after placing them at `xOf(points)`.
std::vector<NomogramTick> placeTicks(std::vector<NomogramTick> ticks, const std::function<double(double)>& xOf) {
    for (auto& tick : ticks) {
        tick.x = xOf(tick.points);
    }
    std::sort(ticks.begin(), ticks.end(), [](const NomogramTick& a, const NomogramTick& b) { return a.x < b.x; });
    return ticks;
}

}  // namespace

std::string renderNomogram(const FigureData& data) {
    const Nomogram nomogram = readNomogram(data);
    const auto& rows = nomogram.rows;

    // Layout: one row per scale, labels in a left column.
    const std::string outcome = data.stringOr("cohort.labels.positive", "");
    const std::string probabilityLabel = outcome.empty() ? "Probability" : "Probability of " + outcome;
    std::vector<std::string> rowLabels = {"Points"};
    for (const auto& row : rows) {
        rowLabels.push_back(row.label);
    }
    rowLabels.push_back("Total points");
    rowLabels.push_back(probabilityLabel);
    double labelWidth = 0.0;
    for (auto& label : rowLabels) {
        label = shortenMiddle(label, 28);
        labelWidth = std::max(labelWidth, textWidth(label));
    }
    const double x0 = labelWidth + 28.0;
    const double axisWidth = 380.0;
    const double rowHeight = 44.0;
    const double top = 56.0;
    const double width = x0 + axisWidth + 30.0;
    const double height = top + rowHeight * static_cast<double>(rowLabels.size() - 1) + 36.0;
    Document document(width, height, "Nomogram");
    document.add(makeTitle(width, "Nomogram of the combined model"));
    const auto pointsX = [&](double points) { return x0 + points / 100.0 * axisWidth; };
    const auto totalX = [&](double total) { return x0 + total / nomogram.totalAxisMax * axisWidth; };
    double y = top;
    const auto addRowLabel = [&](const std::string& label, const std::string& full) {
        document.add(makeText(x0 - 16.0, y + 4.0, label, "end")).attribute("font-weight", "bold").tooltip(full);
    };

    std::vector<NomogramTick> pointTicks;
    for (int p = 0; p <= 100; p += 10) {
        pointTicks.push_back({pointsX(p), std::to_string(p), static_cast<double>(p), static_cast<double>(p)});
    }
    addRowLabel(rowLabels[0], "Points");
    addNomogramScale(document, "nomogram-points-axis", "Points", y, pointTicks, x0, x0 + axisWidth, true);
    for (int p = 5; p < 100; p += 10) {
        document.add(makeLine(pointsX(p), y, pointsX(p), y - 3.0, "#000000", 0.8));
    }
    // Light guides from the points scale down to the total-points scale.
    for (int p = 0; p <= 100; p += 10) {
        document.add(makeLine(pointsX(p), y + 2.0, pointsX(p), top + rowHeight * static_cast<double>(rows.size()) + 6.0,
                              "#eeeeee", 0.6));
    }

    for (std::size_t r = 0; r < rows.size(); ++r) {
        y += rowHeight;
        auto ticks = placeTicks(rows[r].ticks, pointsX);
        if (rows[r].binary) {
            separateBinaryLabels(ticks);
        }
        addRowLabel(rowLabels[r + 1], rows[r].label);
        addNomogramScale(document, "nomogram-variable", rows[r].name, y, ticks, ticks.front().x, ticks.back().x,
                         true);
    }

    y += rowHeight;
    std::vector<NomogramTick> totals;
    for (const double total : nomogram.totalTicks) {
        totals.push_back({totalX(total), compactNumber(total), total, total});
    }
    addRowLabel(rowLabels[rows.size() + 1], "Total points");
    addNomogramScale(document, "nomogram-total-axis", "Total points", y, totals, x0, x0 + axisWidth, true);

    y += rowHeight;
    if (!nomogram.probabilityTicks.empty()) {
        const auto ticks = placeTicks(nomogram.probabilityTicks, totalX);
        addRowLabel(rowLabels.back(), probabilityLabel);
        // One row of labels only: staggered probabilities read as two scales.
        addNomogramScale(document, "nomogram-probability-axis", "Probability", y, ticks, ticks.front().x,
                         ticks.back().x, false);
    }
    return document.str();
}

namespace {

// The model whose calibration results.json holds: calibration.<set>.model,
// else, as the study chooses, the combined logistic model, else the
// radiomics one, else the clinical one, among those in combined.models.
std::string calibratedModel(const FigureData& data, const std::string& base,
                            const std::vector<std::pair<std::string, std::string>>& labels) {
    if (data.has(keyPath(base, "model"))) {
        return data.string(keyPath(base, "model"));
    }
    for (const char* name : {"combined", "radiomics", "clinical"}) {
        for (const auto& [key, label] : labels) {
            if (key == name) {
                return key;
            }
        }
    }
    return "combined";
}

// Draws the (predicted, observed) curve cut to the unit square, and marks it
// as drawn so that the legend avoids it.
void addCalibrationCurve(Chart& chart, const std::vector<double>& predicted, const std::vector<double>& observed,
                         const std::string& colour, std::string_view dash, std::string_view cssClass) {
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        points.emplace_back(predicted[i], observed[i]);
    }
    for (const auto& run : clipPolyline(points, 0.0, 1.0)) {
        const auto mapped = chart.map(run);
        chart.occupy(mapped);
        chart.add(makePolyline(mapped, colour, 1.8, dash)).attribute("class", cssClass);
    }
}

// Training set: the apparent and bias-corrected curves (rms calibrate) and
// notes on the bootstrap count and the mean absolute error.
void addTrainingCalibration(Chart& chart, const FigureData& data, const std::string& base,
                            const std::vector<double>& predicted, std::vector<LegendEntry>& entries,
                            std::vector<std::string>& notes) {
    const auto apparent = data.numbers(keyPath(base, "apparent"), true);
    const auto corrected = data.numbers(keyPath(base, "corrected"), true);
    data.requireLength(keyPath(base, "apparent"), apparent.size(), predicted.size());
    data.requireLength(keyPath(base, "corrected"), corrected.size(), predicted.size());
    const double error = data.number(keyPath(base, "mean_absolute_error"));
    const double bootstraps = data.optionalNumber(keyPath(base, "bootstraps"));
    const double usable = data.optionalNumber(keyPath(base, "usable_bootstraps"));

    addCalibrationCurve(chart, predicted, apparent, kNegativeColour, dashPattern(LegendKey::DottedLine), "apparent");
    addCalibrationCurve(chart, predicted, corrected, kPositiveColour, "", "bias-corrected");
    entries.push_back({"Apparent", kNegativeColour, LegendKey::DottedLine, ""});
    entries.push_back({"Bias-corrected", kPositiveColour, LegendKey::Line, ""});
    if (std::isfinite(bootstraps)) {
        notes.push_back(std::isfinite(usable) && usable != bootstraps
                            ? fmt::format("B = {:.0f} bootstraps ({:.0f} usable)", bootstraps, usable)
                            : fmt::format("B = {:.0f} bootstraps", bootstraps));
    }
    notes.push_back(fmt::format("Mean absolute error = {:.3f}", error));
}

// Test set: the lowess curve of val.prob, the grouped patients as points and
// notes on the Brier score, calibration intercept and slope.
void addTestCalibration(Chart& chart, const FigureData& data, const std::string& base,
                        const std::vector<double>& predicted, std::vector<LegendEntry>& entries,
                        std::vector<std::string>& notes) {
    const auto observed = data.numbers(keyPath(base, "observed"), true);
    data.requireLength(keyPath(base, "observed"), observed.size(), predicted.size());
    const double brier = data.number(keyPath(base, "brier"));
    const double intercept = data.number(keyPath(base, "intercept"));
    const double slope = data.number(keyPath(base, "slope"));

    addCalibrationCurve(chart, predicted, observed, kPositiveColour, "", "lowess");
    entries.push_back({"Lowess", kPositiveColour, LegendKey::Line, ""});
    const std::size_t groups = data.has(keyPath(base, "groups")) ? data.arraySize(keyPath(base, "groups")) : 0;
    for (std::size_t g = 0; g < groups; ++g) {
        const std::string group = keyPath(keyPath(base, "groups"), g);
        const double x = data.number(keyPath(group, "predicted"));
        const double y = data.number(keyPath(group, "observed"));
        const double n = data.optionalNumber(keyPath(group, "n"));
        if (x < 0.0 || x > 1.0 || y < 0.0 || y > 1.0) {
            data.fail(group, fmt::format("has the point ({}, {}) outside [0, 1]", x, y));
        }
        chart.occupy({{chart.x()(x), chart.y()(y)}});
        chart.add(makeDot(chart.x()(x), chart.y()(y), 3.8, kNegativeColour))
            .attribute("class", "calibration-group")
            .attribute("fill-opacity", 0.85)
            .tooltip(fmt::format("predicted {:.3f}, observed {:.3f}{}", x, y,
                                 std::isfinite(n) ? fmt::format(", n = {:.0f}", n) : ""));
    }
    if (groups > 0) {
        entries.push_back({"Grouped patients", kNegativeColour, LegendKey::Point, ""});
    }
    notes.push_back(fmt::format("Brier score = {}", formatLabelNumber(brier, 3)));
    notes.push_back(fmt::format("Intercept = {}", formatLabelNumber(intercept, 3)));
    notes.push_back(fmt::format("Slope = {}", formatLabelNumber(slope, 3)));
}

}  // namespace

std::string renderCalibration(const FigureData& data, const std::string& set) {
    const std::string base = keyPath("combined.calibration", set);
    const bool training = set == "train";
    const auto predicted = data.numbers(keyPath(base, "predicted"));
    const auto labels = combinedModelLabels(data);
    const std::string model = labelInSentence(combinedLabel(labels, calibratedModel(data, base, labels)));

    const Ticks ticks = linearTicks(0.0, 1.0, 5);
    ChartOptions options;
    options.plotWidth = 320.0;
    options.plotHeight = 300.0;
    options.xGrid = true;
    options.yGrid = true;
    Chart chart(fmt::format("Calibration of the {}, {} set", model, training ? "training" : "test"), ticks, ticks,
                "Predicted probability", "Observed probability", options);
    chart
        .add(makeLine(chart.x()(0.0), chart.y()(0.0), chart.x()(1.0), chart.y()(1.0), kReferenceGrey, 1.0, "4 3"))
        .attribute("class", "ideal-line");
    std::vector<LegendEntry> entries = {{"Ideal", kReferenceGrey, LegendKey::DashedLine, ""}};
    std::vector<std::string> notes;
    if (training) {
        addTrainingCalibration(chart, data, base, predicted, entries, notes);
        chart.legend(entries, {"top-left"});
    } else {
        addTestCalibration(chart, data, base, predicted, entries, notes);
        chart.legend(entries, {"bottom-right", "bottom-left", "top-right"});
    }
    // Training notes stack up from the bottom-right corner, below the curves
    // of a well-calibrated model. Test notes sit in the top-left corner,
    // which the test legend never takes.
    const Area& area = chart.area();
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const double row = 14.0 * static_cast<double>(training ? notes.size() - 1 - i : i);
        const double x = training ? area.right() - 8.0 : area.x + 8.0;
        const double y = training ? area.bottom() - 10.0 - row : area.y + 16.0 + row;
        chart.add(makeText(x, y, notes[i], training ? "end" : "start", kSmallFontSize))
            .attribute("class", "calibration-note");
    }
    return chart.str();
}

std::string renderDecisionCurve(const FigureData& data, const std::string& set) {
    const std::string base = keyPath("combined.decision_curve", set);
    const auto thresholds = data.numbers(keyPath(base, "thresholds"));
    if (thresholds.size() < 2) {
        data.fail(keyPath(base, "thresholds"), "has fewer than two values");
    }
    const auto& netBenefit = data.object(keyPath(base, "net_benefit"));
    const auto labels = combinedModelLabels(data);
    std::vector<std::string> models;
    for (const auto& key : orderedKeys(netBenefit, labels)) {
        if (key != "treat_all" && key != "treat_none") {
            models.push_back(key);
        }
    }
    struct Series {
        std::string key;
        std::string label;
        std::string colour;
        LegendKey style;
        std::vector<double> values;
    };
    std::vector<Series> series;
    for (std::size_t m = 0; m < models.size(); ++m) {
        series.push_back({models[m], combinedLabel(labels, models[m]), seriesColour(m), LegendKey::Line, {}});
    }
    if (netBenefit.contains("treat_all")) {
        series.push_back({"treat_all", "Treat all", kReferenceGrey, LegendKey::Line, {}});
    }
    if (netBenefit.contains("treat_none")) {
        series.push_back({"treat_none", "Treat none", "#000000", LegendKey::DashedLine, {}});
    }
    double high = 0.0;
    for (auto& s : series) {
        const std::string path = keyPath(keyPath(base, "net_benefit"), s.key);
        s.values = data.numbers(path, true);
        data.requireLength(path, s.values.size(), thresholds.size());
        for (const double v : s.values) {
            if (std::isfinite(v)) {
                high = std::max(high, v);
            }
        }
    }
    // Net benefit of treat-all falls steeply at high thresholds. The y axis
    // stops at -0.05 and curves are cut there, so the model curves keep most
    // of the height.
    constexpr double kLowest = -0.05;
    const Ticks yTicks = linearTicks(kLowest, std::max(high, 0.05));
    const auto [minThreshold, maxThreshold] = std::minmax_element(thresholds.begin(), thresholds.end());
    const Ticks xTicks = linearTicks(*minThreshold, *maxThreshold, 5);
    ChartOptions options;
    options.plotWidth = 400.0;
    options.plotHeight = 280.0;
    options.xGrid = true;
    options.yGrid = true;
    options.yDomainLow = kLowest;
    // Model curves and treat-all cross the whole plot, so any corner legend
    // would cover some of them: the legend goes below the chart.
    std::vector<LegendEntry> entries;
    for (const auto& s : series) {
        entries.push_back({s.label, s.colour, s.style, ""});
    }
    options.extraBottom = Chart::legendBelowHeight(entries);
    Chart chart(set == "train" ? "Decision curves, training set" : "Decision curves, test set", xTicks,
                yTicks, "Threshold probability", "Net benefit", options);
    for (const auto& s : series) {
        std::vector<std::pair<double, double>> points;
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            points.emplace_back(thresholds[i], s.values[i]);
        }
        for (const auto& run : clipPolyline(points, kLowest, yTicks.values.back())) {
            const auto mapped = chart.map(run);
            chart.occupy(mapped);
            chart
                .add(makePolyline(mapped, s.colour, s.key.starts_with("treat") ? 1.2 : 1.8,
                                  dashPattern(s.style)))
                .attribute("class", "net-benefit")
                .attribute("data-name", s.key);
        }
    }
    chart.legendBelow(entries);
    return chart.str();
}

namespace {

// "ROC curves of the clinical, radiomics and combined models, test set",
// naming only the models drawn. Both combined models (logistic and
// LightGBM-style) count as "combined".
std::string combinedRocTitle(const std::vector<RocCurve>& curves, const std::string& set) {
    std::vector<std::string> kinds;
    for (const auto& curve : curves) {
        const std::string kind = curve.name.starts_with("combined") ? "combined" : curve.name;
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
            kinds.push_back(kind);
        }
    }
    std::string names;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0) {
            names += i + 1 == kinds.size() ? " and " : ", ";
        }
        names += kinds[i];
    }
    const bool plural = curves.size() > 1;
    return fmt::format("ROC curve{} of the {} model{}, {} set", plural ? "s" : "", names, plural ? "s" : "",
                       set == "train" ? "training" : "test");
}

}  // namespace

std::string renderCombinedRoc(const FigureData& data, const std::string& set) {
    const auto labels = combinedModelLabels(data);
    const RocSource source{"combined.roc", "combined.metrics", "name",
                           [&](const std::string& name) { return combinedLabel(labels, name); }};
    const auto curves = readRocCurves(data, source, orderedKeys(data.object("combined.roc"), labels), set);
    return renderRocChart(combinedRocTitle(curves, set), curves);
}

}  // namespace pulmorad::report::detail

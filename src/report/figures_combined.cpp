// Figures of the clinical, radiomics and combined models: the nomogram,
// calibration curves, decision curves and ROC curves.

#include "common/number_format.h"
#include "report/figures_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

// One row of the nomogram: a horizontal scale with labelled ticks.
struct NomogramTick {
    double x;
    std::string label;
    double value;
    double points;
};

// Draws a nomogram scale at height y. Tick labels go above the line; a label
// that would overlap its left neighbour goes below it instead, as rms does.
void addNomogramScale(Document& document, const std::string& cssClass, const std::string& variable, double y,
                      const std::vector<NomogramTick>& ticks, double lineStart, double lineEnd) {
    Element group("g");
    group.attribute("class", cssClass).attribute("data-variable", variable);
    group.add(makeLine(lineStart, y, lineEnd, y, "#000000", 1.0))
        .attribute("class", "nomogram-line")
        .attribute("data-variable", variable);
    double aboveEnd = -1e9;
    double belowEnd = -1e9;
    for (const auto& tick : ticks) {
        const double half = textWidth(tick.label, kSmallFontSize) / 2.0;
        const bool fitsAbove = tick.x - half > aboveEnd + 2.0;
        const bool fitsBelow = tick.x - half > belowEnd + 2.0;
        const bool above = fitsAbove || !fitsBelow;
        Element& line = group.add(makeLine(tick.x, y, tick.x, above ? y - 5.0 : y + 5.0, "#000000", 1.0));
        line.attribute("class", "nomogram-tick")
            .attribute("data-value", formatDouble(tick.value))
            .attribute("data-points", formatDouble(tick.points));
        if (!fitsAbove && !fitsBelow) {
            // No room on either side: the tick keeps its value as a tooltip only.
            line.tooltip(tick.label);
            continue;
        }
        group.add(makeText(tick.x, above ? y - 8.0 : y + 15.0, tick.label, "middle", kSmallFontSize));
        (above ? aboveEnd : belowEnd) = tick.x + half;
    }
    document.add(std::move(group));
}

}  // namespace

std::string renderNomogram(const FigureData& data) {
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
    struct Row {
        std::string name;
        std::string label;
        std::vector<NomogramTick> ticks;
    };
    std::vector<Row> rows;
    for (std::size_t v = 0; v < variableCount; ++v) {
        const std::string variable = keyPath(keyPath(base, "variables"), v);
        Row row;
        row.name = data.string(keyPath(variable, "name"));
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
                          fmt::format("is {} but scale * |coefficient * (value - zero_at)| is {}", points,
                                      expected));
            }
            row.ticks.push_back({0.0, compactNumber(value), value, points});
        }
        rows.push_back(std::move(row));
    }
    const double totalMax = data.number(keyPath(base, "total_points.max"));
    const auto totalTicks = data.numbers(keyPath(base, "total_points.ticks"));
    if (totalTicks.empty()) {
        data.fail(keyPath(base, "total_points.ticks"), "is empty");
    }
    const double totalAxisMax = std::max(totalMax, *std::max_element(totalTicks.begin(), totalTicks.end()));
    if (!(totalAxisMax > 0.0)) {
        data.fail(keyPath(base, "total_points.max"), "is not positive");
    }
    const std::size_t probabilityCount = data.arraySize(keyPath(base, "probability_ticks"));
    std::vector<NomogramTick> probabilityTicks;
    for (std::size_t i = 0; i < probabilityCount; ++i) {
        const std::string tick = keyPath(keyPath(base, "probability_ticks"), i);
        const double probability = data.number(keyPath(tick, "probability"));
        const double total = data.number(keyPath(tick, "total_points"));
        const double expected = 1.0 / (1.0 + std::exp(-(lpAtZero + total / scale)));
        if (!(probability > 0.0 && probability < 1.0) || std::abs(probability - expected) > 1e-3) {
            data.fail(keyPath(tick, "probability"),
                      fmt::format("is {} but the total points {} give {}", probability, total, expected));
        }
        probabilityTicks.push_back({0.0, compactNumber(probability), probability, total});
    }

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
    const auto totalX = [&](double total) { return x0 + total / totalAxisMax * axisWidth; };
    double y = top;
    const auto addRowLabel = [&](const std::string& label, const std::string& full) {
        document.add(makeText(x0 - 16.0, y + 4.0, label, "end"))
            .attribute("font-weight", "bold")
            .tooltip(full);
    };

    std::vector<NomogramTick> pointTicks;
    for (int p = 0; p <= 100; p += 10) {
        pointTicks.push_back({pointsX(p), std::to_string(p), static_cast<double>(p), static_cast<double>(p)});
    }
    addRowLabel(rowLabels[0], "Points");
    addNomogramScale(document, "nomogram-points-axis", "Points", y, pointTicks, x0, x0 + axisWidth);
    for (int p = 5; p < 100; p += 10) {
        document.add(makeLine(pointsX(p), y, pointsX(p), y - 3.0, "#000000", 0.8));
    }
    // Light guides from the points scale down to the total-points scale.
    for (int p = 0; p <= 100; p += 10) {
        document.add(makeLine(pointsX(p), y + 2.0, pointsX(p),
                              top + rowHeight * static_cast<double>(rows.size()) + 6.0, "#eeeeee", 0.6));
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        y += rowHeight;
        auto ticks = rows[r].ticks;
        for (auto& tick : ticks) {
            tick.x = pointsX(tick.points);
        }
        std::sort(ticks.begin(), ticks.end(),
                  [](const NomogramTick& a, const NomogramTick& b) { return a.x < b.x; });
        addRowLabel(rowLabels[r + 1], rows[r].label);
        addNomogramScale(document, "nomogram-variable", rows[r].name, y, ticks, ticks.front().x,
                         ticks.back().x);
    }
    y += rowHeight;
    std::vector<NomogramTick> totals;
    for (const double total : totalTicks) {
        totals.push_back({totalX(total), compactNumber(total), total, total});
    }
    addRowLabel(rowLabels[rows.size() + 1], "Total points");
    addNomogramScale(document, "nomogram-total-axis", "Total points", y, totals, x0, x0 + axisWidth);
    y += rowHeight;
    if (!probabilityTicks.empty()) {
        for (auto& tick : probabilityTicks) {
            tick.x = totalX(tick.points);
        }
        std::sort(probabilityTicks.begin(), probabilityTicks.end(),
                  [](const NomogramTick& a, const NomogramTick& b) { return a.x < b.x; });
        addRowLabel(rowLabels.back(), probabilityLabel);
        addNomogramScale(document, "nomogram-probability-axis", "Probability", y, probabilityTicks,
                         probabilityTicks.front().x, probabilityTicks.back().x);
    }
    return document.str();
}

std::string renderCalibrationTrain(const FigureData& data) {
    const std::string base = "combined.calibration.train";
    const auto predicted = data.numbers(keyPath(base, "predicted"));
    const auto apparent = data.numbers(keyPath(base, "apparent"), true);
    const auto corrected = data.numbers(keyPath(base, "corrected"), true);
    data.requireLength(keyPath(base, "apparent"), apparent.size(), predicted.size());
    data.requireLength(keyPath(base, "corrected"), corrected.size(), predicted.size());
    const double error = data.number(keyPath(base, "mean_absolute_error"));
    const double bootstraps = data.optionalNumber(keyPath(base, "bootstraps"));
    const double usable = data.optionalNumber(keyPath(base, "usable_bootstraps"));

    const Ticks ticks = linearTicks(0.0, 1.0, 5);
    ChartOptions options;
    options.plotWidth = 320.0;
    options.plotHeight = 300.0;
    options.xGrid = true;
    options.yGrid = true;
    Chart chart("Calibration of the combined model, training set", ticks, ticks, "Predicted probability",
                "Observed probability", options);
    chart
        .add(makeLine(chart.x()(0.0), chart.y()(0.0), chart.x()(1.0), chart.y()(1.0), kReferenceGrey, 1.0,
                      "4 3"))
        .attribute("class", "ideal-line");
    const auto drawCurve = [&](const std::vector<double>& observed, const std::string& colour,
                               std::string_view dash, std::string_view cssClass) {
        std::vector<std::pair<double, double>> points;
        for (std::size_t i = 0; i < predicted.size(); ++i) {
            points.emplace_back(predicted[i], observed[i]);
        }
        for (const auto& run : clipPolyline(points, 0.0, 1.0)) {
            std::vector<double> xs;
            std::vector<double> ys;
            for (const auto& [x, y] : run) {
                xs.push_back(x);
                ys.push_back(y);
            }
            const auto mapped = chart.map(xs, ys);
            chart.occupy(mapped);
            chart.add(makePolyline(mapped, colour, 1.8, dash)).attribute("class", cssClass);
        }
    };
    drawCurve(apparent, kNegativeColour, dashPattern(LegendKey::DottedLine), "apparent");
    drawCurve(corrected, kPositiveColour, "", "bias-corrected");
    chart.legend({{"Ideal", kReferenceGrey, LegendKey::DashedLine, ""},
                  {"Apparent", kNegativeColour, LegendKey::DottedLine, ""},
                  {"Bias-corrected", kPositiveColour, LegendKey::Line, ""}},
                 {"top-left"});
    std::vector<std::string> notes;
    if (std::isfinite(bootstraps)) {
        notes.push_back(std::isfinite(usable) && usable != bootstraps
                            ? fmt::format("B = {:.0f} bootstraps ({:.0f} usable)", bootstraps, usable)
                            : fmt::format("B = {:.0f} bootstraps", bootstraps));
    }
    notes.push_back(fmt::format("Mean absolute error = {:.3f}", error));
    for (std::size_t i = 0; i < notes.size(); ++i) {
        chart
            .add(makeText(chart.area().right() - 8.0,
                          chart.area().bottom() - 10.0 - 14.0 * static_cast<double>(notes.size() - 1 - i),
                          notes[i], "end", kSmallFontSize))
            .attribute("class", "calibration-note");
    }
    return chart.str();
}

std::string renderCalibrationTest(const FigureData& data) {
    const std::string base = "combined.calibration.test";
    const auto predicted = data.numbers(keyPath(base, "predicted"));
    const auto observed = data.numbers(keyPath(base, "observed"), true);
    data.requireLength(keyPath(base, "observed"), observed.size(), predicted.size());
    const double brier = data.number(keyPath(base, "brier"));
    const double intercept = data.number(keyPath(base, "intercept"));
    const double slope = data.number(keyPath(base, "slope"));

    const Ticks ticks = linearTicks(0.0, 1.0, 5);
    ChartOptions options;
    options.plotWidth = 320.0;
    options.plotHeight = 300.0;
    options.xGrid = true;
    options.yGrid = true;
    Chart chart("Calibration of the combined model, test set", ticks, ticks, "Predicted probability",
                "Observed probability", options);
    chart
        .add(makeLine(chart.x()(0.0), chart.y()(0.0), chart.x()(1.0), chart.y()(1.0), kReferenceGrey, 1.0,
                      "4 3"))
        .attribute("class", "ideal-line");
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        points.emplace_back(predicted[i], observed[i]);
    }
    for (const auto& run : clipPolyline(points, 0.0, 1.0)) {
        std::vector<double> xs;
        std::vector<double> ys;
        for (const auto& [x, y] : run) {
            xs.push_back(x);
            ys.push_back(y);
        }
        const auto mapped = chart.map(xs, ys);
        chart.occupy(mapped);
        chart.add(makePolyline(mapped, kPositiveColour, 1.8)).attribute("class", "lowess");
    }
    std::vector<LegendEntry> entries = {{"Ideal", kReferenceGrey, LegendKey::DashedLine, ""},
                                        {"Lowess", kPositiveColour, LegendKey::Line, ""}};
    if (data.has(keyPath(base, "groups"))) {
        const std::size_t groups = data.arraySize(keyPath(base, "groups"));
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
    }
    // The statistics sit in the top-left corner.
    chart.legend(entries, {"bottom-right", "bottom-left", "top-right"});
    const std::vector<std::string> notes = {fmt::format("Brier score = {}", formatLabelNumber(brier, 3)),
                                            fmt::format("Intercept = {}", formatLabelNumber(intercept, 3)),
                                            fmt::format("Slope = {}", formatLabelNumber(slope, 3))};
    for (std::size_t i = 0; i < notes.size(); ++i) {
        chart
            .add(makeText(chart.area().x + 8.0, chart.area().y + 16.0 + 14.0 * static_cast<double>(i),
                          notes[i], "start", kSmallFontSize))
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
            std::vector<double> xs;
            std::vector<double> ys;
            for (const auto& [x, y] : run) {
                xs.push_back(x);
                ys.push_back(y);
            }
            const auto mapped = chart.map(xs, ys);
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

std::string renderCombinedRoc(const FigureData& data, const std::string& set) {
    const auto& roc = data.object("combined.roc");
    const auto labels = combinedModelLabels(data);
    const std::size_t metricRows = data.arraySize("combined.metrics");
    std::vector<RocCurve> curves;
    for (const auto& name : orderedKeys(roc, labels)) {
        const std::string path = keyPath(keyPath("combined.roc", name), set);
        if (!data.has(path)) {
            continue;
        }
        RocCurve curve = readRocCurve(data, path);
        curve.name = name;
        bool found = false;
        for (std::size_t i = 0; i < metricRows && !found; ++i) {
            const std::string row = keyPath("combined.metrics", i);
            if (data.string(keyPath(row, "name")) == name && data.string(keyPath(row, "set")) == set) {
                curve.label = fmt::format("{}, AUC {}", combinedLabel(labels, name),
                                          formatAucWithCi(data.number(keyPath(row, "auc")),
                                                          data.optionalNumber(keyPath(row, "auc_ci_low")),
                                                          data.optionalNumber(keyPath(row, "auc_ci_high"))));
                found = true;
            }
        }
        if (!found) {
            data.fail("combined.metrics", fmt::format("has no row for model '{}' on the {} set", name, set));
        }
        curves.push_back(std::move(curve));
    }
    if (curves.empty()) {
        data.fail(keyPath("combined.roc.*", set), "is missing for every model");
    }
    return renderRocChart(set == "train" ? "ROC curves of the clinical and combined models, training set"
                                         : "ROC curves of the clinical and combined models, test set",
                          curves);
}

}  // namespace pulmorad::report::detail

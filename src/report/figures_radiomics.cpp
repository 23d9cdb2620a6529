// Radiomics figures: the selection funnel, the LASSO path and CV curve, the
// correlation heatmap of the selected features and the Rad-score charts.

#include "common/number_format.h"
#include "report/figures.h"
#include "report/figures_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace pulmorad::report::detail {

namespace {

constexpr double kLongLabelCharacters = 30.0;

// Lines of a feature-name label and their width at `fontSize`.
std::vector<std::string> featureLabel(const std::string& name, std::size_t maxCharacters = 30) {
    return wrapLabel(name, maxCharacters, 2);
}

double labelWidth(const std::vector<std::string>& lines, double fontSize) {
    double widest = 0.0;
    for (const auto& line : lines) {
        widest = std::max(widest, textWidth(line, fontSize));
    }
    return widest;
}

// The vertical marker of a chosen lambda with its label above the plot area.
void addLambdaMarker(Chart& chart, double logLambda, const std::string& label, std::string_view dash,
                     std::string_view cssClass, bool labelLeft) {
    const double x = chart.x()(logLambda);
    chart.add(makeLine(x, chart.area().y, x, chart.area().bottom(), "#555555", 1.0, dash))
        .attribute("class", cssClass);
    // lambda.min lies left of lambda.1se, so their labels sit on the outer sides of
    // the two lines and never meet. A label keeps to the plot area.
    constexpr double kGap = 3.0;
    const double width = textWidth(label, kSmallFontSize);
    const bool left = labelLeft ? x - kGap - width >= chart.area().x : x + kGap + width > chart.area().right();
    chart.add(makeText(left ? x - kGap : x + kGap, chart.area().y + 12.0, label, left ? "end" : "start",
                       kSmallFontSize))
        .attribute("paint-order", "stroke")
        .attribute("stroke", "#ffffff")
        .attribute("stroke-width", 3.0);
}

// Non-zero coefficient counts along the top edge, at up to eight lambdas.
void addNonzeroCounts(Chart& chart, const std::vector<double>& logLambda,
                      const std::vector<double>& nonzero) {
    if (nonzero.size() != logLambda.size() || nonzero.empty()) {
        return;
    }
    const std::size_t shown = std::min<std::size_t>(8, nonzero.size());
    std::vector<double> placed;
    for (std::size_t k = 0; k < shown; ++k) {
        const std::size_t i = shown == 1 ? 0 : k * (nonzero.size() - 1) / (shown - 1);
        const double x = chart.x()(logLambda[i]);
        // glmnet orders lambda from large to small, so x decreases with i.
        if (std::any_of(placed.begin(), placed.end(),
                        [x](double other) { return std::abs(x - other) < 22.0; })) {
            continue;
        }
        placed.push_back(x);
        chart
            .add(makeText(x, chart.area().y - 5.0, fmt::format("{:.0f}", nonzero[i]), "middle",
                          kSmallFontSize))
            .attribute("class", "nonzero-count");
    }
    chart
        .add(
            makeText(chart.area().x, chart.area().y - 19.0, "Non-zero coefficients", "start", kSmallFontSize))
        .attribute("fill", "#555555");
}

struct LassoData {
    std::vector<double> logLambda;
    double logMin = 0.0;
    double log1se = 0.0;
    std::vector<double> nonzero;
};

LassoData readLasso(const FigureData& data) {
    LassoData lasso;
    const auto lambda = data.numbers("radiomics.lasso.lambda");
    if (lambda.size() < 2) {
        data.fail("radiomics.lasso.lambda", "has fewer than two values");
    }
    for (const double value : lambda) {
        if (!(value > 0.0)) {
            data.fail("radiomics.lasso.lambda", fmt::format("has the non-positive value {}", value));
        }
        lasso.logLambda.push_back(std::log(value));
    }
    const double lambdaMin = data.number("radiomics.lasso.lambda_min");
    const double lambda1se = data.number("radiomics.lasso.lambda_1se");
    if (!(lambdaMin > 0.0) || !(lambda1se > 0.0)) {
        data.fail("radiomics.lasso.lambda_min", "or lambda_1se is not positive");
    }
    lasso.logMin = std::log(lambdaMin);
    lasso.log1se = std::log(lambda1se);
    if (data.has("radiomics.lasso.nonzero")) {
        lasso.nonzero = data.numbers("radiomics.lasso.nonzero");
        data.requireLength("radiomics.lasso.nonzero", lasso.nonzero.size(), lambda.size());
    }
    return lasso;
}

}  // namespace



std::string renderSelectionFunnel(const FigureData& data) {
    const std::size_t steps = data.arraySize("radiomics.funnel");
    if (steps == 0) {
        data.fail("radiomics.funnel", "is empty");
    }
    std::vector<std::string> labels;
    std::vector<double> counts;
    double widest = 0.0;
    for (std::size_t i = 0; i < steps; ++i) {
        const std::string base = keyPath("radiomics.funnel", i);
        labels.push_back(report::selectionStepLabel(data.string(keyPath(base, "step"))));
        counts.push_back(data.number(keyPath(base, "features")));
        if (counts.back() < 0.0) {
            data.fail(keyPath(base, "features"), "is negative");
        }
        widest = std::max(widest, textWidth(labels.back()));
    }
    const double maxCount = std::max(10.0, *std::max_element(counts.begin(), counts.end()));
    const Ticks xTicks = logTicks(1.0, maxCount);
    constexpr double kRow = 34.0;
    ChartOptions options;
    options.plotWidth = 380.0;
    options.plotHeight = kRow * static_cast<double>(steps);
    options.extraLeft = widest + 8.0;
    options.extraRight = 20.0;
    options.xLog = true;
    options.xGrid = true;
    options.showYAxis = false;
    Chart chart("Features left after each selection step", xTicks, {{0.0, 1.0}, {"", ""}},
                "Features (log scale)", "", options);
    const Area& area = chart.area();
    for (std::size_t i = 0; i < steps; ++i) {
        const double centre = area.y + kRow * (static_cast<double>(i) + 0.5);
        chart.add(makeLabel(area.x - 8.0, centre, {labels[i]}, "end"));
        if (counts[i] >= 1.0) {
            const double end = chart.x()(counts[i]);
            chart.add(makeRect(area.x, centre - kRow * 0.32, end - area.x, kRow * 0.64, kNegativeColour))
                .attribute("class", "funnel-bar")
                .attribute("data-value", formatDouble(counts[i]));
            const std::string text = fmt::format("{:.0f}", counts[i]);
            // The count goes inside a long bar and after a short one.
            const bool inside = end - area.x > textWidth(text) + 12.0;
            chart
                .add(makeText(inside ? end - 5.0 : end + 5.0, centre + kFontSize * 0.35, text,
                              inside ? "end" : "start"))
                .attribute("fill", inside ? "#ffffff" : "#000000");
        } else {
            chart.add(makeText(area.x + 5.0, centre + kFontSize * 0.35, "0"));
        }
    }
    return chart.str();
}

std::string renderLassoPath(const FigureData& data) {
    const LassoData lasso = readLasso(data);
    const auto features = data.strings("radiomics.lasso.path.features");
    const auto coefficients = data.matrix("radiomics.lasso.path.coefficients");
    data.requireLength("radiomics.lasso.path.coefficients", coefficients.size(), features.size());
    double low = 0.0;
    double high = 0.0;
    for (std::size_t f = 0; f < coefficients.size(); ++f) {
        data.requireLength(keyPath("radiomics.lasso.path.coefficients", f), coefficients[f].size(),
                           lasso.logLambda.size());
        for (const double value : coefficients[f]) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    const auto [minLog, maxLog] = std::minmax_element(lasso.logLambda.begin(), lasso.logLambda.end());
    const Ticks xTicks = linearTicks(std::min(*minLog, std::min(lasso.logMin, lasso.log1se)),
                                     std::max(*maxLog, std::max(lasso.logMin, lasso.log1se)));
    const Ticks yTicks = linearTicks(low, high);

    // A legend below the plot names up to ten features; beyond that each
    // line keeps its name only as a tooltip.
    std::vector<LegendEntry> entries;
    if (features.size() <= 10) {
        for (std::size_t f = 0; f < features.size(); ++f) {
            entries.push_back(
                {shortenMiddle(features[f], 60), seriesColour(f), LegendKey::Line, features[f]});
        }
    }
    const double legendHeight = entries.empty() ? 0.0 : legendSize(entries).second + 8.0;
    ChartOptions options;
    options.plotWidth = 400.0;
    options.plotHeight = 250.0;
    options.extraTop = 22.0;
    options.extraBottom = legendHeight;
    options.yGrid = true;
    Chart chart("LASSO coefficient paths", xTicks, yTicks, "log(\u03bb)", "Coefficient", options);
    chart.add(makeLine(chart.area().x, chart.y()(0.0), chart.area().right(), chart.y()(0.0), "#999999", 0.8));
    for (std::size_t f = 0; f < features.size(); ++f) {
        chart.add(makePolyline(chart.map(lasso.logLambda, coefficients[f]), seriesColour(f), 1.6))
            .attribute("class", "lasso-path")
            .tooltip(features[f]);
    }
    addLambdaMarker(chart, lasso.logMin, "\u03bb min", "5 3", "lambda-min", true);
    if (std::abs(chart.x()(lasso.log1se) - chart.x()(lasso.logMin)) > 30.0) {
        addLambdaMarker(chart, lasso.log1se, "\u03bb 1se", "2 2", "lambda-1se", false);
    }
    addNonzeroCounts(chart, lasso.logLambda, lasso.nonzero);
    if (!entries.empty()) {
        chart.add(makeLegend(chart.area().x, chart.area().bottom() + 50.0, entries));
    }
    return chart.str();
}

std::string renderLassoCv(const FigureData& data) {
    const LassoData lasso = readLasso(data);
    const auto mean = data.numbers("radiomics.lasso.cv_mean");
    const auto sd = data.numbers("radiomics.lasso.cv_sd");
    data.requireLength("radiomics.lasso.cv_mean", mean.size(), lasso.logLambda.size());
    data.requireLength("radiomics.lasso.cv_sd", sd.size(), lasso.logLambda.size());
    double low = mean.front();
    double high = mean.front();
    for (std::size_t i = 0; i < mean.size(); ++i) {
        low = std::min(low, mean[i] - sd[i]);
        high = std::max(high, mean[i] + sd[i]);
    }
    const auto [minLog, maxLog] = std::minmax_element(lasso.logLambda.begin(), lasso.logLambda.end());
    const Ticks xTicks = linearTicks(std::min(*minLog, std::min(lasso.logMin, lasso.log1se)),
                                     std::max(*maxLog, std::max(lasso.logMin, lasso.log1se)));
    const Ticks yTicks = linearTicks(low, high);
    ChartOptions options;
    options.plotWidth = 400.0;
    options.plotHeight = 270.0;
    options.extraTop = 22.0;
    options.yGrid = true;
    Chart chart("LASSO cross-validation", xTicks, yTicks, "log(\u03bb)", "Binomial deviance (mean \u00b1 SE)",
                options);
    for (std::size_t i = 0; i < mean.size(); ++i) {
        const double x = chart.x()(lasso.logLambda[i]);
        const double top = chart.y()(mean[i] + sd[i]);
        const double bottom = chart.y()(mean[i] - sd[i]);
        chart.add(makeLine(x, top, x, bottom, "#9a9a9a", 1.0)).attribute("class", "cv-error-bar");
        chart.add(makeLine(x - 2.5, top, x + 2.5, top, "#9a9a9a", 1.0));
        chart.add(makeLine(x - 2.5, bottom, x + 2.5, bottom, "#9a9a9a", 1.0));
    }
    for (std::size_t i = 0; i < mean.size(); ++i) {
        chart.add(makeDot(chart.x()(lasso.logLambda[i]), chart.y()(mean[i]), 3.0, kPositiveColour))
            .attribute("class", "cv-mean");
    }
    addLambdaMarker(chart, lasso.logMin, "\u03bb min", "5 3", "lambda-min", true);
    addLambdaMarker(chart, lasso.log1se, "\u03bb 1se", "2 2", "lambda-1se", false);
    addNonzeroCounts(chart, lasso.logLambda, lasso.nonzero);
    return chart.str();
}

std::string renderSelectedCorrelation(const FigureData& data) {
    const auto features = data.strings("radiomics.correlation.features");
    const auto matrix = data.matrix("radiomics.correlation.matrix");
    const std::size_t k = features.size();
    if (k == 0) {
        data.fail("radiomics.correlation.features", "is empty");
    }
    data.requireLength("radiomics.correlation.matrix", matrix.size(), k);
    data.requireLength("radiomics.correlation.matrix.0", matrix.front().size(), k);

    constexpr double kFont = kSmallFontSize;
    const double cell = std::clamp(300.0 / static_cast<double>(k), 12.0, 48.0);
    // Up to six features: names on both axes, the column names rotated by 45
    // degrees. Beyond six the rotated names would crowd, so the rows are
    // numbered and the columns carry the numbers.
    const bool numbered = k > 6;
    std::vector<std::vector<std::string>> rowLabels;
    double rowWidth = 0.0;
    double columnWidth = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        if (numbered) {
            rowLabels.push_back({fmt::format("{}. {}", i + 1, shortenMiddle(features[i], 40))});
        } else {
            rowLabels.push_back(featureLabel(features[i], 30));
        }
        rowWidth = std::max(rowWidth, labelWidth(rowLabels.back(), kFont));
        columnWidth = std::max(columnWidth, textWidth(shortenMiddle(features[i], 28), kFont));
    }
    // A rotated column label reaches 0.71 of its width below the grid and
    // to the left of its column.
    const double drop = numbered ? 22.0 : columnWidth * 0.7072 + 10.0;
    const double left = numbered ? rowWidth + 16.0 : std::max(rowWidth + 16.0, drop - cell / 2.0 + 10.0);
    const double top = 36.0;
    const double grid = cell * static_cast<double>(k);
    const double width = std::max(left + grid + 90.0, 300.0);
    const double height = top + grid + drop + 10.0;
    Document document(width, height, "Correlation of the selected features");
    document.add(makeTitle(width, "Correlation of the selected features"));
    for (std::size_t i = 0; i < k; ++i) {
        const double y = top + cell * static_cast<double>(i);
        document.add(makeLabel(left - 6.0, y + cell / 2.0, rowLabels[i], "end", kFont)).tooltip(features[i]);
        for (std::size_t j = 0; j < k; ++j) {
            const double r = matrix[i][j];
            if (r < -1.0 - 1e-9 || r > 1.0 + 1e-9) {
                data.fail(keyPath(keyPath("radiomics.correlation.matrix", i), j),
                          fmt::format("is {}, outside [-1, 1]", r));
            }
            const std::string colour = divergingColour((r + 1.0) / 2.0);
            const double x = left + cell * static_cast<double>(j);
            document.add(makeRect(x, y, cell, cell, colour))
                .attribute("stroke", "#ffffff")
                .attribute("stroke-width", 1.0)
                .attribute("class", "heat-cell")
                .attribute("data-value", formatDouble(r))
                .tooltip(fmt::format("{} vs {}: r = {:.3f}", features[i], features[j], r));
            if (cell >= 26.0) {
                document
                    .add(makeText(x + cell / 2.0, y + cell / 2.0 + 3.5, formatLabelNumber(r, 2), "middle",
                                  cell >= 34.0 ? kFont : 8.0))
                    .attribute("fill", isLightColour(colour) ? "#000000" : "#ffffff");
            }
        }
    }
    for (std::size_t j = 0; j < k; ++j) {
        const double x = left + cell * (static_cast<double>(j) + 0.5);
        const double y = top + grid + 8.0;
        if (numbered) {
            document.add(makeText(x, y + 8.0, std::to_string(j + 1), "middle", cell >= 18.0 ? kFont : 8.0))
                .tooltip(features[j]);
        } else {
            document.add(makeText(x, y, shortenMiddle(features[j], 28), "end", kFont))
                .attribute("transform",
                           fmt::format("rotate(-45 {} {})", formatCoordinate(x), formatCoordinate(y)))
                .tooltip(features[j]);
        }
    }
    const Area bar{left + grid + 22.0, top + 14.0, 12.0, std::max(grid - 14.0, 80.0)};
    document.add(makeColourBar(bar, divergingColour, linearTicks(-1.0, 1.0, 4), -1.0, 1.0, "Pearson r"));
    return document.str();
}

std::string renderRadscoreCoefficients(const FigureData& data) {
    const auto features = data.strings("radiomics.radscore.features");
    const auto coefficients = data.numbers("radiomics.radscore.coefficients");
    data.requireLength("radiomics.radscore.coefficients", coefficients.size(), features.size());
    if (features.empty()) {
        data.fail("radiomics.radscore.features", "is empty");
    }
    std::vector<std::size_t> order(features.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return coefficients[a] > coefficients[b]; });
    double widest = 0.0;
    std::vector<std::vector<std::string>> labels;
    for (const auto& name : features) {
        labels.push_back(featureLabel(name, static_cast<std::size_t>(kLongLabelCharacters)));
        widest = std::max(widest, labelWidth(labels.back(), kFontSize));
    }
    const double low = std::min(0.0, *std::min_element(coefficients.begin(), coefficients.end()));
    const double high = std::max(0.0, *std::max_element(coefficients.begin(), coefficients.end()));
    const Ticks xTicks = linearTicks(low, high);
    const double row = 32.0;
    ChartOptions options;
    options.plotWidth = 300.0;
    options.plotHeight = row * static_cast<double>(features.size());
    options.extraLeft = widest + 10.0;
    options.extraRight = 10.0;
    options.xGrid = true;
    options.showYAxis = false;
    Chart chart("Rad-score coefficients", xTicks, {{0.0, 1.0}, {"", ""}},
                "Coefficient (standardised features)", "", options);
    const Area& area = chart.area();
    const double zero = chart.x()(0.0);
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const std::size_t f = order[rank];
        const double centre = area.y + row * (static_cast<double>(rank) + 0.5);
        chart.add(makeLabel(area.x - 8.0, centre, labels[f], "end")).tooltip(features[f]);
        const double end = chart.x()(coefficients[f]);
        chart
            .add(makeRect(zero, centre - row * 0.3, end - zero, row * 0.6,
                          coefficients[f] >= 0.0 ? kPositiveColour : kNegativeColour))
            .attribute("class", "coefficient-bar")
            .attribute("data-value", formatDouble(coefficients[f]))
            .tooltip(fmt::format("{} = {}", features[f], coefficients[f]));
        const std::string text = formatLabelNumber(coefficients[f], 3);
        const double textLength = textWidth(text, kSmallFontSize);
        const bool positive = coefficients[f] >= 0.0;
        const double length = std::abs(end - zero);
        // The value goes beyond the bar end when there is room, else inside
        // a long bar, else on the other side of the zero line.
        double textX = 0.0;
        std::string anchor;
        std::string fill = "#000000";
        if (positive ? end + 4.0 + textLength <= area.right() + 16.0 : end - 4.0 - textLength >= area.x) {
            textX = positive ? end + 4.0 : end - 4.0;
            anchor = positive ? "start" : "end";
        } else if (length >= textLength + 8.0) {
            textX = positive ? end - 4.0 : end + 4.0;
            anchor = positive ? "end" : "start";
            fill = "#ffffff";
        } else {
            textX = positive ? zero - 4.0 : zero + 4.0;
            anchor = positive ? "end" : "start";
        }
        chart.add(makeText(textX, centre + 3.5, text, anchor, kSmallFontSize)).attribute("fill", fill);
    }
    chart.add(makeLine(zero, area.y, zero, area.bottom(), "#333333", 1.0));
    chart.add(makeText(
        area.right(), area.y - 6.0,
        fmt::format("Intercept = {}", formatLabelNumber(data.number("radiomics.radscore.intercept"), 3)),
        "end", kSmallFontSize));
    return chart.str();
}

namespace {

// The Rad-scores of one outcome group in one set, sorted.
struct RadscoreGroup {
    std::string set;
    int outcome;
    std::vector<double> values;
};

// Groups in drawing order: training negative, positive, then the same for
// the test set when it exists.
std::vector<RadscoreGroup> readRadscoreGroups(const FigureData& data) {
    std::vector<RadscoreGroup> groups;
    for (const std::string set : {"train", "test"}) {
        const std::string base = keyPath("radiomics.radscore", set);
        if (set == "test" && !data.has(base)) {
            continue;
        }
        const auto outcome = data.numbers(keyPath(base, "outcome"));
        const auto value = data.numbers(keyPath(base, "value"));
        data.requireLength(keyPath(base, "value"), value.size(), outcome.size());
        for (std::size_t i = 0; i < outcome.size(); ++i) {
            if (outcome[i] != 0.0 && outcome[i] != 1.0) {
                data.fail(keyPath(keyPath(base, "outcome"), i), fmt::format("is {}, not 0 or 1", outcome[i]));
            }
        }
        for (const int group : {0, 1}) {
            RadscoreGroup g{set, group, {}};
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (static_cast<int>(outcome[i]) == group) {
                    g.values.push_back(value[i]);
                }
            }
            std::sort(g.values.begin(), g.values.end());
            groups.push_back(std::move(g));
        }
    }
    return groups;
}

// Quartiles, median and Tukey whiskers (the furthest values within 1.5 IQR
// of the box) of sorted, non-empty values.
struct BoxStatistics {
    double q1, median, q3, whiskerLow, whiskerHigh;
};

BoxStatistics boxStatistics(const std::vector<double>& sorted) {
    BoxStatistics box{quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), 0.0, 0.0};
    const double iqr = box.q3 - box.q1;
    box.whiskerLow = box.q1;
    box.whiskerHigh = box.q3;
    for (const double v : sorted) {
        if (v >= box.q1 - 1.5 * iqr) {
            box.whiskerLow = std::min(box.whiskerLow, v);
        }
        if (v <= box.q3 + 1.5 * iqr) {
            box.whiskerHigh = std::max(box.whiskerHigh, v);
        }
    }
    return box;
}

// The group name and size under the slot, and the set name under each pair.
void addRadscoreGroupLabels(Chart& chart, const FigureData& data, const RadscoreGroup& group, double centre,
                            double slot) {
    const double bottom = chart.area().bottom();
    const std::string label = groupLabel(data, group.outcome);
    chart.add(makeText(centre, bottom + 16.0, shortenMiddle(label, 14), "middle")).tooltip(label);
    chart.add(makeText(centre, bottom + 29.0, fmt::format("n = {}", group.values.size()), "middle", kSmallFontSize))
        .attribute("fill", "#555555");
    if (group.outcome == 0) {
        chart
            .add(makeText(centre + slot / 2.0, bottom + 45.0, group.set == "train" ? "Training set" : "Test set",
                          "middle"))
            .attribute("font-weight", "bold");
    }
}

// The patients as light swarmed points, then the box, whiskers and median
// over them, so that the box stays readable in large groups.
void addRadscoreBox(Chart& chart, const RadscoreGroup& group, double centre) {
    const std::string colour = group.outcome == 1 ? kPositiveColour : kNegativeColour;
    constexpr double kBoxWidth = 40.0;
    std::vector<double> positions;
    for (const double v : group.values) {
        positions.push_back(chart.y()(v));
    }
    const bool large = positions.size() > 60;
    const auto offsets = swarmOffsets(positions, large ? 3.6 : 4.5, kBoxWidth / 2.0 + 4.0);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        chart.add(makeDot(centre + offsets[i], positions[i], large ? 1.8 : 2.4, colour))
            .attribute("fill-opacity", large ? 0.45 : 0.7)
            .attribute("class", "group-point");
    }

    const BoxStatistics box = boxStatistics(group.values);
    const Scale& y = chart.y();
    chart.add(makeLine(centre, y(box.whiskerLow), centre, y(box.q1), "#333333", 1.2));
    chart.add(makeLine(centre, y(box.q3), centre, y(box.whiskerHigh), "#333333", 1.2));
    chart.add(makeLine(centre - 8.0, y(box.whiskerLow), centre + 8.0, y(box.whiskerLow), "#333333", 1.2));
    chart.add(makeLine(centre - 8.0, y(box.whiskerHigh), centre + 8.0, y(box.whiskerHigh), "#333333", 1.2));
    chart.add(makeRect(centre - kBoxWidth / 2.0, y(box.q3), kBoxWidth, y(box.q1) - y(box.q3), colour))
        .attribute("fill-opacity", 0.12)
        .attribute("stroke", "#333333")
        .attribute("stroke-width", 1.2)
        .attribute("class", "box");
    chart
        .add(makeLine(centre - kBoxWidth / 2.0, y(box.median), centre + kBoxWidth / 2.0, y(box.median), "#000000",
                      2.2))
        .attribute("class", "median");
}

}  // namespace

std::string renderRadscoreByGroup(const FigureData& data) {
    const auto groups = readRadscoreGroups(data);
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const auto& group : groups) {
        if (!group.values.empty()) {
            low = std::min(low, group.values.front());
            high = std::max(high, group.values.back());
        }
    }
    if (!std::isfinite(low)) {
        data.fail("radiomics.radscore.train.value", "is empty");
    }

    const double slot = 90.0;
    ChartOptions options;
    options.plotWidth = slot * static_cast<double>(groups.size()) + 20.0;
    options.plotHeight = 280.0;
    options.showXAxis = false;
    options.yGrid = true;
    options.extraBottom = 6.0;
    Chart chart("Rad-score by group", {{0.0, 1.0}, {"", ""}}, linearTicks(low, high), "", "Rad-score", options);
    const Area& area = chart.area();
    chart.add(makeLine(area.x, area.bottom(), area.right(), area.bottom(), "#333333"));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double centre = area.x + 10.0 + slot * (static_cast<double>(g) + 0.5);
        addRadscoreGroupLabels(chart, data, groups[g], centre, slot);
        if (!groups[g].values.empty()) {
            addRadscoreBox(chart, groups[g], centre);
        }
    }
    return chart.str();
}

}  // namespace pulmorad::report::detail

namespace pulmorad::report {

std::string selectionStepLabel(const std::string& step) {
    static const std::map<std::string, std::string> labels = {{"input", "Extracted"},
                                                              {"constant", "Non-constant"},
                                                              {"correlation", "Correlation filter"},
                                                              {"mrmr", "mRMR"},
                                                              {"lasso", "LASSO"}};
    const auto it = labels.find(step);
    return it == labels.end() ? step : it->second;
}

}  // namespace pulmorad::report

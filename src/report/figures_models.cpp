// Figures of the radiomics-only classifiers: ROC curves, the DeLong p-value
// matrix and the SHAP summary and waterfall plots.

#include "common/number_format.h"
#include "report/figures_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pulmorad::report::detail {

namespace {

// Blue-grey-red for points on white: like divergingColour, but with a mid
// grey instead of white so that values near zero stay visible.
std::string pointColour(double t) {
    static const std::vector<std::string> stops = {"#2166ac", "#67a9cf", "#a9a9a9", "#ef8a62", "#b2182b"};
    return interpolateColour(stops, t);
}

// Standardised feature values from -2 to +2 SD span the colour scale.
constexpr double kColourLimit = 2.0;

std::string modelDisplayName(const FigureData& data, const std::string& model) {
    if (data.has("radiomics.models.metrics") && data.node("radiomics.models.metrics").is_array()) {
        const auto& rows = data.node("radiomics.models.metrics");
        for (const auto& row : rows) {
            if (row.is_object() && row.value("model", "") == model && row.contains("name") &&
                row["name"].is_string()) {
                return row["name"].get<std::string>();
            }
        }
    }
    return model;
}

// The model that the SHAP values explain, for titles: radiomics.shap.model
// is "lightgbm" for the LightGBM-style model (XGBoost trees grown leaf-wise),
// which must not be called LightGBM itself.
std::string shapModelName(const FigureData& data) {
    const std::string model = data.stringOr("radiomics.shap.model", "lightgbm");
    return model == "lightgbm" ? "LightGBM-style model" : modelDisplayName(data, model) + " model";
}

struct ShapData {
    std::vector<std::string> features;
    std::vector<std::string> ids;
    std::vector<std::vector<double>> values;
    std::vector<std::vector<double>> standardised;
    double expected = 0.0;
    std::vector<double> margin;
    std::vector<double> probability;
};

ShapData readShap(const FigureData& data) {
    ShapData shap;
    shap.features = data.strings("radiomics.shap.features");
    if (shap.features.empty()) {
        data.fail("radiomics.shap.features", "is empty");
    }
    shap.values = data.matrix("radiomics.shap.values");
    shap.standardised = data.matrix("radiomics.shap.data");
    if (shap.values.empty()) {
        data.fail("radiomics.shap.values", "is empty");
    }
    data.requireLength("radiomics.shap.values.0", shap.values.front().size(), shap.features.size());
    data.requireLength("radiomics.shap.data", shap.standardised.size(), shap.values.size());
    data.requireLength("radiomics.shap.data.0", shap.standardised.front().size(), shap.features.size());
    shap.expected = data.number("radiomics.shap.expected_value");
    if (data.has("radiomics.shap.id")) {
        const auto& ids = data.node("radiomics.shap.id");
        if (!ids.is_array()) {
            data.fail("radiomics.shap.id", "is not an array");
        }
        for (const auto& id : ids) {
            shap.ids.push_back(id.is_string() ? id.get<std::string>() : id.dump());
        }
        data.requireLength("radiomics.shap.id", shap.ids.size(), shap.values.size());
    }
    if (data.has("radiomics.shap.margin")) {
        shap.margin = data.numbers("radiomics.shap.margin");
        data.requireLength("radiomics.shap.margin", shap.margin.size(), shap.values.size());
    }
    if (data.has("radiomics.shap.probability")) {
        shap.probability = data.numbers("radiomics.shap.probability");
        data.requireLength("radiomics.shap.probability", shap.probability.size(), shap.values.size());
    }
    return shap;
}

// A left-pointing or right-pointing arrow bar from x0 to x1 centred on y.
Element makeArrow(double x0, double x1, double y, double height, std::string_view fill) {
    const double direction = x1 >= x0 ? 1.0 : -1.0;
    const double length = std::abs(x1 - x0);
    const double tip = std::min(6.0, length);
    const double body = x1 - direction * tip;
    const double top = y - height / 2.0;
    const double bottom = y + height / 2.0;
    Element polygon("polygon");
    polygon.attribute(
        "points", fmt::format("{},{} {},{} {},{} {},{} {},{}", formatCoordinate(x0), formatCoordinate(top),
                              formatCoordinate(body), formatCoordinate(top), formatCoordinate(x1),
                              formatCoordinate(y), formatCoordinate(body), formatCoordinate(bottom),
                              formatCoordinate(x0), formatCoordinate(bottom)));
    polygon.attribute("fill", fill);
    return polygon;
}

}  // namespace

RocCurve readRocCurve(const FigureData& data, const std::string& path) {
    RocCurve curve;
    curve.fpr = data.numbers(keyPath(path, "fpr"));
    curve.tpr = data.numbers(keyPath(path, "tpr"));
    data.requireLength(keyPath(path, "tpr"), curve.tpr.size(), curve.fpr.size());
    if (curve.fpr.size() < 2) {
        data.fail(keyPath(path, "fpr"), "has fewer than two points");
    }
    for (std::size_t i = 0; i < curve.fpr.size(); ++i) {
        if (curve.fpr[i] < 0.0 || curve.fpr[i] > 1.0 || curve.tpr[i] < 0.0 || curve.tpr[i] > 1.0) {
            data.fail(keyPath(path, "fpr"), fmt::format("or tpr has the point ({}, {}) outside [0, 1]",
                                                        curve.fpr[i], curve.tpr[i]));
        }
        if (i > 0 && curve.fpr[i] < curve.fpr[i - 1]) {
            data.fail(keyPath(path, "fpr"), "is not in ascending order");
        }
    }
    return curve;
}

std::string renderRocChart(std::string_view title, const std::vector<RocCurve>& curves) {
    const Ticks ticks = linearTicks(0.0, 1.0, 5);
    std::vector<LegendEntry> entries;
    for (std::size_t i = 0; i < curves.size(); ++i) {
        entries.push_back({curves[i].label, seriesColour(i), LegendKey::Line, ""});
    }
    const std::vector<std::string_view> corners = {"bottom-right", "top-left", "bottom-left", "top-right"};
    // The legend sits in the lower right corner, where good ROC curves leave room.
    // When every corner would cover a curve, it goes below the chart instead.
    const auto draw = [&](bool legendBelow) {
        ChartOptions options;
        options.plotWidth = std::max(300.0, legendSize(entries).first + 60.0);
        options.plotHeight = 300.0;
        options.xGrid = true;
        options.yGrid = true;
        options.extraBottom = legendBelow ? Chart::legendBelowHeight(entries) : 0.0;
        Chart chart(title, ticks, ticks, "1 \u2212 Specificity", "Sensitivity", options);
        chart
            .add(makeLine(chart.x()(0.0), chart.y()(0.0), chart.x()(1.0), chart.y()(1.0), kReferenceGrey, 1.0,
                          "4 3"))
            .attribute("class", "chance-line");
        for (std::size_t i = 0; i < curves.size(); ++i) {
            const auto points = chart.map(curves[i].fpr, curves[i].tpr);
            chart.occupy(points);
            chart.add(makePolyline(points, seriesColour(i), 1.8))
                .attribute("class", "roc-curve")
                .attribute("data-name", curves[i].name)
                .tooltip(curves[i].label);
        }
        return chart;
    };
    Chart chart = draw(false);
    if (chart.legendFitsACorner(entries, corners)) {
        chart.legend(entries, corners);
        return chart.str();
    }
    chart = draw(true);
    chart.legendBelow(entries);
    return chart.str();
}

std::vector<RocCurve> readRocCurves(const FigureData& data, const RocSource& source,
                                    const std::vector<std::string>& models, const std::string& set) {
    const std::size_t metricRows = data.arraySize(source.metrics);
    std::vector<RocCurve> curves;
    for (const auto& model : models) {
        const std::string path = keyPath(keyPath(source.roc, model), set);
        if (!data.has(path)) {
            continue;
        }
        RocCurve curve = readRocCurve(data, path);
        curve.name = model;
        bool found = false;
        for (std::size_t i = 0; i < metricRows && !found; ++i) {
            const std::string row = keyPath(source.metrics, i);
            if (data.string(keyPath(row, source.nameKey)) == model && data.string(keyPath(row, "set")) == set) {
                curve.label = fmt::format("{}, AUC {}", source.displayName(model),
                                          formatAucWithCi(data.number(keyPath(row, "auc")),
                                                          data.optionalNumber(keyPath(row, "auc_ci_low")),
                                                          data.optionalNumber(keyPath(row, "auc_ci_high"))));
                found = true;
            }
        }
        if (!found) {
            data.fail(source.metrics, fmt::format("has no row for model '{}' on the {} set", model, set));
        }
        curves.push_back(std::move(curve));
    }
    if (curves.empty()) {
        data.fail(keyPath(source.roc + ".*", set), "is missing for every model");
    }
    return curves;
}

std::string renderModelRoc(const FigureData& data, const std::string& set) {
    const auto& roc = data.object("radiomics.models.roc");
    const std::size_t metricRows = data.arraySize("radiomics.models.metrics");
    // Models in the order of the metrics table, then any others.
    std::vector<std::string> models;
    for (std::size_t i = 0; i < metricRows; ++i) {
        const std::string model = data.string(keyPath(keyPath("radiomics.models.metrics", i), "model"));
        if (std::find(models.begin(), models.end(), model) == models.end() && roc.contains(model)) {
            models.push_back(model);
        }
    }
    for (const auto& [model, value] : roc.items()) {
        if (std::find(models.begin(), models.end(), model) == models.end()) {
            models.push_back(model);
        }
    }
    const RocSource source{"radiomics.models.roc", "radiomics.models.metrics", "model",
                           [&](const std::string& model) { return modelDisplayName(data, model); }};
    const auto curves = readRocCurves(data, source, models, set);
    return renderRocChart(set == "train" ? "ROC curves of the radiomics models, training set"
                                         : "ROC curves of the radiomics models, test set",
                          curves);
}

namespace {

// The pairwise DeLong tests of radiomics.models.delong as the lower triangle
// of a model-by-model matrix.
struct DelongPair {
    std::size_t row;
    std::size_t column;
    double p;
    double z;
};

struct DelongTable {
    std::vector<std::string> models;  // in order of first appearance
    std::vector<std::string> names;   // display names
    std::vector<double> auc;          // each model's test-set AUC, NaN when absent
    std::vector<DelongPair> pairs;
};

DelongTable readDelongTable(const FigureData& data) {
    const std::size_t rows = data.arraySize("radiomics.models.delong");
    if (rows == 0) {
        data.fail("radiomics.models.delong", "is empty");
    }
    DelongTable table;
    const auto modelIndex = [&](const std::string& model, double modelAuc) {
        const auto it = std::find(table.models.begin(), table.models.end(), model);
        if (it != table.models.end()) {
            return static_cast<std::size_t>(it - table.models.begin());
        }
        table.models.push_back(model);
        table.names.push_back(modelDisplayName(data, model));
        table.auc.push_back(modelAuc);
        return table.models.size() - 1;
    };
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string row = keyPath("radiomics.models.delong", i);
        const std::size_t a =
            modelIndex(data.string(keyPath(row, "first")), data.optionalNumber(keyPath(row, "auc_first")));
        const std::size_t b =
            modelIndex(data.string(keyPath(row, "second")), data.optionalNumber(keyPath(row, "auc_second")));
        const double p = data.optionalNumber(keyPath(row, "p_value"));
        if (std::isfinite(p) && (p < 0.0 || p > 1.0)) {
            data.fail(keyPath(row, "p_value"), fmt::format("is {}, outside [0, 1]", p));
        }
        table.pairs.push_back({std::max(a, b), std::min(a, b), p, data.optionalNumber(keyPath(row, "z"))});
    }
    return table;
}

// Cell size and position of the matrix in px.
struct DelongLayout {
    double cell = 66.0;
    double left = 0.0;  // x of the first column
    double top = 40.0;  // y of the first row
    double grid = 0.0;  // width and height of the matrix
};

// -log10(p) from 0 to 3 spans the colour scale, so p = 0.001 and below are darkest.
std::string delongColour(double p) {
    return sequentialColour(std::min(-std::log10(std::max(p, 1e-300)), 3.0) / 3.0);
}

// Row labels at the left, wrapped column labels below, and each model's own
// AUC on the grey diagonal.
void addDelongLabelsAndDiagonal(Document& document, const DelongLayout& layout, const DelongTable& table) {
    const double cell = layout.cell;
    for (std::size_t i = 0; i < table.models.size(); ++i) {
        const double y = layout.top + cell * static_cast<double>(i);
        const double x = layout.left + cell * (static_cast<double>(i) + 0.5);
        document.add(makeLabel(layout.left - 6.0, y + cell / 2.0, {table.names[i]}, "end"));
        // Column labels: up to three lines of 11 characters at 10 px fit a cell.
        const auto lines = wrapLabel(table.names[i], 11, 3);
        document
            .add(makeLabel(x, layout.top + layout.grid + 8.0 + 11.5 * static_cast<double>(lines.size()) / 2.0,
                           lines, "middle", kSmallFontSize))
            .tooltip(table.names[i]);
        document.add(makeRect(layout.left + cell * static_cast<double>(i), y, cell, cell, "#eeeeee"))
            .attribute("stroke", "#ffffff")
            .attribute("stroke-width", 1.5);
        if (std::isfinite(table.auc[i])) {
            document
                .add(makeLabel(x, y + cell / 2.0, {"AUC", fmt::format("{:.3f}", table.auc[i])}, "middle",
                               kSmallFontSize))
                .attribute("fill", "#444444");
        }
    }
}

// One coloured cell per pair with its p value, bold below 0.05.
void addDelongCells(Document& document, const DelongLayout& layout, const DelongTable& table) {
    const double cell = layout.cell;
    for (const DelongPair& pair : table.pairs) {
        const double x = layout.left + cell * static_cast<double>(pair.column);
        const double y = layout.top + cell * static_cast<double>(pair.row);
        const std::string colour = std::isfinite(pair.p) ? delongColour(pair.p) : "#ffffff";
        document.add(makeRect(x, y, cell, cell, colour))
            .attribute("stroke", "#ffffff")
            .attribute("stroke-width", 1.5)
            .attribute("class", "delong-cell")
            .attribute("data-p", std::isfinite(pair.p) ? formatPValue(pair.p) : "")
            .tooltip(fmt::format("{} vs {}: z = {}, p = {}", table.names[pair.column], table.names[pair.row],
                                 std::isfinite(pair.z) ? fmt::format("{:.3f}", pair.z) : "NA",
                                 formatPValue(pair.p)));
        Element& text =
            document.add(makeText(x + cell / 2.0, y + cell / 2.0 + 4.0, formatPValue(pair.p), "middle"));
        text.attribute("fill", isLightColour(colour) ? "#000000" : "#ffffff");
        if (std::isfinite(pair.p) && pair.p < 0.05) {
            text.attribute("font-weight", "bold");
        }
    }
}

// The footnote below the column labels and the p-value colour bar at the right.
void addDelongKey(Document& document, const DelongLayout& layout) {
    document
        .add(makeText(layout.left, layout.top + layout.grid + 64.0, "Bold: p < 0.05. Diagonal: each model's AUC.",
                      "start", kSmallFontSize))
        .attribute("fill", "#444444");
    Ticks ticks;
    for (int power = 0; power <= 3; ++power) {
        ticks.values.push_back(power);
        ticks.labels.push_back(power == 0 ? "1" : formatLabelNumber(std::pow(10.0, -power), power));
    }
    const Area bar{layout.left + layout.grid + 24.0, layout.top + 14.0, 12.0, std::max(layout.grid - 14.0, 80.0)};
    document.add(makeColourBar(bar, sequentialColour, ticks, 0.0, 3.0, "p value"));
}

}  // namespace

std::string renderDelongMatrix(const FigureData& data) {
    const DelongTable table = readDelongTable(data);
    double rowLabelWidth = 0.0;
    for (const auto& name : table.names) {
        rowLabelWidth = std::max(rowLabelWidth, textWidth(name));
    }
    DelongLayout layout;
    layout.left = rowLabelWidth + 18.0;
    layout.grid = layout.cell * static_cast<double>(table.models.size());
    const double width = layout.left + layout.grid + 100.0;
    const double height = layout.top + layout.grid + 76.0;
    Document document(width, height, "DeLong test p values");
    document.add(makeTitle(width, "DeLong test p values (test set AUCs)"));
    addDelongLabelsAndDiagonal(document, layout, table);
    addDelongCells(document, layout, table);
    addDelongKey(document, layout);
    return document.str();
}

std::string renderShapBeeswarm(const FigureData& data) {
    const ShapData shap = readShap(data);
    const std::size_t featureCount = shap.features.size();
    std::vector<double> meanAbs(featureCount, 0.0);
    double low = 0.0;
    double high = 0.0;
    for (std::size_t p = 0; p < shap.values.size(); ++p) {
        for (std::size_t f = 0; f < featureCount; ++f) {
            meanAbs[f] += std::abs(shap.values[p][f]) / static_cast<double>(shap.values.size());
            low = std::min(low, shap.values[p][f]);
            high = std::max(high, shap.values[p][f]);
        }
    }
    std::vector<std::size_t> order(featureCount);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return meanAbs[a] > meanAbs[b]; });
    constexpr std::size_t kMaxFeatures = 20;
    if (order.size() > kMaxFeatures) {
        order.resize(kMaxFeatures);
    }
    // Rows of many features are too low for two-line labels.
    const double row = order.size() > 10 ? 22.0 : 34.0;
    std::vector<std::vector<std::string>> labels;
    double widest = 0.0;
    for (const std::size_t f : order) {
        labels.push_back(row < 30.0 ? std::vector<std::string>{shortenMiddle(shap.features[f], 40)}
                                    : wrapLabel(shap.features[f], 30, 2));
        for (const auto& line : labels.back()) {
            widest = std::max(widest, textWidth(line));
        }
    }
    const Ticks xTicks = linearTicks(low, high);
    ChartOptions options;
    options.plotWidth = 300.0;
    options.plotHeight = row * static_cast<double>(order.size());
    options.extraLeft = widest + 10.0;
    options.extraRight = 70.0;
    options.xGrid = true;
    options.showYAxis = false;
    options.plotHeight = std::max(options.plotHeight, 130.0);
    Chart chart(fmt::format("SHAP values of the {}", shapModelName(data)), xTicks, {{0.0, 1.0}, {"", ""}},
                "SHAP value (impact on the log-odds)", "", options);
    const Area& area = chart.area();
    chart.add(makeLine(chart.x()(0.0), area.y, chart.x()(0.0), area.bottom(), "#555555", 1.0));
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const std::size_t f = order[rank];
        const double centre = area.y + row * (static_cast<double>(rank) + 0.5);
        chart.add(makeLabel(area.x - 8.0, centre, labels[rank], "end")).tooltip(shap.features[f]);
        std::vector<double> positions;
        for (const auto& patient : shap.values) {
            positions.push_back(chart.x()(patient[f]));
        }
        const auto offsets = swarmOffsets(positions, 3.6, row * 0.42);
        for (std::size_t p = 0; p < positions.size(); ++p) {
            const double value = shap.standardised[p][f];
            Element& dot = chart.add(makeDot(positions[p], centre + offsets[p], 2.6,
                                             pointColour((value + kColourLimit) / (2.0 * kColourLimit))));
            dot.attribute("class", "shap-point").attribute("data-feature", shap.features[f]);
            dot.tooltip(fmt::format("{}: SHAP {:.3f}, value {:.2f} SD",
                                    shap.ids.empty() ? std::to_string(p) : shap.ids[p], shap.values[p][f],
                                    value));
        }
    }
    const Area bar{area.right() + 18.0, area.y + 14.0, 10.0, std::max(area.height - 14.0, 80.0)};
    Ticks ticks;
    for (const double v : {-2.0, -1.0, 0.0, 1.0, 2.0}) {
        ticks.values.push_back(v);
        ticks.labels.push_back(formatLabelNumber(v, 0));
    }
    ticks.labels.front() += " low";
    ticks.labels.back() += " high";
    chart.add(makeColourBar(bar, pointColour, ticks, -kColourLimit, kColourLimit, "Value (SD)"));
    return chart.str();
}

std::string renderShapWaterfall(const FigureData& data, bool highest) {
    const ShapData shap = readShap(data);
    const std::size_t patients = shap.values.size();
    // The patient with the highest (lowest) predicted risk; the margin ranks
    // patients the same way as the probability.
    std::vector<double> risk(patients);
    for (std::size_t p = 0; p < patients; ++p) {
        risk[p] = !shap.margin.empty()
                      ? shap.margin[p]
                      : shap.expected + std::accumulate(shap.values[p].begin(), shap.values[p].end(), 0.0);
    }
    const auto chosen = static_cast<std::size_t>(
        (highest ? std::max_element(risk.begin(), risk.end()) : std::min_element(risk.begin(), risk.end())) -
        risk.begin());
    const auto& values = shap.values[chosen];
    const double total = shap.expected + std::accumulate(values.begin(), values.end(), 0.0);
    if (!shap.margin.empty() &&
        std::abs(total - shap.margin[chosen]) > 1e-3 * std::max(1.0, std::abs(total))) {
        data.fail(
            keyPath("radiomics.shap.margin", chosen),
            fmt::format("is {} but expected_value plus the SHAP values is {}", shap.margin[chosen], total));
    }

    // Largest contributions at the top; beyond nine features the rest are
    // summed into one bar at the bottom, as shap's waterfall plot does.
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return std::abs(values[a]) > std::abs(values[b]); });
    struct Bar {
        std::vector<std::string> label;
        std::string tooltip;
        double value;
    };
    std::vector<Bar> bars;
    constexpr std::size_t kMaxBars = 10;
    const std::size_t shown = order.size() > kMaxBars ? kMaxBars - 1 : order.size();
    for (std::size_t rank = 0; rank < shown; ++rank) {
        const std::size_t f = order[rank];
        const double z = shap.standardised[chosen][f];
        // The name on up to two lines, so that similar long names stay apart, then its value.
        std::vector<std::string> label = wrapLabel(shap.features[f], 34, 2);
        label.push_back(fmt::format("value {} SD", formatLabelNumber(z, 2)));
        bars.push_back({label, shap.features[f], values[f]});
    }
    if (shown < order.size()) {
        double rest = 0.0;
        for (std::size_t rank = shown; rank < order.size(); ++rank) {
            rest += values[order[rank]];
        }
        bars.push_back({{fmt::format("{} other features", order.size() - shown)}, "", rest});
    }
    // Running totals from the bottom bar (which starts at the expected value) upwards.
    std::vector<double> start(bars.size());
    double running = shap.expected;
    double low = std::min(shap.expected, total);
    double high = std::max(shap.expected, total);
    for (std::size_t i = bars.size(); i-- > 0;) {
        start[i] = running;
        running += bars[i].value;
        low = std::min(low, running);
        high = std::max(high, running);
    }
    double widest = 0.0;
    for (const auto& bar : bars) {
        for (const auto& line : bar.label) {
            widest = std::max(widest, textWidth(line));
        }
    }
    const Ticks xTicks = linearTicks(low, high);
    std::size_t maxLabelLines = 1;
    for (const auto& bar : bars) {
        maxLabelLines = std::max(maxLabelLines, bar.label.size());
    }
    const double row = maxLabelLines > 2 ? 42.0 : 32.0;
    ChartOptions options;
    options.plotWidth = 300.0;
    options.plotHeight = row * static_cast<double>(bars.size());
    options.extraLeft = widest + 10.0;
    options.extraRight = 50.0;
    options.extraTop = 34.0;
    options.xGrid = true;
    options.showYAxis = false;
    const std::string id = shap.ids.empty() ? std::to_string(chosen + 1) : shap.ids[chosen];
    const std::string probability =
        shap.probability.empty() ? "" : fmt::format(", probability {:.3f}", shap.probability[chosen]);
    const std::string title =
        fmt::format("{} test patient ({}{})", highest ? "Highest-risk" : "Lowest-risk", id, probability);
    Chart chart(title, xTicks, {{0.0, 1.0}, {"", ""}}, fmt::format("Output of the {} (log-odds)", shapModelName(data)),
                "", options);
    const Area& area = chart.area();
    const double expectedX = chart.x()(shap.expected);
    const double totalX = chart.x()(total);
    chart.add(makeLine(expectedX, area.y - 8.0, expectedX, area.bottom(), "#777777", 1.0, "3 3"));
    chart.add(makeLine(totalX, area.y - 22.0, totalX, area.bottom(), "#333333", 1.0, "3 3"));
    const auto clampLabel = [&](double x, const std::string& text) {
        const double half = textWidth(text, kSmallFontSize) / 2.0;
        return std::clamp(x, half + 4.0, chart.document().width() - half - 4.0);
    };
    const std::string totalText = fmt::format("f(x) = {}", formatLabelNumber(total, 3));
    const std::string expectedText = fmt::format("E[f(X)] = {}", formatLabelNumber(shap.expected, 3));
    chart.add(makeText(clampLabel(totalX, totalText), area.y - 26.0, totalText, "middle", kSmallFontSize))
        .attribute("class", "waterfall-total");
    chart
        .add(makeText(clampLabel(expectedX, expectedText), area.y - 12.0, expectedText, "middle",
                      kSmallFontSize))
        .attribute("fill", "#555555")
        .attribute("class", "waterfall-expected");
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double centre = area.y + row * (static_cast<double>(i) + 0.5);
        Element& label = chart.add(makeLabel(area.x - 8.0, centre, bars[i].label, "end"));
        if (!bars[i].tooltip.empty()) {
            label.tooltip(bars[i].tooltip);
        }
        const double x0 = chart.x()(start[i]);
        const double x1 = chart.x()(start[i] + bars[i].value);
        const std::string colour = bars[i].value >= 0.0 ? kPositiveColour : kNegativeColour;
        chart.add(makeArrow(x0, x1, centre, row * 0.6, colour))
            .attribute("class", "waterfall-bar")
            .attribute("data-value", formatDouble(bars[i].value));
        // Connector from this bar's end to the next bar's start.
        if (i > 0) {
            chart.add(makeLine(x0, centre - row * 0.3, x0, centre - row * 0.7, "#999999", 0.6));
        }
        const std::string text = (bars[i].value >= 0.0 ? "+" : "") + formatLabelNumber(bars[i].value, 3);
        const double textLength = textWidth(text, kSmallFontSize);
        const bool inside = std::abs(x1 - x0) > textLength + 10.0;
        double textX = 0.0;
        std::string anchor;
        if (inside) {
            textX = (x0 + x1) / 2.0;
            anchor = "middle";
        } else {
            // Outside the bar on the side with more room.
            const bool right = std::max(x0, x1) + textLength + 4.0 <= area.right() + 48.0 ||
                               std::min(x0, x1) - textLength - 4.0 < area.x;
            textX = right ? std::max(x0, x1) + 4.0 : std::min(x0, x1) - 4.0;
            anchor = right ? "start" : "end";
        }
        chart.add(makeText(textX, centre + 3.5, text, anchor, kSmallFontSize))
            .attribute("fill", inside ? "#ffffff" : colour);
    }
    return chart.str();
}

}  // namespace pulmorad::report::detail

#include "report/figures.h"

#include "common/errors.h"
#include "report/figures_common.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <tuple>

namespace pulmorad::report {

namespace detail {

// ---------------------------------------------------------------- FigureData

FigureData::FigureData(std::string figureId, const nlohmann::json& results)
    : id_(std::move(figureId)), results_(results) {}

void FigureData::fail(std::string_view path, std::string_view problem) const {
    throw InputError(
        fmt::format("figure '{}': results.json key '{}' {}; regenerate results.json with `pulmorad study`",
                    id_, path, problem));
}

const nlohmann::json* FigureData::find(std::string_view path) const {
    const nlohmann::json* current = &results_;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string segment(
            path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (current->is_object()) {
            const auto it = current->find(segment);
            if (it == current->end()) {
                return nullptr;
            }
            current = &*it;
        } else if (current->is_array() && !segment.empty() &&
                   segment.find_first_not_of("0123456789") == std::string::npos) {
            const std::size_t index = std::stoul(segment);
            if (index >= current->size()) {
                return nullptr;
            }
            current = &(*current)[index];
        } else {
            return nullptr;
        }
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return current;
}

bool FigureData::has(std::string_view path) const {
    const nlohmann::json* value = find(path);
    return value != nullptr && !value->is_null();
}

const nlohmann::json& FigureData::node(std::string_view path) const {
    const nlohmann::json* value = find(path);
    if (value == nullptr || value->is_null()) {
        fail(path, "is missing");
    }
    return *value;
}

const nlohmann::json& FigureData::object(std::string_view path) const {
    const nlohmann::json& value = node(path);
    if (!value.is_object()) {
        fail(path, "is not an object");
    }
    return value;
}

std::size_t FigureData::arraySize(std::string_view path) const {
    const nlohmann::json& value = node(path);
    if (!value.is_array()) {
        fail(path, "is not an array");
    }
    return value.size();
}

double FigureData::number(std::string_view path) const {
    const nlohmann::json& value = node(path);
    if (!value.is_number()) {
        fail(path, "is not a number");
    }
    const double number = value.get<double>();
    if (!std::isfinite(number)) {
        fail(path, "is not a finite number");
    }
    return number;
}

double FigureData::optionalNumber(std::string_view path) const {
    const nlohmann::json* value = find(path);
    if (value == nullptr || value->is_null()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return number(path);
}

std::string FigureData::string(std::string_view path) const {
    const nlohmann::json& value = node(path);
    if (!value.is_string()) {
        fail(path, "is not a string");
    }
    return value.get<std::string>();
}

std::string FigureData::stringOr(std::string_view path, const std::string& fallback) const {
    return has(path) ? string(path) : fallback;
}

std::vector<double> FigureData::numbers(std::string_view path, bool allowNull) const {
    const nlohmann::json& value = node(path);
    if (!value.is_array()) {
        fail(path, "is not an array of numbers");
    }
    std::vector<double> out;
    out.reserve(value.size());
    for (const auto& item : value) {
        if (item.is_null() && allowNull) {
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        } else if (item.is_number() && std::isfinite(item.get<double>())) {
            out.push_back(item.get<double>());
        } else {
            fail(path, fmt::format("has the entry {} where a number is expected", item.dump()));
        }
    }
    return out;
}

std::vector<std::string> FigureData::strings(std::string_view path) const {
    const nlohmann::json& value = node(path);
    if (!value.is_array()) {
        fail(path, "is not an array of strings");
    }
    std::vector<std::string> out;
    for (const auto& item : value) {
        if (!item.is_string()) {
            fail(path, fmt::format("has the entry {} where a string is expected", item.dump()));
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::vector<std::vector<double>> FigureData::matrix(std::string_view path) const {
    const std::size_t rows = arraySize(path);
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i < rows; ++i) {
        out.push_back(numbers(keyPath(path, i)));
        if (out.back().size() != out.front().size()) {
            fail(keyPath(path, i), "has a different length from the first row");
        }
    }
    return out;
}

void FigureData::requireLength(std::string_view path, std::size_t size, std::size_t expected) const {
    if (size != expected) {
        fail(path, fmt::format("has {} entries where {} are expected", size, expected));
    }
}

std::string keyPath(std::string_view a, std::string_view b) { return fmt::format("{}.{}", a, b); }

std::string keyPath(std::string_view a, std::size_t index) { return fmt::format("{}.{}", a, index); }

// ---------------------------------------------------------------- Chart

namespace {
constexpr double kTopMargin = 32.0;
constexpr double kRightMargin = 18.0;
constexpr double kBottomMargin = 50.0;
}  // namespace

double Chart::leftMargin(const Ticks& yTicks, std::string_view yTitle, const ChartOptions& options) {
    if (!options.showYAxis) {
        return 10.0 + options.extraLeft;
    }
    // Tick, gap, labels, gap, the rotated title and a border.
    return 7.0 + widestLabel(yTicks) + 8.0 + (yTitle.empty() ? 0.0 : kFontSize + 4.0) + 10.0 +
           options.extraLeft;
}

Chart::Chart(std::string_view title, const Ticks& xTicks, const Ticks& yTicks, std::string_view xTitle,
             std::string_view yTitle, const ChartOptions& options)
    : document_(std::max(leftMargin(yTicks, yTitle, options) + options.plotWidth + kRightMargin +
                             options.extraRight,
                         textWidth(title, kTitleFontSize) * 1.1 + 24.0),
                kTopMargin + options.extraTop + options.plotHeight + kBottomMargin + options.extraBottom,
                title) {
    area_.x = leftMargin(yTicks, yTitle, options);
    area_.y = kTopMargin + options.extraTop;
    area_.width = options.plotWidth;
    area_.height = options.plotHeight;
    x_ = Scale(xTicks.values.front(), xTicks.values.back(), area_.x, area_.right(), options.xLog);
    Ticks shownYTicks = yTicks;
    double yLow = yTicks.values.front();
    if (std::isfinite(options.yDomainLow)) {
        yLow = options.yDomainLow;
        shownYTicks = {};
        for (std::size_t i = 0; i < yTicks.values.size(); ++i) {
            if (yTicks.values[i] >= yLow - 1e-12) {
                shownYTicks.values.push_back(yTicks.values[i]);
                shownYTicks.labels.push_back(yTicks.labels[i]);
            }
        }
    }
    y_ = Scale(yLow, yTicks.values.back(), area_.bottom(), area_.y, options.yLog);
    document_.add(makeTitle(document_.width(), title));
    document_.add(makePlotArea(area_));
    if (options.showXAxis) {
        document_.add(makeAxis(AxisSide::Bottom, area_, x_, xTicks, xTitle, options.xGrid));
    }
    if (options.showYAxis) {
        document_.add(makeAxis(AxisSide::Left, area_, y_, shownYTicks, yTitle, options.yGrid));
    }
}

std::vector<std::pair<double, double>> Chart::map(const std::vector<double>& xs,
                                                  const std::vector<double>& ys) const {
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
        points.emplace_back(x_(xs[i]), y_(ys[i]));
    }
    return points;
}

std::vector<std::pair<double, double>> Chart::map(const std::vector<std::pair<double, double>>& points) const {
    std::vector<std::pair<double, double>> mapped;
    mapped.reserve(points.size());
    for (const auto& [x, y] : points) {
        mapped.emplace_back(x_(x), y_(y));
    }
    return mapped;
}

void Chart::occupy(const std::vector<std::pair<double, double>>& points) {
    // Samples every 4 px along each segment, so long segments count too.
    for (std::size_t i = 0; i < points.size(); ++i) {
        occupied_.push_back(points[i]);
        if (i + 1 == points.size()) {
            break;
        }
        const double dx = points[i + 1].first - points[i].first;
        const double dy = points[i + 1].second - points[i].second;
        const int steps = static_cast<int>(std::hypot(dx, dy) / 4.0);
        for (int k = 1; k < steps; ++k) {
            const double f = static_cast<double>(k) / steps;
            occupied_.emplace_back(points[i].first + f * dx, points[i].second + f * dy);
        }
    }
}

std::tuple<double, double, std::size_t> Chart::bestCorner(const std::vector<LegendEntry>& entries,
                                                         const std::vector<std::string_view>& corners) const {
    const auto [width, height] = legendSize(entries);
    constexpr double kInset = 6.0;
    double bestX = 0.0;
    double bestY = 0.0;
    std::size_t bestCount = std::numeric_limits<std::size_t>::max();
    for (const std::string_view corner : corners) {
        const double x = corner.ends_with("left") ? area_.x + kInset : area_.right() - kInset - width;
        const double y = corner.starts_with("top") ? area_.y + kInset : area_.bottom() - kInset - height;
        std::size_t count = 0;
        for (const auto& [px, py] : occupied_) {
            count += (px >= x && px <= x + width && py >= y && py <= y + height) ? 1 : 0;
        }
        if (count < bestCount) {
            bestCount = count;
            bestX = x;
            bestY = y;
        }
    }
    return {bestX, bestY, bestCount};
}

void Chart::legend(const std::vector<LegendEntry>& entries, const std::vector<std::string_view>& corners) {
    const auto [x, y, covered] = bestCorner(entries, corners);
    document_.add(makeLegend(x, y, entries));
}

bool Chart::legendFitsACorner(const std::vector<LegendEntry>& entries,
                              const std::vector<std::string_view>& corners) const {
    return std::get<2>(bestCorner(entries, corners)) == 0;
}

void Chart::legendBelow(const std::vector<LegendEntry>& entries) {
    document_.add(makeLegend(area_.x, area_.bottom() + kBottomMargin, entries));
}

double Chart::legendBelowHeight(const std::vector<LegendEntry>& entries) {
    return legendSize(entries).second + 8.0;
}

// ---------------------------------------------------------------- small pieces

Element makeDot(double cx, double cy, double radius, std::string_view fill) {
    Element dot("circle");
    dot.attribute("cx", cx).attribute("cy", cy).attribute("r", radius).attribute("fill", fill);
    return dot;
}

Element makeRect(double x, double y, double width, double height, std::string_view fill) {
    if (width < 0.0) {
        x += width;
        width = -width;
    }
    if (height < 0.0) {
        y += height;
        height = -height;
    }
    Element rect("rect");
    rect.attribute("x", x).attribute("y", y).attribute("width", width).attribute("height", height);
    rect.attribute("fill", fill);
    return rect;
}

std::vector<double> swarmOffsets(const std::vector<double>& positions, double spacing, double maxOffset) {
    std::vector<double> offsets(positions.size(), 0.0);
    std::map<long, std::vector<std::size_t>> bins;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        bins[std::lround(std::floor(positions[i] / spacing))].push_back(i);
    }
    for (const auto& [bin, members] : bins) {
        double widest = 0.0;
        for (std::size_t k = 0; k < members.size(); ++k) {
            const double step = static_cast<double>((k + 1) / 2) * spacing;
            offsets[members[k]] = (k % 2 == 1) ? step : -step;
            widest = std::max(widest, step);
        }
        if (widest > maxOffset) {
            for (const std::size_t member : members) {
                offsets[member] *= maxOffset / widest;
            }
        }
    }
    return offsets;
}

double quantile(const std::vector<double>& sorted, double p) {
    const double position = p * static_cast<double>(sorted.size() - 1);
    const auto low = static_cast<std::size_t>(std::floor(position));
    const std::size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (position - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

std::string formatAucWithCi(double auc, double low, double high) {
    if (!std::isfinite(low) || !std::isfinite(high)) {
        return fmt::format("{:.3f}", auc);
    }
    return fmt::format("{:.3f} ({:.3f}\u2013{:.3f})", auc, low, high);
}

std::string formatPValue(double p) {
    if (!std::isfinite(p)) {
        return "\u2013";
    }
    return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p);
}

std::string groupLabel(const FigureData& data, int outcome) {
    return outcome == 1 ? data.stringOr("cohort.labels.positive", "Positive")
                        : data.stringOr("cohort.labels.negative", "Negative");
}

}  // namespace detail

namespace {

using detail::FigureData;

struct FigureSpec {
    std::string id;
    std::string dataKey;  // present when this key exists in results.json
    std::function<std::string(const FigureData&)> render;
};

const std::vector<FigureSpec>& figureSpecs() {
    using namespace detail;
    static const std::vector<FigureSpec> specs = {
        {"selection_funnel", "radiomics.funnel", renderSelectionFunnel},
        {"lasso_path", "radiomics.lasso.path", renderLassoPath},
        {"lasso_cv", "radiomics.lasso.cv_mean", renderLassoCv},
        {"selected_correlation", "radiomics.correlation", renderSelectedCorrelation},
        {"radscore_coefficients", "radiomics.radscore.coefficients", renderRadscoreCoefficients},
        {"radscore_by_group", "radiomics.radscore.train", renderRadscoreByGroup},
        {"roc_models_train", "radiomics.models.roc",
         [](const FigureData& d) { return renderModelRoc(d, "train"); }},
        {"roc_models_test", "radiomics.models.roc",
         [](const FigureData& d) { return renderModelRoc(d, "test"); }},
        {"delong_matrix", "radiomics.models.delong", renderDelongMatrix},
        {"shap_beeswarm", "radiomics.shap", renderShapBeeswarm},
        {"shap_waterfall_high", "radiomics.shap",
         [](const FigureData& d) { return renderShapWaterfall(d, true); }},
        {"shap_waterfall_low", "radiomics.shap",
         [](const FigureData& d) { return renderShapWaterfall(d, false); }},
        {"nomogram", "combined.nomogram", renderNomogram},
        {"calibration_train", "combined.calibration.train",
         [](const FigureData& d) { return renderCalibration(d, "train"); }},
        {"calibration_test", "combined.calibration.test",
         [](const FigureData& d) { return renderCalibration(d, "test"); }},
        {"decision_curve_train", "combined.decision_curve.train",
         [](const FigureData& d) { return renderDecisionCurve(d, "train"); }},
        {"decision_curve_test", "combined.decision_curve.test",
         [](const FigureData& d) { return renderDecisionCurve(d, "test"); }},
        {"roc_combined_train", "combined.roc",
         [](const FigureData& d) { return renderCombinedRoc(d, "train"); }},
        {"roc_combined_test", "combined.roc",
         [](const FigureData& d) { return renderCombinedRoc(d, "test"); }},
    };
    return specs;
}

}  // namespace

const std::vector<std::string>& figureIds() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto& spec : figureSpecs()) {
            out.push_back(spec.id);
        }
        return out;
    }();
    return ids;
}

std::string renderFigure(const std::string& id, const nlohmann::json& results) {
    for (const auto& spec : figureSpecs()) {
        if (spec.id == id) {
            spdlog::debug("Rendering figure {}", id);
            const FigureData data(id, results);
            data.node(spec.dataKey);
            return spec.render(data);
        }
    }
    throw InputError(
        fmt::format("unknown figure id '{}'; the figure ids are listed in docs/study-results.md", id));
}

std::vector<std::string> availableFigures(const nlohmann::json& results) {
    std::vector<std::string> ids;
    for (const auto& spec : figureSpecs()) {
        const FigureData data(spec.id, results);
        if (!data.has(spec.dataKey)) {
            continue;
        }
        // A ROC figure of one set needs that set's curves.
        if (spec.id.starts_with("roc_")) {
            const std::string set = spec.id.ends_with("_train") ? "train" : "test";
            const auto& roc = results.at(nlohmann::json::json_pointer(
                spec.dataKey.starts_with("radiomics") ? "/radiomics/models/roc" : "/combined/roc"));
            bool any = false;
            if (roc.is_object()) {
                for (const auto& [name, curves] : roc.items()) {
                    any = any || (curves.is_object() && curves.contains(set));
                }
            }
            if (!any) {
                continue;
            }
        }
        ids.push_back(spec.id);
    }
    return ids;
}

}  // namespace pulmorad::report

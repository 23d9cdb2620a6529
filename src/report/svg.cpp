#include "report/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace pulmorad::report {

std::string escapeXml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string formatCoordinate(double value) {
    if (!std::isfinite(value)) {
        return "0";
    }
    const double rounded = std::round(value * 100.0) / 100.0;
    std::string text = fmt::format("{:.2f}", rounded == 0.0 ? 0.0 : rounded);
    while (!text.empty() && text.back() == '0') {
        text.pop_back();
    }
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

// ---------------------------------------------------------------- Element

Element::Element(std::string name) : name_(std::move(name)) {}

Element& Element::attribute(std::string_view key, std::string_view value) {
    attributes_.emplace_back(std::string(key), std::string(value));
    return *this;
}

Element& Element::attribute(std::string_view key, const char* value) {
    return attribute(key, std::string_view(value));
}

Element& Element::attribute(std::string_view key, double value) {
    return attribute(key, std::string_view(formatCoordinate(value)));
}

Element& Element::text(std::string_view content) {
    text_ = std::string(content);
    return *this;
}

Element& Element::add(Element child) {
    children_.push_back(std::move(child));
    return children_.back();
}

Element& Element::tooltip(std::string_view content) {
    Element title("title");
    title.text(content);
    add(std::move(title));
    return *this;
}

void Element::write(std::string& out, int depth) const {
    // A negative depth writes the element inline, without indentation or
    // line breaks, which would otherwise become part of mixed content.
    const bool inlineLayout = depth < 0;
    if (!inlineLayout) {
        out.append(static_cast<std::size_t>(depth), ' ');
    }
    out += '<';
    out += name_;
    for (const auto& [key, value] : attributes_) {
        out += ' ';
        out += key;
        out += "=\"";
        out += escapeXml(value);
        out += '"';
    }
    const char* end = inlineLayout ? "" : "\n";
    if (text_.empty() && children_.empty()) {
        out += "/>";
        out += end;
        return;
    }
    out += '>';
    out += escapeXml(text_);
    // Text elements hold character data, so their children stay inline.
    const bool childrenInline = inlineLayout || !text_.empty() || name_ == "text";
    if (!children_.empty()) {
        if (!childrenInline) {
            out += '\n';
        }
        for (const auto& child : children_) {
            child.write(out, childrenInline ? -1 : depth + 1);
        }
        if (!childrenInline) {
            out.append(static_cast<std::size_t>(depth), ' ');
        }
    }
    out += "</";
    out += name_;
    out += '>';
    out += end;
}

Document::Document(double width, double height, std::string_view title)
    : width_(width), height_(height), root_("svg") {
    root_.attribute("xmlns", "http://www.w3.org/2000/svg")
        .attribute("viewBox", fmt::format("0 0 {} {}", formatCoordinate(width), formatCoordinate(height)))
        .attribute("width", width)
        .attribute("height", height)
        .attribute("font-family", kFontFamily)
        .attribute("font-size", kFontSize)
        .attribute("role", "img");
    Element titleElement("title");
    titleElement.text(title);
    root_.add(std::move(titleElement));
    Element background("rect");
    background.attribute("width", width).attribute("height", height).attribute("fill", "#ffffff");
    root_.add(std::move(background));
}

std::string Document::str() const {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    root_.write(out, 0);
    return out;
}

// ---------------------------------------------------------------- text

std::size_t characterCount(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        // Count every byte that is not a UTF-8 continuation byte (10xxxxxx).
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++count;
        }
    }
    return count;
}

double textWidth(std::string_view text, double fontSize) {
    return 0.6 * fontSize * static_cast<double>(characterCount(text));
}

namespace {

// Byte offset of the code point with index `index` in `text`.
std::size_t byteOffset(const std::string& text, std::size_t index) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            if (seen == index) {
                return i;
            }
            ++seen;
        }
    }
    return text.size();
}

const std::string kEllipsis = "\u2026";

}  // namespace

std::string shortenMiddle(const std::string& text, std::size_t maxCharacters) {
    const std::size_t count = characterCount(text);
    if (count <= maxCharacters || maxCharacters < 3) {
        return text;
    }
    const std::size_t keep = maxCharacters - 1;
    const std::size_t head = keep / 2;
    const std::size_t tail = keep - head;
    return text.substr(0, byteOffset(text, head)) + kEllipsis + text.substr(byteOffset(text, count - tail));
}

std::vector<std::string> wrapLabel(const std::string& text, std::size_t maxCharacters, std::size_t maxLines) {
    std::vector<std::string> lines;
    std::string rest = text;
    while (!rest.empty() && lines.size() + 1 < maxLines && characterCount(rest) > maxCharacters) {
        // Break after the last separator that keeps the line within the limit.
        const std::size_t limit = byteOffset(rest, maxCharacters);
        std::size_t cut = std::string::npos;
        for (std::size_t i = limit; i > 0; --i) {
            const char c = rest[i - 1];
            if (c == '_' || c == '-' || c == ' ') {
                cut = i;
                break;
            }
        }
        if (cut == std::string::npos || cut < limit / 3) {
            cut = limit;
        }
        std::string line = rest.substr(0, cut);
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        lines.push_back(line);
        rest = rest.substr(cut);
    }
    if (!rest.empty()) {
        if (characterCount(rest) > maxCharacters) {
            rest = shortenMiddle(rest, maxCharacters);
        }
        lines.push_back(rest);
    }
    return lines;
}

Element makeText(double x, double y, std::string_view content, std::string_view anchor, double fontSize) {
    Element text("text");
    text.attribute("x", x).attribute("y", y);
    if (anchor != "start") {
        text.attribute("text-anchor", anchor);
    }
    if (fontSize != kFontSize) {
        text.attribute("font-size", fontSize);
    }
    text.text(content);
    return text;
}

Element makeLabel(double x, double y, const std::vector<std::string>& lines, std::string_view anchor,
                  double fontSize) {
    const double lineHeight = fontSize * 1.15;
    const double first = y - lineHeight * static_cast<double>(lines.size() - 1) / 2.0 + fontSize * 0.35;
    if (lines.size() == 1) {
        return makeText(x, first, lines.front(), anchor, fontSize);
    }
    Element text("text");
    text.attribute("x", x).attribute("y", first);
    if (anchor != "start") {
        text.attribute("text-anchor", anchor);
    }
    if (fontSize != kFontSize) {
        text.attribute("font-size", fontSize);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Element span("tspan");
        span.attribute("x", x).attribute("y", first + lineHeight * static_cast<double>(i)).text(lines[i]);
        text.add(std::move(span));
    }
    return text;
}

std::string formatLabelNumber(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", value, std::max(decimals, 0));
    if (!text.empty() && text.front() == '-') {
        const bool allZero = text.find_first_not_of("-0.") == std::string::npos;
        text = allZero ? text.substr(1) : "\u2212" + text.substr(1);
    }
    return text;
}

// ---------------------------------------------------------------- colour

const std::vector<std::string>& palette() {
    static const std::vector<std::string> colours = {"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                                     "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
    return colours;
}

std::string seriesColour(std::size_t index) { return palette()[index % palette().size()]; }

namespace {

struct Rgb {
    double r, g, b;
};

Rgb parseHex(const std::string& hex) {
    const auto channel = [&](std::size_t at) {
        return static_cast<double>(std::stoi(hex.substr(at, 2), nullptr, 16));
    };
    return {channel(1), channel(3), channel(5)};
}

}  // namespace

std::string interpolateColour(const std::vector<std::string>& stops, double t) {
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.5;
    const double position = t * static_cast<double>(stops.size() - 1);
    const auto low = std::min(static_cast<std::size_t>(position), stops.size() - 2);
    const double f = position - static_cast<double>(low);
    const Rgb a = parseHex(stops[low]);
    const Rgb b = parseHex(stops[low + 1]);
    const auto mix = [f](double x, double y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

std::string divergingColour(double t) {
    static const std::vector<std::string> rdbu = {"#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7",
                                                  "#fddbc7", "#ef8a62", "#b2182b"};
    return interpolateColour(rdbu, t);
}

std::string sequentialColour(double t) {
    static const std::vector<std::string> blues = {"#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"};
    return interpolateColour(blues, t);
}

bool isLightColour(const std::string& hexColour) {
    const Rgb c = parseHex(hexColour);
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b > 140.0;
}

// ---------------------------------------------------------------- scales

double niceStep(double low, double high, int count) {
    double span = high - low;
    if (!(span > 0.0)) {
        span = std::max(std::abs(low), 1.0);
    }
    const double raw = span / std::max(count, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double residual = raw / magnitude;
    double unit = 10.0;
    if (residual < 1.5) {
        unit = 1.0;
    } else if (residual < 3.0) {
        unit = 2.0;
    } else if (residual < 7.0) {
        unit = 5.0;
    }
    return unit * magnitude;
}

std::vector<double> niceTicks(double low, double high, int count) {
    if (!(high > low)) {
        const double pad = std::max(std::abs(low) * 0.1, 0.5);
        low -= pad;
        high += pad;
    }
    const double step = niceStep(low, high, count);
    // A tolerance of 1e-9 steps keeps a limit that is already a multiple of
    // the step from gaining an extra tick through rounding noise.
    const double first = std::floor(low / step + 1e-9);
    const double last = std::ceil(high / step - 1e-9);
    std::vector<double> ticks;
    for (double k = first; k <= last + 0.5; k += 1.0) {
        const double value = k * step;
        ticks.push_back(std::abs(value) < step * 1e-9 ? 0.0 : value);
    }
    return ticks;
}

int decimalsForStep(double step) {
    int decimals = 0;
    double scaled = std::abs(step);
    while (decimals < 6 && std::abs(scaled - std::round(scaled)) > 1e-6 * std::max(1.0, scaled)) {
        scaled *= 10.0;
        ++decimals;
    }
    return decimals;
}

Scale::Scale(double domainLow, double domainHigh, double rangeLow, double rangeHigh, bool logarithmic)
    : domainLow_(domainLow),
      domainHigh_(domainHigh),
      rangeLow_(rangeLow),
      rangeHigh_(rangeHigh),
      logarithmic_(logarithmic) {}

double Scale::operator()(double value) const {
    double low = domainLow_;
    double high = domainHigh_;
    if (logarithmic_) {
        value = std::log10(value);
        low = std::log10(low);
        high = std::log10(high);
    }
    if (high == low) {
        return (rangeLow_ + rangeHigh_) / 2.0;
    }
    return rangeLow_ + (value - low) / (high - low) * (rangeHigh_ - rangeLow_);
}

Ticks linearTicks(double low, double high, int count) {
    Ticks ticks;
    ticks.values = niceTicks(low, high, count);
    const int decimals = ticks.values.size() > 1 ? decimalsForStep(ticks.values[1] - ticks.values[0]) : 0;
    for (const double value : ticks.values) {
        ticks.labels.push_back(formatLabelNumber(value, decimals));
    }
    return ticks;
}

Ticks logTicks(double low, double high) {
    Ticks ticks;
    const int first = static_cast<int>(std::floor(std::log10(std::max(low, 1e-300)) + 1e-9));
    const int last =
        std::max(first + 1, static_cast<int>(std::ceil(std::log10(std::max(high, 1e-300)) - 1e-9)));
    for (int power = first; power <= last; ++power) {
        const double value = std::pow(10.0, power);
        ticks.values.push_back(value);
        ticks.labels.push_back(power >= 0 ? fmt::format("{:.0f}", value) : formatLabelNumber(value, -power));
    }
    return ticks;
}

// ---------------------------------------------------------------- charts

Element makeLine(double x1, double y1, double x2, double y2, std::string_view colour, double width,
                 std::string_view dash) {
    Element line("line");
    line.attribute("x1", x1).attribute("y1", y1).attribute("x2", x2).attribute("y2", y2);
    line.attribute("stroke", colour).attribute("stroke-width", width);
    if (!dash.empty()) {
        line.attribute("stroke-dasharray", dash);
    }
    return line;
}

namespace {

constexpr double kTickLength = 4.0;
constexpr const char* kAxisColour = "#333333";
constexpr const char* kGridColour = "#e6e6e6";

}  // namespace

Element makePlotArea(const Area& area) {
    Element rect("rect");
    rect.attribute("class", "plot-area")
        .attribute("x", area.x)
        .attribute("y", area.y)
        .attribute("width", area.width)
        .attribute("height", area.height)
        .attribute("fill", "none")
        .attribute("stroke", "#cccccc")
        .attribute("stroke-width", 0.5);
    return rect;
}

namespace {

// The placement of an axis's parts: (x, y) from a position along the axis
// and a distance outwards from the plot area (towards the tick labels).
struct AxisFrame {
    const Area& area;
    bool bottom;

    std::pair<double, double> point(double along, double outwards) const {
        return bottom ? std::pair{along, area.bottom() + outwards} : std::pair{area.x - outwards, along};
    }
    Element line(double along1, double outwards1, double along2, double outwards2, std::string_view colour) const {
        const auto [x1, y1] = point(along1, outwards1);
        const auto [x2, y2] = point(along2, outwards2);
        return makeLine(x1, y1, x2, y2, colour);
    }
};

}  // namespace

Element makeAxis(AxisSide side, const Area& area, const Scale& scale, const Ticks& ticks, std::string_view title,
                 bool gridlines) {
    const AxisFrame frame{area, side == AxisSide::Bottom};
    // Gridlines cross the whole plot area, which lies at negative outward distances.
    const double depth = frame.bottom ? area.height : area.width;
    Element group("g");
    group.attribute("class", frame.bottom ? "x-axis" : "y-axis");
    for (std::size_t i = 0; i < ticks.values.size(); ++i) {
        const double along = scale(ticks.values[i]);
        if (gridlines) {
            group.add(frame.line(along, -depth, along, 0.0, kGridColour));
        }
        group.add(frame.line(along, 0.0, along, kTickLength, kAxisColour));
        // Bottom labels hang below their tick; left labels end beside it,
        // shifted down by 0.35 em so that their digits centre on the tick.
        const auto [x, y] = frame.bottom ? frame.point(along, kTickLength + kFontSize + 1.0)
                                         : frame.point(along + kFontSize * 0.35, kTickLength + 3.0);
        group.add(makeText(x, y, ticks.labels[i], frame.bottom ? "middle" : "end"));
    }
    const double start = frame.bottom ? area.x : area.y;
    group.add(frame.line(start, 0.0, start + (frame.bottom ? area.width : area.height), 0.0, kAxisColour));
    if (title.empty()) {
        return group;
    }
    const double middle = start + (frame.bottom ? area.width : area.height) / 2.0;
    if (frame.bottom) {
        const auto [x, y] = frame.point(middle, kTickLength + 2.0 * kFontSize + 12.0);
        group.add(makeText(x, y, title, "middle")).attribute("class", "axis-title");
        return group;
    }
    // The left title is rotated and clears the widest tick label.
    const auto [x, y] = frame.point(middle, kTickLength + 3.0 + widestLabel(ticks) + 8.0);
    group.add(makeText(x, y, title, "middle"))
        .attribute("transform", fmt::format("rotate(-90 {} {})", formatCoordinate(x), formatCoordinate(y)))
        .attribute("class", "axis-title");
    return group;
}

double widestLabel(const Ticks& ticks, double fontSize) {
    double widest = 0.0;
    for (const auto& label : ticks.labels) {
        widest = std::max(widest, textWidth(label, fontSize));
    }
    return widest;
}

Element makeTitle(double width, std::string_view title) {
    Element text = makeText(width / 2.0, 18.0, title, "middle", kTitleFontSize);
    text.attribute("font-weight", "bold").attribute("class", "figure-title");
    return text;
}

namespace {
constexpr double kLegendPadding = 6.0;
constexpr double kLegendKeyWidth = 20.0;
}  // namespace

std::pair<double, double> legendSize(const std::vector<LegendEntry>& entries, double fontSize) {
    double widest = 0.0;
    for (const auto& entry : entries) {
        widest = std::max(widest, textWidth(entry.label, fontSize));
    }
    const double rowHeight = fontSize * 1.45;
    return {kLegendPadding * 3.0 + kLegendKeyWidth + widest,
            kLegendPadding * 2.0 + rowHeight * static_cast<double>(entries.size())};
}

std::string dashPattern(LegendKey key) {
    switch (key) {
        case LegendKey::DashedLine:
            return "6 3";
        case LegendKey::DottedLine:
            return "2 2";
        default:
            return "";
    }
}

Element makeLegend(double x, double y, const std::vector<LegendEntry>& entries, double fontSize) {
    const auto [width, height] = legendSize(entries, fontSize);
    const double rowHeight = fontSize * 1.45;
    Element group("g");
    group.attribute("class", "legend");
    Element box("rect");
    box.attribute("x", x)
        .attribute("y", y)
        .attribute("width", width)
        .attribute("height", height)
        .attribute("fill", "#ffffff")
        .attribute("fill-opacity", 0.85)
        .attribute("stroke", "#cccccc")
        .attribute("stroke-width", 0.5);
    group.add(std::move(box));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& entry = entries[i];
        const double centreY = y + kLegendPadding + rowHeight * (static_cast<double>(i) + 0.5);
        const double keyX = x + kLegendPadding;
        if (entry.key == LegendKey::Point) {
            Element dot("circle");
            dot.attribute("cx", keyX + kLegendKeyWidth / 2.0).attribute("cy", centreY).attribute("r", 3.5);
            dot.attribute("fill", entry.colour);
            group.add(std::move(dot));
        } else if (entry.key == LegendKey::Box) {
            Element rect("rect");
            rect.attribute("x", keyX + 4.0)
                .attribute("y", centreY - 5.0)
                .attribute("width", kLegendKeyWidth - 8.0)
                .attribute("height", 10.0)
                .attribute("fill", entry.colour);
            group.add(std::move(rect));
        } else {
            Element line = makeLine(keyX, centreY, keyX + kLegendKeyWidth, centreY, entry.colour, 2.0);
            const std::string dash = dashPattern(entry.key);
            if (!dash.empty()) {
                line.attribute("stroke-dasharray", dash);
            }
            group.add(std::move(line));
        }
        Element& label = group.add(makeText(keyX + kLegendKeyWidth + kLegendPadding,
                                            centreY + fontSize * 0.35, entry.label, "start", fontSize));
        label.attribute("class", "legend-label");
        if (!entry.tooltip.empty()) {
            label.tooltip(entry.tooltip);
        }
    }
    return group;
}

Element makePolyline(const std::vector<std::pair<double, double>>& points, const std::string& colour,
                     double strokeWidth, std::string_view dash) {
    std::string text;
    for (const auto& [x, y] : points) {
        if (!text.empty()) {
            text += ' ';
        }
        text += formatCoordinate(x);
        text += ',';
        text += formatCoordinate(y);
    }
    Element line("polyline");
    line.attribute("points", text)
        .attribute("fill", "none")
        .attribute("stroke", colour)
        .attribute("stroke-width", strokeWidth)
        .attribute("stroke-linejoin", "round");
    if (!dash.empty()) {
        line.attribute("stroke-dasharray", dash);
    }
    return line;
}

std::vector<std::vector<std::pair<double, double>>> clipPolyline(
    const std::vector<std::pair<double, double>>& points, double yLow, double yHigh) {
    std::vector<std::vector<std::pair<double, double>>> runs;
    std::vector<std::pair<double, double>> run;
    const auto inside = [&](double y) { return y >= yLow && y <= yHigh; };
    const auto crossing = [](std::pair<double, double> a, std::pair<double, double> b, double level) {
        const double f = (level - a.second) / (b.second - a.second);
        return std::pair<double, double>{a.first + f * (b.first - a.first), level};
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& point = points[i];
        if (!std::isfinite(point.first) || !std::isfinite(point.second)) {
            if (run.size() > 1) {
                runs.push_back(run);
            }
            run.clear();
            continue;
        }
        const bool pointInside = inside(point.second);
        if (i > 0 && std::isfinite(points[i - 1].second)) {
            const auto& previous = points[i - 1];
            const bool previousInside = inside(previous.second);
            if (previousInside && !pointInside) {
                run.push_back(crossing(previous, point, point.second < yLow ? yLow : yHigh));
                if (run.size() > 1) {
                    runs.push_back(run);
                }
                run.clear();
            } else if (!previousInside && pointInside) {
                run.push_back(crossing(previous, point, previous.second < yLow ? yLow : yHigh));
            } else if (!previousInside && !pointInside && (previous.second < yLow) != (point.second < yLow)) {
                // The segment passes straight through the band.
                const double enter = previous.second < yLow ? yLow : yHigh;
                const double leave = previous.second < yLow ? yHigh : yLow;
                runs.push_back({crossing(previous, point, enter), crossing(previous, point, leave)});
            }
        }
        if (pointInside) {
            run.push_back(point);
        }
    }
    if (run.size() > 1) {
        runs.push_back(run);
    }
    return runs;
}

Element makeColourBar(const Area& bar, const std::function<std::string(double)>& colourAt, const Ticks& ticks,
                      double low, double high, std::string_view title) {
    Element group("g");
    group.attribute("class", "colour-bar");
    constexpr int kBands = 48;
    const double bandHeight = bar.height / kBands;
    for (int i = 0; i < kBands; ++i) {
        const double t = (static_cast<double>(i) + 0.5) / kBands;
        Element band("rect");
        // Bands overlap by 0.5 px so no hairline gaps show between them.
        band.attribute("x", bar.x)
            .attribute("y", bar.bottom() - bandHeight * (i + 1))
            .attribute("width", bar.width)
            .attribute("height", bandHeight + 0.5)
            .attribute("fill", colourAt(t));
        group.add(std::move(band));
    }
    Element frame("rect");
    frame.attribute("x", bar.x)
        .attribute("y", bar.y)
        .attribute("width", bar.width)
        .attribute("height", bar.height)
        .attribute("fill", "none")
        .attribute("stroke", "#666666")
        .attribute("stroke-width", 0.5);
    group.add(std::move(frame));
    const Scale scale(low, high, bar.bottom(), bar.y);
    for (std::size_t i = 0; i < ticks.values.size(); ++i) {
        const double y = scale(ticks.values[i]);
        group.add(makeLine(bar.right(), y, bar.right() + 3.0, y, kAxisColour));
        group.add(
            makeText(bar.right() + 5.0, y + kSmallFontSize * 0.35, ticks.labels[i], "start", kSmallFontSize));
    }
    if (!title.empty()) {
        group.add(makeText(bar.x + bar.width / 2.0, bar.y - 8.0, title, "middle", kSmallFontSize));
    }
    return group;
}

}  // namespace pulmorad::report

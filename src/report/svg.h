#pragma once

// A small SVG writer and the chart pieces every report figure shares: scales
// with "nice" ticks, axes, legends, colour scales and label fitting. Figures
// are designed for a ~520 x 400 px viewBox with 11 px sans-serif text, which
// reads well at a journal's column width.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pulmorad::report {

/// Escapes &, <, >, " and ' for XML text and attribute values.
std::string escapeXml(std::string_view text);

/// Formats a coordinate or length compactly: at most two decimals, no
/// trailing zeros, and never "-0".
std::string formatCoordinate(double value);

/// One SVG element with attributes, an optional text content and children.
/// Attribute values and text are escaped when written.
class Element {
public:
    explicit Element(std::string name);

    Element& attribute(std::string_view key, std::string_view value);
    Element& attribute(std::string_view key, const char* value);
    Element& attribute(std::string_view key, double value);
    Element& text(std::string_view content);
    /// Appends a child and returns a reference to it (valid until the next
    /// child is added to this element).
    Element& add(Element child);
    /// Appends a <title> child, which browsers show as a tooltip.
    Element& tooltip(std::string_view content);

    void write(std::string& out, int depth) const;

private:
    std::string name_;
    std::vector<std::pair<std::string, std::string>> attributes_;
    std::string text_;
    std::vector<Element> children_;
};

/// A standalone SVG document with a fixed viewBox and the report's font.
class Document {
public:
    Document(double width, double height, std::string_view title);
    Element& root() { return root_; }
    Element& add(Element child) { return root_.add(std::move(child)); }
    double width() const { return width_; }
    double height() const { return height_; }
    /// The document as text, starting with the XML declaration.
    std::string str() const;

private:
    double width_;
    double height_;
    Element root_;
};

// ---------------------------------------------------------------- text

inline constexpr double kFontSize = 11.0;
inline constexpr double kSmallFontSize = 10.0;
inline constexpr double kTitleFontSize = 12.0;
inline constexpr const char* kFontFamily = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// Estimated rendered width of `text` in px: 0.6 em per character, a little
/// more than the mean advance of Helvetica-like fonts, so layouts err towards
/// too much room.
double textWidth(std::string_view text, double fontSize = kFontSize);

/// Counts UTF-8 code points, which is the number of displayed characters
/// for the Latin and Greek text of the figures.
std::size_t characterCount(std::string_view text);

/// Shortens `text` to at most `maxCharacters` characters, replacing the
/// middle with an ellipsis so both the filter prefix and the feature name of
/// a radiomic feature stay visible.
std::string shortenMiddle(const std::string& text, std::size_t maxCharacters);

/// Splits `text` into at most `maxLines` lines of at most `maxCharacters`
/// characters, breaking after '_', '-' or ' ' where possible. A remainder
/// that does not fit is shortened in the middle (shortenMiddle).
std::vector<std::string> wrapLabel(const std::string& text, std::size_t maxCharacters, std::size_t maxLines);

/// A text element; `anchor` is start, middle or end.
Element makeText(double x, double y, std::string_view content, std::string_view anchor = "start",
                 double fontSize = kFontSize);

/// A multi-line label whose lines are centred vertically on `y`.
Element makeLabel(double x, double y, const std::vector<std::string>& lines, std::string_view anchor,
                  double fontSize = kFontSize);

/// Formats a number for a label: `decimals` fixed decimals and U+2212 for
/// the minus sign.
std::string formatLabelNumber(double value, int decimals);

// ---------------------------------------------------------------- colour

/// The Okabe-Ito colour-blind-safe palette, ordered for lines on white:
/// blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow, black.
const std::vector<std::string>& palette();
/// The palette colour for series `index` (cycling).
std::string seriesColour(std::size_t index);

inline constexpr const char* kReferenceGrey = "#7f7f7f";
inline constexpr const char* kNegativeColour = "#0072B2";  // Okabe-Ito blue
inline constexpr const char* kPositiveColour = "#D55E00";  // Okabe-Ito vermillion

/// The colour at t in [0, 1] along evenly spaced "#rrggbb" stops (at least
/// two), interpolated linearly in RGB. NaN maps to the middle.
std::string interpolateColour(const std::vector<std::string>& stops, double t);
/// A colour-blind-safe blue-white-red diverging scale (ColorBrewer RdBu,
/// seven classes, interpolated): t = 0 is blue, 0.5 white, 1 red.
std::string divergingColour(double t);
/// A single-hue sequential scale (ColorBrewer Blues): t = 0 light, 1 dark.
std::string sequentialColour(double t);
/// True when dark text is readable on `hexColour` (relative luminance).
bool isLightColour(const std::string& hexColour);

// ---------------------------------------------------------------- scales

/// "Nice" tick positions covering [low, high] with about `count` intervals,
/// on steps of 1, 2, 5 or 10 times a power of ten (the idea of R's pretty()).
std::vector<double> niceTicks(double low, double high, int count = 5);
/// The tick step of niceTicks (for choosing label decimals).
double niceStep(double low, double high, int count = 5);
/// Decimals needed to label ticks spaced `step` apart.
int decimalsForStep(double step);

/// Maps a data interval onto a pixel interval, linearly or in log10.
class Scale {
public:
    Scale() = default;
    Scale(double domainLow, double domainHigh, double rangeLow, double rangeHigh, bool logarithmic = false);
    double operator()(double value) const;
    double domainLow() const { return domainLow_; }
    double domainHigh() const { return domainHigh_; }
    double rangeLow() const { return rangeLow_; }
    double rangeHigh() const { return rangeHigh_; }
    bool logarithmic() const { return logarithmic_; }

private:
    double domainLow_ = 0.0;
    double domainHigh_ = 1.0;
    double rangeLow_ = 0.0;
    double rangeHigh_ = 1.0;
    bool logarithmic_ = false;
};

/// Tick values and labels for one axis.
struct Ticks {
    std::vector<double> values;
    std::vector<std::string> labels;
};

/// Nice ticks over [low, high] with labels; the domain to use is
/// [values.front(), values.back()].
Ticks linearTicks(double low, double high, int count = 5);
/// Powers of ten covering [low, high] (low > 0), labelled 1, 10, 100, ...
Ticks logTicks(double low, double high);

// ---------------------------------------------------------------- charts

/// The plot area of a chart, in px.
struct Area {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
};

/// A line element in px; `dash` is an SVG stroke-dasharray ("" for solid).
Element makeLine(double x1, double y1, double x2, double y2, std::string_view colour, double width = 1.0,
                 std::string_view dash = "");

/// The plot-area rectangle (class "plot-area"), drawn with a light frame.
Element makePlotArea(const Area& area);

/// The edge of the plot area that an axis runs along.
enum class AxisSide { Bottom, Left };

/// An axis along the bottom or left edge of `area`: line, ticks, tick labels
/// and title (rotated on the left axis). `gridlines` adds light lines across
/// the area at every tick.
Element makeAxis(AxisSide side, const Area& area, const Scale& scale, const Ticks& ticks, std::string_view title,
                 bool gridlines = false);
/// Width of the widest tick label, in px.
double widestLabel(const Ticks& ticks, double fontSize = kFontSize);

/// The figure title, centred at the top.
Element makeTitle(double width, std::string_view title);

/// Key shape of a legend entry.
enum class LegendKey { Line, DashedLine, DottedLine, Point, Box };

struct LegendEntry {
    std::string label;
    std::string colour;
    LegendKey key = LegendKey::Line;
    std::string tooltip;  // full text when the label is shortened
};

/// Width and height of a legend box with one entry per row.
std::pair<double, double> legendSize(const std::vector<LegendEntry>& entries, double fontSize = kSmallFontSize);
/// A legend box whose top-left corner is (x, y), one entry per row, on a
/// white translucent background.
Element makeLegend(double x, double y, const std::vector<LegendEntry>& entries, double fontSize = kSmallFontSize);

/// Stroke dash pattern of a legend key style ("" for solid).
std::string dashPattern(LegendKey key);

/// A polyline through the points, with the SVG attribute "points" written
/// compactly.
Element makePolyline(const std::vector<std::pair<double, double>>& points, const std::string& colour,
                     double strokeWidth = 1.5, std::string_view dash = "");

/// Cuts a polyline (in data units) to y within [yLow, yHigh]; returns the
/// visible runs with the crossing points interpolated.
std::vector<std::vector<std::pair<double, double>>> clipPolyline(const std::vector<std::pair<double, double>>& points,
                                                                 double yLow, double yHigh);

/// A vertical colour bar for values from `low` (bottom) to `high` (top),
/// drawn as thin bands (no gradient, so no document-wide ids that would clash
/// when several figures share one HTML page). `colourAt` maps t in [0, 1] to
/// a colour; tick labels sit at the right and the title above.
Element makeColourBar(const Area& bar, const std::function<std::string(double)>& colourAt, const Ticks& ticks,
                      double low, double high, std::string_view title);

}  // namespace pulmorad::report

#pragma once

// Shared by the figures_*.cpp files: checked access to results.json and the
// layout of an x-y chart. Not part of the report's public interface.

#include "report/svg.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace pulmorad::report::detail {

/// Checked reads from results.json by dotted key path ("combined.nomogram.scale",
/// with array indices as segments: "combined.nomogram.variables.0.name").
/// Every failure throws InputError naming the figure id and the key.
class FigureData {
public:
    FigureData(std::string figureId, const nlohmann::json& results);

    const std::string& id() const { return id_; }
    bool has(std::string_view path) const;
    const nlohmann::json& node(std::string_view path) const;
    const nlohmann::json& object(std::string_view path) const;
    std::size_t arraySize(std::string_view path) const;
    double number(std::string_view path) const;
    /// A number, or NaN when the value is JSON null or absent.
    double optionalNumber(std::string_view path) const;
    std::string string(std::string_view path) const;
    std::string stringOr(std::string_view path, const std::string& fallback) const;
    /// An array of numbers; null entries become NaN when `allowNull`.
    std::vector<double> numbers(std::string_view path, bool allowNull = false) const;
    std::vector<std::string> strings(std::string_view path) const;
    /// An array of equal-length arrays of numbers.
    std::vector<std::vector<double>> matrix(std::string_view path) const;
    /// Throws unless `size` equals `expected`.
    void requireLength(std::string_view path, std::size_t size, std::size_t expected) const;
    [[noreturn]] void fail(std::string_view path, std::string_view problem) const;

private:
    const nlohmann::json* find(std::string_view path) const;

    std::string id_;
    const nlohmann::json& results_;
};

/// Joins path segments with dots.
std::string keyPath(std::string_view a, std::string_view b);
std::string keyPath(std::string_view a, std::size_t index);

/// An x-y chart: a document with a plot area, both axes and a title.
struct ChartOptions {
    double plotWidth = 400.0;
    double plotHeight = 280.0;
    double extraLeft = 0.0;
    double extraRight = 0.0;
    double extraBottom = 0.0;
    double extraTop = 0.0;
    bool xLog = false;
    bool yLog = false;
    bool xGrid = false;
    bool yGrid = false;
    bool showXAxis = true;  // false: the caller draws its own category labels
    bool showYAxis = true;
    // When set (finite), the y domain starts here instead of at the first
    // tick; ticks below it are dropped.
    double yDomainLow = std::numeric_limits<double>::quiet_NaN();
};

class Chart {
public:
    Chart(std::string_view title, const Ticks& xTicks, const Ticks& yTicks, std::string_view xTitle,
          std::string_view yTitle, const ChartOptions& options = {});

    Document& document() { return document_; }
    const Area& area() const { return area_; }
    const Scale& x() const { return x_; }
    const Scale& y() const { return y_; }
    Element& add(Element child) { return document_.add(std::move(child)); }
    /// Data points mapped to px.
    std::vector<std::pair<double, double>> map(const std::vector<double>& xs, const std::vector<double>& ys) const;
    /// Data points given as (x, y) pairs mapped to px.
    std::vector<std::pair<double, double>> map(const std::vector<std::pair<double, double>>& points) const;
    /// Marks a polyline (in px) as drawn, so legend() can avoid covering it.
    void occupy(const std::vector<std::pair<double, double>>& points);
    /// A legend in the corner of the plot area ("top-left", "top-right",
    /// "bottom-left" or "bottom-right") that covers the fewest occupied
    /// points; ties go to the earlier corner in `corners`.
    void legend(const std::vector<LegendEntry>& entries, const std::vector<std::string_view>& corners);
    /// Returns whether one of `corners` can take the legend without covering
    /// an occupied point.
    bool legendFitsACorner(const std::vector<LegendEntry>& entries,
                           const std::vector<std::string_view>& corners) const;
    /// A legend below the x-axis title, left-aligned with the plot area, for
    /// charts whose curves fill every corner. The chart needs ChartOptions
    /// extraBottom of at least legendBelowHeight(entries).
    void legendBelow(const std::vector<LegendEntry>& entries);
    /// Room that legendBelow() needs under the standard bottom margin.
    static double legendBelowHeight(const std::vector<LegendEntry>& entries);
    std::string str() const { return document_.str(); }

private:
    static double leftMargin(const Ticks& yTicks, std::string_view yTitle, const ChartOptions& options);
    /// Returns the top-left point of the corner legend that covers the fewest
    /// occupied points, and that count.
    std::tuple<double, double, std::size_t> bestCorner(const std::vector<LegendEntry>& entries,
                                                       const std::vector<std::string_view>& corners) const;
    Document document_;
    Area area_;
    std::vector<std::pair<double, double>> occupied_;
    Scale x_;
    Scale y_;
};

/// A filled circle.
Element makeDot(double cx, double cy, double radius, std::string_view fill);
/// A filled rectangle, normalising negative widths and heights.
Element makeRect(double x, double y, double width, double height, std::string_view fill);

/// Offsets across the value axis that spread points with close positions
/// (px) apart, deterministically: points are binned by position, and the
/// k-th point of a bin goes to 0, +d, -d, +2d, -2d, ... A bin wider than
/// `maxOffset` on either side is compressed to fit.
std::vector<double> swarmOffsets(const std::vector<double>& positions, double spacing, double maxOffset);

/// The p-quantile with linear interpolation between order statistics (R's
/// quantile type 7); `sorted` must be sorted and non-empty.
double quantile(const std::vector<double>& sorted, double p);

/// "0.852 (0.771–0.933)": an AUC with its 95% CI, three decimals.
std::string formatAucWithCi(double auc, double low, double high);
/// A p value for a table cell: "<0.001" or three decimals.
std::string formatPValue(double p);

/// The group label for outcome 0 or 1 from cohort.labels, else "Negative"/"Positive".
std::string groupLabel(const FigureData& data, int outcome);

/// One ROC curve of a ROC figure; `label` goes into the legend.
struct RocCurve {
    std::string name;
    std::string label;
    std::vector<double> fpr;
    std::vector<double> tpr;
};
/// A ROC chart: the chance diagonal, one curve per entry, legend bottom-right.
std::string renderRocChart(std::string_view title, const std::vector<RocCurve>& curves);
/// Reads and checks one curve object {"fpr": [...], "tpr": [...]} at `path`.
RocCurve readRocCurve(const FigureData& data, const std::string& path);

/// The results.json keys of a ROC figure's curves and AUCs: curves at
/// `roc`.<model>.<set>, metrics rows in the array `metrics`, matched on
/// their `nameKey` and "set" entries.
struct RocSource {
    std::string roc;
    std::string metrics;
    std::string nameKey;
    std::function<std::string(const std::string&)> displayName;
};
/// The curves of `models` on `set`, in that order, each labelled with its
/// display name and "AUC 0.852 (0.771–0.933)" from its metrics row. A model
/// without a curve on `set` is left out; throws InputError when none has one
/// or a curve has no metrics row.
std::vector<RocCurve> readRocCurves(const FigureData& data, const RocSource& source,
                                    const std::vector<std::string>& models, const std::string& set);

// One function per figure (or per figure family), in the figures_*.cpp files.
std::string renderSelectionFunnel(const FigureData& data);
std::string renderLassoPath(const FigureData& data);
std::string renderLassoCv(const FigureData& data);
std::string renderSelectedCorrelation(const FigureData& data);
std::string renderRadscoreCoefficients(const FigureData& data);
std::string renderRadscoreByGroup(const FigureData& data);
std::string renderModelRoc(const FigureData& data, const std::string& set);
std::string renderDelongMatrix(const FigureData& data);
std::string renderShapBeeswarm(const FigureData& data);
std::string renderShapWaterfall(const FigureData& data, bool highest);
std::string renderNomogram(const FigureData& data);
std::string renderCalibration(const FigureData& data, const std::string& set);
std::string renderDecisionCurve(const FigureData& data, const std::string& set);
std::string renderCombinedRoc(const FigureData& data, const std::string& set);

}  // namespace pulmorad::report::detail

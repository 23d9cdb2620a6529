#include "segmentation/qc_figure.h"

#include <fmt/format.h>
#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "common/atomic_file.h"
#include "segmentation/bitmap_font.h"
#include "segmentation/coarse_grid.h"

namespace pulmorad::segmentation {
namespace {

constexpr double kWindowLowHu = -1350.0;
constexpr double kWindowHighHu = 150.0;
constexpr double kMaxPanelPixels = 440.0;
constexpr int kMargin = 12;
constexpr int kTextScale = 2;
constexpr std::array<std::uint8_t, 3> kTextColour{235, 235, 235};
constexpr std::array<std::uint8_t, 3> kMarkerColour{255, 255, 120};

using Point = std::array<double, 3>;

// Maps physical points to continuous voxel indices: the inverse of origin + D * diag(s) * index.
class PhysicalToIndex {
public:
    explicit PhysicalToIndex(const image::Geometry& geometry) : forward_(indexToPhysical(geometry)) {
        const auto& m = forward_.matrix;
        const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                           m[2] * (m[3] * m[7] - m[4] * m[6]);
        if (std::abs(det) < 1e-12) {
            throw std::runtime_error("QC figure: the image direction matrix is singular");
        }
        inverse_ = {(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
                    (m[1] * m[5] - m[2] * m[4]) / det, (m[5] * m[6] - m[3] * m[8]) / det,
                    (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
                    (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
                    (m[0] * m[4] - m[1] * m[3]) / det};
    }

    Point toIndex(const Point& physical) const {
        const Point d{physical[0] - forward_.origin[0], physical[1] - forward_.origin[1],
                      physical[2] - forward_.origin[2]};
        return {inverse_[0] * d[0] + inverse_[1] * d[1] + inverse_[2] * d[2],
                inverse_[3] * d[0] + inverse_[4] * d[1] + inverse_[5] * d[2],
                inverse_[6] * d[0] + inverse_[7] * d[1] + inverse_[8] * d[2]};
    }

    Point toPhysical(const Point& index) const {
        return {forward_.coordinate(0, index[0], index[1], index[2]),
                forward_.coordinate(1, index[0], index[1], index[2]),
                forward_.coordinate(2, index[0], index[1], index[2])};
    }

private:
    IndexToPhysical forward_;
    std::array<double, 9> inverse_{};
};

// One view: the physical position of its top-left pixel and the steps per column and row.
struct Panel {
    const char* title = "";
    const char* leftMarker = "";
    const char* rightMarker = "";
    Point start{};
    Point columnStep{};
    Point rowStep{};
    std::size_t width = 0;
    std::size_t height = 0;
};

// Trilinear HU at a continuous index inside the grid.
double sampleHu(const image::ImageVolume& ct, const Point& index) {
    const auto& size = ct.geometry.size;
    std::array<std::size_t, 3> low{};
    std::array<double, 3> weight{};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const double clamped = std::clamp(index[axis], 0.0, static_cast<double>(size[axis] - 1));
        low[axis] = std::min(static_cast<std::size_t>(clamped), size[axis] > 1 ? size[axis] - 2 : 0);
        weight[axis] = size[axis] > 1 ? clamped - static_cast<double>(low[axis]) : 0.0;
    }
    double value = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
        double w = 1.0;
        std::array<std::size_t, 3> at{};
        for (std::size_t axis = 0; axis < 3; ++axis) {
            const bool high = ((corner >> axis) & 1) != 0;
            w *= high ? weight[axis] : 1.0 - weight[axis];
            at[axis] = low[axis] + (high && size[axis] > 1 ? 1 : 0);
        }
        if (w > 0.0) value += w * ct.at(at[0], at[1], at[2]);
    }
    return value;
}

// Draws one view at (left, top) of the figure: the lung window, then each label's outline.
void drawPanel(RgbImage& figure, std::size_t left, std::size_t top, const Panel& panel,
               const image::ImageVolume& ct, const LabelMap& labels, const PhysicalToIndex& mapping) {
    const auto& size = ct.geometry.size;
    std::vector<std::uint8_t> panelLabels(panel.width * panel.height, 0);
    for (std::size_t row = 0; row < panel.height; ++row) {
        for (std::size_t column = 0; column < panel.width; ++column) {
            Point physical{};
            for (std::size_t axis = 0; axis < 3; ++axis) {
                physical[axis] = panel.start[axis] + static_cast<double>(column) * panel.columnStep[axis] +
                                 static_cast<double>(row) * panel.rowStep[axis];
            }
            const Point index = mapping.toIndex(physical);
            bool inside = true;
            for (std::size_t axis = 0; axis < 3; ++axis) {
                inside =
                    inside && index[axis] >= -0.5 && index[axis] <= static_cast<double>(size[axis]) - 0.5;
            }
            if (!inside) continue;  // outside the scan: stays black
            const double hu = sampleHu(ct, index);
            const double level = std::clamp((hu - kWindowLowHu) / (kWindowHighHu - kWindowLowHu), 0.0, 1.0);
            const auto grey = static_cast<std::uint8_t>(std::lround(255.0 * level));
            figure.set(left + column, top + row, {grey, grey, grey});

            std::array<std::size_t, 3> nearest{};
            for (std::size_t axis = 0; axis < 3; ++axis) {
                nearest[axis] = std::min(static_cast<std::size_t>(std::max(0.0, std::round(index[axis]))),
                                         size[axis] - 1);
            }
            panelLabels[column + panel.width * row] = labels.at(nearest[0], nearest[1], nearest[2]);
        }
    }

    // A labelled pixel with a 4-neighbour of another label is on the outline.
    for (std::size_t row = 0; row < panel.height; ++row) {
        for (std::size_t column = 0; column < panel.width; ++column) {
            const std::uint8_t label = panelLabels[column + panel.width * row];
            if (label != kRightLungLabel && label != kLeftLungLabel) continue;
            const bool edge = column == 0 || row == 0 || column + 1 == panel.width ||
                              row + 1 == panel.height ||
                              panelLabels[column - 1 + panel.width * row] != label ||
                              panelLabels[column + 1 + panel.width * row] != label ||
                              panelLabels[column + panel.width * (row - 1)] != label ||
                              panelLabels[column + panel.width * (row + 1)] != label;
            if (edge) {
                figure.set(left + column, top + row,
                           label == kRightLungLabel ? kRightLungColour : kLeftLungColour);
            }
        }
    }

    // Orientation letters, where the panel is tall enough to hold them.
    if (panel.height < static_cast<std::size_t>(3 * kGlyphHeight * kTextScale)) return;
    const int markerTop = static_cast<int>(top + panel.height / 2) - kGlyphHeight * kTextScale / 2;
    drawText(figure, static_cast<int>(left) + 4, markerTop, panel.leftMarker, kTextScale, kMarkerColour);
    drawText(figure, static_cast<int>(left + panel.width) - 4 - textWidth(panel.rightMarker, kTextScale),
             markerTop, panel.rightMarker, kTextScale, kMarkerColour);
}

}  // namespace

RgbImage renderQcFigure(const image::ImageVolume& ct, const LabelMap& labels,
                        const std::array<double, 2>& volumesMl) {
    const PhysicalToIndex mapping(ct.geometry);
    const auto& size = ct.geometry.size;

    // Physical bounding box of the scan, from its eight corners.
    Point low{1e300, 1e300, 1e300};
    Point high{-1e300, -1e300, -1e300};
    for (int corner = 0; corner < 8; ++corner) {
        Point index{};
        for (std::size_t axis = 0; axis < 3; ++axis) {
            index[axis] = ((corner >> axis) & 1) != 0 ? static_cast<double>(size[axis]) - 0.5 : -0.5;
        }
        const Point physical = mapping.toPhysical(index);
        for (std::size_t axis = 0; axis < 3; ++axis) {
            low[axis] = std::min(low[axis], physical[axis]);
            high[axis] = std::max(high[axis], physical[axis]);
        }
    }

    // Centroids of both lungs together and of each lung. A missing lung is replaced by the scan's centre.
    std::array<Point, 3> sums{};
    std::array<std::size_t, 3> counts{0, 0, 0};
    for (std::size_t z = 0; z < size[2]; ++z) {
        for (std::size_t y = 0; y < size[1]; ++y) {
            for (std::size_t x = 0; x < size[0]; ++x) {
                const std::uint8_t label = labels.at(x, y, z);
                if (label != kRightLungLabel && label != kLeftLungLabel) continue;
                for (std::size_t which : {std::size_t{0}, static_cast<std::size_t>(label)}) {
                    sums[which][0] += static_cast<double>(x);
                    sums[which][1] += static_cast<double>(y);
                    sums[which][2] += static_cast<double>(z);
                    ++counts[which];
                }
            }
        }
    }
    std::array<Point, 3> centres{};
    for (std::size_t which = 0; which < 3; ++which) {
        Point index{};
        for (std::size_t axis = 0; axis < 3; ++axis) {
            index[axis] = counts[which] > 0 ? sums[which][axis] / static_cast<double>(counts[which])
                                            : (static_cast<double>(size[axis]) - 1) / 2;
        }
        centres[which] = mapping.toPhysical(index);
    }
    const Point& focus = centres[0];

    // Square display pixels: the finest in-plane spacing, coarser for very large scans.
    const double extent = std::max({high[0] - low[0], high[1] - low[1], high[2] - low[2]});
    const double pixel =
        std::max(std::min(ct.geometry.spacing[0], ct.geometry.spacing[1]), extent / kMaxPanelPixels);
    auto pixelsAlong = [&](std::size_t axis) {
        return std::max<std::size_t>(1,
                                     static_cast<std::size_t>(std::ceil((high[axis] - low[axis]) / pixel)));
    };
    const double half = pixel / 2.0;
    const Panel axial{"AXIAL",
                      "R",
                      "L",
                      {low[0] + half, low[1] + half, focus[2]},
                      {pixel, 0, 0},
                      {0, pixel, 0},
                      pixelsAlong(0),
                      pixelsAlong(1)};
    const Panel coronal{"CORONAL",
                        "R",
                        "L",
                        {low[0] + half, focus[1], high[2] - half},
                        {pixel, 0, 0},
                        {0, 0, -pixel},
                        pixelsAlong(0),
                        pixelsAlong(2)};
    const Panel sagittalRight{"SAGITTAL RIGHT LUNG",
                              "A",
                              "P",
                              {centres[1][0], low[1] + half, high[2] - half},
                              {0, pixel, 0},
                              {0, 0, -pixel},
                              pixelsAlong(1),
                              pixelsAlong(2)};
    const Panel sagittalLeft{"SAGITTAL LEFT LUNG",
                             "A",
                             "P",
                             {centres[2][0], low[1] + half, high[2] - half},
                             {0, pixel, 0},
                             {0, 0, -pixel},
                             pixelsAlong(1),
                             pixelsAlong(2)};

    // Layout: two text lines, panel titles, then the four panels side by side.
    const int lineHeight = (kGlyphHeight + 3) * kTextScale;
    const std::size_t panelTop = static_cast<std::size_t>(kMargin + 3 * lineHeight);
    const std::array<const Panel*, 4> panels{&axial, &coronal, &sagittalRight, &sagittalLeft};
    std::size_t panelHeight = 0;
    std::size_t width = kMargin;
    for (const Panel* panel : panels) {
        panelHeight = std::max(panelHeight, panel->height);
        width += panel->width + kMargin;
    }
    RgbImage figure(width, panelTop + panelHeight + kMargin);

    const std::string rightText = fmt::format("RIGHT LUNG (LABEL 1): {:.0f} mL", volumesMl[0]);
    const std::string leftText = fmt::format("LEFT LUNG (LABEL 2): {:.0f} mL", volumesMl[1]);
    drawText(figure, kMargin, kMargin, "PULMORAD SEGMENT - LUNG WINDOW -1350 TO 150 HU", kTextScale,
             kTextColour);
    drawText(figure, kMargin, kMargin + lineHeight, rightText, kTextScale, kRightLungColour);
    drawText(figure, kMargin + textWidth(rightText, kTextScale) + 4 * kMargin, kMargin + lineHeight, leftText,
             kTextScale, kLeftLungColour);

    std::size_t left = kMargin;
    for (const Panel* panel : panels) {
        drawText(figure, static_cast<int>(left), kMargin + 2 * lineHeight, panel->title, kTextScale,
                 kTextColour);
        drawPanel(figure, left, panelTop, *panel, ct, labels, mapping);
        left += panel->width + kMargin;
    }
    return figure;
}

std::string encodePng(const RgbImage& image) {
    png_image description;
    std::memset(&description, 0, sizeof(description));
    description.version = PNG_IMAGE_VERSION;
    description.width = static_cast<png_uint_32>(image.width);
    description.height = static_cast<png_uint_32>(image.height);
    description.format = PNG_FORMAT_RGB;

    // The first call measures, the second writes.
    png_alloc_size_t bytes = 0;
    if (png_image_write_to_memory(&description, nullptr, &bytes, 0, image.pixels.data(), 0, nullptr) == 0) {
        throw std::runtime_error(fmt::format("PNG encoding failed: {}", description.message));
    }
    std::string encoded(bytes, '\0');
    if (png_image_write_to_memory(&description, encoded.data(), &bytes, 0, image.pixels.data(), 0, nullptr) ==
        0) {
        throw std::runtime_error(fmt::format("PNG encoding failed: {}", description.message));
    }
    encoded.resize(bytes);
    return encoded;
}

void writeQcFigure(const image::ImageVolume& ct, const LabelMap& labels,
                   const std::array<double, 2>& volumesMl, const std::filesystem::path& path) {
    writeFileAtomically(path, encodePng(renderQcFigure(ct, labels, volumesMl)));
}

}  // namespace pulmorad::segmentation

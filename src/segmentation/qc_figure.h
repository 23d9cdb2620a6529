#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "image/volume.h"
#include "segmentation/lung_segmentation.h"

namespace pulmorad::segmentation {

/// An 8-bit RGB raster, rows top to bottom.
struct RgbImage {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> pixels;  ///< 3 bytes per pixel

    RgbImage() = default;
    RgbImage(std::size_t w, std::size_t h) : width(w), height(h), pixels(w * h * 3, 0) {}

    void set(std::size_t x, std::size_t y, const std::array<std::uint8_t, 3>& colour) {
        std::uint8_t* pixel = pixels.data() + 3 * (x + width * y);
        pixel[0] = colour[0];
        pixel[1] = colour[1];
        pixel[2] = colour[2];
    }
    std::array<std::uint8_t, 3> get(std::size_t x, std::size_t y) const {
        const std::uint8_t* pixel = pixels.data() + 3 * (x + width * y);
        return {pixel[0], pixel[1], pixel[2]};
    }
};

/// Outline colours of the right (label 1) and left (label 2) lung.
inline constexpr std::array<std::uint8_t, 3> kRightLungColour{0, 200, 255};
inline constexpr std::array<std::uint8_t, 3> kLeftLungColour{255, 190, 0};

/// Draws the QC figure: axial and coronal slices through the centroid of the
/// lungs and a sagittal slice through the centroid of each lung. Slices are
/// resampled to square pixels, so the physical aspect ratio is kept, and
/// shown in the lung window (-1350 to 150 HU). Each label's outline is drawn
/// in its colour, and the volumes in mL are written above. Views follow the radiological convention: the
/// patient's right on the viewer's left in the axial and coronal views, anterior on the left in the sagittal
/// view, head at the top.
RgbImage renderQcFigure(const image::ImageVolume& ct, const LabelMap& labels,
                        const std::array<double, 2>& volumesMl);

/// Encodes an RGB raster as PNG bytes (libpng).
std::string encodePng(const RgbImage& image);

/// Renders the QC figure and writes it as a PNG, atomically.
void writeQcFigure(const image::ImageVolume& ct, const LabelMap& labels,
                   const std::array<double, 2>& volumesMl, const std::filesystem::path& path);

}  // namespace pulmorad::segmentation

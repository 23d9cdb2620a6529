#pragma once

// Helpers shared by the filter tests: IBSI-2 phantom and response-map access,
// padding and cropping, and the IBSI-2 pass criterion.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "image/image_io.h"
#include "image/volume.h"
#include "support/test_support.h"

namespace pulmorad::test {

/// Reads an IBSI-2 phase-1 phantom ("impulse", "checkerboard", "sphere", ...).
inline image::ImageVolume readIbsi2Phantom(const std::string& name) {
    return image::readImage(
        referencePath("ibsi/ibsi_2_digital_phantom/nifti/" + name + "/image/" + name + ".nii.gz"));
}

/// Reads the IBSI-2 consensus response map of a phase-1 test ("2.a" -> 2_a-ValidCRM.nii.gz).
inline image::ImageVolume readIbsi2ResponseMap(std::string testId) {
    std::replace(testId.begin(), testId.end(), '.', '_');
    return image::readImage(
        referencePath("ibsi/ibsi_2_reference/response_maps/" + testId + "-ValidCRM.nii.gz"));
}

/// The IBSI-2 phase-1 criterion: the largest voxel difference divided by the
/// reference map's value range (max - min). A test passes below 0.01.
inline double maxDifferenceOverRange(const image::ImageVolume& computed,
                                     const image::ImageVolume& reference) {
    const auto [minimum, maximum] = std::minmax_element(reference.data.begin(), reference.data.end());
    double largest = 0.0;
    for (std::size_t i = 0; i < reference.data.size(); ++i) {
        largest = std::max(largest, std::abs(computed.data[i] - reference.data[i]));
    }
    return largest / (*maximum - *minimum);
}

/// Padding modes of IBSI-2 that the tests rebuild around an image.
enum class PaddingMode { zero, mirror };

/// Returns `image` extended by `margin` voxels on every side: zeros, or the
/// image mirrored with the edge voxel repeated (d c b a | a b c d).
inline image::ImageVolume padVolume(const image::ImageVolume& image, std::size_t margin, PaddingMode mode) {
    image::ImageVolume padded;
    padded.geometry = image.geometry;
    for (auto& length : padded.geometry.size) length += 2 * margin;
    padded.data.assign(padded.geometry.voxelCount(), 0.0);
    const auto source = [&](std::size_t paddedIndex, std::size_t axis) -> std::ptrdiff_t {
        const auto length = static_cast<std::ptrdiff_t>(image.geometry.size[axis]);
        std::ptrdiff_t position =
            static_cast<std::ptrdiff_t>(paddedIndex) - static_cast<std::ptrdiff_t>(margin);
        if (position >= 0 && position < length) return position;
        if (mode == PaddingMode::zero) return -1;
        const std::ptrdiff_t period = 2 * length;
        position = ((position % period) + period) % period;
        return position < length ? position : period - 1 - position;
    };
    for (std::size_t z = 0; z < padded.geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < padded.geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < padded.geometry.size[0]; ++x) {
                const std::ptrdiff_t sx = source(x, 0);
                const std::ptrdiff_t sy = source(y, 1);
                const std::ptrdiff_t sz = source(z, 2);
                if (sx < 0 || sy < 0 || sz < 0) continue;
                padded.at(x, y, z) = image.at(static_cast<std::size_t>(sx), static_cast<std::size_t>(sy),
                                              static_cast<std::size_t>(sz));
            }
        }
    }
    return padded;
}

/// Returns the centre of `padded` without `margin` voxels on every side.
inline image::ImageVolume cropVolume(const image::ImageVolume& padded, std::size_t margin) {
    image::ImageVolume cropped;
    cropped.geometry = padded.geometry;
    for (auto& length : cropped.geometry.size) length -= 2 * margin;
    cropped.data.resize(cropped.geometry.voxelCount());
    for (std::size_t z = 0; z < cropped.geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < cropped.geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < cropped.geometry.size[0]; ++x) {
                cropped.at(x, y, z) = padded.at(x + margin, y + margin, z + margin);
            }
        }
    }
    return cropped;
}

}  // namespace pulmorad::test

#pragma once

// Helpers shared by the filter tests: IBSI-2 phantom and response-map access,
// padding and cropping, the IBSI-2 pass criterion, and a fixture that looks
// up the filter image types by name.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "image/filters/sampled_gaussian.h"
#include "image/image_io.h"
#include "image/volume.h"
#include "radiomics/filters/filters.h"
#include "radiomics/image_type.h"
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

/// Returns `image` extended by `margin` voxels on every side by `padding`
/// (zero: zeros; nearest: the edge voxel repeated; periodic: the image
/// repeated; mirror: d c b a | a b c d, the edge voxel repeated). It is built
/// voxel by voxel, independently of the filters' line buffers, so it can serve
/// as their reference. A margin longer than an axis wraps more than once.
inline image::ImageVolume padVolume(const image::ImageVolume& image, std::size_t margin,
                                    image::filters::BoundaryPadding padding) {
    using image::filters::BoundaryPadding;
    image::ImageVolume padded;
    padded.geometry = image.geometry;
    for (auto& length : padded.geometry.size) length += 2 * margin;
    padded.data.assign(padded.geometry.voxelCount(), 0.0);
    const auto source = [&](std::size_t paddedIndex, std::size_t axis) -> std::ptrdiff_t {
        const auto length = static_cast<std::ptrdiff_t>(image.geometry.size[axis]);
        std::ptrdiff_t position =
            static_cast<std::ptrdiff_t>(paddedIndex) - static_cast<std::ptrdiff_t>(margin);
        // Step towards the image, one reflection or period at a time.
        while (position < 0 || position >= length) {
            switch (padding) {
                case BoundaryPadding::zero:
                    return -1;
                case BoundaryPadding::nearest:
                    position = std::clamp<std::ptrdiff_t>(position, 0, length - 1);
                    break;
                case BoundaryPadding::periodic:
                    position += position < 0 ? length : -length;
                    break;
                case BoundaryPadding::mirror:
                    position = position < 0 ? -1 - position : 2 * length - 1 - position;
                    break;
            }
        }
        return position;
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

/// Returns a ROI that contains every voxel of `image`.
inline image::Volume<std::uint8_t> wholeImageRoi(const image::ImageVolume& image) {
    image::Volume<std::uint8_t> roi;
    roi.geometry = image.geometry;
    roi.data.assign(image.data.size(), 1);
    return roi;
}

/// Fixture that owns the filter image types of makeFilterImageTypes() for
/// the test that uses them.
class FilterImageTypeFixture : public ::testing::Test {
protected:
    /// Returns the image type registered as `name`; throws std::runtime_error when there is none.
    const radiomics::ImageType& type(const std::string& name) const {
        for (const auto& candidate : types_) {
            if (candidate->name() == name) return *candidate;
        }
        throw std::runtime_error("no image type " + name);
    }

private:
    std::vector<std::unique_ptr<radiomics::ImageType>> types_ = radiomics::makeFilterImageTypes();
};

}  // namespace pulmorad::test

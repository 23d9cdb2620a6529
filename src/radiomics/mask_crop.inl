#pragma once

#include <algorithm>

namespace pulmorad::radiomics {

template <typename T>
image::Volume<T> cropToBox(const image::Volume<T>& volume, const BoundingBox& box, std::size_t padding) {
    const image::Geometry& geometry = volume.geometry;
    std::array<std::size_t, 3> lower{};
    std::array<std::size_t, 3> upper{};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        lower[axis] = box.lower[axis] >= padding ? box.lower[axis] - padding : 0;
        upper[axis] = std::min(box.upper[axis] + padding, geometry.size[axis] - 1);
    }

    image::Volume<T> cropped;
    cropped.geometry = geometry;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        cropped.geometry.size[axis] = upper[axis] - lower[axis] + 1;
    }
    // The new origin is the centre of the first kept voxel: origin + D * (spacing .* lower).
    for (std::size_t row = 0; row < 3; ++row) {
        double offset = 0.0;
        for (std::size_t column = 0; column < 3; ++column) {
            offset += geometry.direction[row * 3 + column] * geometry.spacing[column] *
                      static_cast<double>(lower[column]);
        }
        cropped.geometry.origin[row] = geometry.origin[row] + offset;
    }

    cropped.data.resize(cropped.geometry.voxelCount());
    std::size_t target = 0;
    for (std::size_t z = lower[2]; z <= upper[2]; ++z) {
        for (std::size_t y = lower[1]; y <= upper[1]; ++y) {
            auto rowStart = volume.data.begin() + static_cast<std::ptrdiff_t>(volume.index(lower[0], y, z));
            std::copy(rowStart, rowStart + static_cast<std::ptrdiff_t>(cropped.geometry.size[0]),
                      cropped.data.begin() + static_cast<std::ptrdiff_t>(target));
            target += cropped.geometry.size[0];
        }
    }
    return cropped;
}

}  // namespace pulmorad::radiomics

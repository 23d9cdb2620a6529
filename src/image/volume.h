#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulmorad::image {

/// Physical placement of a voxel grid, as ITK and NIfTI define it: the centre
/// of voxel (i, j, k) is origin + direction * (spacing .* (i, j, k)).
/// Axis 0 is x (columns), axis 1 is y (rows), axis 2 is z (slices).
struct Geometry {
    std::array<std::size_t, 3> size{0, 0, 0};  ///< voxels along x, y, z
    std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm along x, y, z
    std::array<double, 3> origin{0.0, 0.0, 0.0};   ///< mm, centre of voxel (0, 0, 0)
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major 3x3 direction cosines

    std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
};

/// A 3D image on a regular grid, stored contiguously with x fastest:
/// index(x, y, z) = x + size[0] * (y + size[1] * z). This is the memory order
/// of ITK images and of numpy arrays indexed [z][y][x] (SimpleITK's
/// GetArrayFromImage), so numpy axis 0 is our axis 2.
template <typename T>
struct Volume {
    Geometry geometry;
    std::vector<T> data;

    std::size_t index(std::size_t x, std::size_t y, std::size_t z) const {
        return x + geometry.size[0] * (y + geometry.size[1] * z);
    }
    T& at(std::size_t x, std::size_t y, std::size_t z) { return data[index(x, y, z)]; }
    const T& at(std::size_t x, std::size_t y, std::size_t z) const { return data[index(x, y, z)]; }
};

using ImageVolume = Volume<double>;  ///< intensities, for CT in HU
using LabelVolume = Volume<double>;  ///< mask values as stored (integer labels, 0/255, or floats)

}  // namespace pulmorad::image

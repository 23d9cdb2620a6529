#pragma once

// Binary masks on a flat voxel grid (x fastest, then y, then z) and the
// connected-component and flood-fill operations that the lung segmentation
// builds on. Masks hold 0 or 1 per voxel; label maps hold small integers.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulmorad::segmentation {

using Mask = std::vector<std::uint8_t>;

/// Size of a voxel grid; index(x, y, z) = x + nx * (y + ny * z).
struct GridShape {
    std::size_t nx = 0;
    std::size_t ny = 0;
    std::size_t nz = 0;

    std::size_t sliceSize() const { return nx * ny; }
    std::size_t voxelCount() const { return nx * ny * nz; }
    std::size_t index(std::size_t x, std::size_t y, std::size_t z) const { return x + nx * (y + ny * z); }
};

/// A run of consecutive foreground voxels [x0, x1) in one row (y, z).
struct Run {
    std::uint32_t x0 = 0;
    std::uint32_t x1 = 0;
    std::size_t row = 0;  ///< y + ny * z
};

/// 6-connected components of the voxels equal to one value, stored as runs.
/// Components are numbered 0, 1, ... in the memory order of their first
/// voxel, so the numbering does not depend on the thread count.
struct RunComponents {
    std::vector<Run> runs;  ///< in memory order
    std::vector<std::uint32_t> componentOfRun;
    std::vector<std::size_t> sizes;  ///< voxels per component
};

/// Finds the 6-connected components of the voxels of `data` equal to `value`
/// (face neighbours in x, y and z, as ITK's ConnectedComponentImageFilter
/// without full connectivity). For a single slice (nz = 1) this is 4-connectivity.
RunComponents findComponents(const GridShape& shape, const std::uint8_t* data, std::uint8_t value = 1);

/// Writes component number + 1 of every voxel of `components` into `labels`
/// (0 elsewhere); `labels` must have shape.voxelCount() elements.
void paintComponents(const GridShape& shape, const RunComponents& components,
                     std::vector<std::uint32_t>& labels);

/// Index of the largest component (the first one on a tie), or -1 when there is none.
long largestComponent(const RunComponents& components);

/// Sets to `replacement` every voxel equal to `value` that is not in the
/// largest 6-connected component of that value. Returns the voxels changed.
std::size_t keepLargestComponent(const GridShape& shape, std::uint8_t* data, std::uint8_t value,
                                 std::uint8_t replacement = 0);

/// Marks in `reached` (1/0, nx * ny) the pixels with passable != 0 that are
/// 4-connected to the slice border through passable pixels.
void floodFromBorder(const std::uint8_t* passable, std::uint8_t* reached, std::size_t nx, std::size_t ny);

/// Fills the holes of a 2D mask: pixels not in the mask and not 4-connected to
/// the slice border through non-mask pixels become 1, for holes of at most
/// `maxHolePixels` pixels.
void fillHoles2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, std::size_t maxHolePixels = SIZE_MAX);

/// Fills the 3D holes of a mask: 6-connected background components that
/// touch no face of the grid become 1.
void fillHoles3d(const GridShape& shape, std::uint8_t* mask);

}  // namespace pulmorad::segmentation

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulmorad::radiomics {

/// A binary mask in numpy axis order, the order PyRadiomics' C shape code
/// walks: axis 0 is the slowest (z for a 3D image), the last axis the fastest
/// (x). Values are 0 or 1; the grid is treated as surrounded by one layer of
/// zeros, as PyRadiomics pads the mask before it builds the mesh.
template <std::size_t Dimensions>
struct BinaryGrid {
    std::array<std::size_t, Dimensions> size{};  ///< voxels along each axis, slowest first
    std::array<double, Dimensions> spacing{};    ///< mm along each axis, slowest first
    std::vector<std::uint8_t> data;              ///< row-major (last axis fastest)
};

/// For every (plane, row) pair of a lattice of mesh vertices, the lowest and
/// highest coordinate along the remaining axis. Coordinates are in half-voxel
/// units of the padded grid ("doubled indices"): a mesh vertex lies halfway on
/// a voxel edge, so twice its padded index is an integer. Only the row
/// extremes can be corners of a convex hull, which is all the diameters need.
struct RowExtents {
    std::size_t planes = 0;
    std::size_t rows = 0;
    std::vector<std::int32_t> low;  ///< planes * rows; low > high marks an empty row
    std::vector<std::int32_t> high;

    void reset(std::size_t planeCount, std::size_t rowCount);
    void add(std::size_t plane, std::size_t row, std::int32_t value) {
        const std::size_t at = plane * rows + row;
        if (value < low[at]) low[at] = value;
        if (value > high[at]) high[at] = value;
    }
    bool empty(std::size_t plane, std::size_t row) const {
        return low[plane * rows + row] > high[plane * rows + row];
    }
};

/// The triangle mesh of a 3D mask, reduced to what the shape features need.
struct SurfaceMesh {
    double volume = 0.0;       ///< mm^3, sum of signed tetrahedra (origin, triangle)
    double surfaceArea = 0.0;  ///< mm^2, sum of triangle areas
    /// Vertices by (axis-0 coordinate, axis-1 coordinate) with extremes along axis 2.
    RowExtents alongAxis2;
    /// Vertices by (axis-0 coordinate, axis-2 coordinate) with extremes along axis 1.
    RowExtents alongAxis1;
    std::size_t triangleCount = 0;
};

/// Runs marching cubes over the zero-padded mask with PyRadiomics' lookup
/// table and vertex placement (every vertex halfway along a voxel edge), in
/// PyRadiomics' loop order and arithmetic, and returns the mesh volume and
/// surface area together with the vertex lattice for the maximum diameters.
/// Memory is O(number of voxels) bytes; nothing is allocated per voxel.
SurfaceMesh marchingCubes(const BinaryGrid<3>& mask);

/// The contour of a 2D mask from marching squares.
struct SurfaceContour {
    double area = 0.0;       ///< mm^2, sum of signed triangles (origin, line segment)
    double perimeter = 0.0;  ///< mm, sum of segment lengths
    RowExtents alongAxis1;   ///< one plane: rows along axis 0, extremes along axis 1
};

/// Runs PyRadiomics' marching squares over the zero-padded 2D mask.
SurfaceContour marchingSquares(const BinaryGrid<2>& mask);

}  // namespace pulmorad::radiomics

#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// A neighbour offset ("angle" in PyRadiomics) in voxels along x, y, z.
struct NeighbourOffset {
    int x = 0;
    int y = 0;
    int z = 0;
};

/// Generates PyRadiomics' angles for a grid of `size` voxels (x, y, z).
///
/// An offset belongs to distance d when its infinity norm is d. Offsets are
/// enumerated in numpy axis order (z slowest, x fastest), each component
/// running from +max(distances) down to -max(distances); an offset is kept
/// when its norm is one of `distances`, no component reaches the grid size
/// along its axis, and, with `force2D`, it does not move along numpy axis
/// `force2Ddimension` (0 = z, 1 = y, 2 = x). Without `bidirectional` only the
/// first half is kept: the offsets whose first non-zero component in (z, y, x)
/// order is positive (13 for distance 1 in 3D, 4 in 2D). The order is that of
/// PyRadiomics' C extension, which GLCM and GLRLM angle indices follow.
/// Throws InputError for a distance below 1, a repeated distance, an invalid
/// force2Ddimension, or a grid that leaves no offset.
std::vector<NeighbourOffset> generateAngles(const std::array<std::size_t, 3>& size,
                                            const std::vector<int>& distances, bool bidirectional,
                                            bool force2D, int force2Ddimension);

/// Distance of `offset` in mm under `norm` ("manhattan", "euclidean" or
/// "infinity"; 1 for "no_weighting"). Throws InputError for another name.
double offsetDistance(const NeighbourOffset& offset, const std::array<double, 3>& spacing,
                      const std::string& norm);

/// Calls visit(i, level, neighbourLevels, neighbourCount) for every ROI voxel
/// i in memory order, where neighbourLevels contains the gray level (0 outside
/// the ROI) of each neighbour at `offsets` that lies inside the grid.
/// Interior voxels skip the bounds checks; nothing is allocated per voxel.
template <typename Visit>
void forEachNeighbourhood(const TextureGrid& grid, const std::vector<NeighbourOffset>& offsets,
                          Visit&& visit) {
    const std::size_t offsetCount = offsets.size();
    std::vector<std::ptrdiff_t> delta(offsetCount);
    int reach = 0;  // largest offset component: voxels this far from every face need no bounds check
    for (std::size_t k = 0; k < offsetCount; ++k) {
        const NeighbourOffset& o = offsets[k];
        delta[k] = o.x * grid.stride[0] + o.y * grid.stride[1] + o.z * grid.stride[2];
        reach = std::max({reach, std::abs(o.x), std::abs(o.y), std::abs(o.z)});
    }
    std::vector<int> neighbourLevels(offsetCount);

    const std::ptrdiff_t sx = grid.size[0];
    const std::ptrdiff_t sy = grid.size[1];
    const std::ptrdiff_t sz = grid.size[2];
    for (std::ptrdiff_t z = 0; z < sz; ++z) {
        const bool interiorZ = z >= reach && z < sz - reach;
        for (std::ptrdiff_t y = 0; y < sy; ++y) {
            const bool interiorYz = interiorZ && y >= reach && y < sy - reach;
            const std::ptrdiff_t rowStart = grid.stride[1] * y + grid.stride[2] * z;
            // Only the ROI spans of the row (every ROI voxel, in memory order).
            const auto gridRow = static_cast<std::size_t>(y + sy * z);
            for (std::size_t span = grid.rowSpanStart[gridRow]; span < grid.rowSpanStart[gridRow + 1];
                 ++span) {
                for (std::ptrdiff_t x = grid.spanBegin[span];
                     x < static_cast<std::ptrdiff_t>(grid.spanEnd[span]); ++x) {
                    const std::ptrdiff_t i = rowStart + x;
                    const int level = grid.level[i];
                    std::size_t count = 0;
                    if (interiorYz && x >= reach && x < sx - reach) {
                        for (std::size_t k = 0; k < offsetCount; ++k) {
                            neighbourLevels[count++] = grid.level[i + delta[k]];
                        }
                    } else {
                        for (std::size_t k = 0; k < offsetCount; ++k) {
                            const NeighbourOffset& o = offsets[k];
                            const std::ptrdiff_t nx = x + o.x;
                            const std::ptrdiff_t ny = y + o.y;
                            const std::ptrdiff_t nz = z + o.z;
                            if (nx >= 0 && nx < sx && ny >= 0 && ny < sy && nz >= 0 && nz < sz) {
                                neighbourLevels[count++] = grid.level[i + delta[k]];
                            }
                        }
                    }
                    visit(static_cast<std::size_t>(i), level, neighbourLevels.data(), count);
                }
            }
        }
    }
}

}  // namespace pulmorad::radiomics

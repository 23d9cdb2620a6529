#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "segmentation/grid_mask.h"

namespace pulmorad::segmentation {

/// Value of squaredDistanceToSites() for a grid without any site.
inline constexpr float kNoSiteDistance = 1e30f;

/// Computes the exact squared Euclidean distance, in mm², from every voxel to
/// the nearest voxel whose `sites` value is non-zero, with anisotropic voxel
/// spacing (mm along x, y, z). Separable lower-envelope-of-parabolas method
/// (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions",
/// 2012): one pass per axis,
/// \f[ D_k(p) = \min_q \left( s_k^2 (p - q)^2 + D_{k-1}(q) \right). \f]
/// Voxels on a grid without sites get kNoSiteDistance.
std::vector<float> squaredDistanceToSites(const GridShape& shape, const std::array<double, 3>& spacing,
                                          const std::uint8_t* sites);

/// Closes a 2D mask (nx * ny pixels, values 0/1) with a disk of `radiusMm`:
/// dilation (pixels within the radius of the mask) followed by erosion
/// (pixels farther than the radius from anything outside the dilation).
/// The result contains the input mask.
void closeWithDisk2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                     double radiusMm);

/// Dilates a 2D mask with a disk of `radiusMm` (pixels within that distance of the mask).
void dilateWithDisk2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                      double radiusMm);

}  // namespace pulmorad::segmentation

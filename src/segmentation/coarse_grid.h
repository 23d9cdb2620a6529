#pragma once

// The two grids of the lung segmentation: the CT's own grid, with the slice
// axis last, and a coarser grid of block means on which the slow steps run.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "image/volume.h"
#include "segmentation/grid_mask.h"

namespace pulmorad::segmentation {

/// Affine map from a voxel index to the LPS physical position in mm (ITK's
/// physical space: +x is the patient's left, +y posterior, +z superior).
struct IndexToPhysical {
    std::array<double, 3> origin{0.0, 0.0, 0.0};
    std::array<double, 9> matrix{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major; direction * diag(spacing)

    /// Physical coordinate `axis` (0 = x, 1 = y, 2 = z) of index (i, j, k).
    double coordinate(int axis, double i, double j, double k) const {
        const auto row = static_cast<std::size_t>(axis) * 3;
        return origin[static_cast<std::size_t>(axis)] + matrix[row] * i + matrix[row + 1] * j +
               matrix[row + 2] * k;
    }
};

/// Index-to-physical map of a volume's geometry.
IndexToPhysical indexToPhysical(const image::Geometry& geometry);

/// Index of the array axis whose direction is closest to the patient's
/// head-foot (LPS z) axis: the axis along which axial slices are stacked.
int sliceAxisOf(const image::Geometry& geometry);

/// Copies a volume with its axes reordered: array axis `order[k]` of the
/// input becomes axis k of the output. The geometry is reordered too, so
/// every voxel keeps its physical position.
template <typename T>
image::Volume<T> permuteAxes(const image::Volume<T>& input, const std::array<int, 3>& order);

/// The CT averaged over blocks of factor[0] x factor[1] x factor[2] voxels.
struct CoarseGrid {
    GridShape shape;
    std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm
    std::array<std::size_t, 3> factor{1, 1, 1};
    IndexToPhysical toPhysical;  ///< coarse index (block centre) to physical position
    std::vector<float> hu;
};

/// Chooses block sizes that bring the in-plane spacing near 1.4 mm and the
/// slice spacing near 2.5 mm without making either coarser than that.
std::array<std::size_t, 3> coarseningFactors(const std::array<double, 3>& spacing);

/// Averages the CT over blocks; values below `floorHu` count as `floorHu`, so
/// padding outside the field of view (-2048 or -3024 HU) weighs like air.
CoarseGrid downsampleBlockMean(const image::ImageVolume& ct, const std::array<std::size_t, 3>& factor,
                               float floorHu);

/// Inputs of refineToFullResolution().
struct CoarseLabels {
    const CoarseGrid* grid = nullptr;
    const std::vector<std::uint8_t>* labels = nullptr;  ///< 0, 1, 2 per coarse voxel
    const Mask* air = nullptr;                          ///< coarse voxels below the air threshold
    const Mask* blocked = nullptr;  ///< coarse voxels that must stay background (airways, outside body)
};

/// Builds labels on the CT's grid. A fine voxel takes its block's label,
/// except in boundary blocks, whose in-plane neighbours have another label.
/// There a fine voxel below `airThresholdHu` is lung and any other is
/// background. Its lung label is the block's, or for a background block that
/// is not blocked, a neighbouring lung's. Blocks that the coarse closing or
/// hole filling added to a lung (lung label, not air) keep their label.
std::vector<std::uint8_t> refineToFullResolution(const image::ImageVolume& ct, const CoarseLabels& coarse,
                                                 float airThresholdHu);

}  // namespace pulmorad::segmentation

#include "segmentation/coarse_grid.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace pulmorad::segmentation {

IndexToPhysical indexToPhysical(const image::Geometry& geometry) {
    IndexToPhysical map;
    map.origin = geometry.origin;
    for (std::size_t row = 0; row < 3; ++row) {
        for (std::size_t column = 0; column < 3; ++column) {
            map.matrix[row * 3 + column] = geometry.direction[row * 3 + column] * geometry.spacing[column];
        }
    }
    return map;
}

int sliceAxisOf(const image::Geometry& geometry) {
    int best = 2;
    double bestWeight = std::abs(geometry.direction[8]);
    for (int axis = 1; axis >= 0; --axis) {
        const double weight = std::abs(geometry.direction[6 + static_cast<std::size_t>(axis)]);
        if (weight > bestWeight + 1e-9) {
            best = axis;
            bestWeight = weight;
        }
    }
    return best;
}

template <typename T>
image::Volume<T> permuteAxes(const image::Volume<T>& input, const std::array<int, 3>& order) {
    const image::Geometry& in = input.geometry;
    image::Volume<T> output;
    image::Geometry& out = output.geometry;
    out.origin = in.origin;
    for (std::size_t k = 0; k < 3; ++k) {
        const auto source = static_cast<std::size_t>(order[k]);
        out.size[k] = in.size[source];
        out.spacing[k] = in.spacing[source];
        for (std::size_t row = 0; row < 3; ++row) {
            out.direction[row * 3 + k] = in.direction[row * 3 + source];
        }
    }
    output.data.resize(input.data.size());

    // Stride in the input of one step along each output axis.
    std::array<std::size_t, 3> inputStride{1, in.size[0], in.size[0] * in.size[1]};
    const std::size_t strideX = inputStride[static_cast<std::size_t>(order[0])];
    const std::size_t strideY = inputStride[static_cast<std::size_t>(order[1])];
    const std::size_t strideZ = inputStride[static_cast<std::size_t>(order[2])];
    tbb::parallel_for(std::size_t{0}, out.size[2], [&](std::size_t z) {
        for (std::size_t y = 0; y < out.size[1]; ++y) {
            for (std::size_t x = 0; x < out.size[0]; ++x) {
                output.data[output.index(x, y, z)] = input.data[x * strideX + y * strideY + z * strideZ];
            }
        }
    });
    return output;
}

template image::Volume<double> permuteAxes(const image::Volume<double>&, const std::array<int, 3>&);
template image::Volume<std::uint8_t> permuteAxes(const image::Volume<std::uint8_t>&,
                                                 const std::array<int, 3>&);

std::array<std::size_t, 3> coarseningFactors(const std::array<double, 3>& spacing) {
    constexpr double kInPlaneTargetMm = 1.4;
    constexpr double kSliceTargetMm = 2.5;
    std::array<std::size_t, 3> factor{1, 1, 1};
    for (std::size_t axis = 0; axis < 2; ++axis) {
        factor[axis] = static_cast<std::size_t>(std::max(1.0, std::round(kInPlaneTargetMm / spacing[axis])));
    }
    factor[2] = static_cast<std::size_t>(std::max(1.0, std::floor(kSliceTargetMm / spacing[2] + 1e-6)));
    return factor;
}

CoarseGrid downsampleBlockMean(const image::ImageVolume& ct, const std::array<std::size_t, 3>& factor,
                               float floorHu) {
    const auto& size = ct.geometry.size;
    CoarseGrid coarse;
    coarse.factor = factor;
    coarse.shape = {(size[0] + factor[0] - 1) / factor[0], (size[1] + factor[1] - 1) / factor[1],
                    (size[2] + factor[2] - 1) / factor[2]};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        coarse.spacing[axis] = ct.geometry.spacing[axis] * static_cast<double>(factor[axis]);
    }

    // A block's centre is at fine index factor * c + (factor - 1) / 2.
    const IndexToPhysical fine = indexToPhysical(ct.geometry);
    coarse.toPhysical = fine;
    for (std::size_t row = 0; row < 3; ++row) {
        for (std::size_t column = 0; column < 3; ++column) {
            const double f = static_cast<double>(factor[column]);
            coarse.toPhysical.origin[row] += fine.matrix[row * 3 + column] * (f - 1.0) / 2.0;
            coarse.toPhysical.matrix[row * 3 + column] = fine.matrix[row * 3 + column] * f;
        }
    }

    const GridShape& shape = coarse.shape;
    coarse.hu.assign(shape.voxelCount(), 0.0f);
    std::vector<std::size_t> coarseX(size[0]);
    for (std::size_t x = 0; x < size[0]; ++x) coarseX[x] = x / factor[0];
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t cz) {
        std::vector<double> sums(shape.sliceSize(), 0.0);
        std::vector<std::uint32_t> counts(shape.sliceSize(), 0);
        const std::size_t zEnd = std::min(size[2], (cz + 1) * factor[2]);
        for (std::size_t z = cz * factor[2]; z < zEnd; ++z) {
            for (std::size_t y = 0; y < size[1]; ++y) {
                const double* line = ct.data.data() + ct.index(0, y, z);
                double* sumRow = sums.data() + (y / factor[1]) * shape.nx;
                std::uint32_t* countRow = counts.data() + (y / factor[1]) * shape.nx;
                for (std::size_t x = 0; x < size[0]; ++x) {
                    sumRow[coarseX[x]] += std::max(line[x], static_cast<double>(floorHu));
                    ++countRow[coarseX[x]];
                }
            }
        }
        float* out = coarse.hu.data() + cz * shape.sliceSize();
        for (std::size_t i = 0; i < shape.sliceSize(); ++i) {
            out[i] = static_cast<float>(sums[i] / static_cast<double>(counts[i]));
        }
    });
    return coarse;
}

std::vector<std::uint8_t> refineToFullResolution(const image::ImageVolume& ct, const CoarseLabels& coarse,
                                                 float airThresholdHu) {
    const CoarseGrid& grid = *coarse.grid;
    const std::vector<std::uint8_t>& labels = *coarse.labels;
    const Mask& air = *coarse.air;
    const Mask& blocked = *coarse.blocked;
    const GridShape& shape = grid.shape;
    const auto& size = ct.geometry.size;
    const auto& factor = grid.factor;

    // Per coarse voxel: 0 = take the block's label, otherwise the lung label
    // that fine voxels below the threshold take.
    std::vector<std::uint8_t> refinedLabel(shape.voxelCount(), 0);
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
        for (std::size_t y = 0; y < shape.ny; ++y) {
            for (std::size_t x = 0; x < shape.nx; ++x) {
                const std::size_t i = shape.index(x, y, z);
                const std::uint8_t own = labels[i];
                std::uint8_t other = 0;
                bool boundary = false;
                auto look = [&](std::size_t j) {
                    if (labels[j] != own) {
                        boundary = true;
                        if (other == 0) other = labels[j];
                    }
                };
                if (x > 0) look(i - 1);
                if (x + 1 < shape.nx) look(i + 1);
                if (y > 0) look(i - shape.nx);
                if (y + 1 < shape.ny) look(i + shape.nx);
                if (!boundary) {
                    continue;
                }
                if (own != 0 && air[i] != 0) {
                    refinedLabel[i] = own;
                } else if (own == 0 && blocked[i] == 0 && other != 0) {
                    refinedLabel[i] = other;
                }
            }
        }
    });

    std::vector<std::size_t> coarseX(size[0]);
    for (std::size_t x = 0; x < size[0]; ++x) coarseX[x] = x / factor[0];
    std::vector<std::uint8_t> fine(ct.data.size());
    tbb::parallel_for(std::size_t{0}, size[2], [&](std::size_t z) {
        const std::size_t cz = z / factor[2];
        for (std::size_t y = 0; y < size[1]; ++y) {
            const std::size_t coarseRow = shape.index(0, y / factor[1], cz);
            const std::size_t fineRow = ct.index(0, y, z);
            const double* hu = ct.data.data() + fineRow;
            std::uint8_t* out = fine.data() + fineRow;
            for (std::size_t x = 0; x < size[0]; ++x) {
                const std::size_t c = coarseRow + coarseX[x];
                const std::uint8_t refined = refinedLabel[c];
                out[x] = refined == 0 ? labels[c] : (hu[x] < airThresholdHu ? refined : 0);
            }
        }
    });
    return fine;
}

}  // namespace pulmorad::segmentation

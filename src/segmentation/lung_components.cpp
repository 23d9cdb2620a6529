#include "segmentation/lung_components.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "segmentation/distance_transform.h"

namespace pulmorad::segmentation {
namespace {

// Size, left-right centre and height range of one component.
struct ComponentStats {
    std::size_t size = 0;
    double sumX = 0.0;  ///< sum of physical x over the voxels
    std::size_t minZ = 0;
    std::size_t maxZ = 0;
    std::size_t maxSliceVoxels = 0;

    double centreX() const { return sumX / static_cast<double>(size); }
};

// Statistics of the components listed in `wanted` (others stay empty).
std::vector<ComponentStats> statsOf(const CoarseGrid& grid, const RunComponents& components,
                                    const std::vector<bool>& wanted) {
    const GridShape& shape = grid.shape;
    const IndexToPhysical& map = grid.toPhysical;
    std::vector<ComponentStats> stats(components.sizes.size());
    std::vector<std::vector<std::size_t>> perSlice(components.sizes.size());
    for (std::size_t c = 0; c < stats.size(); ++c) {
        if (wanted[c]) {
            perSlice[c].assign(shape.nz, 0);
            stats[c].minZ = shape.nz;
        }
    }
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        const std::uint32_t c = components.componentOfRun[i];
        if (!wanted[c]) {
            continue;
        }
        const Run& run = components.runs[i];
        const std::size_t y = run.row % shape.ny;
        const std::size_t z = run.row / shape.ny;
        const double length = run.x1 - run.x0;
        // Sum of x0 .. x1 - 1 is length * (x0 + x1 - 1) / 2.
        const double sumIndexX =
            length * (static_cast<double>(run.x0) + static_cast<double>(run.x1) - 1.0) / 2.0;
        stats[c].sumX += length * map.coordinate(0, 0.0, static_cast<double>(y), static_cast<double>(z)) +
                         map.matrix[0] * sumIndexX;
        stats[c].size += run.x1 - run.x0;
        stats[c].minZ = std::min(stats[c].minZ, z);
        stats[c].maxZ = std::max(stats[c].maxZ, z);
        perSlice[c][z] += run.x1 - run.x0;
    }
    for (std::size_t c = 0; c < stats.size(); ++c) {
        if (wanted[c]) {
            stats[c].maxSliceVoxels = *std::max_element(perSlice[c].begin(), perSlice[c].end());
        }
    }
    return stats;
}

// Mean physical x of the body voxels: the patient's left-right centre.
double bodyCentreX(const CoarseGrid& grid, const Mask& body) {
    const GridShape& shape = grid.shape;
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t z = 0; z < shape.nz; ++z) {
        for (std::size_t y = 0; y < shape.ny; ++y) {
            for (std::size_t x = 0; x < shape.nx; ++x) {
                if (body[shape.index(x, y, z)] != 0) {
                    sum += grid.toPhysical.coordinate(0, static_cast<double>(x), static_cast<double>(y),
                                                      static_cast<double>(z));
                    ++count;
                }
            }
        }
    }
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

// Swaps labels 1 and 2 when the centroid of label 1 lies at a larger
// physical x than label 2's, so label 1 is the patient's right lung (-x in LPS).
void labelBySide(const CoarseGrid& grid, std::vector<std::uint8_t>& labels) {
    const GridShape& shape = grid.shape;
    std::array<double, 2> sum{0.0, 0.0};
    std::array<std::size_t, 2> count{0, 0};
    for (std::size_t z = 0; z < shape.nz; ++z) {
        for (std::size_t y = 0; y < shape.ny; ++y) {
            for (std::size_t x = 0; x < shape.nx; ++x) {
                const std::uint8_t label = labels[shape.index(x, y, z)];
                if (label != kRightLungLabel && label != kLeftLungLabel) continue;
                sum[label - 1u] += grid.toPhysical.coordinate(0, static_cast<double>(x),
                                                              static_cast<double>(y), static_cast<double>(z));
                ++count[label - 1u];
            }
        }
    }
    if (count[0] == 0 || count[1] == 0) return;
    if (sum[0] / static_cast<double>(count[0]) <= sum[1] / static_cast<double>(count[1])) return;
    for (std::uint8_t& label : labels) {
        if (label == kRightLungLabel) {
            label = kLeftLungLabel;
        } else if (label == kLeftLungLabel) {
            label = kRightLungLabel;
        }
    }
}

// A box of the coarse grid with its own flat indexing.
struct SubGrid {
    std::array<std::size_t, 3> begin{0, 0, 0};
    GridShape shape;

    std::size_t outerIndex(const GridShape& outer, std::size_t i) const {
        const std::size_t x = i % shape.nx;
        const std::size_t y = (i / shape.nx) % shape.ny;
        const std::size_t z = i / shape.sliceSize();
        return outer.index(x + begin[0], y + begin[1], z + begin[2]);
    }
};

// Splits one component that contains both lungs. It is eroded by increasing
// depths (thresholds of the distance to the background) until two cores lie
// on opposite sides of the body centre. Both cores then regrow through the
// component in breadth-first order, so every voxel goes to the nearer core
// along paths inside the lungs. Returns false when no depth separates them.
bool splitTouchingLungs(const CoarseGrid& grid, const RunComponents& components, std::uint32_t component,
                        double midlineX, double maxDepthMm, std::vector<std::uint8_t>& sides,
                        double& depthUsed) {
    const GridShape& outer = grid.shape;

    // Bounding box with a one-voxel margin, so the box border is background.
    SubGrid box;
    std::array<std::size_t, 3> low{outer.nx, outer.ny, outer.nz};
    std::array<std::size_t, 3> high{0, 0, 0};
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        if (components.componentOfRun[i] != component) continue;
        const Run& run = components.runs[i];
        const std::size_t y = run.row % outer.ny;
        const std::size_t z = run.row / outer.ny;
        low = {std::min<std::size_t>(low[0], run.x0), std::min(low[1], y), std::min(low[2], z)};
        high = {std::max<std::size_t>(high[0], run.x1 - 1), std::max(high[1], y), std::max(high[2], z)};
    }
    std::array<std::size_t, 3> end{};
    const std::array<std::size_t, 3> outerSize{outer.nx, outer.ny, outer.nz};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        box.begin[axis] = low[axis] > 0 ? low[axis] - 1 : 0;
        end[axis] = std::min(outerSize[axis], high[axis] + 2);
    }
    box.shape = {end[0] - box.begin[0], end[1] - box.begin[1], end[2] - box.begin[2]};

    Mask lung(box.shape.voxelCount(), 0);
    Mask background(box.shape.voxelCount(), 1);
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        if (components.componentOfRun[i] != component) continue;
        const Run& run = components.runs[i];
        const std::size_t y = run.row % outer.ny - box.begin[1];
        const std::size_t z = run.row / outer.ny - box.begin[2];
        for (std::uint32_t x = run.x0; x < run.x1; ++x) {
            const std::size_t j = box.shape.index(x - box.begin[0], y, z);
            lung[j] = 1;
            background[j] = 0;
        }
    }
    const std::vector<float> depth2 = squaredDistanceToSites(box.shape, grid.spacing, background.data());

    auto centreX = [&](const RunComponents& cores, std::uint32_t core) {
        double sum = 0.0;
        for (std::size_t i = 0; i < cores.runs.size(); ++i) {
            if (cores.componentOfRun[i] != core) continue;
            const Run& run = cores.runs[i];
            const double y = static_cast<double>(run.row % box.shape.ny + box.begin[1]);
            const double z = static_cast<double>(run.row / box.shape.ny + box.begin[2]);
            for (std::uint32_t x = run.x0; x < run.x1; ++x) {
                sum += grid.toPhysical.coordinate(0, static_cast<double>(x + box.begin[0]), y, z);
            }
        }
        return sum / static_cast<double>(cores.sizes[core]);
    };

    const double step = std::min(grid.spacing[0], grid.spacing[1]);
    for (double depth = step; depth <= maxDepthMm; depth += step) {
        Mask core(box.shape.voxelCount(), 0);
        const auto depthSquared = static_cast<float>(depth * depth);
        for (std::size_t i = 0; i < core.size(); ++i) {
            core[i] = lung[i] != 0 && depth2[i] > depthSquared ? 1 : 0;
        }
        const RunComponents cores = findComponents(box.shape, core.data());
        const long first = largestComponent(cores);
        if (first < 0) {
            break;
        }
        const auto firstCore = static_cast<std::uint32_t>(first);
        const bool firstIsRight = centreX(cores, firstCore) < midlineX;

        // The largest core on the other side, if it is not a crumb.
        long second = -1;
        for (std::size_t c = 0; c < cores.sizes.size(); ++c) {
            if (c == firstCore || cores.sizes[c] * 20 < cores.sizes[firstCore]) continue;
            if (second >= 0 && cores.sizes[c] <= cores.sizes[static_cast<std::size_t>(second)]) continue;
            if ((centreX(cores, static_cast<std::uint32_t>(c)) < midlineX) != firstIsRight) {
                second = static_cast<long>(c);
            }
        }
        if (second < 0) {
            continue;
        }

        // Regrow both cores breadth-first inside the component; 1 = first, 2 = second.
        std::vector<std::uint8_t> owner(box.shape.voxelCount(), 0);
        std::vector<std::size_t> queue;
        queue.reserve(box.shape.voxelCount() / 4);
        for (std::size_t i = 0; i < cores.runs.size(); ++i) {
            const std::uint32_t c = cores.componentOfRun[i];
            if (c != firstCore && static_cast<long>(c) != second) continue;
            const Run& run = cores.runs[i];
            for (std::uint32_t x = run.x0; x < run.x1; ++x) {
                const std::size_t j = run.row * box.shape.nx + x;
                owner[j] = c == firstCore ? 1 : 2;
                queue.push_back(j);
            }
        }
        const GridShape& s = box.shape;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::size_t j = queue[head];
            const std::size_t x = j % s.nx;
            const std::size_t y = (j / s.nx) % s.ny;
            const std::size_t z = j / s.sliceSize();
            auto visit = [&](std::size_t k) {
                if (lung[k] != 0 && owner[k] == 0) {
                    owner[k] = owner[j];
                    queue.push_back(k);
                }
            };
            if (x > 0) visit(j - 1);
            if (x + 1 < s.nx) visit(j + 1);
            if (y > 0) visit(j - s.nx);
            if (y + 1 < s.ny) visit(j + s.nx);
            if (z > 0) visit(j - s.sliceSize());
            if (z + 1 < s.nz) visit(j + s.sliceSize());
        }

        // sides: 1 = patient's right, 2 = left, by the first core's side.
        for (std::size_t j = 0; j < owner.size(); ++j) {
            if (owner[j] == 0) continue;
            const bool right = (owner[j] == 1) == firstIsRight;
            sides[box.outerIndex(outer, j)] = right ? kRightLungLabel : kLeftLungLabel;
        }
        depthUsed = depth;
        return true;
    }
    return false;
}

}  // namespace

LungSelection selectLungs(const CoarseGrid& grid, const Mask& candidate, const Mask& body,
                          const SegmentationSettings& settings, const std::string& source) {
    const GridShape& shape = grid.shape;
    const double pixelArea = grid.spacing[0] * grid.spacing[1];
    const RunComponents components = findComponents(shape, candidate.data());

    // Only components that reach the minimum lung area in some slice can be lungs.
    const auto minSliceVoxels = static_cast<std::size_t>(std::ceil(settings.minLungAreaMm2 / pixelArea));
    std::vector<bool> wanted(components.sizes.size());
    for (std::size_t c = 0; c < wanted.size(); ++c) {
        wanted[c] = components.sizes[c] >= minSliceVoxels;
    }
    const std::vector<ComponentStats> stats = statsOf(grid, components, wanted);
    std::vector<std::uint32_t> order;
    for (std::size_t c = 0; c < stats.size(); ++c) {
        if (wanted[c] && stats[c].maxSliceVoxels >= minSliceVoxels)
            order.push_back(static_cast<std::uint32_t>(c));
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return stats[a].size > stats[b].size; });
    if (order.empty()) {
        throw InputError(fmt::format(
            "no lung found in '{}': no air region below {} HU inside the body reaches {} mm2 in any slice; "
            "check that this is a chest CT with values in HU",
            source, settings.airThresholdHu, settings.minLungAreaMm2));
    }

    LungSelection selection;
    selection.labels.assign(shape.voxelCount(), 0);
    const double midlineX = bodyCentreX(grid, body);
    const std::uint32_t first = order.front();

    // Voxels of the largest component on each side of the body centre.
    std::size_t rightVoxels = 0;
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        if (components.componentOfRun[i] != first) continue;
        const Run& run = components.runs[i];
        const double y = static_cast<double>(run.row % shape.ny);
        const double z = static_cast<double>(run.row / shape.ny);
        for (std::uint32_t x = run.x0; x < run.x1; ++x) {
            if (grid.toPhysical.coordinate(0, x, y, z) < midlineX) ++rightVoxels;
        }
    }
    const double rightFraction = static_cast<double>(rightVoxels) / static_cast<double>(stats[first].size);
    spdlog::debug("largest air component: {} voxels, {:.0f}% right of the body centre", stats[first].size,
                  100.0 * rightFraction);

    auto paint = [&](std::uint32_t component, std::uint8_t label) {
        for (std::size_t i = 0; i < components.runs.size(); ++i) {
            if (components.componentOfRun[i] != component) continue;
            const Run& run = components.runs[i];
            std::fill(selection.labels.begin() + static_cast<std::ptrdiff_t>(run.row * shape.nx + run.x0),
                      selection.labels.begin() + static_cast<std::ptrdiff_t>(run.row * shape.nx + run.x1),
                      label);
        }
    };

    constexpr double kBothSidesFraction = 0.15;
    if (rightFraction > kBothSidesFraction && rightFraction < 1.0 - kBothSidesFraction) {
        selection.touched = true;
        if (splitTouchingLungs(grid, components, first, midlineX, settings.maxJunctionErosionMm,
                               selection.labels, selection.erosionMm)) {
            selection.lungCount = 2;
            labelBySide(grid, selection.labels);
            return selection;
        }
        // NOTE: lungs that no erosion up to the maximum separates are cut at the body centre.
        spdlog::warn("'{}': the lungs touch over a wide area; splitting them at the body's left-right centre",
                     source);
        for (std::size_t i = 0; i < components.runs.size(); ++i) {
            if (components.componentOfRun[i] != first) continue;
            const Run& run = components.runs[i];
            const double y = static_cast<double>(run.row % shape.ny);
            const double z = static_cast<double>(run.row / shape.ny);
            for (std::uint32_t x = run.x0; x < run.x1; ++x) {
                const bool right = grid.toPhysical.coordinate(0, x, y, z) < midlineX;
                selection.labels[run.row * shape.nx + x] = right ? kRightLungLabel : kLeftLungLabel;
            }
        }
        selection.lungCount = 2;
        labelBySide(grid, selection.labels);
        return selection;
    }

    // One lung per component: the other lung is on the other side and overlaps it in height.
    const bool firstIsRight = stats[first].centreX() < midlineX;
    long second = -1;
    for (std::size_t k = 1; k < order.size(); ++k) {
        const ComponentStats& other = stats[order[k]];
        if ((other.centreX() < midlineX) == firstIsRight || other.size * 20 < stats[first].size) {
            continue;
        }
        const std::size_t overlapLow = std::max(other.minZ, stats[first].minZ);
        const std::size_t overlapHigh = std::min(other.maxZ, stats[first].maxZ);
        const std::size_t height = other.maxZ - other.minZ + 1;
        if (overlapHigh >= overlapLow && 2 * (overlapHigh - overlapLow + 1) >= height) {
            second = order[k];
            break;
        }
    }
    paint(first, firstIsRight ? kRightLungLabel : kLeftLungLabel);
    selection.lungCount = 1;
    if (second >= 0) {
        paint(static_cast<std::uint32_t>(second), firstIsRight ? kLeftLungLabel : kRightLungLabel);
        selection.lungCount = 2;
        labelBySide(grid, selection.labels);
    } else {
        spdlog::warn("'{}': only one lung found ({} side)", source, firstIsRight ? "right" : "left");
    }
    return selection;
}

}  // namespace pulmorad::segmentation

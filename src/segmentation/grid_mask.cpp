#include "segmentation/grid_mask.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

namespace pulmorad::segmentation {
namespace {

// Union-find over run indices. The root of a set is its smallest run index,
// which keeps the component numbering independent of the union order.
class DisjointSets {
public:
    explicit DisjointSets(std::size_t count) : parent_(count) {
        std::iota(parent_.begin(), parent_.end(), std::uint32_t{0});
    }

    std::uint32_t find(std::uint32_t item) {
        while (parent_[item] != item) {
            parent_[item] = parent_[parent_[item]];
            item = parent_[item];
        }
        return item;
    }

    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a < b) {
            parent_[b] = a;
        } else if (b < a) {
            parent_[a] = b;
        }
    }

private:
    std::vector<std::uint32_t> parent_;
};

// Unites every pair of runs from two rows that share at least one x.
void uniteOverlappingRuns(DisjointSets& sets, std::size_t firstA, std::size_t endA, std::size_t firstB,
                          std::size_t endB, const std::vector<Run>& runs) {
    std::size_t a = firstA;
    std::size_t b = firstB;
    while (a < endA && b < endB) {
        if (runs[a].x0 < runs[b].x1 && runs[b].x0 < runs[a].x1) {
            sets.unite(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
        }
        // Advance the run that ends first; the other may still overlap the next one.
        if (runs[a].x1 < runs[b].x1) {
            ++a;
        } else {
            ++b;
        }
    }
}

}  // namespace

RunComponents findComponents(const GridShape& shape, const std::uint8_t* data, std::uint8_t value) {
    const std::size_t rowCount = shape.ny * shape.nz;

    // Runs per slice in parallel, then concatenated in memory order.
    std::vector<std::vector<Run>> runsPerSlice(shape.nz);
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
        auto& sliceRuns = runsPerSlice[z];
        for (std::size_t y = 0; y < shape.ny; ++y) {
            const std::size_t row = y + shape.ny * z;
            const std::uint8_t* line = data + row * shape.nx;
            std::size_t x = 0;
            while (x < shape.nx) {
                if (line[x] != value) {
                    ++x;
                    continue;
                }
                const std::size_t start = x;
                while (x < shape.nx && line[x] == value) {
                    ++x;
                }
                sliceRuns.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(x), row});
            }
        }
    });

    RunComponents result;
    std::size_t total = 0;
    for (const auto& sliceRuns : runsPerSlice) {
        total += sliceRuns.size();
    }
    result.runs.reserve(total);
    for (auto& sliceRuns : runsPerSlice) {
        result.runs.insert(result.runs.end(), sliceRuns.begin(), sliceRuns.end());
        std::vector<Run>().swap(sliceRuns);
    }

    // rowStart[row] .. rowStart[row + 1] are the runs of one row.
    std::vector<std::size_t> rowStart(rowCount + 1, 0);
    for (const Run& run : result.runs) {
        ++rowStart[run.row + 1];
    }
    std::partial_sum(rowStart.begin(), rowStart.end(), rowStart.begin());

    // Link each row to the row before it in y and in z.
    DisjointSets sets(result.runs.size());
    for (std::size_t z = 0; z < shape.nz; ++z) {
        for (std::size_t y = 0; y < shape.ny; ++y) {
            const std::size_t row = y + shape.ny * z;
            if (rowStart[row] == rowStart[row + 1]) {
                continue;
            }
            if (y > 0) {
                uniteOverlappingRuns(sets, rowStart[row], rowStart[row + 1], rowStart[row - 1], rowStart[row],
                                     result.runs);
            }
            if (z > 0) {
                const std::size_t below = row - shape.ny;
                uniteOverlappingRuns(sets, rowStart[row], rowStart[row + 1], rowStart[below],
                                     rowStart[below + 1], result.runs);
            }
        }
    }

    // Number the roots in the order of their first run.
    constexpr std::uint32_t kUnset = 0xffffffffu;
    std::vector<std::uint32_t> numberOfRoot(result.runs.size(), kUnset);
    result.componentOfRun.resize(result.runs.size());
    for (std::size_t i = 0; i < result.runs.size(); ++i) {
        const std::uint32_t root = sets.find(static_cast<std::uint32_t>(i));
        if (numberOfRoot[root] == kUnset) {
            numberOfRoot[root] = static_cast<std::uint32_t>(result.sizes.size());
            result.sizes.push_back(0);
        }
        const std::uint32_t component = numberOfRoot[root];
        result.componentOfRun[i] = component;
        result.sizes[component] += result.runs[i].x1 - result.runs[i].x0;
    }
    return result;
}

void paintComponents(const GridShape& shape, const RunComponents& components,
                     std::vector<std::uint32_t>& labels) {
    std::fill(labels.begin(), labels.end(), 0u);
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        const Run& run = components.runs[i];
        const std::size_t offset = run.row * shape.nx;
        std::fill(labels.begin() + static_cast<std::ptrdiff_t>(offset + run.x0),
                  labels.begin() + static_cast<std::ptrdiff_t>(offset + run.x1),
                  components.componentOfRun[i] + 1);
    }
}

long largestComponent(const RunComponents& components) {
    long best = -1;
    std::size_t bestSize = 0;
    for (std::size_t c = 0; c < components.sizes.size(); ++c) {
        if (components.sizes[c] > bestSize) {
            bestSize = components.sizes[c];
            best = static_cast<long>(c);
        }
    }
    return best;
}

std::size_t keepLargestComponent(const GridShape& shape, std::uint8_t* data, std::uint8_t value,
                                 std::uint8_t replacement) {
    const RunComponents components = findComponents(shape, data, value);
    const long largest = largestComponent(components);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        if (static_cast<long>(components.componentOfRun[i]) == largest) {
            continue;
        }
        const Run& run = components.runs[i];
        std::fill(data + run.row * shape.nx + run.x0, data + run.row * shape.nx + run.x1, replacement);
        changed += run.x1 - run.x0;
    }
    return changed;
}

void floodFromBorder(const std::uint8_t* passable, std::uint8_t* reached, std::size_t nx, std::size_t ny) {
    std::fill(reached, reached + nx * ny, std::uint8_t{0});
    std::vector<std::size_t> stack;
    auto push = [&](std::size_t i) {
        if (passable[i] != 0 && reached[i] == 0) {
            reached[i] = 1;
            stack.push_back(i);
        }
    };
    for (std::size_t x = 0; x < nx; ++x) {
        push(x);
        push(x + nx * (ny - 1));
    }
    for (std::size_t y = 0; y < ny; ++y) {
        push(nx * y);
        push(nx - 1 + nx * y);
    }
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        const std::size_t x = i % nx;
        const std::size_t y = i / nx;
        if (x > 0) push(i - 1);
        if (x + 1 < nx) push(i + 1);
        if (y > 0) push(i - nx);
        if (y + 1 < ny) push(i + nx);
    }
}

void fillHoles2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, std::size_t maxHolePixels) {
    // Background components of the slice that touch no border are holes.
    const GridShape slice{nx, ny, 1};
    const RunComponents background = findComponents(slice, mask, 0);
    std::vector<bool> touchesBorder(background.sizes.size(), false);
    for (std::size_t i = 0; i < background.runs.size(); ++i) {
        const Run& run = background.runs[i];
        if (run.row == 0 || run.row + 1 == ny || run.x0 == 0 || run.x1 == nx) {
            touchesBorder[background.componentOfRun[i]] = true;
        }
    }
    for (std::size_t i = 0; i < background.runs.size(); ++i) {
        const std::uint32_t component = background.componentOfRun[i];
        if (touchesBorder[component] || background.sizes[component] > maxHolePixels) continue;
        const Run& run = background.runs[i];
        std::fill(mask + run.row * nx + run.x0, mask + run.row * nx + run.x1, std::uint8_t{1});
    }
}

void fillHoles3d(const GridShape& shape, std::uint8_t* mask) {
    const RunComponents background = findComponents(shape, mask, 0);
    std::vector<bool> touchesFace(background.sizes.size(), false);
    for (std::size_t i = 0; i < background.runs.size(); ++i) {
        const Run& run = background.runs[i];
        const std::size_t y = run.row % shape.ny;
        const std::size_t z = run.row / shape.ny;
        if (y == 0 || y + 1 == shape.ny || z == 0 || z + 1 == shape.nz || run.x0 == 0 || run.x1 == shape.nx) {
            touchesFace[background.componentOfRun[i]] = true;
        }
    }
    for (std::size_t i = 0; i < background.runs.size(); ++i) {
        if (touchesFace[background.componentOfRun[i]]) continue;
        const Run& run = background.runs[i];
        std::fill(mask + run.row * shape.nx + run.x0, mask + run.row * shape.nx + run.x1, std::uint8_t{1});
    }
}

}  // namespace pulmorad::segmentation

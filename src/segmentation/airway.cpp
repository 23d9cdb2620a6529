#include "segmentation/airway.h"

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "segmentation/distance_transform.h"

namespace pulmorad::segmentation {
namespace {

// One 2D connected region of a slice.
struct Section {
    std::vector<std::size_t> pixels;  ///< indices within the slice
    double areaMm2 = 0.0;
};

// The 4-connected regions of one slice mask.
std::vector<Section> sectionsOf(const std::uint8_t* sliceMask, const GridShape& grid, double pixelAreaMm2) {
    const GridShape slice{grid.nx, grid.ny, 1};
    const RunComponents components = findComponents(slice, sliceMask);
    std::vector<Section> sections(components.sizes.size());
    for (std::size_t i = 0; i < components.runs.size(); ++i) {
        const Run& run = components.runs[i];
        auto& pixels = sections[components.componentOfRun[i]].pixels;
        for (std::uint32_t x = run.x0; x < run.x1; ++x) {
            pixels.push_back(run.row * grid.nx + x);
        }
    }
    for (auto& section : sections) {
        section.areaMm2 = static_cast<double>(section.pixels.size()) * pixelAreaMm2;
    }
    return sections;
}

class AirwayTracker {
public:
    AirwayTracker(const CoarseGrid& grid, const Mask& body, const AirwaySettings& settings)
        : grid_(grid), body_(body), settings_(settings), shape_(grid.shape) {
        pixelAreaMm2_ = grid.spacing[0] * grid.spacing[1];
        topAtHighZ_ = sliceZ(shape_.nz - 1) > sliceZ(0);
    }

    double sliceZ(std::size_t z) const {
        return grid_.toPhysical.coordinate(2, static_cast<double>(shape_.nx) / 2.0,
                                           static_cast<double>(shape_.ny) / 2.0, static_cast<double>(z));
    }

    bool topAtHighZ() const { return topAtHighZ_; }

    // The slice `steps` below (towards the feet) slice z, or -1 past the end.
    long below(std::size_t z, long steps) const {
        const long next = topAtHighZ_ ? static_cast<long>(z) - steps : static_cast<long>(z) + steps;
        return next >= 0 && next < static_cast<long>(shape_.nz) ? next : -1;
    }

    // Lumen mask of slice z: below the airway threshold and inside the body.
    std::vector<std::uint8_t> lumenOf(std::size_t z) const {
        std::vector<std::uint8_t> lumen(shape_.sliceSize());
        const std::size_t offset = z * shape_.sliceSize();
        const auto threshold = static_cast<float>(settings_.airwayThresholdHu);
        for (std::size_t i = 0; i < lumen.size(); ++i) {
            lumen[i] = grid_.hu[offset + i] < threshold && body_[offset + i] != 0 ? 1 : 0;
        }
        return lumen;
    }

    // Follows the airway from `seed` (pixels of slice seedZ) one slice at a
    // time in `direction` (+1 towards the feet, -1 towards the head), marking
    // `airway`. Returns the length followed in mm.
    double follow(std::size_t seedZ, const std::vector<std::size_t>& seed, int direction, double tracheaArea,
                  Mask& airway, AirwayResult& result) const {
        std::vector<std::size_t> current = seed;
        std::size_t z = seedZ;
        const double leakLimit = settings_.leakAreaFactor * tracheaArea;
        while (true) {
            const long next = below(z, direction);
            if (next < 0) {
                break;
            }
            const auto nextZ = static_cast<std::size_t>(next);
            if (direction > 0 && result.carinaFound &&
                std::abs(sliceZ(nextZ) - result.carinaMm) > settings_.bronchusLengthMm) {
                break;
            }

            // Sections of the next slice that overlap the current airway.
            const std::vector<std::uint8_t> lumen = lumenOf(nextZ);
            std::vector<Section> sections = sectionsOf(lumen.data(), shape_, pixelAreaMm2_);
            std::vector<int> sectionOfPixel(shape_.sliceSize(), -1);
            for (std::size_t s = 0; s < sections.size(); ++s) {
                for (std::size_t p : sections[s].pixels) sectionOfPixel[p] = static_cast<int>(s);
            }
            std::vector<bool> touched(sections.size(), false);
            for (std::size_t p : current) {
                if (sectionOfPixel[p] >= 0) touched[static_cast<std::size_t>(sectionOfPixel[p])] = true;
            }

            std::vector<std::size_t> accepted;
            int branches = 0;
            for (std::size_t s = 0; s < sections.size(); ++s) {
                if (!touched[s] || sections[s].areaMm2 > leakLimit) {
                    continue;
                }
                ++branches;
                accepted.insert(accepted.end(), sections[s].pixels.begin(), sections[s].pixels.end());
            }
            if (accepted.empty()) {
                break;
            }
            if (direction > 0 && branches >= 2 && !result.carinaFound) {
                result.carinaFound = true;
                result.carinaMm = sliceZ(nextZ);
            }
            for (std::size_t p : accepted) {
                airway[nextZ * shape_.sliceSize() + p] = 1;
            }
            current = std::move(accepted);
            z = nextZ;
        }
        return std::abs(sliceZ(z) - sliceZ(seedZ));
    }

    const CoarseGrid& grid_;
    const Mask& body_;
    const AirwaySettings& settings_;
    const GridShape& shape_;
    double pixelAreaMm2_ = 0.0;
    bool topAtHighZ_ = true;
};

// Mean physical x of the body pixels of slice z.
double bodyCentreX(const CoarseGrid& grid, const Mask& body, std::size_t z) {
    double sum = 0.0;
    std::size_t count = 0;
    const GridShape& shape = grid.shape;
    for (std::size_t y = 0; y < shape.ny; ++y) {
        for (std::size_t x = 0; x < shape.nx; ++x) {
            if (body[shape.index(x, y, z)] != 0) {
                sum += grid.toPhysical.coordinate(0, static_cast<double>(x), static_cast<double>(y),
                                                  static_cast<double>(z));
                ++count;
            }
        }
    }
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

// Whether a section looks like the trachea: its area, its left-right offset
// from the body centre, and how well it fills its bounding box (round, not a sliver).
bool looksLikeTrachea(const Section& section, const CoarseGrid& grid, std::size_t z, double bodyX,
                      const AirwaySettings& settings) {
    if (section.areaMm2 < settings.minTracheaAreaMm2 || section.areaMm2 > settings.maxTracheaAreaMm2) {
        return false;
    }
    const std::size_t nx = grid.shape.nx;
    std::size_t minX = nx, maxX = 0, minY = grid.shape.ny, maxY = 0;
    double sumX = 0.0;
    for (std::size_t p : section.pixels) {
        const std::size_t x = p % nx;
        const std::size_t y = p / nx;
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
        sumX += grid.toPhysical.coordinate(0, static_cast<double>(x), static_cast<double>(y),
                                           static_cast<double>(z));
    }
    const double centreX = sumX / static_cast<double>(section.pixels.size());
    const double boxPixels = static_cast<double>((maxX - minX + 1) * (maxY - minY + 1));
    const double fill = static_cast<double>(section.pixels.size()) / boxPixels;
    return std::abs(centreX - bodyX) <= settings.maxMidlineOffsetMm && fill >= 0.45;
}

}  // namespace

AirwayResult findAirways(const CoarseGrid& grid, const Mask& insideAir, const Mask& body,
                         const AirwaySettings& settings) {
    const GridShape& shape = grid.shape;
    AirwayResult result;
    result.mask.assign(shape.voxelCount(), 0);
    const AirwayTracker tracker(grid, body, settings);
    const double pixelArea = grid.spacing[0] * grid.spacing[1];

    const auto searchCount = std::max<std::size_t>(
        1, static_cast<std::size_t>(settings.searchFraction * static_cast<double>(shape.nz)));
    const std::size_t top = tracker.topAtHighZ() ? shape.nz - 1 : 0;
    for (std::size_t step = 0; step < searchCount && !result.found; ++step) {
        const long z = tracker.below(top, static_cast<long>(step));
        if (z < 0) {
            break;
        }
        const auto sliceIndex = static_cast<std::size_t>(z);
        const std::uint8_t* slice = insideAir.data() + sliceIndex * shape.sliceSize();
        const std::vector<Section> sections = sectionsOf(slice, shape, pixelArea);
        const double bodyX = bodyCentreX(grid, body, sliceIndex);

        // The largest trachea-like section of this slice.
        const Section* best = nullptr;
        for (const Section& section : sections) {
            if (looksLikeTrachea(section, grid, sliceIndex, bodyX, settings) &&
                (best == nullptr || section.areaMm2 > best->areaMm2)) {
                best = &section;
            }
        }
        if (best == nullptr) {
            continue;
        }

        // Seed with the section's lumen and check that it continues as a tube.
        const std::vector<std::uint8_t> lumen = tracker.lumenOf(sliceIndex);
        std::vector<std::size_t> seed;
        for (std::size_t p : best->pixels) {
            if (lumen[p] != 0) seed.push_back(p);
        }
        if (seed.empty()) {
            continue;
        }
        const double tracheaArea = static_cast<double>(seed.size()) * pixelArea;
        Mask airway(shape.voxelCount(), 0);
        AirwayResult attempt;
        for (std::size_t p : seed) airway[sliceIndex * shape.sliceSize() + p] = 1;
        const double length = tracker.follow(sliceIndex, seed, +1, tracheaArea, airway, attempt);
        if (length < settings.minTrackedLengthMm) {
            spdlog::debug("trachea candidate at slice {} followed only {:.1f} mm; searching on", sliceIndex,
                          length);
            continue;
        }
        tracker.follow(sliceIndex, seed, -1, tracheaArea, airway, attempt);

        result.mask = std::move(airway);
        result.found = true;
        result.tracheaAreaMm2 = tracheaArea;
        result.tracheaTopMm = tracker.sliceZ(sliceIndex);
        result.carinaFound = attempt.carinaFound;
        result.carinaMm = attempt.carinaMm;
    }
    if (!result.found) {
        return result;
    }

    // Widen the lumen by the wall margin, slice by slice.
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
        std::uint8_t* slice = result.mask.data() + z * shape.sliceSize();
        if (std::any_of(slice, slice + shape.sliceSize(), [](std::uint8_t v) { return v != 0; })) {
            dilateWithDisk2d(slice, shape.nx, shape.ny, grid.spacing[0], grid.spacing[1],
                             settings.dilationMm);
        }
    });
    return result;
}

}  // namespace pulmorad::segmentation

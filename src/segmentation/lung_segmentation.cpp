#include "segmentation/lung_segmentation.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/errors.h"
#include "segmentation/airway.h"
#include "segmentation/coarse_grid.h"
#include "segmentation/distance_transform.h"
#include "segmentation/grid_mask.h"
#include "segmentation/lung_components.h"

namespace pulmorad::segmentation {
namespace {

// Values at or below this are padding outside the field of view or air.
constexpr float kAirFloorHu = -1024.0f;

// Logs the time since the last call at DEBUG level.
class StepTimer {
public:
    void lap(const char* step) {
        const auto now = std::chrono::steady_clock::now();
        spdlog::debug("segment: {} took {:.0f} ms", step,
                      std::chrono::duration<double, std::milli>(now - last_).count());
        last_ = now;
    }

private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Body and the air inside it, on the coarse grid.
struct BodyMasks {
    Mask air;        ///< below the air threshold
    Mask body;       ///< largest component above the threshold, holes filled per slice
    Mask insideAir;  ///< air within the body
};

BodyMasks findBody(const CoarseGrid& grid, float airThreshold) {
    const GridShape& shape = grid.shape;
    BodyMasks masks;
    masks.air.resize(shape.voxelCount());
    masks.body.resize(shape.voxelCount());
    for (std::size_t i = 0; i < grid.hu.size(); ++i) {
        masks.air[i] = grid.hu[i] < airThreshold ? 1 : 0;
        masks.body[i] = 1 - masks.air[i];
    }

    // The largest tissue component leaves out the table and objects beside the patient.
    keepLargestComponent(shape, masks.body.data(), 1);
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
        fillHoles2d(masks.body.data() + z * shape.sliceSize(), shape.nx, shape.ny);
    });

    masks.insideAir.resize(shape.voxelCount());
    for (std::size_t i = 0; i < shape.voxelCount(); ++i) {
        masks.insideAir[i] = masks.air[i] != 0 && masks.body[i] != 0 ? 1 : 0;
    }
    return masks;
}

// Grows each lung within the `allowed` voxels (body, not airway, not yet a
// lung) in three steps. First a disk closing per slice, then the lung's 3D
// holes (masses inside the lung), then per slice its 2D holes up to
// `maxHoleAreaMm2` (vessels and nodules). The area limit keeps out the top of
// the diaphragm dome, which lies inside a ring of lung in the slices through
// it. A voxel that both lungs would take stays background.
void closeLungs(const CoarseGrid& grid, std::vector<std::uint8_t>& labels, const Mask& allowed,
                double radiusMm, double maxHoleAreaMm2) {
    const GridShape& shape = grid.shape;
    const auto maxHolePixels = static_cast<std::size_t>(maxHoleAreaMm2 / (grid.spacing[0] * grid.spacing[1]));
    std::array<Mask, 2> grown;
    for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
        Mask& lung = grown[label - 1u];
        lung.resize(shape.voxelCount());
        for (std::size_t i = 0; i < lung.size(); ++i) {
            lung[i] = labels[i] == label ? 1 : 0;
        }
        tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
            closeWithDisk2d(lung.data() + z * shape.sliceSize(), shape.nx, shape.ny, grid.spacing[0],
                            grid.spacing[1], radiusMm);
        });
        fillHoles3d(shape, lung.data());
        tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
            fillHoles2d(lung.data() + z * shape.sliceSize(), shape.nx, shape.ny, maxHolePixels);
        });
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] != 0 || allowed[i] == 0) continue;
        if (grown[0][i] != 0 && grown[1][i] == 0) {
            labels[i] = kRightLungLabel;
        } else if (grown[1][i] != 0 && grown[0][i] == 0) {
            labels[i] = kLeftLungLabel;
        }
    }
}

// Per slice, fills the holes of up to `maxHolePixels` of each lung within its
// bounding box; only background pixels change.
void fillLungHoles(const GridShape& shape, std::vector<std::uint8_t>& labels, std::size_t maxHolePixels) {
    tbb::parallel_for(std::size_t{0}, shape.nz, [&](std::size_t z) {
        std::uint8_t* slice = labels.data() + z * shape.sliceSize();
        for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
            std::size_t minX = shape.nx, maxX = 0, minY = shape.ny, maxY = 0;
            for (std::size_t y = 0; y < shape.ny; ++y) {
                for (std::size_t x = 0; x < shape.nx; ++x) {
                    if (slice[x + shape.nx * y] == label) {
                        minX = std::min(minX, x);
                        maxX = std::max(maxX, x);
                        minY = std::min(minY, y);
                        maxY = std::max(maxY, y);
                    }
                }
            }
            if (minX > maxX) continue;
            const std::size_t width = maxX - minX + 1;
            const std::size_t height = maxY - minY + 1;
            Mask box(width * height);
            for (std::size_t y = 0; y < height; ++y) {
                for (std::size_t x = 0; x < width; ++x) {
                    box[x + width * y] = slice[minX + x + shape.nx * (minY + y)] == label ? 1 : 0;
                }
            }
            fillHoles2d(box.data(), width, height, maxHolePixels);
            for (std::size_t y = 0; y < height; ++y) {
                for (std::size_t x = 0; x < width; ++x) {
                    std::uint8_t& pixel = slice[minX + x + shape.nx * (minY + y)];
                    if (pixel == 0 && box[x + width * y] != 0) pixel = label;
                }
            }
        }
    });
}

LungSegmentation segmentWorkingVolume(const image::ImageVolume& ct, const std::string& source,
                                      const SegmentationSettings& settings) {
    StepTimer timer;
    const auto airThreshold = static_cast<float>(settings.airThresholdHu);

    // Coarse grid of block means.
    const std::array<std::size_t, 3> factor = coarseningFactors(ct.geometry.spacing);
    const CoarseGrid grid = downsampleBlockMean(ct, factor, kAirFloorHu);
    const GridShape& shape = grid.shape;
    spdlog::debug("segment: coarse grid {}x{}x{} (blocks {}x{}x{})", shape.nx, shape.ny, shape.nz, factor[0],
                  factor[1], factor[2]);
    timer.lap("block means");

    const BodyMasks masks = findBody(grid, airThreshold);
    timer.lap("body");

    // Trachea and main bronchi leave the candidate air.
    const AirwayResult airway = findAirways(grid, masks.insideAir, masks.body, AirwaySettings{});
    if (airway.found) {
        spdlog::debug("segment: trachea {:.0f} mm2 at z = {:.1f} mm, carina {}", airway.tracheaAreaMm2,
                      airway.tracheaTopMm,
                      airway.carinaFound ? fmt::format("at z = {:.1f} mm", airway.carinaMm) : "not reached");
    } else {
        spdlog::debug("segment: no trachea found in the top slices");
    }
    Mask candidate = masks.insideAir;
    for (std::size_t i = 0; i < candidate.size(); ++i) {
        if (airway.mask[i] != 0) candidate[i] = 0;
    }
    timer.lap("airways");

    LungSelection selection = selectLungs(grid, candidate, masks.body, settings, source);
    timer.lap("lung selection");

    // Dense lesions at the lung edge, vessels and nodules go into the lungs.
    Mask allowed(shape.voxelCount());
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        allowed[i] = masks.body[i] != 0 && airway.mask[i] == 0 ? 1 : 0;
    }
    closeLungs(grid, selection.labels, allowed, settings.closingRadiusMm, settings.maxHoleAreaMm2);
    for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
        keepLargestComponent(shape, selection.labels.data(), label);
    }
    timer.lap("closing");

    // Full-resolution boundaries.
    Mask blocked(shape.voxelCount());
    for (std::size_t i = 0; i < blocked.size(); ++i) {
        blocked[i] = 1 - allowed[i];
    }
    const CoarseLabels coarse{&grid, &selection.labels, &masks.air, &blocked};
    LungSegmentation result;
    result.labels.geometry = ct.geometry;
    result.labels.data = refineToFullResolution(ct, coarse, airThreshold);
    timer.lap("refine");
    const GridShape fineShape{ct.geometry.size[0], ct.geometry.size[1], ct.geometry.size[2]};
    const auto maxFineHolePixels =
        static_cast<std::size_t>(settings.maxHoleAreaMm2 / (ct.geometry.spacing[0] * ct.geometry.spacing[1]));
    fillLungHoles(fineShape, result.labels.data, maxFineHolePixels);
    timer.lap("fill");
    for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
        keepLargestComponent(fineShape, result.labels.data.data(), label);
    }
    timer.lap("full-resolution boundaries");

    result.report.tracheaFound = airway.found;
    result.report.lungsTouched = selection.touched;
    result.report.junctionErosionMm = selection.erosionMm;
    return result;
}

}  // namespace

void checkSegmentationInput(const image::ImageVolume& ct, const std::string& modality,
                            const std::string& source) {
    if (!modality.empty() && modality != "CT") {
        throw InputError(fmt::format(
            "'{}' has DICOM Modality '{}', but lung segmentation needs a CT series; give the CT series "
            "(with --series UID when the folder holds several)",
            source, modality));
    }
    const int sliceAxis = sliceAxisOf(ct.geometry);
    if (ct.data.empty() || ct.geometry.size[static_cast<std::size_t>(sliceAxis)] < 2) {
        throw InputError(
            fmt::format("'{}' has a single slice ({}x{}x{} voxels); lung segmentation needs a CT volume of "
                        "at least 2 slices",
                        source, ct.geometry.size[0], ct.geometry.size[1], ct.geometry.size[2]));
    }
    const double minimum = *std::min_element(ct.data.begin(), ct.data.end());
    if (minimum >= 0.0) {
        throw InputError(fmt::format(
            "'{}' has minimum value {} but CT in Hounsfield units has air near -1000; check the rescale "
            "slope and intercept (DICOM tags 0028,1053 and 0028,1052) or convert the image to HU",
            source, minimum));
    }
}

LungSegmentation segmentLungs(const image::ImageVolume& ct, const std::string& source,
                              const SegmentationSettings& settings) {
    // The steps work slice by slice along the array's last axis, so put the
    // axis closest to head-foot there.
    const int sliceAxis = sliceAxisOf(ct.geometry);
    LungSegmentation result;
    if (sliceAxis == 2) {
        result = segmentWorkingVolume(ct, source, settings);
    } else {
        const std::array<int, 3> order =
            sliceAxis == 0 ? std::array<int, 3>{1, 2, 0} : std::array<int, 3>{0, 2, 1};
        spdlog::debug("segment: slices are stacked along array axis {}; reordering axes", sliceAxis);
        result = segmentWorkingVolume(permuteAxes(ct, order), source, settings);
        std::array<int, 3> inverse{};
        for (int k = 0; k < 3; ++k) inverse[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = k;
        result.labels = permuteAxes(result.labels, inverse);
        result.labels.geometry = ct.geometry;
    }
    result.report.volumesMl = lungVolumesMl(result.labels);
    return result;
}

std::array<double, 2> lungVolumesMl(const LabelMap& labels) {
    std::array<std::size_t, 2> counts{0, 0};
    for (std::uint8_t value : labels.data) {
        if (value == kRightLungLabel) ++counts[0];
        if (value == kLeftLungLabel) ++counts[1];
    }
    const auto& spacing = labels.geometry.spacing;
    const double voxelMl = spacing[0] * spacing[1] * spacing[2] / 1000.0;
    return {static_cast<double>(counts[0]) * voxelMl, static_cast<double>(counts[1]) * voxelMl};
}

}  // namespace pulmorad::segmentation

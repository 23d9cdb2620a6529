#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "image/volume.h"

namespace pulmorad::segmentation {

/// Lung labels as lungmask writes them: the patient's right and left lung.
inline constexpr std::uint8_t kRightLungLabel = 1;
inline constexpr std::uint8_t kLeftLungLabel = 2;

/// Label map on the CT's grid: 0 background, 1 right lung, 2 left lung.
using LabelMap = image::Volume<std::uint8_t>;

/// Settings of the classical lung segmentation. The defaults suit adult
/// chest CT with slices from 0.6 to 8 mm.
struct SegmentationSettings {
    double airThresholdHu = -300.0;      ///< lung parenchyma and air are below this; also the body threshold
    double closingRadiusMm = 8.0;        ///< 2D closing per lung that takes in dense lesions at the lung edge
    double maxHoleAreaMm2 = 400.0;       ///< largest 2D hole per slice filled (about a 22 mm nodule)
    double minLungAreaMm2 = 500.0;       ///< smallest largest-slice area of a lung
    double maxJunctionErosionMm = 24.0;  ///< deepest erosion tried to split lungs that touch
};

/// Summary of one segmentation, for logs and the QC figure.
struct SegmentationReport {
    std::array<double, 2> volumesMl{0.0, 0.0};  ///< right, left
    bool tracheaFound = false;
    bool lungsTouched = false;       ///< the lungs formed one component and were split
    double junctionErosionMm = 0.0;  ///< erosion depth that split them
};

/// Result of segmentLungs().
struct LungSegmentation {
    LabelMap labels;
    SegmentationReport report;
};

/// Checks that a CT can be segmented and throws InputError naming `source`
/// otherwise: a DICOM modality other than CT (an empty modality is
/// accepted), a single slice, or values that are clearly not Hounsfield
/// units (minimum >= 0, the sign of a missing rescale intercept).
void checkSegmentationInput(const image::ImageVolume& ct, const std::string& modality,
                            const std::string& source);

/// Segments the lungs of a chest CT in HU. The method works on arrays:
///  - block means on a grid of about 1.4 x 1.4 x 2.5 mm for the coarse steps;
///  - body = largest 3D component above the air threshold, holes filled per
///    slice; candidate lung = air inside the body;
///  - trachea and main bronchi found from the top slices and removed;
///  - the largest air components on the patient's two sides kept as lungs,
///    split by erosion and geodesic regrowth when they touch;
///  - per lung and slice a disk closing and hole filling, so vessels,
///    nodules and dense disease at the edge stay inside;
///  - full-resolution boundaries from the CT's own voxels, each lung reduced
///    to its largest 6-connected component.
/// Labels are 1 for the patient's right lung (lower LPS x) and 2 for the
/// left, decided in physical space. Throws InputError naming `source` when
/// no lung is found.
LungSegmentation segmentLungs(const image::ImageVolume& ct, const std::string& source,
                              const SegmentationSettings& settings = {});

/// Volumes in mL of labels 1 and 2: voxel count times voxel volume.
std::array<double, 2> lungVolumesMl(const LabelMap& labels);

}  // namespace pulmorad::segmentation

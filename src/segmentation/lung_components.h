#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "segmentation/coarse_grid.h"
#include "segmentation/grid_mask.h"
#include "segmentation/lung_segmentation.h"

namespace pulmorad::segmentation {

/// Lungs chosen among the candidate air components on the coarse grid.
struct LungSelection {
    std::vector<std::uint8_t> labels;  ///< 0, kRightLungLabel or kLeftLungLabel per coarse voxel
    bool touched = false;              ///< both lungs were one component
    double erosionMm = 0.0;            ///< erosion depth that separated them
    int lungCount = 0;
};

/// Chooses the lungs among the 6-connected components of `candidate` (air
/// inside the body, airways removed). The largest component is a lung. When
/// more than 15% of it lies on each side of the body's left-right centre, it
/// contains both lungs and is split. Otherwise the other lung is the largest component
/// centred on the opposite side that overlaps the first lung in height, which
/// leaves out bowel and stomach gas below the lungs. Labels follow the
/// physical x of each lung's centroid. Throws InputError naming `source`
/// when no component reaches the minimum lung area in any slice.
LungSelection selectLungs(const CoarseGrid& grid, const Mask& candidate, const Mask& body,
                          const SegmentationSettings& settings, const std::string& source);

}  // namespace pulmorad::segmentation

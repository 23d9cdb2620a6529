#pragma once

#include <cstddef>

#include "segmentation/coarse_grid.h"
#include "segmentation/grid_mask.h"

namespace pulmorad::segmentation {

/// Settings of the trachea and main-bronchus search on the coarse grid.
struct AirwaySettings {
    double airwayThresholdHu = -900.0;  ///< lumen voxels are below this
    double minTracheaAreaMm2 = 80.0;    ///< about 10 mm diameter
    double maxTracheaAreaMm2 = 800.0;   ///< about 32 mm diameter
    double maxMidlineOffsetMm = 30.0;   ///< trachea centre to body centre, left-right
    double searchFraction = 0.4;        ///< of the slices, from the top, searched for the trachea
    double minTrackedLengthMm = 15.0;   ///< a trachea candidate must be followed this far
    double leakAreaFactor = 1.6;     ///< a slice's airway section above this times the trachea area is a leak
    double bronchusLengthMm = 30.0;  ///< followed below the carina
    double dilationMm = 2.0;         ///< margin for the airway wall
};

/// Trachea and main bronchi found on the coarse grid.
struct AirwayResult {
    Mask mask;  ///< airway lumen, dilated by the wall margin
    bool found = false;
    double tracheaAreaMm2 = 0.0;
    double tracheaTopMm = 0.0;  ///< physical z of the slice where the trachea was found
    double carinaMm = 0.0;      ///< physical z where the airway first splits (0 when not reached)
    bool carinaFound = false;
};

/// Finds the trachea as a round air section near the body's left-right centre
/// in the top slices, and follows it slice by slice towards the feet through
/// the sections below `airwayThresholdHu` that overlap it. A section much
/// larger than the trachea is a leak into the lung and ends that branch;
/// branches end `bronchusLengthMm` below the carina.
/// `insideAir`: air inside the body; `body`: the body with holes filled.
AirwayResult findAirways(const CoarseGrid& grid, const Mask& insideAir, const Mask& body,
                         const AirwaySettings& settings);

}  // namespace pulmorad::segmentation

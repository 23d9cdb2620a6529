#include "radiomics/features/texture_angles.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/errors.h"

namespace pulmorad::radiomics {

std::vector<NeighbourOffset> generateAngles(const std::array<std::size_t, 3>& size,
                                            const std::vector<int>& distances, bool bidirectional,
                                            bool force2D, int force2Ddimension) {
    requireInput(!distances.empty(), "setting distances is empty; give at least one distance, e.g. [1]");
    int maxDistance = 0;
    for (std::size_t k = 0; k < distances.size(); ++k) {
        requireInput(distances[k] >= 1, "setting distances contains " + std::to_string(distances[k]) +
                                            "; distances must be integers >= 1");
        requireInput(
            std::count(distances.begin(), distances.end(), distances[k]) == 1,
            "setting distances lists " + std::to_string(distances[k]) + " more than once; list each once");
        maxDistance = std::max(maxDistance, distances[k]);
    }
    if (force2D) {
        requireInput(force2Ddimension >= 0 && force2Ddimension <= 2,
                     "setting force2Ddimension is " + std::to_string(force2Ddimension) +
                         "; use 0 (axial), 1 (coronal) or 2 (sagittal)");
    }

    // numpy axis order (z, y, x): numpy axis a is our axis 2 - a.
    const int excludedAxis = force2D ? 2 - force2Ddimension : -1;
    const auto allowed = [&](int offset, int axis) {
        const auto extent = static_cast<long long>(size[static_cast<std::size_t>(axis)]);
        return (axis != excludedAxis || offset == 0) && offset < extent && -offset < extent;
    };

    std::vector<NeighbourOffset> offsets;
    for (int dz = maxDistance; dz >= -maxDistance; --dz) {
        if (!allowed(dz, 2)) continue;
        for (int dy = maxDistance; dy >= -maxDistance; --dy) {
            if (!allowed(dy, 1)) continue;
            for (int dx = maxDistance; dx >= -maxDistance; --dx) {
                if (!allowed(dx, 0)) continue;
                const int norm = std::max({std::abs(dx), std::abs(dy), std::abs(dz)});
                if (norm == 0 || std::find(distances.begin(), distances.end(), norm) == distances.end())
                    continue;
                offsets.push_back({dx, dy, dz});
            }
        }
    }
    // The set is symmetric and enumerated from +max to -max, so its first
    // half contains exactly the offsets whose first non-zero (z, y, x) component is positive.
    if (!bidirectional) {
        offsets.resize(offsets.size() / 2);
    }
    requireInput(!offsets.empty(), "the ROI grid of " + std::to_string(size[0]) + " x " +
                                       std::to_string(size[1]) + " x " + std::to_string(size[2]) +
                                       " voxels leaves no neighbour offset for the requested distances; "
                                       "texture features need an ROI larger than one voxel");
    return offsets;
}

double offsetDistance(const NeighbourOffset& offset, const std::array<double, 3>& spacing,
                      const std::string& norm) {
    const double ax = std::abs(offset.x) * spacing[0];
    const double ay = std::abs(offset.y) * spacing[1];
    const double az = std::abs(offset.z) * spacing[2];
    // PyRadiomics sums in numpy axis order (z, y, x); keep that order for identical rounding.
    if (norm == "infinity") return std::max({az, ay, ax});
    if (norm == "euclidean") return std::sqrt(az * az + ay * ay + ax * ax);
    if (norm == "manhattan") return az + ay + ax;
    if (norm == "no_weighting") return 1.0;
    throw InputError("setting weightingNorm is '" + norm +
                     "'; use manhattan, euclidean, infinity or no_weighting, or leave it unset");
}

}  // namespace pulmorad::radiomics

#pragma once

#include <string>

#include "image/volume.h"
#include "radiomics/mask.h"
#include "radiomics/settings.h"

namespace pulmorad::radiomics {

/// Normalises the whole image (every voxel, not only the ROI) as PyRadiomics'
/// normalizeImage does with SimpleITK's Normalize:
/// \f[ f(x) = s \cdot \operatorname{clip}\!\left(\frac{x - \mu}{\sigma}, -n, n\right) \f]
/// with the image mean \f$\mu\f$, the sample standard deviation \f$\sigma\f$
/// (denominator \f$N - 1\f$, as ITK's StatisticsImageFilter), `normalizeScale`
/// \f$s\f$ and `removeOutliers` \f$n\f$ (no clipping when unset).
void normalizeImage(image::ImageVolume& image, const PreprocessingSettings& settings);

/// Removes ROI voxels whose intensity lies outside the closed range given by
/// `resegmentRange` (one threshold: lower bound only), read according to
/// `resegmentMode`: absolute intensities, fractions of the ROI maximum
/// (relative), or multiples of the ROI's population standard deviation around
/// its mean (sigma). Throws InputError when at most one voxel remains.
RoiMask resegmentMask(const image::ImageVolume& image, const RoiMask& roi,
                      const PreprocessingSettings& settings, const std::string& maskName);

}  // namespace pulmorad::radiomics

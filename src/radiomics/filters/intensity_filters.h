#pragma once

#include "image/volume.h"

namespace pulmorad::radiomics::filters {

// Voxel-wise intensity transforms of PyRadiomics 3.1 (getSquareImage,
// getSquareRootImage, getLogarithmImage, getExponentialImage). Each rescales
// with \f$ M = \max_{\mathbf{x}} |I(\mathbf{x})| \f$ taken over the whole image
// it is given (for the extractor, the padded ROI bounding box), so the output
// keeps the input's range. Each throws InputError when it is undefined for
// the image (M = 0 where it divides by M).

/// \f[ f(x) = (c x)^2, \quad c = 1 / \sqrt{M} \f]
image::ImageVolume squareImage(const image::ImageVolume& image);

/// \f[ f(x) = \operatorname{sign}(x) \sqrt{|x| M} \f]
image::ImageVolume squareRootImage(const image::ImageVolume& image);

/// \f[ f(x) = \operatorname{sign}(x) \log(|x| + 1) \cdot \frac{M}{\log(M + 1)} \f]
image::ImageVolume logarithmImage(const image::ImageVolume& image);

/// \f[ f(x) = e^{c x}, \quad c = \log(M) / M \f]
image::ImageVolume exponentialImage(const image::ImageVolume& image);

}  // namespace pulmorad::radiomics::filters

#pragma once

#include "image/volume.h"

namespace pulmorad::image::filters {

/// Computes the gradient magnitude of `image` with ITK's
/// GradientMagnitudeImageFilter (central differences, the edge value repeated
/// beyond the border), as PyRadiomics 3.1's Gradient image type does:
/// \f[ |\nabla I|(\mathbf{x}) = \sqrt{\sum_{a} \left(\frac{I(\mathbf{x} + e_a) - I(\mathbf{x} - e_a)}{2
/// s_a}\right)^2} \f] with \f$s_a\f$ the spacing along axis a when `useImageSpacing` is true and 1 otherwise.
ImageVolume gradientMagnitude(const ImageVolume& image, bool useImageSpacing);

}  // namespace pulmorad::image::filters

#pragma once

#include <memory>
#include <vector>

#include "radiomics/image_type.h"

namespace pulmorad::radiomics {

/// Every filter image type (LoG, Wavelet, Square, SquareRoot, Logarithm,
/// Exponential, Gradient, LBP2D, LBP3D), in PyRadiomics' order. "Original"
/// is registered by the engine, not here.
std::vector<std::unique_ptr<ImageType>> makeFilterImageTypes();

}  // namespace pulmorad::radiomics

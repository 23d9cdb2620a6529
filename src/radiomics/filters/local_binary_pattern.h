#pragma once

#include <string>

#include "image/volume.h"

namespace pulmorad::radiomics::filters {

/// LBP code definitions of scikit-image's local_binary_pattern.
enum class LbpMethod { defaultCode, rotationInvariant, uniform, nonRotationInvariantUniform, variance };

/// Returns the method named as in scikit-image ("default", "ror", "uniform",
/// "nri_uniform", "var"); throws InputError for another name.
LbpMethod lbpMethodFromName(const std::string& name);

/// Computes the 2D local binary pattern of each slice of `image` normal to
/// numpy axis `normalAxis` (PyRadiomics' force2Ddimension: 0 = axial slices,
/// rows y and columns x; 1 = rows z, columns x; 2 = rows y, columns z), as
/// PyRadiomics 3.1's getLBP2DImage does with scikit-image 0.19's
/// local_binary_pattern. Neighbour p of P lies at row offset
/// \f$-R\sin(2\pi p/P)\f$ and column offset \f$R\cos(2\pi p/P)\f$ (both
/// rounded to 5 decimals), is bilinearly interpolated with 0 outside the
/// slice, and sets bit p when it is at least the centre value:
/// \f[ \mathrm{LBP} = \sum_{p=0}^{P-1} s(g_p - g_c)\, 2^p \f]
/// for "default"; "uniform" counts the set bits when at most two of the
/// P - 1 neighbouring bit pairs differ and is P + 1 otherwise.
image::ImageVolume localBinaryPattern2D(const image::ImageVolume& image, double radius, int samples,
                                        LbpMethod method, int normalAxis);

}  // namespace pulmorad::radiomics::filters

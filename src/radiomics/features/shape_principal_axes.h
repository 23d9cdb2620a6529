#pragma once

#include <array>
#include <cstddef>

#include "radiomics/features/marching_cubes.h"

namespace pulmorad::radiomics {

/// Eigenvalues of the covariance of the physical voxel-centre coordinates of
/// a mask, smallest first, as PyRadiomics computes them for MajorAxisLength
/// and its relatives:
/// \f[ \Sigma = \frac{1}{N_v} \sum_{k=1}^{N_v} (\mathbf{x}_k - \bar{\mathbf{x}})(\mathbf{x}_k -
/// \bar{\mathbf{x}})^T \f] with \f$\mathbf{x}_k\f$ = voxel index times spacing. Eigenvalues in
/// (-1e-10, 0), rounding errors of flat masks, are set to 0 as PyRadiomics
/// does; more negative ones are kept (the features then give NaN).
template <std::size_t Dimensions>
std::array<double, Dimensions> principalMoments(const BinaryGrid<Dimensions>& mask);

extern template std::array<double, 2> principalMoments<2>(const BinaryGrid<2>& mask);
extern template std::array<double, 3> principalMoments<3>(const BinaryGrid<3>& mask);

}  // namespace pulmorad::radiomics

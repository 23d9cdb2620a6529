#pragma once

#include "radiomics/features/feature_class.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// \file
/// Neighbouring Gray Tone Difference Matrix (NGTDM) features with PyRadiomics 3.1 semantics.
///
/// Notation:
/// - The neighbourhood of an ROI voxel is the set of ROI voxels at the offsets of infinity norm in
///   `distances` (26 for distance 1 in 3D, 8 with force2D). Neighbours outside the grid or the ROI are
///   left out. \f$\bar{A}\f$ is the mean gray level of the neighbourhood.
/// - \f$n_i\f$: number of ROI voxels with gray level i. As in PyRadiomics, a voxel without any ROI
///   neighbour still counts, with a difference of 0 (IBSI leaves such voxels out).
/// - \f$s_i = \sum_{\text{voxels with level } i}|i-\bar{A}|\f$, accumulated in memory order.
/// - \f$N_{v,p} = \sum_i n_i\f$, \f$p_i = n_i/N_{v,p}\f$, \f$N_{g,p}\f$: the number of gray levels with
///   \f$p_i \neq 0\f$. Sums over i and j run over those levels only.
///
/// Features (PyRadiomics name: formula, IBSI name and code):
/// - Coarseness: \f$1/\sum_i p_i s_i\f$, or \f$10^6\f$ when the sum is 0. IBSI: Coarseness (QCDE).
/// - Contrast: \f$\left(\frac{1}{N_{g,p}(N_{g,p}-1)}\sum_{i,j}p_ip_j(i-j)^2\right)
///   \left(\frac{1}{N_{v,p}}\sum_i s_i\right)\f$, 0 when \f$N_{g,p} = 1\f$. IBSI: Contrast (65HE).
/// - Busyness: \f$\frac{\sum_i p_is_i}{\sum_{i,j}|ip_i - jp_j|}\f$, 0 when the denominator is 0.
///   IBSI: Busyness (NQ30).
/// - Complexity: \f$\frac{1}{N_{v,p}}\sum_{i,j}|i-j|\frac{p_is_i+p_js_j}{p_i+p_j}\f$. IBSI: Complexity
/// (HDEZ).
/// - Strength: \f$\frac{\sum_{i,j}(p_i+p_j)(i-j)^2}{\sum_i s_i}\f$, 0 when \f$\sum_i s_i = 0\f$.
///   IBSI: Strength (1X9X).
std::unique_ptr<FeatureClass> makeNgtdmClass();

/// PyRadiomics' NGTDM (P_ngtdm) for `roi`: one row per gray level present with columns
/// \f$(n_i, s_i, i)\f$. Shape {levels, 3}, C order.
TextureMatrix computeNgtdmMatrix(const RoiData& roi, const FeatureSettings& settings);

}  // namespace pulmorad::radiomics

#pragma once

#include "radiomics/features/feature_class.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// \file
/// Gray Level Dependence Matrix (GLDM) features with PyRadiomics 3.1 semantics; IBSI calls the
/// matrix the neighbouring grey level dependence matrix (NGLDM).
///
/// Notation:
/// - The neighbours of a voxel are the ROI voxels at the offsets of infinity norm in `distances` (26
///   for distance 1 in 3D, 8 with force2D). A neighbour with gray level j depends on a centre voxel
///   with gray level i when \f$|i-j| \le \alpha\f$ (setting gldm_a).
/// - \f$\textbf{P}(i,j)\f$: number of ROI voxels with gray level i and j - 1 dependent neighbours, so
///   j counts the centre voxel too, as in IBSI. Rows are the gray levels present, columns the
///   dependence sizes present.
/// - \f$N_z = N_p\f$, the number of ROI voxels (every voxel has a dependence zone);
///   \f$p(i,j) = \textbf{P}(i,j)/N_z\f$, \f$p_g(i) = \sum_j p(i,j)\f$, \f$p_d(j) = \sum_i p(i,j)\f$,
///   \f$\epsilon\f$ = 2.220446049250313e-16.
///
/// Features (PyRadiomics name: formula, IBSI name and code):
/// - SmallDependenceEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/j^2 \,/\, N_z\f$. IBSI: Low dependence emphasis
/// (SODN).
/// - LargeDependenceEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)j^2 \,/\, N_z\f$. IBSI: High dependence emphasis
/// (IMOQ).
/// - GrayLevelNonUniformity: \f$\sum_i(\sum_j\textbf{P}(i,j))^2 \,/\, N_z\f$. IBSI: Grey level
///   non-uniformity (FP8K).
/// - DependenceNonUniformity: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_z\f$. IBSI: Dependence count
///   non-uniformity (Z87G).
/// - DependenceNonUniformityNormalized: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_z^2\f$. IBSI:
///   Dependence count non-uniformity normalised (OKJI).
/// - GrayLevelVariance: \f$\sum_i p_g(i)(i-\mu)^2\f$, \f$\mu = \sum_i p_g(i)\,i\f$. IBSI: Grey level
///   variance (1PFV).
/// - DependenceVariance: \f$\sum_j p_d(j)(j-\mu)^2\f$, \f$\mu = \sum_j p_d(j)\,j\f$. IBSI: Dependence count
///   variance (DNX2).
/// - DependenceEntropy: \f$-\sum_{i,j}p(i,j)\log_2(p(i,j)+\epsilon)\f$. IBSI: Dependence count entropy
/// (FCBV).
/// - LowGrayLevelEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/i^2 \,/\, N_z\f$. IBSI: Low grey level count
///   emphasis (TL9H).
/// - HighGrayLevelEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2 \,/\, N_z\f$. IBSI: High grey level count
///   emphasis (OAE7).
/// - SmallDependenceLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)}{i^2j^2} \,/\, N_z\f$. IBSI:
///   Low dependence low grey level emphasis (EQ3F).
/// - SmallDependenceHighGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)i^2}{j^2} \,/\, N_z\f$. IBSI:
///   Low dependence high grey level emphasis (JA6D).
/// - LargeDependenceLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)j^2}{i^2} \,/\, N_z\f$. IBSI:
///   High dependence low grey level emphasis (NBZI).
/// - LargeDependenceHighGrayLevelEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2j^2 \,/\, N_z\f$. IBSI: High
///   dependence high grey level emphasis (9QMG).
///
/// Deprecated in PyRadiomics, which computes no value for them: GrayLevelNonUniformityNormalized (equals
/// first-order Uniformity; IBSI 5SPA) and DependencePercentage (always 1; IBSI 6XV8). compute() logs a
/// warning and returns no value for them, as PyRadiomics does.
std::unique_ptr<FeatureClass> makeGldmClass();

/// PyRadiomics' GLDM (P_gldm) for `roi`: rows for the gray levels present, columns for the dependence
/// sizes present. Shape {levels, dependence sizes}, C order.
TextureMatrix computeGldmMatrix(const RoiData& roi, const FeatureSettings& settings);

}  // namespace pulmorad::radiomics

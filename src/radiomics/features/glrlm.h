#pragma once

#include "radiomics/features/feature_class.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// \file
/// Gray Level Run Length Matrix (GLRLM) features with PyRadiomics 3.1 semantics.
///
/// Notation:
/// - A run is a maximal line of consecutive ROI voxels with the same gray level along an angle
///   \f$\theta\f$ (the 13 unidirectional offsets of distance 1 in 3D, 4 with force2D). A voxel
///   outside the ROI or the grid ends a run.
/// - \f$\textbf{P}(i,j|\theta)\f$: number of runs with gray level i and length j along \f$\theta\f$.
///   Rows are the gray levels present in the ROI; columns the run lengths that occur along any angle.
/// - \f$N_r(\theta) = \sum_{i,j}\textbf{P}(i,j|\theta)\f$, the number of runs;
///   \f$N_p(\theta) = \sum_{i,j} j\,\textbf{P}(i,j|\theta)\f$, the number of voxels (the ROI size).
/// - \f$p(i,j|\theta) = \textbf{P}(i,j|\theta)/N_r(\theta)\f$; \f$p_g(i) = \sum_j p(i,j|\theta)\f$,
///   \f$p_r(j) = \sum_i p(i,j|\theta)\f$; \f$\epsilon\f$ = 2.220446049250313e-16.
///
/// PyRadiomics removes an angle along which no line holds two ROI voxels (a 2D ROI seen edge-on) and
/// every angle without runs, computes each feature per angle and averages the angles (numpy.nanmean),
/// which is IBSI's 3D:avg aggregation. With weightingNorm set, the matrices are summed with weight
/// \f$\|d\|\f$ (the offset length in mm under that norm; 1 for no_weighting) before the features are
/// computed from the single sum (IBSI has no such weighting).
///
/// Features (PyRadiomics name: formula, IBSI name and code), each divided by \f$N_r(\theta)\f$ where
/// written with \f$\textbf{P}\f$:
/// - ShortRunEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/j^2 \,/\, N_r\f$. IBSI: Short runs emphasis (22OV).
/// - LongRunEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)j^2 \,/\, N_r\f$. IBSI: Long runs emphasis (W4KF).
/// - GrayLevelNonUniformity: \f$\sum_i(\sum_j\textbf{P}(i,j))^2 \,/\, N_r\f$. IBSI: Grey level
///   non-uniformity (R5YN).
/// - GrayLevelNonUniformityNormalized: \f$\sum_i(\sum_j\textbf{P}(i,j))^2 \,/\, N_r^2\f$. IBSI:
///   Normalised grey level non-uniformity (OVBL).
/// - RunLengthNonUniformity: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_r\f$. IBSI: Run length
///   non-uniformity (W92Y).
/// - RunLengthNonUniformityNormalized: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_r^2\f$. IBSI:
///   Normalised run length non-uniformity (IC23).
/// - RunPercentage: \f$N_r / N_p\f$. IBSI: Run percentage (9ZK5).
/// - GrayLevelVariance: \f$\sum_i p_g(i)(i-\mu)^2\f$, \f$\mu = \sum_i p_g(i)\,i\f$. IBSI: Grey level
///   variance (8CE5).
/// - RunVariance: \f$\sum_j p_r(j)(j-\mu)^2\f$, \f$\mu = \sum_j p_r(j)\,j\f$. IBSI: Run length variance
/// (SXLW).
/// - RunEntropy: \f$-\sum_{i,j} p(i,j)\log_2(p(i,j)+\epsilon)\f$. IBSI: Run entropy (HJ9O).
/// - LowGrayLevelRunEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/i^2 \,/\, N_r\f$. IBSI: Low grey level run
///   emphasis (V3SW).
/// - HighGrayLevelRunEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2 \,/\, N_r\f$. IBSI: High grey level run
///   emphasis (G3QZ).
/// - ShortRunLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)}{i^2j^2} \,/\, N_r\f$. IBSI: Short
///   run low grey level emphasis (HTZT).
/// - ShortRunHighGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)i^2}{j^2} \,/\, N_r\f$. IBSI: Short
///   run high grey level emphasis (GD3A).
/// - LongRunLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)j^2}{i^2} \,/\, N_r\f$. IBSI: Long run
///   low grey level emphasis (IVPO).
/// - LongRunHighGrayLevelEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2j^2 \,/\, N_r\f$. IBSI: Long run high
///   grey level emphasis (3KUM).
std::unique_ptr<FeatureClass> makeGlrlmClass();

/// PyRadiomics' GLRLM (P_glrlm) for `roi`: run counts with rows for the gray levels present in the
/// ROI, columns for the run lengths present, and one slice per remaining angle (one when
/// weightingNorm is set). Shape {levels, run lengths, angles}, C order. The run-length axis is sized
/// by the longest run found, not by the grid.
TextureMatrix computeGlrlmMatrix(const RoiData& roi, const FeatureSettings& settings);

}  // namespace pulmorad::radiomics

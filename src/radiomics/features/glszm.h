#pragma once

#include <cstddef>
#include <vector>

#include "radiomics/features/feature_class.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// \file
/// Gray Level Size Zone Matrix (GLSZM) features with PyRadiomics 3.1 semantics.
///
/// Notation:
/// - A zone is a connected set of ROI voxels with the same gray level. Voxels connect when their
///   offset has infinity norm 1: 26-connectivity in 3D, 8-connectivity within the plane with force2D.
///   `distances` does not change the connectivity, as in PyRadiomics.
/// - \f$\textbf{P}(i,j)\f$: number of zones with gray level i and size j voxels; rows are the gray
///   levels present in the ROI, columns the zone sizes present.
/// - \f$N_z = \sum_{i,j}\textbf{P}(i,j)\f$ zones, \f$N_p\f$ ROI voxels,
///   \f$p(i,j) = \textbf{P}(i,j)/N_z\f$, \f$p_g(i) = \sum_j p(i,j)\f$, \f$p_s(j) = \sum_i p(i,j)\f$,
///   \f$\epsilon\f$ = 2.220446049250313e-16.
///
/// One matrix covers all directions, so there is no averaging. Zones are labelled by union-find in one
/// pass over the grid and stored sparsely, so a zone of millions of voxels costs no dense column range.
///
/// Features (PyRadiomics name: formula, IBSI name and code):
/// - SmallAreaEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/j^2 \,/\, N_z\f$. IBSI: Small zone emphasis (5QRC).
/// - LargeAreaEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)j^2 \,/\, N_z\f$. IBSI: Large zone emphasis (48P8).
/// - GrayLevelNonUniformity: \f$\sum_i(\sum_j\textbf{P}(i,j))^2 \,/\, N_z\f$. IBSI: Grey level
///   non-uniformity (JNSA).
/// - GrayLevelNonUniformityNormalized: \f$\sum_i(\sum_j\textbf{P}(i,j))^2 \,/\, N_z^2\f$. IBSI:
///   Normalised grey level non-uniformity (Y1RO).
/// - SizeZoneNonUniformity: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_z\f$. IBSI: Zone size
///   non-uniformity (4JP3).
/// - SizeZoneNonUniformityNormalized: \f$\sum_j(\sum_i\textbf{P}(i,j))^2 \,/\, N_z^2\f$. IBSI:
///   Normalised zone size non-uniformity (VB3A).
/// - ZonePercentage: \f$N_z/N_p\f$. IBSI: Zone percentage (P30P).
/// - GrayLevelVariance: \f$\sum_i p_g(i)(i-\mu)^2\f$, \f$\mu = \sum_i p_g(i)\,i\f$. IBSI: Grey level
///   variance (BYLV).
/// - ZoneVariance: \f$\sum_j p_s(j)(j-\mu)^2\f$, \f$\mu = \sum_j p_s(j)\,j\f$. IBSI: Zone size variance
/// (3NSA).
/// - ZoneEntropy: \f$-\sum_{i,j}p(i,j)\log_2(p(i,j)+\epsilon)\f$. IBSI: Zone size entropy (GU8N).
/// - LowGrayLevelZoneEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)/i^2 \,/\, N_z\f$. IBSI: Low grey level zone
///   emphasis (XMSY).
/// - HighGrayLevelZoneEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2 \,/\, N_z\f$. IBSI: High grey level zone
///   emphasis (5GN9).
/// - SmallAreaLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)}{i^2j^2} \,/\, N_z\f$. IBSI: Small
///   zone low grey level emphasis (5RAI).
/// - SmallAreaHighGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)i^2}{j^2} \,/\, N_z\f$. IBSI: Small
///   zone high grey level emphasis (HW1V).
/// - LargeAreaLowGrayLevelEmphasis: \f$\sum_{i,j}\frac{\textbf{P}(i,j)j^2}{i^2} \,/\, N_z\f$. IBSI: Large
///   zone low grey level emphasis (YH51).
/// - LargeAreaHighGrayLevelEmphasis: \f$\sum_{i,j}\textbf{P}(i,j)i^2j^2 \,/\, N_z\f$. IBSI: Large zone
///   high grey level emphasis (J17V).
std::unique_ptr<FeatureClass> makeGlszmClass();

/// One non-zero GLSZM element.
struct ZoneCount {
    int grayLevel = 0;
    std::size_t size = 0;  ///< voxels in the zone
    double count = 0.0;    ///< zones with this gray level and size
};

/// The GLSZM of `roi` as its non-zero elements, ordered by gray level, then size.
std::vector<ZoneCount> computeGlszmZones(const RoiData& roi, const FeatureSettings& settings);

/// PyRadiomics' dense GLSZM (P_glszm): rows for the gray levels present in the ROI, columns for the
/// zone sizes present. Shape {levels, sizes}, C order. Meant for small ROIs and tests; the features
/// use the sparse form.
TextureMatrix computeGlszmMatrix(const RoiData& roi, const FeatureSettings& settings);

}  // namespace pulmorad::radiomics

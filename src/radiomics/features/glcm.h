#pragma once

#include "radiomics/features/feature_class.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

/// \file
/// Gray Level Co-occurrence Matrix (GLCM) features with PyRadiomics 3.1 semantics.
///
/// Notation (one block for the whole class):
/// - \f$\textbf{P}(i,j|\delta,\theta)\f$: number of ROI voxel pairs with gray levels i (centre) and j
///   (neighbour at offset \f$\theta\f$ of infinity-norm distance \f$\delta\f$), both inside the ROI.
///   With symmetricalGLCM (default) \f$\textbf{P} + \textbf{P}^T\f$ is used.
/// - \f$p(i,j) = \textbf{P}(i,j) / \sum\textbf{P}\f$, computed per angle.
/// - \f$N_g\f$: the highest gray level in the ROI; rows and columns of gray levels absent from the ROI
///   are removed, but \f$N_g\f$ keeps its value (it appears in IDMN, IDN and the k ranges below).
/// - \f$p_x(i) = \sum_j p(i,j)\f$, \f$p_y(j) = \sum_i p(i,j)\f$,
///   \f$\mu_x = \sum_{i,j} p(i,j)\,i\f$, \f$\mu_y = \sum_{i,j} p(i,j)\,j\f$,
///   \f$\sigma_x^2 = \sum_{i,j} p(i,j)(i-\mu_x)^2\f$, \f$\sigma_y^2 = \sum_{i,j} p(i,j)(j-\mu_y)^2\f$.
/// - \f$p_{x+y}(k) = \sum_{i+j=k} p(i,j)\f$ for \f$k = 2..2N_g\f$;
///   \f$p_{x-y}(k) = \sum_{|i-j|=k} p(i,j)\f$ for \f$k = 0..N_g-1\f$.
/// - \f$\epsilon\f$ = 2.220446049250313e-16 (numpy.spacing(1)).
/// - \f$HX = -\sum_i p_x(i)\log_2(p_x(i)+\epsilon)\f$, \f$HY\f$ likewise,
///   \f$HXY = -\sum_{i,j} p(i,j)\log_2(p(i,j)+\epsilon)\f$,
///   \f$HXY1 = -\sum_{i,j} p(i,j)\log_2(p_x(i)p_y(j)+\epsilon)\f$,
///   \f$HXY2 = -\sum_{i,j} p_x(i)p_y(j)\log_2(p_x(i)p_y(j)+\epsilon)\f$.
///
/// Angles: the 13 unidirectional offsets of distance 1 in 3D (more for larger `distances`, 4 with
/// force2D). A neighbour must lie inside the grid and the ROI. Angles whose matrix is empty are dropped.
/// Each feature is computed per angle and the angles are averaged (numpy.nanmean), which is IBSI's
/// "averaged over directions" (3D:avg) aggregation. With weightingNorm set, the matrices are first
/// summed with weights \f$w = e^{-\|d\|^2}\f$ (d: the offset in mm under that norm; 1 for
/// no_weighting) and the features come from that single matrix (IBSI has no such weighting).
///
/// Features (PyRadiomics name: formula, IBSI name and code):
/// - Autocorrelation: \f$\sum_{i,j} p(i,j)\,ij\f$. IBSI: Autocorrelation (QWB0).
/// - JointAverage: \f$\mu_x\f$. IBSI: Joint average (60VM). Assumes a symmetrical GLCM.
/// - ClusterProminence: \f$\sum_{i,j}(i+j-\mu_x-\mu_y)^4 p(i,j)\f$. IBSI: Cluster prominence (AE86).
/// - ClusterShade: \f$\sum_{i,j}(i+j-\mu_x-\mu_y)^3 p(i,j)\f$. IBSI: Cluster shade (7NFM).
/// - ClusterTendency: \f$\sum_{i,j}(i+j-\mu_x-\mu_y)^2 p(i,j)\f$. IBSI: Cluster tendency (DG8W).
/// - Contrast: \f$\sum_{i,j}(i-j)^2 p(i,j)\f$. IBSI: Contrast (ACUI).
/// - Correlation: \f$\frac{\sum_{i,j} p(i,j)(i-\mu_x)(j-\mu_y)}{\sigma_x\sigma_y+\epsilon}\f$, 1 for an
///   angle where \f$\sigma_x\sigma_y = 0\f$ (flat region). IBSI: Correlation (NI2N); IBSI has no
///   \f$\epsilon\f$ and no value for a flat region.
/// - DifferenceAverage: \f$DA = \sum_k k\,p_{x-y}(k)\f$. IBSI: Difference average (TF7R).
/// - DifferenceEntropy: \f$-\sum_k p_{x-y}(k)\log_2(p_{x-y}(k)+\epsilon)\f$. IBSI: Difference entropy (NTRS).
/// - DifferenceVariance: \f$\sum_k (k-DA)^2 p_{x-y}(k)\f$. IBSI: Difference variance (D3YU).
/// - JointEnergy: \f$\sum_{i,j} p(i,j)^2\f$. IBSI: Angular second moment (8ZQL).
/// - JointEntropy: \f$HXY\f$. IBSI: Joint entropy (TU9B).
/// - Imc1: \f$\frac{HXY-HXY1}{\max(HX,HY)}\f$, 0 where \f$\max(HX,HY)=0\f$. IBSI: First measure of
///   information correlation (R8DG).
/// - Imc2: \f$\sqrt{1-e^{-2(HXY2-HXY)}}\f$, 0 where \f$HXY2=HXY\f$; an angle where rounding makes the
///   radicand negative gives NaN and is left out of the mean. IBSI: Second measure of information
///   correlation (JN9H).
/// - Idm: \f$\sum_k \frac{p_{x-y}(k)}{1+k^2}\f$. IBSI: Inverse difference moment (WF0Z).
/// - MCC: \f$\sqrt{\lambda_2}\f$, the second largest eigenvalue of
///   \f$Q(i,j) = \sum_k \frac{p(i,k)p(j,k)}{p_x(i)p_y(k)+\epsilon}\f$; 1 when a single gray level is
///   present. Not defined by IBSI.
/// - Idmn: \f$\sum_k \frac{p_{x-y}(k)}{1+k^2/N_g^2}\f$. IBSI: Normalised inverse difference moment (1QCO).
/// - Id: \f$\sum_k \frac{p_{x-y}(k)}{1+k}\f$. IBSI: Inverse difference (IB1Z).
/// - Idn: \f$\sum_k \frac{p_{x-y}(k)}{1+k/N_g}\f$. IBSI: Normalised inverse difference (NDRX).
/// - InverseVariance: \f$\sum_{k\ge1} \frac{p_{x-y}(k)}{k^2}\f$. IBSI: Inverse variance (E8JP).
/// - MaximumProbability: \f$\max p(i,j)\f$. IBSI: Joint maximum (GYBY).
/// - SumAverage: \f$\sum_k k\,p_{x+y}(k)\f$. IBSI: Sum average (ZGXS).
/// - SumEntropy: \f$-\sum_k p_{x+y}(k)\log_2(p_{x+y}(k)+\epsilon)\f$. IBSI: Sum entropy (P6QZ).
/// - SumSquares: \f$\sum_{i,j}(i-\mu_x)^2 p(i,j)\f$. IBSI: Joint variance (UR99). Assumes a symmetrical GLCM.
///
/// Deprecated in PyRadiomics, which computes no value for them: Dissimilarity (equals
/// DifferenceAverage; IBSI 8S9J), Homogeneity1 (equals Id), Homogeneity2 (equals Idm) and SumVariance
/// (equals ClusterTendency; IBSI OEEB). compute() logs a warning and returns no value for them, so
/// the output has no column for them, as in PyRadiomics.
std::unique_ptr<FeatureClass> makeGlcmClass();

/// PyRadiomics' normalised GLCM (P_glcm) for `roi`: rows and columns for the gray levels present in
/// the ROI, symmetrised and weighted as `settings` requests, empty angles removed, each angle divided by
/// its sum. Shape {levels, levels, angles}, C order.
TextureMatrix computeGlcmMatrix(const RoiData& roi, const FeatureSettings& settings);

}  // namespace pulmorad::radiomics

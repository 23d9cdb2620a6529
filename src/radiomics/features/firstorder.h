#pragma once

#include "radiomics/features/feature_class.h"

namespace pulmorad::radiomics {

/// \file
/// First-order features (PyRadiomics class "firstorder") of the intensities
/// of the ROI voxels (RoiData::roi, RoiData::intensity).
///
/// Notation:
/// - \f$\mathbf{X}\f$ the \f$N_p\f$ intensities in the ROI, \f$\bar{X}\f$ their mean;
/// - \f$c\f$ the voxelArrayShift setting, \f$V_k\f$ the volume of one voxel (mm^3);
/// - \f$P(i)\f$ the histogram of the discretised gray levels present in the ROI
///   (RoiData::grayLevel), \f$p(i) = P(i)/N_p\f$, \f$N_g\f$ levels present;
/// - \f$\epsilon\f$ = 2.220446049250313e-16 (numpy.spacing(1));
/// - \f$P_q\f$ the q-th percentile with numpy's linear interpolation;
/// - \f$\mu_k = \frac{1}{N_p}\sum_i (\mathbf{X}(i)-\bar{X})^k\f$ the central moments.
///
/// Features, in PyRadiomics' output order (IBSI names and codes from the
/// intensity-based statistics family unless stated):
/// - 10Percentile (IBSI "10th percentile", QG58): \f$P_{10}\f$
/// - 90Percentile (IBSI "90th percentile", 8DWT): \f$P_{90}\f$
/// - Energy (IBSI "Energy", N8CA): \f[ \sum_{i=1}^{N_p} (\mathbf{X}(i) + c)^2 \f]
///   IBSI has no shift: equal for c = 0.
/// - Entropy (IBSI "Intensity histogram entropy", TLU2):
///   \f[ -\sum_{i=1}^{N_g} p(i)\log_2\big(p(i)+\epsilon\big) \f]
///   on PyRadiomics' binned levels (binWidth / binCount), with \f$\epsilon\f$ inside the log.
/// - InterquartileRange (IBSI "Interquartile range", SALO): \f$P_{75} - P_{25}\f$
/// - Kurtosis (IBSI "Kurtosis", IPH6): \f[ \frac{\mu_4}{\mu_2^2} \f]
///   IBSI's is the excess kurtosis, 3 lower. A flat region gives 0.
/// - Maximum (IBSI "Maximum grey level", 84IY): \f$\max \mathbf{X}\f$
/// - MeanAbsoluteDeviation (IBSI "Mean absolute deviation", 4FUA):
///   \f[ \frac{1}{N_p}\sum_{i=1}^{N_p} |\mathbf{X}(i) - \bar{X}| \f]
/// - Mean (IBSI "Mean", Q4LE): \f[ \bar{X} = \frac{1}{N_p}\sum_{i=1}^{N_p} \mathbf{X}(i) \f]
/// - Median (IBSI "Median", Y12H): \f$P_{50}\f$ (mean of the two middle values for even \f$N_p\f$)
/// - Minimum (IBSI "Minimum grey level", 1GSF): \f$\min \mathbf{X}\f$
/// - Range (IBSI "Range", 2OJQ): \f$\max \mathbf{X} - \min \mathbf{X}\f$
/// - RobustMeanAbsoluteDeviation (IBSI "Robust mean absolute deviation", 1128):
///   \f[ \frac{1}{N_{10-90}}\sum |\mathbf{X}_{10-90}(i) - \bar{X}_{10-90}| \f]
///   over the intensities with \f$P_{10} \le \mathbf{X}(i) \le P_{90}\f$.
/// - RootMeanSquared (IBSI "Root mean square", 5ZWQ):
///   \f[ \sqrt{\frac{1}{N_p}\sum_{i=1}^{N_p} (\mathbf{X}(i) + c)^2} \f] IBSI has no shift.
/// - Skewness (IBSI "Skewness", KE2A): \f[ \frac{\mu_3}{\mu_2^{3/2}} \f] A flat region gives 0.
/// - StandardDeviation (deprecated; no IBSI feature): \f$\sqrt{\mu_2}\f$
/// - TotalEnergy (no IBSI feature): \f[ V_k \sum_{i=1}^{N_p} (\mathbf{X}(i) + c)^2 \f]
/// - Uniformity (IBSI "Intensity histogram uniformity", BJ5W): \f[ \sum_{i=1}^{N_g} p(i)^2 \f]
/// - Variance (IBSI "Variance", ECT3): \f$\mu_2\f$ (population variance, no Bessel correction)
///
/// Sums follow numpy's order (pairwise within blocks of 8192 values) so the
/// values agree with PyRadiomics to the last bits in practice.

}  // namespace pulmorad::radiomics

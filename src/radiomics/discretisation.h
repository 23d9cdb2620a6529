#pragma once

#include <vector>

#include "radiomics/settings.h"

namespace pulmorad::radiomics {

/// Returns PyRadiomics' bin edges for the ROI intensities `values` (not empty).
///
/// Fixed bin width \f$W\f$: edges start at the largest multiple of \f$W\f$ not
/// above the minimum and are spaced \f$W\f$ apart up to (excluding)
/// \f$\max + 2W\f$, generated as numpy.arange does (\f$e_i = e_0 + i\,\delta\f$
/// with \f$\delta = (e_0 + W) - e_0\f$), so that every bin is half-open:
/// \f[ X_{b} = \left\lfloor \frac{X}{W} \right\rfloor - \left\lfloor \frac{\min X}{W} \right\rfloor + 1 \f]
/// This differs from IBSI's fixed bin size, whose bins start at the minimum.
///
/// Fixed bin count \f$N_b\f$: numpy.histogram's \f$N_b + 1\f$ equally spaced
/// edges from \f$\min\f$ to \f$\max\f$ (\f$\pm 0.5\f$ for a flat region), with the
/// last edge raised by 1 so that the maximum falls in bin \f$N_b\f$.
std::vector<double> binEdges(const std::vector<double>& values, const DiscretisationSettings& settings);

/// Returns numpy.digitize's bin index for `value`: \f$i\f$ such that
/// \f$e_{i-1} \le x < e_i\f$, so the first bin is 1.
int digitize(double value, const std::vector<double>& edges);

}  // namespace pulmorad::radiomics

#pragma once

#include <array>
#include <string>
#include <vector>

#include "image/volume.h"
#include "radiomics/filters/wavelet_filter_banks.h"

namespace pulmorad::radiomics::filters {

/// Extension of the signal beyond the image border.
enum class WaveletBoundary {
    periodic,   ///< wrap around (PyWavelets' swt, as PyRadiomics uses it)
    symmetric,  ///< mirror with the edge voxel repeated: d c b a | a b c d | d c b a
    zero,       ///< zeros outside the image
};

/// Settings of the undecimated (stationary) 3D wavelet transform. The
/// defaults reproduce PyRadiomics 3.1's `_swt3`.
struct WaveletOptions {
    const WaveletFilterBank* filterBank = nullptr;  ///< required
    int level = 1;                                  ///< number of levels whose subbands are returned
    int startLevel = 0;  ///< levels applied (approximation only) before the first returned one
    WaveletBoundary boundary = WaveletBoundary::periodic;
    /// PyRadiomics pads every odd axis by one voxel (a copy of the first one)
    /// before the transform and crops the outputs back. It applies to the periodic boundary only.
    bool padOddSizes = true;
    /// false: every level applies the level-1 filters to the previous
    /// approximation (PyRadiomics). true: level i (0-based) inserts 2^i - 1
    /// zeros between the filter taps (the a-trous algorithm of PyWavelets' own
    /// multi-level swt and of IBSI-2).
    bool dilateFilters = false;
    /// Axes (x, y, z) that the transform filters. PyRadiomics with force2D
    /// leaves out its force2Ddimension, and the subbands then have two letters.
    std::array<bool, 3> transformAxes{true, true, true};
    /// Subbands to return at each returned level, bit 4 * xFilter + 2 * yFilter + zFilter
    /// (0 = low-pass, 1 = high-pass); the others are not computed. Approximations that
    /// later levels need are computed whatever it says.
    unsigned returnedBands = 0xFFU;
};

/// One output of the transform.
struct WaveletSubband {
    std::string decomposition;  ///< filters along x, y, z: "LLH" = low-pass in x and y, high-pass in z
    int level = 1;              ///< 1 for the first returned level
    image::ImageVolume image;   ///< on the input's grid
};

/// Computes the undecimated wavelet transform of `image` and returns, for each
/// returned level, the seven detail subbands in PyWavelets' swtn order (LLH,
/// LHL, LHH, HLL, HLH, HHL, HHH) and then the approximation LLL of the last
/// level. With two transformed axes the order is LH, HL, HH, then LL. Along each axis, with filter h of
/// length F and dilation d, \f[ y[n] = \sum_{k=0}^{F-1} h[k]\, x[n + F d / 2 - k d] \f] with x extended
/// beyond the border as `options.boundary` selects (PyWavelets' alignment). Throws InputError when a setting
/// is invalid.
std::vector<WaveletSubband> stationaryWaveletTransform3D(const image::ImageVolume& image,
                                                         const WaveletOptions& options);

}  // namespace pulmorad::radiomics::filters

#pragma once

#include <cstddef>
#include <vector>

#include "image/volume.h"

namespace pulmorad::image::filters {

/// Border extension of a filter, with IBSI-2's names.
/// For a line a b c d: zero gives 0 0 | a b c d | 0 0, nearest a a | a b c d | d d,
/// mirror b a | a b c d | d c (the edge voxel repeated, NumPy's "symmetric") and
/// periodic c d | a b c d | a b.
enum class BoundaryPadding { zero, nearest, mirror, periodic };

/// Sampled 1D Gaussian g and its second derivative g'' on the taps -radius..radius,
/// in voxel units:
///   g(n) = exp(-n^2 / (2 s^2)) / (sqrt(2 pi) s),   g''(n) = (n^2 / s^4 - 1 / s^2) g(n)
/// with s = sigma in voxels and radius = floor(truncation * s + 0.5). Summed over the
/// axes, g'' along one axis times g along the others is IBSI-2's LoG kernel
///   -1/s^2 (2 pi s^2)^(-d/2) (d - |n|^2 / s^2) exp(-|n|^2 / (2 s^2))
/// on 1 + 2 radius voxels per axis, with truncation 4. Sources: MIRP's implementation
/// (oncoray/mirp, mirp/_imagefilters/laplacian_of_gaussian.py) and CERR's wiki page on its
/// IBSI LoG, which both use this formula and do not normalise the kernel to a sum.
/// NOTE: the sampled g sums to 1 within 1e-4 for s >= 0.75 voxel, so normalising it would
/// not change results measurably there; at s = 0.5 the sum is 1.014.
/// Both kernels are symmetric, so only taps 0..radius are stored.
struct SampledGaussianKernels {
    std::size_t radius = 0;
    std::vector<double> gaussian;          ///< g(0) ... g(radius)
    std::vector<double> secondDerivative;  ///< g''(0) ... g''(radius), per voxel^2
};

/// Computes the kernels for `sigmaVoxels` (above 0) cut off at `truncation` sigmas.
SampledGaussianKernels sampledGaussianKernels(double sigmaVoxels, double truncation);

/// Computes the Laplacian of Gaussian with the spatially sampled kernel of IBSI-2,
/// multiplied by sigmaMm^2 as PyRadiomics' LoG is:
/// \f[ L = \sigma^2 \sum_{a} \frac{1}{h_a^2} \Big(g''_a \prod_{b \neq a} g_b\Big) * I \f]
/// over the axes a (x, y, z, or x and y of each axial slice when `perSlice`), with
/// h_a the spacing in mm and each 1D kernel sampled with sigmaMm / h_a voxels and
/// cut off at 4 of those sigmas. Beyond the border the image is extended by `padding`.
/// The work is done in double precision by separable 1D passes, in parallel over
/// lines (oneTBB). Each voxel sums the same terms in the same order whatever the
/// number of threads, so the result does not depend on it.
ImageVolume sampledLaplacianOfGaussian(const ImageVolume& image, double sigmaMm, BoundaryPadding padding,
                                       bool perSlice);

}  // namespace pulmorad::image::filters

#pragma once

#include "image/filters/sampled_gaussian.h"
#include "image/volume.h"

namespace pulmorad::image::filters {

/// Kernel of the Laplacian of Gaussian.
enum class LogKernel {
    recursive,  ///< ITK's Deriche recursive approximation, as PyRadiomics 3.1 uses it
    sampled,    ///< IBSI-2's spatially sampled kernel, cut off at 4 sigma (sampledLaplacianOfGaussian)
};

/// Choice of kernel and border handling for the Laplacian of Gaussian.
struct LogOptions {
    LogKernel kernel = LogKernel::recursive;
    /// Extension beyond the border. The recursive kernel supports only `nearest`,
    /// because ITK repeats the edge voxel. The sampled kernel supports every mode.
    BoundaryPadding padding = BoundaryPadding::nearest;
};

/// Computes the Laplacian of Gaussian of `image` as ITK's
/// LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale on, which is
/// how PyRadiomics 3.1 calls it through SimpleITK:
/// \f[ L(\mathbf{x}) = \sigma^2 \sum_{a \in \{x,y,z\}} \frac{\partial^2}{\partial a^2} (G_\sigma *
/// I)(\mathbf{x}) \f] with \f$\sigma\f$ in mm (derivatives in physical units, using the image spacing) and
/// the Deriche recursive approximation of the Gaussian, which ITK evaluates in single precision. Beyond the
/// border ITK's recursive filters extend the image by its edge values. The work is done by
/// recursiveLaplacianOfGaussian (recursive_gaussian.h), a faster
/// reimplementation of ITK's algorithm; laplacianOfGaussianItk runs ITK's
/// filter itself and serves as its reference.
ImageVolume laplacianOfGaussian(const ImageVolume& image, double sigmaMm);

/// Computes the Laplacian of Gaussian with the kernel and padding of `options`,
/// multiplied by sigmaMm^2 (mm^2) for either kernel. Throws InputError for the
/// recursive kernel with a padding other than `nearest`.
ImageVolume laplacianOfGaussian(const ImageVolume& image, double sigmaMm, const LogOptions& options);

/// Runs ITK 5.2's LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on).
ImageVolume laplacianOfGaussianItk(const ImageVolume& image, double sigmaMm);

/// Computes the 2D Laplacian of Gaussian of each axial (x-y) slice of `image`
/// separately, as above with derivatives in x and y only. PyRadiomics has no
/// 2D LoG; this serves the IBSI-2 2D test. The first form runs ITK's recursive
/// filter on each slice; the second takes the kernel and padding from `options`.
ImageVolume laplacianOfGaussianPerSlice(const ImageVolume& image, double sigmaMm);
ImageVolume laplacianOfGaussianPerSlice(const ImageVolume& image, double sigmaMm, const LogOptions& options);

}  // namespace pulmorad::image::filters

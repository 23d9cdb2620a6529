// IBSI-2 phase-1 Laplacian of Gaussian tests 2.a-2.c: our response maps
// against the IBSI-2 consensus response maps. Pass: every voxel within 1% of
// the consensus map's value range (max - min).
//
// Both kernels multiply the Laplacian by sigma^2 in mm^2, as PyRadiomics 3.1
// (ITK's NormalizeAcrossScale) does, while the consensus maps are the plain
// Laplacian with derivatives per voxel. The maps are therefore compared after
// multiplying ours by (spacing / sigma)^2.
//
// The default (recursive) kernel follows PyRadiomics: ITK's recursive
// (Deriche) Gaussian replaces IBSI-2's kernel truncated at 4 sigma, and the
// border is extended by the edge voxels. The sampled kernel is IBSI-2's, and
// its tests use each test's own padding.

#include <gtest/gtest.h>

#include "filters_test_helpers.h"
#include "image/filters/log_filter.h"

namespace pulmorad::image::filters {
namespace {

using test::maxDifferenceOverRange;

/// IBSI-2 pass threshold: 1% of the reference map's range.
constexpr double kIbsiTolerance = 0.01;

/// Margin (voxels) of explicit padding. 4 sigma of 5 mm at 2 mm spacing is
/// 10 voxels, and the recursive filter's tails reach further, so use twice that.
constexpr std::size_t kPaddingMargin = 20;

ImageVolume toIbsiScale(ImageVolume response, double sigmaMm) {
    const double spacing = response.geometry.spacing[0];
    const double factor = (spacing * spacing) / (sigmaMm * sigmaMm);
    for (double& value : response.data) value *= factor;
    return response;
}

TEST(LogIbsi2, ImpulseSigma3) {
    // Test 2.a: impulse, 3D, sigma 3 mm, zero padding (the impulse is far
    // from the border, so ITK's edge extension also reads zeros).
    const ImageVolume phantom = test::readIbsi2Phantom("impulse");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.a");
    const double sigma = 3.0;
    const double difference =
        maxDifferenceOverRange(toIbsiScale(laplacianOfGaussian(phantom, sigma), sigma), reference);
    // NOTE: at sigma = 1.5 voxels ITK's recursive Gaussian is 1.37% of the
    // range off at the impulse (measured), above IBSI's 1%: this bound
    // records the deviation rather than a pass.
    EXPECT_LT(difference, 0.014);
    EXPECT_GT(difference, kIbsiTolerance);
}

TEST(LogIbsi2, CheckerboardSigma5) {
    // Test 2.b: checkerboard, 3D, sigma 5 mm, mirror padding. ITK extends the
    // border value; the test's own mirror padding is applied explicitly too.
    const ImageVolume phantom = test::readIbsi2Phantom("checkerboard");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.b");
    const double sigma = 5.0;
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(laplacianOfGaussian(phantom, sigma), sigma), reference),
              kIbsiTolerance);

    const ImageVolume padded = test::padVolume(phantom, kPaddingMargin, image::filters::BoundaryPadding::mirror);
    const ImageVolume mirrored = test::cropVolume(laplacianOfGaussian(padded, sigma), kPaddingMargin);
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(mirrored, sigma), reference), kIbsiTolerance);
}

TEST(LogIbsi2, CheckerboardSigma5PerSlice) {
    // Test 2.c: checkerboard, 2D (axial slices), sigma 5 mm, mirror padding.
    const ImageVolume phantom = test::readIbsi2Phantom("checkerboard");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.c");
    const double sigma = 5.0;
    EXPECT_LT(
        maxDifferenceOverRange(toIbsiScale(laplacianOfGaussianPerSlice(phantom, sigma), sigma), reference),
        kIbsiTolerance);

    const ImageVolume padded = test::padVolume(phantom, kPaddingMargin, image::filters::BoundaryPadding::mirror);
    const ImageVolume mirrored = test::cropVolume(laplacianOfGaussianPerSlice(padded, sigma), kPaddingMargin);
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(mirrored, sigma), reference), kIbsiTolerance);
}

LogOptions sampledKernel(BoundaryPadding padding) {
    LogOptions options;
    options.kernel = LogKernel::sampled;
    options.padding = padding;
    return options;
}

TEST(LogIbsi2, SampledImpulseSigma3Zero) {
    // Test 2.a with IBSI-2's kernel and zero padding.
    const ImageVolume phantom = test::readIbsi2Phantom("impulse");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.a");
    const double sigma = 3.0;
    const ImageVolume response = laplacianOfGaussian(phantom, sigma, sampledKernel(BoundaryPadding::zero));
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(response, sigma), reference), kIbsiTolerance);
}

TEST(LogIbsi2, SampledCheckerboardSigma5Mirror) {
    // Test 2.b with IBSI-2's kernel and mirror padding.
    const ImageVolume phantom = test::readIbsi2Phantom("checkerboard");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.b");
    const double sigma = 5.0;
    const ImageVolume response = laplacianOfGaussian(phantom, sigma, sampledKernel(BoundaryPadding::mirror));
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(response, sigma), reference), kIbsiTolerance);
}

TEST(LogIbsi2, SampledCheckerboardSigma5PerSliceMirror) {
    // Test 2.c with IBSI-2's 2D kernel on each axial slice and mirror padding.
    const ImageVolume phantom = test::readIbsi2Phantom("checkerboard");
    const ImageVolume reference = test::readIbsi2ResponseMap("2.c");
    const double sigma = 5.0;
    const ImageVolume response =
        laplacianOfGaussianPerSlice(phantom, sigma, sampledKernel(BoundaryPadding::mirror));
    EXPECT_LT(maxDifferenceOverRange(toIbsiScale(response, sigma), reference), kIbsiTolerance);
}

}  // namespace
}  // namespace pulmorad::image::filters

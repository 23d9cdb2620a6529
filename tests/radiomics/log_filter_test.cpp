#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "image/filters/gradient_filter.h"
#include "image/filters/log_filter.h"

namespace pulmorad::image::filters {
namespace {

ImageVolume makeVolume(std::array<std::size_t, 3> size, std::array<double, 3> spacing) {
    ImageVolume volume;
    volume.geometry.size = size;
    volume.geometry.spacing = spacing;
    volume.data.assign(volume.geometry.voxelCount(), 0.0);
    return volume;
}

TEST(LogFilter, QuadraticGivesScaledLaplacian) {
    // Hand derivation: f = x^2 + y^2 + z^2 (mm) has Laplacian 6 everywhere and
    // Gaussian smoothing keeps it, so the scale-normalised LoG is 6 sigma^2.
    // Anisotropic spacing checks that derivatives are taken in mm. Tolerance:
    // ITK's recursive Gaussian runs in single precision (about 1e-3 relative
    // measured in the interior, 12 voxels from every border).
    ImageVolume volume = makeVolume({40, 30, 24}, {1.0, 1.5, 2.0});
    for (std::size_t z = 0; z < 24; ++z) {
        for (std::size_t y = 0; y < 30; ++y) {
            for (std::size_t x = 0; x < 40; ++x) {
                const double px = static_cast<double>(x) * 1.0 - 20.0;
                const double py = static_cast<double>(y) * 1.5 - 22.5;
                const double pz = static_cast<double>(z) * 2.0 - 24.0;
                volume.at(x, y, z) = px * px + py * py + pz * pz;
            }
        }
    }
    const double sigma = 2.0;
    const ImageVolume log = laplacianOfGaussian(volume, sigma);
    EXPECT_EQ(log.geometry.size, volume.geometry.size);
    EXPECT_EQ(log.geometry.spacing, volume.geometry.spacing);
    EXPECT_NEAR(log.at(20, 15, 12), 6.0 * sigma * sigma, 6.0 * sigma * sigma * 2e-3);
    EXPECT_NEAR(log.at(16, 13, 10), 6.0 * sigma * sigma, 6.0 * sigma * sigma * 2e-3);
}

TEST(LogFilter, BrightBlobCentreIsNegative) {
    // Sign convention of ITK and PyRadiomics: the Laplacian of a bright blob
    // is negative at its centre and positive around it.
    ImageVolume volume = makeVolume({21, 21, 21}, {1.0, 1.0, 1.0});
    volume.at(10, 10, 10) = 1000.0;
    const ImageVolume log = laplacianOfGaussian(volume, 1.5);
    EXPECT_LT(log.at(10, 10, 10), 0.0);
    EXPECT_GT(log.at(10, 10, 14), 0.0);
    EXPECT_NEAR(log.at(9, 10, 10), log.at(11, 10, 10), 1e-6);
}

TEST(LogFilter, MatchesItkFilter) {
    // Reference: ITK 5.2's LaplacianRecursiveGaussianImageFilter itself
    // (laplacianOfGaussianItk). Both store every pass in single precision, so
    // they agree to float rounding: 1e-5 of the response's range.
    ImageVolume volume = makeVolume({23, 17, 12}, {0.8, 1.0, 2.5});
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>((i * 7919) % 2001) - 1000.0;
    }
    for (const double sigma : {0.5, 1.0, 3.0, 5.0}) {
        const ImageVolume fast = laplacianOfGaussian(volume, sigma);
        const ImageVolume reference = laplacianOfGaussianItk(volume, sigma);
        const auto [minimum, maximum] = std::minmax_element(reference.data.begin(), reference.data.end());
        const double range = *maximum - *minimum;
        double largest = 0.0;
        for (std::size_t i = 0; i < reference.data.size(); ++i) {
            largest = std::max(largest, std::abs(fast.data[i] - reference.data[i]));
        }
        EXPECT_LT(largest, 1e-5 * range) << "sigma " << sigma;
    }
}

TEST(LogFilter, RejectsNonPositiveSigma) {
    const ImageVolume volume = makeVolume({8, 8, 8}, {1.0, 1.0, 1.0});
    EXPECT_THROW(laplacianOfGaussian(volume, 0.0), InputError);
    EXPECT_THROW(laplacianOfGaussian(volume, -1.0), InputError);
}

TEST(GradientFilter, LinearRampUsesSpacing) {
    // Hand derivation: f = 3 i + 4 j (voxel indices) has, with spacing (2, 0.5, 1)
    // mm, central differences 3/2 and 4/0.5 per mm: magnitude sqrt(1.5^2 + 8^2)
    // inside; at the x = 0 face ITK repeats the edge voxel, so the x term is
    // (f(1) - f(0)) / (2 * 2) = 0.75.
    ImageVolume volume = makeVolume({6, 6, 6}, {2.0, 0.5, 1.0});
    for (std::size_t z = 0; z < 6; ++z) {
        for (std::size_t y = 0; y < 6; ++y) {
            for (std::size_t x = 0; x < 6; ++x) volume.at(x, y, z) = 3.0 * x + 4.0 * y;
        }
    }
    const ImageVolume withSpacing = gradientMagnitude(volume, true);
    EXPECT_NEAR(withSpacing.at(3, 3, 3), std::sqrt(1.5 * 1.5 + 8.0 * 8.0), 1e-12);
    EXPECT_NEAR(withSpacing.at(0, 3, 3), std::sqrt(0.75 * 0.75 + 8.0 * 8.0), 1e-12);

    // Without spacing the differences are per voxel: sqrt(3^2 + 4^2) = 5.
    const ImageVolume withoutSpacing = gradientMagnitude(volume, false);
    EXPECT_NEAR(withoutSpacing.at(2, 2, 2), 5.0, 1e-12);
}

}  // namespace
}  // namespace pulmorad::image::filters

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "filters_test_helpers.h"
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

/// f = x^2 + y^2 + z^2 in mm from the centre, on a 40 x 30 x 24 grid with
/// anisotropic spacing (1, 1.5, 2) mm, so derivatives must be taken in mm.
ImageVolume makeQuadraticVolume() {
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
    return volume;
}

TEST(LogFilter, QuadraticGivesScaledLaplacian) {
    // Hand derivation: f = x^2 + y^2 + z^2 (mm) has Laplacian 6 everywhere and
    // Gaussian smoothing keeps it, so the scale-normalised LoG is 6 sigma^2.
    // Anisotropic spacing checks that derivatives are taken in mm. Tolerance:
    // ITK's recursive Gaussian runs in single precision (about 1e-3 relative
    // measured in the interior, 12 voxels from every border).
    const ImageVolume volume = makeQuadraticVolume();
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

/// Hand evaluation of the sampled 1D Gaussian g and its second derivative g'' (per voxel^2)
/// at tap n, for sigma s in voxels: g = exp(-n^2 / 2s^2) / (sqrt(2 pi) s), g'' = (n^2/s^4 - 1/s^2) g.
double handGaussian(double n, double s) {
    return std::exp(-n * n / (2.0 * s * s)) / (std::sqrt(2.0 * std::numbers::pi) * s);
}
double handSecondDerivative(double n, double s) {
    return (n * n / (s * s * s * s) - 1.0 / (s * s)) * handGaussian(n, s);
}

LogOptions sampledOptions(BoundaryPadding padding) {
    LogOptions options;
    options.kernel = LogKernel::sampled;
    options.padding = padding;
    return options;
}

TEST(SampledLog, KernelTapsAndRadius) {
    // IBSI-2's support is 1 + 2 floor(4 s + 0.5) taps: s = 1.5 gives radius 6 and
    // s = 2.5 radius 10; s = 1.6 (6.4 + 0.5) gives 6 and s = 1.65 (6.6 + 0.5) gives 7.
    EXPECT_EQ(sampledGaussianKernels(1.5, 4.0).radius, 6u);
    EXPECT_EQ(sampledGaussianKernels(2.5, 4.0).radius, 10u);
    EXPECT_EQ(sampledGaussianKernels(1.6, 4.0).radius, 6u);
    EXPECT_EQ(sampledGaussianKernels(1.65, 4.0).radius, 7u);

    // Taps against the hand formulas (1e-15 relative: the same expression in double).
    const SampledGaussianKernels kernels = sampledGaussianKernels(1.5, 4.0);
    ASSERT_EQ(kernels.gaussian.size(), 7u);
    ASSERT_EQ(kernels.secondDerivative.size(), 7u);
    for (std::size_t tap = 0; tap <= 6; ++tap) {
        const double n = static_cast<double>(tap);
        EXPECT_NEAR(kernels.gaussian[tap], handGaussian(n, 1.5), 1e-15 * handGaussian(0, 1.5)) << tap;
        EXPECT_NEAR(kernels.secondDerivative[tap], handSecondDerivative(n, 1.5),
                    1e-15 * std::abs(handSecondDerivative(0, 1.5)))
            << tap;
    }
    // g(0) = 1 / (sqrt(2 pi) 1.5) = 0.26596152026762..., and g''(0) = -g(0) / 1.5^2.
    EXPECT_NEAR(kernels.gaussian[0], 0.26596152026762, 1e-13);
    EXPECT_NEAR(kernels.secondDerivative[0], -0.26596152026762 / 2.25, 1e-13);
}

TEST(SampledLog, ImpulseResponseIsSampledKernel) {
    // Hand derivation: the response to a unit impulse at voxel c is the kernel
    // itself, sigma^2 sum_a g''(n_a) prod_{b != a} g(n_b) / h_a^2 at offset n from c.
    // With spacing (1, 2, 0.5) mm and sigma 2 mm, s is (2, 1, 4) voxels and the
    // radii are 8, 4 and 16 voxels. Zero padding, and the volume contains the whole kernel.
    ImageVolume volume = makeVolume({21, 13, 37}, {1.0, 2.0, 0.5});
    volume.at(10, 6, 18) = 1.0;
    const double sigma = 2.0;
    const ImageVolume log = laplacianOfGaussian(volume, sigma, sampledOptions(BoundaryPadding::zero));
    const std::array<double, 3> s{2.0, 1.0, 4.0};
    const std::array<double, 3> h{1.0, 2.0, 0.5};
    const auto expected = [&](double nx, double ny, double nz) {
        const std::array<double, 3> n{nx, ny, nz};
        double sum = 0.0;
        for (std::size_t a = 0; a < 3; ++a) {
            double term = handSecondDerivative(n[a], s[a]) / (h[a] * h[a]);
            for (std::size_t b = 0; b < 3; ++b) {
                if (b != a) term *= handGaussian(n[b], s[b]);
            }
            sum += term;
        }
        return sigma * sigma * sum;
    };
    const double centre = expected(0, 0, 0);
    EXPECT_LT(centre, 0.0);
    EXPECT_NEAR(log.at(10, 6, 18), centre, 1e-14 * std::abs(centre));
    EXPECT_NEAR(log.at(13, 6, 18), expected(3, 0, 0), 1e-14 * std::abs(centre));
    EXPECT_NEAR(log.at(10, 4, 18), expected(0, -2, 0), 1e-14 * std::abs(centre));
    EXPECT_NEAR(log.at(12, 7, 11), expected(2, 1, -7), 1e-14 * std::abs(centre));
    EXPECT_NEAR(log.at(18, 10, 34), expected(8, 4, 16), 1e-14 * std::abs(centre));

    // One voxel beyond the 4-sigma support along any axis the kernel is cut off: exactly 0.
    EXPECT_EQ(log.at(19, 6, 18), 0.0);
    EXPECT_EQ(log.at(1, 6, 18), 0.0);
    EXPECT_EQ(log.at(10, 11, 18), 0.0);
    EXPECT_EQ(log.at(10, 6, 35), 0.0);
}

TEST(SampledLog, PerSliceImpulseStaysInSlice) {
    // Hand derivation for the 2D kernel: sigma^2 (g''(nx) g(ny) + g(nx) g''(ny)) / h^2
    // in the impulse's slice, and nothing in the other slices.
    ImageVolume volume = makeVolume({15, 15, 3}, {1.0, 1.0, 3.0});
    volume.at(7, 7, 1) = 1.0;
    const ImageVolume log = laplacianOfGaussianPerSlice(volume, 1.5, sampledOptions(BoundaryPadding::zero));
    const double centre = 1.5 * 1.5 * 2.0 * handSecondDerivative(0, 1.5) * handGaussian(0, 1.5);
    EXPECT_NEAR(log.at(7, 7, 1), centre, 1e-14 * std::abs(centre));
    const double offset = 1.5 * 1.5 *
                          (handSecondDerivative(2, 1.5) * handGaussian(1, 1.5) +
                           handGaussian(2, 1.5) * handSecondDerivative(1, 1.5));
    EXPECT_NEAR(log.at(9, 8, 1), offset, 1e-14 * std::abs(centre));
    EXPECT_EQ(log.at(7, 7, 0), 0.0);
    EXPECT_EQ(log.at(7, 7, 2), 0.0);
}


TEST(SampledLog, PaddingMatchesExplicitPadding) {
    // Reference: the image padded explicitly by more than the kernel's radius,
    // filtered with zero padding (which the padding then never reaches) and
    // cropped. The support (radius 8 along z) is longer than the 6-voxel z axis,
    // so mirror and periodic padding wrap more than once.
    ImageVolume volume = makeVolume({9, 7, 6}, {1.0, 1.0, 0.5});
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>((i * 7919) % 201) - 100.0;
    }
    const double sigma = 1.0;
    const std::size_t margin = 10;
    for (const BoundaryPadding padding : {BoundaryPadding::zero, BoundaryPadding::nearest,
                                          BoundaryPadding::mirror, BoundaryPadding::periodic}) {
        const ImageVolume direct = laplacianOfGaussian(volume, sigma, sampledOptions(padding));
        const ImageVolume padded = laplacianOfGaussian(test::padVolume(volume, margin, padding), sigma,
                                                       sampledOptions(BoundaryPadding::zero));
        double largest = 0.0;
        for (std::size_t z = 0; z < 6; ++z) {
            for (std::size_t y = 0; y < 7; ++y) {
                for (std::size_t x = 0; x < 9; ++x) {
                    largest = std::max(largest, std::abs(direct.at(x, y, z) -
                                                         padded.at(x + margin, y + margin, z + margin)));
                }
            }
        }
        // Both sum the same products; only the order of the additions differs.
        EXPECT_LT(largest, 1e-10) << "padding " << static_cast<int>(padding);
    }
}

TEST(SampledLog, QuadraticGivesScaledLaplacian) {
    // f = x^2 + y^2 + z^2 (mm) has Laplacian 6, so the scale-normalised LoG is
    // near 6 sigma^2. With sigma 2 mm the kernels have s = (2, 1.33, 1) voxels,
    // and the 4-sigma cutoff drops the tails of n^2 g''(n), whose sum over all n is 2:
    // about 0.35% of the result (hand estimate of the tail sums), so 5e-3 relative.
    const ImageVolume volume = makeQuadraticVolume();
    const double sigma = 2.0;
    const ImageVolume log = laplacianOfGaussian(volume, sigma, sampledOptions(BoundaryPadding::nearest));
    const double value = log.at(20, 15, 12);
    EXPECT_NEAR(value, 6.0 * sigma * sigma, 6.0 * sigma * sigma * 5e-3);

    // Exact value of the truncated sums at the centre (every offset is in the
    // image, and f is 0 there): with the tap sums S0 = sum g, S2 = sum n^2 g,
    // D0 = sum g'' and D2 = sum n^2 g'' over |n| <= radius along each axis,
    // sigma^2 sum_a [D2_a prod_{b != a} S0_b + sum_{b != a} D0_a (h_b / h_a)^2 S2_b S0_c].
    const std::array<double, 3> h{1.0, 1.5, 2.0};
    std::array<double, 3> s0{};
    std::array<double, 3> s2{};
    std::array<double, 3> d0{};
    std::array<double, 3> d2{};
    for (std::size_t a = 0; a < 3; ++a) {
        const double sv = sigma / h[a];
        const auto radius = static_cast<int>(std::floor(4.0 * sv + 0.5));
        for (int n = -radius; n <= radius; ++n) {
            const double dn = static_cast<double>(n);
            s0[a] += handGaussian(dn, sv);
            s2[a] += dn * dn * handGaussian(dn, sv);
            d0[a] += handSecondDerivative(dn, sv);
            d2[a] += dn * dn * handSecondDerivative(dn, sv);
        }
    }
    double exact = 0.0;
    for (std::size_t a = 0; a < 3; ++a) {
        const std::size_t b = (a + 1) % 3;
        const std::size_t c = (a + 2) % 3;
        exact += d2[a] * s0[b] * s0[c];
        exact += d0[a] * (h[b] * h[b]) / (h[a] * h[a]) * s2[b] * s0[c];
        exact += d0[a] * (h[c] * h[c]) / (h[a] * h[a]) * s2[c] * s0[b];
    }
    exact *= sigma * sigma;
    EXPECT_NEAR(value, exact, 1e-10 * exact);
}

TEST(SampledLog, SameResultForAnyThreadCount) {
    ImageVolume volume = makeVolume({33, 29, 17}, {0.8, 1.0, 2.5});
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>((i * 7919) % 2001) - 1000.0;
    }
    const LogOptions options = sampledOptions(BoundaryPadding::mirror);
    ImageVolume oneThread;
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        oneThread = laplacianOfGaussian(volume, 2.0, options);
    }
    const ImageVolume manyThreads = laplacianOfGaussian(volume, 2.0, options);
    EXPECT_EQ(oneThread.data, manyThreads.data);
}

TEST(SampledLog, RecursiveKernelRejectsOtherPadding) {
    const ImageVolume volume = makeVolume({8, 8, 8}, {1.0, 1.0, 1.0});
    LogOptions options;
    options.padding = BoundaryPadding::mirror;
    EXPECT_THROW(laplacianOfGaussian(volume, 1.0, options), InputError);
    EXPECT_THROW(laplacianOfGaussianPerSlice(volume, 1.0, options), InputError);
    EXPECT_THROW(laplacianOfGaussian(volume, 0.0, sampledOptions(BoundaryPadding::zero)), InputError);
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

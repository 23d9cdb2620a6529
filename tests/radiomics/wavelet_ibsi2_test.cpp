// IBSI-2 phase-1 undecimated wavelet tests 5.a.1, 6.a.1 and 7.a.1: our
// response maps against the IBSI-2 consensus response maps. Pass: every voxel
// within 1% of the consensus map's value range (max - min).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "filters_test_helpers.h"
#include "radiomics/filters/wavelet_filter_banks.h"
#include "radiomics/filters/wavelet_transform.h"

namespace pulmorad::radiomics::filters {
namespace {

using image::ImageVolume;
using test::maxDifferenceOverRange;
using test::readIbsi2Phantom;
using test::readIbsi2ResponseMap;

/// IBSI-2 pass threshold: 1% of the reference map's range.
constexpr double kIbsiTolerance = 0.01;

ImageVolume subband(const ImageVolume& image, const WaveletOptions& options, const std::string& name) {
    for (auto& result : stationaryWaveletTransform3D(image, options)) {
        if (result.decomposition == name) return std::move(result.image);
    }
    throw std::runtime_error("no subband " + name);
}

/// Returns `volume` with the axes whose bit is set in `axesMask` (1 = x, 2 = y, 4 = z) reversed.
ImageVolume reverseAxes(const ImageVolume& volume, unsigned axesMask) {
    ImageVolume reversed = volume;
    const auto& size = volume.geometry.size;
    for (std::size_t z = 0; z < size[2]; ++z) {
        for (std::size_t y = 0; y < size[1]; ++y) {
            for (std::size_t x = 0; x < size[0]; ++x) {
                reversed.at(x, y, z) = volume.at((axesMask & 1U) != 0 ? size[0] - 1 - x : x,
                                                 (axesMask & 2U) != 0 ? size[1] - 1 - y : y,
                                                 (axesMask & 4U) != 0 ? size[2] - 1 - z : z);
            }
        }
    }
    return reversed;
}

TEST(WaveletIbsi2, Db2ImpulseLhl) {
    // Test 5.a.1: impulse phantom, db2, LHL, level 1, zero padding. With
    // PyRadiomics' periodic extension the impulse (in the centre, far from
    // the border) gives the same map, so both boundaries are checked.
    const ImageVolume phantom = readIbsi2Phantom("impulse");
    const ImageVolume reference = readIbsi2ResponseMap("5.a.1");
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("db2");
    EXPECT_LT(maxDifferenceOverRange(subband(phantom, options, "LHL"), reference), kIbsiTolerance);
    options.boundary = WaveletBoundary::zero;
    EXPECT_LT(maxDifferenceOverRange(subband(phantom, options, "LHL"), reference), kIbsiTolerance);
}

TEST(WaveletIbsi2, Coif1SphereHhl) {
    // Test 6.a.1: sphere phantom, coif1, HHL, level 1, periodic padding:
    // exactly PyRadiomics' default wavelet and extension.
    const ImageVolume phantom = readIbsi2Phantom("sphere");
    const ImageVolume reference = readIbsi2ResponseMap("6.a.1");
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("coif1");
    EXPECT_LT(maxDifferenceOverRange(subband(phantom, options, "HHL"), reference), kIbsiTolerance);
}

TEST(WaveletIbsi2, HaarCheckerboardLevelTwoLll) {
    // Test 7.a.1: checkerboard, Haar, LLL of level 2, mirror padding. The
    // test's own method (mirror extension, a-trous dilation at level 2)
    // matches the consensus map once averaged over the 8 axis reversals
    // (measured: 1.2e-7 of the range). One orientation alone is 0.49 of the
    // range off, because Haar's 2 taps are not centred.
    const ImageVolume phantom = readIbsi2Phantom("checkerboard");
    const ImageVolume reference = readIbsi2ResponseMap("7.a.1");
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    options.startLevel = 1;
    options.boundary = WaveletBoundary::symmetric;
    options.dilateFilters = true;

    ImageVolume average = phantom;
    std::fill(average.data.begin(), average.data.end(), 0.0);
    for (unsigned axesMask = 0; axesMask < 8; ++axesMask) {
        const ImageVolume filtered =
            reverseAxes(subband(reverseAxes(phantom, axesMask), options, "LLL"), axesMask);
        for (std::size_t i = 0; i < average.data.size(); ++i) average.data[i] += filtered.data[i] / 8.0;
    }
    EXPECT_LT(maxDifferenceOverRange(average, reference), kIbsiTolerance);

    // PyRadiomics' level 2 (periodic, level-1 filters applied twice) is a
    // different filter: record that it does not reproduce the map.
    WaveletOptions pyradiomics;
    pyradiomics.filterBank = findWaveletFilterBank("haar");
    pyradiomics.startLevel = 1;
    EXPECT_GT(maxDifferenceOverRange(subband(phantom, pyradiomics, "LLL"), reference), kIbsiTolerance);
}

}  // namespace
}  // namespace pulmorad::radiomics::filters

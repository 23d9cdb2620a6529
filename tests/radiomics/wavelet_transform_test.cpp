#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "radiomics/filters/wavelet_filter_banks.h"
#include "radiomics/filters/wavelet_transform.h"

namespace pulmorad::radiomics::filters {
namespace {

using image::ImageVolume;

ImageVolume makeVolume(std::size_t sizeX, std::size_t sizeY, std::size_t sizeZ, double value = 0.0) {
    ImageVolume volume;
    volume.geometry.size = {sizeX, sizeY, sizeZ};
    volume.data.assign(volume.geometry.voxelCount(), value);
    return volume;
}

const WaveletSubband& findSubband(const std::vector<WaveletSubband>& subbands, const std::string& name) {
    for (const auto& subband : subbands) {
        if (subband.decomposition == name) return subband;
    }
    throw std::runtime_error("no subband " + name);
}

TEST(WaveletFilterBanks, ContainsPyWaveletsFamilies) {
    // PyWavelets 1.1.1: len(pywt.wavelist(kind="discrete")) == 106.
    EXPECT_EQ(waveletFilterBanks().size(), 106U);
    for (const char* name : {"haar", "db1", "db38", "sym2", "sym20", "coif1", "coif17", "bior1.1", "bior6.8",
                             "rbio3.9", "dmey"}) {
        EXPECT_NE(findWaveletFilterBank(name), nullptr) << name;
    }
    EXPECT_EQ(findWaveletFilterBank("coif18"), nullptr);
    EXPECT_EQ(findWaveletFilterBank("db39"), nullptr);
}

TEST(WaveletFilterBanks, Coif1MatchesPyWavelets) {
    // PyWavelets 1.1.1: pywt.Wavelet("coif1").dec_lo and .dec_hi.
    const WaveletFilterBank* bank = findWaveletFilterBank("coif1");
    ASSERT_NE(bank, nullptr);
    ASSERT_EQ(bank->lowPass.size(), 6U);
    ASSERT_EQ(bank->highPass.size(), 6U);
    EXPECT_DOUBLE_EQ(bank->lowPass[0], -0.015655728135791993);
    EXPECT_DOUBLE_EQ(bank->lowPass[3], 0.8525720202116004);
    EXPECT_DOUBLE_EQ(bank->highPass[2], -0.8525720202116004);
    EXPECT_DOUBLE_EQ(bank->highPass[5], -0.015655728135791993);
}

TEST(WaveletFilterBanks, OrthogonalLowPassSumsToSqrtTwo) {
    // Hand derivation: an orthogonal or biorthogonal low-pass filter with
    // PyWavelets' normalisation sums to sqrt(2) and its high-pass to 0
    // (dmey's truncated high-pass sums to 1.1e-3 in PyWavelets 1.1.1, so it is left out).
    for (const WaveletFilterBank& bank : waveletFilterBanks()) {
        if (bank.name == "dmey") continue;
        double lowSum = 0.0;
        double highSum = 0.0;
        for (const double tap : bank.lowPass) lowSum += tap;
        for (const double tap : bank.highPass) highSum += tap;
        EXPECT_NEAR(lowSum, std::sqrt(2.0), 1e-9) << bank.name;
        EXPECT_NEAR(highSum, 0.0, 1e-9) << bank.name;
    }
}

TEST(WaveletTransform, OutputsInPyRadiomicsOrder) {
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    const auto subbands = stationaryWaveletTransform3D(makeVolume(4, 4, 4, 1.0), options);
    // PyWavelets' swtn key order aad, ada, add, daa, dad, dda, ddd, then PyRadiomics' approximation.
    const std::vector<std::string> expected{"LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"};
    ASSERT_EQ(subbands.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(subbands[i].decomposition, expected[i]);
        EXPECT_EQ(subbands[i].level, 1);
    }
}

TEST(WaveletTransform, HaarImpulseResponseAlongX) {
    // Hand derivation with PyWavelets' alignment y[n] = h0 x[n+1] + h1 x[n]
    // for Haar (h = [1, 1] / sqrt 2 low-pass, [-1, 1] / sqrt 2 high-pass): an
    // impulse at x = 3 gives HLL (high-pass in x, low-pass in y and z) of
    // -1/2^(3/2) at x = 2 and +1/2^(3/2) at x = 3 on rows y in {2, 3}, z in {2, 3}.
    ImageVolume volume = makeVolume(8, 8, 8);
    volume.at(3, 3, 3) = 1.0;
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    const auto subbands = stationaryWaveletTransform3D(volume, options);
    const ImageVolume& hll = findSubband(subbands, "HLL").image;
    const double amplitude = 1.0 / std::pow(2.0, 1.5);
    EXPECT_NEAR(hll.at(2, 3, 3), -amplitude, 1e-15);
    EXPECT_NEAR(hll.at(3, 3, 3), amplitude, 1e-15);
    EXPECT_NEAR(hll.at(3, 2, 2), amplitude, 1e-15);
    EXPECT_NEAR(hll.at(4, 3, 3), 0.0, 1e-15);
    EXPECT_NEAR(hll.at(3, 4, 3), 0.0, 1e-15);
    EXPECT_NEAR(findSubband(subbands, "LLL").image.at(2, 2, 2), amplitude, 1e-15);
}

TEST(WaveletTransform, OddSizeWrapsWithPaddedVoxel) {
    // Hand derivation of PyRadiomics' odd-size handling: an axis of 3 voxels
    // [a, b, c] is padded to [a, b, c, a] and filtered with period 4. With db2
    // (4 taps h0..h3, y[n] = sum_k h_k x[n + 2 - k]) voxel 2 reads padded
    // voxels 4, 3, 2, 1 = a, a, c, b; a period of 3 would read b, a, c, b.
    // Along y and z (2 voxels, constant) the low-pass gain is sqrt 2 each.
    const double a = 1.0;
    const double b = 10.0;
    const double c = 100.0;
    ImageVolume volume = makeVolume(3, 2, 2);
    for (std::size_t z = 0; z < 2; ++z) {
        for (std::size_t y = 0; y < 2; ++y) {
            volume.at(0, y, z) = a;
            volume.at(1, y, z) = b;
            volume.at(2, y, z) = c;
        }
    }
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("db2");
    const auto subbands = stationaryWaveletTransform3D(volume, options);
    const ImageVolume& lll = findSubband(subbands, "LLL").image;
    ASSERT_EQ(lll.geometry.size[0], 3U);
    const auto& h = options.filterBank->lowPass;
    EXPECT_NEAR(lll.at(2, 0, 0), (h[0] * a + h[1] * a + h[2] * c + h[3] * b) * 2.0, 1e-12);
    EXPECT_NEAR(lll.at(2, 1, 1), (h[0] * a + h[1] * a + h[2] * c + h[3] * b) * 2.0, 1e-12);
    // Voxel 0 reads padded voxels 2, 1, 0, -1 = c, b, a, a (voxel 3 of the period).
    EXPECT_NEAR(lll.at(0, 0, 0), (h[0] * c + h[1] * b + h[2] * a + h[3] * a) * 2.0, 1e-12);
}

TEST(WaveletTransform, Coif1MatchesPyRadiomicsSwt3) {
    // Reference values: PyWavelets 1.1.1 with PyRadiomics 3.1's _swt3 steps,
    // numpy.pad(m, ((0,1),(0,0),(0,1)), "wrap"), pywt.swtn(data, "coif1",
    // level=1, start_level=0, axes=(2, 1, 0)), cropped back, for the numpy array
    // m[z][y][x] = ((7x + 13y + 29z) mod 17) * 10 - 40 of shape (3, 4, 5).
    ImageVolume volume = makeVolume(5, 4, 3);
    for (std::size_t z = 0; z < 3; ++z) {
        for (std::size_t y = 0; y < 4; ++y) {
            for (std::size_t x = 0; x < 5; ++x) {
                volume.at(x, y, z) = static_cast<double>((7 * x + 13 * y + 29 * z) % 17) * 10.0 - 40.0;
            }
        }
    }
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("coif1");
    const auto subbands = stationaryWaveletTransform3D(volume, options);
    const double tolerance = 1e-12;
    // pywt key "aad" (x low, y low, z high) = LLH; voxel (x, y, z) = numpy [z][y][x].
    const ImageVolume& llh = findSubband(subbands, "LLH").image;
    EXPECT_NEAR(llh.at(0, 0, 0), -52.871005525742795, tolerance);
    EXPECT_NEAR(llh.at(4, 3, 2), -21.21407963229121, tolerance);
    EXPECT_NEAR(llh.at(1, 2, 1), 31.20536244591323, tolerance);
    const ImageVolume& hhl = findSubband(subbands, "HHL").image;
    EXPECT_NEAR(hhl.at(0, 0, 0), -93.8786981083172, tolerance);
    EXPECT_NEAR(hhl.at(4, 3, 2), 16.408778832854434, tolerance);
    EXPECT_NEAR(hhl.at(1, 2, 1), 73.8321918013285, tolerance);
    const ImageVolume& lll = findSubband(subbands, "LLL").image;
    EXPECT_NEAR(lll.at(0, 0, 0), 12.942356108847276, tolerance);
    EXPECT_NEAR(lll.at(4, 3, 2), 130.3834318727699, tolerance);
    EXPECT_NEAR(lll.at(1, 2, 1), 125.90438176301247, tolerance);
}

TEST(WaveletTransform, SecondLevelReappliesFirstLevelFilters) {
    // PyRadiomics' level 2 filters the level-1 approximation with the same
    // (undilated) Haar filters. For a constant image of value v every
    // low-pass pass multiplies by sqrt 2, so LLL of level 2 is v * 2^3 and
    // every detail subband is 0.
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    options.level = 2;
    const auto subbands = stationaryWaveletTransform3D(makeVolume(5, 4, 3, 2.0), options);
    ASSERT_EQ(subbands.size(), 15U);
    EXPECT_EQ(subbands[7].level, 2);
    EXPECT_EQ(subbands.back().decomposition, "LLL");
    EXPECT_EQ(subbands.back().level, 2);
    for (const double value : subbands.back().image.data) EXPECT_NEAR(value, 2.0 * 8.0, 1e-12);
    for (const double value : subbands[10].image.data) EXPECT_NEAR(value, 0.0, 1e-12);
}

TEST(WaveletTransform, TwoAxesMatchPyRadiomicsForce2D) {
    // Reference values: PyWavelets 1.1.1 with PyRadiomics 3.1's _swt3 steps
    // for force2D with force2Ddimension 1 (swtn axes (2, 0), so x and z),
    // haar, on the numpy array m[z][y][x] = ((7x + 13y + 29z) mod 17) * 10 - 40
    // of shape (3, 4, 5).
    ImageVolume volume = makeVolume(5, 4, 3);
    for (std::size_t z = 0; z < 3; ++z) {
        for (std::size_t y = 0; y < 4; ++y) {
            for (std::size_t x = 0; x < 5; ++x) {
                volume.at(x, y, z) = static_cast<double>((7 * x + 13 * y + 29 * z) % 17) * 10.0 - 40.0;
            }
        }
    }
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    options.transformAxes = {true, false, true};
    const auto subbands = stationaryWaveletTransform3D(volume, options);
    ASSERT_EQ(subbands.size(), 4U);
    EXPECT_EQ(subbands[0].decomposition, "LH");
    EXPECT_EQ(subbands[3].decomposition, "LL");
    EXPECT_NEAR(findSubband(subbands, "HL").image.at(4, 3, 2), 25.000000000000004, 1e-12);
    EXPECT_NEAR(findSubband(subbands, "LH").image.at(1, 2, 1), -35.0, 1e-12);
    EXPECT_NEAR(findSubband(subbands, "LL").image.at(0, 0, 0), 25.000000000000004, 1e-12);
}

TEST(WaveletTransform, RejectsInvalidLevel) {
    WaveletOptions options;
    options.filterBank = findWaveletFilterBank("haar");
    options.level = 0;
    EXPECT_THROW(stationaryWaveletTransform3D(makeVolume(4, 4, 4), options), InputError);
}

}  // namespace
}  // namespace pulmorad::radiomics::filters

// Tests of the streaming extraction: ImageType::generateEach gives the images
// of generate(), in its order and with its values, and a whole extraction
// gives identical rows with one and with two threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "filters_test_helpers.h"
#include "radiomics/extractor.h"
#include "radiomics/filters/filters.h"
#include "radiomics/filters/wavelet_filter_banks.h"
#include "radiomics/filters/wavelet_transform.h"
#include "radiomics/image_type.h"
#include "radiomics/parameter_file.h"

namespace pulmorad::radiomics {
namespace {

using image::ImageVolume;

/// A smooth pattern with noise-like detail, odd sizes on two axes so that the
/// wavelet's padding of odd axes is exercised.
ImageVolume makeVolume(std::size_t sizeX, std::size_t sizeY, std::size_t sizeZ) {
    ImageVolume volume;
    volume.geometry.size = {sizeX, sizeY, sizeZ};
    volume.data.resize(volume.geometry.voxelCount());
    for (std::size_t z = 0; z < sizeZ; ++z) {
        for (std::size_t y = 0; y < sizeY; ++y) {
            for (std::size_t x = 0; x < sizeX; ++x) {
                const double smooth = 300.0 * std::sin(0.3 * static_cast<double>(x)) *
                                      std::cos(0.2 * static_cast<double>(y) + 0.1 * static_cast<double>(z));
                const double detail = static_cast<double>((x * 37 + y * 11 + z * 7) % 101) - 50.0;
                volume.data[volume.index(x, y, z)] = smooth + detail;
            }
        }
    }
    return volume;
}

using test::wholeImageRoi;

/// Expects generateEach to pass on exactly the images of generate(), bit for bit.
void expectGenerateEachMatchesGenerate(const ImageType& type, const ImageVolume& image, const std::string& yaml) {
    const YAML::Node settings = YAML::Load(yaml);
    const image::Volume<std::uint8_t> roi = wholeImageRoi(image);
    const std::vector<DerivedImage> expected = type.generate(image, roi, settings);
    std::vector<DerivedImage> streamed;
    type.generateEach(image, roi, settings, [&](DerivedImage derived) { streamed.push_back(std::move(derived)); });
    ASSERT_EQ(streamed.size(), expected.size()) << type.name() << " " << yaml;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(streamed[i].prefix, expected[i].prefix);
        EXPECT_EQ(streamed[i].image.geometry.size, expected[i].image.geometry.size);
        EXPECT_EQ(streamed[i].image.data, expected[i].image.data) << expected[i].prefix;
    }
}

using StreamingImageTypes = test::FilterImageTypeFixture;

// Level 1 runs in two passes (low- then high-pass along x); LLL must still come last.
TEST_F(StreamingImageTypes, WaveletLevelOneMatchesGenerate) {
    expectGenerateEachMatchesGenerate(type("Wavelet"), makeVolume(15, 12, 9), "{}");
    expectGenerateEachMatchesGenerate(type("Wavelet"), makeVolume(15, 12, 9), "{wavelet: db2, start_level: 1}");
}

// Several levels and force2D take the default path or leave some passes empty.
TEST_F(StreamingImageTypes, WaveletOtherSettingsMatchGenerate) {
    expectGenerateEachMatchesGenerate(type("Wavelet"), makeVolume(15, 12, 9), "{level: 2}");
    for (const char* dimension : {"0", "1", "2"}) {
        expectGenerateEachMatchesGenerate(type("Wavelet"), makeVolume(15, 12, 9),
                                          std::string("{force2D: true, force2Ddimension: ") + dimension + "}");
    }
}

TEST_F(StreamingImageTypes, LogMatchesGenerate) {
    expectGenerateEachMatchesGenerate(type("LoG"), makeVolume(15, 12, 9), "{sigma: [1.0, 2.5]}");
}

// returnedBands computes a subset of the subbands with the values of the full transform.
TEST(WaveletReturnedBands, SubsetEqualsFullTransform) {
    filters::WaveletOptions options;
    options.filterBank = filters::findWaveletFilterBank("coif1");
    ASSERT_NE(options.filterBank, nullptr);
    const ImageVolume image = makeVolume(15, 12, 9);
    const std::vector<filters::WaveletSubband> full = filters::stationaryWaveletTransform3D(image, options);
    options.returnedBands = 0xF0U;  // high-pass along x: HLL, HLH, HHL, HHH
    const std::vector<filters::WaveletSubband> subset = filters::stationaryWaveletTransform3D(image, options);
    ASSERT_EQ(subset.size(), 4U);
    for (std::size_t i = 0; i < subset.size(); ++i) {
        EXPECT_EQ(subset[i].decomposition, full[i + 3].decomposition);
        EXPECT_EQ(subset[i].image.data, full[i + 3].image.data);
    }
}

// The whole extraction (Original, LoG, Wavelet; every class) gives the same row at any thread count.
TEST(StreamingExtraction, OneAndTwoThreadsGiveIdenticalRows) {
    ImageVolume image = makeVolume(30, 26, 22);
    image.geometry.spacing = {1.0, 1.0, 1.0};
    image::LabelVolume mask;
    mask.geometry = image.geometry;
    mask.data.assign(image.data.size(), 0.0);
    for (std::size_t z = 3; z < 19; ++z) {
        for (std::size_t y = 4; y < 22; ++y) {
            for (std::size_t x = 5; x < 25; ++x) {
                const double dx = (static_cast<double>(x) - 15.0) / 10.0;
                const double dy = (static_cast<double>(y) - 13.0) / 9.0;
                const double dz = (static_cast<double>(z) - 11.0) / 8.0;
                if (dx * dx + dy * dy + dz * dz <= 1.0) mask.data[mask.index(x, y, z)] = 1.0;
            }
        }
    }
    const ExtractionParameters parameters = parseParameters(
        "imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0]}\n  Wavelet: {}\n"
        "featureClass:\n  shape:\n  firstorder:\n  glcm:\n  glrlm:\n  glszm:\n  gldm:\n  ngtdm:\n"
        "setting:\n  binWidth: 10\n",
        "streaming-test.yaml");
    const Extractor extractor(parameters);
    image::ImageInfo info;
    const auto extractWith = [&](std::size_t threads) {
        tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
        return extractor.extract(image, info, mask, "image", "mask");
    };
    const FeatureRow one = extractWith(1);
    const FeatureRow two = extractWith(2);
    // 14 shape + 11 images x 93 first-order and texture features.
    ASSERT_EQ(one.features.size(), 14U + 11U * 93U);
    ASSERT_EQ(two.features.size(), one.features.size());
    EXPECT_EQ(one.features.front().first, "original_shape_Elongation");
    EXPECT_EQ(one.features.back().first, "wavelet-LLL_ngtdm_Strength");
    for (std::size_t i = 0; i < one.features.size(); ++i) {
        EXPECT_EQ(two.features[i].first, one.features[i].first);
        // Identical bits, NaN included.
        EXPECT_TRUE(two.features[i].second == one.features[i].second ||
                    (std::isnan(two.features[i].second) && std::isnan(one.features[i].second)))
            << one.features[i].first;
    }
}

}  // namespace
}  // namespace pulmorad::radiomics

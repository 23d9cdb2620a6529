#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "filters_test_helpers.h"
#include "common/errors.h"
#include "radiomics/filters/filter_settings.h"
#include "radiomics/filters/filters.h"
#include "radiomics/filters/intensity_filters.h"
#include "radiomics/filters/local_binary_pattern.h"

namespace pulmorad::radiomics {
namespace {

using image::ImageVolume;

ImageVolume makeVolume(std::size_t sizeX, std::size_t sizeY, std::size_t sizeZ) {
    ImageVolume volume;
    volume.geometry.size = {sizeX, sizeY, sizeZ};
    volume.data.assign(volume.geometry.voxelCount(), 0.0);
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>((i * 37) % 101) - 50.0;
    }
    return volume;
}

using test::wholeImageRoi;

/// The filter image types, and the prefixes of the images they generate.
class FilterImageTypes : public test::FilterImageTypeFixture {
protected:
    std::vector<std::string> prefixes(const std::string& name, const ImageVolume& image,
                                      const std::string& yaml) const {
        std::vector<std::string> result;
        for (const auto& derived : type(name).generate(image, wholeImageRoi(image), YAML::Load(yaml))) {
            result.push_back(derived.prefix);
            EXPECT_EQ(derived.image.geometry.size, image.geometry.size);
        }
        return result;
    }
};

TEST_F(FilterImageTypes, RegistersPyRadiomicsNames) {
    for (const char* name : {"LoG", "Wavelet", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient",
                             "LBP2D", "LBP3D"}) {
        EXPECT_NO_THROW(type(name)) << name;
    }
}

TEST_F(FilterImageTypes, LogNamesFollowPythonNumberText) {
    // PyRadiomics 3.1 names: "log-sigma-%s-mm-3D" % str(sigma) with "." -> "-";
    // PyYAML reads "3" as int 3 and "1.0" as float 1.0.
    const ImageVolume image = makeVolume(12, 12, 12);
    const std::vector<std::string> names = prefixes("LoG", image, "{sigma: [1.0, 3, 2.50]}");
    EXPECT_EQ(names,
              (std::vector<std::string>{"log-sigma-1-0-mm-3D", "log-sigma-3-mm-3D", "log-sigma-2-5-mm-3D"}));
}

TEST_F(FilterImageTypes, LogWithoutSigmaIsRejected) {
    EXPECT_THROW(type("LoG").validate(YAML::Load("{sigma: []}")), InputError);
    EXPECT_THROW(type("LoG").validate(YAML::Load("{binWidth: 25}")), InputError);
    EXPECT_THROW(type("LoG").validate(YAML::Load("{sigma: [1.0, 0]}")), InputError);
    EXPECT_NO_THROW(type("LoG").validate(YAML::Load("{sigma: [1.0, 2.0]}")));
}

TEST_F(FilterImageTypes, LogRejectsImageTooSmallForSigma) {
    // PyRadiomics' support check: each axis needs ceil(sigma / spacing) + 1 voxels,
    // here ceil(5 / 1) + 1 = 6 > 5; and at least 4 voxels along every axis.
    const ImageVolume image = makeVolume(5, 8, 8);
    EXPECT_THROW(type("LoG").generate(image, wholeImageRoi(image), YAML::Load("{sigma: [5.0]}")), InputError);
    EXPECT_NO_THROW(type("LoG").generate(image, wholeImageRoi(image), YAML::Load("{sigma: [4.0]}")));
    const ImageVolume flat = makeVolume(3, 8, 8);
    EXPECT_THROW(type("LoG").generate(flat, wholeImageRoi(flat), YAML::Load("{sigma: [1.0]}")), InputError);
}

TEST_F(FilterImageTypes, WaveletNamesAndLevels) {
    const ImageVolume image = makeVolume(6, 5, 4);
    EXPECT_EQ(prefixes("Wavelet", image, "{}"),
              (std::vector<std::string>{"wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL",
                                        "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"}));
    // PyRadiomics 3.1: levels after the first carry their number; the final
    // approximation carries the number of returned levels.
    const std::vector<std::string> twoLevels =
        prefixes("Wavelet", image, "{wavelet: haar, level: 2, start_level: 1}");
    ASSERT_EQ(twoLevels.size(), 15U);
    EXPECT_EQ(twoLevels[0], "wavelet-LLH");
    EXPECT_EQ(twoLevels[7], "wavelet2-LLH");
    EXPECT_EQ(twoLevels[14], "wavelet2-LLL");
}

TEST_F(FilterImageTypes, WaveletForce2DUsesSlicePlane) {
    // PyRadiomics 3.1 with force2D drops force2Ddimension (a numpy axis) from
    // swtn's axes: dimension 0 (z) leaves x and y, giving LH, HL, HH and LL.
    const ImageVolume image = makeVolume(6, 5, 4);
    EXPECT_EQ(prefixes("Wavelet", image, "{force2D: true, force2Ddimension: 0}"),
              (std::vector<std::string>{"wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"}));
}

TEST_F(FilterImageTypes, UnknownWaveletListsFamilies) {
    try {
        type("Wavelet").validate(YAML::Load("{wavelet: coif99}"));
        FAIL() << "coif99 was accepted";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("coif99"), std::string::npos);
        EXPECT_NE(message.find("coif1-coif17"), std::string::npos);
        EXPECT_NE(message.find("bior"), std::string::npos);
    }
    EXPECT_THROW(type("Wavelet").validate(YAML::Load("{level: 0}")), InputError);
    EXPECT_NO_THROW(type("Wavelet").validate(YAML::Load("{wavelet: rbio3.9}")));
}

TEST_F(FilterImageTypes, SimpleFilterPrefixes) {
    const ImageVolume image = makeVolume(6, 6, 6);
    EXPECT_EQ(prefixes("Square", image, "{}"), std::vector<std::string>{"square"});
    EXPECT_EQ(prefixes("SquareRoot", image, "{}"), std::vector<std::string>{"squareroot"});
    EXPECT_EQ(prefixes("Logarithm", image, "{}"), std::vector<std::string>{"logarithm"});
    EXPECT_EQ(prefixes("Exponential", image, "{}"), std::vector<std::string>{"exponential"});
    EXPECT_EQ(prefixes("Gradient", image, "{}"), std::vector<std::string>{"gradient"});
    EXPECT_EQ(prefixes("LBP2D", image, "{force2D: true}"), std::vector<std::string>{"lbp-2D"});
}


TEST_F(FilterImageTypes, Lbp2DRejectsUnknownMethod) {
    EXPECT_THROW(type("LBP2D").validate(YAML::Load("{lbp2DMethod: circular}")), InputError);
    EXPECT_THROW(type("LBP2D").validate(YAML::Load("{lbp2DRadius: 0}")), InputError);
}

/// Returns a 3 x 1 x 1 volume of three values, for the voxel-wise filters.
ImageVolume threeVoxels(double first, double second, double third) {
    ImageVolume volume;
    volume.geometry.size = {3, 1, 1};
    volume.data = {first, second, third};
    return volume;
}

TEST(IntensityFilters, SquareScalesByMaximum) {
    // Hand derivation: M = 100, f(x) = (x / sqrt(100))^2 = x^2 / 100.
    const ImageVolume result = filters::squareImage(threeVoxels(-100.0, 20.0, 0.0));
    EXPECT_DOUBLE_EQ(result.data[0], 100.0);
    EXPECT_DOUBLE_EQ(result.data[1], 4.0);
    EXPECT_DOUBLE_EQ(result.data[2], 0.0);
}

TEST(IntensityFilters, SquareRootKeepsSign) {
    // Hand derivation: M = 100, f(x) = sign(x) sqrt(|x| * 100).
    const ImageVolume result = filters::squareRootImage(threeVoxels(-100.0, 25.0, 0.0));
    EXPECT_DOUBLE_EQ(result.data[0], -100.0);
    EXPECT_DOUBLE_EQ(result.data[1], 50.0);
    EXPECT_DOUBLE_EQ(result.data[2], 0.0);
}

TEST(IntensityFilters, LogarithmRescalesToMaximum) {
    // Hand derivation: M = 99, f(x) = sign(x) log(|x| + 1) * 99 / log(100).
    const ImageVolume result = filters::logarithmImage(threeVoxels(-99.0, 9.0, 0.0));
    EXPECT_NEAR(result.data[0], -99.0, 1e-12);
    EXPECT_NEAR(result.data[1], std::log(10.0) * 99.0 / std::log(100.0), 1e-12);
    EXPECT_DOUBLE_EQ(result.data[2], 0.0);
}

TEST(IntensityFilters, ExponentialMapsMaximumToItself) {
    // Hand derivation: M = 100, f(x) = exp(x log(100) / 100): f(100) = 100,
    // f(-100) = 1/100, f(0) = 1.
    const ImageVolume result = filters::exponentialImage(threeVoxels(-100.0, 100.0, 0.0));
    EXPECT_NEAR(result.data[0], 0.01, 1e-15);
    EXPECT_NEAR(result.data[1], 100.0, 1e-12);
    EXPECT_DOUBLE_EQ(result.data[2], 1.0);
}

TEST(IntensityFilters, ZeroImageIsRejected) {
    const ImageVolume zeros = threeVoxels(0.0, 0.0, 0.0);
    EXPECT_THROW(filters::squareImage(zeros), InputError);
    EXPECT_THROW(filters::logarithmImage(zeros), InputError);
    EXPECT_THROW(filters::exponentialImage(zeros), InputError);
    EXPECT_NO_THROW(filters::squareRootImage(zeros));
}

/// Returns the 5 x 6 slice (rows y, columns x) of the LBP reference values: numpy
/// (arange(30).reshape(5, 6) * 37) % 11.
ImageVolume lbpSlice() {
    ImageVolume volume;
    volume.geometry.size = {6, 5, 1};
    volume.data.resize(30);
    for (std::size_t i = 0; i < 30; ++i) volume.data[i] = static_cast<double>((i * 37) % 11);
    return volume;
}

TEST(LocalBinaryPattern, MatchesScikitImage) {
    // Reference values: scikit-image 0.19.3,
    // skimage.feature.local_binary_pattern(slice, P=8, R=1, method=...).
    const ImageVolume slice = lbpSlice();
    const std::vector<double> defaultCodes{255, 193, 64,  251, 65,  0,   195, 67,  0,  251,
                                           64,  255, 195, 64,  255, 75,  0,   120, 67, 0,
                                           251, 64,  255, 72,  0,   191, 11,  0,   59, 0};
    const std::vector<double> uniformCodes{8, 3, 1, 7, 9, 0, 4, 9, 0, 7, 1, 8, 4, 1, 8,
                                           9, 0, 4, 9, 0, 7, 1, 8, 9, 0, 7, 9, 0, 9, 0};
    const std::vector<double> rorCodes{255, 7, 1,  127, 5, 0,   15, 13,  0, 127, 1,   255, 15, 1,  255,
                                       45,  0, 15, 13,  0, 127, 1,  255, 9, 0,   127, 11,  0,  59, 0};
    const std::vector<double> nriCodes{57, 19, 3,  54, 58, 0,  27, 58, 0,  54, 3,  57, 27, 3,  57,
                                       58, 0,  30, 58, 0,  54, 3,  57, 58, 0,  50, 58, 0,  58, 0};
    const auto check = [&](filters::LbpMethod method, const std::vector<double>& expected) {
        const ImageVolume result = filters::localBinaryPattern2D(slice, 1.0, 8, method, 0);
        for (std::size_t i = 0; i < expected.size(); ++i)
            EXPECT_EQ(result.data[i], expected[i]) << "voxel " << i;
    };
    check(filters::LbpMethod::defaultCode, defaultCodes);
    check(filters::LbpMethod::uniform, uniformCodes);
    check(filters::LbpMethod::rotationInvariant, rorCodes);
    check(filters::LbpMethod::nonRotationInvariantUniform, nriCodes);

    // method="var": population variance of the 8 interpolated neighbours.
    const ImageVolume variance =
        filters::localBinaryPattern2D(slice, 1.0, 8, filters::LbpMethod::variance, 0);
    EXPECT_NEAR(variance.data[0], 2.796127961523963, 1e-12);
    EXPECT_NEAR(variance.data[1], 10.807332997074441, 1e-12);
    EXPECT_NEAR(variance.data[29], 1.5153513610679545, 1e-12);
}

TEST(LocalBinaryPattern, RadiusAndSamplesMatchScikitImage) {
    // Reference values: scikit-image 0.19.3,
    // local_binary_pattern(slice, P=12, R=1.5, method="uniform").
    const std::vector<double> expected{12, 4, 0,  9, 1, 0,  6, 13, 0, 13, 0, 12, 6, 1, 12,
                                       13, 0, 13, 3, 0, 10, 1, 12, 2, 1,  9, 13, 0, 7, 0};
    const ImageVolume result =
        filters::localBinaryPattern2D(lbpSlice(), 1.5, 12, filters::LbpMethod::uniform, 0);
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(result.data[i], expected[i]) << "voxel " << i;
}

TEST(LocalBinaryPattern, SlicesFollowForce2DDimension) {
    // The same slice laid in the x-z plane (rows z, columns x) and processed
    // with force2Ddimension 1 gives the same codes.
    const ImageVolume slice = lbpSlice();
    ImageVolume coronal;
    coronal.geometry.size = {6, 1, 5};
    coronal.data = slice.data;
    const ImageVolume axial = filters::localBinaryPattern2D(slice, 1.0, 8, filters::LbpMethod::uniform, 0);
    const ImageVolume result = filters::localBinaryPattern2D(coronal, 1.0, 8, filters::LbpMethod::uniform, 1);
    EXPECT_EQ(result.data, axial.data);
}

TEST(FilterSettings, PythonFloatRepr) {
    // Python 3.11: repr(1.0), repr(0.5), repr(1e-05), repr(1e16), repr(2.5e-4), repr(123.25).
    EXPECT_EQ(filters::pythonFloatRepr(1.0), "1.0");
    EXPECT_EQ(filters::pythonFloatRepr(0.5), "0.5");
    EXPECT_EQ(filters::pythonFloatRepr(1e-5), "1e-05");
    EXPECT_EQ(filters::pythonFloatRepr(1e16), "1e+16");
    EXPECT_EQ(filters::pythonFloatRepr(2.5e-4), "0.00025");
    EXPECT_EQ(filters::pythonFloatRepr(123.25), "123.25");
    EXPECT_EQ(filters::pythonFloatRepr(1.2345678901234568e+17), "1.2345678901234568e+17");
}

}  // namespace
}  // namespace pulmorad::radiomics

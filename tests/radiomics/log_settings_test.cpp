// The LoG kernel settings logKernel and logPadding: parsing, the LoG image
// type's use of them, and the error for an invalid value from the command line.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "extract_test_helpers.h"
#include "image/filters/log_filter.h"
#include "radiomics/image_type.h"
#include "radiomics/parameter_file.h"

namespace pulmorad::radiomics {
namespace {

namespace fs = std::filesystem;
using image::filters::BoundaryPadding;
using image::filters::LogKernel;
using image::filters::LogOptions;

std::string errorOf(const std::string& yaml) {
    try {
        parseParameters(yaml, "params.yaml");
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

image::ImageVolume makeNoiseVolume() {
    image::ImageVolume volume;
    volume.geometry.size = {17, 15, 11};
    volume.geometry.spacing = {1.0, 1.0, 2.0};
    volume.data.resize(volume.geometry.voxelCount());
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>((i * 7919) % 2001) - 1000.0;
    }
    return volume;
}

/// Runs the LoG image type as the extractor does, with the settings in effect for it.
image::ImageVolume logImageFromParameters(const std::string& yaml, const image::ImageVolume& image) {
    const ExtractionParameters parameters = parseParameters(yaml, "params.yaml");
    const ImageTypeEntry* entry = nullptr;
    for (const ImageTypeEntry& candidate : parameters.imageTypes) {
        if (candidate.name == "LoG") entry = &candidate;
    }
    if (entry == nullptr) throw std::runtime_error("no LoG image type in the parameters");
    image::Volume<std::uint8_t> roi;
    roi.geometry = image.geometry;
    roi.data.assign(image.data.size(), 1);
    const auto images = findImageType("LoG")->generate(image, roi, effectiveSettings(parameters, entry));
    if (images.size() != 1) throw std::runtime_error("expected one LoG image");
    EXPECT_EQ(images[0].prefix, "log-sigma-2-0-mm-3D");
    return images[0].image;
}

TEST(LogSettings, DefaultIsRecursiveWithNearestPadding) {
    // Reference: the filter called directly with PyRadiomics' kernel.
    const image::ImageVolume image = makeNoiseVolume();
    const image::ImageVolume fromParameters =
        logImageFromParameters("imageType:\n  LoG: {sigma: [2.0]}\n", image);
    EXPECT_EQ(fromParameters.data, image::filters::laplacianOfGaussian(image, 2.0).data);

    // Left unset, the two pulmorad settings stay out of the effective settings, so the
    // diagnostics and configuration hash of a PyRadiomics parameter file do not change.
    const YAML::Node settings = effectiveSettings(parseParameters("", "empty.yaml"));
    EXPECT_FALSE(settings["logKernel"]);
    EXPECT_FALSE(settings["logPadding"]);
}

TEST(LogSettings, SampledKernelWithPadding) {
    // Reference: the filter called directly with the sampled kernel and each padding,
    // set globally or under the image type.
    const image::ImageVolume image = makeNoiseVolume();
    for (const auto& [name, padding] :
         std::vector<std::pair<std::string, BoundaryPadding>>{{"zero", BoundaryPadding::zero},
                                                              {"nearest", BoundaryPadding::nearest},
                                                              {"mirror", BoundaryPadding::mirror},
                                                              {"periodic", BoundaryPadding::periodic}}) {
        SCOPED_TRACE(name);
        LogOptions options;
        options.kernel = LogKernel::sampled;
        options.padding = padding;
        const auto expected = image::filters::laplacianOfGaussian(image, 2.0, options).data;

        const image::ImageVolume global = logImageFromParameters(
            "setting:\n  logKernel: sampled\n  logPadding: " + name + "\nimageType:\n  LoG: {sigma: [2.0]}\n",
            image);
        EXPECT_EQ(global.data, expected);
        const image::ImageVolume local = logImageFromParameters(
            "imageType:\n  LoG: {sigma: [2.0], logKernel: sampled, logPadding: " + name + "}\n", image);
        EXPECT_EQ(local.data, expected);
    }

    // The two kernels give different images, so the setting is not ignored.
    const image::ImageVolume recursive = logImageFromParameters("imageType:\n  LoG: {sigma: [2.0]}\n", image);
    const image::ImageVolume sampled =
        logImageFromParameters("imageType:\n  LoG: {sigma: [2.0], logKernel: sampled}\n", image);
    EXPECT_NE(recursive.data, sampled.data);
}

TEST(LogSettings, InvalidValuesAreRejected) {
    const std::string kernel = errorOf("setting:\n  logKernel: gaussian\n");
    EXPECT_NE(kernel.find("params.yaml"), std::string::npos) << kernel;
    EXPECT_NE(kernel.find("logKernel"), std::string::npos) << kernel;
    EXPECT_NE(kernel.find("gaussian"), std::string::npos) << kernel;
    EXPECT_NE(kernel.find("recursive, sampled"), std::string::npos) << kernel;

    const std::string padding =
        errorOf("imageType:\n  LoG: {sigma: [1.0], logKernel: sampled, logPadding: wrap}\n");
    EXPECT_NE(padding.find("logPadding"), std::string::npos) << padding;
    EXPECT_NE(padding.find("wrap"), std::string::npos) << padding;
    EXPECT_NE(padding.find("nearest, zero, mirror, periodic"), std::string::npos) << padding;
}

TEST(LogSettings, RecursiveKernelNeedsNearestPadding) {
    // ITK's recursive filter always repeats the edge voxels.
    const std::string error = errorOf("setting:\n  logPadding: mirror\nimageType:\n  LoG: {sigma: [1.0]}\n");
    EXPECT_EQ(error.rfind("params.yaml: imageType LoG:", 0), 0u) << error;
    EXPECT_NE(error.find("logPadding mirror"), std::string::npos) << error;
    EXPECT_NE(error.find("logKernel: sampled"), std::string::npos) << error;

    // Without a LoG image type the setting has no effect, like other filter settings.
    EXPECT_EQ(errorOf("setting:\n  logPadding: mirror\n"), "");
}

TEST(LogSettings, CommandLineRejectsUnknownKernel) {
    // `pulmorad extract` on PyRadiomics' breast1 case: exit status 2 and one
    // error line naming the setting, the value and the accepted values.
    const fs::path folder = test::makeTemporaryFolder("pulmorad-log-settings");
    const fs::path output = folder / "out.csv";
    const test::CommandResult result = test::runPulmorad(
        {"--quiet", "extract", test::referencePath("pyradiomics/images/breast1_image.nrrd").string(),
         test::referencePath("pyradiomics/images/breast1_label.nrrd").string(), "--setting", "logKernel:ibsi",
         "-o", output.string()});
    EXPECT_EQ(result.exitStatus, 2) << result.standardError;
    const std::vector<std::string> lines = test::errorLines(result.standardError);
    ASSERT_EQ(lines.size(), 1u) << result.standardError;
    const std::string& errorLine = lines.front();
    EXPECT_NE(errorLine.find("logKernel"), std::string::npos) << errorLine;
    EXPECT_NE(errorLine.find("ibsi"), std::string::npos) << errorLine;
    EXPECT_NE(errorLine.find("recursive, sampled"), std::string::npos) << errorLine;
    EXPECT_FALSE(fs::exists(output));
    fs::remove_all(folder);
}

TEST(LogSettings, CommandLineExtractsWithSampledKernel) {
    // End to end on breast1 (first-order features only): the sampled kernel changes
    // the LoG features and leaves the original ones alone, and the diagnostics
    // record the kernel in effect.
    const fs::path folder = test::makeTemporaryFolder("pulmorad-log-extract");
    const auto extract = [&](const std::string& name, const std::string& kernelSettings) {
        const fs::path parameters = folder / (name + ".yaml");
        std::ofstream(parameters) << "setting:\n  binWidth: 25\n"
                                  << kernelSettings
                                  << "imageType:\n  Original: {}\n  LoG: {sigma: [2.0]}\n"
                                     "featureClass:\n  firstorder:\n";
        const fs::path output = folder / (name + ".csv");
        const test::CommandResult result = test::runPulmorad(
            {"--quiet", "extract", test::referencePath("pyradiomics/images/breast1_image.nrrd").string(),
             test::referencePath("pyradiomics/images/breast1_label.nrrd").string(), "--param",
             parameters.string(), "-o", output.string()});
        EXPECT_EQ(result.exitStatus, 0) << result.standardError;
        return test::readSingleRow(output);
    };
    auto recursive = extract("recursive", "");
    auto sampled = extract("sampled", "  logKernel: sampled\n  logPadding: mirror\n");
    fs::remove_all(folder);

    const std::string logMean = "log-sigma-2-0-mm-3D_firstorder_Mean";
    ASSERT_EQ(recursive.count(logMean), 1u);
    ASSERT_EQ(sampled.count(logMean), 1u);
    EXPECT_NE(recursive[logMean], sampled[logMean]);
    EXPECT_EQ(recursive["original_firstorder_Mean"], sampled["original_firstorder_Mean"]);
    EXPECT_EQ(recursive["diagnostics_Configuration_Settings"].find("logKernel"), std::string::npos)
        << recursive["diagnostics_Configuration_Settings"];
    EXPECT_NE(sampled["diagnostics_Configuration_Settings"].find("logKernel: sampled"), std::string::npos)
        << sampled["diagnostics_Configuration_Settings"];
    EXPECT_NE(sampled["diagnostics_Configuration_Settings"].find("logPadding: mirror"), std::string::npos)
        << sampled["diagnostics_Configuration_Settings"];
}

TEST(LogSettings, SampledKernelBelowSpacingWarns) {
    // breast1 has 2.1 mm slices: sigma 1 mm is s = 0.48 voxel along z, where the
    // sampled second-derivative taps sum to -0.20 (hand sum of
    // (n^2/s^4 - 1/s^2) g(n) s^2 over n = -2..2), not zero.
    const fs::path folder = test::makeTemporaryFolder("pulmorad-log-small-sigma");
    const fs::path parameters = folder / "sampled.yaml";
    std::ofstream(parameters) << "setting:\n  logKernel: sampled\nimageType:\n  LoG: {sigma: [1.0]}\n"
                                 "featureClass:\n  firstorder: [Mean]\n";
    const test::CommandResult result = test::runPulmorad(
        {"extract", test::referencePath("pyradiomics/images/breast1_image.nrrd").string(),
         test::referencePath("pyradiomics/images/breast1_label.nrrd").string(), "--param", parameters.string(),
         "-o", (folder / "out.csv").string()});
    EXPECT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("sampled kernel's taps no longer sum to zero"), std::string::npos)
        << result.standardError;
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::radiomics

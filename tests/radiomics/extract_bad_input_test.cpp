// Invalid input to `pulmorad extract`: each case must exit with status 2 and
// print one error line that names the file or setting, the value and the fix.
// The images are PyRadiomics' small breast1 test case (45 x 120 x 21 voxels).

#include <gtest/gtest.h>

#include <fstream>

#include "extract_test_helpers.h"
#include "image/image_io.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

class ExtractBadInput : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = makeTemporaryFolder("pulmorad-bad-input");
        image_ = referencePath("pyradiomics/images/breast1_image.nrrd");
        mask_ = referencePath("pyradiomics/images/breast1_label.nrrd");
        label_ = image::readImage(mask_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    /// Writes `volume` as a mask file in the temporary folder.
    fs::path writeMask(const image::ImageVolume& volume, const std::string& name,
                       const std::string& pixelType = "uint8") {
        fs::path path = folder_ / name;
        image::writeImage(volume, path, pixelType);
        return path;
    }

    /// Runs extract and checks exit status 2 and a single error line holding every fragment.
    void expectInputError(const std::vector<std::string>& arguments,
                          const std::vector<std::string>& fragments) {
        std::vector<std::string> command{"--quiet", "extract"};
        command.insert(command.end(), arguments.begin(), arguments.end());
        command.insert(command.end(), {"-o", (folder_ / "out.csv").string()});
        CommandResult result = runPulmorad(command);
        EXPECT_EQ(result.exitStatus, 2) << result.standardError;
        const std::vector<std::string> lines = errorLines(result.standardError);
        ASSERT_EQ(lines.size(), 1u) << result.standardError;
        const std::string& errorLine = lines.front();
        for (const std::string& fragment : fragments) {
            EXPECT_NE(errorLine.find(fragment), std::string::npos)
                << "missing '" << fragment << "' in: " << errorLine;
        }
        EXPECT_FALSE(fs::exists(folder_ / "out.csv"));
    }

    fs::path folder_;
    fs::path image_;
    fs::path mask_;
    image::ImageVolume label_;
};

TEST_F(ExtractBadInput, SizeMismatch) {
    image::ImageVolume smaller = label_;
    smaller.geometry.size[2] -= 1;
    smaller.data.resize(smaller.geometry.voxelCount());
    fs::path mask = writeMask(smaller, "smaller.nrrd");
    expectInputError({image_.string(), mask.string()},
                     {mask.string(), "size", "belongs to this image", "correctMask"});
}

TEST_F(ExtractBadInput, SpacingMismatch) {
    image::ImageVolume stretched = label_;
    stretched.geometry.spacing[0] *= 1.01;
    fs::path mask = writeMask(stretched, "stretched.nrrd");
    expectInputError({image_.string(), mask.string()}, {mask.string(), "spacing", "geometryTolerance"});
}

TEST_F(ExtractBadInput, OriginMismatch) {
    image::ImageVolume shifted = label_;
    shifted.geometry.origin[0] += 1.0;  // 1 mm, about 1.5 voxels
    fs::path mask = writeMask(shifted, "shifted.nrrd");
    expectInputError({image_.string(), mask.string()}, {mask.string(), "origin", "geometryTolerance"});
}

TEST_F(ExtractBadInput, LabelAbsentFrom0And255Mask) {
    image::ImageVolume scaled = label_;
    for (double& value : scaled.data) {
        value *= 255.0;
    }
    fs::path mask = writeMask(scaled, "mask255.nrrd");
    expectInputError({image_.string(), mask.string()},
                     {mask.string(), "label 1", "0, 255", "label: 255", "all"});
}

TEST_F(ExtractBadInput, LabelAbsentFromFloatMask) {
    image::ImageVolume fractional = label_;
    for (double& value : fractional.data) {
        value /= 255.0;
    }
    fs::path mask = writeMask(fractional, "float-mask.nrrd", "float64");
    expectInputError({image_.string(), mask.string()},
                     {mask.string(), "0, 0.00392156862745098", "label: all"});
}

TEST_F(ExtractBadInput, EmptyMask) {
    image::ImageVolume empty = label_;
    std::fill(empty.data.begin(), empty.data.end(), 0.0);
    fs::path mask = writeMask(empty, "empty.nrrd");
    expectInputError({image_.string(), mask.string()}, {mask.string(), "empty"});
}

TEST_F(ExtractBadInput, SingleVoxelMask) {
    image::ImageVolume single = label_;
    std::fill(single.data.begin(), single.data.end(), 0.0);
    single.at(20, 60, 10) = 1.0;
    fs::path mask = writeMask(single, "single.nrrd");
    expectInputError({image_.string(), mask.string()}, {mask.string(), "single voxel"});
}

TEST_F(ExtractBadInput, RoiThinnerThanMinimumDimensions) {
    // Keep one slice of the ROI: a 2D ROI, while minimumROIDimensions 3 requires a volume.
    image::ImageVolume slice = label_;
    for (std::size_t z = 0; z < slice.geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < slice.geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < slice.geometry.size[0]; ++x) {
                if (z != 9) {
                    slice.at(x, y, z) = 0.0;
                }
            }
        }
    }
    fs::path mask = writeMask(slice, "slice.nrrd");
    expectInputError({image_.string(), mask.string(), "--setting", "minimumROIDimensions:3"},
                     {mask.string(), "minimumROIDimensions 3", "lower minimumROIDimensions to 2"});
}

TEST_F(ExtractBadInput, UnknownYamlKey) {
    fs::path parameters = folder_ / "params.yaml";
    std::ofstream(parameters) << "setting:\n  binwidth: 25\n";
    expectInputError({image_.string(), mask_.string(), "--param", parameters.string()},
                     {parameters.string(), "'binwidth'", "binWidth"});
}

TEST_F(ExtractBadInput, MisspeltImageTypeAndFeature) {
    fs::path imageType = folder_ / "image-type.yaml";
    std::ofstream(imageType) << "imageType:\n  Orginal: {}\n";
    expectInputError({image_.string(), mask_.string(), "--param", imageType.string()},
                     {imageType.string(), "'Orginal'", "Original"});
    fs::path feature = folder_ / "feature.yaml";
    std::ofstream(feature) << "featureClass:\n  glcm: [Contrats]\n";
    expectInputError({image_.string(), mask_.string(), "--param", feature.string()},
                     {feature.string(), "'Contrats'", "Contrast"});
}

TEST_F(ExtractBadInput, MalformedYaml) {
    fs::path parameters = folder_ / "broken.yaml";
    std::ofstream(parameters) << "setting:\n  binWidth: [25\n  label: 1\n";
    expectInputError({image_.string(), mask_.string(), "--param", parameters.string()},
                     {parameters.string(), "malformed YAML", "line"});
}

TEST_F(ExtractBadInput, InvalidSettingValue) {
    expectInputError({image_.string(), mask_.string(), "--setting", "binWidth:-5"},
                     {"binWidth", "-5", "> 0"});
}

TEST_F(ExtractBadInput, UnreadableImage) {
    fs::path missing = folder_ / "missing.nrrd";
    expectInputError({missing.string(), mask_.string()}, {missing.string()});
}

TEST_F(ExtractBadInput, TruncatedImage) {
    std::string bytes = readFile(image_);
    fs::path truncated = folder_ / "truncated.nrrd";
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    expectInputError({truncated.string(), mask_.string()}, {truncated.string()});
}

TEST_F(ExtractBadInput, FolderWithoutDicomSeries) {
    fs::path emptyFolder = folder_ / "no-dicom";
    fs::create_directories(emptyFolder);
    expectInputError({emptyFolder.string(), mask_.string()}, {emptyFolder.string(), "DICOM"});
}

}  // namespace
}  // namespace pulmorad::test

// Label selection through `pulmorad extract`: the `label: all` and list
// extensions that merge labels, and the WARNING for labels left out.
// The mask is PyRadiomics' breast1 ROI (143 voxels on slices 8-10) split
// into label 1 (slices 8 and 9: 103 voxels) and label 2 (slice 10: 40 voxels).

#include <gtest/gtest.h>

#include "extract_test_helpers.h"
#include "image/image_io.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

class ExtractLabels : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = makeTemporaryFolder("pulmorad-labels");
        image_ = referencePath("pyradiomics/images/breast1_image.nrrd");
        image::ImageVolume label = image::readImage(referencePath("pyradiomics/images/breast1_label.nrrd"));
        for (std::size_t z = 10; z < label.geometry.size[2]; ++z) {
            for (std::size_t y = 0; y < label.geometry.size[1]; ++y) {
                for (std::size_t x = 0; x < label.geometry.size[0]; ++x) {
                    if (label.at(x, y, z) != 0.0) {
                        label.at(x, y, z) = 2.0;
                    }
                }
            }
        }
        mask_ = folder_ / "two-labels.nrrd";
        image::writeImage(label, mask_, "uint8");
    }
    void TearDown() override { fs::remove_all(folder_); }

    std::map<std::string, std::string> extract(const std::vector<std::string>& extra,
                                               std::string* log = nullptr) {
        fs::path output = folder_ / "out.csv";
        std::vector<std::string> arguments{"extract", image_.string(), mask_.string(), "-o", output.string()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        CommandResult result = runPulmorad(arguments);
        EXPECT_EQ(result.exitStatus, 0) << result.standardError;
        if (log != nullptr) {
            *log = result.standardError;
        }
        return readSingleRow(output);
    }

    fs::path folder_;
    fs::path image_;
    fs::path mask_;
};

TEST_F(ExtractLabels, DefaultLabelWarnsAboutOthers) {
    std::string log;
    auto row = extract({}, &log);
    EXPECT_EQ(row["diagnostics_Mask-original_VoxelNum"], "103");  // slices 8 and 9: 21 + 82 voxels
    EXPECT_NE(log.find("warning"), std::string::npos) << log;
    EXPECT_NE(log.find("label(s) 2"), std::string::npos) << log;
}

TEST_F(ExtractLabels, AllMergesEveryLabel) {
    std::string log;
    auto row = extract({"--setting", "label:all"}, &log);
    EXPECT_EQ(row["diagnostics_Mask-original_VoxelNum"], "143");  // 21 + 82 + 40 voxels
    EXPECT_EQ(log.find("leaves out"), std::string::npos) << log;
}

TEST_F(ExtractLabels, ListMergesLikeAll) {
    auto listed = extract({"--setting", "label:[1, 2]"});
    auto all = extract({"--setting", "label:all"});
    EXPECT_EQ(listed["original_firstorder_Mean"], all["original_firstorder_Mean"]);
    EXPECT_EQ(listed["original_shape_VoxelVolume"], all["original_shape_VoxelVolume"]);
}

TEST_F(ExtractLabels, SecondLabelAlone) {
    auto row = extract({"--setting", "label:2", "--setting", "minimumROIDimensions:2"});
    EXPECT_EQ(row["diagnostics_Mask-original_VoxelNum"], "40");
}

}  // namespace
}  // namespace pulmorad::test

// `pulmorad segment` as a user runs it. A real scan gives a label image and a
// QC figure. Bad inputs end with exit status 2 and a message with the fix.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

// Writes a MetaImage (.mha) of int16 values, LPS identity direction.
void writeMetaImage(const fs::path& path, std::size_t nx, std::size_t ny, std::size_t nz,
                    const std::function<std::int16_t(std::size_t, std::size_t, std::size_t)>& value) {
    std::ofstream file(path, std::ios::binary);
    file << "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
         << "DimSize = " << nx << " " << ny << " " << nz << "\n"
         << "ElementSpacing = 2 2 5\nOffset = 0 0 0\nTransformMatrix = 1 0 0 0 1 0 0 0 1\n"
         << "ElementType = MET_SHORT\nElementDataFile = LOCAL\n";
    for (std::size_t z = 0; z < nz; ++z) {
        for (std::size_t y = 0; y < ny; ++y) {
            for (std::size_t x = 0; x < nx; ++x) {
                const std::int16_t v = value(x, y, z);
                file.write(reinterpret_cast<const char*>(&v), sizeof v);
            }
        }
    }
}

// A water cylinder (0 HU) in air (-1000 HU): a body without lungs.
std::int16_t cylinder(std::size_t x, std::size_t y, std::size_t) {
    const double dx = static_cast<double>(x) - 32.0;
    const double dy = static_cast<double>(y) - 32.0;
    return dx * dx + dy * dy < 25.0 * 25.0 ? 0 : -1000;
}

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

TEST(SegmentCommand, WritesLabelsAndQcFigure) {
    const fs::path folder = makeTemporaryFolder("segment-cli");
    const fs::path labels = folder / "lungs.nii.gz";
    const fs::path figure = folder / "lungs-qc.png";
    const auto result = runPulmorad({"segment", referencePath("ct/lung_pet_ct_dx_A0002/dicom").string(), "-o",
                                     labels.string(), "--qc", figure.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("lungs: right"), std::string::npos) << result.standardError;

    // gzip magic bytes 1f 8b; PNG signature 89 'P' 'N' 'G' 0d 0a 1a 0a.
    const std::string labelBytes = readFile(labels);
    ASSERT_GE(labelBytes.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(labelBytes[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(labelBytes[1]), 0x8b);
    EXPECT_TRUE(startsWith(readFile(figure), "\x89PNG\r\n\x1a\n"));

    // No temporary files are left beside the outputs.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++entries;
    EXPECT_EQ(entries, 2u);
    fs::remove_all(folder);
}

TEST(SegmentCommand, OtherModalityExitsWithTwo) {
    // Two LIDC slices with the Modality element (0008,0060) CS "CT" changed to "MR".
    const fs::path folder = makeTemporaryFolder("segment-mr");
    const std::string pattern(
        "\x08\x00\x60\x00"
        "CS\x02\x00"
        "CT",
        10);
    for (const char* name : {"000001.dcm", "000002.dcm"}) {
        std::string bytes = readFile(referencePath(std::string("ct/lidc_idri_0001/dicom/") + name));
        const auto at = bytes.find(pattern);
        ASSERT_NE(at, std::string::npos);
        bytes.replace(at + 8, 2, "MR");
        std::ofstream(folder / name, std::ios::binary) << bytes;
    }
    const auto result = runPulmorad({"segment", folder.string(), "-o", (folder / "out.nii.gz").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("Modality 'MR'"), std::string::npos) << result.standardError;
    EXPECT_FALSE(fs::exists(folder / "out.nii.gz"));
    fs::remove_all(folder);
}

TEST(SegmentCommand, SingleSliceExitsWithTwo) {
    const fs::path folder = makeTemporaryFolder("segment-slice");
    writeMetaImage(folder / "slice.mha", 64, 64, 1, cylinder);
    const auto result =
        runPulmorad({"segment", (folder / "slice.mha").string(), "-o", (folder / "out.nii.gz").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("single slice"), std::string::npos) << result.standardError;
    fs::remove_all(folder);
}

TEST(SegmentCommand, ValuesNotInHuExitWithTwo) {
    const fs::path folder = makeTemporaryFolder("segment-raw");
    // Stored values without the rescale intercept: air at 24, water at 1024.
    writeMetaImage(folder / "raw.mha", 64, 64, 8,
                   [](std::size_t x, std::size_t y, std::size_t z) -> std::int16_t {
                       return static_cast<std::int16_t>(cylinder(x, y, z) + 1024);
                   });
    const auto result =
        runPulmorad({"segment", (folder / "raw.mha").string(), "-o", (folder / "out.nii.gz").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("rescale slope and intercept"), std::string::npos)
        << result.standardError;
    fs::remove_all(folder);
}

TEST(SegmentCommand, NoLungExitsWithTwo) {
    const fs::path folder = makeTemporaryFolder("segment-nolung");
    writeMetaImage(folder / "water.mha", 64, 64, 8, cylinder);
    const auto result =
        runPulmorad({"segment", (folder / "water.mha").string(), "-o", (folder / "out.nii.gz").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("no lung found"), std::string::npos) << result.standardError;
    EXPECT_FALSE(fs::exists(folder / "out.nii.gz"));
    fs::remove_all(folder);
}

TEST(SegmentCommand, OutputOverInputExitsWithTwo) {
    const fs::path folder = makeTemporaryFolder("segment-overwrite");
    const fs::path input = folder / "ct.mha";
    writeMetaImage(input, 64, 64, 8, cylinder);
    const std::string before = readFile(input);
    const auto result = runPulmorad({"segment", input.string(), "-o", input.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("is the input CT"), std::string::npos) << result.standardError;
    EXPECT_EQ(readFile(input), before);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

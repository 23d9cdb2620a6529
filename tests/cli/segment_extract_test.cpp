// A mask made by `pulmorad segment` goes into `pulmorad extract` as it is.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

// midrc_ricord_1a_covid's origin (-192.2 mm) is not a float32 value, so its
// NIfTI mask differs from the DICOM image by float32 rounding.
TEST(SegmentThenExtract, NiftiMaskOfMidrcScan) {
    const auto folder = makeTemporaryFolder("pulmorad-segment-extract");
    const auto ct = referencePath("ct/midrc_ricord_1a_covid/dicom");
    const auto mask = folder / "lungs.nii.gz";

    const auto segmented = runPulmorad({"--quiet", "segment", ct.string(), "-o", mask.string()});
    ASSERT_EQ(segmented.exitStatus, 0) << segmented.standardError;

    {
        std::ofstream params(folder / "params.yaml");
        params << "setting:\n  label: all\nimageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n";
    }
    const auto extracted = runPulmorad({"--quiet", "extract", ct.string(), mask.string(), "--param",
                                        (folder / "params.yaml").string(), "--format", "json"});
    EXPECT_EQ(extracted.exitStatus, 0) << extracted.standardError;
    EXPECT_NE(extracted.standardOutput.find("original_firstorder_Mean"), std::string::npos);
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

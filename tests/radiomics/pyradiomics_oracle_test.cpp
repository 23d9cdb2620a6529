// Original-image features of the IBSI-1 CT phantom against PyRadiomics'
// values for the study's settings (1 mm sitkLinear resampling, bin width 25),
// through `pulmorad extract`. The phantom is 204 x 201 x 60 voxels; its ROI
// is 359,664 voxels after resampling.

#include <gtest/gtest.h>

#include "extract_test_helpers.h"
#include "oracle_test_helpers.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

TEST(PyRadiomicsOracle, CtPhantomOriginalFeatures) {
    const fs::path folder = makeTemporaryFolder("pulmorad-oracle");
    YAML::Node settings;
    settings["resampledPixelSpacing"].push_back(1);
    settings["resampledPixelSpacing"].push_back(1);
    settings["resampledPixelSpacing"].push_back(1);
    settings["interpolator"] = "sitkLinear";
    settings["binWidth"] = 25;
    settings["label"] = 1;
    fs::path parameters = writeParameterFile(
        folder / "params.yaml", settings, {"shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"});
    fs::path output = folder / "features.csv";
    CommandResult result =
        runPulmorad({"--quiet", "extract",
                     referencePath("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz").string(),
                     referencePath("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz").string(),
                     "--param", parameters.string(), "-o", output.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    FeatureCells ours = readSingleRow(output);
    FeatureCells oracle = readOracleRow("ibsi1_ct_phantom");

    // PyRadiomics at commit 8ed5793 (3.1.0 + refactoring), tolerance 1e-6 relative.
    OracleAgreement agreement;
    ASSERT_NO_FATAL_FAILURE(expectFeaturesAgree(
        ours, oracle, [](const std::string& name) { return name.rfind("original_", 0) == 0; }, 1e-6, 1e-6,
        agreement));
    const std::size_t compared = agreement.compared;
    // 14 shape + 93 original features of the other classes.
    EXPECT_EQ(compared, 107u);
    EXPECT_EQ(ours["diagnostics_Mask-interpolated_VoxelNum"],
              oracle["diagnostics_Mask-interpolated_VoxelNum"]);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

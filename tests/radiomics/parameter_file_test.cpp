// PyRadiomics parameter files: validation against the declared schema,
// defaults, overrides and the settings in effect for each image type.

#include <gtest/gtest.h>

#include "common/errors.h"
#include "radiomics/parameter_file.h"
#include "radiomics/settings.h"
#include "radiomics/settings_schema.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

std::string errorOf(const std::string& yaml) {
    try {
        parseParameters(yaml, "params.yaml");
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

TEST(ParameterFile, PyRadiomicsExampleFilesLoadUnchanged) {
    // PyRadiomics' own example parameter files must load as they are.
    for (const char* name :
         {"exampleCT.yaml", "Params.yaml", "exampleMR_3mm.yaml", "exampleMR_5mm.yaml",
          "exampleMR_NoResampling.yaml", "MR_2D_extraction.yaml", "example_allShape.yaml"}) {
        SCOPED_TRACE(name);
        EXPECT_NO_THROW(loadParameterFile(test::referencePath(std::string("pyradiomics/settings/") + name)));
    }
}

TEST(ParameterFile, DefaultsFollowPyRadiomics) {
    YAML::Node settings = effectiveSettings(parseParameters("", "empty.yaml"));
    PreprocessingSettings preprocessing = preprocessingSettings(settings);
    DiscretisationSettings discretisation = discretisationSettings(settings);
    FeatureSettings features = featureSettings(settings);
    // PyRadiomics 3.1 defaults (featureextractor._getDefaultSettings and the feature classes).
    EXPECT_EQ(preprocessing.minimumRoiDimensions, 2);
    EXPECT_EQ(preprocessing.padDistance, 5);
    EXPECT_EQ(preprocessing.label.text(), "1");
    EXPECT_FALSE(preprocessing.resampledPixelSpacing.has_value());
    EXPECT_EQ(preprocessing.interpolator, "sitkBSpline");
    EXPECT_DOUBLE_EQ(discretisation.binWidth, 25.0);
    EXPECT_FALSE(discretisation.binCount.has_value());
    EXPECT_EQ(features.distances, std::vector<int>{1});
    EXPECT_TRUE(features.symmetricalGLCM);
    EXPECT_DOUBLE_EQ(features.voxelArrayShift, 0.0);
}

TEST(ParameterFile, NullInterpolatorTurnsResamplingOff) {
    auto parameters =
        parseParameters("setting:\n  resampledPixelSpacing: [1, 1, 1]\n  interpolator:\n", "p.yaml");
    EXPECT_FALSE(preprocessingSettings(effectiveSettings(parameters)).resampledPixelSpacing.has_value());
    parameters =
        parseParameters("setting:\n  resampledPixelSpacing: [1, 1, 1]\n  interpolator: 2\n", "p.yaml");
    PreprocessingSettings enabled = preprocessingSettings(effectiveSettings(parameters));
    ASSERT_TRUE(enabled.resampledPixelSpacing.has_value());
    EXPECT_EQ(enabled.interpolator, "sitkLinear");  // SimpleITK enum 2
}

TEST(ParameterFile, UnknownKeysNameTheClosestValidName) {
    EXPECT_NE(errorOf("setting:\n  binwidth: 25\n").find("did you mean 'binWidth'"), std::string::npos);
    EXPECT_NE(errorOf("settings:\n  binWidth: 25\n").find("did you mean 'setting'"), std::string::npos);
    EXPECT_NE(errorOf("imageType:\n  original: {}\n").find("did you mean 'Original'"), std::string::npos);
    EXPECT_NE(errorOf("featureClass:\n  GLCM:\n").find("did you mean 'glcm'"), std::string::npos);
    EXPECT_NE(errorOf("featureClass:\n  firstorder: [Entropie]\n").find("did you mean 'Entropy'"),
              std::string::npos);
}

TEST(ParameterFile, ValuesAreCheckedAgainstTheSchema) {
    EXPECT_NE(errorOf("setting:\n  binWidth: 0\n").find("> 0"), std::string::npos);
    EXPECT_NE(errorOf("setting:\n  minimumROIDimensions: 4\n").find("<= 3"), std::string::npos);
    EXPECT_NE(errorOf("setting:\n  padDistance: 2.5\n").find("an integer"), std::string::npos);
    EXPECT_NE(errorOf("setting:\n  resegmentMode: percent\n").find("absolute, relative, sigma"),
              std::string::npos);
    EXPECT_NE(errorOf("setting:\n  normalize: maybe\n").find("true or false"), std::string::npos);
    EXPECT_NE(errorOf("setting:\n  weightingNorm: l2\n").find("manhattan"), std::string::npos);
    EXPECT_NE(errorOf("setting:\n  label: 0\n").find("label"), std::string::npos);
    EXPECT_EQ(errorOf("setting:\n  label: [1, 2]\n  binWidth: 10\n"), "");
    EXPECT_EQ(errorOf("setting:\n  label: all\n"), "");
}

TEST(ParameterFile, OverridesParseYamlValues) {
    ExtractionParameters parameters = defaultParameters();
    applySettingOverride(parameters, "label:all");
    applySettingOverride(parameters, "resampledPixelSpacing:[1,1,2]");
    PreprocessingSettings settings = preprocessingSettings(effectiveSettings(parameters));
    EXPECT_TRUE(settings.label.all);
    ASSERT_TRUE(settings.resampledPixelSpacing.has_value());
    EXPECT_DOUBLE_EQ((*settings.resampledPixelSpacing)[2], 2.0);
    EXPECT_THROW(applySettingOverride(parameters, "binWidth"), InputError);
    EXPECT_THROW(applySettingOverride(parameters, "bin_width:2"), InputError);
}

TEST(ParameterFile, ImageTypeSettingsOverrideGlobalOnes) {
    auto parameters =
        parseParameters("setting:\n  binWidth: 25\nimageType:\n  Original:\n    binWidth: 5\n", "p.yaml");
    ASSERT_EQ(parameters.imageTypes.size(), 1u);
    EXPECT_DOUBLE_EQ(
        discretisationSettings(effectiveSettings(parameters, &parameters.imageTypes[0])).binWidth, 5.0);
    EXPECT_DOUBLE_EQ(discretisationSettings(effectiveSettings(parameters)).binWidth, 25.0);
}

TEST(ParameterFile, FeatureClassesKeepFileOrder) {
    auto parameters = parseParameters("featureClass:\n  glrlm:\n  firstorder: [Mean, Median]\n", "p.yaml");
    ASSERT_EQ(parameters.featureClasses.size(), 2u);
    EXPECT_EQ(parameters.featureClasses[0].name, "glrlm");
    EXPECT_TRUE(parameters.featureClasses[0].features.empty());
    EXPECT_EQ(parameters.featureClasses[1].features, (std::vector<std::string>{"Mean", "Median"}));
    // Without a featureClass section every class is enabled, shape2D included (PyRadiomics 3.1).
    EXPECT_EQ(parseParameters("setting: {}\n", "p.yaml").featureClasses.size(), 8u);
    EXPECT_EQ(defaultParameters().featureClasses.size(), 7u);
}

TEST(ParameterFile, VoxelSettingIsAcceptedAndChecked) {
    EXPECT_EQ(errorOf("voxelSetting:\n  kernelRadius: 2\n  maskedKernel: true\n"), "");
    EXPECT_NE(errorOf("voxelSetting:\n  kernelradius: 2\n").find("kernelRadius"), std::string::npos);
}

}  // namespace
}  // namespace pulmorad::radiomics

// Cohort extraction: failure rows, thread-count independence, the parameter
// fingerprint and the reuse of rows from a previous output. Inputs are
// PyRadiomics' breast1 test case (45 x 120 x 21 voxels).

#include "radiomics/cohort.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

namespace fs = std::filesystem;

class Cohort : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = test::makeTemporaryFolder("pulmorad-cohort");
        image_ = test::referencePath("pyradiomics/images/breast1_image.nrrd");
        mask_ = test::referencePath("pyradiomics/images/breast1_label.nrrd");
        // A small extraction keeps the tests fast: first order only.
        parameters_ = parseParameters("featureClass:\n  firstorder:\n", "test parameters");
    }
    void TearDown() override { fs::remove_all(folder_); }

    CohortCase makeCase(const std::string& id, const std::string& label = "") const {
        return {id, {image_, mask_, ""}, label};
    }

    fs::path folder_;
    fs::path image_;
    fs::path mask_;
    ExtractionParameters parameters_;
};

TEST_F(Cohort, FailedCaseIsRecordedOthersGoOn) {
    std::vector<CohortCase> cases{makeCase("a"), makeCase("missing"), makeCase("badlabel", "[1, ")};
    cases[1].input.mask = folder_ / "no-such-mask.nrrd";
    const std::vector<CaseResult> results = extractCohort(cases, parameters_, 2);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].id, "a");
    ASSERT_TRUE(results[0].row.has_value());
    EXPECT_TRUE(results[0].error.empty());
    EXPECT_FALSE(results[1].row.has_value());
    EXPECT_NE(results[1].error.find("no-such-mask.nrrd"), std::string::npos) << results[1].error;
    EXPECT_FALSE(results[2].row.has_value());
    EXPECT_NE(results[2].error.find("Label"), std::string::npos) << results[2].error;

    const std::string csv = formatCsv(results);
    EXPECT_NE(csv.find("\nmissing,"), std::string::npos);
    EXPECT_EQ(csv.rfind("ID,diagnostics_Error,", 0), 0u);
}

TEST_F(Cohort, TwoJobsMatchOneJob) {
    const std::vector<CohortCase> cases{makeCase("a"), makeCase("b", "1"), makeCase("c")};
    const std::string oneJob = formatCsv(extractCohort(cases, parameters_, 1));
    const std::string twoJobs = formatCsv(extractCohort(cases, parameters_, 2));
    EXPECT_EQ(oneJob, twoJobs);
}

TEST_F(Cohort, FingerprintTracksParametersNotFileName) {
    const ExtractionParameters renamed = parseParameters("featureClass:\n  firstorder:\n", "other-name.yaml");
    EXPECT_EQ(parameterFingerprint(parameters_), parameterFingerprint(renamed));
    EXPECT_EQ(parameterFingerprint(parameters_).size(), 40u);

    ExtractionParameters wider = parseParameters("featureClass:\n  firstorder:\n", "test parameters");
    applySettingOverride(wider, "binWidth:10");
    EXPECT_NE(parameterFingerprint(parameters_), parameterFingerprint(wider));
    // A per-case Label changes the settings in effect, so it changes the fingerprint.
    EXPECT_NE(parameterFingerprint(parameters_),
              parameterFingerprint(caseParameters(parameters_, makeCase("a", "all"))));
    EXPECT_EQ(parameterFingerprint(parameters_), parameterFingerprint(caseParameters(parameters_, makeCase("a"))));
    // The case's label stays with the case.
    EXPECT_EQ(parameterFingerprint(parameters_), parameterFingerprint(renamed));
}

TEST_F(Cohort, HashColumnFollowsEnabledImageTypes) {
    FeatureRow row;
    row.diagnostics = {{"diagnostics_Versions_pulmorad", "1"},
                       {"diagnostics_Configuration_EnabledImageTypes", "{Original: {}}"},
                       {"diagnostics_Image-original_Format", "NRRD"}};
    addConfigurationHash(row, "abc");
    ASSERT_EQ(row.diagnostics.size(), 4u);
    EXPECT_EQ(row.diagnostics[2].first, kConfigurationHashColumn);
    EXPECT_EQ(row.diagnostics[2].second, "abc");

    FeatureRow bare;  // additionalInfo: false
    addConfigurationHash(bare, "abc");
    ASSERT_EQ(bare.diagnostics.size(), 1u);
    EXPECT_EQ(bare.diagnostics[0].first, kConfigurationHashColumn);
}

TEST_F(Cohort, PreviousRowsAreKeptUnchanged) {
    const std::vector<CohortCase> first{makeCase("a"), makeCase("broken")};
    std::vector<CohortCase> withBroken = first;
    withBroken[1].input.image = folder_ / "no-such-image.nrrd";
    const fs::path output = folder_ / "features.csv";
    const std::string firstText = formatCsv(extractCohort(withBroken, parameters_, 1));
    writeFileAtomically(output, firstText);

    // Rerun with the broken case fixed and a new case c.
    const std::vector<CohortCase> second{makeCase("a"), makeCase("broken"), makeCase("c")};
    const auto reusable = readReusableResults(output, second, parameters_);
    ASSERT_EQ(reusable.size(), 3u);
    EXPECT_TRUE(reusable[0].has_value());
    EXPECT_FALSE(reusable[1].has_value());  // it failed before, so it is extracted again
    EXPECT_FALSE(reusable[2].has_value());

    const std::string rerun = formatCsv(extractCohort(second, parameters_, 2, reusable));
    const std::string fresh = formatCsv(extractCohort(second, parameters_, 2));
    EXPECT_EQ(rerun, fresh);
}

TEST_F(Cohort, PreviousRowsWithOtherParametersAreRejected) {
    const fs::path output = folder_ / "features.csv";
    writeFileAtomically(output, formatCsv(extractCohort({makeCase("a")}, parameters_, 1)));
    ExtractionParameters other = parseParameters("featureClass:\n  firstorder:\n", "test parameters");
    applySettingOverride(other, "binWidth:10");
    try {
        readReusableResults(output, {makeCase("a")}, other);
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(output.string()), std::string::npos) << message;
        EXPECT_NE(message.find("--force"), std::string::npos) << message;
    }
    // A case that is not in the old file is simply extracted.
    EXPECT_FALSE(readReusableResults(output, {makeCase("b")}, other)[0].has_value());
}

TEST_F(Cohort, OutputWithoutHashColumnIsRejected) {
    const fs::path output = folder_ / "old.csv";
    writeFileAtomically(output, "ID,original_firstorder_Mean\na,1.5\n");
    EXPECT_THROW(readReusableResults(output, {makeCase("a")}, parameters_), InputError);

    // An unreadable table names the way out as well.
    const fs::path empty = folder_ / "empty.csv";
    writeFileAtomically(empty, "");
    try {
        readReusableResults(empty, {makeCase("a")}, parameters_);
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("--force"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace pulmorad::radiomics

// The cohort path of the study: cases without a mask are segmented, then
// every case is extracted. Checked against `pulmorad segment` and
// `pulmorad extract` run on the same bundled chest CT.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "study/cohort_extraction.h"
#include "study/config.h"
#include "support/test_support.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        result.push_back(line);
    }
    return result;
}

TEST(CohortExtraction, SegmentsMissingMasksThenExtracts) {
    const fs::path folder = test::makeTemporaryFolder("study_cohort");
    const fs::path ct = test::sourceDir() / "examples" / "ct" / "lidc-idri-0001-small.nii.gz";
    std::ofstream(folder / "params.yaml")
        << "setting:\n  binWidth: 25\n  label: all\nimageType:\n  Original: {}\n"
           "featureClass:\n  firstorder:\n";
    // Case A has a mask made by `pulmorad segment`; case B has none, so the study segments it.
    const auto segment =
        test::runPulmorad({"segment", ct.string(), "-o", (folder / "a_mask.nii.gz").string()});
    ASSERT_EQ(segment.exitStatus, 0) << segment.standardError;
    std::ofstream(folder / "manifest.csv")
        << "ID,Image,Mask\nA," << ct.string() << ",a_mask.nii.gz\nB," << ct.string() << ",\n";
    std::ofstream(folder / "study.yaml") << "cohort: manifest.csv\nparams: params.yaml\noutcome: ILD\n";

    const StudyConfig config = loadStudyConfig(folder / "study.yaml");
    const fs::path features = extractCohortFeatures(config, folder / "work");
    EXPECT_TRUE(fs::exists(folder / "work" / "masks" / "B.nii.gz"));
    EXPECT_FALSE(fs::exists(folder / "work" / "masks" / "A.nii.gz"));

    // Both cases: the same CT and the same segmentation, so the same
    // features, and equal to `pulmorad extract` on case A's files.
    const auto extract = test::runPulmorad({"extract", ct.string(), (folder / "a_mask.nii.gz").string(),
                                            "--param", (folder / "params.yaml").string()});
    ASSERT_EQ(extract.exitStatus, 0) << extract.standardError;
    const std::vector<std::string> table = lines(test::readFile(features));
    ASSERT_EQ(table.size(), 3u);
    const std::vector<std::string> single = lines(extract.standardOutput);
    ASSERT_EQ(single.size(), 2u);
    const auto featuresOf = [](const std::string& header, const std::string& row) {
        // Feature columns only: the diagnostics name files and times that differ by design.
        std::vector<std::string> names;
        std::vector<std::string> values;
        std::stringstream h(header);
        std::stringstream r(row);
        std::string name;
        std::string value;
        std::string result;
        while (std::getline(h, name, ',') && std::getline(r, value, ',')) {
            if (name.rfind("original_", 0) == 0) {
                result += name + "=" + value + ";";
            }
        }
        return result;
    };
    const std::string a = featuresOf(table[0], table[1]);
    EXPECT_NE(a.find("original_firstorder_Mean="), std::string::npos);
    EXPECT_EQ(a, featuresOf(table[0], table[2]));
    EXPECT_EQ(a, featuresOf(single[0], single[1]));
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::study

// Runs workflows/Snakefile locally with Snakemake on two small cases: one with
// a mask given in the manifest, one segmented by the workflow itself.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

TEST(SnakemakeWorkflow, ExtractsAndMergesTwoCases) {
    const auto folder = makeTemporaryFolder("pulmorad-workflow");
    const auto images = referencePath("pyradiomics/images");
    const auto exampleCt = sourceDir() / "examples" / "ct" / "lidc-idri-0001-small.nii.gz";

    {
        std::ofstream manifest(folder / "cohort.csv");
        manifest << "ID,Image,Mask\n";
        manifest << "breast1," << (images / "breast1_image.nrrd").string() << ","
                 << (images / "breast1_label.nrrd").string() << "\n";
        manifest << "lidc_small," << exampleCt.string() << ",\n";
    }
    {
        // First-order features only keep the two extractions quick.
        std::ofstream params(folder / "params.yaml");
        params << "setting:\n  label: all\n  binWidth: 25\nimageType:\n  Original: {}\n"
               << "featureClass:\n  firstorder:\n";
    }

    const auto result = runCommand({"snakemake", "-s", (sourceDir() / "workflows" / "Snakefile").string(),
                                    "--cores", "2", "--config", "manifest=" + (folder / "cohort.csv").string(),
                                    "outdir=" + (folder / "run").string(),
                                    "params=" + (folder / "params.yaml").string(),
                                    "pulmorad=" + pulmoradBinary().string()},
                                   folder);
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;

    const auto lines = splitLines(readFile(folder / "run" / "features.csv"));
    ASSERT_EQ(lines.size(), 3U) << "expected a header and one row per case";
    EXPECT_EQ(lines[0].rfind("ID,", 0), 0U);
    EXPECT_EQ(lines[1].rfind("breast1,", 0), 0U);
    EXPECT_EQ(lines[2].rfind("lidc_small,", 0), 0U);
    EXPECT_NE(lines[0].find("original_firstorder_Mean"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(folder / "run" / "masks" / "lidc_small.nii.gz"));
    EXPECT_FALSE(std::filesystem::exists(folder / "run" / "masks" / "breast1.nii.gz"));

    std::filesystem::remove_all(folder);
}

TEST(SnakemakeWorkflow, RejectsManifestWithoutImageColumn) {
    const auto folder = makeTemporaryFolder("pulmorad-workflow-bad");
    {
        std::ofstream manifest(folder / "cohort.csv");
        manifest << "ID,Scan\ncase1,scan.nii.gz\n";
    }
    const auto result = runCommand({"snakemake", "-s", (sourceDir() / "workflows" / "Snakefile").string(),
                                    "--cores", "1", "--config", "manifest=" + (folder / "cohort.csv").string()},
                                   folder);
    EXPECT_NE(result.exitStatus, 0);
    EXPECT_NE(result.standardError.find("missing column 'Image'"), std::string::npos) << result.standardError;
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

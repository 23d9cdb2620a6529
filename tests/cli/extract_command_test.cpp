// `pulmorad extract` and `pulmorad merge` as a user runs them: output layout,
// formats, thread-count independence, cohort manifests, reruns, progress
// output, shards and merging.
// Inputs are PyRadiomics' small breast1 test case (45 x 120 x 21 voxels).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/number_format.h"
#include "support/test_support.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
        lines.push_back(line);
    }
    return lines;
}

/// Splits a CSV line without quoted commas (enough for headers and ID cells).
std::vector<std::string> splitSimple(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) {
        cells.push_back(cell);
    }
    return cells;
}

class ExtractCommand : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = makeTemporaryFolder("pulmorad-extract-cli");
        image_ = referencePath("pyradiomics/images/breast1_image.nrrd");
        mask_ = referencePath("pyradiomics/images/breast1_label.nrrd");
    }
    void TearDown() override { fs::remove_all(folder_); }

    CommandResult extract(const std::vector<std::string>& extra) {
        std::vector<std::string> arguments{"--quiet", "extract", image_.string(), mask_.string()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return runPulmorad(arguments);
    }

    /// Writes a manifest in the temporary folder; paths are relative to it.
    fs::path writeManifest(const std::string& name, const std::vector<std::string>& ids,
                           bool withBrokenCase) {
        fs::path manifest = folder_ / name;
        std::string image = fs::relative(image_, folder_).string();
        std::string mask = fs::relative(mask_, folder_).string();
        std::ofstream out(manifest);
        out << "ID,Image,Mask,Label\n";
        for (const std::string& id : ids) {
            out << id << "," << image << "," << mask << ",1\n";
        }
        if (withBrokenCase) {
            out << "broken," << image << ",no-such-mask.nrrd,\n";
        }
        return manifest;
    }

    fs::path folder_;
    fs::path image_;
    fs::path mask_;
};

TEST_F(ExtractCommand, CsvHasIdThenDiagnosticsThenFeatures) {
    fs::path output = folder_ / "features.csv";
    CommandResult result = extract({"-o", output.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;

    std::vector<std::string> lines = splitLines(readFile(output));
    ASSERT_EQ(lines.size(), 2u);
    std::vector<std::string> header = splitSimple(lines[0]);
    ASSERT_FALSE(header.empty());
    EXPECT_EQ(header[0], "ID");
    std::size_t firstFeature = 1;
    while (firstFeature < header.size() && header[firstFeature].rfind("diagnostics_", 0) == 0) {
        ++firstFeature;
    }
    EXPECT_GT(firstFeature, 10u);
    // PyRadiomics 3.1 default extraction: 14 shape + 93 other original features.
    EXPECT_EQ(header.size() - firstFeature, 107u);
    EXPECT_EQ(header[firstFeature], "original_shape_Elongation");
    EXPECT_EQ(header.back(), "original_ngtdm_Strength");
    for (std::size_t i = firstFeature; i < header.size(); ++i) {
        EXPECT_EQ(header[i].rfind("original_", 0), 0u) << header[i];
    }
}

TEST_F(ExtractCommand, JsonMatchesCsv) {
    fs::path csv = folder_ / "features.csv";
    fs::path json = folder_ / "features.json";
    ASSERT_EQ(extract({"-o", csv.string()}).exitStatus, 0);
    CommandResult result = extract({"--format", "json", "-o", json.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;

    nlohmann::json parsed = nlohmann::json::parse(readFile(json));
    ASSERT_TRUE(parsed.contains("features"));
    std::vector<std::string> lines = splitLines(readFile(csv));
    std::vector<std::string> header = splitSimple(lines[0]);
    std::string row = lines[1];
    // The feature cells are plain numbers at the end of the row.
    std::vector<std::string> cells = splitSimple(row);
    std::size_t featureCount = parsed["features"].size();
    ASSERT_EQ(featureCount, 107u);
    for (std::size_t i = 0; i < featureCount; ++i) {
        const std::string& name = header[header.size() - featureCount + i];
        double fromCsv = 0.0;
        ASSERT_TRUE(parseDouble(cells[cells.size() - featureCount + i], fromCsv)) << name;
        EXPECT_EQ(parsed["features"][name].get<double>(), fromCsv) << name;
    }
}

TEST_F(ExtractCommand, ThreadCountDoesNotChangeOutput) {
    fs::path one = folder_ / "one-thread.csv";
    fs::path two = folder_ / "two-threads.csv";
    ASSERT_EQ(runPulmorad({"--quiet", "--threads", "1", "extract", image_.string(), mask_.string(), "-o",
                           one.string()})
                  .exitStatus,
              0);
    ASSERT_EQ(runPulmorad({"--quiet", "--threads", "2", "extract", image_.string(), mask_.string(), "-o",
                           two.string()})
                  .exitStatus,
              0);
    EXPECT_EQ(readFile(one), readFile(two));
}

TEST_F(ExtractCommand, SettingOverrideChangesBinning) {
    fs::path defaultBins = folder_ / "default.csv";
    fs::path wideBins = folder_ / "wide.csv";
    ASSERT_EQ(extract({"-o", defaultBins.string()}).exitStatus, 0);
    CommandResult result = extract({"--setting", "binWidth:100", "-o", wideBins.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(readFile(defaultBins), readFile(wideBins));
    EXPECT_NE(readFile(wideBins).find("binWidth: 100"), std::string::npos);
}

TEST_F(ExtractCommand, CohortRecordsFailedCaseAndGoesOn) {
    fs::path manifest = writeManifest("cohort.csv", {"a", "b"}, true);
    fs::path output = folder_ / "cohort-features.csv";
    CommandResult result =
        runPulmorad({"--quiet", "extract", manifest.string(), "--jobs", "2", "-o", output.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("broken"), std::string::npos);

    std::vector<std::string> lines = splitLines(readFile(output));
    ASSERT_EQ(lines.size(), 4u);
    std::vector<std::string> header = splitSimple(lines[0]);
    EXPECT_EQ(header[0], "ID");
    EXPECT_EQ(header[1], "diagnostics_Error");
    EXPECT_EQ(lines[1].rfind("a,,", 0), 0u);
    EXPECT_EQ(lines[2].rfind("b,,", 0), 0u);
    EXPECT_EQ(lines[3].rfind("broken,", 0), 0u);
    EXPECT_NE(lines[3].find("no-such-mask.nrrd"), std::string::npos);

    // Case a gives the same features as the single-case command.
    fs::path single = folder_ / "single.csv";
    ASSERT_EQ(extract({"-o", single.string()}).exitStatus, 0);
    std::string singleRow = splitLines(readFile(single))[1];
    std::vector<std::string> singleCells = splitSimple(singleRow);
    std::vector<std::string> cohortCells = splitSimple(lines[1]);
    for (std::size_t i = 1; i <= 107; ++i) {
        EXPECT_EQ(singleCells[singleCells.size() - i], cohortCells[cohortCells.size() - i]);
    }
}

TEST_F(ExtractCommand, ShardsMergeIntoTheFullTable) {
    fs::path manifest = writeManifest("cohort.csv", {"a", "b", "c"}, false);
    fs::path full = folder_ / "full.csv";
    fs::path first = folder_ / "shard1.csv";
    fs::path second = folder_ / "shard2.csv";
    fs::path merged = folder_ / "merged.csv";
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "-o", full.string()}).exitStatus, 0);
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "--shard", "1/2", "-o", first.string()})
                  .exitStatus,
              0);
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "--shard", "2/2", "-o", second.string()})
                  .exitStatus,
              0);
    EXPECT_EQ(splitLines(readFile(first)).size(), 3u);   // header, a, c
    EXPECT_EQ(splitLines(readFile(second)).size(), 2u);  // header, b
    CommandResult result =
        runPulmorad({"--quiet", "merge", first.string(), second.string(), "-o", merged.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;

    std::vector<std::string> fullLines = splitLines(readFile(full));
    std::vector<std::string> mergedLines = splitLines(readFile(merged));
    ASSERT_EQ(mergedLines.size(), fullLines.size());
    EXPECT_EQ(mergedLines[0], fullLines[0]);
    // Merged order is shard by shard: a, c, b.
    EXPECT_EQ(mergedLines[1], fullLines[1]);
    EXPECT_EQ(mergedLines[2], fullLines[3]);
    EXPECT_EQ(mergedLines[3], fullLines[2]);
}

TEST_F(ExtractCommand, MergeRejectsRepeatedId) {
    fs::path manifest = writeManifest("cohort.csv", {"a"}, false);
    fs::path shard = folder_ / "shard.csv";
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "-o", shard.string()}).exitStatus, 0);
    fs::path copy = folder_ / "copy.csv";
    fs::copy_file(shard, copy);
    CommandResult result = runPulmorad(
        {"--quiet", "merge", shard.string(), copy.string(), "-o", (folder_ / "merged.csv").string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("'a'"), std::string::npos) << result.standardError;
    EXPECT_FALSE(fs::exists(folder_ / "merged.csv"));
}

TEST_F(ExtractCommand, CohortJobsTwoMatchesJobsOne) {
    fs::path manifest = writeManifest("cohort.csv", {"a", "b", "c"}, true);
    fs::path one = folder_ / "one-job.csv";
    fs::path two = folder_ / "two-jobs.csv";
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "--jobs", "1", "-o", one.string()}).exitStatus,
              0);
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "--jobs", "2", "-o", two.string()}).exitStatus,
              0);
    EXPECT_EQ(readFile(one), readFile(two));
}

TEST_F(ExtractCommand, CohortRerunExtractsOnlyNewCases) {
    fs::path output = folder_ / "features.csv";
    fs::path first = writeManifest("first.csv", {"a"}, false);
    ASSERT_EQ(runPulmorad({"--quiet", "extract", first.string(), "-o", output.string()}).exitStatus, 0);
    const std::string firstRow = splitLines(readFile(output))[1];

    fs::path second = writeManifest("second.csv", {"a", "b"}, false);
    CommandResult rerun = runPulmorad({"extract", second.string(), "-o", output.string()});
    ASSERT_EQ(rerun.exitStatus, 0) << rerun.standardError;
    EXPECT_NE(rerun.standardError.find("Keeping 1 case(s) of the previous output; extracting 1"),
              std::string::npos)
        << rerun.standardError;
    EXPECT_NE(rerun.standardError.find("Case b done"), std::string::npos);
    EXPECT_EQ(rerun.standardError.find("Case a done"), std::string::npos);
    std::vector<std::string> lines = splitLines(readFile(output));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1], firstRow);

    // --force extracts both again and gives the same table.
    fs::path forced = folder_ / "forced.csv";
    fs::copy_file(output, forced);
    ASSERT_EQ(
        runPulmorad({"--quiet", "extract", second.string(), "--force", "-o", forced.string()}).exitStatus, 0);
    EXPECT_EQ(readFile(forced), readFile(output));
}

TEST_F(ExtractCommand, CohortRerunWithOtherSettingsExitsTwo) {
    fs::path manifest = writeManifest("cohort.csv", {"a"}, false);
    fs::path output = folder_ / "features.csv";
    ASSERT_EQ(runPulmorad({"--quiet", "extract", manifest.string(), "-o", output.string()}).exitStatus, 0);
    const std::string before = readFile(output);
    CommandResult result = runPulmorad(
        {"--quiet", "extract", manifest.string(), "--setting", "binWidth:10", "-o", output.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("other parameters"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("--force"), std::string::npos) << result.standardError;
    EXPECT_EQ(readFile(output), before);
}

TEST_F(ExtractCommand, CohortEveryCaseFailingExitsTwo) {
    fs::path manifest = writeManifest("cohort.csv", {}, true);
    fs::path output = folder_ / "features.csv";
    CommandResult result = runPulmorad({"--quiet", "extract", manifest.string(), "-o", output.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("every case"), std::string::npos) << result.standardError;
    EXPECT_FALSE(fs::exists(output));
}

TEST_F(ExtractCommand, CohortProgressIsLoggedWithoutTerminal) {
    // Standard error is a pipe here, so there is no bar: plain INFO lines.
    fs::path manifest = writeManifest("cohort.csv", {"a", "b"}, false);
    CommandResult result =
        runPulmorad({"extract", manifest.string(), "-o", (folder_ / "features.csv").string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_NE(result.standardError.find("Extracting cases: 1/2 done, elapsed"), std::string::npos)
        << result.standardError;
    EXPECT_NE(result.standardError.find("Extracting cases: 2/2 done in"), std::string::npos)
        << result.standardError;
    EXPECT_EQ(result.standardError.find('\r'), std::string::npos);
    EXPECT_EQ(result.standardError.find("\x1b[K"), std::string::npos);
}

TEST_F(ExtractCommand, HelpShowsBothInputForms) {
    CommandResult result = runPulmorad({"extract", "--help"});
    EXPECT_EQ(result.exitStatus, 0);
    EXPECT_NE(result.standardOutput.find("IMAGE|COHORT.csv [MASK]"), std::string::npos) << result.standardOutput;
    EXPECT_EQ(result.standardOutput.find("(1x)"), std::string::npos) << result.standardOutput;
}

TEST_F(ExtractCommand, ResampledPixelSpacingErrorNamesFile) {
    fs::path parameters = folder_ / "params.yaml";
    std::ofstream(parameters) << "setting:\n  resampledPixelSpacing: [1, 1]\n";
    CommandResult result = extract({"--param", parameters.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find(parameters.string()), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("resampledPixelSpacing has 2 values"), std::string::npos)
        << result.standardError;
}

TEST_F(ExtractCommand, DicomFolderIdNamesThePatientFolder) {
    // lungmask's two-slice test series, copied to patient-7/dicom, with the
    // lung mask that pulmorad segment makes from it.
    fs::path series = folder_ / "patient-7" / "dicom";
    fs::create_directories(series);
    for (const char* name : {"0.dcm", "1.dcm"}) {
        fs::copy_file(referencePath(std::string("ct/lungmask_testdata/") + name), series / name);
    }
    fs::path mask = folder_ / "mask.nii.gz";
    ASSERT_EQ(runPulmorad({"--quiet", "segment", series.string(), "-o", mask.string()}).exitStatus, 0);
    const std::vector<std::string> options{"--setting", "label:all", "--setting", "minimumROIDimensions:1"};

    std::vector<std::string> arguments{"--quiet", "extract", series.string() + "/", mask.string()};
    arguments.insert(arguments.end(), options.begin(), options.end());
    CommandResult result = runPulmorad(arguments);
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_EQ(splitLines(result.standardOutput)[1].rfind("patient-7,", 0), 0u);

    arguments.insert(arguments.end(), {"--id", "P007"});
    result = runPulmorad(arguments);
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    EXPECT_EQ(splitLines(result.standardOutput)[1].rfind("P007,", 0), 0u);
}

TEST_F(ExtractCommand, OneInputMustBeManifest) {
    CommandResult result = runPulmorad({"--quiet", "extract", image_.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("COHORT.csv"), std::string::npos) << result.standardError;
}

}  // namespace
}  // namespace pulmorad::test

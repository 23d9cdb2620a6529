// `pulmorad simulate` from the command line.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

// The committed example cohort is what the default seed writes, byte for byte.
TEST(SimulateCommand, DefaultSeedWritesTheCommittedExampleFiles) {
    const auto folder = makeTemporaryFolder("pulmorad-simulate");
    const auto output = folder / "cohort";
    const auto result = runPulmorad({"--quiet", "simulate", "-o", output.string()});
    ASSERT_EQ(result.exitStatus, 0) << result.standardError;
    const auto committed = sourceDir() / "examples" / "iim-ild";
    for (const char* name : {"clinical.csv", "radiomics.csv", "study.yaml", "README.md"}) {
        SCOPED_TRACE(name);
        EXPECT_TRUE(readFile(output / name) == readFile(committed / name));
    }
    std::filesystem::remove_all(folder);
}

TEST(SimulateCommand, RefusesToReplaceAPreviousSimulationWithoutOverwrite) {
    const auto folder = makeTemporaryFolder("pulmorad-simulate");
    const auto first = runPulmorad({"--quiet", "simulate", "--seed", "3", "-o", folder.string()});
    ASSERT_EQ(first.exitStatus, 0) << first.standardError;
    const auto again = runPulmorad({"--quiet", "simulate", "--seed", "4", "-o", folder.string()});
    EXPECT_EQ(again.exitStatus, 2);
    EXPECT_NE(again.standardError.find("--overwrite"), std::string::npos) << again.standardError;
    const auto replaced = runPulmorad({"--quiet", "simulate", "--seed", "3", "--overwrite", "-o", folder.string()});
    EXPECT_EQ(replaced.exitStatus, 0) << replaced.standardError;
    std::filesystem::remove_all(folder);
}

TEST(SimulateCommand, SmallGroupIsAnInputError) {
    const auto folder = makeTemporaryFolder("pulmorad-simulate");
    const auto result =
        runPulmorad({"--quiet", "simulate", "--patients", "40", "--positives", "35", "-o", folder.string()});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_NE(result.standardError.find("--positives 35"), std::string::npos) << result.standardError;
    EXPECT_FALSE(std::filesystem::exists(folder / "clinical.csv"));
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

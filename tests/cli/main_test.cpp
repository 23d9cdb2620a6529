#include <gtest/gtest.h>

#include "support/test_support.h"

namespace pulmorad::test {
namespace {

TEST(Cli, PrintsVersion) {
    const auto result = runPulmorad({"--version"});
    EXPECT_EQ(result.exitStatus, 0);
    EXPECT_NE(result.standardOutput.find("0."), std::string::npos);
}

TEST(Cli, UnknownCommandExitsWithTwo) {
    const auto result = runPulmorad({"no-such-command"});
    EXPECT_EQ(result.exitStatus, 2);
    EXPECT_FALSE(result.standardError.empty());
}

}  // namespace
}  // namespace pulmorad::test

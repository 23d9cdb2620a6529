// SHA-256 against the FIPS 180-2 example digests (appendix B: "abc", the
// 448-bit message, one million 'a') and the well-known digest of the empty string.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "study/sha256.h"
#include "support/test_support.h"

namespace pulmorad::study {
namespace {

TEST(Sha256, MatchesFipsExamples) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileDigestEqualsBytesDigest) {
    const auto folder = test::makeTemporaryFolder("sha256");
    const std::string text(200000, 'x');
    std::ofstream(folder / "file.bin", std::ios::binary) << text;
    EXPECT_EQ(sha256File(folder / "file.bin"), sha256Hex(text));
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::study

// Tests of the message buffering and padding shared by SHA-1 and SHA-256,
// with a compression function that records the blocks it is given. The
// expected padding is built by hand from FIPS 180-4 section 5.1.1.

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/merkle_damgard.h"

namespace pulmorad {
namespace {

std::string recordedBlocks;

/// Appends the blocks to recordedBlocks and counts calls in state[0] and blocks in state[1].
void recordBlocks(std::uint32_t* state, const std::uint8_t* blocks, std::size_t blockCount) {
    recordedBlocks.append(reinterpret_cast<const char*>(blocks),
                          blockCount * MerkleDamgardHasher::kBlockSize);
    state[0] += 1;
    state[1] += static_cast<std::uint32_t>(blockCount);
}

std::string message(std::size_t length) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) {
        text.push_back(static_cast<char>('a' + i % 26));
    }
    return text;
}

/// Pads `text` by hand: 0x80, zeros up to 56 mod 64 bytes, then the bit length as 8 big-endian bytes.
std::string paddedByHand(const std::string& text) {
    std::string padded = text + '\x80';
    while (padded.size() % 64 != 56) {
        padded.push_back('\0');
    }
    const std::uint64_t bits = text.size() * 8;
    for (int shift = 56; shift >= 0; shift -= 8) {
        padded.push_back(static_cast<char>((bits >> shift) & 0xFFu));
    }
    return padded;
}

TEST(MerkleDamgardHasher, PaddingMatchesFips180Layout) {
    // Lengths around the one- and two-block padding boundaries (55, 56, 63, 64).
    for (std::size_t length : {0u, 1u, 3u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 200u}) {
        recordedBlocks.clear();
        MerkleDamgardHasher hasher({0u, 0u}, &recordBlocks);
        const std::string text = message(length);
        hasher.update(text.data(), text.size());
        const std::string digest = hasher.hexDigest();
        const std::string expected = paddedByHand(text);
        EXPECT_EQ(recordedBlocks, expected) << "message length " << length;
        // state[1] = number of blocks, in the second group of 8 hex digits.
        EXPECT_EQ(std::stoul(digest.substr(8, 8), nullptr, 16), expected.size() / 64)
            << "message length " << length;
    }
}

TEST(MerkleDamgardHasher, SplitUpdatesGiveSameBlocks) {
    const std::string text = message(1000);
    recordedBlocks.clear();
    MerkleDamgardHasher whole({0u, 0u}, &recordBlocks);
    whole.update(text.data(), text.size());
    whole.hexDigest();
    const std::string expected = recordedBlocks;
    ASSERT_EQ(expected, paddedByHand(text));

    for (std::size_t piece : {1u, 7u, 8u, 63u, 64u, 65u, 200u}) {
        recordedBlocks.clear();
        MerkleDamgardHasher split({0u, 0u}, &recordBlocks);
        for (std::size_t start = 0; start < text.size(); start += piece) {
            split.update(text.data() + start, std::min(piece, text.size() - start));
        }
        split.hexDigest();
        EXPECT_EQ(recordedBlocks, expected) << "pieces of " << piece << " bytes";
    }
}

TEST(MerkleDamgardHasher, WholeBlocksAreCompressedInOneCall) {
    recordedBlocks.clear();
    MerkleDamgardHasher hasher({0u, 0u}, &recordBlocks);
    const std::string text = message(10 * 64);
    hasher.update(text.data(), text.size());
    // One call for the ten message blocks, one for the padding block.
    EXPECT_EQ(hasher.hexDigest(),
              "00000002"
              "0000000b");
}

TEST(MerkleDamgardHasher, UseAfterDigestIsRejected) {
    MerkleDamgardHasher hasher({0u}, &recordBlocks);
    hasher.hexDigest();
    EXPECT_THROW(hasher.hexDigest(), std::logic_error);
    EXPECT_THROW(hasher.update("a", 1), std::logic_error);
}

}  // namespace
}  // namespace pulmorad

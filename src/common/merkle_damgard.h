#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace pulmorad {

/// Message buffering and padding of the Merkle-Damgard hashes with 64-byte
/// blocks and 32-bit state words, shared by SHA-1 and SHA-256 (FIPS 180-4,
/// sections 5.1.1 and 5.2.1). The padding is 0x80, zeros, then the message
/// length in bits as a 64-bit big-endian number.
class MerkleDamgardHasher {
public:
    static constexpr std::size_t kBlockSize = 64;
    static constexpr std::size_t kMaxStateWords = 8;

    /// Compression function: updates `state` with `blockCount` consecutive
    /// 64-byte blocks, which need not be aligned.
    using CompressBlocks = void (*)(std::uint32_t* state, const std::uint8_t* blocks, std::size_t blockCount);

    /// Starts an empty message. `initialState` has at most kMaxStateWords words,
    /// and the digest has as many.
    MerkleDamgardHasher(std::initializer_list<std::uint32_t> initialState, CompressBlocks compress);

    /// Appends `length` bytes to the message. Whole blocks are compressed
    /// straight from `data`, and only a partial block is copied.
    void update(const void* data, std::size_t length);

    /// Pads the message and returns the state words as big-endian lower-case
    /// hex digits. Throws std::logic_error when called a second time or when
    /// update() follows it.
    std::string hexDigest();

private:
    CompressBlocks compress_;
    std::uint32_t state_[kMaxStateWords]{};
    std::size_t stateWords_ = 0;
    std::uint8_t buffer_[kBlockSize]{};
    std::size_t bufferLength_ = 0;
    std::uint64_t totalLength_ = 0;
    bool finished_ = false;
};

}  // namespace pulmorad

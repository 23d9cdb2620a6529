#include "common/merkle_damgard.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace pulmorad {

MerkleDamgardHasher::MerkleDamgardHasher(std::initializer_list<std::uint32_t> initialState,
                                         CompressBlocks compress)
    : compress_(compress), stateWords_(initialState.size()) {
    if (initialState.size() > kMaxStateWords) {
        throw std::logic_error("MerkleDamgardHasher: the initial state has more than 8 words");
    }
    std::copy(initialState.begin(), initialState.end(), state_);
}

void MerkleDamgardHasher::update(const void* data, std::size_t length) {
    if (finished_) {
        throw std::logic_error("MerkleDamgardHasher: update() after hexDigest()");
    }
    if (length == 0) {
        return;
    }
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    totalLength_ += length;

    if (bufferLength_ > 0) {
        const std::size_t take = std::min(kBlockSize - bufferLength_, length);
        std::memcpy(buffer_ + bufferLength_, bytes, take);
        bufferLength_ += take;
        bytes += take;
        length -= take;
        if (bufferLength_ < kBlockSize) {
            return;
        }
        compress_(state_, buffer_, 1);
        bufferLength_ = 0;
    }

    const std::size_t wholeBlocks = length / kBlockSize;
    if (wholeBlocks > 0) {
        compress_(state_, bytes, wholeBlocks);
        bytes += wholeBlocks * kBlockSize;
        length -= wholeBlocks * kBlockSize;
    }

    if (length > 0) {
        std::memcpy(buffer_, bytes, length);
        bufferLength_ = length;
    }
}

std::string MerkleDamgardHasher::hexDigest() {
    if (finished_) {
        throw std::logic_error("MerkleDamgardHasher: hexDigest() called twice");
    }
    // The padding is 0x80, zeros up to 8 bytes before a block end (56 mod 64),
    // then the length. It takes a second block when fewer than 9 bytes are left.
    const std::uint64_t bitLength = totalLength_ * 8;
    const std::size_t lengthOffset = bufferLength_ < kBlockSize - 8 ? kBlockSize - 8 : 2 * kBlockSize - 8;
    std::uint8_t tail[2 * kBlockSize]{};
    const std::size_t tailLength = lengthOffset - bufferLength_ + 8;
    tail[0] = 0x80;
    for (std::size_t i = 0; i < 8; ++i) {
        tail[tailLength - 8 + i] = static_cast<std::uint8_t>(bitLength >> (56 - 8 * i));
    }
    update(tail, tailLength);
    finished_ = true;

    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(8 * stateWords_);
    for (std::size_t i = 0; i < stateWords_; ++i) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            hex.push_back(kDigits[(state_[i] >> shift) & 0xFu]);
        }
    }
    return hex;
}

}  // namespace pulmorad

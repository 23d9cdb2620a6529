#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pulmorad::study {

/// Incremental SHA-256 (FIPS 180-4), used to fingerprint the study's input
/// files in run.json.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t length);
    /// Finishes the digest and returns it as 64 lower-case hex digits.
    std::string hexDigest();

private:
    void processBlock(const std::uint8_t* block);

    std::uint32_t state_[8];
    std::uint8_t buffer_[64];
    std::size_t bufferLength_ = 0;
    std::uint64_t totalLength_ = 0;
};

/// SHA-256 of a string's bytes.
std::string sha256Hex(std::string_view bytes);

/// SHA-256 of a file's bytes; throws InputError when it cannot be read.
std::string sha256File(const std::filesystem::path& path);

}  // namespace pulmorad::study

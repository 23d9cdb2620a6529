#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/merkle_damgard.h"

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
    MerkleDamgardHasher hasher_;
};

/// SHA-256 of a string's bytes.
std::string sha256Hex(std::string_view bytes);

/// SHA-256 of a file's bytes; throws InputError when it cannot be read.
std::string sha256File(const std::filesystem::path& path);

}  // namespace pulmorad::study

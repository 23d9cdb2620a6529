#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace pulmorad::radiomics {

/// Incremental SHA-1 (FIPS 180-4), used only to fingerprint image and mask
/// voxels in the diagnostics columns, as PyRadiomics does; not for security.
class Sha1 {
public:
    Sha1();
    void update(const void* data, std::size_t length);
    /// Finishes the digest and returns it as 40 lower-case hex digits.
    std::string hexDigest();

private:
    void processBlock(const std::uint8_t* block);

    std::uint32_t state_[5];
    std::uint8_t buffer_[64];
    std::size_t bufferLength_ = 0;
    std::uint64_t totalLength_ = 0;
};

}  // namespace pulmorad::radiomics

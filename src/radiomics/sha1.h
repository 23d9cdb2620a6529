#pragma once

#include <cstddef>
#include <string>

#include "common/merkle_damgard.h"

namespace pulmorad::radiomics {

/// Incremental SHA-1 (FIPS 180-4) for the fingerprints in the diagnostics
/// columns: image and mask voxels, and the parameter set. Not for security.
class Sha1 {
public:
    /// Choice of compression function: `fastest` uses the x86 SHA extensions
    /// when the CPU has them, `portable` is plain C++. Both give the same digest.
    enum class Implementation { fastest, portable };

    explicit Sha1(Implementation implementation = Implementation::fastest);

    /// Returns true when this CPU has the x86 SHA extensions (with SSSE3 and SSE4.1).
    static bool hasShaExtensions();

    void update(const void* data, std::size_t length);
    /// Finishes the digest and returns it as 40 lower-case hex digits.
    std::string hexDigest();

private:
    MerkleDamgardHasher hasher_;
};

}  // namespace pulmorad::radiomics

#include "radiomics/sha1.h"

#include <bit>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define PULMORAD_SHA1_X86_EXTENSIONS 1
#endif

namespace pulmorad::radiomics {

namespace {

std::uint32_t loadBigEndian(const std::uint8_t* bytes) {
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
           (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

// The round function and constant of each group of twenty rounds (FIPS 180-4
// sections 4.1.1 and 4.2.1): Ch, Parity, Maj, Parity. Ch and Maj are written in
// forms with fewer operations, d ^ (b & (c ^ d)) and (b & c) | (d & (b | c)).
struct Rounds0To19 {
    static constexpr std::uint32_t kConstant = 0x5A827999u;
    static std::uint32_t apply(std::uint32_t b, std::uint32_t c, std::uint32_t d) {
        return d ^ (b & (c ^ d));
    }
};
struct Rounds20To39 {
    static constexpr std::uint32_t kConstant = 0x6ED9EBA1u;
    static std::uint32_t apply(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return b ^ c ^ d; }
};
struct Rounds40To59 {
    static constexpr std::uint32_t kConstant = 0x8F1BBCDCu;
    static std::uint32_t apply(std::uint32_t b, std::uint32_t c, std::uint32_t d) {
        return (b & c) | (d & (b | c));
    }
};
struct Rounds60To79 {
    static constexpr std::uint32_t kConstant = 0xCA62C1D6u;
    static std::uint32_t apply(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return b ^ c ^ d; }
};

// One round with the working variables renamed rather than shifted. The
// caller rotates the roles of a..e, so a round only updates e and b.
template <typename Function>
inline void sha1Round(std::uint32_t a, std::uint32_t& b, std::uint32_t c, std::uint32_t d, std::uint32_t& e,
                      std::uint32_t word) {
    e += std::rotl(a, 5) + Function::apply(b, c, d) + Function::kConstant + word;
    b = std::rotl(b, 30);
}

// The message schedule W_t for t >= 16 in a ring of 16 words (FIPS 180-4 section 6.1.3).
inline std::uint32_t nextWord(std::uint32_t* schedule, int t) {
    const std::uint32_t word = std::rotl(
        schedule[(t + 13) & 15] ^ schedule[(t + 8) & 15] ^ schedule[(t + 2) & 15] ^ schedule[t & 15], 1);
    schedule[t & 15] = word;
    return word;
}

// Twenty rounds t = first .. first + 19 with one round function. Every five
// rounds the roles of a..e return to where they started.
template <typename Function, int first>
inline void twentyRounds(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c, std::uint32_t& d,
                         std::uint32_t& e, std::uint32_t* schedule) {
    const auto word = [schedule](int t) { return t < 16 ? schedule[t] : nextWord(schedule, t); };
#pragma GCC unroll 4
    for (int t = first; t < first + 20; t += 5) {
        sha1Round<Function>(a, b, c, d, e, word(t));
        sha1Round<Function>(e, a, b, c, d, word(t + 1));
        sha1Round<Function>(d, e, a, b, c, word(t + 2));
        sha1Round<Function>(c, d, e, a, b, word(t + 3));
        sha1Round<Function>(b, c, d, e, a, word(t + 4));
    }
}

void compressBlocks(std::uint32_t* state, const std::uint8_t* blocks, std::size_t blockCount) {
    for (std::size_t block = 0; block < blockCount; ++block) {
        const std::uint8_t* bytes = blocks + block * MerkleDamgardHasher::kBlockSize;
        std::uint32_t schedule[16];
        for (int t = 0; t < 16; ++t) {
            schedule[t] = loadBigEndian(bytes + 4 * t);
        }
        std::uint32_t a = state[0];
        std::uint32_t b = state[1];
        std::uint32_t c = state[2];
        std::uint32_t d = state[3];
        std::uint32_t e = state[4];
        twentyRounds<Rounds0To19, 0>(a, b, c, d, e, schedule);
        twentyRounds<Rounds20To39, 20>(a, b, c, d, e, schedule);
        twentyRounds<Rounds40To59, 40>(a, b, c, d, e, schedule);
        twentyRounds<Rounds60To79, 60>(a, b, c, d, e, schedule);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}

#ifdef PULMORAD_SHA1_X86_EXTENSIONS

#define PULMORAD_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

// Four rounds with the x86 SHA extensions (SHA-NI). `words` contains W_4g..W_4g+3
// with W_4g in the highest lane. Group 0 adds e to the words. Later groups add
// the e of this group, which sha1nexte computes as rotl(a, 30) of the state
// before the previous group.
template <int function>
PULMORAD_SHA_TARGET inline void fourRounds(__m128i& abcd, __m128i& previousAbcd, __m128i e, __m128i words,
                                           bool firstGroup) {
    const __m128i wordsPlusE =
        firstGroup ? _mm_add_epi32(e, words) : _mm_sha1nexte_epu32(previousAbcd, words);
    previousAbcd = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, wordsPlusE, function);
}

// The message words of group g >= 4 from the four previous groups, held in
// a ring of four registers: W_t = rotl(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16, 1).
PULMORAD_SHA_TARGET inline void nextWords(__m128i* ring, int group) {
    __m128i& oldest = ring[group % 4];
    oldest = _mm_sha1msg2_epu32(
        _mm_xor_si128(_mm_sha1msg1_epu32(oldest, ring[(group + 1) % 4]), ring[(group + 2) % 4]),
        ring[(group + 3) % 4]);
}

// Five groups (twenty rounds) with one round function, starting at `firstGroup`.
template <int function>
PULMORAD_SHA_TARGET inline void twentyRoundsX86(__m128i& abcd, __m128i& previousAbcd, __m128i e,
                                                __m128i* ring, const std::uint8_t* bytes, __m128i byteOrder,
                                                int firstGroup) {
    for (int group = firstGroup; group < firstGroup + 5; ++group) {
        if (group < 4) {
            ring[group] = _mm_shuffle_epi8(
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * group)), byteOrder);
        } else {
            nextWords(ring, group);
        }
        fourRounds<function>(abcd, previousAbcd, e, ring[group % 4], group == 0);
    }
}

// Compresses blocks with the x86 SHA extensions. One register contains a, b,
// c, d with a in the highest lane, and another contains e in its highest lane.
PULMORAD_SHA_TARGET void compressBlocksX86(std::uint32_t* state, const std::uint8_t* blocks,
                                           std::size_t blockCount) {
    // Reverses the 16 bytes, so each big-endian word lands in a lane, W_0 highest.
    const __m128i byteOrder = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1B);
    __m128i e = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
    for (std::size_t block = 0; block < blockCount; ++block) {
        const std::uint8_t* bytes = blocks + block * MerkleDamgardHasher::kBlockSize;
        const __m128i savedAbcd = abcd;
        __m128i previousAbcd = abcd;
        __m128i ring[4];
        twentyRoundsX86<0>(abcd, previousAbcd, e, ring, bytes, byteOrder, 0);
        twentyRoundsX86<1>(abcd, previousAbcd, e, ring, bytes, byteOrder, 5);
        twentyRoundsX86<2>(abcd, previousAbcd, e, ring, bytes, byteOrder, 10);
        twentyRoundsX86<3>(abcd, previousAbcd, e, ring, bytes, byteOrder, 15);
        // The new e is rotl(a, 30) of the state before the last group plus the old e.
        e = _mm_sha1nexte_epu32(previousAbcd, e);
        abcd = _mm_add_epi32(abcd, savedAbcd);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1B));
    state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e, 3));
}

bool cpuHasShaExtensions() {
    unsigned int eax = 0;
    unsigned int ebx = 0;
    unsigned int ecx = 0;
    unsigned int edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) {
        return false;
    }
    const bool ssse3 = (ecx & (1u << 9)) != 0;
    const bool sse41 = (ecx & (1u << 19)) != 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) {
        return false;
    }
    const bool sha = (ebx & (1u << 29)) != 0;
    return ssse3 && sse41 && sha;
}

#endif  // PULMORAD_SHA1_X86_EXTENSIONS

MerkleDamgardHasher::CompressBlocks compressFunction([[maybe_unused]] Sha1::Implementation implementation) {
#ifdef PULMORAD_SHA1_X86_EXTENSIONS
    if (implementation == Sha1::Implementation::fastest && Sha1::hasShaExtensions()) {
        return &compressBlocksX86;
    }
#endif
    return &compressBlocks;
}

}  // namespace

bool Sha1::hasShaExtensions() {
#ifdef PULMORAD_SHA1_X86_EXTENSIONS
    static const bool available = cpuHasShaExtensions();
    return available;
#else
    return false;
#endif
}

Sha1::Sha1(Implementation implementation)
    : hasher_({0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u},
              compressFunction(implementation)) {}

void Sha1::update(const void* data, std::size_t length) { hasher_.update(data, length); }

std::string Sha1::hexDigest() { return hasher_.hexDigest(); }

}  // namespace pulmorad::radiomics

#include "learn/random.h"

#include <limits>

namespace pulmorad::learn {

std::uint64_t SeededRandom::uniformBelow(std::uint64_t bound) {
    // Rejects the top partial block of 2^64 so every residue is equally likely.
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - (std::numeric_limits<std::uint64_t>::max() % bound);
    std::uint64_t draw = engine_();
    while (draw >= limit) {
        draw = engine_();
    }
    return draw % bound;
}

double SeededRandom::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

std::uint32_t NumpyRandomState::randomInterval(std::uint32_t maximum) {
    if (maximum == 0) {
        return 0;
    }
    std::uint32_t mask = maximum;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    std::uint32_t value = static_cast<std::uint32_t>(engine_()) & mask;
    while (value > maximum) {
        value = static_cast<std::uint32_t>(engine_()) & mask;
    }
    return value;
}

}  // namespace pulmorad::learn

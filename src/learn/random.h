#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace pulmorad::learn {

/// Seeded random numbers whose sequence is the same with every compiler and
/// standard library. The C++ standard fully specifies std::mt19937_64 but
/// not the std distributions or std::shuffle. So bounded integers are drawn
/// here by rejection sampling, and shuffles are our own Fisher-Yates.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}

    /// Uniform integer in [0, bound) without modulo bias; bound must be > 0.
    std::uint64_t uniformBelow(std::uint64_t bound);

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform();

    /// Shuffles `values` in place (Fisher-Yates from the last element).
    template <typename T>
    void shuffle(std::vector<T>& values) {
        for (std::size_t i = values.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(uniformBelow(i));
            std::swap(values[i - 1], values[j]);
        }
    }

    std::mt19937_64& engine() { return engine_; }

private:
    std::mt19937_64 engine_;
};

/// The part of numpy's legacy `RandomState` that scikit-learn's shuffled
/// StratifiedKFold uses: MT19937 seeded with an integer (init_genrand, the
/// same as std::mt19937(seed)) and `shuffle` of a 1-D array, which for
/// i = n-1 .. 1 swaps element i with element j drawn uniformly from [0, i]
/// by masked rejection sampling on 32-bit outputs.
class NumpyRandomState {
public:
    explicit NumpyRandomState(std::uint32_t seed) : engine_(seed) {}

    /// Uniform integer in [0, maximum] drawn as numpy's random_interval.
    std::uint32_t randomInterval(std::uint32_t maximum);

    template <typename T>
    void shuffle(std::vector<T>& values) {
        for (std::size_t i = values.size(); i > 1; --i) {
            const std::size_t j = randomInterval(static_cast<std::uint32_t>(i - 1));
            std::swap(values[i - 1], values[j]);
        }
    }

private:
    std::mt19937 engine_;
};

}  // namespace pulmorad::learn

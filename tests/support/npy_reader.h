#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace pulmorad::test {

/// A numpy array read from a .npy file, converted to float64 in C order (last index fastest).
struct NpyArray {
    std::vector<std::size_t> shape;
    std::vector<double> values;
};

/// Reads a .npy file (format 1.x or 2.x) holding little-endian float64, int64 or int32 values in C
/// or Fortran order. Throws std::runtime_error naming the file for anything else.
NpyArray readNpy(const std::filesystem::path& path);

}  // namespace pulmorad::test

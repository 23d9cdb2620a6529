#include "support/npy_reader.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>

namespace pulmorad::test {

namespace {

std::string headerValue(const std::string& header, const std::string& key,
                        const std::filesystem::path& path) {
    const std::regex pattern("'" + key + "'\\s*:\\s*('[^']*'|True|False|\\([^)]*\\))");
    std::smatch match;
    if (!std::regex_search(header, match, pattern)) {
        throw std::runtime_error(path.string() + ": .npy header has no '" + key + "' entry");
    }
    return match[1].str();
}

template <typename T>
T readLittleEndian(const char* bytes) {
    T value;
    std::memcpy(&value, bytes, sizeof(T));  // the test machines are little-endian (x86-64, arm64)
    return value;
}

}  // namespace

NpyArray readNpy(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) throw std::runtime_error(path.string() + ": cannot open .npy file");
    const std::string content((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    if (content.size() < 10 || content.compare(0, 6, "\x93NUMPY") != 0) {
        throw std::runtime_error(path.string() + ": not a .npy file (magic string missing)");
    }

    // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4 bytes.
    const auto major = static_cast<unsigned char>(content[6]);
    std::size_t headerLength = 0;
    std::size_t headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(content[8]) |
                       (static_cast<std::size_t>(static_cast<unsigned char>(content[9])) << 8);
        headerStart = 10;
    } else {
        headerLength = readLittleEndian<std::uint32_t>(content.data() + 8);
        headerStart = 12;
    }
    const std::string header = content.substr(headerStart, headerLength);

    const std::string descr = headerValue(header, "descr", path);
    const bool fortranOrder = headerValue(header, "fortran_order", path) == "True";
    NpyArray array;
    const std::string shapeText = headerValue(header, "shape", path);
    const std::regex number("\\d+");
    for (auto it = std::sregex_iterator(shapeText.begin(), shapeText.end(), number);
         it != std::sregex_iterator(); ++it) {
        array.shape.push_back(std::stoul(it->str()));
    }
    std::size_t count = 1;
    for (std::size_t extent : array.shape) count *= extent;

    std::size_t itemSize = 0;
    if (descr == "'<f8'" || descr == "'<i8'") {
        itemSize = 8;
    } else if (descr == "'<i4'") {
        itemSize = 4;
    } else {
        throw std::runtime_error(path.string() + ": unsupported .npy dtype " + descr +
                                 "; expected <f8, <i8 or <i4");
    }
    const std::size_t dataStart = headerStart + headerLength;
    if (content.size() < dataStart + count * itemSize) {
        throw std::runtime_error(path.string() + ": .npy data is shorter than its shape says");
    }

    std::vector<double> stored(count);
    for (std::size_t k = 0; k < count; ++k) {
        const char* bytes = content.data() + dataStart + k * itemSize;
        if (descr == "'<f8'") {
            stored[k] = readLittleEndian<double>(bytes);
        } else if (descr == "'<i8'") {
            stored[k] = static_cast<double>(readLittleEndian<std::int64_t>(bytes));
        } else {
            stored[k] = readLittleEndian<std::int32_t>(bytes);
        }
    }
    if (!fortranOrder || array.shape.size() < 2) {
        array.values = std::move(stored);
        return array;
    }

    // Fortran order stores the first index fastest; reorder to C order.
    array.values.resize(count);
    const std::size_t dims = array.shape.size();
    std::vector<std::size_t> index(dims, 0);
    for (std::size_t c = 0; c < count; ++c) {
        std::size_t fortranOffset = 0;
        std::size_t stride = 1;
        for (std::size_t d = 0; d < dims; ++d) {
            fortranOffset += index[d] * stride;
            stride *= array.shape[d];
        }
        array.values[c] = stored[fortranOffset];
        for (std::size_t d = dims; d-- > 0;) {  // advance the C-order index, last dimension fastest
            if (++index[d] < array.shape[d]) break;
            index[d] = 0;
        }
    }
    return array;
}

}  // namespace pulmorad::test

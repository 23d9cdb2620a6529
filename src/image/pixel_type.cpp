#include "image/pixel_type.h"

#include <cstdint>
#include <limits>

namespace pulmorad::image {
namespace {

template <typename T>
double clampAndCast(double value) {
    // ITK's NumericTraits<T>::NonpositiveMin() is lowest(): the most negative
    // finite value, also for floating-point types.
    constexpr double lowest = static_cast<double>(std::numeric_limits<T>::lowest());
    constexpr double highest = static_cast<double>(std::numeric_limits<T>::max());
    if (value <= lowest) {
        return lowest;
    }
    if (value >= highest) {
        return highest;
    }
    return static_cast<double>(static_cast<T>(value));
}

}  // namespace

std::string_view pixelTypeName(PixelType type) {
    switch (type) {
        case PixelType::UInt8:
            return "uint8";
        case PixelType::Int8:
            return "int8";
        case PixelType::UInt16:
            return "uint16";
        case PixelType::Int16:
            return "int16";
        case PixelType::UInt32:
            return "uint32";
        case PixelType::Int32:
            return "int32";
        case PixelType::UInt64:
            return "uint64";
        case PixelType::Int64:
            return "int64";
        case PixelType::Float32:
            return "float32";
        case PixelType::Float64:
            return "float64";
    }
    return "unknown";
}

double castToPixelType(double value, PixelType type) {
    switch (type) {
        case PixelType::UInt8:
            return clampAndCast<std::uint8_t>(value);
        case PixelType::Int8:
            return clampAndCast<std::int8_t>(value);
        case PixelType::UInt16:
            return clampAndCast<std::uint16_t>(value);
        case PixelType::Int16:
            return clampAndCast<std::int16_t>(value);
        case PixelType::UInt32:
            return clampAndCast<std::uint32_t>(value);
        case PixelType::Int32:
            return clampAndCast<std::int32_t>(value);
        case PixelType::UInt64:
            return clampAndCast<std::uint64_t>(value);
        case PixelType::Int64:
            return clampAndCast<std::int64_t>(value);
        case PixelType::Float32:
            return clampAndCast<float>(value);
        case PixelType::Float64:
            break;
    }
    return value;
}

}  // namespace pulmorad::image

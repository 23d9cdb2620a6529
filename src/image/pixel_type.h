#pragma once

#include <string_view>

namespace pulmorad::image {

/// Scalar pixel type of an image as stored in its file (after the DICOM
/// rescale), as ITK's ImageIO and therefore SimpleITK report it. Volumes hold
/// doubles; the stored type matters where PyRadiomics casts back to it, as
/// its resampling does.
enum class PixelType { UInt8, Int8, UInt16, Int16, UInt32, Int32, UInt64, Int64, Float32, Float64 };

/// Lower-case name: "uint8", "int16", "float32", ...
std::string_view pixelTypeName(PixelType type);

/// Converts an interpolated value to `type` as ITK 5.2's ResampleImageFilter
/// (CastComponentWithBoundsChecking) does, and returns it as double. Values at
/// or beyond the type's limits become those limits. Other values go through
/// static_cast, which truncates towards zero for integer types and rounds to
/// nearest for float32.
double castToPixelType(double value, PixelType type);

}  // namespace pulmorad::image

#include "radiomics/filters/local_binary_pattern.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "common/errors.h"

namespace pulmorad::radiomics::filters {
namespace {

using image::ImageVolume;

/// A 2D view of one slice of a volume: element (row, column) is at
/// offset + row * rowStride + column * columnStride.
struct SliceView {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::size_t rowStride = 0;
    std::size_t columnStride = 0;
};

/// Interpolates bilinearly at (row, column) with 0 outside the slice, in
/// scikit-image's order of operations.
double interpolate(const double* slice, const SliceView& view, double row, double column) {
    const auto minRow = static_cast<std::ptrdiff_t>(std::floor(row));
    const auto minColumn = static_cast<std::ptrdiff_t>(std::floor(column));
    const auto maxRow = static_cast<std::ptrdiff_t>(std::ceil(row));
    const auto maxColumn = static_cast<std::ptrdiff_t>(std::ceil(column));
    const double rowFraction = row - static_cast<double>(minRow);
    const double columnFraction = column - static_cast<double>(minColumn);

    const auto pixel = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
        if (r < 0 || c < 0 || r >= static_cast<std::ptrdiff_t>(view.rows) ||
            c >= static_cast<std::ptrdiff_t>(view.columns)) {
            return 0.0;
        }
        return slice[static_cast<std::size_t>(r) * view.rowStride +
                     static_cast<std::size_t>(c) * view.columnStride];
    };
    const double top =
        (1 - columnFraction) * pixel(minRow, minColumn) + columnFraction * pixel(minRow, maxColumn);
    const double bottom =
        (1 - columnFraction) * pixel(maxRow, minColumn) + columnFraction * pixel(maxRow, maxColumn);
    return (1 - rowFraction) * top + rowFraction * bottom;
}

/// Rotates the low `length` bits of `value` right by one.
unsigned rotateRight(unsigned value, int length) {
    return (value >> 1U) | ((value & 1U) << static_cast<unsigned>(length - 1));
}

/// Returns the LBP code of one pixel from its neighbour values and thresholded bits.
double lbpCode(const std::vector<double>& texture, const std::vector<int>& bits, LbpMethod method) {
    const int samples = static_cast<int>(bits.size());
    if (method == LbpMethod::variance) {
        // Population variance of the neighbours, NaN where they are all equal.
        double sum = 0.0;
        double sumOfSquares = 0.0;
        for (const double value : texture) {
            sum += value;
            sumOfSquares += value * value;
        }
        const double variance = (sumOfSquares - (sum * sum) / samples) / samples;
        return variance != 0 ? variance : std::numeric_limits<double>::quiet_NaN();
    }

    if (method == LbpMethod::uniform || method == LbpMethod::nonRotationInvariantUniform) {
        // scikit-image counts the changes along the chain without closing the circle.
        int changes = 0;
        for (int i = 0; i + 1 < samples; ++i) changes += bits[i] != bits[i + 1] ? 1 : 0;
        int ones = 0;
        for (const int bit : bits) ones += bit;
        if (method == LbpMethod::uniform) return changes <= 2 ? ones : samples + 1;

        if (changes > 2) return samples * (samples - 1) + 2;
        if (ones == 0) return 0;
        if (ones == samples) return samples * (samples - 1) + 1;
        const int firstOne = static_cast<int>(std::find(bits.begin(), bits.end(), 1) - bits.begin());
        const int firstZero = static_cast<int>(std::find(bits.begin(), bits.end(), 0) - bits.begin());
        const int rotation = firstOne == 0 ? ones - firstZero : samples - firstOne;
        return 1 + (ones - 1) * samples + rotation;
    }

    unsigned code = 0;
    for (int i = 0; i < samples; ++i) code += static_cast<unsigned>(bits[i]) << static_cast<unsigned>(i);
    if (method == LbpMethod::rotationInvariant) {
        unsigned rotated = code;
        unsigned minimum = code;
        for (int i = 1; i < samples; ++i) {
            rotated = rotateRight(rotated, samples);
            minimum = std::min(minimum, rotated);
        }
        code = minimum;
    }
    return code;
}

}  // namespace

LbpMethod lbpMethodFromName(const std::string& name) {
    if (name == "default") return LbpMethod::defaultCode;
    if (name == "ror") return LbpMethod::rotationInvariant;
    if (name == "uniform") return LbpMethod::uniform;
    if (name == "nri_uniform") return LbpMethod::nonRotationInvariantUniform;
    if (name == "var") return LbpMethod::variance;
    throw InputError("setting lbp2DMethod: '" + name +
                     "' is invalid; use default, ror, uniform, nri_uniform or var");
}

ImageVolume localBinaryPattern2D(const ImageVolume& image, double radius, int samples, LbpMethod method,
                                 int normalAxis) {
    requireInput(samples >= 1 && samples <= 31,
                 "setting lbp2DSamples: " + std::to_string(samples) + " is invalid; use 1 to 31");
    requireInput(normalAxis >= 0 && normalAxis <= 2,
                 "setting force2Ddimension: " + std::to_string(normalAxis) + " is invalid; use 0, 1 or 2");

    // scikit-image 0.19 declares the radius as a C float.
    const double radiusUsed = static_cast<float>(radius);
    std::vector<double> rowOffset(static_cast<std::size_t>(samples));
    std::vector<double> columnOffset(static_cast<std::size_t>(samples));
    for (int p = 0; p < samples; ++p) {
        const double angle = 2 * std::numbers::pi * p / samples;
        // numpy.round(x, 5) scales by 1e5, rounds half to even and scales back.
        rowOffset[static_cast<std::size_t>(p)] = std::nearbyint(-radiusUsed * std::sin(angle) * 1e5) / 1e5;
        columnOffset[static_cast<std::size_t>(p)] = std::nearbyint(radiusUsed * std::cos(angle) * 1e5) / 1e5;
    }

    // numpy axis 0 is our z, 1 is y and 2 is x. Rows and columns follow numpy's swapaxes.
    const auto& size = image.geometry.size;
    const std::size_t strideY = size[0];
    const std::size_t strideZ = size[0] * size[1];
    SliceView view;
    std::size_t sliceCount = 0;
    std::size_t sliceStride = 0;
    switch (normalAxis) {
        case 0:
            view = {size[1], size[0], strideY, 1};
            sliceCount = size[2];
            sliceStride = strideZ;
            break;
        case 1:
            view = {size[2], size[0], strideZ, 1};
            sliceCount = size[1];
            sliceStride = strideY;
            break;
        default:
            view = {size[1], size[2], strideY, strideZ};
            sliceCount = size[0];
            sliceStride = 1;
            break;
    }

    ImageVolume result;
    result.geometry = image.geometry;
    result.data.resize(image.data.size());
    tbb::parallel_for(std::size_t{0}, sliceCount, [&](std::size_t sliceIndex) {
        const double* slice = image.data.data() + sliceIndex * sliceStride;
        double* output = result.data.data() + sliceIndex * sliceStride;
        std::vector<double> texture(static_cast<std::size_t>(samples));
        std::vector<int> bits(static_cast<std::size_t>(samples));
        for (std::size_t row = 0; row < view.rows; ++row) {
            for (std::size_t column = 0; column < view.columns; ++column) {
                const double centre = slice[row * view.rowStride + column * view.columnStride];
                for (std::size_t p = 0; p < texture.size(); ++p) {
                    texture[p] = interpolate(slice, view, static_cast<double>(row) + rowOffset[p],
                                             static_cast<double>(column) + columnOffset[p]);
                    bits[p] = texture[p] - centre >= 0 ? 1 : 0;
                }
                output[row * view.rowStride + column * view.columnStride] = lbpCode(texture, bits, method);
            }
        }
    });
    return result;
}

}  // namespace pulmorad::radiomics::filters

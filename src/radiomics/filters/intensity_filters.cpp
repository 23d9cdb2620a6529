#include "radiomics/filters/intensity_filters.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/errors.h"

namespace pulmorad::radiomics::filters {
namespace {

using image::ImageVolume;

/// Returns the largest absolute intensity of `image`, M above.
double maximumAbsoluteValue(const ImageVolume& image) {
    double maximum = 0.0;
    for (const double value : image.data) maximum = std::max(maximum, std::abs(value));
    return maximum;
}

/// Throws when the rescaling of `imageType` divides by M = 0.
void requireNonzeroImage(double maximum, const std::string& imageType) {
    requireInput(maximum > 0.0,
                 imageType +
                     ": every voxel of the image around the ROI is 0, so the rescaling by the maximum "
                     "absolute intensity is undefined; remove " +
                     imageType + " from imageType");
}

/// Returns a volume with the geometry of `image` and `transform` applied to each voxel.
template <typename Transform>
ImageVolume transformVoxels(const ImageVolume& image, Transform transform) {
    ImageVolume result;
    result.geometry = image.geometry;
    result.data.resize(image.data.size());
    std::transform(image.data.begin(), image.data.end(), result.data.begin(), transform);
    return result;
}

}  // namespace

ImageVolume squareImage(const ImageVolume& image) {
    const double maximum = maximumAbsoluteValue(image);
    requireNonzeroImage(maximum, "Square");
    const double coefficient = 1.0 / std::sqrt(maximum);
    return transformVoxels(image, [coefficient](double value) {
        const double scaled = coefficient * value;
        return scaled * scaled;
    });
}

ImageVolume squareRootImage(const ImageVolume& image) {
    const double maximum = maximumAbsoluteValue(image);
    return transformVoxels(image, [maximum](double value) {
        if (value > 0.0) return std::sqrt(value * maximum);
        if (value < 0.0) return -std::sqrt(-value * maximum);
        return value;
    });
}

ImageVolume logarithmImage(const ImageVolume& image) {
    const double maximum = maximumAbsoluteValue(image);
    requireNonzeroImage(maximum, "Logarithm");
    ImageVolume result = transformVoxels(image, [](double value) {
        if (value > 0.0) return std::log(value + 1.0);
        if (value < 0.0) return -std::log(1.0 - value);
        return value;
    });

    // PyRadiomics rescales by the largest transformed magnitude, log(M + 1).
    const double scale = maximum / maximumAbsoluteValue(result);
    for (double& value : result.data) value *= scale;
    return result;
}

ImageVolume exponentialImage(const ImageVolume& image) {
    const double maximum = maximumAbsoluteValue(image);
    requireNonzeroImage(maximum, "Exponential");
    const double coefficient = std::log(maximum) / maximum;
    return transformVoxels(image, [coefficient](double value) { return std::exp(coefficient * value); });
}

}  // namespace pulmorad::radiomics::filters

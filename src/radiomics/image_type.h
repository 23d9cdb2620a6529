#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "image/volume.h"

namespace pulmorad::radiomics {

/// An image derived from the input (PyRadiomics' image type output), on the
/// same grid as the image it came from.
struct DerivedImage {
    std::string prefix;        ///< feature-name prefix, e.g. "original", "log-sigma-1-0-mm-3D", "wavelet-HLL"
    image::ImageVolume image;  ///< intensities of the derived image
};

/// A PyRadiomics image type ("Original", "LoG", "Wavelet", "Square", ...).
/// Implementations are stateless and thread-safe.
class ImageType {
public:
    virtual ~ImageType() = default;

    /// PyRadiomics' name as written under `imageType:` in a parameter file.
    virtual std::string name() const = 0;

    /// Checks the image type's settings (the merged `setting:` block and its
    /// own `imageType:` entry) and throws InputError naming a bad value.
    virtual void validate(const YAML::Node& settings) const = 0;

    /// Derives the images, in PyRadiomics' order. `image` is the (resampled,
    /// cropped) input and `roi` is 1 inside the region of interest on the same
    /// grid. Throws InputError when the ROI is too small for the filter.
    virtual std::vector<DerivedImage> generate(const image::ImageVolume& image,
                                               const image::Volume<std::uint8_t>& roi,
                                               const YAML::Node& settings) const = 0;

    /// Derives the same images as generate(), in the same order, and passes each to `consume`
    /// as soon as it is ready, so that the caller can reduce or drop it before the next one is
    /// made. The default calls generate(); image types with several large outputs override it
    /// to hold fewer full-size volumes at once.
    virtual void generateEach(const image::ImageVolume& image, const image::Volume<std::uint8_t>& roi,
                              const YAML::Node& settings,
                              const std::function<void(DerivedImage)>& consume) const {
        for (DerivedImage& derived : generate(image, roi, settings)) consume(std::move(derived));
    }
};

/// Returns the image type registered under `name`, or nullptr when unknown.
const ImageType* findImageType(const std::string& name);

/// Every registered image type name, for error messages.
std::vector<std::string> imageTypeNames();

}  // namespace pulmorad::radiomics

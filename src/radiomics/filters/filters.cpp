#include "radiomics/filters/filters.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/filters/gradient_filter.h"
#include "image/filters/log_filter.h"
#include "radiomics/filters/filter_settings.h"
#include "radiomics/filters/intensity_filters.h"
#include "radiomics/filters/lbp3d.h"
#include "radiomics/filters/local_binary_pattern.h"
#include "radiomics/filters/wavelet_transform.h"

namespace pulmorad::radiomics {
namespace {

using image::ImageVolume;
using RoiVolume = image::Volume<std::uint8_t>;

std::string sizeText(const image::Geometry& geometry) {
    return std::to_string(geometry.size[0]) + " x " + std::to_string(geometry.size[1]) + " x " +
           std::to_string(geometry.size[2]);
}

/// Laplacian of Gaussian for each `sigma` (mm), PyRadiomics' getLoGImage, with the
/// kernel and border extension of the logKernel and logPadding settings.
class LogImageType final : public ImageType {
public:
    std::string name() const override { return "LoG"; }

    void validate(const YAML::Node& settings) const override {
        const std::vector<YAML::Node> sigmas = filters::readList(settings, "sigma");
        // PyRadiomics silently computes no LoG image without sigma.
        requireInput(!sigmas.empty(),
                     "imageType LoG: setting sigma is missing or empty, so no LoG image would be computed; "
                     "add e.g. 'sigma: [1.0, 2.0, 3.0]' (mm) under LoG or remove LoG");
        for (const YAML::Node& sigma : sigmas) readSigma(sigma);
        readOptions(settings);
    }

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& roi,
                                       const YAML::Node& settings) const override {
        std::vector<DerivedImage> images;
        generateEach(image, roi, settings,
                     [&](DerivedImage derived) { images.push_back(std::move(derived)); });
        return images;
    }

    /// Computes one sigma at a time, so that one full-size output exists at once.
    void generateEach(const ImageVolume& image, const RoiVolume& /*roi*/, const YAML::Node& settings,
                      const std::function<void(DerivedImage)>& consume) const override {
        validate(settings);
        const image::filters::LogOptions options = readOptions(settings);
        const auto& size = image.geometry.size;
        const auto& spacing = image.geometry.spacing;
        requireInput(
            *std::min_element(size.begin(), size.end()) >= 4,
            "imageType LoG: the image around the ROI is " + sizeText(image.geometry) +
                " voxels, but LoG needs at least 4 along each axis; use a larger ROI or padDistance");

        for (const YAML::Node& sigmaNode : filters::readList(settings, "sigma")) {
            const double sigma = readSigma(sigmaNode);
            const std::string sigmaText = filters::pythonNumberText(sigmaNode);

            // PyRadiomics' support check: each axis must span ceil(sigma / spacing) + 1 voxels.
            for (std::size_t axis = 0; axis < 3; ++axis) {
                const double needed = std::ceil(sigma / spacing[axis]) + 1;
                requireInput(static_cast<double>(size[axis]) >= needed,
                             "imageType LoG: sigma " + sigmaText + " mm needs at least " +
                                 std::to_string(static_cast<long long>(needed)) +
                                 " voxels along each axis, but the "
                                 "image around the ROI is " +
                                 sizeText(image.geometry) +
                                 "; use a smaller sigma, a larger ROI or a larger padDistance");
            }
            const double largestSpacing = *std::max_element(spacing.begin(), spacing.end());
            if (sigma < largestSpacing && options.kernel == image::filters::LogKernel::sampled) {
                // The sampled second-derivative taps sum to zero only when sigma spans a voxel or more.
                spdlog::warn(
                    "LoG sigma {} mm is below the voxel spacing ({} mm): the sampled kernel's taps no longer "
                    "sum to zero there, so its response follows the image's mean intensity; resample to a "
                    "spacing below sigma (resampledPixelSpacing) or use logKernel: recursive",
                    sigmaText, largestSpacing);
            } else if (sigma < largestSpacing) {
                spdlog::warn(
                    "LoG sigma {} mm is below the voxel spacing ({} mm): the filter resolves little "
                    "more than voxel noise",
                    sigmaText, largestSpacing);
            }

            spdlog::info("Computing LoG with sigma {} mm ({} kernel, {} padding)", sigmaText,
                         filters::readText(settings, "logKernel", "recursive"),
                         filters::readText(settings, "logPadding", "nearest"));
            std::string prefix = "log-sigma-" + sigmaText + "-mm-3D";
            std::replace(prefix.begin(), prefix.end(), '.', '-');
            consume({prefix, image::filters::laplacianOfGaussian(image, sigma, options)});
        }
    }

private:
    /// Reads logKernel and logPadding, pulmorad's settings for IBSI-2's sampled kernel.
    /// Throws InputError for an unknown value or for the recursive kernel without nearest padding.
    static image::filters::LogOptions readOptions(const YAML::Node& settings) {
        using image::filters::BoundaryPadding;
        using image::filters::LogKernel;
        image::filters::LogOptions options;
        const std::string kernel = filters::readText(settings, "logKernel", "recursive");
        const std::string padding = filters::readText(settings, "logPadding", "nearest");
        if (kernel == "recursive") {
            options.kernel = LogKernel::recursive;
        } else if (kernel == "sampled") {
            options.kernel = LogKernel::sampled;
        } else {
            throw InputError("imageType LoG: logKernel '" + kernel +
                             "' is invalid; use recursive or sampled");
        }
        if (padding == "nearest") {
            options.padding = BoundaryPadding::nearest;
        } else if (padding == "zero") {
            options.padding = BoundaryPadding::zero;
        } else if (padding == "mirror") {
            options.padding = BoundaryPadding::mirror;
        } else if (padding == "periodic") {
            options.padding = BoundaryPadding::periodic;
        } else {
            throw InputError("imageType LoG: logPadding '" + padding +
                             "' is invalid; use nearest, zero, mirror or periodic");
        }
        requireInput(options.kernel == LogKernel::sampled || options.padding == BoundaryPadding::nearest,
                     "imageType LoG: logPadding " + padding +
                         " needs logKernel: sampled, because the recursive kernel (the default) repeats "
                         "the edge voxels; set logKernel: sampled or logPadding: nearest");
        return options;
    }

    static double readSigma(const YAML::Node& node) {
        double sigma = 0.0;
        try {
            sigma = node.as<double>();
        } catch (const YAML::Exception&) {
            throw InputError("imageType LoG: sigma value '" + YAML::Dump(node) +
                             "' is not a number; use mm, e.g. 1.0");
        }
        requireInput(sigma > 0.0,
                     "imageType LoG: sigma " + node.Scalar() + " is invalid; use values above 0 (mm)");
        return sigma;
    }
};

/// Undecimated wavelet decompositions, PyRadiomics' getWaveletImage.
class WaveletImageType final : public ImageType {
public:
    std::string name() const override { return "Wavelet"; }

    void validate(const YAML::Node& settings) const override { readOptions(settings); }

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& /*roi*/,
                                       const YAML::Node& settings) const override {
        const filters::WaveletOptions options = readOptions(settings);
        // No size check: the periodic extension is defined for any size, even where
        // the filter is longer than an axis, and then agrees with PyWavelets' swtn.
        spdlog::info("Computing wavelet {} decompositions (level {}, start_level {})",
                     options.filterBank->name, options.level, options.startLevel);
        std::vector<filters::WaveletSubband> subbands = filters::stationaryWaveletTransform3D(image, options);

        std::vector<DerivedImage> images;
        images.reserve(subbands.size());
        for (auto& subband : subbands) images.push_back(toDerivedImage(std::move(subband)));
        return images;
    }

    /// With one returned level, computes the subbands low-pass along x, then those high-pass
    /// along x, so that at most five full-size outputs exist at once instead of eight. The
    /// x and y passes run twice; the values and the order are those of generate().
    void generateEach(const ImageVolume& image, const RoiVolume& roi, const YAML::Node& settings,
                      const std::function<void(DerivedImage)>& consume) const override {
        filters::WaveletOptions options = readOptions(settings);
        if (options.level != 1) {
            ImageType::generateEach(image, roi, settings, consume);
            return;
        }
        spdlog::info("Computing wavelet {} decompositions (level 1, start_level {}) in two passes",
                     options.filterBank->name, options.startLevel);
        std::optional<DerivedImage> approximation;  // LLL comes last, as in PyWavelets' swtn
        for (const unsigned bands : {0x0FU, 0xF0U}) {
            options.returnedBands = bands;
            for (auto& subband : filters::stationaryWaveletTransform3D(image, options)) {
                const bool isApproximation = subband.decomposition.find('H') == std::string::npos;
                if (isApproximation) {
                    approximation = toDerivedImage(std::move(subband));
                } else {
                    consume(toDerivedImage(std::move(subband)));
                }
            }
        }
        if (approximation) consume(std::move(*approximation));
    }

private:
    static DerivedImage toDerivedImage(filters::WaveletSubband subband) {
        const std::string levelText = subband.level == 1 ? "" : std::to_string(subband.level);
        return {"wavelet" + levelText + "-" + subband.decomposition, std::move(subband.image)};
    }

    static filters::WaveletOptions readOptions(const YAML::Node& settings) {
        filters::WaveletOptions options;
        const std::string wavelet = filters::readText(settings, "wavelet", "coif1");
        options.filterBank = filters::findWaveletFilterBank(wavelet);
        requireInput(options.filterBank != nullptr,
                     "imageType Wavelet: wavelet '" + wavelet +
                         "' is unknown; use a PyWavelets discrete wavelet: " + filters::waveletFamilyList());
        options.level = filters::readInteger(settings, "level", 1);
        requireInput(options.level >= 1, "imageType Wavelet: level " + std::to_string(options.level) +
                                             " is invalid; use 1 or more");
        options.startLevel = filters::readInteger(settings, "start_level", 0);
        requireInput(options.startLevel >= 0, "imageType Wavelet: start_level " +
                                                  std::to_string(options.startLevel) +
                                                  " is invalid; use 0 or more");
        // PyRadiomics with force2D transforms only the two axes in the slice plane;
        // force2Ddimension is a numpy axis (0 = z, 1 = y, 2 = x).
        if (filters::readBoolean(settings, "force2D", false)) {
            const int dimension = filters::readInteger(settings, "force2Ddimension", 0);
            requireInput(
                dimension >= 0 && dimension <= 2,
                "setting force2Ddimension: " + std::to_string(dimension) + " is invalid; use 0, 1 or 2");
            options.transformAxes[static_cast<std::size_t>(2 - dimension)] = false;
        }
        return options;
    }
};

/// A voxel-wise transform without settings of its own.
class IntensityImageType final : public ImageType {
public:
    using Transform = ImageVolume (*)(const ImageVolume&);

    IntensityImageType(std::string name, std::string prefix, Transform transform)
        : name_(std::move(name)), prefix_(std::move(prefix)), transform_(transform) {}

    std::string name() const override { return name_; }

    void validate(const YAML::Node& /*settings*/) const override {}

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& /*roi*/,
                                       const YAML::Node& /*settings*/) const override {
        spdlog::info("Computing {} image", name_);
        std::vector<DerivedImage> images;
        images.push_back({prefix_, transform_(image)});
        return images;
    }

private:
    std::string name_;
    std::string prefix_;
    Transform transform_;
};

/// Gradient magnitude, PyRadiomics' getGradientImage.
class GradientImageType final : public ImageType {
public:
    std::string name() const override { return "Gradient"; }

    void validate(const YAML::Node& settings) const override {
        filters::readBoolean(settings, "gradientUseSpacing", true);
    }

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& /*roi*/,
                                       const YAML::Node& settings) const override {
        const bool useSpacing = filters::readBoolean(settings, "gradientUseSpacing", true);
        spdlog::info("Computing gradient magnitude image");
        std::vector<DerivedImage> images;
        images.push_back({"gradient", image::filters::gradientMagnitude(image, useSpacing)});
        return images;
    }
};

/// Slice-wise local binary pattern, PyRadiomics' getLBP2DImage.
class Lbp2DImageType final : public ImageType {
public:
    std::string name() const override { return "LBP2D"; }

    void validate(const YAML::Node& settings) const override { readSettings(settings); }

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& /*roi*/,
                                       const YAML::Node& settings) const override {
        const Settings lbp = readSettings(settings);
        if (!filters::readBoolean(settings, "force2D", false)) {
            spdlog::warn(
                "LBP2D is computed per 2D slice while features are extracted in 3D (force2D is false)");
        }
        spdlog::info("Computing LBP2D image (radius {}, {} samples)", lbp.radius, lbp.samples);
        std::vector<DerivedImage> images;
        images.push_back({"lbp-2D", filters::localBinaryPattern2D(image, lbp.radius, lbp.samples, lbp.method,
                                                                  lbp.normalAxis)});
        return images;
    }

private:
    struct Settings {
        double radius = 1.0;
        int samples = 8;
        filters::LbpMethod method = filters::LbpMethod::uniform;
        int normalAxis = 0;
    };

    static Settings readSettings(const YAML::Node& settings) {
        Settings lbp;
        lbp.radius = filters::readDouble(settings, "lbp2DRadius", 1.0);
        requireInput(lbp.radius > 0.0, "setting lbp2DRadius: " + std::to_string(lbp.radius) +
                                           " is invalid; use a radius above 0");
        // PyRadiomics 3.1's code uses 8 samples by default (its documentation says 9).
        lbp.samples = filters::readInteger(settings, "lbp2DSamples", 8);
        requireInput(lbp.samples >= 1 && lbp.samples <= 31,
                     "setting lbp2DSamples: " + std::to_string(lbp.samples) + " is invalid; use 1 to 31");
        lbp.method = filters::lbpMethodFromName(filters::readText(settings, "lbp2DMethod", "uniform"));
        lbp.normalAxis = filters::readInteger(settings, "force2Ddimension", 0);
        requireInput(
            lbp.normalAxis >= 0 && lbp.normalAxis <= 2,
            "setting force2Ddimension: " + std::to_string(lbp.normalAxis) + " is invalid; use 0, 1 or 2");
        return lbp;
    }
};

/// Local binary pattern in 3D with spherical harmonics, PyRadiomics' getLBP3DImage.
class Lbp3DImageType final : public ImageType {
public:
    std::string name() const override { return "LBP3D"; }

    void validate(const YAML::Node& settings) const override { readOptions(settings); }

    std::vector<DerivedImage> generate(const ImageVolume& image, const RoiVolume& roi,
                                       const YAML::Node& settings) const override {
        const filters::Lbp3DOptions options = readOptions(settings);
        if (filters::readBoolean(settings, "force2D", false)) {
            spdlog::warn("LBP3D is computed in 3D while features are extracted per 2D slice (force2D is true)");
        }
        if (options.icosphereSubdivision == 0 && options.icosphereRadius != 1.0) {
            spdlog::warn(
                "lbp3DIcosphereSubdivision 0 samples on the unit sphere whatever lbp3DIcosphereRadius is, "
                "as PyRadiomics 3.1 with trimesh does; use a subdivision of 1 or more for radius {}",
                options.icosphereRadius);
        }
        spdlog::info("Computing LBP3D images ({} levels, icosphere radius {}, subdivision {})", options.levels,
                     options.icosphereRadius, options.icosphereSubdivision);
        filters::Lbp3DImages lbp = filters::localBinaryPattern3D(image, roi, options);
        requireInput(lbp.undefinedKurtosisCount == 0,
                     "imageType LBP3D: " + std::to_string(lbp.undefinedKurtosisCount) +
                         " ROI voxel(s) have constant samples on the icosphere, where the kurtosis image "
                         "lbp-3D-k is undefined (SciPy gives NaN); use an ROI without flat regions or "
                         "remove LBP3D");

        std::vector<DerivedImage> images;
        for (std::size_t level = 0; level < lbp.levels.size(); ++level) {
            images.push_back({"lbp-3D-m" + std::to_string(level + 1), std::move(lbp.levels[level])});
        }
        images.push_back({"lbp-3D-k", std::move(lbp.kurtosis)});
        return images;
    }

private:
    static filters::Lbp3DOptions readOptions(const YAML::Node& settings) {
        filters::Lbp3DOptions options;
        options.levels = filters::readInteger(settings, "lbp3DLevels", 2);
        requireInput(options.levels >= 1,
                     "setting lbp3DLevels: " + std::to_string(options.levels) + " is invalid; use 1 or more");
        options.icosphereRadius = filters::readDouble(settings, "lbp3DIcosphereRadius", 1.0);
        requireInput(options.icosphereRadius > 0.0, "setting lbp3DIcosphereRadius: " +
                                                         std::to_string(options.icosphereRadius) +
                                                         " is invalid; use a radius above 0 (voxels)");
        options.icosphereSubdivision = filters::readInteger(settings, "lbp3DIcosphereSubdivision", 1);
        // The sample count grows fourfold per subdivision (42, 162, 642, 2,562, 10,242 ...).
        requireInput(options.icosphereSubdivision >= 0 && options.icosphereSubdivision <= 5,
                     "setting lbp3DIcosphereSubdivision: " + std::to_string(options.icosphereSubdivision) +
                         " is invalid; use 0 to 5 (subdivision 5 already samples 10,242 points per voxel)");
        return options;
    }
};

}  // namespace

std::vector<std::unique_ptr<ImageType>> makeFilterImageTypes() {
    std::vector<std::unique_ptr<ImageType>> types;
    types.push_back(std::make_unique<LogImageType>());
    types.push_back(std::make_unique<WaveletImageType>());
    types.push_back(std::make_unique<IntensityImageType>("Square", "square", &filters::squareImage));
    types.push_back(
        std::make_unique<IntensityImageType>("SquareRoot", "squareroot", &filters::squareRootImage));
    types.push_back(std::make_unique<IntensityImageType>("Logarithm", "logarithm", &filters::logarithmImage));
    types.push_back(
        std::make_unique<IntensityImageType>("Exponential", "exponential", &filters::exponentialImage));
    types.push_back(std::make_unique<GradientImageType>());
    types.push_back(std::make_unique<Lbp2DImageType>());
    types.push_back(std::make_unique<Lbp3DImageType>());
    return types;
}

}  // namespace pulmorad::radiomics

#include "image/resample.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <itkBSplineInterpolateImageFunction.h>
#include <itkGaussianInterpolateImageFunction.h>
#include <itkLabelImageGaussianInterpolateImageFunction.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>
#include <itkWindowedSincInterpolateImageFunction.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "common/errors.h"
#include "image/itk_conversion.h"

namespace pulmorad::image {
namespace {

using DoubleImage = detail::ItkImage3<double>;
using ByteImage = detail::ItkImage3<std::uint8_t>;
using Vector3 = std::array<double, 3>;

constexpr std::array<std::pair<std::string_view, Interpolator>, 10> kInterpolatorNames{{
    {"sitkNearestNeighbor", Interpolator::NearestNeighbor},
    {"sitkLinear", Interpolator::Linear},
    {"sitkBSpline", Interpolator::BSpline},
    {"sitkGaussian", Interpolator::Gaussian},
    {"sitkLabelGaussian", Interpolator::LabelGaussian},
    {"sitkHammingWindowedSinc", Interpolator::HammingWindowedSinc},
    {"sitkCosineWindowedSinc", Interpolator::CosineWindowedSinc},
    {"sitkWelchWindowedSinc", Interpolator::WelchWindowedSinc},
    {"sitkLanczosWindowedSinc", Interpolator::LanczosWindowedSinc},
    {"sitkBlackmanWindowedSinc", Interpolator::BlackmanWindowedSinc},
}};

/// Window radius of SimpleITK's windowed-sinc interpolators.
constexpr unsigned kSincRadius = 5;

/// Tolerance, in voxels, with which PyRadiomics lets an ROI reach beyond the image.
constexpr double kRoiBoundsTolerance = 1e-3;

std::string formatVector(const Vector3& values) {
    return fmt::format("({:.9g}, {:.9g}, {:.9g})", values[0], values[1], values[2]);
}

std::string formatSize(const std::array<std::size_t, 3>& size) {
    return fmt::format("{}x{}x{}", size[0], size[1], size[2]);
}

/// ITK's Image::TransformContinuousIndexToPhysicalPoint, with its order of
/// operations: point = origin + (direction * diag(spacing)) * index.
Vector3 continuousIndexToPoint(const Geometry& geometry, const Vector3& index) {
    Vector3 point{};
    for (int row = 0; row < 3; ++row) {
        double sum = 0.0;
        for (int column = 0; column < 3; ++column) {
            sum += geometry.direction[row * 3 + column] * geometry.spacing[column] * index[column];
        }
        point[row] = geometry.origin[row] + sum;
    }
    return point;
}

/// Inverse of continuousIndexToPoint through the 3x3 inverse of
/// direction * diag(spacing) (adjugate over determinant).
Vector3 pointToContinuousIndex(const Geometry& geometry, const Vector3& point) {
    std::array<double, 9> m{};
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            m[row * 3 + column] = geometry.direction[row * 3 + column] * geometry.spacing[column];
        }
    }
    const double determinant = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                               m[2] * (m[3] * m[7] - m[4] * m[6]);
    const std::array<double, 9> inverse{
        (m[4] * m[8] - m[5] * m[7]) / determinant, (m[2] * m[7] - m[1] * m[8]) / determinant,
        (m[1] * m[5] - m[2] * m[4]) / determinant, (m[5] * m[6] - m[3] * m[8]) / determinant,
        (m[0] * m[8] - m[2] * m[6]) / determinant, (m[2] * m[3] - m[0] * m[5]) / determinant,
        (m[3] * m[7] - m[4] * m[6]) / determinant, (m[1] * m[6] - m[0] * m[7]) / determinant,
        (m[0] * m[4] - m[1] * m[3]) / determinant,
    };
    const Vector3 offset{point[0] - geometry.origin[0], point[1] - geometry.origin[1],
                         point[2] - geometry.origin[2]};
    Vector3 index{};
    for (int row = 0; row < 3; ++row) {
        index[row] = inverse[row * 3] * offset[0] + inverse[row * 3 + 1] * offset[1] +
                     inverse[row * 3 + 2] * offset[2];
    }
    return index;
}

/// Returns true when both grids have the same size and the same placement:
/// origin and spacing within `tolerance` times the x spacing, direction
/// cosines within `tolerance`, as ITK compares the inputs of a filter.
bool sameGrid(const Geometry& a, const Geometry& b, double tolerance) {
    if (a.size != b.size) {
        return false;
    }
    const double coordinateTolerance = std::abs(tolerance * a.spacing[0]);
    for (int axis = 0; axis < 3; ++axis) {
        if (std::abs(a.origin[axis] - b.origin[axis]) > coordinateTolerance ||
            std::abs(a.spacing[axis] - b.spacing[axis]) > coordinateTolerance) {
            return false;
        }
    }
    for (int element = 0; element < 9; ++element) {
        if (std::abs(a.direction[element] - b.direction[element]) > tolerance) {
            return false;
        }
    }
    return true;
}

itk::InterpolateImageFunction<DoubleImage, double>::Pointer makeInterpolator(Interpolator interpolator,
                                                                             const Geometry& input) {
    using Boundary = itk::ZeroFluxNeumannBoundaryCondition<DoubleImage, DoubleImage>;
    switch (interpolator) {
        case Interpolator::NearestNeighbor:
            return itk::NearestNeighborInterpolateImageFunction<DoubleImage, double>::New().GetPointer();
        case Interpolator::Linear:
            return itk::LinearInterpolateImageFunction<DoubleImage, double>::New().GetPointer();
        case Interpolator::BSpline: {
            auto bspline = itk::BSplineInterpolateImageFunction<DoubleImage, double>::New();
            bspline->SetSplineOrder(3);
            return bspline.GetPointer();
        }
        case Interpolator::Gaussian: {
            auto gaussian = itk::GaussianInterpolateImageFunction<DoubleImage, double>::New();
            itk::GaussianInterpolateImageFunction<DoubleImage, double>::ArrayType sigma;
            for (unsigned axis = 0; axis < 3; ++axis) {
                sigma[axis] = 0.8 * input.spacing[axis];
            }
            gaussian->SetSigma(sigma);
            return gaussian.GetPointer();
        }
        case Interpolator::LabelGaussian: {
            auto labelGaussian = itk::LabelImageGaussianInterpolateImageFunction<DoubleImage, double>::New();
            itk::LabelImageGaussianInterpolateImageFunction<DoubleImage, double>::ArrayType sigma;
            for (unsigned axis = 0; axis < 3; ++axis) {
                sigma[axis] = input.spacing[axis];
            }
            labelGaussian->SetSigma(sigma);
            labelGaussian->SetAlpha(1.0);
            return labelGaussian.GetPointer();
        }
        case Interpolator::HammingWindowedSinc:
            return itk::WindowedSincInterpolateImageFunction<
                       DoubleImage, kSincRadius,
                       itk::Function::HammingWindowFunction<kSincRadius, double, double>, Boundary>::New()
                .GetPointer();
        case Interpolator::CosineWindowedSinc:
            return itk::WindowedSincInterpolateImageFunction<
                       DoubleImage, kSincRadius,
                       itk::Function::CosineWindowFunction<kSincRadius, double, double>, Boundary>::New()
                .GetPointer();
        case Interpolator::WelchWindowedSinc:
            return itk::WindowedSincInterpolateImageFunction<
                       DoubleImage, kSincRadius,
                       itk::Function::WelchWindowFunction<kSincRadius, double, double>, Boundary>::New()
                .GetPointer();
        case Interpolator::LanczosWindowedSinc:
            return itk::WindowedSincInterpolateImageFunction<
                       DoubleImage, kSincRadius,
                       itk::Function::LanczosWindowFunction<kSincRadius, double, double>, Boundary>::New()
                .GetPointer();
        case Interpolator::BlackmanWindowedSinc:
            return itk::WindowedSincInterpolateImageFunction<
                       DoubleImage, kSincRadius,
                       itk::Function::BlackmanWindowFunction<kSincRadius, double, double>, Boundary>::New()
                .GetPointer();
    }
    throw std::logic_error("makeInterpolator: unhandled interpolator");
}

/// Resamples through ITK's ResampleImageFilter (identity transform, default
/// value 0 outside the input) onto `target`.
template <typename Pixel>
typename detail::ItkImage3<Pixel>::Pointer resampleWithItk(
    const typename detail::ItkImage3<Pixel>::Pointer& input, const Geometry& target,
    typename itk::InterpolateImageFunction<detail::ItkImage3<Pixel>, double>::Pointer interpolator) {
    using ImageType = detail::ItkImage3<Pixel>;
    auto reference = ImageType::New();
    detail::applyGeometry(target, *reference);

    auto filter = itk::ResampleImageFilter<ImageType, ImageType, double>::New();
    filter->SetInput(input);
    filter->SetInterpolator(interpolator);
    filter->SetSize(reference->GetLargestPossibleRegion().GetSize());
    filter->SetOutputOrigin(reference->GetOrigin());
    filter->SetOutputSpacing(reference->GetSpacing());
    filter->SetOutputDirection(reference->GetDirection());
    filter->SetDefaultPixelValue(0);
    filter->Update();
    return filter->GetOutput();
}

/// Puts a mask on another grid by nearest neighbour (a copy when the grids match).
MaskVolume resampleMaskOnto(const MaskVolume& mask, const Geometry& target) {
    if (sameGrid(mask.geometry, target, 1e-6)) {
        MaskVolume copy = mask;
        copy.geometry = target;
        return copy;
    }
    auto input = detail::toItk<std::uint8_t>(mask);
    auto output = resampleWithItk<std::uint8_t>(
        input, target, itk::NearestNeighborInterpolateImageFunction<ByteImage, double>::New().GetPointer());
    return detail::fromItk<std::uint8_t>(*output);
}

/// PyRadiomics' _checkROI: the ROI's bounding box must not reach more than
/// 1e-3 voxel beyond the image. Returns the ROI's bounding box in the mask's
/// index space.
BoundingBox checkRoiInsideImage(const ImageVolume& image, const MaskVolume& mask) {
    const std::optional<BoundingBox> box = findBoundingBox(mask);
    if (!box) {
        throw InputError(
            "mask contains no nonzero voxel; check that the mask belongs to this image and "
            "that the label setting selects the ROI");
    }

    // Outer corners of the ROI's bounding box, in the image's index space.
    Vector3 lowerCorner{};
    Vector3 upperCorner{};
    for (int axis = 0; axis < 3; ++axis) {
        lowerCorner[axis] = static_cast<double>(box->lower[axis]) - 0.5;
        upperCorner[axis] = static_cast<double>(box->upper[axis] + 1) - 0.5;
    }
    const Vector3 lowerInImage =
        pointToContinuousIndex(image.geometry, continuousIndexToPoint(mask.geometry, lowerCorner));
    const Vector3 upperInImage =
        pointToContinuousIndex(image.geometry, continuousIndexToPoint(mask.geometry, upperCorner));
    for (int axis = 0; axis < 3; ++axis) {
        const double low = std::min(lowerInImage[axis], upperInImage[axis]);
        const double high = std::max(lowerInImage[axis], upperInImage[axis]);
        const double limit = static_cast<double>(image.geometry.size[axis]) - 0.5;
        if (low < -0.5 - kRoiBoundsTolerance || high > limit + kRoiBoundsTolerance) {
            throw InputError(fmt::format(
                "mask ROI extends beyond the image: its bounding box spans image voxel indices {} to {} but "
                "the "
                "image has {} voxels; check that the mask belongs to this image",
                formatVector(lowerInImage), formatVector(upperInImage), formatSize(image.geometry.size)));
        }
    }
    return *box;
}

/// numpy.allclose(a, b) with its defaults: |a - b| <= 1e-8 + 1e-5 |b|.
bool allClose(const Vector3& a, const Vector3& b) {
    for (int axis = 0; axis < 3; ++axis) {
        if (std::abs(a[axis] - b[axis]) > 1e-8 + 1e-5 * std::abs(b[axis])) {
            return false;
        }
    }
    return true;
}

template <typename T>
Volume<T> cropVolume(const Volume<T>& volume, const BoundingBox& box) {
    Volume<T> cropped;
    cropped.geometry = volume.geometry;
    for (int axis = 0; axis < 3; ++axis) {
        cropped.geometry.size[axis] = box.extent(axis);
    }
    const Vector3 firstVoxel{static_cast<double>(box.lower[0]), static_cast<double>(box.lower[1]),
                             static_cast<double>(box.lower[2])};
    cropped.geometry.origin = continuousIndexToPoint(volume.geometry, firstVoxel);
    cropped.data.reserve(cropped.geometry.voxelCount());
    for (std::size_t z = box.lower[2]; z <= box.upper[2]; ++z) {
        for (std::size_t y = box.lower[1]; y <= box.upper[1]; ++y) {
            const auto rowStart =
                volume.data.begin() + static_cast<std::ptrdiff_t>(volume.index(box.lower[0], y, z));
            cropped.data.insert(cropped.data.end(), rowStart,
                                rowStart + static_cast<std::ptrdiff_t>(box.extent(0)));
        }
    }
    return cropped;
}

}  // namespace

Interpolator parseInterpolator(std::string_view nameOrCode) {
    for (const auto& [name, interpolator] : kInterpolatorNames) {
        if (nameOrCode == name) {
            return interpolator;
        }
    }
    int code = 0;
    const auto [end, error] = std::from_chars(nameOrCode.data(), nameOrCode.data() + nameOrCode.size(), code);
    if (error == std::errc() && end == nameOrCode.data() + nameOrCode.size() && code >= 1 && code <= 10) {
        return kInterpolatorNames[static_cast<std::size_t>(code - 1)].second;
    }

    std::vector<std::string_view> names;
    for (const auto& entry : kInterpolatorNames) {
        names.push_back(entry.first);
    }
    throw InputError(fmt::format("interpolator '{}' is not valid; use one of {} or their integer codes 1-10",
                                 nameOrCode, fmt::join(names, ", ")));
}

std::string_view interpolatorName(Interpolator interpolator) {
    for (const auto& [name, value] : kInterpolatorNames) {
        if (value == interpolator) {
            return name;
        }
    }
    return "unknown";
}

std::optional<BoundingBox> findBoundingBox(const MaskVolume& mask) {
    const auto& size = mask.geometry.size;
    BoundingBox box{{size[0], size[1], size[2]}, {0, 0, 0}};
    bool found = false;
    std::size_t i = 0;
    for (std::size_t z = 0; z < size[2]; ++z) {
        for (std::size_t y = 0; y < size[1]; ++y) {
            for (std::size_t x = 0; x < size[0]; ++x, ++i) {
                if (mask.data[i] == 0) {
                    continue;
                }
                found = true;
                const std::array<std::size_t, 3> voxel{x, y, z};
                for (int axis = 0; axis < 3; ++axis) {
                    box.lower[axis] = std::min(box.lower[axis], voxel[axis]);
                    box.upper[axis] = std::max(box.upper[axis], voxel[axis]);
                }
            }
        }
    }
    if (!found) {
        return std::nullopt;
    }
    return box;
}

CroppedPair cropToMask(const ImageVolume& image, const MaskVolume& mask, int padDistance) {
    if (image.geometry.size != mask.geometry.size) {
        throw InputError(
            fmt::format("cannot crop: image size {} differs from mask size {}; check the mask geometry first",
                        formatSize(image.geometry.size), formatSize(mask.geometry.size)));
    }
    if (padDistance < 0) {
        throw InputError(fmt::format("padDistance {} is negative; use 0 or more voxels", padDistance));
    }
    const std::optional<BoundingBox> roiBox = findBoundingBox(mask);
    if (!roiBox) {
        throw InputError(
            "cannot crop: the mask contains no nonzero voxel; check the mask and the label setting");
    }

    // The ROI's box grown by padDistance on both sides, clipped to the image.
    const auto pad = static_cast<std::size_t>(padDistance);
    BoundingBox cropBox;
    for (int axis = 0; axis < 3; ++axis) {
        cropBox.lower[axis] = roiBox->lower[axis] >= pad ? roiBox->lower[axis] - pad : 0;
        cropBox.upper[axis] = std::min(roiBox->upper[axis] + pad, mask.geometry.size[axis] - 1);
    }
    spdlog::debug("cropping to {}x{}x{} voxels", cropBox.extent(0), cropBox.extent(1), cropBox.extent(2));
    return CroppedPair{cropVolume(image, cropBox), cropVolume(mask, cropBox), *roiBox, cropBox};
}

ResampledPair resampleImageAndMask(const ImageVolume& image, const MaskVolume& mask,
                                   const ResampleSettings& settings) {
    if (settings.padDistance < 0) {
        throw InputError(
            fmt::format("padDistance {} is negative; use 0 or more voxels", settings.padDistance));
    }
    for (int axis = 0; axis < 3; ++axis) {
        if (!(settings.spacing[axis] >= 0.0) || !std::isfinite(settings.spacing[axis])) {
            throw InputError(fmt::format("resampledPixelSpacing {} is invalid; use spacings in mm, 0 or more",
                                         formatVector(settings.spacing)));
        }
    }
    const Vector3& maskSpacing = mask.geometry.spacing;
    const Vector3& imageSpacing = image.geometry.spacing;

    // A requested 0 keeps the mask's spacing on that axis.
    Vector3 spacing = settings.spacing;
    for (int axis = 0; axis < 3; ++axis) {
        if (spacing[axis] == 0.0) {
            spacing[axis] = maskSpacing[axis];
        }
    }

    // No resampling along an axis on which the ROI spans a single voxel.
    const BoundingBox roiBox = checkRoiInsideImage(image, mask);
    for (int axis = 0; axis < 3; ++axis) {
        if (roiBox.extent(axis) == 1) {
            spacing[axis] = maskSpacing[axis];
        }
    }

    // Spacing already as requested: put the mask on the image grid and crop.
    if (allClose(imageSpacing, spacing)) {
        spdlog::info("requested spacing {} mm equals the image spacing; cropping without interpolation",
                     formatVector(spacing));
        const MaskVolume maskOnImage = resampleMaskOnto(mask, image.geometry);
        CroppedPair cropped = cropToMask(image, maskOnImage, settings.padDistance);
        return ResampledPair{std::move(cropped.image), std::move(cropped.mask), false, imageSpacing};
    }

    // The new grid, aligned to the mask grid's outer corner and covering the
    // ROI plus padDistance new voxels, clipped to the mask's extent. Lower
    // bounds round down and upper bounds up, so no part of the ROI is lost.
    Geometry target;
    target.spacing = spacing;
    target.direction = mask.geometry.direction;
    Vector3 firstVoxelIndex{};
    const auto pad = static_cast<double>(settings.padDistance);
    for (int axis = 0; axis < 3; ++axis) {
        const double ratio = maskSpacing[axis] / spacing[axis];
        const auto roiLower = static_cast<double>(roiBox.lower[axis]);
        const auto roiSize = static_cast<double>(roiBox.extent(axis));
        double lower = std::floor((roiLower - 0.5) * ratio - pad);
        double upper = std::ceil((roiLower + roiSize - 0.5) * ratio + pad);
        const double maxUpper = std::ceil(static_cast<double>(mask.geometry.size[axis]) * ratio) - 1.0;
        lower = std::max(lower, 0.0);
        upper = std::min(upper, maxUpper);
        target.size[axis] = static_cast<std::size_t>(upper - lower + 1.0);

        // Continuous index (in the mask grid) of the new grid's first voxel
        // centre: half a new voxel in from the mask grid's outer corner, then
        // `lower` new voxels along.
        const double originShift = 0.5 * (spacing[axis] - maskSpacing[axis]) / maskSpacing[axis];
        firstVoxelIndex[axis] = originShift + lower / ratio;
    }
    target.origin = continuousIndexToPoint(mask.geometry, firstVoxelIndex);
    spdlog::info("resampling from spacing {} mm and size {} to spacing {} mm and size {} ({})",
                 formatVector(maskSpacing), formatSize(mask.geometry.size), formatVector(spacing),
                 formatSize(target.size), interpolatorName(settings.interpolator));

    // SimpleITK resamples into the input's pixel type: cast like ITK does.
    auto itkImage = detail::toItk<double>(image);
    auto resampled =
        resampleWithItk<double>(itkImage, target, makeInterpolator(settings.interpolator, image.geometry));
    ImageVolume resampledImage = detail::fromItk<double>(*resampled);
    if (settings.imagePixelType != PixelType::Float64) {
        for (double& value : resampledImage.data) {
            value = castToPixelType(value, settings.imagePixelType);
        }
    }

    auto itkMask = detail::toItk<std::uint8_t>(mask);
    auto resampledMask = resampleWithItk<std::uint8_t>(
        itkMask, target, itk::NearestNeighborInterpolateImageFunction<ByteImage, double>::New().GetPointer());
    return ResampledPair{std::move(resampledImage), detail::fromItk<std::uint8_t>(*resampledMask), true,
                         spacing};
}

MaskVolume checkMaskGeometry(const ImageVolume& image, const MaskVolume& mask,
                             const MaskCheckSettings& settings) {
    if (!(settings.geometryTolerance > 0.0)) {
        throw InputError(fmt::format("geometryTolerance {} is invalid; use a value above 0 (default 1e-6)",
                                     settings.geometryTolerance));
    }
    const Geometry& imageGeometry = image.geometry;
    const Geometry& maskGeometry = mask.geometry;

    // The first mismatching property, compared as ITK's
    // ImageToImageFilter::VerifyInputInformation does (plus the size).
    std::string mismatch;
    const double coordinateTolerance = std::abs(settings.geometryTolerance * imageGeometry.spacing[0]);
    // NIfTI stores origin, spacing and direction as float32, so a mask saved
    // as .nii(.gz) from a DICOM scan can differ from the image by the float32
    // rounding of each coordinate (5e-8 mm at -192.2 mm), beyond ITK's default
    // tolerance. PyRadiomics rejects such masks; here a difference of at most
    // one float32 unit in the last place also counts as equal.
    const auto differs = [](const auto& a, const auto& b, double tolerance) {
        constexpr double kFloat32Epsilon = 1.1920928955078125e-07;  // 2^-23
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double float32Rounding = kFloat32Epsilon * std::max(std::abs(a[i]), std::abs(b[i]));
            if (std::abs(a[i] - b[i]) > std::max(tolerance, float32Rounding)) {
                return true;
            }
        }
        return false;
    };
    if (imageGeometry.size != maskGeometry.size) {
        mismatch = fmt::format("size: mask {} voxels, image {} voxels", formatSize(maskGeometry.size),
                               formatSize(imageGeometry.size));
    } else if (differs(maskGeometry.spacing, imageGeometry.spacing, coordinateTolerance)) {
        mismatch = fmt::format("spacing: mask {} mm, image {} mm (tolerance {:.3g} mm)",
                               formatVector(maskGeometry.spacing), formatVector(imageGeometry.spacing),
                               coordinateTolerance);
    } else if (differs(maskGeometry.origin, imageGeometry.origin, coordinateTolerance)) {
        mismatch = fmt::format("origin: mask {} mm, image {} mm (tolerance {:.3g} mm)",
                               formatVector(maskGeometry.origin), formatVector(imageGeometry.origin),
                               coordinateTolerance);
    } else if (differs(maskGeometry.direction, imageGeometry.direction, settings.geometryTolerance)) {
        mismatch = fmt::format("direction: mask ({:.9g}), image ({:.9g}) (tolerance {:.3g})",
                               fmt::join(maskGeometry.direction, ", "),
                               fmt::join(imageGeometry.direction, ", "), settings.geometryTolerance);
    }
    if (mismatch.empty()) {
        // Within tolerance the mask takes the image's geometry exactly, so
        // resampling places one grid for both. NIfTI stores geometry as
        // float32, and a 1e-7 mm origin difference moves the new grid enough
        // to flip the integer truncation of about 1e-5 of the resampled voxels.
        MaskVolume snapped = mask;
        snapped.geometry = imageGeometry;
        return snapped;
    }

    if (!settings.correctMask) {
        if (imageGeometry.size != maskGeometry.size) {
            throw InputError(fmt::format(
                "mask geometry does not match the image in {}; check that the mask belongs to this image, "
                "or set correctMask: true to resample the mask onto the image grid",
                mismatch));
        }
        throw InputError(fmt::format(
            "mask geometry does not match the image in {}; raise geometryTolerance if the "
            "difference is rounding, or set correctMask: true to resample the mask onto the image grid",
            mismatch));
    }
    spdlog::warn(
        "mask geometry does not match the image in {}; resampling the mask onto the image grid (correctMask)",
        mismatch);
    checkRoiInsideImage(image, mask);
    return resampleMaskOnto(mask, imageGeometry);
}

}  // namespace pulmorad::image

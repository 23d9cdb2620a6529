#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "image/pixel_type.h"
#include "image/volume.h"

namespace pulmorad::image {

/// A binary region of interest: nonzero voxels are inside.
using MaskVolume = Volume<std::uint8_t>;

/// SimpleITK's interpolators, as PyRadiomics' `interpolator` setting names them.
enum class Interpolator {
    NearestNeighbor,  ///< sitkNearestNeighbor (1)
    Linear,           ///< sitkLinear (2)
    BSpline,          ///< sitkBSpline (3): cubic B-spline, ITK BSplineInterpolateImageFunction order 3
    /// sitkGaussian (4): sigma 0.8 x spacing per axis, alpha 1 (ITK's default, which SimpleITK keeps)
    Gaussian,
    /// sitkLabelGaussian (5): ITK LabelImageGaussianInterpolateImageFunction, sigma 1 x spacing, alpha 1
    LabelGaussian,
    HammingWindowedSinc,   ///< sitkHammingWindowedSinc (6), radius 5
    CosineWindowedSinc,    ///< sitkCosineWindowedSinc (7), radius 5
    WelchWindowedSinc,     ///< sitkWelchWindowedSinc (8), radius 5
    LanczosWindowedSinc,   ///< sitkLanczosWindowedSinc (9), radius 5
    BlackmanWindowedSinc,  ///< sitkBlackmanWindowedSinc (10), radius 5
};

/// Parses a SimpleITK interpolator name ("sitkLinear") or the integer code
/// 1-10 that PyRadiomics' parameter schema accepts (SimpleITK 1.x numbering,
/// where 3 is sitkBSpline). Throws InputError listing the valid names otherwise.
Interpolator parseInterpolator(std::string_view nameOrCode);

/// The SimpleITK name, e.g. "sitkBSpline".
std::string_view interpolatorName(Interpolator interpolator);

/// Inclusive voxel index bounds along x, y, z.
struct BoundingBox {
    std::array<std::size_t, 3> lower{0, 0, 0};
    std::array<std::size_t, 3> upper{0, 0, 0};

    std::size_t extent(std::size_t axis) const { return upper[axis] - lower[axis] + 1; }
};

/// Returns the bounding box of the mask's nonzero voxels, or nothing when
/// the mask is empty.
std::optional<BoundingBox> findBoundingBox(const MaskVolume& mask);

/// Image and mask cut to a box, with the box in the input's index space.
struct CroppedPair {
    ImageVolume image;
    MaskVolume mask;
    BoundingBox roiBox;   ///< bounding box of the ROI, without padding
    BoundingBox cropBox;  ///< the region cut out: roiBox grown by padDistance, clipped to the image
};

/// Crops image and mask (same grid) to the ROI's bounding box grown by
/// `padDistance` voxels on each side and clipped to the image, as
/// PyRadiomics 3.1 cropToTumorMask does. The origin of the result is the
/// physical position of the box's first voxel; spacing and direction are kept.
/// Throws InputError when the mask is empty or the grids differ in size.
CroppedPair cropToMask(const ImageVolume& image, const MaskVolume& mask, int padDistance);

/// Requested resampling, with PyRadiomics' setting names.
struct ResampleSettings {
    /// resampledPixelSpacing in mm along x, y, z; 0 keeps the mask's spacing on that axis.
    std::array<double, 3> spacing{0.0, 0.0, 0.0};
    Interpolator interpolator = Interpolator::BSpline;  ///< PyRadiomics' default
    int padDistance = 5;                                ///< voxels of the new grid; PyRadiomics' default
    /// Stored pixel type of the image (ImageInfo::pixelType). SimpleITK
    /// resamples into the input's pixel type, so an int16 CT comes back
    /// truncated to integers; see castToPixelType.
    PixelType imagePixelType = PixelType::Float64;
};

/// Resampled image and mask on one grid.
struct ResampledPair {
    ImageVolume image;
    MaskVolume mask;
    /// False when the requested spacing equals the image spacing
    /// (numpy.allclose), in which case the pair is only cropped.
    bool interpolated = false;
    std::array<double, 3> spacing{0.0, 0.0, 0.0};  ///< spacing actually used
};

/// Resamples image and mask as PyRadiomics 3.1 imageoperations.resampleImage does.
///
/// The new grid follows the mask: spacing `s'` is the requested spacing, with
/// 0 and every axis on which the ROI spans one voxel replaced by the mask
/// spacing `s`. With the ROI's lower index \f$b\f$, size \f$n\f$, ratio
/// \f$r = s / s'\f$, pad distance \f$p\f$ and mask size \f$N\f$, per axis
/// \f[ L = \max(0, \lfloor (b - 0.5) r - p \rfloor), \quad
///     U = \min(\lceil N r \rceil - 1, \lceil (b + n - 0.5) r + p \rceil), \f]
/// the new size is \f$U - L + 1\f$, and the new origin is the mask's physical
/// point at continuous index \f$0.5 (s' - s) / s + L / r\f$: the new grid,
/// extended back to index 0, shares its outer corner with the mask's grid. Direction is the
/// mask's. The image goes through ITK's ResampleImageFilter with the chosen
/// interpolator and default value 0, and is cast to `imagePixelType`; the
/// mask always uses nearest neighbour.
///
/// When the requested spacing equals the image spacing (numpy.allclose with
/// rtol 1e-5, atol 1e-8), nothing is interpolated: the mask is put on the
/// image grid by nearest neighbour and both are cropped with cropToMask.
/// Throws InputError when the mask is empty or its ROI reaches more than
/// 1e-3 voxel beyond the image's physical extent.
ResampledPair resampleImageAndMask(const ImageVolume& image, const MaskVolume& mask,
                                   const ResampleSettings& settings);

/// Geometry check settings, with PyRadiomics' names.
struct MaskCheckSettings {
    /// geometryTolerance: origin and spacing may differ by this times the
    /// image's x spacing, direction cosines by this value (ITK's
    /// VerifyInputInformation). PyRadiomics leaves ITK's default, 1e-6, in place.
    double geometryTolerance = 1e-6;
    /// correctMask: resample a mismatching mask onto the image grid when its
    /// ROI lies within the image.
    bool correctMask = false;
};

/// Checks that the mask lies on the image grid, as PyRadiomics 3.1 checkMask
/// does, and returns the mask on the image grid. Size must match exactly;
/// origin, spacing and direction within `geometryTolerance`, and a mask within
/// tolerance comes back with the image's geometry copied exactly.
/// NOTE: PyRadiomics keeps the mask's own geometry there. Both agree when the
/// geometries are equal, so call this before resampleImageAndMask when a mask
/// header (NIfTI stores float32) rounded the image's geometry. On a mismatch
/// with `correctMask` set, the mask is resampled onto the image grid with
/// nearest neighbour, provided its ROI lies inside the image (1e-3 voxel
/// tolerance). Otherwise throws InputError naming the property, both values
/// and the setting to change.
MaskVolume checkMaskGeometry(const ImageVolume& image, const MaskVolume& mask,
                             const MaskCheckSettings& settings);

}  // namespace pulmorad::image

#include "image/resample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/errors.h"
#include "image/image_io.h"
#include "support/test_support.h"

namespace pulmorad::image {
namespace {

using Vector3 = std::array<double, 3>;

/// Image with f(x, y, z) = x + 2y + 3z at each voxel centre (physical mm),
/// so linear interpolation must reproduce the function between voxel centres.
ImageVolume makeLinearImage(const Geometry& geometry) {
    ImageVolume image;
    image.geometry = geometry;
    image.data.resize(geometry.voxelCount());
    for (std::size_t z = 0; z < geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < geometry.size[0]; ++x) {
                const Vector3 index{static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)};
                Vector3 point{};
                for (int row = 0; row < 3; ++row) {
                    point[row] = geometry.origin[row];
                    for (int column = 0; column < 3; ++column) {
                        point[row] +=
                            geometry.direction[row * 3 + column] * geometry.spacing[column] * index[column];
                    }
                }
                image.at(x, y, z) = point[0] + 2.0 * point[1] + 3.0 * point[2];
            }
        }
    }
    return image;
}

MaskVolume makeBoxMask(const Geometry& geometry, const BoundingBox& box) {
    MaskVolume mask;
    mask.geometry = geometry;
    mask.data.assign(geometry.voxelCount(), 0);
    for (std::size_t z = box.lower[2]; z <= box.upper[2]; ++z) {
        for (std::size_t y = box.lower[1]; y <= box.upper[1]; ++y) {
            for (std::size_t x = box.lower[0]; x <= box.upper[0]; ++x) {
                mask.at(x, y, z) = 1;
            }
        }
    }
    return mask;
}

/// Physical point of voxel `index` (centre), directions assumed diagonal.
Vector3 voxelCentre(const Geometry& geometry, std::size_t x, std::size_t y, std::size_t z) {
    const Vector3 index{static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)};
    Vector3 point{};
    for (int axis = 0; axis < 3; ++axis) {
        point[axis] =
            geometry.origin[axis] + geometry.direction[axis * 4] * geometry.spacing[axis] * index[axis];
    }
    return point;
}

/// Continuous index of a physical point, directions assumed diagonal (+1 or -1).
Vector3 continuousIndex(const Geometry& geometry, const Vector3& point) {
    Vector3 index{};
    for (int axis = 0; axis < 3; ++axis) {
        index[axis] =
            (point[axis] - geometry.origin[axis]) / (geometry.direction[axis * 4] * geometry.spacing[axis]);
    }
    return index;
}

Geometry tinyGeometry() {
    Geometry geometry;
    geometry.size = {10, 8, 6};
    geometry.spacing = {2.0, 2.0, 3.0};
    geometry.origin = {10.0, -5.0, 0.0};
    return geometry;
}

TEST(ResampleGrid, HandDerivedPlacement) {
    const Geometry geometry = tinyGeometry();
    const BoundingBox roi{{3, 2, 1}, {5, 3, 3}};
    const ImageVolume image = makeLinearImage(geometry);
    const MaskVolume mask = makeBoxMask(geometry, roi);

    ResampleSettings settings;
    settings.spacing = {1.0, 3.0, 0.0};
    settings.interpolator = Interpolator::Linear;
    settings.padDistance = 2;
    const ResampledPair result = resampleImageAndMask(image, mask, settings);

    // Hand derivation with PyRadiomics 3.1 resampleImage's formulas, per axis
    // (r = old / new spacing, b = ROI lower index, n = ROI size, p = 2):
    //  x: r = 2, L = floor((3 - 0.5) 2 - 2) = 3, U = min(ceil(10 * 2) - 1,
    //     ceil((3 + 3 - 0.5) 2 + 2)) = min(19, 13) = 13, size 11; origin index
    //     0.5 (1 - 2) / 2 + 3 / 2 = 1.25, so x = 10 + 2 * 1.25 = 12.5.
    //  y: r = 2/3, L = max(0, floor(1.5 * 2/3 - 2)) = 0, U = min(ceil(8 * 2/3) - 1,
    //     ceil(3.5 * 2/3 + 2)) = min(5, 5) = 5, size 6; origin index
    //     0.5 (3 - 2) / 2 = 0.25, so y = -5 + 2 * 0.25 = -4.5.
    //  z: requested 0 keeps 3 mm, r = 1, L = max(0, floor(0.5 - 2)) = 0,
    //     U = min(5, ceil(3.5 + 2)) = 5, size 6; origin z = 0.
    EXPECT_TRUE(result.interpolated);
    EXPECT_EQ(result.spacing, (Vector3{1.0, 3.0, 3.0}));
    EXPECT_EQ(result.image.geometry.size, (std::array<std::size_t, 3>{11, 6, 6}));
    EXPECT_DOUBLE_EQ(result.image.geometry.origin[0], 12.5);
    EXPECT_DOUBLE_EQ(result.image.geometry.origin[1], -4.5);
    EXPECT_DOUBLE_EQ(result.image.geometry.origin[2], 0.0);
    EXPECT_EQ(result.image.geometry.spacing, (Vector3{1.0, 3.0, 3.0}));
    EXPECT_EQ(result.mask.geometry.size, result.image.geometry.size);
    EXPECT_EQ(result.mask.geometry.origin, result.image.geometry.origin);

    // Inside the old voxel centres the linear ramp comes back exactly (1e-9),
    // and the mask follows ITK's nearest neighbour (round half up).
    const Geometry& target = result.image.geometry;
    std::size_t interiorChecked = 0;
    for (std::size_t z = 0; z < target.size[2]; ++z) {
        for (std::size_t y = 0; y < target.size[1]; ++y) {
            for (std::size_t x = 0; x < target.size[0]; ++x) {
                const Vector3 point = voxelCentre(target, x, y, z);
                const Vector3 index = continuousIndex(geometry, point);
                bool interior = true;
                bool inRoi = true;
                for (int axis = 0; axis < 3; ++axis) {
                    interior = interior && index[axis] >= 0.0 &&
                               index[axis] <= static_cast<double>(geometry.size[axis] - 1);
                    const double nearest = std::floor(index[axis] + 0.5);
                    inRoi = inRoi && nearest >= static_cast<double>(roi.lower[axis]) &&
                            nearest <= static_cast<double>(roi.upper[axis]);
                }
                if (interior) {
                    ++interiorChecked;
                    EXPECT_NEAR(result.image.at(x, y, z), point[0] + 2.0 * point[1] + 3.0 * point[2], 1e-9);
                }
                EXPECT_EQ(result.mask.at(x, y, z), inRoi ? 1 : 0) << x << "," << y << "," << z;
            }
        }
    }
    EXPECT_GT(interiorChecked, 200U);
}

TEST(ResampleGrid, SingleSliceAxisKeepsSpacing) {
    const Geometry geometry = tinyGeometry();
    // The ROI spans one slice in z: PyRadiomics keeps the z spacing there.
    const MaskVolume mask = makeBoxMask(geometry, {{2, 2, 3}, {6, 5, 3}});
    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    settings.interpolator = Interpolator::NearestNeighbor;
    settings.padDistance = 0;
    const ResampledPair result = resampleImageAndMask(makeLinearImage(geometry), mask, settings);
    EXPECT_EQ(result.spacing, (Vector3{1.0, 1.0, 3.0}));
    // z: r = 1, L = floor(3 - 0.5) = 2, U = ceil(3.5) = 4: three slices.
    // x: r = 2, L = floor(1.5 * 2) = 3, U = ceil(6.5 * 2) = 13: 11 voxels.
    // y: r = 2, L = floor(1.5 * 2) = 3, U = ceil(5.5 * 2) = 11: 9 voxels.
    EXPECT_EQ(result.image.geometry.size, (std::array<std::size_t, 3>{11, 9, 3}));
}

TEST(ResampleGrid, MatchingSpacingOnlyCrops) {
    const Geometry geometry = tinyGeometry();
    const ImageVolume image = makeLinearImage(geometry);
    const MaskVolume mask = makeBoxMask(geometry, {{3, 2, 1}, {5, 3, 3}});
    ResampleSettings settings;
    settings.spacing = {2.0, 2.0, 0.0};
    settings.padDistance = 2;
    const ResampledPair result = resampleImageAndMask(image, mask, settings);

    // PyRadiomics' early return: crop to the ROI box +- 2 voxels, clipped:
    // x 1..7, y 0..5, z 0..5.
    EXPECT_FALSE(result.interpolated);
    EXPECT_EQ(result.image.geometry.size, (std::array<std::size_t, 3>{7, 6, 6}));
    EXPECT_DOUBLE_EQ(result.image.geometry.origin[0], 12.0);
    EXPECT_DOUBLE_EQ(result.image.geometry.origin[1], -5.0);
    EXPECT_EQ(result.image.at(0, 0, 0), image.at(1, 0, 0));
    EXPECT_EQ(result.mask.at(2, 2, 1), 1);
}

TEST(ResampleGrid, EmptyMaskRejected) {
    const Geometry geometry = tinyGeometry();
    MaskVolume empty;
    empty.geometry = geometry;
    empty.data.assign(geometry.voxelCount(), 0);
    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    EXPECT_THROW(resampleImageAndMask(makeLinearImage(geometry), empty, settings), InputError);
}

/// Trilinear interpolation as ITK's LinearInterpolateImageFunction does it at
/// the border: the continuous index is clamped to the voxel centres.
double trilinear(const ImageVolume& image, const Vector3& index) {
    std::array<std::size_t, 3> base{};
    Vector3 fraction{};
    for (int axis = 0; axis < 3; ++axis) {
        const double last = static_cast<double>(image.geometry.size[axis] - 1);
        const double clamped = std::clamp(index[axis], 0.0, last);
        const double floored = std::min(std::floor(clamped), std::max(last - 1.0, 0.0));
        base[axis] = static_cast<std::size_t>(floored);
        fraction[axis] = clamped - floored;
    }
    double value = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
        double weight = 1.0;
        std::array<std::size_t, 3> voxel = base;
        for (int axis = 0; axis < 3; ++axis) {
            const bool upper = ((corner >> axis) & 1) != 0;
            weight *= upper ? fraction[axis] : 1.0 - fraction[axis];
            if (upper && weight != 0.0) {
                voxel[axis] = std::min(voxel[axis] + 1, image.geometry.size[axis] - 1);
            }
        }
        if (weight != 0.0) {
            value += weight * image.at(voxel[0], voxel[1], voxel[2]);
        }
    }
    return value;
}

TEST(ResampleLinear, Brain1MatchesTrilinear) {
    ImageInfo info;
    const ImageVolume image =
        readImage(test::referencePath("pyradiomics/images/brain1_image.nrrd"), {}, &info);
    const ImageVolume labels = readImage(test::referencePath("pyradiomics/images/brain1_label.nrrd"));
    MaskVolume mask;
    mask.geometry = labels.geometry;
    for (const double label : labels.data) {
        mask.data.push_back(label == 1.0 ? 1 : 0);
    }

    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    settings.interpolator = Interpolator::Linear;
    settings.padDistance = 5;
    const ResampledPair result = resampleImageAndMask(image, mask, settings);
    ASSERT_TRUE(result.interpolated);
    const Geometry& target = result.image.geometry;
    // brain1's y axis points along -y (NRRD space directions): the new grid keeps it.
    EXPECT_EQ(target.direction, image.geometry.direction);

    // Every new voxel centre inside the image equals trilinear interpolation
    // of the original voxels within 1e-9 HU, because ITK steps along scan
    // lines and the last bits can differ. Outside it is ITK's default value 0.
    std::size_t inside = 0;
    double maxDifference = 0.0;
    for (std::size_t z = 0; z < target.size[2]; ++z) {
        for (std::size_t y = 0; y < target.size[1]; ++y) {
            for (std::size_t x = 0; x < target.size[0]; ++x) {
                const Vector3 index = continuousIndex(image.geometry, voxelCentre(target, x, y, z));
                bool insideBuffer = true;
                for (int axis = 0; axis < 3; ++axis) {
                    insideBuffer = insideBuffer && index[axis] >= -0.5 &&
                                   index[axis] < static_cast<double>(image.geometry.size[axis]) - 0.5;
                }
                const double expected = insideBuffer ? trilinear(image, index) : 0.0;
                inside += insideBuffer ? 1 : 0;
                maxDifference = std::max(maxDifference, std::abs(result.image.at(x, y, z) - expected));
            }
        }
    }
    EXPECT_LT(maxDifference, 1e-9);
    EXPECT_GT(inside, target.voxelCount() / 2);

    // With the stored pixel type (int16), values are truncated towards zero
    // as SimpleITK's ResampleImageFilter does when it casts back.
    EXPECT_EQ(info.pixelType, PixelType::Int16);
    settings.imagePixelType = info.pixelType;
    const ResampledPair truncated = resampleImageAndMask(image, mask, settings);
    ASSERT_EQ(truncated.image.data.size(), result.image.data.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < result.image.data.size(); ++i) {
        mismatches += truncated.image.data[i] != std::trunc(result.image.data[i]) ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0U);
}

TEST(CropToMask, PadsAndClips) {
    const Geometry geometry = tinyGeometry();
    const ImageVolume image = makeLinearImage(geometry);
    const MaskVolume mask = makeBoxMask(geometry, {{1, 2, 4}, {3, 2, 5}});
    const CroppedPair cropped = cropToMask(image, mask, 2);

    // ROI x 1..3, y 2..2, z 4..5; +-2 voxels, clipped to 0..9, 0..7, 0..5.
    EXPECT_EQ(cropped.roiBox.lower, (std::array<std::size_t, 3>{1, 2, 4}));
    EXPECT_EQ(cropped.roiBox.upper, (std::array<std::size_t, 3>{3, 2, 5}));
    EXPECT_EQ(cropped.cropBox.lower, (std::array<std::size_t, 3>{0, 0, 2}));
    EXPECT_EQ(cropped.cropBox.upper, (std::array<std::size_t, 3>{5, 4, 5}));
    EXPECT_EQ(cropped.image.geometry.size, (std::array<std::size_t, 3>{6, 5, 4}));
    // Origin: the physical centre of voxel (0, 0, 2) = (10, -5, 6).
    EXPECT_EQ(cropped.image.geometry.origin, (Vector3{10.0, -5.0, 6.0}));
    EXPECT_EQ(cropped.image.at(1, 2, 2), image.at(1, 2, 4));
    EXPECT_EQ(cropped.mask.at(1, 2, 2), 1);
    EXPECT_EQ(cropped.mask.at(0, 2, 2), 0);

    const CroppedPair tight = cropToMask(image, mask, 0);
    EXPECT_EQ(tight.image.geometry.size, (std::array<std::size_t, 3>{3, 1, 2}));
}

TEST(CheckMaskGeometry, MatchingGridPasses) {
    const Geometry geometry = tinyGeometry();
    const MaskVolume mask = makeBoxMask(geometry, {{3, 2, 1}, {5, 3, 3}});
    const MaskVolume checked = checkMaskGeometry(makeLinearImage(geometry), mask, {});
    EXPECT_EQ(checked.data, mask.data);
}

TEST(CheckMaskGeometry, OriginMismatchNamesSetting) {
    const Geometry geometry = tinyGeometry();
    const ImageVolume image = makeLinearImage(geometry);
    MaskVolume mask = makeBoxMask(geometry, {{3, 2, 1}, {5, 3, 3}});
    mask.geometry.origin[1] += 1e-4;  // 0.1 um, beyond 1e-6 x 2 mm

    try {
        checkMaskGeometry(image, mask, {});
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("origin"), std::string::npos) << message;
        EXPECT_NE(message.find("-4.9999"), std::string::npos) << message;
        EXPECT_NE(message.find("geometryTolerance"), std::string::npos) << message;
        EXPECT_NE(message.find("correctMask"), std::string::npos) << message;
    }

    // A tolerance of 1e-4 x 2 mm = 2e-4 mm accepts it, as ITK would.
    MaskCheckSettings tolerant;
    tolerant.geometryTolerance = 1e-4;
    EXPECT_NO_THROW(checkMaskGeometry(image, mask, tolerant));
}

TEST(CheckMaskGeometry, SizeMismatchNamesSize) {
    const Geometry geometry = tinyGeometry();
    Geometry smaller = geometry;
    smaller.size = {10, 8, 5};
    try {
        checkMaskGeometry(makeLinearImage(geometry), makeBoxMask(smaller, {{3, 2, 1}, {5, 3, 3}}), {});
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("size: mask 10x8x5 voxels, image 10x8x6 voxels"), std::string::npos)
            << message;
    }
}

TEST(CheckMaskGeometry, CorrectMaskResamplesOntoImage) {
    const Geometry geometry = tinyGeometry();
    const ImageVolume image = makeLinearImage(geometry);

    // Mask on a grid shifted by one image voxel along x, and only 6 voxels wide:
    // mask voxel (i, j, k) is image voxel (i + 1, j, k).
    Geometry shifted = geometry;
    shifted.size = {6, 8, 6};
    shifted.origin[0] += 2.0;
    const MaskVolume mask = makeBoxMask(shifted, {{2, 2, 1}, {4, 3, 3}});

    MaskCheckSettings settings;
    settings.correctMask = true;
    const MaskVolume corrected = checkMaskGeometry(image, mask, settings);
    EXPECT_EQ(corrected.geometry.size, geometry.size);
    EXPECT_EQ(corrected.geometry.origin, geometry.origin);
    const MaskVolume expected = makeBoxMask(geometry, {{3, 2, 1}, {5, 3, 3}});
    EXPECT_EQ(corrected.data, expected.data);

    // An ROI that reaches beyond the image cannot be corrected.
    Geometry outside = geometry;
    outside.origin[0] += 30.0;
    EXPECT_THROW(checkMaskGeometry(image, makeBoxMask(outside, {{3, 2, 1}, {5, 3, 3}}), settings),
                 InputError);
}

TEST(Interpolator, NamesAndCodes) {
    EXPECT_EQ(parseInterpolator("sitkBSpline"), Interpolator::BSpline);
    EXPECT_EQ(parseInterpolator("sitkLinear"), Interpolator::Linear);
    EXPECT_EQ(parseInterpolator("sitkBlackmanWindowedSinc"), Interpolator::BlackmanWindowedSinc);
    // Integer codes as PyRadiomics' schema accepts them (SimpleITK 1.x enum).
    EXPECT_EQ(parseInterpolator("1"), Interpolator::NearestNeighbor);
    EXPECT_EQ(parseInterpolator("3"), Interpolator::BSpline);
    EXPECT_EQ(parseInterpolator("10"), Interpolator::BlackmanWindowedSinc);
    EXPECT_EQ(interpolatorName(Interpolator::LanczosWindowedSinc), "sitkLanczosWindowedSinc");

    for (const std::string bad : {"linear", "sitkBSpline3", "0", "11", ""}) {
        try {
            parseInterpolator(bad);
            ADD_FAILURE() << "expected InputError for '" << bad << "'";
        } catch (const InputError& error) {
            EXPECT_NE(std::string(error.what()).find("sitkNearestNeighbor"), std::string::npos)
                << error.what();
        }
    }
}

TEST(Interpolator, EveryKindRunsOnTinyImage) {
    const Geometry geometry = tinyGeometry();
    const ImageVolume image = makeLinearImage(geometry);
    const MaskVolume mask = makeBoxMask(geometry, {{3, 2, 1}, {5, 4, 3}});
    for (int code = 1; code <= 10; ++code) {
        ResampleSettings settings;
        settings.spacing = {1.5, 1.5, 1.5};
        settings.interpolator = parseInterpolator(std::to_string(code));
        settings.padDistance = 1;
        const ResampledPair result = resampleImageAndMask(image, mask, settings);
        SCOPED_TRACE(std::string(interpolatorName(settings.interpolator)));
        // Values stay near the image's range: sinc kernels overshoot a
        // little, and voxels outside the image get ITK's default value 0.
        const auto [low, high] = std::minmax_element(image.data.begin(), image.data.end());
        for (const double value : result.image.data) {
            EXPECT_GE(value, *low - 0.5 * (*high - *low));
            EXPECT_LE(value, *high + 0.5 * (*high - *low));
        }
        EXPECT_GT(std::count(result.mask.data.begin(), result.mask.data.end(), 1), 0);
    }
}

TEST(PixelTypeCast, MatchesItkResampleCast) {
    // ITK 5.2 ResampleImageFilter::CastComponentWithBoundsChecking: clamp at
    // the type's limits, otherwise static_cast (truncation towards zero).
    EXPECT_EQ(castToPixelType(-3.7, PixelType::Int16), -3.0);
    EXPECT_EQ(castToPixelType(3.7, PixelType::Int16), 3.0);
    EXPECT_EQ(castToPixelType(40000.0, PixelType::Int16), 32767.0);
    EXPECT_EQ(castToPixelType(-40000.0, PixelType::Int16), -32768.0);
    EXPECT_EQ(castToPixelType(-0.5, PixelType::UInt8), 0.0);
    EXPECT_EQ(castToPixelType(0.1, PixelType::Float32), static_cast<double>(0.1F));
    EXPECT_EQ(castToPixelType(0.1, PixelType::Float64), 0.1);
}

/// Statistics PyRadiomics writes as diagnostics_Image-interpolated_* and
/// diagnostics_Mask-interpolated_* for a resampled pair.
struct InterpolatedDiagnostics {
    double imageMean = 0.0;
    double imageMinimum = 0.0;
    double imageMaximum = 0.0;
    std::size_t voxelCount = 0;
    double roiMean = 0.0;
    double roiMinimum = 0.0;
    double roiMaximum = 0.0;
    std::array<std::size_t, 3> boxLower{};
    std::array<std::size_t, 3> boxSize{};
    Vector3 centreOfMassIndex{};
};

InterpolatedDiagnostics diagnosticsOf(const ResampledPair& pair) {
    InterpolatedDiagnostics result;
    const auto& data = pair.image.data;
    double imageSum = 0.0;
    for (const double value : data) {
        imageSum += value;
    }
    result.imageMean = imageSum / static_cast<double>(data.size());
    result.imageMinimum = *std::min_element(data.begin(), data.end());
    result.imageMaximum = *std::max_element(data.begin(), data.end());

    double roiSum = 0.0;
    Vector3 indexSum{};
    result.roiMinimum = std::numeric_limits<double>::infinity();
    result.roiMaximum = -std::numeric_limits<double>::infinity();
    const Geometry& geometry = pair.mask.geometry;
    for (std::size_t z = 0; z < geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < geometry.size[0]; ++x) {
                if (pair.mask.at(x, y, z) == 0) {
                    continue;
                }
                const double value = pair.image.at(x, y, z);
                ++result.voxelCount;
                roiSum += value;
                result.roiMinimum = std::min(result.roiMinimum, value);
                result.roiMaximum = std::max(result.roiMaximum, value);
                indexSum[0] += static_cast<double>(x);
                indexSum[1] += static_cast<double>(y);
                indexSum[2] += static_cast<double>(z);
            }
        }
    }
    result.roiMean = roiSum / static_cast<double>(result.voxelCount);
    for (int axis = 0; axis < 3; ++axis) {
        result.centreOfMassIndex[axis] = indexSum[axis] / static_cast<double>(result.voxelCount);
    }
    const std::optional<BoundingBox> box = findBoundingBox(pair.mask);
    if (box) {
        result.boxLower = box->lower;
        for (int axis = 0; axis < 3; ++axis) {
            result.boxSize[axis] = box->extent(axis);
        }
    }
    return result;
}

MaskVolume nonzeroMask(const ImageVolume& labels) {
    MaskVolume mask;
    mask.geometry = labels.geometry;
    mask.data.reserve(labels.data.size());
    for (const double label : labels.data) {
        mask.data.push_back(label != 0.0 ? 1 : 0);
    }
    return mask;
}

TEST(ResampleOracle, IbsiPhantomLinearOneMillimetre) {
    ImageInfo info;
    const ImageVolume image = readImage(
        test::referencePath("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"), {}, &info);
    const MaskVolume mask = nonzeroMask(
        readImage(test::referencePath("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz")));

    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    settings.interpolator = parseInterpolator("sitkLinear");
    settings.padDistance = 5;
    settings.imagePixelType = info.pixelType;  // float32, as SimpleITK reads the NIfTI
    const ResampledPair pair = resampleImageAndMask(image, mask, settings);
    const InterpolatedDiagnostics diagnostics = diagnosticsOf(pair);

    // PyRadiomics 3.1 (ITK 5.2.1 in place of SimpleITK) on this phantom with
    // 1 mm sitkLinear resampling: the diagnostics_*-interpolated_* row of its
    // feature output for this case.
    EXPECT_EQ(pair.image.geometry.size, (std::array<std::size_t, 3>{110, 109, 90}));
    EXPECT_EQ(diagnostics.boxLower, (std::array<std::size_t, 3>{6, 6, 7}));
    EXPECT_EQ(diagnostics.boxSize, (std::array<std::size_t, 3>{98, 97, 78}));
    EXPECT_EQ(diagnostics.voxelCount, 359664U);
    EXPECT_NEAR(diagnostics.imageMean, -169.75981410873817, 1e-9 * 169.76);
    EXPECT_EQ(diagnostics.imageMinimum, -1000.0);
    EXPECT_EQ(diagnostics.imageMaximum, 1030.3448486328125);
    EXPECT_NEAR(diagnostics.roiMean, -48.21327432848145, 1e-9 * 48.21);
    EXPECT_EQ(diagnostics.roiMinimum, -971.3348388671875);
    EXPECT_EQ(diagnostics.roiMaximum, 617.9782104492188);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[0], 56.04829507540371, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[1], 52.0638512611771, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[2], 38.745020352328844, 1e-9);
}

TEST(ResampleOracle, LidcLinearOneMillimetre) {
    ImageInfo info;
    const ImageVolume image = readImage(test::referencePath("ct/lidc_idri_0001/dicom"), {}, &info);
    const MaskVolume maskAsRead =
        nonzeroMask(readImage(test::referencePath("pyradiomics-oracle/lidc_idri_0001/mask.nii.gz")));
    // The NIfTI header rounds the CT's y origin -171.699997 to float32
    // (-171.69999694824219). The reference run had one geometry for both, so
    // the mask takes the image's geometry first.
    const MaskVolume mask = checkMaskGeometry(image, maskAsRead, {});
    EXPECT_EQ(mask.geometry.origin, image.geometry.origin);

    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    settings.interpolator = Interpolator::Linear;
    settings.padDistance = 5;
    settings.imagePixelType = info.pixelType;  // int32 from GDCM: interpolated HU are truncated
    const ResampledPair pair = resampleImageAndMask(image, mask, settings);
    const InterpolatedDiagnostics diagnostics = diagnosticsOf(pair);

    // PyRadiomics 3.1 (ITK 5.2.1 in place of SimpleITK), both lungs as one ROI,
    // 1 mm sitkLinear: the diagnostics_*-interpolated_* row of its feature output.
    EXPECT_EQ(pair.image.geometry.size, (std::array<std::size_t, 3>{266, 204, 277}));
    EXPECT_EQ(diagnostics.boxLower, (std::array<std::size_t, 3>{6, 6, 7}));
    EXPECT_EQ(diagnostics.boxSize, (std::array<std::size_t, 3>{254, 192, 265}));
    EXPECT_EQ(diagnostics.voxelCount, 3777226U);
    EXPECT_NEAR(diagnostics.imageMean, -257.5562823362292, 1e-9 * 257.56);
    EXPECT_EQ(diagnostics.imageMinimum, -1024.0);
    EXPECT_EQ(diagnostics.imageMaximum, 3071.0);
    EXPECT_NEAR(diagnostics.roiMean, -825.8759782973007, 1e-9 * 825.88);
    EXPECT_EQ(diagnostics.roiMinimum, -1024.0);
    EXPECT_EQ(diagnostics.roiMaximum, 1674.0);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[0], 122.70603691703911, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[1], 110.61147201676575, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[2], 155.53559675804414, 1e-9);
}

TEST(ResampleOracle, A0002LinearOneMillimetre) {
    ImageInfo info;
    const ImageVolume image = readImage(test::referencePath("ct/lung_pet_ct_dx_A0002/dicom"), {}, &info);
    const MaskVolume mask = checkMaskGeometry(
        image,
        nonzeroMask(readImage(test::referencePath("pyradiomics-oracle/lung_pet_ct_dx_A0002/mask.nii.gz"))),
        {});

    ResampleSettings settings;
    settings.spacing = {1.0, 1.0, 1.0};
    settings.interpolator = Interpolator::Linear;
    settings.padDistance = 5;
    settings.imagePixelType = info.pixelType;
    const ResampledPair pair = resampleImageAndMask(image, mask, settings);
    const InterpolatedDiagnostics diagnostics = diagnosticsOf(pair);

    // PyRadiomics 3.1 (ITK 5.2.1 in place of SimpleITK), both lungs as one ROI,
    // 1 mm sitkLinear: the diagnostics_*-interpolated_* row of its feature
    // output. The lungs reach the first and last of the 8 mm slices, so the
    // padded grid is clipped at both ends in z.
    EXPECT_EQ(pair.image.geometry.size, (std::array<std::size_t, 3>{262, 191, 240}));
    EXPECT_EQ(diagnostics.boxLower, (std::array<std::size_t, 3>{6, 6, 0}));
    EXPECT_EQ(diagnostics.boxSize, (std::array<std::size_t, 3>{250, 179, 240}));
    EXPECT_EQ(diagnostics.voxelCount, 2744272U);
    EXPECT_NEAR(diagnostics.imageMean, -271.8993486304837, 1e-9 * 271.9);
    EXPECT_EQ(diagnostics.imageMinimum, -1024.0);
    EXPECT_EQ(diagnostics.imageMaximum, 1662.0);
    EXPECT_NEAR(diagnostics.roiMean, -750.5585692671864, 1e-9 * 750.56);
    EXPECT_EQ(diagnostics.roiMinimum, -1022.0);
    EXPECT_EQ(diagnostics.roiMaximum, 340.0);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[0], 139.82406408694183, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[1], 111.21887917815727, 1e-9);
    EXPECT_NEAR(diagnostics.centreOfMassIndex[2], 120.52728009468449, 1e-9);
}

TEST(ResampleBaseline, BSplineTwoMillimetreRoiStatistics) {
    // PyRadiomics' own baseline, "resampling" configuration (sitkBSpline,
    // resampledPixelSpacing [2, 2, 2], padDistance 5, label 1):
    // original_firstorder_Mean, _Minimum, _Maximum and _Median are statistics
    // of the resampled image inside the resampled mask.
    struct Case {
        std::string name;
        double mean;
        double minimum;
        double maximum;
        double median;
    };
    const std::vector<Case> cases{
        {"brain1", 820.533681462141, 481.0, 1334.0, 808.0},
        {"brain2", 393.82125603864733, 148.0, 738.0, 375.0},
        {"breast1", 126.17391304347827, 82.0, 160.0, 125.0},
    };
    for (const Case& expected : cases) {
        SCOPED_TRACE(expected.name);
        ImageInfo info;
        const ImageVolume image =
            readImage(test::referencePath("pyradiomics/images/" + expected.name + "_image.nrrd"), {}, &info);
        const ImageVolume labels =
            readImage(test::referencePath("pyradiomics/images/" + expected.name + "_label.nrrd"));
        MaskVolume mask;
        mask.geometry = labels.geometry;
        for (const double label : labels.data) {
            mask.data.push_back(label == 1.0 ? 1 : 0);
        }

        ResampleSettings settings;
        settings.spacing = {2.0, 2.0, 2.0};
        settings.interpolator = parseInterpolator("sitkBSpline");
        settings.padDistance = 5;
        settings.imagePixelType = info.pixelType;
        const ResampledPair pair = resampleImageAndMask(image, mask, settings);

        std::vector<double> roi;
        for (std::size_t i = 0; i < pair.mask.data.size(); ++i) {
            if (pair.mask.data[i] != 0) {
                roi.push_back(pair.image.data[i]);
            }
        }
        ASSERT_FALSE(roi.empty());
        double sum = 0.0;
        for (const double value : roi) {
            sum += value;
        }
        std::sort(roi.begin(), roi.end());
        const std::size_t middle = roi.size() / 2;
        const double median = roi.size() % 2 == 1 ? roi[middle] : 0.5 * (roi[middle - 1] + roi[middle]);
        EXPECT_NEAR(sum / static_cast<double>(roi.size()), expected.mean, 1e-12 * expected.mean);
        EXPECT_EQ(roi.front(), expected.minimum);
        EXPECT_EQ(roi.back(), expected.maximum);
        EXPECT_EQ(median, expected.median);
    }
}

}  // namespace
}  // namespace pulmorad::image

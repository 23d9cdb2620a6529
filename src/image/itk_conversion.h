#pragma once

// Conversions between Volume and itk::Image. Internal to pulmorad_image: only
// .cpp files below src/image/ include this header, so ITK stays a private
// dependency and other modules see plain arrays.

#include <itkImage.h>

#include <algorithm>
#include <cstddef>

#include "image/volume.h"

namespace pulmorad::image::detail {

template <typename T>
using ItkImage3 = itk::Image<T, 3>;

/// Copies an ITK image's geometry (size of the largest possible region,
/// spacing, origin, direction) into a Geometry.
template <typename ItkImageType>
Geometry geometryFromItk(const ItkImageType& image) {
    Geometry geometry;
    const auto size = image.GetLargestPossibleRegion().GetSize();
    for (unsigned axis = 0; axis < 3; ++axis) {
        geometry.size[axis] = size[axis];
        geometry.spacing[axis] = image.GetSpacing()[axis];
        geometry.origin[axis] = image.GetOrigin()[axis];
        for (unsigned column = 0; column < 3; ++column) {
            geometry.direction[axis * 3 + column] = image.GetDirection()[axis][column];
        }
    }
    return geometry;
}

/// Sets region (starting at index 0), spacing, origin and direction of an
/// ITK image from a Geometry, without allocating.
template <typename ItkImageType>
void applyGeometry(const Geometry& geometry, ItkImageType& image) {
    typename ItkImageType::SizeType size;
    typename ItkImageType::SpacingType spacing;
    typename ItkImageType::PointType origin;
    typename ItkImageType::DirectionType direction;
    for (unsigned axis = 0; axis < 3; ++axis) {
        size[axis] = geometry.size[axis];
        spacing[axis] = geometry.spacing[axis];
        origin[axis] = geometry.origin[axis];
        for (unsigned column = 0; column < 3; ++column) {
            direction[axis][column] = geometry.direction[axis * 3 + column];
        }
    }
    typename ItkImageType::RegionType region;
    region.SetSize(size);
    image.SetRegions(region);
    image.SetSpacing(spacing);
    image.SetOrigin(origin);
    image.SetDirection(direction);
}

/// Copies a Volume into a new ITK image of pixel type `Out` (static_cast per
/// voxel). Both store x fastest, so the copy is linear.
template <typename Out, typename In>
typename ItkImage3<Out>::Pointer toItk(const Volume<In>& volume) {
    auto image = ItkImage3<Out>::New();
    applyGeometry(volume.geometry, *image);
    image->Allocate();
    Out* buffer = image->GetBufferPointer();
    std::transform(volume.data.begin(), volume.data.end(), buffer,
                   [](In value) { return static_cast<Out>(value); });
    return image;
}

/// Copies an ITK image (its buffered region, which must be the largest
/// possible region starting at index 0) into a Volume of pixel type `Out`.
template <typename Out, typename ItkImageType>
Volume<Out> fromItk(const ItkImageType& image) {
    Volume<Out> volume;
    volume.geometry = geometryFromItk(image);
    const std::size_t count = volume.geometry.voxelCount();
    const auto* buffer = image.GetBufferPointer();
    volume.data.resize(count);
    std::transform(buffer, buffer + count, volume.data.begin(),
                   [](auto value) { return static_cast<Out>(value); });
    return volume;
}

}  // namespace pulmorad::image::detail

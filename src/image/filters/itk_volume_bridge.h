#pragma once

// ITK views of plain volumes for the filters in this folder (ITK stays inside
// src/image and src/segmentation).

#include <itkImage.h>
#include <itkImportImageContainer.h>

#include "image/volume.h"

namespace pulmorad::image::filters {

using ItkDoubleImage = itk::Image<double, 3>;

/// Wraps `volume` as an ITK image without copying its voxels. The volume must
/// outlive the returned image, and ITK filters must not write to it.
inline ItkDoubleImage::Pointer wrapAsItkImage(const ImageVolume& volume) {
    auto itkImage = ItkDoubleImage::New();
    ItkDoubleImage::RegionType region;
    ItkDoubleImage::SpacingType spacing;
    ItkDoubleImage::PointType origin;
    ItkDoubleImage::DirectionType direction;
    for (unsigned axis = 0; axis < 3; ++axis) {
        region.SetSize(axis, volume.geometry.size[axis]);
        spacing[axis] = volume.geometry.spacing[axis];
        origin[axis] = volume.geometry.origin[axis];
        for (unsigned column = 0; column < 3; ++column) {
            direction(axis, column) = volume.geometry.direction[axis * 3 + column];
        }
    }
    itkImage->SetRegions(region);
    itkImage->SetSpacing(spacing);
    itkImage->SetOrigin(origin);
    itkImage->SetDirection(direction);
    // ITK's import container takes a non-const pointer; with
    // letContainerManageMemory = false it never frees or writes through it.
    itkImage->GetPixelContainer()->SetImportPointer(const_cast<double*>(volume.data.data()),
                                                    volume.data.size(), false);
    return itkImage;
}

/// Copies an ITK filter output into a volume with the geometry of `like`.
inline ImageVolume copyFromItkImage(const ItkDoubleImage* itkImage, const ImageVolume& like) {
    ImageVolume result;
    result.geometry = like.geometry;
    const double* begin = itkImage->GetBufferPointer();
    result.data.assign(begin, begin + result.geometry.voxelCount());
    return result;
}

}  // namespace pulmorad::image::filters

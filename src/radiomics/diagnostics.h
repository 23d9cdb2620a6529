#pragma once

#include <string>
#include <utility>
#include <vector>

#include "image/volume.h"
#include "radiomics/mask.h"

namespace pulmorad::radiomics {

/// Provenance columns of one extraction, in output order: name
/// ("diagnostics_Image-original_Size") and formatted value.
using Diagnostics = std::vector<std::pair<std::string, std::string>>;

/// Formats numbers as a tuple, "(0.5, 0.5, 2)", as PyRadiomics writes them.
std::string formatTuple(const std::vector<double>& values);

/// SHA-1 of the voxel values as little-endian float64, x fastest.
std::string hashVoxels(const image::ImageVolume& volume);

/// Number of 6-connected components (face neighbours) of the ROI, as
/// SimpleITK's ConnectedComponent with its default connectivity counts them.
std::size_t countConnectedComponents(const RoiMask& roi);

/// Appends PyRadiomics' image diagnostics for `stage` ("original",
/// "interpolated"): Hash (original only), Dimensionality, Spacing, Size,
/// Mean, Minimum, Maximum.
void addImageDiagnostics(Diagnostics& diagnostics, const image::ImageVolume& image, const std::string& stage);

/// Appends PyRadiomics' mask diagnostics for `stage`: Hash (original only),
/// Spacing, Size, BoundingBox (lower x, y, z then size x, y, z), VoxelNum,
/// VolumeNum, CenterOfMassIndex, CenterOfMass, and, when `image` is given,
/// Mean, Minimum and Maximum of the image inside the ROI. `maskValues` (the
/// mask as stored) is hashed when given.
void addMaskDiagnostics(Diagnostics& diagnostics, const RoiMask& roi, const image::ImageVolume* image,
                        const std::string& stage, const image::LabelVolume* maskValues = nullptr);

}  // namespace pulmorad::radiomics

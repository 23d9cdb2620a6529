#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "image/resample.h"
#include "image/volume.h"
#include "radiomics/settings.h"

namespace pulmorad::radiomics {

/// A binary ROI on a voxel grid: 1 inside, 0 outside.
using RoiMask = image::MaskVolume;
using image::BoundingBox;

/// Builds the ROI from the mask values that `label` selects. A voxel matches
/// label L when its value truncated to an unsigned integer is L (PyRadiomics
/// casts masks to UInt32); `all` selects every nonzero value. Throws
/// InputError naming `maskName` and the values found when the mask is empty
/// or the label is absent, suggesting the label to use. Logs a WARNING naming
/// labels present in the mask that the choice leaves out.
RoiMask selectLabel(const image::LabelVolume& mask, const LabelChoice& label, const std::string& maskName);

/// Number of ROI voxels.
std::size_t countRoiVoxels(const RoiMask& roi);

/// Checks PyRadiomics' ROI requirements on `roi` and returns its bounding box:
/// not empty, more than one voxel, at least `minimumRoiDimensions` axes along
/// which the ROI spans more than one voxel, and more than `minimumRoiSize`
/// voxels when that is set. Throws InputError naming `maskName`, the value
/// and the setting to change.
BoundingBox checkRoi(const RoiMask& roi, const PreprocessingSettings& settings, const std::string& maskName);

/// Copies the voxels of `volume` inside `box` widened by `padding` voxels
/// (clipped to the grid), with the origin moved to the first copied voxel.
template <typename T>
image::Volume<T> cropToBox(const image::Volume<T>& volume, const BoundingBox& box, std::size_t padding = 0);

}  // namespace pulmorad::radiomics

#include "radiomics/mask_crop.inl"

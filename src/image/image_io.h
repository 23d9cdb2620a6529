#pragma once

#include <filesystem>
#include <string>

#include "image/pixel_type.h"
#include "image/volume.h"

namespace pulmorad::image {

/// Options for reading an image.
struct ReadOptions {
    /// DICOM only: the SeriesInstanceUID to read when a folder contains several
    /// series. Empty means the series with the most slices.
    std::string seriesUid;
};

/// What was read, for provenance and checks.
struct ImageInfo {
    std::string format;           ///< "DICOM", "NIfTI", "NRRD", "MetaImage"
    std::string seriesUid;        ///< DICOM only
    std::string modality;         ///< DICOM Modality (0008,0060); empty when absent or not DICOM
    std::size_t seriesCount = 0;  ///< DICOM only: series found in the folder
    /// Pixel type as stored (for DICOM, after the rescale, as GDCM reports
    /// it), which is what SimpleITK and PyRadiomics hold in memory.
    PixelType pixelType = PixelType::Float64;
};

/// Reads a DICOM series from a folder, or a NIfTI (.nii, .nii.gz), NRRD
/// (.nrrd, .nhdr) or MetaImage (.mha, .mhd) file, as float64 with the DICOM
/// rescale slope and intercept applied (CT in HU). Geometry is kept exactly
/// as ITK reads it. Throws InputError naming the path for a missing,
/// unreadable, truncated or unsupported file, or a folder without a DICOM series.
ImageVolume readImage(const std::filesystem::path& path, const ReadOptions& options = {},
                      ImageInfo* info = nullptr);

/// Writes a volume; the format follows the extension (.nii.gz, .nii, .nrrd,
/// .mha). Values are stored as `pixelType`: "uint8", "int16" or "float64".
/// The file is written to a temporary name and renamed.
void writeImage(const ImageVolume& volume, const std::filesystem::path& path,
                const std::string& pixelType = "float64");

}  // namespace pulmorad::image

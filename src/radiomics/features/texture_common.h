#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "radiomics/features/feature_class.h"

namespace pulmorad::radiomics {

/// numpy.spacing(1), the epsilon PyRadiomics adds inside every log2 and some denominators.
inline constexpr double kTextureEpsilon = std::numeric_limits<double>::epsilon();

/// A feature name of a class and whether PyRadiomics marks it deprecated.
struct TextureFeatureName {
    const char* name;
    bool deprecated;
};

/// Builds a class's definitions in PyRadiomics' output order, which is the
/// ASCII order of the Python method names "get<Name>FeatureValue".
std::vector<FeatureDefinition> sortedDefinitions(const std::vector<TextureFeatureName>& names);

/// Returns one flag per definition: true when `requested` names it. Throws
/// InputError naming `className` for a requested name the class does not have.
std::vector<bool> requestedFlags(const std::string& className,
                                 const std::vector<FeatureDefinition>& definitions,
                                 const std::vector<std::string>& requested);

/// A dense texture matrix in C order (last index fastest), laid out as
/// PyRadiomics stores it after removing empty gray levels, so tests can
/// compare it element by element with PyRadiomics' arrays.
struct TextureMatrix {
    std::vector<std::size_t> shape;
    std::vector<double> values;
};

/// Mean of the values that are not NaN (numpy.nanmean); NaN when all are NaN or there are none.
double nanMean(const std::vector<double>& values);

/// A validated view of RoiData's discretised gray levels for texture matrices.
/// Coordinates are (x, y, z) with x fastest, as in RoiData.
struct TextureGrid {
    std::array<std::ptrdiff_t, 3> size{0, 0, 0};
    std::array<std::ptrdiff_t, 3> stride{1, 0, 0};  ///< linear index step along x, y, z
    const int* level = nullptr;                     ///< gray level per voxel, 0 outside the ROI
    int maxGrayLevel = 0;                           ///< PyRadiomics' Ng: the highest gray level in the ROI
    std::vector<int> grayLevels;                    ///< gray levels present in the ROI, ascending
    std::vector<int> rowOfGrayLevel;  ///< index into grayLevels per gray level 1..Ng, -1 if absent
    std::size_t roiVoxelCount = 0;    ///< PyRadiomics' Np
    /// Maximal runs of consecutive ROI voxels along x, [begin, end) in x, of
    /// every row: row r = y + size[1] * z owns spans rowSpanStart[r] ..
    /// rowSpanStart[r + 1] - 1, so loops can skip the voxels outside the ROI.
    std::vector<std::uint32_t> spanBegin;
    std::vector<std::uint32_t> spanEnd;
    std::vector<std::size_t> rowSpanStart;

    std::vector<int> ownedLevels;  ///< storage when RoiData.grayLevel had values outside the ROI
};

/// Checks `roi` (array sizes, gray levels >= 1 inside the ROI, a non-empty
/// ROI) and returns the grid the texture classes read. Throws InputError
/// naming `className` when the data cannot be used.
/// Returns roi.textureGrid when it was built for this grayLevel array.
TextureGrid makeTextureGrid(const RoiData& roi, const std::string& className);

/// Builds the texture grid once into roi.textureGrid, so that the five texture
/// classes do not each scan the grid for it. Throws as makeTextureGrid does.
void prepareTextureGrid(RoiData& roi);

}  // namespace pulmorad::radiomics

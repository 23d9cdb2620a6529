#include "radiomics/features/texture_common.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace pulmorad::radiomics {

std::vector<FeatureDefinition> sortedDefinitions(const std::vector<TextureFeatureName>& names) {
    std::vector<FeatureDefinition> definitions;
    definitions.reserve(names.size());
    for (const TextureFeatureName& entry : names) {
        definitions.push_back({entry.name, entry.deprecated});
    }
    // Python's dir() sorts method names by code point, so "getIdFeatureValue"
    // precedes "getIdmFeatureValue" ('F' < 'm') and "MCC" precedes "MaximumProbability".
    std::sort(definitions.begin(), definitions.end(),
              [](const FeatureDefinition& a, const FeatureDefinition& b) {
                  return "get" + a.name + "FeatureValue" < "get" + b.name + "FeatureValue";
              });
    return definitions;
}

std::vector<bool> requestedFlags(const std::string& className,
                                 const std::vector<FeatureDefinition>& definitions,
                                 const std::vector<std::string>& requested) {
    std::vector<bool> flags(definitions.size(), false);
    for (const std::string& name : requested) {
        auto found =
            std::find_if(definitions.begin(), definitions.end(),
                         [&](const FeatureDefinition& definition) { return definition.name == name; });
        if (found == definitions.end()) {
            std::string known;
            for (const FeatureDefinition& definition : definitions) {
                known += (known.empty() ? "" : ", ") + definition.name;
            }
            throw InputError("feature '" + name + "' is not a feature of class " + className +
                             "; use one of: " + known);
        }
        flags[static_cast<std::size_t>(found - definitions.begin())] = true;
    }
    return flags;
}

double nanMean(const std::vector<double>& values) {
    double sum = 0.0;
    std::size_t count = 0;
    for (double value : values) {
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    return count == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(count);
}

namespace {

TextureGrid buildTextureGrid(const RoiData& roi, const std::string& className) {
    const std::size_t voxelCount = roi.voxelCount();
    requireInput(roi.grayLevel.size() == voxelCount && roi.roi.size() == voxelCount,
                 className + ": ROI data holds " + std::to_string(roi.grayLevel.size()) +
                     " gray levels and " + std::to_string(roi.roi.size()) + " mask values for a grid of " +
                     std::to_string(voxelCount) +
                     " voxels; discretise the image before computing texture features");

    TextureGrid grid;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        grid.size[axis] = static_cast<std::ptrdiff_t>(roi.size[axis]);
    }
    grid.stride = {1, grid.size[0], grid.size[0] * grid.size[1]};

    // One pass: check the levels, find Ng and the levels present, and whether any level lies outside the ROI.
    bool levelsOutsideRoi = false;
    std::vector<char> present;
    for (std::size_t i = 0; i < voxelCount; ++i) {
        const int level = roi.grayLevel[i];
        if (roi.roi[i] != 0) {
            if (level < 1) {
                throw InputError(className + ": ROI voxel " + std::to_string(i) + " has gray level " +
                                 std::to_string(level) + "; discretised gray levels start at 1");
            }
            if (level > grid.maxGrayLevel) {
                grid.maxGrayLevel = level;
                present.resize(static_cast<std::size_t>(level) + 1, 0);
            }
            present[static_cast<std::size_t>(level)] = 1;
            ++grid.roiVoxelCount;
        } else if (level != 0) {
            levelsOutsideRoi = true;
        }
    }
    requireInput(grid.roiVoxelCount > 0, className + ": the ROI has no voxels; check the mask and label");

    grid.level = roi.grayLevel.data();
    if (levelsOutsideRoi) {
        grid.ownedLevels.resize(voxelCount);
        for (std::size_t i = 0; i < voxelCount; ++i) {
            grid.ownedLevels[i] = roi.roi[i] != 0 ? roi.grayLevel[i] : 0;
        }
        grid.level = grid.ownedLevels.data();
    }

    const auto rows = static_cast<std::size_t>(grid.size[1] * grid.size[2]);
    const auto rowLength = static_cast<std::size_t>(grid.size[0]);
    grid.rowSpanStart.reserve(rows + 1);
    for (std::size_t row = 0; row < rows; ++row) {
        grid.rowSpanStart.push_back(grid.spanBegin.size());
        const int* levels = grid.level + row * rowLength;
        for (std::size_t x = 0; x < rowLength;) {
            if (levels[x] == 0) {
                ++x;
                continue;
            }
            const std::size_t begin = x;
            while (x < rowLength && levels[x] != 0) ++x;
            grid.spanBegin.push_back(static_cast<std::uint32_t>(begin));
            grid.spanEnd.push_back(static_cast<std::uint32_t>(x));
        }
    }
    grid.rowSpanStart.push_back(grid.spanBegin.size());

    grid.rowOfGrayLevel.assign(static_cast<std::size_t>(grid.maxGrayLevel) + 1, -1);
    for (int level = 1; level <= grid.maxGrayLevel; ++level) {
        if (present[static_cast<std::size_t>(level)] != 0) {
            grid.rowOfGrayLevel[static_cast<std::size_t>(level)] = static_cast<int>(grid.grayLevels.size());
            grid.grayLevels.push_back(level);
        }
    }
    return grid;
}

}  // namespace

TextureGrid makeTextureGrid(const RoiData& roi, const std::string& className) {
    if (roi.textureGrid && roi.textureGrid->level == roi.grayLevel.data() &&
        roi.grayLevel.size() == roi.voxelCount() && roi.roi.size() == roi.voxelCount()) {
        return *roi.textureGrid;
    }
    return buildTextureGrid(roi, className);
}

void prepareTextureGrid(RoiData& roi) {
    roi.textureGrid.reset();
    roi.textureGrid = std::make_shared<const TextureGrid>(buildTextureGrid(roi, "texture"));
}

}  // namespace pulmorad::radiomics

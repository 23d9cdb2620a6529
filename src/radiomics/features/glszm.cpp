#include "radiomics/features/glszm.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>

#include "common/errors.h"
#include "radiomics/features/texture_angles.h"

namespace pulmorad::radiomics {

namespace {

/// Zones up to this size are counted in a dense table; larger ones, which are few, in a list.
constexpr std::size_t kDenseZoneSizes = 64;

struct ZoneSet {
    std::vector<ZoneCount> zones;  ///< non-zero elements by gray level, then size
    std::vector<int> grayLevels;   ///< gray levels present in the ROI
    std::size_t roiVoxelCount = 0;
};

/// Root of voxel i's zone, halving the path on the way (parent >= 0 links, parent < 0 marks a root
/// holding minus the zone size).
std::int32_t findRoot(std::vector<std::int32_t>& parent, std::int32_t i) {
    while (parent[static_cast<std::size_t>(i)] >= 0) {
        const std::int32_t up = parent[static_cast<std::size_t>(i)];
        if (parent[static_cast<std::size_t>(up)] >= 0)
            parent[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(up)];
        i = up;
    }
    return i;
}

ZoneSet findZones(const RoiData& roi, const FeatureSettings& settings) {
    const TextureGrid grid = makeTextureGrid(roi, "glszm");
    // Connectivity: the offsets of norm 1 whose first non-zero (z, y, x) component is positive,
    // negated so that they point to voxels earlier in memory. Together with their mirror images, which
    // the later voxel checks, they give all 26 (or 8 with force2D) neighbours.
    std::vector<NeighbourOffset> backward =
        generateAngles(roi.size, {1}, false, settings.force2D, settings.force2Ddimension);
    for (NeighbourOffset& o : backward) o = {-o.x, -o.y, -o.z};
    std::vector<std::ptrdiff_t> delta;
    for (const NeighbourOffset& o : backward) {
        delta.push_back(o.x * grid.stride[0] + o.y * grid.stride[1] + o.z * grid.stride[2]);
    }

    const std::ptrdiff_t sx = grid.size[0], sy = grid.size[1], sz = grid.size[2];
    const std::size_t levels = grid.grayLevels.size();
    const auto voxelCount = static_cast<std::size_t>(sx * sy * sz);
    requireInput(voxelCount < static_cast<std::size_t>(INT32_MAX),
                 "glszm: the ROI grid has " + std::to_string(voxelCount) +
                     " voxels; crop the image to fewer than 2^31 voxels");

    // Union-find over the grid in memory order: each ROI voxel joins the zones of its earlier
    // neighbours with the same gray level (union by size).
    std::vector<std::int32_t> parent(voxelCount, -1);
    for (std::ptrdiff_t z = 0; z < sz; ++z) {
        for (std::ptrdiff_t y = 0; y < sy; ++y) {
            const std::ptrdiff_t rowStart = grid.stride[1] * y + grid.stride[2] * z;
            const auto gridRow = static_cast<std::size_t>(y + sy * z);
            for (std::size_t span = grid.rowSpanStart[gridRow]; span < grid.rowSpanStart[gridRow + 1];
                 ++span) {
                for (std::ptrdiff_t x = grid.spanBegin[span];
                     x < static_cast<std::ptrdiff_t>(grid.spanEnd[span]); ++x) {
                    const std::ptrdiff_t i = rowStart + x;
                    const int level = grid.level[i];
                    const bool interior = x > 0 && x < sx - 1 && y > 0 && y < sy - 1 && z > 0;
                    // The root of voxel i's zone, kept across its neighbours (-1: i is still alone).
                    std::int32_t rootI = -1;
                    for (std::size_t n = 0; n < backward.size(); ++n) {
                        if (!interior) {
                            const std::ptrdiff_t nx = x + backward[n].x, ny = y + backward[n].y,
                                                 nz = z + backward[n].z;
                            if (nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz) continue;
                        }
                        const std::ptrdiff_t j = i + delta[n];
                        if (grid.level[j] != level) continue;
                        if (rootI < 0) {
                            rootI = findRoot(parent, static_cast<std::int32_t>(i));
                        } else if (j == rootI || parent[static_cast<std::size_t>(j)] == rootI) {
                            continue;  // already in i's zone (the common case inside a zone)
                        }
                        std::int32_t rootJ = findRoot(parent, static_cast<std::int32_t>(j));
                        if (rootI == rootJ) continue;
                        if (parent[static_cast<std::size_t>(rootI)] > parent[static_cast<std::size_t>(rootJ)])
                            std::swap(rootI, rootJ);
                        parent[static_cast<std::size_t>(rootI)] += parent[static_cast<std::size_t>(rootJ)];
                        parent[static_cast<std::size_t>(rootJ)] = rootI;
                    }
                }
            }
        }
    }

    // Each root is one zone, and its entry contains minus the zone size.
    std::vector<double> smallZones(levels * kDenseZoneSizes, 0.0);
    std::vector<std::pair<std::size_t, std::size_t>> largeZones;  // (row, size)
    for (std::size_t i = 0; i < voxelCount; ++i) {
        const int level = grid.level[i];
        if (level == 0 || parent[i] >= 0) continue;
        const auto zoneSize = static_cast<std::size_t>(-static_cast<std::int64_t>(parent[i]));
        const auto row = static_cast<std::size_t>(grid.rowOfGrayLevel[level]);
        if (zoneSize <= kDenseZoneSizes) {
            smallZones[row * kDenseZoneSizes + zoneSize - 1] += 1.0;
        } else {
            largeZones.emplace_back(row, zoneSize);
        }
    }

    // Merge the dense table and the sorted list into elements ordered by gray level, then size.
    std::sort(largeZones.begin(), largeZones.end());
    ZoneSet set;
    set.grayLevels = grid.grayLevels;
    set.roiVoxelCount = grid.roiVoxelCount;
    std::size_t next = 0;
    for (std::size_t row = 0; row < levels; ++row) {
        for (std::size_t size = 1; size <= kDenseZoneSizes; ++size) {
            const double count = smallZones[row * kDenseZoneSizes + size - 1];
            if (count > 0.0) set.zones.push_back({grid.grayLevels[row], size, count});
        }
        while (next < largeZones.size() && largeZones[next].first == row) {
            const std::size_t size = largeZones[next].second;
            double count = 0.0;
            while (next < largeZones.size() && largeZones[next] == std::make_pair(row, size)) {
                count += 1.0;
                ++next;
            }
            set.zones.push_back({grid.grayLevels[row], size, count});
        }
    }
    return set;
}

class GlszmClass final : public FeatureClass {
public:
    std::string name() const override { return "glszm"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"SmallAreaEmphasis", false},
                                  {"LargeAreaEmphasis", false},
                                  {"GrayLevelNonUniformity", false},
                                  {"GrayLevelNonUniformityNormalized", false},
                                  {"SizeZoneNonUniformity", false},
                                  {"SizeZoneNonUniformityNormalized", false},
                                  {"ZonePercentage", false},
                                  {"GrayLevelVariance", false},
                                  {"ZoneVariance", false},
                                  {"ZoneEntropy", false},
                                  {"LowGrayLevelZoneEmphasis", false},
                                  {"HighGrayLevelZoneEmphasis", false},
                                  {"SmallAreaLowGrayLevelEmphasis", false},
                                  {"SmallAreaHighGrayLevelEmphasis", false},
                                  {"LargeAreaLowGrayLevelEmphasis", false},
                                  {"LargeAreaHighGrayLevelEmphasis", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> all = definitions();
        const std::vector<bool> flags = requestedFlags(name(), all, requested);
        std::vector<FeatureValue> values;
        if (std::none_of(flags.begin(), flags.end(), [](bool flag) { return flag; })) {
            return values;
        }
        const ZoneSet set = findZones(roi, settings);
        const std::map<std::string, double> features = computeFeatures(set);
        for (std::size_t f = 0; f < all.size(); ++f) {
            if (flags[f]) values.push_back({all[f].name, features.at(all[f].name)});
        }
        return values;
    }

private:
    static std::map<std::string, double> computeFeatures(const ZoneSet& set) {
        // Marginals: p_g over gray levels, p_s over the sizes present (ascending).
        std::map<int, double> pg;
        std::map<std::size_t, double> ps;
        double nz = 0.0;
        for (int level : set.grayLevels) pg[level] = 0.0;
        for (const ZoneCount& zone : set.zones) {
            pg[zone.grayLevel] += zone.count;
            ps[zone.size] += zone.count;
            nz += zone.count;
        }
        if (nz == 0.0) nz = 1.0;  // PyRadiomics' guard; an ROI always has a zone

        std::map<std::string, double> f;
        double sae = 0, lae = 0, szn = 0, muSize = 0;
        for (const auto& [size, count] : ps) {
            const double j = static_cast<double>(size);
            sae += count / (j * j);
            lae += count * (j * j);
            szn += count * count;
            muSize += (count / nz) * j;
        }
        double zoneVariance = 0;
        for (const auto& [size, count] : ps) {
            const double deviation = static_cast<double>(size) - muSize;
            zoneVariance += (count / nz) * deviation * deviation;
        }
        double gln = 0, lglze = 0, hglze = 0, muGray = 0;
        for (const auto& [level, count] : pg) {
            const double i = level;
            gln += count * count;
            lglze += count / (i * i);
            hglze += count * (i * i);
            muGray += (count / nz) * i;
        }
        double grayLevelVariance = 0;
        for (const auto& [level, count] : pg) {
            grayLevelVariance += (count / nz) * (level - muGray) * (level - muGray);
        }
        double entropy = 0, salgle = 0, sahgle = 0, lalgle = 0, lahgle = 0;
        for (const ZoneCount& zone : set.zones) {
            const double i2 = static_cast<double>(zone.grayLevel) * zone.grayLevel;
            const double j2 = static_cast<double>(zone.size) * static_cast<double>(zone.size);
            const double p = zone.count / nz;
            entropy -= p * std::log2(p + kTextureEpsilon);
            salgle += zone.count / (i2 * j2);
            sahgle += zone.count * i2 / j2;
            lalgle += zone.count * j2 / i2;
            lahgle += zone.count * (i2 * j2);
        }

        f["SmallAreaEmphasis"] = sae / nz;
        f["LargeAreaEmphasis"] = lae / nz;
        f["GrayLevelNonUniformity"] = gln / nz;
        f["GrayLevelNonUniformityNormalized"] = gln / (nz * nz);
        f["SizeZoneNonUniformity"] = szn / nz;
        f["SizeZoneNonUniformityNormalized"] = szn / (nz * nz);
        f["ZonePercentage"] = nz / static_cast<double>(set.roiVoxelCount);
        f["GrayLevelVariance"] = grayLevelVariance;
        f["ZoneVariance"] = zoneVariance;
        f["ZoneEntropy"] = entropy;
        f["LowGrayLevelZoneEmphasis"] = lglze / nz;
        f["HighGrayLevelZoneEmphasis"] = hglze / nz;
        f["SmallAreaLowGrayLevelEmphasis"] = salgle / nz;
        f["SmallAreaHighGrayLevelEmphasis"] = sahgle / nz;
        f["LargeAreaLowGrayLevelEmphasis"] = lalgle / nz;
        f["LargeAreaHighGrayLevelEmphasis"] = lahgle / nz;
        return f;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeGlszmClass() { return std::make_unique<GlszmClass>(); }

std::vector<ZoneCount> computeGlszmZones(const RoiData& roi, const FeatureSettings& settings) {
    return findZones(roi, settings).zones;
}

TextureMatrix computeGlszmMatrix(const RoiData& roi, const FeatureSettings& settings) {
    const ZoneSet set = findZones(roi, settings);
    std::vector<std::size_t> sizes;
    for (const ZoneCount& zone : set.zones) sizes.push_back(zone.size);
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());

    TextureMatrix matrix;
    matrix.shape = {set.grayLevels.size(), sizes.size()};
    matrix.values.assign(set.grayLevels.size() * sizes.size(), 0.0);
    for (const ZoneCount& zone : set.zones) {
        const auto row = static_cast<std::size_t>(
            std::lower_bound(set.grayLevels.begin(), set.grayLevels.end(), zone.grayLevel) -
            set.grayLevels.begin());
        const auto column =
            static_cast<std::size_t>(std::lower_bound(sizes.begin(), sizes.end(), zone.size) - sizes.begin());
        matrix.values[row * sizes.size() + column] = zone.count;
    }
    return matrix;
}

}  // namespace pulmorad::radiomics

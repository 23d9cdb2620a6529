#include "radiomics/features/glrlm.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "radiomics/features/texture_angles.h"

namespace pulmorad::radiomics {

namespace {

/// Run-length matrices, one per remaining angle, over the gray levels and run lengths present.
struct GlrlmSet {
    std::vector<double> grayValues;  ///< gray level of each row
    std::vector<double> runLengths;  ///< run length of each column
    std::size_t angleCount = 0;
    std::vector<double> counts;    ///< [angle][i][j]
    std::vector<double> runCount;  ///< N_r per angle
    std::size_t roiVoxelCount = 0;

    std::size_t cells() const { return grayValues.size() * runLengths.size(); }
    const double* angle(std::size_t a) const { return counts.data() + a * cells(); }
};

/// Runs along one offset, stored run length major: runs[(length - 1) * levels + row].
struct AngleRuns {
    std::vector<double> runs;
    std::size_t longestRun = 0;
};

/// Finds every run along `offset` (whose first non-zero (z, y, x) component is positive, so the voxel
/// before i along the offset precedes it in memory). One pass in memory order: runLength holds the
/// length of the run up to each voxel, and a run is counted where the next voxel along the offset does
/// not continue it. The voxel before i lies in the same slice or in the previous one, so runLength
/// keeps two slices (indexed by z parity) and stays in cache instead of spanning the grid.
AngleRuns countRuns(const TextureGrid& grid, const NeighbourOffset& offset) {
    const std::size_t levels = grid.grayLevels.size();
    const std::ptrdiff_t sx = grid.size[0], sy = grid.size[1], sz = grid.size[2];
    if (offset.z < 0 || offset.z > 1 || (offset.z == 0 && offset.y < 0) ||
        (offset.z == 0 && offset.y == 0 && offset.x != 1) || std::abs(offset.x) > 1 ||
        std::abs(offset.y) > 1) {
        throw std::logic_error(
            "glrlm: run offsets must be unit steps whose first non-zero (z, y, x) "
            "component is positive");
    }
    const std::ptrdiff_t delta =
        offset.x * grid.stride[0] + offset.y * grid.stride[1] + offset.z * grid.stride[2];
    // The in-slice part of delta: the voxel before i is entry p - inSliceDelta of its slice's buffer.
    const std::ptrdiff_t inSliceDelta = offset.x * grid.stride[0] + offset.y * grid.stride[1];
    const auto inRange = [](std::ptrdiff_t value, std::ptrdiff_t extent) {
        return value >= 0 && value < extent;
    };

    AngleRuns result;
    const auto sliceSize = static_cast<std::size_t>(sx * sy);
    const auto longestLine = static_cast<std::size_t>(std::max({sx, sy, sz}));
    // Integer run counts [length - 1][row]; a run is never longer than the longest grid line.
    std::vector<std::uint32_t> counts(longestLine * levels, 0);
    const auto runLength = std::make_unique<std::uint32_t[]>(2 * sliceSize);
    bool twoRoiVoxelsOnALine = false;  // PyRadiomics drops the angle when no line has two ROI voxels
    // Only the ROI spans of each row are visited; the inner loop has no data-dependent branch, since a
    // neighbour outside the grid counts as level 0, which never continues a run.
    for (std::ptrdiff_t z = 0; z < sz; ++z) {
        const bool previousZ = inRange(z - offset.z, sz), nextZ = inRange(z + offset.z, sz);
        std::uint32_t* current = runLength.get() + static_cast<std::size_t>(z & 1) * sliceSize;
        const std::uint32_t* before =
            offset.z == 0 ? current : runLength.get() + static_cast<std::size_t>((z - 1) & 1) * sliceSize;
        for (std::ptrdiff_t y = 0; y < sy; ++y) {
            const bool previousYz = previousZ && inRange(y - offset.y, sy);
            const bool nextYz = nextZ && inRange(y + offset.y, sy);
            const std::ptrdiff_t rowStart = grid.stride[1] * y + grid.stride[2] * z;
            const std::ptrdiff_t sliceRowStart = grid.stride[1] * y;
            const auto gridRow = static_cast<std::size_t>(y + sy * z);
            for (std::size_t span = grid.rowSpanStart[gridRow]; span < grid.rowSpanStart[gridRow + 1];
                 ++span) {
                for (std::ptrdiff_t x = grid.spanBegin[span];
                     x < static_cast<std::ptrdiff_t>(grid.spanEnd[span]); ++x) {
                    const std::ptrdiff_t i = rowStart + x;
                    const int level = grid.level[i];
                    const bool hasPrevious = previousYz && inRange(x - offset.x, sx);
                    const bool hasNext = nextYz && inRange(x + offset.x, sx);
                    const std::ptrdiff_t p = sliceRowStart + x;

                    const int previousLevel = hasPrevious ? grid.level[i - delta] : 0;
                    const int nextLevel = hasNext ? grid.level[i + delta] : 0;
                    twoRoiVoxelsOnALine |= previousLevel != 0;
                    const std::uint32_t previousLength = before[hasPrevious ? p - inSliceDelta : p];
                    const std::uint32_t length = 1 + (previousLevel == level ? previousLength : 0);
                    current[static_cast<std::size_t>(p)] = length;
                    // Count the run where the next voxel does not continue it.
                    counts[(length - 1) * levels + static_cast<std::size_t>(grid.rowOfGrayLevel[level])] +=
                        nextLevel != level ? 1U : 0U;
                }
            }
        }
    }
    for (std::size_t length = longestLine; length > 0 && result.longestRun == 0; --length) {
        for (std::size_t row = 0; row < levels; ++row) {
            if (counts[(length - 1) * levels + row] != 0) {
                result.longestRun = length;
                break;
            }
        }
    }
    result.runs.assign(counts.begin(),
                       counts.begin() + static_cast<std::ptrdiff_t>(result.longestRun * levels));

    // Rare case: no two ROI voxels are adjacent along the offset. Look for two ROI voxels on one line
    // with non-ROI voxels between them before deciding that the angle is empty.
    const auto inside = [&](std::ptrdiff_t x, std::ptrdiff_t y, std::ptrdiff_t z) {
        return inRange(x, sx) && inRange(y, sy) && inRange(z, sz);
    };
    for (std::ptrdiff_t z = 0; z < sz && !twoRoiVoxelsOnALine; ++z) {
        for (std::ptrdiff_t y = 0; y < sy && !twoRoiVoxelsOnALine; ++y) {
            for (std::ptrdiff_t x = 0; x < sx && !twoRoiVoxelsOnALine; ++x) {
                if (grid.level[x + sx * (y + sy * z)] == 0) continue;
                for (std::ptrdiff_t cx = x + offset.x, cy = y + offset.y, cz = z + offset.z;
                     inside(cx, cy, cz); cx += offset.x, cy += offset.y, cz += offset.z) {
                    if (grid.level[cx + sx * (cy + sy * cz)] != 0) {
                        twoRoiVoxelsOnALine = true;
                        break;
                    }
                }
            }
        }
    }
    if (!twoRoiVoxelsOnALine) {
        std::fill(result.runs.begin(), result.runs.end(), 0.0);
    }
    return result;
}

GlrlmSet buildGlrlms(const RoiData& roi, const FeatureSettings& settings) {
    const TextureGrid grid = makeTextureGrid(roi, "glrlm");
    // PyRadiomics builds run lengths for distance 1 only, whatever `distances` contains.
    const std::vector<NeighbourOffset> angles =
        generateAngles(roi.size, {1}, false, settings.force2D, settings.force2Ddimension);
    const std::size_t levels = grid.grayLevels.size();

    std::vector<AngleRuns> perAngle(angles.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, angles.size()),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t a = r.begin(); a < r.end(); ++a)
                              perAngle[a] = countRuns(grid, angles[a]);
                      });
    std::size_t longestRun = 0;
    for (const AngleRuns& runs : perAngle) longestRun = std::max(longestRun, runs.longestRun);

    // Dense [angle][row][length - 1] matrices sized by the longest run found.
    std::size_t angleCount = angles.size();
    std::vector<double> dense(angleCount * levels * longestRun, 0.0);
    for (std::size_t a = 0; a < angleCount; ++a) {
        const AngleRuns& runs = perAngle[a];
        for (std::size_t length = 0; length < runs.longestRun; ++length) {
            for (std::size_t row = 0; row < levels; ++row) {
                dense[(a * levels + row) * longestRun + length] = runs.runs[length * levels + row];
            }
        }
    }
    if (!settings.weightingNorm.empty()) {
        std::vector<double> weighted(levels * longestRun, 0.0);
        for (std::size_t a = 0; a < angleCount; ++a) {
            const double weight = offsetDistance(angles[a], roi.spacing, settings.weightingNorm);
            for (std::size_t c = 0; c < weighted.size(); ++c)
                weighted[c] += dense[a * weighted.size() + c] * weight;
        }
        dense.swap(weighted);
        angleCount = 1;
    }

    // Drop empty angles (only when there is more than one), then run lengths absent from all angles.
    const std::size_t cellsPerAngle = levels * longestRun;
    std::vector<std::size_t> keptAngles;
    std::vector<double> runCount;
    for (std::size_t a = 0; a < angleCount; ++a) {
        double sum = 0.0;
        for (std::size_t c = 0; c < cellsPerAngle; ++c) sum += dense[a * cellsPerAngle + c];
        if (sum == 0.0 && angleCount > 1) continue;
        keptAngles.push_back(a);
        runCount.push_back(sum == 0.0 ? std::numeric_limits<double>::quiet_NaN() : sum);
    }
    std::vector<std::size_t> keptLengths;
    for (std::size_t length = 0; length < longestRun; ++length) {
        bool present = false;
        for (std::size_t a : keptAngles) {
            for (std::size_t row = 0; row < levels && !present; ++row) {
                present = dense[a * cellsPerAngle + row * longestRun + length] != 0.0;
            }
        }
        if (present) keptLengths.push_back(length);
    }

    GlrlmSet set;
    set.grayValues.assign(grid.grayLevels.begin(), grid.grayLevels.end());
    for (std::size_t length : keptLengths) set.runLengths.push_back(static_cast<double>(length + 1));
    set.angleCount = keptAngles.size();
    set.runCount = runCount;
    set.roiVoxelCount = grid.roiVoxelCount;
    for (std::size_t a : keptAngles) {
        for (std::size_t row = 0; row < levels; ++row) {
            for (std::size_t length : keptLengths) {
                set.counts.push_back(dense[a * cellsPerAngle + row * longestRun + length]);
            }
        }
    }
    return set;
}

/// The per-angle values of every GLRLM feature.
struct GlrlmAngleValues {
    double shortRunEmphasis = 0, longRunEmphasis = 0, grayLevelNonUniformity = 0,
           grayLevelNonUniformityNormalized = 0, runLengthNonUniformity = 0,
           runLengthNonUniformityNormalized = 0, runPercentage = 0, grayLevelVariance = 0, runVariance = 0,
           runEntropy = 0, lowGrayLevelRunEmphasis = 0, highGrayLevelRunEmphasis = 0,
           shortRunLowGrayLevelEmphasis = 0, shortRunHighGrayLevelEmphasis = 0,
           longRunLowGrayLevelEmphasis = 0, longRunHighGrayLevelEmphasis = 0;
};

GlrlmAngleValues computeAngleValues(const GlrlmSet& set, std::size_t a) {
    const std::vector<double>& iv = set.grayValues;
    const std::vector<double>& jv = set.runLengths;
    const std::size_t rows = iv.size(), columns = jv.size();
    const double* p = set.angle(a);
    const double nr = set.runCount[a];
    GlrlmAngleValues out;

    std::vector<double> pg(rows, 0.0), pr(columns, 0.0);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns; ++j) {
            pg[i] += p[i * columns + j];
            pr[j] += p[i * columns + j];
        }
    }

    double voxels = 0.0, muRun = 0.0;
    for (std::size_t j = 0; j < columns; ++j) {
        out.shortRunEmphasis += pr[j] / (jv[j] * jv[j]);
        out.longRunEmphasis += pr[j] * (jv[j] * jv[j]);
        out.runLengthNonUniformity += pr[j] * pr[j];
        voxels += pr[j] * jv[j];
        muRun += (pr[j] / nr) * jv[j];
    }
    for (std::size_t j = 0; j < columns; ++j) {
        out.runVariance += (pr[j] / nr) * (jv[j] - muRun) * (jv[j] - muRun);
    }
    double muGray = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
        out.grayLevelNonUniformity += pg[i] * pg[i];
        out.lowGrayLevelRunEmphasis += pg[i] / (iv[i] * iv[i]);
        out.highGrayLevelRunEmphasis += pg[i] * (iv[i] * iv[i]);
        muGray += (pg[i] / nr) * iv[i];
    }
    for (std::size_t i = 0; i < rows; ++i) {
        out.grayLevelVariance += (pg[i] / nr) * (iv[i] - muGray) * (iv[i] - muGray);
    }
    for (std::size_t i = 0; i < rows; ++i) {
        const double i2 = iv[i] * iv[i];
        for (std::size_t j = 0; j < columns; ++j) {
            const double value = p[i * columns + j];
            const double j2 = jv[j] * jv[j];
            const double probability = value / nr;
            out.runEntropy -= probability * std::log2(probability + kTextureEpsilon);
            out.shortRunLowGrayLevelEmphasis += value / (i2 * j2);
            out.shortRunHighGrayLevelEmphasis += value * i2 / j2;
            out.longRunLowGrayLevelEmphasis += value * j2 / i2;
            out.longRunHighGrayLevelEmphasis += value * (j2 * i2);
        }
    }

    out.shortRunEmphasis /= nr;
    out.longRunEmphasis /= nr;
    out.grayLevelNonUniformityNormalized = out.grayLevelNonUniformity / (nr * nr);
    out.grayLevelNonUniformity /= nr;
    out.runLengthNonUniformityNormalized = out.runLengthNonUniformity / (nr * nr);
    out.runLengthNonUniformity /= nr;
    out.runPercentage = nr / voxels;
    out.lowGrayLevelRunEmphasis /= nr;
    out.highGrayLevelRunEmphasis /= nr;
    out.shortRunLowGrayLevelEmphasis /= nr;
    out.shortRunHighGrayLevelEmphasis /= nr;
    out.longRunLowGrayLevelEmphasis /= nr;
    out.longRunHighGrayLevelEmphasis /= nr;
    return out;
}

class GlrlmClass final : public FeatureClass {
public:
    std::string name() const override { return "glrlm"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"ShortRunEmphasis", false},
                                  {"LongRunEmphasis", false},
                                  {"GrayLevelNonUniformity", false},
                                  {"GrayLevelNonUniformityNormalized", false},
                                  {"RunLengthNonUniformity", false},
                                  {"RunLengthNonUniformityNormalized", false},
                                  {"RunPercentage", false},
                                  {"GrayLevelVariance", false},
                                  {"RunVariance", false},
                                  {"RunEntropy", false},
                                  {"LowGrayLevelRunEmphasis", false},
                                  {"HighGrayLevelRunEmphasis", false},
                                  {"ShortRunLowGrayLevelEmphasis", false},
                                  {"ShortRunHighGrayLevelEmphasis", false},
                                  {"LongRunLowGrayLevelEmphasis", false},
                                  {"LongRunHighGrayLevelEmphasis", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> all = definitions();
        const std::vector<bool> flags = requestedFlags(name(), all, requested);
        std::vector<FeatureValue> values;
        if (std::none_of(flags.begin(), flags.end(), [](bool flag) { return flag; })) {
            return values;
        }

        const GlrlmSet set = buildGlrlms(roi, settings);
        std::vector<GlrlmAngleValues> perAngle;
        for (std::size_t a = 0; a < set.angleCount; ++a) perAngle.push_back(computeAngleValues(set, a));

        using Member = double GlrlmAngleValues::*;
        const std::map<std::string, Member> members{
            {"ShortRunEmphasis", &GlrlmAngleValues::shortRunEmphasis},
            {"LongRunEmphasis", &GlrlmAngleValues::longRunEmphasis},
            {"GrayLevelNonUniformity", &GlrlmAngleValues::grayLevelNonUniformity},
            {"GrayLevelNonUniformityNormalized", &GlrlmAngleValues::grayLevelNonUniformityNormalized},
            {"RunLengthNonUniformity", &GlrlmAngleValues::runLengthNonUniformity},
            {"RunLengthNonUniformityNormalized", &GlrlmAngleValues::runLengthNonUniformityNormalized},
            {"RunPercentage", &GlrlmAngleValues::runPercentage},
            {"GrayLevelVariance", &GlrlmAngleValues::grayLevelVariance},
            {"RunVariance", &GlrlmAngleValues::runVariance},
            {"RunEntropy", &GlrlmAngleValues::runEntropy},
            {"LowGrayLevelRunEmphasis", &GlrlmAngleValues::lowGrayLevelRunEmphasis},
            {"HighGrayLevelRunEmphasis", &GlrlmAngleValues::highGrayLevelRunEmphasis},
            {"ShortRunLowGrayLevelEmphasis", &GlrlmAngleValues::shortRunLowGrayLevelEmphasis},
            {"ShortRunHighGrayLevelEmphasis", &GlrlmAngleValues::shortRunHighGrayLevelEmphasis},
            {"LongRunLowGrayLevelEmphasis", &GlrlmAngleValues::longRunLowGrayLevelEmphasis},
            {"LongRunHighGrayLevelEmphasis", &GlrlmAngleValues::longRunHighGrayLevelEmphasis}};

        for (std::size_t f = 0; f < all.size(); ++f) {
            if (!flags[f]) continue;
            std::vector<double> series;
            for (const GlrlmAngleValues& angle : perAngle) series.push_back(angle.*members.at(all[f].name));
            values.push_back({all[f].name, nanMean(series)});
        }
        return values;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeGlrlmClass() { return std::make_unique<GlrlmClass>(); }

TextureMatrix computeGlrlmMatrix(const RoiData& roi, const FeatureSettings& settings) {
    const GlrlmSet set = buildGlrlms(roi, settings);
    const std::size_t rows = set.grayValues.size(), columns = set.runLengths.size();
    TextureMatrix matrix;
    matrix.shape = {rows, columns, set.angleCount};
    matrix.values.resize(rows * columns * set.angleCount);
    for (std::size_t a = 0; a < set.angleCount; ++a) {
        for (std::size_t c = 0; c < rows * columns; ++c)
            matrix.values[c * set.angleCount + a] = set.angle(a)[c];
    }
    return matrix;
}

}  // namespace pulmorad::radiomics

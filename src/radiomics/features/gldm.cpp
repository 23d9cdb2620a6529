#include "radiomics/features/gldm.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include <spdlog/spdlog.h>

#include "radiomics/features/texture_angles.h"

namespace pulmorad::radiomics {

namespace {

/// The GLDM over the gray levels and dependence sizes present.
struct GldmSet {
    std::vector<double> grayValues;       ///< gray level of each row
    std::vector<double> dependenceSizes;  ///< j of each column: dependent neighbours + 1
    std::vector<double> counts;           ///< [i][j]
    std::size_t roiVoxelCount = 0;
};

GldmSet buildGldm(const RoiData& roi, const FeatureSettings& settings) {
    const TextureGrid grid = makeTextureGrid(roi, "gldm");
    const std::vector<NeighbourOffset> offsets =
        generateAngles(roi.size, settings.distances, true, settings.force2D, settings.force2Ddimension);
    const std::size_t levels = grid.grayLevels.size();
    const std::size_t columns = offsets.size() + 1;
    const double alpha = settings.gldmA;

    std::vector<double> dense(levels * columns, 0.0);
    forEachNeighbourhood(
        grid, offsets, [&](std::size_t, int level, const int* neighbours, std::size_t count) {
            std::size_t dependent = 0;
            for (std::size_t n = 0; n < count; ++n) {
                if (neighbours[n] != 0 && std::abs(level - neighbours[n]) <= alpha) ++dependent;
            }
            dense[static_cast<std::size_t>(grid.rowOfGrayLevel[level]) * columns + dependent] += 1.0;
        });

    std::vector<std::size_t> keptColumns;
    for (std::size_t column = 0; column < columns; ++column) {
        for (std::size_t row = 0; row < levels; ++row) {
            if (dense[row * columns + column] != 0.0) {
                keptColumns.push_back(column);
                break;
            }
        }
    }
    GldmSet set;
    set.grayValues.assign(grid.grayLevels.begin(), grid.grayLevels.end());
    for (std::size_t column : keptColumns) set.dependenceSizes.push_back(static_cast<double>(column + 1));
    for (std::size_t row = 0; row < levels; ++row) {
        for (std::size_t column : keptColumns) set.counts.push_back(dense[row * columns + column]);
    }
    set.roiVoxelCount = grid.roiVoxelCount;
    return set;
}

std::map<std::string, double> computeFeatures(const GldmSet& set) {
    const std::vector<double>& iv = set.grayValues;
    const std::vector<double>& jv = set.dependenceSizes;
    const std::size_t rows = iv.size(), columns = jv.size();
    const double nz = static_cast<double>(set.roiVoxelCount);

    std::vector<double> pg(rows, 0.0), pd(columns, 0.0);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns; ++j) {
            pg[i] += set.counts[i * columns + j];
            pd[j] += set.counts[i * columns + j];
        }
    }

    double sde = 0, lde = 0, dn = 0, muDependence = 0;
    for (std::size_t j = 0; j < columns; ++j) {
        sde += pd[j] / (jv[j] * jv[j]);
        lde += pd[j] * (jv[j] * jv[j]);
        dn += pd[j] * pd[j];
        muDependence += (pd[j] / nz) * jv[j];
    }
    double dependenceVariance = 0;
    for (std::size_t j = 0; j < columns; ++j) {
        dependenceVariance += (pd[j] / nz) * (jv[j] - muDependence) * (jv[j] - muDependence);
    }
    double gln = 0, lgle = 0, hgle = 0, muGray = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        gln += pg[i] * pg[i];
        lgle += pg[i] / (iv[i] * iv[i]);
        hgle += pg[i] * (iv[i] * iv[i]);
        muGray += (pg[i] / nz) * iv[i];
    }
    double grayLevelVariance = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        grayLevelVariance += (pg[i] / nz) * (iv[i] - muGray) * (iv[i] - muGray);
    }
    double entropy = 0, sdlgle = 0, sdhgle = 0, ldlgle = 0, ldhgle = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const double i2 = iv[i] * iv[i];
        for (std::size_t j = 0; j < columns; ++j) {
            const double value = set.counts[i * columns + j];
            const double j2 = jv[j] * jv[j];
            const double p = value / nz;
            entropy -= p * std::log2(p + kTextureEpsilon);
            sdlgle += value / (i2 * j2);
            sdhgle += value * i2 / j2;
            ldlgle += value * j2 / i2;
            ldhgle += value * (j2 * i2);
        }
    }

    return {{"SmallDependenceEmphasis", sde / nz},
            {"LargeDependenceEmphasis", lde / nz},
            {"GrayLevelNonUniformity", gln / nz},
            {"DependenceNonUniformity", dn / nz},
            {"DependenceNonUniformityNormalized", dn / (nz * nz)},
            {"GrayLevelVariance", grayLevelVariance},
            {"DependenceVariance", dependenceVariance},
            {"DependenceEntropy", entropy},
            {"LowGrayLevelEmphasis", lgle / nz},
            {"HighGrayLevelEmphasis", hgle / nz},
            {"SmallDependenceLowGrayLevelEmphasis", sdlgle / nz},
            {"SmallDependenceHighGrayLevelEmphasis", sdhgle / nz},
            {"LargeDependenceLowGrayLevelEmphasis", ldlgle / nz},
            {"LargeDependenceHighGrayLevelEmphasis", ldhgle / nz}};
}

class GldmClass final : public FeatureClass {
public:
    std::string name() const override { return "gldm"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"SmallDependenceEmphasis", false},
                                  {"LargeDependenceEmphasis", false},
                                  {"GrayLevelNonUniformity", false},
                                  {"GrayLevelNonUniformityNormalized", true},
                                  {"DependenceNonUniformity", false},
                                  {"DependenceNonUniformityNormalized", false},
                                  {"GrayLevelVariance", false},
                                  {"DependenceVariance", false},
                                  {"DependenceEntropy", false},
                                  {"DependencePercentage", true},
                                  {"LowGrayLevelEmphasis", false},
                                  {"HighGrayLevelEmphasis", false},
                                  {"SmallDependenceLowGrayLevelEmphasis", false},
                                  {"SmallDependenceHighGrayLevelEmphasis", false},
                                  {"LargeDependenceLowGrayLevelEmphasis", false},
                                  {"LargeDependenceHighGrayLevelEmphasis", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> all = definitions();
        const std::vector<bool> flags = requestedFlags(name(), all, requested);
        std::vector<FeatureValue> values;
        if (std::none_of(flags.begin(), flags.end(), [](bool flag) { return flag; })) {
            return values;
        }
        const std::map<std::string, double> features = computeFeatures(buildGldm(roi, settings));
        for (std::size_t f = 0; f < all.size(); ++f) {
            if (!flags[f]) continue;
            if (all[f].deprecated) {
                spdlog::warn("gldm: {} is deprecated in PyRadiomics, which computes no value for it",
                             all[f].name);
                continue;
            }
            values.push_back({all[f].name, features.at(all[f].name)});
        }
        return values;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeGldmClass() { return std::make_unique<GldmClass>(); }

TextureMatrix computeGldmMatrix(const RoiData& roi, const FeatureSettings& settings) {
    GldmSet set = buildGldm(roi, settings);
    TextureMatrix matrix;
    matrix.shape = {set.grayValues.size(), set.dependenceSizes.size()};
    matrix.values = std::move(set.counts);
    return matrix;
}

}  // namespace pulmorad::radiomics

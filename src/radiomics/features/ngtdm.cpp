#include "radiomics/features/ngtdm.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "radiomics/features/texture_angles.h"

namespace pulmorad::radiomics {

namespace {

/// Rows (n_i, s_i, i) for the gray levels present.
struct NgtdmRows {
    std::vector<double> count;       ///< n_i
    std::vector<double> difference;  ///< s_i
    std::vector<double> grayValue;   ///< i
};

NgtdmRows buildNgtdm(const RoiData& roi, const FeatureSettings& settings) {
    const TextureGrid grid = makeTextureGrid(roi, "ngtdm");
    const std::vector<NeighbourOffset> offsets =
        generateAngles(roi.size, settings.distances, true, settings.force2D, settings.force2Ddimension);
    const std::size_t levels = grid.grayLevels.size();

    NgtdmRows rows;
    rows.count.assign(levels, 0.0);
    rows.difference.assign(levels, 0.0);
    // Accumulated in memory order with the same operations as PyRadiomics, so s_i rounds identically.
    forEachNeighbourhood(
        grid, offsets, [&](std::size_t, int level, const int* neighbours, std::size_t count) {
            double inRoi = 0.0;
            double sum = 0.0;
            for (std::size_t n = 0; n < count; ++n) {
                if (neighbours[n] != 0) {
                    inRoi += 1.0;
                    sum += neighbours[n];
                }
            }
            const double difference = inRoi == 0.0 ? 0.0 : std::abs(static_cast<double>(level) - sum / inRoi);
            const auto row = static_cast<std::size_t>(grid.rowOfGrayLevel[level]);
            rows.count[row] += 1.0;
            rows.difference[row] += difference;
        });
    rows.grayValue.assign(grid.grayLevels.begin(), grid.grayLevels.end());
    return rows;
}

std::map<std::string, double> computeFeatures(const NgtdmRows& rows) {
    const std::size_t n = rows.count.size();
    const std::vector<double>& s = rows.difference;
    const std::vector<double>& v = rows.grayValue;
    double nvp = 0.0;
    for (double count : rows.count) nvp += count;
    std::vector<double> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = rows.count[i] / nvp;

    double sumPs = 0.0, sumS = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        sumPs += p[i] * s[i];
        sumS += s[i];
    }
    double contrastSum = 0.0, absoluteDifference = 0.0, complexity = 0.0, strength = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double d = v[i] - v[j];
            contrastSum += p[i] * p[j] * (d * d);
            absoluteDifference += std::abs(v[i] * p[i] - v[j] * p[j]);
            complexity += std::abs(d) * ((p[i] * s[i] + p[j] * s[j]) / (p[i] + p[j]));
            strength += (p[i] + p[j]) * (d * d);
        }
    }
    const double ngp = static_cast<double>(n);
    return {{"Coarseness", sumPs == 0.0 ? 1e6 : 1.0 / sumPs},
            {"Contrast", n <= 1 ? 0.0 : (contrastSum / (ngp * (ngp - 1.0))) * (sumS / nvp)},
            {"Busyness", absoluteDifference == 0.0 ? 0.0 : sumPs / absoluteDifference},
            {"Complexity", complexity / nvp},
            {"Strength", sumS == 0.0 ? 0.0 : strength / sumS}};
}

class NgtdmClass final : public FeatureClass {
public:
    std::string name() const override { return "ngtdm"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"Coarseness", false},
                                  {"Contrast", false},
                                  {"Busyness", false},
                                  {"Complexity", false},
                                  {"Strength", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> all = definitions();
        const std::vector<bool> flags = requestedFlags(name(), all, requested);
        std::vector<FeatureValue> values;
        if (std::none_of(flags.begin(), flags.end(), [](bool flag) { return flag; })) {
            return values;
        }
        const std::map<std::string, double> features = computeFeatures(buildNgtdm(roi, settings));
        for (std::size_t f = 0; f < all.size(); ++f) {
            if (flags[f]) values.push_back({all[f].name, features.at(all[f].name)});
        }
        return values;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeNgtdmClass() { return std::make_unique<NgtdmClass>(); }

TextureMatrix computeNgtdmMatrix(const RoiData& roi, const FeatureSettings& settings) {
    const NgtdmRows rows = buildNgtdm(roi, settings);
    TextureMatrix matrix;
    matrix.shape = {rows.count.size(), 3};
    for (std::size_t i = 0; i < rows.count.size(); ++i) {
        matrix.values.insert(matrix.values.end(), {rows.count[i], rows.difference[i], rows.grayValue[i]});
    }
    return matrix;
}

}  // namespace pulmorad::radiomics

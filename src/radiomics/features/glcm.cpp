#include "radiomics/features/glcm.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <map>
#include <numbers>

#include <spdlog/spdlog.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <Eigen/Eigenvalues>

#include "radiomics/features/texture_angles.h"

namespace pulmorad::radiomics {

namespace {

/// Normalised GLCMs, one per remaining angle, over the gray levels present in the ROI.
struct GlcmSet {
    int maxGrayLevel = 0;            ///< Ng
    std::vector<double> grayValues;  ///< gray level of each row and column
    std::size_t angleCount = 0;
    std::vector<double> probability;  ///< [angle][i][j]

    std::size_t levelCount() const { return grayValues.size(); }
    const double* angle(std::size_t a) const { return probability.data() + a * levelCount() * levelCount(); }
};

/// PyRadiomics' GLCM weight for an offset: exp(-d^2), with d^2 computed as PyRadiomics does per norm.
double glcmWeight(const NeighbourOffset& offset, const std::array<double, 3>& spacing,
                  const std::string& norm) {
    if (norm == "euclidean") {
        const double ax = std::abs(offset.x) * spacing[0];
        const double ay = std::abs(offset.y) * spacing[1];
        const double az = std::abs(offset.z) * spacing[2];
        return std::exp(-(az * az + ay * ay + ax * ax));  // the square of the root, without taking the root
    }
    if (norm == "no_weighting") {
        return 1.0;
    }
    const double distance = offsetDistance(offset, spacing, norm);
    return std::exp(-(distance * distance));
}

/// Counts co-occurrences for one offset into `counts` (levels x levels, rows = centre voxel).
void countCooccurrences(const TextureGrid& grid, const NeighbourOffset& offset, double* counts) {
    const std::size_t levels = grid.grayLevels.size();
    const std::ptrdiff_t delta =
        offset.x * grid.stride[0] + offset.y * grid.stride[1] + offset.z * grid.stride[2];
    // Restrict each axis so that the neighbour stays inside the grid.
    const auto first = [](int step) { return std::max<std::ptrdiff_t>(0, -step); };
    const auto last = [](int step, std::ptrdiff_t extent) { return std::min(extent, extent - step); };
    const int* row = grid.rowOfGrayLevel.data();
    const std::ptrdiff_t xFirst = first(offset.x), xLast = last(offset.x, grid.size[0]);
    for (std::ptrdiff_t z = first(offset.z); z < last(offset.z, grid.size[2]); ++z) {
        for (std::ptrdiff_t y = first(offset.y); y < last(offset.y, grid.size[1]); ++y) {
            const std::ptrdiff_t rowStart = y * grid.stride[1] + z * grid.stride[2];
            const auto gridRow = static_cast<std::size_t>(y + grid.size[1] * z);
            // Only the ROI spans of the row: other centre voxels have level 0 and add nothing.
            for (std::size_t span = grid.rowSpanStart[gridRow]; span < grid.rowSpanStart[gridRow + 1];
                 ++span) {
                const std::ptrdiff_t xBegin = std::max<std::ptrdiff_t>(grid.spanBegin[span], xFirst);
                const std::ptrdiff_t xEnd = std::min<std::ptrdiff_t>(grid.spanEnd[span], xLast);
                for (std::ptrdiff_t x = xBegin; x < xEnd; ++x) {
                    const std::ptrdiff_t i = rowStart + x;
                    const int neighbour = grid.level[i + delta];
                    if (neighbour != 0) {
                        counts[static_cast<std::size_t>(row[grid.level[i]]) * levels +
                               static_cast<std::size_t>(row[neighbour])] += 1.0;
                    }
                }
            }
        }
    }
}

GlcmSet buildGlcms(const RoiData& roi, const FeatureSettings& settings) {
    const TextureGrid grid = makeTextureGrid(roi, "glcm");
    const std::vector<NeighbourOffset> angles =
        generateAngles(roi.size, settings.distances, false, settings.force2D, settings.force2Ddimension);
    const std::size_t levels = grid.grayLevels.size();
    const std::size_t cells = levels * levels;

    // One matrix per angle; angles are independent, so the parallel loop is deterministic.
    std::vector<double> counts(angles.size() * cells, 0.0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, angles.size()),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t a = r.begin(); a < r.end(); ++a) {
                              countCooccurrences(grid, angles[a], counts.data() + a * cells);
                          }
                      });

    if (settings.symmetricalGLCM) {
        for (std::size_t a = 0; a < angles.size(); ++a) {
            double* m = counts.data() + a * cells;
            for (std::size_t i = 0; i < levels; ++i) {
                m[i * levels + i] *= 2.0;
                for (std::size_t j = i + 1; j < levels; ++j) {
                    const double sum = m[i * levels + j] + m[j * levels + i];
                    m[i * levels + j] = sum;
                    m[j * levels + i] = sum;
                }
            }
        }
    }

    std::size_t angleCount = angles.size();
    if (!settings.weightingNorm.empty()) {
        std::vector<double> weighted(cells, 0.0);
        for (std::size_t a = 0; a < angles.size(); ++a) {
            const double weight = glcmWeight(angles[a], roi.spacing, settings.weightingNorm);
            for (std::size_t c = 0; c < cells; ++c) {
                weighted[c] += counts[a * cells + c] * weight;
            }
        }
        counts.swap(weighted);
        angleCount = 1;
    }

    // Drop empty angles (only when there is more than one), then normalise each matrix.
    GlcmSet set;
    set.maxGrayLevel = grid.maxGrayLevel;
    set.grayValues.assign(grid.grayLevels.begin(), grid.grayLevels.end());
    for (std::size_t a = 0; a < angleCount; ++a) {
        const double* m = counts.data() + a * cells;
        double sum = 0.0;
        for (std::size_t c = 0; c < cells; ++c) sum += m[c];
        if (sum == 0.0 && angleCount > 1) {
            spdlog::debug("glcm: angle ({}, {}, {}) has no voxel pairs and is dropped", angles[a].x,
                          angles[a].y, angles[a].z);
            continue;
        }
        const double divisor = sum == 0.0 ? std::numeric_limits<double>::quiet_NaN() : sum;
        for (std::size_t c = 0; c < cells; ++c) set.probability.push_back(m[c] / divisor);
        ++set.angleCount;
    }
    return set;
}

/// The per-angle values of every non-deprecated GLCM feature except MCC.
struct GlcmAngleValues {
    double autocorrelation, jointAverage, clusterProminence, clusterShade, clusterTendency, contrast,
        correlation, differenceAverage, differenceEntropy, differenceVariance, jointEnergy, jointEntropy,
        imc1, imc2, idm, idmn, id, idn, inverseVariance, maximumProbability, sumAverage, sumEntropy,
        sumSquares;
};

GlcmAngleValues computeAngleValues(const GlcmSet& set, std::size_t a) {
    const std::size_t n = set.levelCount();
    const double* p = set.angle(a);
    const std::vector<double>& v = set.grayValues;
    const double eps = kTextureEpsilon;
    const int ng = set.maxGrayLevel;
    GlcmAngleValues out{};

    // Marginals, means and the sum / difference distributions.
    std::vector<double> px(n, 0.0), py(n, 0.0);
    std::vector<double> pxAddy(static_cast<std::size_t>(2 * ng - 1), 0.0);  // k = 2 .. 2 Ng
    std::vector<double> pxSuby(static_cast<std::size_t>(ng), 0.0);          // k = 0 .. Ng - 1
    double ux = 0.0, uy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double pij = p[i * n + j];
            px[i] += pij;
            py[j] += pij;
            ux += v[i] * pij;
            uy += v[j] * pij;
            pxAddy[static_cast<std::size_t>(v[i] + v[j] - 2.0)] += pij;
            pxSuby[static_cast<std::size_t>(std::abs(v[i] - v[j]))] += pij;
        }
    }

    double sigx2 = 0.0, sigy2 = 0.0, corm = 0.0, hxy = 0.0, hxy1 = 0.0, hxy2 = 0.0;
    double maxProbability = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double pij = p[i * n + j];
            const double sumDeviation = v[i] + v[j] - ux - uy;
            const double diff = std::abs(v[i] - v[j]);
            out.autocorrelation += pij * (v[i] * v[j]);
            out.clusterProminence += pij * std::pow(sumDeviation, 4);
            out.clusterShade += pij * std::pow(sumDeviation, 3);
            out.clusterTendency += pij * sumDeviation * sumDeviation;
            out.contrast += pij * (diff * diff);
            sigx2 += pij * (v[i] - ux) * (v[i] - ux);
            sigy2 += pij * (v[j] - uy) * (v[j] - uy);
            corm += pij * (v[i] - ux) * (v[j] - uy);
            out.jointEnergy += pij * pij;
            hxy -= pij * std::log2(pij + eps);
            const double pxpy = px[i] * py[j];
            hxy1 -= pij * std::log2(pxpy + eps);
            hxy2 -= pxpy * std::log2(pxpy + eps);
            maxProbability = std::max(maxProbability, pij);
        }
    }
    out.jointAverage = ux;
    out.sumSquares = sigx2;
    out.jointEntropy = hxy;
    out.maximumProbability = std::isnan(p[0]) ? p[0] : maxProbability;

    const double sigx = std::sqrt(sigx2);
    const double sigy = std::sqrt(sigy2);
    out.correlation = sigx * sigy == 0.0 ? 1.0 : corm / (sigx * sigy + eps);

    // Information measures of correlation.
    double hx = 0.0, hy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        hx -= px[i] * std::log2(px[i] + eps);
        hy -= py[i] * std::log2(py[i] + eps);
    }
    const double divisor = std::fmax(hx, hy);
    out.imc1 = divisor != 0.0 ? (hxy - hxy1) / divisor : 0.0;
    // numpy evaluates numpy.e ** x as pow(e, x); a negative radicand yields NaN, as in numpy.
    out.imc2 = hxy2 == hxy ? 0.0 : std::sqrt(1.0 - std::pow(std::numbers::e, -2.0 * (hxy2 - hxy)));

    // Features of the difference distribution.
    const double ngSquared = static_cast<double>(ng) * static_cast<double>(ng);
    for (std::size_t k = 0; k < pxSuby.size(); ++k) {
        const double kv = static_cast<double>(k);
        const double pk = pxSuby[k];
        out.differenceAverage += kv * pk;
        out.differenceEntropy -= pk * std::log2(pk + eps);
        out.idm += pk / (1.0 + kv * kv);
        out.idmn += pk / (1.0 + (kv * kv) / ngSquared);
        out.id += pk / (1.0 + kv);
        out.idn += pk / (1.0 + kv / static_cast<double>(ng));
        if (k >= 1) out.inverseVariance += pk / (kv * kv);
    }
    for (std::size_t k = 0; k < pxSuby.size(); ++k) {
        const double deviation = static_cast<double>(k) - out.differenceAverage;
        out.differenceVariance += pxSuby[k] * deviation * deviation;
    }

    // Features of the sum distribution.
    for (std::size_t k = 0; k < pxAddy.size(); ++k) {
        const double pk = pxAddy[k];
        out.sumAverage += static_cast<double>(k + 2) * pk;
        out.sumEntropy -= pk * std::log2(pk + eps);
    }
    return out;
}

/// Computes the maximal correlation coefficient averaged over the angles, as numpy.linalg.eigvals
/// leads PyRadiomics to. When any eigenvalue of any angle is complex, the real part of the complex
/// square root is averaged. Otherwise a negative second eigenvalue gives NaN, which is left out.
double computeMcc(const GlcmSet& set) {
    const std::size_t n = set.levelCount();
    if (n < 2) {
        return 1.0;  // flat region: a 1 x 1 matrix has a single eigenvalue
    }
    const double eps = kTextureEpsilon;
    std::vector<std::complex<double>> secondLargest(set.angleCount);
    bool anyComplex = false;
    Eigen::MatrixXd q(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    std::vector<double> px(n), py(n);
    for (std::size_t a = 0; a < set.angleCount; ++a) {
        const double* p = set.angle(a);
        std::fill(px.begin(), px.end(), 0.0);
        std::fill(py.begin(), py.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                px[i] += p[i * n + j];
                py[j] += p[i * n + j];
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                double sum = 0.0;
                for (std::size_t k = 0; k < n; ++k) {
                    sum += (p[i * n + k] * p[j * n + k]) / (px[i] * py[k] + eps);
                }
                q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = sum;
            }
        }
        Eigen::EigenSolver<Eigen::MatrixXd> solver(q, false);
        std::vector<std::complex<double>> eigenvalues(solver.eigenvalues().begin(),
                                                      solver.eigenvalues().end());
        for (const std::complex<double>& value : eigenvalues) {
            anyComplex = anyComplex || value.imag() != 0.0;
        }
        // numpy sorts complex numbers by real part, then imaginary part.
        std::sort(eigenvalues.begin(), eigenvalues.end(), [](const auto& x, const auto& y) {
            return x.real() < y.real() || (x.real() == y.real() && x.imag() < y.imag());
        });
        secondLargest[a] = eigenvalues[n - 2];
    }
    std::vector<double> perAngle(set.angleCount);
    for (std::size_t a = 0; a < set.angleCount; ++a) {
        perAngle[a] = anyComplex ? std::sqrt(secondLargest[a]).real() : std::sqrt(secondLargest[a].real());
    }
    return nanMean(perAngle);
}

class GlcmClass final : public FeatureClass {
public:
    std::string name() const override { return "glcm"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"Autocorrelation", false},
                                  {"JointAverage", false},
                                  {"ClusterProminence", false},
                                  {"ClusterShade", false},
                                  {"ClusterTendency", false},
                                  {"Contrast", false},
                                  {"Correlation", false},
                                  {"DifferenceAverage", false},
                                  {"DifferenceEntropy", false},
                                  {"DifferenceVariance", false},
                                  {"Dissimilarity", true},
                                  {"JointEnergy", false},
                                  {"JointEntropy", false},
                                  {"Homogeneity1", true},
                                  {"Homogeneity2", true},
                                  {"Imc1", false},
                                  {"Imc2", false},
                                  {"Idm", false},
                                  {"MCC", false},
                                  {"Idmn", false},
                                  {"Id", false},
                                  {"Idn", false},
                                  {"InverseVariance", false},
                                  {"MaximumProbability", false},
                                  {"SumAverage", false},
                                  {"SumVariance", true},
                                  {"SumEntropy", false},
                                  {"SumSquares", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> all = definitions();
        const std::vector<bool> flags = requestedFlags(name(), all, requested);
        std::vector<FeatureValue> values;
        if (std::none_of(flags.begin(), flags.end(), [](bool flag) { return flag; })) {
            return values;
        }

        const GlcmSet set = buildGlcms(roi, settings);
        std::vector<GlcmAngleValues> perAngle;
        for (std::size_t a = 0; a < set.angleCount; ++a) {
            perAngle.push_back(computeAngleValues(set, a));
        }
        const auto mean = [&](double GlcmAngleValues::*member) {
            std::vector<double> series;
            for (const GlcmAngleValues& angle : perAngle) series.push_back(angle.*member);
            return nanMean(series);
        };

        const std::map<std::string, double GlcmAngleValues::*> averaged{
            {"Autocorrelation", &GlcmAngleValues::autocorrelation},
            {"ClusterProminence", &GlcmAngleValues::clusterProminence},
            {"ClusterShade", &GlcmAngleValues::clusterShade},
            {"ClusterTendency", &GlcmAngleValues::clusterTendency},
            {"Contrast", &GlcmAngleValues::contrast},
            {"Correlation", &GlcmAngleValues::correlation},
            {"DifferenceAverage", &GlcmAngleValues::differenceAverage},
            {"DifferenceEntropy", &GlcmAngleValues::differenceEntropy},
            {"DifferenceVariance", &GlcmAngleValues::differenceVariance},
            {"Id", &GlcmAngleValues::id},
            {"Idm", &GlcmAngleValues::idm},
            {"Idmn", &GlcmAngleValues::idmn},
            {"Idn", &GlcmAngleValues::idn},
            {"Imc1", &GlcmAngleValues::imc1},
            {"Imc2", &GlcmAngleValues::imc2},
            {"InverseVariance", &GlcmAngleValues::inverseVariance},
            {"JointEnergy", &GlcmAngleValues::jointEnergy},
            {"JointEntropy", &GlcmAngleValues::jointEntropy},
            {"MaximumProbability", &GlcmAngleValues::maximumProbability},
            {"SumAverage", &GlcmAngleValues::sumAverage},
            {"SumEntropy", &GlcmAngleValues::sumEntropy},
            {"SumSquares", &GlcmAngleValues::sumSquares}};

        for (std::size_t f = 0; f < all.size(); ++f) {
            if (!flags[f]) continue;
            const std::string& feature = all[f].name;
            if (all[f].deprecated) {
                spdlog::warn(
                    "glcm: {} is deprecated in PyRadiomics, which computes no value for it; "
                    "request the equal feature instead (see the glcm documentation)",
                    feature);
                continue;
            }
            double value = 0.0;
            if (feature == "MCC") {
                value = computeMcc(set);
            } else if (feature == "JointAverage") {
                // PyRadiomics takes a plain mean here (numpy.mean, not nanmean).
                double sum = 0.0;
                for (const GlcmAngleValues& angle : perAngle) sum += angle.jointAverage;
                value = sum / static_cast<double>(perAngle.size());
            } else {
                value = mean(averaged.at(feature));
            }
            values.push_back({feature, value});
        }
        return values;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeGlcmClass() { return std::make_unique<GlcmClass>(); }

TextureMatrix computeGlcmMatrix(const RoiData& roi, const FeatureSettings& settings) {
    const GlcmSet set = buildGlcms(roi, settings);
    const std::size_t n = set.levelCount();
    TextureMatrix matrix;
    matrix.shape = {n, n, set.angleCount};
    matrix.values.resize(n * n * set.angleCount);
    for (std::size_t a = 0; a < set.angleCount; ++a) {
        for (std::size_t c = 0; c < n * n; ++c) {
            matrix.values[c * set.angleCount + a] = set.angle(a)[c];
        }
    }
    return matrix;
}

}  // namespace pulmorad::radiomics

#include "image/filters/recursive_gaussian.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"

namespace pulmorad::image::filters {
namespace {

/// Deriche's fitted constants as ITK 5.2 sets them: a and b per derivative order, w and l shared.
struct DericheTerms {
    double a1, b1, a2, b2;
};
constexpr double kW1 = 0.6681;
constexpr double kL1 = -1.3932;
constexpr double kW2 = 2.0787;
constexpr double kL2 = -1.3732;
constexpr DericheTerms kZeroOrder{1.3530, 1.8151, -0.3531, 0.0902};
constexpr DericheTerms kSecondOrder{-1.3563, 5.2318, 0.3446, -2.2355};

/// Numerator coefficients n0..n3 and their sums SN, DN, EN for one set of terms.
struct NumeratorTerms {
    double n0, n1, n2, n3, sn, dn, en;
};

NumeratorTerms numeratorTerms(double sigmaVoxels, const DericheTerms& terms) {
    const double sin1 = std::sin(kW1 / sigmaVoxels);
    const double sin2 = std::sin(kW2 / sigmaVoxels);
    const double cos1 = std::cos(kW1 / sigmaVoxels);
    const double cos2 = std::cos(kW2 / sigmaVoxels);
    const double exp1 = std::exp(kL1 / sigmaVoxels);
    const double exp2 = std::exp(kL2 / sigmaVoxels);
    const double a1 = terms.a1;
    const double b1 = terms.b1;
    const double a2 = terms.a2;
    const double b2 = terms.b2;

    NumeratorTerms n{};
    n.n0 = a1 + a2;
    n.n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
    n.n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
    n.n2 = (a1 + a2) * cos2 * cos1;
    n.n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
    n.n2 *= 2 * exp1 * exp2;
    n.n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
    n.n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
    n.n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
    n.sn = n.n0 + n.n1 + n.n2 + n.n3;
    n.dn = n.n1 + 2 * n.n2 + 3 * n.n3;
    n.en = n.n1 + 4 * n.n2 + 9 * n.n3;
    return n;
}

/// Filters `lanes` parallel lines of `length` samples: sample i of lane l is
/// input[i * stride + l]; the result goes to output at the same places (which
/// may be the input). `causal` and `antiCausal` are scratch buffers.
template <typename Input>
void filterLanes(const Input* input, float* output, std::size_t length, std::size_t stride, std::size_t lanes,
                 const RecursiveGaussianCoefficients& c, std::vector<double>& causal,
                 std::vector<double>& antiCausal) {
    causal.resize(length * lanes);
    antiCausal.resize(length * lanes);
    const auto x = [&](std::size_t i, std::size_t lane) {
        return static_cast<double>(input[i * stride + lane]);
    };

    // Causal pass. The first sample is taken to extend to minus infinity.
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        const double edge = x(0, lane);
        double* y = causal.data() + lane;
        const auto at = [&](std::size_t i) -> double& { return y[i * lanes]; };
        at(0) = edge * c.n0 + edge * c.n1 + edge * c.n2 + edge * c.n3;
        at(1) = x(1, lane) * c.n0 + edge * c.n1 + edge * c.n2 + edge * c.n3;
        at(2) = x(2, lane) * c.n0 + x(1, lane) * c.n1 + edge * c.n2 + edge * c.n3;
        at(3) = x(3, lane) * c.n0 + x(2, lane) * c.n1 + x(1, lane) * c.n2 + edge * c.n3;
        at(0) -= edge * c.bn1 + edge * c.bn2 + edge * c.bn3 + edge * c.bn4;
        at(1) -= at(0) * c.d1 + edge * c.bn2 + edge * c.bn3 + edge * c.bn4;
        at(2) -= at(1) * c.d1 + at(0) * c.d2 + edge * c.bn3 + edge * c.bn4;
        at(3) -= at(2) * c.d1 + at(1) * c.d2 + at(0) * c.d3 + edge * c.bn4;
    }
    for (std::size_t i = 4; i < length; ++i) {
        double* y = causal.data() + i * lanes;
        const double* y1 = y - lanes;
        const double* y2 = y1 - lanes;
        const double* y3 = y2 - lanes;
        const double* y4 = y3 - lanes;
        const Input* x0 = input + i * stride;
        const Input* x1 = x0 - stride;
        const Input* x2 = x1 - stride;
        const Input* x3 = x2 - stride;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            double value = static_cast<double>(x0[lane]) * c.n0 + static_cast<double>(x1[lane]) * c.n1 +
                           static_cast<double>(x2[lane]) * c.n2 + static_cast<double>(x3[lane]) * c.n3;
            value -= y1[lane] * c.d1 + y2[lane] * c.d2 + y3[lane] * c.d3 + y4[lane] * c.d4;
            y[lane] = value;
        }
    }

    // Anti-causal pass. The last sample is taken to extend to plus infinity.
    const std::size_t last = length - 1;
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        const double edge = x(last, lane);
        double* y = antiCausal.data() + lane;
        const auto at = [&](std::size_t i) -> double& { return y[i * lanes]; };
        at(last) = edge * c.m1 + edge * c.m2 + edge * c.m3 + edge * c.m4;
        at(last - 1) = x(last, lane) * c.m1 + edge * c.m2 + edge * c.m3 + edge * c.m4;
        at(last - 2) = x(last - 1, lane) * c.m1 + x(last, lane) * c.m2 + edge * c.m3 + edge * c.m4;
        at(last - 3) =
            x(last - 2, lane) * c.m1 + x(last - 1, lane) * c.m2 + x(last, lane) * c.m3 + edge * c.m4;
        at(last) -= edge * c.bm1 + edge * c.bm2 + edge * c.bm3 + edge * c.bm4;
        at(last - 1) -= at(last) * c.d1 + edge * c.bm2 + edge * c.bm3 + edge * c.bm4;
        at(last - 2) -= at(last - 1) * c.d1 + at(last) * c.d2 + edge * c.bm3 + edge * c.bm4;
        at(last - 3) -= at(last - 2) * c.d1 + at(last - 1) * c.d2 + at(last) * c.d3 + edge * c.bm4;
    }
    for (std::size_t i = length - 4; i > 0; --i) {
        double* y = antiCausal.data() + (i - 1) * lanes;
        const double* y1 = y + lanes;
        const double* y2 = y1 + lanes;
        const double* y3 = y2 + lanes;
        const double* y4 = y3 + lanes;
        const Input* x1 = input + i * stride;
        const Input* x2 = x1 + stride;
        const Input* x3 = x2 + stride;
        const Input* x4 = x3 + stride;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            double value = static_cast<double>(x1[lane]) * c.m1 + static_cast<double>(x2[lane]) * c.m2 +
                           static_cast<double>(x3[lane]) * c.m3 + static_cast<double>(x4[lane]) * c.m4;
            value -= y1[lane] * c.d1 + y2[lane] * c.d2 + y3[lane] * c.d3 + y4[lane] * c.d4;
            y[lane] = value;
        }
    }

    // ITK stores each pass in single precision.
    for (std::size_t i = 0; i < length; ++i) {
        float* target = output + i * stride;
        const double* forward = causal.data() + i * lanes;
        const double* backward = antiCausal.data() + i * lanes;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            target[lane] = static_cast<float>(forward[lane] + backward[lane]);
        }
    }
}

/// Buffers of one thread, reused across lines so that they are not
/// allocated (and page-faulted in) again for every slice.
struct LineScratch {
    std::vector<double> causal;
    std::vector<double> antiCausal;
    std::vector<double> transposedInput;
    std::vector<float> transposedOutput;
};

/// Filters a whole volume along `axis`, from `input` (double or float) into
/// `output` (may alias a float input), in parallel over independent line sets.
template <typename Input>
void filterAlongAxis(const Input* input, float* output, const std::array<std::size_t, 3>& size,
                     std::size_t axis, const RecursiveGaussianCoefficients& coefficients) {
    const std::size_t sliceSize = size[0] * size[1];
    // Along x each task item is a z slice, transposed so that its rows become
    // the lanes. Along y it is a z slice whose x columns are the lanes, and
    // along z a y row whose x columns are the lanes.
    const std::size_t outer = axis == 2 ? size[1] : size[2];
    tbb::enumerable_thread_specific<LineScratch> scratchPerThread;
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, outer), [&](const tbb::blocked_range<std::size_t>& range) {
            LineScratch& scratch = scratchPerThread.local();
            std::vector<double>& causal = scratch.causal;
            std::vector<double>& antiCausal = scratch.antiCausal;
            std::vector<double>& transposedInput = scratch.transposedInput;
            std::vector<float>& transposedOutput = scratch.transposedOutput;
            for (std::size_t index = range.begin(); index != range.end(); ++index) {
                if (axis == 0) {
                    const std::size_t offset = index * sliceSize;
                    transposedInput.resize(sliceSize);
                    transposedOutput.resize(sliceSize);
                    for (std::size_t y = 0; y < size[1]; ++y) {
                        for (std::size_t x = 0; x < size[0]; ++x) {
                            transposedInput[x * size[1] + y] =
                                static_cast<double>(input[offset + y * size[0] + x]);
                        }
                    }
                    filterLanes(transposedInput.data(), transposedOutput.data(), size[0], size[1], size[1],
                                coefficients, causal, antiCausal);
                    for (std::size_t y = 0; y < size[1]; ++y) {
                        for (std::size_t x = 0; x < size[0]; ++x) {
                            output[offset + y * size[0] + x] = transposedOutput[x * size[1] + y];
                        }
                    }
                } else if (axis == 1) {
                    const std::size_t offset = index * sliceSize;
                    filterLanes(input + offset, output + offset, size[1], size[0], size[0], coefficients,
                                causal, antiCausal);
                } else {
                    const std::size_t offset = index * size[0];
                    filterLanes(input + offset, output + offset, size[2], sliceSize, size[0], coefficients,
                                causal, antiCausal);
                }
            }
        });
}

}  // namespace

RecursiveGaussianCoefficients recursiveGaussianCoefficients(double sigmaMm, double spacingMm,
                                                            bool secondDerivative,
                                                            bool normalizeAcrossScale) {
    const double sigmaVoxels = sigmaMm / spacingMm;
    const double cos1 = std::cos(kW1 / sigmaVoxels);
    const double cos2 = std::cos(kW2 / sigmaVoxels);
    const double exp1 = std::exp(kL1 / sigmaVoxels);
    const double exp2 = std::exp(kL2 / sigmaVoxels);

    RecursiveGaussianCoefficients c;
    c.d4 = exp1 * exp1 * exp2 * exp2;
    c.d3 = -2 * cos1 * exp1 * exp2 * exp2;
    c.d3 += -2 * cos2 * exp2 * exp1 * exp1;
    c.d2 = 4 * cos2 * cos1 * exp1 * exp2;
    c.d2 += exp1 * exp1 + exp2 * exp2;
    c.d1 = -2 * (exp2 * cos2 + exp1 * cos1);
    const double sd = 1.0 + c.d1 + c.d2 + c.d3 + c.d4;
    const double dd = c.d1 + 2 * c.d2 + 3 * c.d3 + 4 * c.d4;
    const double ed = c.d1 + 4 * c.d2 + 9 * c.d3 + 16 * c.d4;

    if (!secondDerivative) {
        // Unit gain: divide by the response to a constant.
        const NumeratorTerms n = numeratorTerms(sigmaVoxels, kZeroOrder);
        const double alpha0 = 2 * n.sn / sd - n.n0;
        c.n0 = n.n0 / alpha0;
        c.n1 = n.n1 / alpha0;
        c.n2 = n.n2 / alpha0;
        c.n3 = n.n3 / alpha0;
    } else {
        // Zero response to a constant, unit response to x^2 / 2 (per voxel^2).
        const NumeratorTerms zero = numeratorTerms(sigmaVoxels, kZeroOrder);
        const NumeratorTerms second = numeratorTerms(sigmaVoxels, kSecondOrder);
        const double beta = -(2 * second.sn - sd * second.n0) / (2 * zero.sn - sd * zero.n0);
        const double sn = second.sn + beta * zero.sn;
        const double dn = second.dn + beta * zero.dn;
        const double en = second.en + beta * zero.en;
        double alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn;
        alpha2 /= sd * sd * sd;
        const double scale = (normalizeAcrossScale ? sigmaMm * sigmaMm : 1.0) / alpha2;
        c.n0 = (second.n0 + beta * zero.n0) * scale;
        c.n1 = (second.n1 + beta * zero.n1) * scale;
        c.n2 = (second.n2 + beta * zero.n2) * scale;
        c.n3 = (second.n3 + beta * zero.n3) * scale;
    }

    // Both filters are symmetric. The b terms emulate edge extension.
    c.m1 = c.n1 - c.d1 * c.n0;
    c.m2 = c.n2 - c.d2 * c.n0;
    c.m3 = c.n3 - c.d3 * c.n0;
    c.m4 = -c.d4 * c.n0;
    const double sn = c.n0 + c.n1 + c.n2 + c.n3;
    const double sm = c.m1 + c.m2 + c.m3 + c.m4;
    c.bn1 = c.d1 * sn / sd;
    c.bn2 = c.d2 * sn / sd;
    c.bn3 = c.d3 * sn / sd;
    c.bn4 = c.d4 * sn / sd;
    c.bm1 = c.d1 * sm / sd;
    c.bm2 = c.d2 * sm / sd;
    c.bm3 = c.d3 * sm / sd;
    c.bm4 = c.d4 * sm / sd;
    return c;
}

ImageVolume recursiveLaplacianOfGaussian(const ImageVolume& image, double sigmaMm) {
    requireInput(sigmaMm > 0.0,
                 "LoG: sigma " + std::to_string(sigmaMm) + " mm is invalid; use a value above 0");
    const auto& size = image.geometry.size;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        requireInput(size[axis] >= 4, "LoG: the image has " + std::to_string(size[axis]) +
                                          " voxels along axis " + std::to_string(axis) +
                                          "; the recursive Gaussian needs at least 4");
    }

    const std::size_t voxels = image.geometry.voxelCount();
    std::vector<float> cumulative(voxels, 0.0F);
    std::vector<float> term(voxels);
    for (std::size_t derivativeAxis = 0; derivativeAxis < 3; ++derivativeAxis) {
        // Second derivative along one axis, then Gaussian smoothing along the others.
        const double spacing = image.geometry.spacing[derivativeAxis];
        filterAlongAxis(image.data.data(), term.data(), size, derivativeAxis,
                        recursiveGaussianCoefficients(sigmaMm, spacing, true, true));
        for (std::size_t axis = 0; axis < 3; ++axis) {
            if (axis == derivativeAxis) continue;
            filterAlongAxis(
                term.data(), term.data(), size, axis,
                recursiveGaussianCoefficients(sigmaMm, image.geometry.spacing[axis], false, true));
        }

        // Per-voxel^2 derivatives become per-mm^2 ones.
        const double inverseSpacing2 = 1.0 / (spacing * spacing);
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, voxels), [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i) {
                    cumulative[i] = static_cast<float>(static_cast<double>(cumulative[i]) +
                                                       static_cast<double>(term[i]) * inverseSpacing2);
                }
            });
    }

    ImageVolume result;
    result.geometry = image.geometry;
    result.data.assign(cumulative.begin(), cumulative.end());
    return result;
}

}  // namespace pulmorad::image::filters

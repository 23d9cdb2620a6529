#include "image/filters/sampled_gaussian.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.h"

namespace pulmorad::image::filters {
namespace {

/// IBSI-2's cutoff of the LoG kernel: 4 sigmas on each side of the centre.
constexpr double kTruncationSigmas = 4.0;

/// Returns the index of the voxel that `position` (which may lie outside
/// 0..length-1) reads under `padding`, or -1 for a zero.
std::ptrdiff_t paddedSource(std::ptrdiff_t position, std::ptrdiff_t length, BoundaryPadding padding) {
    if (position >= 0 && position < length) return position;
    switch (padding) {
        case BoundaryPadding::zero:
            return -1;
        case BoundaryPadding::nearest:
            return position < 0 ? 0 : length - 1;
        case BoundaryPadding::periodic:
            return ((position % length) + length) % length;
        case BoundaryPadding::mirror: {
            // Reflection with the edge repeated has period 2 * length.
            const std::ptrdiff_t period = 2 * length;
            const std::ptrdiff_t folded = ((position % period) + period) % period;
            return folded < length ? folded : period - 1 - folded;
        }
    }
    return -1;
}

/// One result of a 1D pass: target = (accumulate ? target : 0) + scale * (kernel * input).
struct PassOutput {
    const std::vector<double>* kernel;  ///< symmetric taps 0..radius
    double* target;
    double scale;
    bool accumulate;
};

/// Buffers of one thread, reused across the lines it filters.
struct PassScratch {
    std::vector<double> padded;
    std::vector<double> row;
};

/// Filters `lanes` parallel lines of `length` samples: sample i of lane l is
/// input[offset + i * stride + l], and results go to the same place in each target. The lines are first
/// copied with `radius` padded samples on each side, so a target may be the input itself.
void filterLanes(const double* input, std::size_t offset, std::size_t length, std::size_t stride,
                 std::size_t lanes, std::size_t radius, BoundaryPadding padding,
                 const std::vector<PassOutput>& outputs, PassScratch& scratch) {
    const std::size_t paddedLength = length + 2 * radius;
    scratch.padded.resize(paddedLength * lanes);
    scratch.row.resize(lanes);
    for (std::size_t p = 0; p < paddedLength; ++p) {
        const std::ptrdiff_t source =
            paddedSource(static_cast<std::ptrdiff_t>(p) - static_cast<std::ptrdiff_t>(radius),
                         static_cast<std::ptrdiff_t>(length), padding);
        double* destination = scratch.padded.data() + p * lanes;
        if (source < 0) {
            std::fill(destination, destination + lanes, 0.0);
            continue;
        }
        const double* line = input + offset + static_cast<std::size_t>(source) * stride;
        std::copy(line, line + lanes, destination);
    }

    double* row = scratch.row.data();
    for (const PassOutput& output : outputs) {
        const std::vector<double>& kernel = *output.kernel;
        for (std::size_t i = 0; i < length; ++i) {
            // Centre tap, then the symmetric pairs from the nearest outwards.
            const double* centre = scratch.padded.data() + (i + radius) * lanes;
            for (std::size_t lane = 0; lane < lanes; ++lane) row[lane] = kernel[0] * centre[lane];
            for (std::size_t tap = 1; tap <= radius; ++tap) {
                const double* before = centre - tap * lanes;
                const double* after = centre + tap * lanes;
                const double weight = kernel[tap];
                for (std::size_t lane = 0; lane < lanes; ++lane) {
                    row[lane] += weight * (before[lane] + after[lane]);
                }
            }
            double* target = output.target + offset + i * stride;
            for (std::size_t lane = 0; lane < lanes; ++lane) {
                const double previous = output.accumulate ? target[lane] : 0.0;
                target[lane] = previous + output.scale * row[lane];
            }
        }
    }
}

/// Runs one 1D pass along `axis` over the whole volume, in parallel over
/// independent sets of lines. A task takes the rows of a z slice along x, the
/// x columns of a z slice along y, or the x columns of a y row along z.
void filterAlongAxis(const double* input, const std::array<std::size_t, 3>& size, std::size_t axis,
                     std::size_t radius, BoundaryPadding padding, const std::vector<PassOutput>& outputs) {
    const std::size_t sliceSize = size[0] * size[1];
    const std::size_t outer = axis == 2 ? size[1] : size[2];
    tbb::enumerable_thread_specific<PassScratch> scratchPerThread;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, outer),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          PassScratch& scratch = scratchPerThread.local();
                          for (std::size_t index = range.begin(); index != range.end(); ++index) {
                              if (axis == 0) {
                                  for (std::size_t y = 0; y < size[1]; ++y) {
                                      filterLanes(input, index * sliceSize + y * size[0], size[0], 1, 1,
                                                  radius, padding, outputs, scratch);
                                  }
                              } else if (axis == 1) {
                                  filterLanes(input, index * sliceSize, size[1], size[0], size[0], radius,
                                              padding, outputs, scratch);
                              } else {
                                  filterLanes(input, index * size[0], size[2], sliceSize, size[0], radius,
                                              padding, outputs, scratch);
                              }
                          }
                      });
}

}  // namespace

SampledGaussianKernels sampledGaussianKernels(double sigmaVoxels, double truncation) {
    requireInput(sigmaVoxels > 0.0, "sampled Gaussian: sigma " + std::to_string(sigmaVoxels) +
                                        " voxels is invalid; use a value above 0");
    SampledGaussianKernels kernels;
    // IBSI-2's support M = 1 + 2 floor(truncation * sigma + 0.5) voxels.
    kernels.radius = static_cast<std::size_t>(std::floor(truncation * sigmaVoxels + 0.5));
    const double variance = sigmaVoxels * sigmaVoxels;
    const double normalisation = 1.0 / (std::sqrt(2.0 * std::numbers::pi) * sigmaVoxels);
    for (std::size_t tap = 0; tap <= kernels.radius; ++tap) {
        const double n2 = static_cast<double>(tap * tap);
        const double gaussian = normalisation * std::exp(-n2 / (2.0 * variance));
        kernels.gaussian.push_back(gaussian);
        kernels.secondDerivative.push_back((n2 / (variance * variance) - 1.0 / variance) * gaussian);
    }
    return kernels;
}

ImageVolume sampledLaplacianOfGaussian(const ImageVolume& image, double sigmaMm, BoundaryPadding padding,
                                       bool perSlice) {
    requireInput(sigmaMm > 0.0,
                 "LoG: sigma " + std::to_string(sigmaMm) + " mm is invalid; use a value above 0");
    requireInput(image.geometry.voxelCount() > 0, "LoG: the image is empty");
    const auto& size = image.geometry.size;
    const auto& spacing = image.geometry.spacing;

    // The axes in the order z, y, x. `derived` collects the terms that have had
    // their second derivative, `smoothed` the image smoothed along the axes so far.
    // After each axis a: derived = g_a * derived + (sigma^2 / h_a^2) g''_a * smoothed
    // and smoothed = g_a * smoothed, which expands to the sum over a of
    // g''_a times g_b on the other axes.
    const std::vector<std::size_t> axes =
        perSlice ? std::vector<std::size_t>{1, 0} : std::vector<std::size_t>{2, 1, 0};
    const std::size_t voxels = image.geometry.voxelCount();
    std::vector<double> derived(voxels);
    std::vector<double> smoothed(voxels);
    for (std::size_t step = 0; step < axes.size(); ++step) {
        const std::size_t axis = axes[step];
        const SampledGaussianKernels kernels =
            sampledGaussianKernels(sigmaMm / spacing[axis], kTruncationSigmas);
        const double derivativeScale = (sigmaMm * sigmaMm) / (spacing[axis] * spacing[axis]);
        const bool lastAxis = step + 1 == axes.size();

        if (step == 0) {
            filterAlongAxis(image.data.data(), size, axis, kernels.radius, padding,
                            {{&kernels.secondDerivative, derived.data(), derivativeScale, false},
                             {&kernels.gaussian, smoothed.data(), 1.0, false}});
            continue;
        }
        filterAlongAxis(derived.data(), size, axis, kernels.radius, padding,
                        {{&kernels.gaussian, derived.data(), 1.0, false}});
        std::vector<PassOutput> outputs{{&kernels.secondDerivative, derived.data(), derivativeScale, true}};
        if (!lastAxis) outputs.push_back({&kernels.gaussian, smoothed.data(), 1.0, false});
        filterAlongAxis(smoothed.data(), size, axis, kernels.radius, padding, outputs);
    }

    ImageVolume result;
    result.geometry = image.geometry;
    result.data = std::move(derived);
    return result;
}

}  // namespace pulmorad::image::filters

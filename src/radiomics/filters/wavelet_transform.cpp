#include "radiomics/filters/wavelet_transform.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/errors.h"

namespace pulmorad::radiomics::filters {
namespace {

using image::ImageVolume;

/// Output z slices per parallel task. Each task filters the (taps - 1) extra
/// input slices its z filter reaches in x and y again, so larger blocks waste
/// less work but need more buffer memory.
constexpr std::size_t kSlicesPerTask = 16;

/// Precomputed taps of the low- and high-pass filters along one axis: output
/// n reads stored voxel source[n * taps + k] with weights lowWeight and
/// highWeight (zero where the zero boundary falls outside the image).
struct AxisTaps {
    std::size_t taps = 0;
    std::vector<std::size_t> source;
    std::vector<double> lowWeight;
    std::vector<double> highWeight;
};

/// Builds the taps for an axis with `storedSize` voxels in memory, extended
/// periodically with period `period` (storedSize or storedSize + 1, the extra
/// voxel being a copy of voxel 0) or by the non-periodic boundary, for
/// outputs 0 .. outputSize - 1. An axis that is not `transformed` gets a
/// single tap of weight 1 (the identity) as its low-pass filter.
AxisTaps makeAxisTaps(const WaveletFilterBank& bank, std::size_t storedSize, std::size_t period,
                      std::size_t outputSize, std::size_t dilation, WaveletBoundary boundary,
                      bool transformed) {
    if (!transformed) {
        AxisTaps identity;
        identity.taps = 1;
        identity.lowWeight.assign(outputSize, 1.0);
        identity.highWeight.assign(outputSize, 0.0);
        for (std::size_t n = 0; n < outputSize; ++n) identity.source.push_back(n % storedSize);
        return identity;
    }

    const std::size_t taps = bank.lowPass.size();
    AxisTaps axis;
    axis.taps = taps;
    axis.source.resize(outputSize * taps);
    axis.lowWeight.resize(outputSize * taps);
    axis.highWeight.resize(outputSize * taps);

    const auto stored = static_cast<std::ptrdiff_t>(storedSize);
    const auto shift = static_cast<std::ptrdiff_t>(taps * dilation / 2);
    for (std::size_t n = 0; n < outputSize; ++n) {
        for (std::size_t k = 0; k < taps; ++k) {
            const std::ptrdiff_t position =
                static_cast<std::ptrdiff_t>(n) + shift - static_cast<std::ptrdiff_t>(k * dilation);
            std::ptrdiff_t source = 0;
            bool inside = true;
            switch (boundary) {
                case WaveletBoundary::periodic: {
                    const auto length = static_cast<std::ptrdiff_t>(period);
                    source = ((position % length) + length) % length;
                    // The padded voxel storedSize (odd sizes only) repeats voxel 0.
                    source %= stored;
                    break;
                }
                case WaveletBoundary::symmetric: {
                    const std::ptrdiff_t length = 2 * stored;
                    source = ((position % length) + length) % length;
                    if (source >= stored) source = length - 1 - source;
                    break;
                }
                case WaveletBoundary::zero:
                    inside = position >= 0 && position < stored;
                    source = inside ? position : 0;
                    break;
            }
            const std::size_t entry = n * taps + k;
            axis.source[entry] = static_cast<std::size_t>(source);
            axis.lowWeight[entry] = inside ? bank.lowPass[k] : 0.0;
            axis.highWeight[entry] = inside ? bank.highPass[k] : 0.0;
        }
    }
    return axis;
}

/// The four subbands of one z slice after filtering along x and then y,
/// indexed [2 * xFilter + yFilter] with 0 = low-pass, 1 = high-pass.
struct SliceSubbands {
    std::array<std::vector<double>, 4> band;
};

/// Buffers of one thread, reused across blocks so that they are not
/// allocated (and page-faulted in) again for every slice.
struct BlockScratch {
    std::vector<double> xLow;
    std::vector<double> xHigh;
    std::vector<SliceSubbands> filtered;
};

/// One level of the transform: the input, its periodic extension and which of
/// the eight subbands to write at which size.
class LevelTransform {
public:
    LevelTransform(const ImageVolume& input, const std::array<std::size_t, 3>& period,
                   const WaveletOptions& options, std::size_t dilation,
                   std::array<std::optional<std::array<std::size_t, 3>>, 8> outputSizes)
        : input_(input), outputSizes_(outputSizes) {
        // The x and y passes run over the largest requested output extent.
        for (const auto& size : outputSizes_) {
            if (!size) continue;
            for (std::size_t axis = 0; axis < 3; ++axis) {
                extent_[axis] = std::max(extent_[axis], (*size)[axis]);
            }
        }
        for (std::size_t axis = 0; axis < 3; ++axis) {
            axes_[axis] =
                makeAxisTaps(*options.filterBank, input.geometry.size[axis], period[axis], extent_[axis],
                             dilation, options.boundary, options.transformAxes[axis]);
        }
    }

    /// Runs the level and returns the requested subbands, indexed
    /// 4 * xFilter + 2 * yFilter + zFilter (0 = low-pass, 1 = high-pass).
    std::array<std::optional<ImageVolume>, 8> run() const {
        std::array<std::optional<ImageVolume>, 8> outputs;
        for (std::size_t band = 0; band < 8; ++band) {
            if (!outputSizes_[band]) continue;
            ImageVolume& output = outputs[band].emplace();
            output.geometry = input_.geometry;
            output.geometry.size = *outputSizes_[band];
            output.data.resize(output.geometry.voxelCount());
        }

        const std::size_t blocks = (extent_[2] + kSlicesPerTask - 1) / kSlicesPerTask;
        tbb::enumerable_thread_specific<BlockScratch> scratchPerThread;
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const auto& range) {
            BlockScratch& scratch = scratchPerThread.local();
            for (std::size_t block = range.begin(); block != range.end(); ++block) {
                const std::size_t zBegin = block * kSlicesPerTask;
                const std::size_t zEnd = std::min(extent_[2], zBegin + kSlicesPerTask);
                filterBlock(zBegin, zEnd, outputs, scratch);
            }
        });
        return outputs;
    }

private:
    /// Filters one stored z slice along x and then along y.
    void filterSlice(std::size_t z, SliceSubbands& result, BlockScratch& scratch) const {
        const std::size_t storedY = input_.geometry.size[1];
        const std::size_t extentX = extent_[0];
        const std::size_t extentY = extent_[1];
        const AxisTaps& xAxis = axes_[0];
        const AxisTaps& yAxis = axes_[1];

        // Along x: low- and high-pass of every stored row.
        std::vector<double>& xLow = scratch.xLow;
        std::vector<double>& xHigh = scratch.xHigh;
        xLow.resize(storedY * extentX);
        xHigh.resize(storedY * extentX);
        for (std::size_t y = 0; y < storedY; ++y) {
            const double* row = input_.data.data() + input_.index(0, y, z);
            double* lowRow = xLow.data() + y * extentX;
            double* highRow = xHigh.data() + y * extentX;
            for (std::size_t x = 0; x < extentX; ++x) {
                const std::size_t first = x * xAxis.taps;
                double low = 0.0;
                double high = 0.0;
                for (std::size_t k = 0; k < xAxis.taps; ++k) {
                    const double value = row[xAxis.source[first + k]];
                    low += xAxis.lowWeight[first + k] * value;
                    high += xAxis.highWeight[first + k] * value;
                }
                lowRow[x] = low;
                highRow[x] = high;
            }
        }

        // Along y: each x subband splits into a low- and a high-pass one.
        for (auto& band : result.band) band.assign(extentY * extentX, 0.0);
        for (std::size_t y = 0; y < extentY; ++y) {
            const std::size_t first = y * yAxis.taps;
            double* lowLow = result.band[0].data() + y * extentX;
            double* lowHigh = result.band[1].data() + y * extentX;
            double* highLow = result.band[2].data() + y * extentX;
            double* highHigh = result.band[3].data() + y * extentX;
            for (std::size_t k = 0; k < yAxis.taps; ++k) {
                const double lowWeight = yAxis.lowWeight[first + k];
                const double highWeight = yAxis.highWeight[first + k];
                const double* lowRow = xLow.data() + yAxis.source[first + k] * extentX;
                const double* highRow = xHigh.data() + yAxis.source[first + k] * extentX;
                for (std::size_t x = 0; x < extentX; ++x) {
                    lowLow[x] += lowWeight * lowRow[x];
                    lowHigh[x] += highWeight * lowRow[x];
                    highLow[x] += lowWeight * highRow[x];
                    highHigh[x] += highWeight * highRow[x];
                }
            }
        }
    }

    /// Computes output slices zBegin .. zEnd - 1 of every requested subband.
    void filterBlock(std::size_t zBegin, std::size_t zEnd, std::array<std::optional<ImageVolume>, 8>& outputs,
                     BlockScratch& scratch) const {
        const AxisTaps& zAxis = axes_[2];
        const std::size_t extentX = extent_[0];

        // Filter in x and y each stored slice that the z filter of this block reads.
        std::vector<std::size_t> slices(
            zAxis.source.begin() + static_cast<std::ptrdiff_t>(zBegin * zAxis.taps),
            zAxis.source.begin() + static_cast<std::ptrdiff_t>(zEnd * zAxis.taps));
        std::sort(slices.begin(), slices.end());
        slices.erase(std::unique(slices.begin(), slices.end()), slices.end());
        std::vector<SliceSubbands>& filtered = scratch.filtered;
        if (filtered.size() < slices.size()) filtered.resize(slices.size());
        for (std::size_t i = 0; i < slices.size(); ++i) filterSlice(slices[i], filtered[i], scratch);
        const auto slotOf = [&](std::size_t slice) {
            return static_cast<std::size_t>(std::lower_bound(slices.begin(), slices.end(), slice) -
                                            slices.begin());
        };

        // Along z: each of the four xy subbands gives a low- and a high-pass output.
        for (std::size_t z = zBegin; z < zEnd; ++z) {
            const std::size_t first = z * zAxis.taps;
            for (std::size_t band = 0; band < 8; ++band) {
                if (!outputs[band] || z >= outputs[band]->geometry.size[2]) continue;
                ImageVolume& output = *outputs[band];
                const std::size_t xyBand = band / 2;
                const bool highInZ = (band % 2) == 1;
                const std::size_t sizeX = output.geometry.size[0];
                const std::size_t sizeY = output.geometry.size[1];
                double* target = output.data.data() + output.index(0, 0, z);
                std::fill(target, target + sizeX * sizeY, 0.0);
                for (std::size_t k = 0; k < zAxis.taps; ++k) {
                    const double weight = highInZ ? zAxis.highWeight[first + k] : zAxis.lowWeight[first + k];
                    const std::vector<double>& plane = filtered[slotOf(zAxis.source[first + k])].band[xyBand];
                    for (std::size_t y = 0; y < sizeY; ++y) {
                        const double* sourceRow = plane.data() + y * extentX;
                        double* targetRow = target + y * sizeX;
                        for (std::size_t x = 0; x < sizeX; ++x) targetRow[x] += weight * sourceRow[x];
                    }
                }
            }
        }
    }

    const ImageVolume& input_;
    std::array<std::optional<std::array<std::size_t, 3>>, 8> outputSizes_;
    std::array<std::size_t, 3> extent_{0, 0, 0};
    std::array<AxisTaps, 3> axes_;
};

/// Returns whether subband index 4 * xFilter + 2 * yFilter + zFilter is
/// high-pass along `axis`.
bool isHighPass(std::size_t band, std::size_t axis) { return ((band >> (2 - axis)) & 1U) != 0; }

/// Returns the name of a subband: one letter per transformed axis, x first.
std::string decompositionName(std::size_t band, const std::array<bool, 3>& transformAxes) {
    std::string name;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        if (transformAxes[axis]) name += isHighPass(band, axis) ? 'H' : 'L';
    }
    return name;
}

/// Returns whether a subband exists: it is low-pass along every axis left out.
bool isComputed(std::size_t band, const std::array<bool, 3>& transformAxes) {
    for (std::size_t axis = 0; axis < 3; ++axis) {
        if (!transformAxes[axis] && isHighPass(band, axis)) return false;
    }
    return true;
}

}  // namespace

std::vector<WaveletSubband> stationaryWaveletTransform3D(const ImageVolume& image,
                                                         const WaveletOptions& options) {
    requireInput(options.filterBank != nullptr, "wavelet: no wavelet filter bank given");
    requireInput(options.level >= 1,
                 "wavelet: level " + std::to_string(options.level) + " is invalid; use 1 or more");
    requireInput(options.startLevel >= 0,
                 "wavelet: start_level " + std::to_string(options.startLevel) + " is invalid; use 0 or more");
    for (std::size_t axis = 0; axis < 3; ++axis) {
        requireInput(image.geometry.size[axis] > 0, "wavelet: the image is empty");
    }
    const std::array<bool, 3>& axes = options.transformAxes;
    requireInput(axes[0] || axes[1] || axes[2], "wavelet: no axis to transform");

    // PyRadiomics extends odd axes by one voxel so that PyWavelets' swtn accepts them.
    const std::array<std::size_t, 3> originalSize = image.geometry.size;
    std::array<std::size_t, 3> period = originalSize;
    const bool padded = options.boundary == WaveletBoundary::periodic && options.padOddSizes;
    if (padded) {
        for (auto& length : period) length += length % 2;
    }

    const ImageVolume* data = &image;
    ImageVolume approximation;
    const auto dilationOf = [&](int levelIndex) {
        return options.dilateFilters ? (std::size_t{1} << levelIndex) : std::size_t{1};
    };

    // Levels before start_level: only the approximation, kept at the padded size.
    for (int levelIndex = 0; levelIndex < options.startLevel; ++levelIndex) {
        std::array<std::optional<std::array<std::size_t, 3>>, 8> sizes;
        sizes[0] = period;
        LevelTransform transform(*data, period, options, dilationOf(levelIndex), sizes);
        auto outputs = transform.run();
        approximation = std::move(*outputs[0]);
        data = &approximation;
    }

    std::vector<WaveletSubband> result;
    const int endLevel = options.startLevel + options.level;
    for (int levelIndex = options.startLevel; levelIndex < endLevel; ++levelIndex) {
        const bool lastLevel = levelIndex + 1 == endLevel;
        std::array<std::optional<std::array<std::size_t, 3>>, 8> sizes;
        const auto returned = [&](std::size_t band) { return ((options.returnedBands >> band) & 1U) != 0; };
        for (std::size_t band = 1; band < 8; ++band) {
            if (isComputed(band, axes) && returned(band)) sizes[band] = originalSize;
        }
        if (!lastLevel) {
            sizes[0] = period;
        } else if (returned(0)) {
            sizes[0] = originalSize;
        }

        LevelTransform transform(*data, period, options, dilationOf(levelIndex), sizes);
        auto outputs = transform.run();
        const int returnedLevel = levelIndex - options.startLevel + 1;
        for (std::size_t band = 1; band < 8; ++band) {
            if (!outputs[band]) continue;
            result.push_back({decompositionName(band, axes), returnedLevel, std::move(*outputs[band])});
        }
        if (lastLevel) {
            if (outputs[0])
                result.push_back({decompositionName(0, axes), returnedLevel, std::move(*outputs[0])});
        } else {
            approximation = std::move(*outputs[0]);
            data = &approximation;
        }
    }
    return result;
}

}  // namespace pulmorad::radiomics::filters

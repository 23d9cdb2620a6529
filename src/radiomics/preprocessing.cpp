#include "radiomics/preprocessing.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::radiomics {

namespace {

/// Kahan-compensated sum, as ITK's StatisticsImageFilter accumulates, so that
/// the mean of millions of voxels keeps its last digits.
class CompensatedSum {
public:
    void add(double value) {
        double corrected = value - compensation_;
        double next = sum_ + corrected;
        compensation_ = (next - sum_) - corrected;
        sum_ = next;
    }
    double value() const { return sum_; }

private:
    double sum_ = 0.0;
    double compensation_ = 0.0;
};

}  // namespace

void normalizeImage(image::ImageVolume& image, const PreprocessingSettings& settings) {
    CompensatedSum sum;
    CompensatedSum sumOfSquares;
    for (double value : image.data) {
        sum.add(value);
        sumOfSquares.add(value * value);
    }
    auto count = static_cast<double>(image.data.size());
    double mean = sum.value() / count;
    double variance = (sumOfSquares.value() - sum.value() * sum.value() / count) / (count - 1.0);
    double sigma = std::sqrt(variance);
    if (!(sigma > 0.0)) {
        throw InputError("setting normalize: the image has constant intensity " + formatDouble(mean) +
                         ", so it cannot be normalised; set normalize: false");
    }

    // ITK's NormalizeImageFilter shifts by -mean and multiplies by 1/sigma.
    double shift = -mean;
    double scale = 1.0 / sigma;
    for (double& value : image.data) {
        value = (value + shift) * scale;
        if (settings.removeOutliers) {
            value = std::clamp(value, -*settings.removeOutliers, *settings.removeOutliers);
        }
        value *= settings.normalizeScale;
    }
    spdlog::debug("Normalised image: mean {}, standard deviation {}, scale {}", mean, sigma,
                  settings.normalizeScale);
}

RoiMask resegmentMask(const image::ImageVolume& image, const RoiMask& roi,
                      const PreprocessingSettings& settings, const std::string& maskName) {
    std::vector<double> values;
    for (std::size_t i = 0; i < roi.data.size(); ++i) {
        if (roi.data[i] != 0) {
            values.push_back(image.data[i]);
        }
    }

    std::vector<double> thresholds = settings.resegmentRange;
    std::sort(thresholds.begin(), thresholds.end());
    if (settings.resegmentMode == "relative") {
        double maximum = *std::max_element(values.begin(), values.end());
        for (double& threshold : thresholds) {
            threshold *= maximum;
        }
    } else if (settings.resegmentMode == "sigma") {
        CompensatedSum sum;
        for (double value : values) {
            sum.add(value);
        }
        double mean = sum.value() / static_cast<double>(values.size());
        CompensatedSum squares;
        for (double value : values) {
            squares.add((value - mean) * (value - mean));
        }
        double deviation = std::sqrt(squares.value() / static_cast<double>(values.size()));
        for (double& threshold : thresholds) {
            threshold = mean + deviation * threshold;
        }
    }

    RoiMask result = roi;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < result.data.size(); ++i) {
        if (result.data[i] == 0) {
            continue;
        }
        double value = image.data[i];
        bool inside = value >= thresholds[0] && (thresholds.size() < 2 || value <= thresholds[1]);
        result.data[i] = inside ? 1 : 0;
        kept += inside ? 1 : 0;
    }
    spdlog::debug("Resegmentation ({} mode) kept {} of {} voxels", settings.resegmentMode, kept,
                  values.size());
    if (kept <= 1) {
        throw InputError("mask " + maskName + ": resegmentRange keeps " + std::to_string(kept) +
                         " voxel(s) of the ROI in " + settings.resegmentMode +
                         " mode; widen resegmentRange or check resegmentMode");
    }
    return result;
}

}  // namespace pulmorad::radiomics

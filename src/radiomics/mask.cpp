#include "radiomics/mask.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "common/errors.h"
#include "common/number_format.h"

namespace pulmorad::radiomics {

namespace {

/// Distinct values are listed in messages up to this many.
constexpr std::size_t kMaxListedValues = 12;

/// The distinct values of a mask, collected up to a limit so that a float
/// mask with millions of values stays cheap.
struct MaskValues {
    std::set<double> distinct;
    bool truncated = false;
    bool fractional = false;  ///< some value is not a whole number
};

MaskValues collectValues(const image::LabelVolume& mask) {
    MaskValues values;
    // Masks are long runs of one value, so a value equal to the previous voxel's
    // skips the set lookup. This matters on scans of tens of millions of voxels.
    bool first = true;
    double previous = 0.0;
    for (double value : mask.data) {
        if (!first && value == previous) {
            continue;
        }
        first = false;
        previous = value;
        if (value != std::floor(value)) {
            values.fractional = true;
        }
        if (values.distinct.size() < 4096) {
            values.distinct.insert(value);
        } else if (values.distinct.count(value) == 0) {
            values.truncated = true;
        }
    }
    return values;
}

std::string listValues(const MaskValues& values) {
    std::string text;
    std::size_t listed = 0;
    for (double value : values.distinct) {
        if (listed == kMaxListedValues) {
            text += ", ...";
            break;
        }
        text += (text.empty() ? "" : ", ") + formatDouble(value);
        ++listed;
    }
    if (values.truncated && listed < kMaxListedValues) {
        text += ", ...";
    }
    return text;
}

/// PyRadiomics casts the mask to UInt32, so a voxel's label is its value truncated toward zero.
long long labelOf(double value) { return value >= 1.0 ? static_cast<long long>(value) : 0; }

}  // namespace

RoiMask selectLabel(const image::LabelVolume& mask, const LabelChoice& label, const std::string& maskName) {
    MaskValues values = collectValues(mask);
    bool anyNonzero =
        std::any_of(values.distinct.begin(), values.distinct.end(), [](double v) { return v != 0.0; });
    if (!anyNonzero) {
        throw InputError(
            "mask " + maskName +
            " is empty: every voxel is 0; check that the mask file belongs to this image and holds "
            "the segmentation");
    }

    RoiMask roi;
    roi.geometry = mask.geometry;
    roi.data.assign(mask.data.size(), 0);
    std::set<long long> present;
    long long lastPresent = 0;  // skips the set lookup inside a run of one label
    std::size_t selected = 0;
    for (std::size_t i = 0; i < mask.data.size(); ++i) {
        double value = mask.data[i];
        long long voxelLabel = labelOf(value);
        if (voxelLabel != 0 && voxelLabel != lastPresent) {
            present.insert(voxelLabel);
            lastPresent = voxelLabel;
        }
        bool inside =
            label.all ? value != 0.0
                      : std::find(label.labels.begin(), label.labels.end(), voxelLabel) != label.labels.end();
        if (inside) {
            roi.data[i] = 1;
            ++selected;
        }
    }

    if (selected == 0) {
        std::string kind = values.fractional ? " (fractional values: a probability or resampled mask)" : "";
        std::string fix;
        if (present.size() == 1) {
            fix = "use label: " + std::to_string(*present.begin()) +
                  " (--setting label:" + std::to_string(*present.begin()) +
                  "), or label: all to merge every nonzero value";
        } else if (present.empty()) {
            fix = "use label: all to take every nonzero voxel, or binarise the mask";
        } else {
            fix = "choose one of the labels found, or label: all to merge every nonzero value";
        }
        throw InputError("mask " + maskName + " has no voxel with label " + label.text() +
                         "; values found: " + listValues(values) + kind + "; " + fix);
    }

    if (!label.all) {
        std::string leftOut;
        for (long long value : present) {
            if (std::find(label.labels.begin(), label.labels.end(), value) == label.labels.end()) {
                leftOut += (leftOut.empty() ? "" : ", ") + std::to_string(value);
            }
        }
        if (!leftOut.empty()) {
            spdlog::warn(
                "mask {} also holds label(s) {}, which label {} leaves out; use label: all or a list such "
                "as [1, 2] to include them",
                maskName, leftOut, label.text());
        }
    }
    spdlog::debug("Label {} selects {} voxels of mask {}", label.text(), selected, maskName);
    return roi;
}

std::size_t countRoiVoxels(const RoiMask& roi) {
    return static_cast<std::size_t>(
        std::count_if(roi.data.begin(), roi.data.end(), [](std::uint8_t v) { return v != 0; }));
}

BoundingBox checkRoi(const RoiMask& roi, const PreprocessingSettings& settings, const std::string& maskName) {
    std::optional<BoundingBox> found = image::findBoundingBox(roi);
    if (!found) {
        throw InputError("mask " + maskName + " has no ROI voxel with label " + settings.label.text() +
                         " on the image grid; check the label and that the mask covers the image");
    }
    const BoundingBox box = *found;

    int dimensions = 0;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        dimensions += box.extent(axis) > 1 ? 1 : 0;
    }
    if (dimensions == 0) {
        throw InputError(
            "mask " + maskName + " selects a single voxel with label " + settings.label.text() +
            "; features need an ROI of at least two voxels, so check the label or the segmentation");
    }
    if (dimensions < settings.minimumRoiDimensions) {
        throw InputError("mask " + maskName + ": the ROI spans more than one voxel along only " +
                         std::to_string(dimensions) + " axis/axes (bounding box " +
                         std::to_string(box.extent(0)) + " x " + std::to_string(box.extent(1)) + " x " +
                         std::to_string(box.extent(2)) + " voxels), fewer than minimumROIDimensions " +
                         std::to_string(settings.minimumRoiDimensions) + "; lower minimumROIDimensions to " +
                         std::to_string(dimensions) + " or check the segmentation");
    }

    if (settings.minimumRoiSize) {
        std::size_t voxels = countRoiVoxels(roi);
        if (static_cast<long long>(voxels) <= *settings.minimumRoiSize) {
            throw InputError("mask " + maskName + ": the ROI has " + std::to_string(voxels) +
                             " voxels, not more than minimumROISize " +
                             std::to_string(*settings.minimumRoiSize) +
                             "; lower minimumROISize or check the segmentation");
        }
    }
    return box;
}

}  // namespace pulmorad::radiomics

// Lung segmentation on four public chest CT scans (LIDC-IDRI, Lung-PET-CT-Dx,
// MIDRC-RICORD-1A and lungmask's test slices). Each scan is read and
// segmented once per test process.

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <map>
#include <memory>
#include <string>

#include "image/image_io.h"
#include "segmentation/coarse_grid.h"
#include "segmentation/grid_mask.h"
#include "segmentation/lung_segmentation.h"
#include "support/test_support.h"

namespace pulmorad::segmentation {
namespace {

struct Segmented {
    image::ImageVolume ct;
    LungSegmentation result;
};

const Segmented& segmented(const std::string& folder) {
    static std::map<std::string, std::unique_ptr<Segmented>> cache;
    auto& entry = cache[folder];
    if (!entry) {
        entry = std::make_unique<Segmented>();
        const auto path = test::referencePath(folder);
        image::ImageInfo info;
        entry->ct = image::readImage(path, {}, &info);
        checkSegmentationInput(entry->ct, info.modality, path.string());
        entry->result = segmentLungs(entry->ct, path.string());
    }
    return *entry;
}

// Mean physical x (LPS, + = patient's left) of the voxels with `label`.
double centroidX(const LabelMap& labels, std::uint8_t label) {
    const IndexToPhysical map = indexToPhysical(labels.geometry);
    const auto& size = labels.geometry.size;
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t z = 0; z < size[2]; ++z) {
        for (std::size_t y = 0; y < size[1]; ++y) {
            for (std::size_t x = 0; x < size[0]; ++x) {
                if (labels.at(x, y, z) == label) {
                    sum += map.coordinate(0, x, y, z);
                    ++count;
                }
            }
        }
    }
    return sum / static_cast<double>(count);
}

// One test per scan, because ctest runs each test in its own process and
// reading and segmenting a scan is the slow part.
class RealScan : public ::testing::TestWithParam<std::string> {};

TEST_P(RealScan, TwoLungsOnTheirSidesInAdultRange) {
    const Segmented& scan = segmented(GetParam());
    const LabelMap& labels = scan.result.labels;
    EXPECT_EQ(labels.geometry.size, scan.ct.geometry.size);
    for (std::uint8_t value : labels.data) {
        ASSERT_LE(value, kLeftLungLabel);
    }

    // Each lung is one 6-connected component.
    const GridShape grid{labels.geometry.size[0], labels.geometry.size[1], labels.geometry.size[2]};
    for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
        const RunComponents components = findComponents(grid, labels.data.data(), label);
        EXPECT_EQ(components.sizes.size(), 1u) << "label " << int{label};
    }

    // LPS physical space: the patient's right is -x; the lung centres lie
    // well apart (hand choice: at least 50 mm).
    EXPECT_LT(centroidX(labels, kRightLungLabel), centroidX(labels, kLeftLungLabel) - 50.0);

    // Plausible adult range, hand choice from total lung capacity (about 4 to
    // 8 L) and scans taken below full inspiration or with one diseased lung:
    // 0.8 to 4.5 L per lung, 2.5 to 8 L together.
    const auto volumes = scan.result.report.volumesMl;
    for (double volume : volumes) {
        EXPECT_GT(volume, 800.0);
        EXPECT_LT(volume, 4500.0);
    }
    EXPECT_GT(volumes[0] + volumes[1], 2500.0);
    EXPECT_LT(volumes[0] + volumes[1], 8000.0);
}

INSTANTIATE_TEST_SUITE_P(ReferenceCt, RealScan,
                         ::testing::Values("ct/lidc_idri_0001/dicom", "ct/lung_pet_ct_dx_A0002/dicom",
                                           "ct/midrc_ricord_1a_covid/dicom"),
                         [](const auto& testParam) {
                             return testParam.param.substr(3, testParam.param.find('/', 3) - 3);
                         });

TEST(LungmaskSlices, AreasWithinTenPercentOfR231) {
    const Segmented& scan = segmented("ct/lungmask_testdata");
    std::size_t right = 0;
    std::size_t left = 0;
    for (std::uint8_t value : scan.result.labels.data) {
        right += value == kRightLungLabel ? 1 : 0;
        left += value == kLeftLungLabel ? 1 : 0;
    }
    // lungmask R231 voxel counts over both slices, from lungmask's
    // tests/test_mask.py (commit 3bc1225): right 64752, left 36536.
    EXPECT_NEAR(static_cast<double>(right), 64752.0, 0.10 * 64752.0);
    EXPECT_NEAR(static_cast<double>(left), 36536.0, 0.10 * 36536.0);
}

TEST(RealScanThreads, SameLabelsWithOneThread) {
    const Segmented& scan = segmented("ct/lung_pet_ct_dx_A0002/dicom");
    const tbb::global_control oneThread(tbb::global_control::max_allowed_parallelism, 1);
    const LungSegmentation again = segmentLungs(scan.ct, "again");
    EXPECT_EQ(again.labels.data, scan.result.labels.data);
}

}  // namespace
}  // namespace pulmorad::segmentation

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numbers>
#include <string>

#include "common/errors.h"
#include "segmentation/coarse_grid.h"
#include "segmentation/grid_mask.h"
#include "segmentation/lung_segmentation.h"

namespace pulmorad::segmentation {
namespace {

// Phantom geometry in physical millimetres (LPS): a water body, two air-filled
// ellipsoidal lungs centred at x = -/+ lungOffsetX, a nodule in the right lung
// and a gas bubble (stomach) below the left lung.
struct PhantomShape {
    double lungOffsetX = 70.0;
    double lungA = 50.0;  // semi-axes of each lung along x, y, z
    double lungB = 60.0;
    double lungC = 60.0;
    double lungCentreZ = 20.0;
    bool flipX = false;  // direction cosine -1 along array x
    bool stomach = true;
};

constexpr double kSpacingXY = 3.0;
constexpr double kSpacingZ = 5.0;
constexpr std::size_t kNx = 120;
constexpr std::size_t kNy = 90;
constexpr std::size_t kNz = 40;

bool insideEllipsoid(double x, double y, double z, double cx, double cy, double cz, double a, double b,
                     double c) {
    const double u = (x - cx) / a;
    const double v = (y - cy) / b;
    const double w = (z - cz) / c;
    return u * u + v * v + w * w <= 1.0;
}

image::ImageVolume makePhantom(const PhantomShape& shape) {
    image::ImageVolume ct;
    auto& geometry = ct.geometry;
    geometry.size = {kNx, kNy, kNz};
    geometry.spacing = {kSpacingXY, kSpacingXY, kSpacingZ};
    const double halfX = (static_cast<double>(kNx) - 1) * kSpacingXY / 2;
    const double halfY = (static_cast<double>(kNy) - 1) * kSpacingXY / 2;
    const double halfZ = (static_cast<double>(kNz) - 1) * kSpacingZ / 2;
    geometry.origin = {shape.flipX ? halfX : -halfX, -halfY, -halfZ};
    if (shape.flipX) geometry.direction[0] = -1.0;
    ct.data.resize(geometry.voxelCount());

    const IndexToPhysical map = indexToPhysical(geometry);
    for (std::size_t k = 0; k < kNz; ++k) {
        for (std::size_t j = 0; j < kNy; ++j) {
            for (std::size_t i = 0; i < kNx; ++i) {
                const double x = map.coordinate(0, i, j, k);
                const double y = map.coordinate(1, i, j, k);
                const double z = map.coordinate(2, i, j, k);
                double hu = -1000.0;  // outside air
                if ((x / 150.0) * (x / 150.0) + (y / 110.0) * (y / 110.0) <= 1.0) hu = 40.0;
                for (double side : {-1.0, 1.0}) {
                    if (insideEllipsoid(x, y, z, side * shape.lungOffsetX, 0, shape.lungCentreZ, shape.lungA,
                                        shape.lungB, shape.lungC)) {
                        hu = -850.0;
                    }
                }
                if (insideEllipsoid(x, y, z, -shape.lungOffsetX, 10, shape.lungCentreZ, 7, 7, 7)) hu = 30.0;
                if (shape.stomach && insideEllipsoid(x, y, z, 60, 0, -70, 35, 30, 20)) hu = -1000.0;
                ct.data[ct.index(i, j, k)] = hu;
            }
        }
    }
    return ct;
}

double physicalX(const image::Geometry& geometry, std::size_t i, std::size_t j, std::size_t k) {
    return indexToPhysical(geometry).coordinate(0, i, j, k);
}

TEST(SegmentLungs, PhantomLabelsBySide) {
    const image::ImageVolume ct = makePhantom({});
    const LungSegmentation result = segmentLungs(ct, "phantom");
    std::size_t wrongSide = 0;
    for (std::size_t k = 0; k < kNz; ++k) {
        for (std::size_t j = 0; j < kNy; ++j) {
            for (std::size_t i = 0; i < kNx; ++i) {
                const std::uint8_t label = result.labels.at(i, j, k);
                if (label == 0) continue;
                const bool right = physicalX(ct.geometry, i, j, k) < 0.0;
                if ((label == kRightLungLabel) != right) ++wrongSide;
            }
        }
    }
    EXPECT_EQ(wrongSide, 0u);
}

TEST(SegmentLungs, PhantomVolumesMatchEllipsoids) {
    const PhantomShape shape;
    const LungSegmentation result = segmentLungs(makePhantom(shape), "phantom");
    // Hand derivation: ellipsoid volume 4/3 pi a b c in mm3, / 1000 for mL
    // (754 mL), with the right lung's nodule inside. The 5% tolerance is for
    // the staircase of 3 x 3 x 5 mm voxels.
    const double expected = 4.0 / 3.0 * std::numbers::pi * shape.lungA * shape.lungB * shape.lungC / 1000.0;
    EXPECT_NEAR(result.report.volumesMl[0], expected, 0.05 * expected);
    EXPECT_NEAR(result.report.volumesMl[1], expected, 0.05 * expected);
}

TEST(SegmentLungs, PhantomKeepsNoduleDropsStomach) {
    const PhantomShape shape;
    const image::ImageVolume ct = makePhantom(shape);
    const LungSegmentation result = segmentLungs(ct, "phantom");
    // Nodule centre (-70, 10, 20) mm and gas bubble centre (60, 0, -70) mm, as voxel indices.
    const auto index = [](double x, double y, double z) {
        const double halfX = (static_cast<double>(kNx) - 1) * kSpacingXY / 2;
        const double halfY = (static_cast<double>(kNy) - 1) * kSpacingXY / 2;
        const double halfZ = (static_cast<double>(kNz) - 1) * kSpacingZ / 2;
        return std::array<std::size_t, 3>{static_cast<std::size_t>(std::lround((x + halfX) / kSpacingXY)),
                                          static_cast<std::size_t>(std::lround((y + halfY) / kSpacingXY)),
                                          static_cast<std::size_t>(std::lround((z + halfZ) / kSpacingZ))};
    };
    const auto nodule = index(-70, 10, 20);
    const auto stomach = index(60, 0, -70);
    EXPECT_EQ(ct.at(nodule[0], nodule[1], nodule[2]), 30.0);
    EXPECT_EQ(result.labels.at(nodule[0], nodule[1], nodule[2]), kRightLungLabel);
    EXPECT_EQ(ct.at(stomach[0], stomach[1], stomach[2]), -1000.0);
    EXPECT_EQ(result.labels.at(stomach[0], stomach[1], stomach[2]), 0);
}

TEST(SegmentLungs, FlippedDirectionKeepsPatientSides) {
    PhantomShape shape;
    shape.flipX = true;
    const image::ImageVolume ct = makePhantom(shape);
    const LungSegmentation result = segmentLungs(ct, "phantom");
    // With x flipped, the right lung (physical x < 0) lies at high array x.
    std::size_t rightAtHighX = 0;
    std::size_t rightAtLowX = 0;
    for (std::size_t k = 0; k < kNz; ++k) {
        for (std::size_t j = 0; j < kNy; ++j) {
            for (std::size_t i = 0; i < kNx; ++i) {
                if (result.labels.at(i, j, k) != kRightLungLabel) continue;
                (i >= kNx / 2 ? rightAtHighX : rightAtLowX) += 1;
            }
        }
    }
    EXPECT_GT(rightAtHighX, 0u);
    EXPECT_EQ(rightAtLowX, 0u);
}

TEST(SegmentLungs, SplitsTouchingLungs) {
    PhantomShape shape;
    shape.lungOffsetX = 45.0;  // the ellipsoids overlap 10 mm across the midline
    const image::ImageVolume ct = makePhantom(shape);
    const LungSegmentation result = segmentLungs(ct, "phantom");
    EXPECT_TRUE(result.report.lungsTouched);
    const GridShape grid{kNx, kNy, kNz};
    LabelMap labels = result.labels;
    for (std::uint8_t label : {kRightLungLabel, kLeftLungLabel}) {
        EXPECT_EQ(findComponents(grid, labels.data.data(), label).sizes.size(), 1u) << "label " << int{label};
    }
    // The phantom is mirror-symmetric, so the halves should be near equal.
    EXPECT_NEAR(result.report.volumesMl[0], result.report.volumesMl[1], 0.1 * result.report.volumesMl[0]);
}

TEST(SegmentLungs, NoLungIsInputError) {
    PhantomShape shape;
    shape.lungA = shape.lungB = shape.lungC = 1.0;  // no lung
    shape.stomach = false;
    try {
        (void)segmentLungs(makePhantom(shape), "tiny.nii.gz");
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("no lung found in 'tiny.nii.gz'"), std::string::npos);
        return;
    }
    FAIL() << "expected InputError";
}

TEST(CheckSegmentationInput, RejectsOtherModality) {
    const image::ImageVolume ct = makePhantom({});
    EXPECT_THROW(checkSegmentationInput(ct, "MR", "scan"), InputError);
    EXPECT_NO_THROW(checkSegmentationInput(ct, "CT", "scan"));
    EXPECT_NO_THROW(checkSegmentationInput(ct, "", "scan"));  // a missing Modality tag is accepted
}

TEST(CheckSegmentationInput, RejectsSingleSlice) {
    image::ImageVolume ct;
    ct.geometry.size = {8, 8, 1};
    ct.data.assign(64, -1000.0);
    EXPECT_THROW(checkSegmentationInput(ct, "CT", "slice.dcm"), InputError);
}

TEST(CheckSegmentationInput, RejectsValuesThatAreNotHu) {
    image::ImageVolume ct = makePhantom({});
    for (double& value : ct.data) value += 1024.0;  // stored values without the rescale intercept
    try {
        checkSegmentationInput(ct, "CT", "raw.nii.gz");
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("rescale"), std::string::npos);
        return;
    }
    FAIL() << "expected InputError";
}

TEST(SegmentLungs, AxesReorderedGiveSameLabels) {
    // The same phantom stored with z first: the labels must follow the voxels.
    const image::ImageVolume ct = makePhantom({});
    const LungSegmentation direct = segmentLungs(ct, "phantom");
    const image::ImageVolume reordered = permuteAxes(ct, {2, 0, 1});
    const LungSegmentation viaReordered = segmentLungs(reordered, "phantom");
    const LabelMap back = permuteAxes(viaReordered.labels, {1, 2, 0});
    EXPECT_EQ(back.data, direct.labels.data);
}

}  // namespace
}  // namespace pulmorad::segmentation

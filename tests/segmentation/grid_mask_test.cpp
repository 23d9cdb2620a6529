#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "segmentation/distance_transform.h"
#include "segmentation/grid_mask.h"

namespace pulmorad::segmentation {
namespace {

TEST(FindComponents, CountsFaceConnectedOnly) {
    // Two voxels touching only at a corner are separate under 6-connectivity;
    // a vertical pair in z is one component.
    const GridShape shape{3, 3, 2};
    Mask mask(shape.voxelCount(), 0);
    mask[shape.index(0, 0, 0)] = 1;
    mask[shape.index(1, 1, 0)] = 1;
    mask[shape.index(1, 1, 1)] = 1;
    const RunComponents components = findComponents(shape, mask.data());
    ASSERT_EQ(components.sizes.size(), 2u);
    EXPECT_EQ(components.sizes[0], 1u);  // first in memory order
    EXPECT_EQ(components.sizes[1], 2u);
}

TEST(FindComponents, JoinsUShapeThroughLaterRow) {
    // A U shape: the two arms meet only in the last row, after both started.
    const GridShape shape{5, 4, 1};
    Mask mask(shape.voxelCount(), 0);
    for (std::size_t y = 0; y < 4; ++y) {
        mask[shape.index(0, y, 0)] = 1;
        mask[shape.index(4, y, 0)] = 1;
    }
    for (std::size_t x = 0; x < 5; ++x) mask[shape.index(x, 3, 0)] = 1;
    const RunComponents components = findComponents(shape, mask.data());
    ASSERT_EQ(components.sizes.size(), 1u);
    EXPECT_EQ(components.sizes[0], 11u);  // hand count: 3 + 3 arm voxels and a row of 5
}

TEST(KeepLargestComponent, RemovesSmallerOnes) {
    const GridShape shape{6, 1, 1};
    Mask mask{1, 1, 0, 1, 1, 1};
    EXPECT_EQ(keepLargestComponent(shape, mask.data(), 1), 2u);
    EXPECT_EQ(mask, (Mask{0, 0, 0, 1, 1, 1}));
}

TEST(FillHoles2d, FillsEnclosedButNotBorderConnected) {
    // A ring with a one-pixel hole, and a notch open to the border.
    const std::size_t nx = 5;
    const std::size_t ny = 5;
    Mask mask = {0, 0, 0, 0, 0,  //
                 0, 1, 1, 1, 0,  //
                 0, 1, 0, 1, 0,  //
                 0, 1, 1, 1, 0,  //
                 0, 0, 0, 0, 0};
    fillHoles2d(mask.data(), nx, ny);
    EXPECT_EQ(mask[2 + nx * 2], 1);
    EXPECT_EQ(mask[0], 0);

    Mask notch = {1, 1, 1, 1, 1,  //
                  1, 0, 0, 0, 1,  //
                  1, 0, 0, 0, 1,  //
                  1, 1, 0, 1, 1,  //
                  1, 1, 0, 1, 1};
    fillHoles2d(notch.data(), nx, ny);
    EXPECT_EQ(notch[2 + nx * 2], 0);
}

TEST(FillHoles2d, RespectsMaximumHoleSize) {
    const std::size_t n = 6;
    Mask mask(n * n, 1);
    for (std::size_t y = 1; y < 5; ++y) {
        for (std::size_t x = 1; x < 5; ++x) mask[x + n * y] = 0;  // a 16-pixel hole
    }
    Mask limited = mask;
    fillHoles2d(limited.data(), n, n, 15);
    EXPECT_EQ(limited[2 + n * 2], 0);
    fillHoles2d(mask.data(), n, n, 16);
    EXPECT_EQ(mask[2 + n * 2], 1);
}

TEST(FillHoles3d, FillsCavityButNotTunnel) {
    const GridShape shape{5, 5, 5};
    Mask cube(shape.voxelCount(), 1);
    cube[shape.index(2, 2, 2)] = 0;
    fillHoles3d(shape, cube.data());
    EXPECT_EQ(cube[shape.index(2, 2, 2)], 1);

    Mask tunnel(shape.voxelCount(), 1);
    for (std::size_t z = 0; z < 5; ++z) tunnel[shape.index(2, 2, z)] = 0;
    fillHoles3d(shape, tunnel.data());
    EXPECT_EQ(tunnel[shape.index(2, 2, 2)], 0);
}

TEST(SquaredDistance, MatchesBruteForceWithAnisotropicSpacing) {
    const GridShape shape{7, 6, 5};
    const std::array<double, 3> spacing{0.7, 1.3, 2.5};
    Mask sites(shape.voxelCount(), 0);
    sites[shape.index(1, 2, 0)] = 1;
    sites[shape.index(6, 5, 4)] = 1;
    sites[shape.index(3, 0, 2)] = 1;
    const std::vector<float> distance = squaredDistanceToSites(shape, spacing, sites.data());

    // Reference: hand-written brute force over all site voxels.
    for (std::size_t z = 0; z < shape.nz; ++z) {
        for (std::size_t y = 0; y < shape.ny; ++y) {
            for (std::size_t x = 0; x < shape.nx; ++x) {
                double best = std::numeric_limits<double>::max();
                for (std::size_t i = 0; i < sites.size(); ++i) {
                    if (sites[i] == 0) continue;
                    const double dx =
                        (static_cast<double>(i % shape.nx) - static_cast<double>(x)) * spacing[0];
                    const double dy =
                        (static_cast<double>((i / shape.nx) % shape.ny) - static_cast<double>(y)) *
                        spacing[1];
                    const double dz =
                        (static_cast<double>(i / shape.sliceSize()) - static_cast<double>(z)) * spacing[2];
                    best = std::min(best, dx * dx + dy * dy + dz * dz);
                }
                EXPECT_NEAR(distance[shape.index(x, y, z)], best, 1e-4 * (1.0 + best));
            }
        }
    }
}

TEST(SquaredDistance, NoSitesGivesSentinel) {
    const GridShape shape{4, 3, 2};
    const Mask sites(shape.voxelCount(), 0);
    const std::vector<float> distance = squaredDistanceToSites(shape, {1.0, 1.0, 1.0}, sites.data());
    for (float value : distance) EXPECT_EQ(value, kNoSiteDistance);
}

TEST(CloseWithDisk2d, BridgesNarrowGapOnly) {
    // Two bars 2 px apart close with radius 2 px; 8 px apart they do not.
    const std::size_t nx = 30;
    const std::size_t ny = 20;
    auto bars = [&](std::size_t gap) {
        Mask mask(nx * ny, 0);
        for (std::size_t y = 5; y < 15; ++y) {
            for (std::size_t x = 5; x < 10; ++x) mask[x + nx * y] = 1;
            for (std::size_t x = 10 + gap; x < 15 + gap; ++x) mask[x + nx * y] = 1;
        }
        return mask;
    };
    Mask narrow = bars(2);
    closeWithDisk2d(narrow.data(), nx, ny, 1.0, 1.0, 2.0);
    EXPECT_EQ(narrow[10 + nx * 10], 1);
    EXPECT_EQ(narrow[11 + nx * 10], 1);

    Mask wide = bars(8);
    closeWithDisk2d(wide.data(), nx, ny, 1.0, 1.0, 2.0);
    EXPECT_EQ(wide[13 + nx * 10], 0);
    EXPECT_EQ(wide[7 + nx * 10], 1);  // the input stays inside its closing
}

}  // namespace
}  // namespace pulmorad::segmentation

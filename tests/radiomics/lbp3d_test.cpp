// The LBP3D image type (PyRadiomics 3.1's getLBP3DImage). There is no
// PyRadiomics reference output for it, so the expected values come from hand
// derivations and from an independent numpy evaluation of the same formula
// (described at each test).

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "common/errors.h"
#include "radiomics/filters/filters.h"
#include "radiomics/filters/lbp3d.h"

namespace pulmorad::radiomics {
namespace {

using image::ImageVolume;
using RoiVolume = image::Volume<std::uint8_t>;

ImageVolume makeCube(std::size_t size) {
    ImageVolume volume;
    volume.geometry.size = {size, size, size};
    volume.data.assign(volume.geometry.voxelCount(), 0.0);
    return volume;
}

RoiVolume roiWith(const ImageVolume& image, const std::vector<std::array<std::size_t, 3>>& voxels) {
    RoiVolume roi;
    roi.geometry = image.geometry;
    roi.data.assign(image.data.size(), 0);
    for (const auto& voxel : voxels) {
        roi.at(voxel[0], voxel[1], voxel[2]) = 1;
    }
    return roi;
}

/// Returns the 6 x 6 x 6 test volume I(x, y, z) = ((3x + 5y + 7z) mod 11) + 0.5 x.
ImageVolume makeModuloVolume() {
    ImageVolume volume = makeCube(6);
    for (std::size_t z = 0; z < 6; ++z) {
        for (std::size_t y = 0; y < 6; ++y) {
            for (std::size_t x = 0; x < 6; ++x) {
                volume.at(x, y, z) = static_cast<double>((3 * x + 5 * y + 7 * z) % 11) + 0.5 * static_cast<double>(x);
            }
        }
    }
    return volume;
}

TEST(Lbp3D, IcosphereVertexCountsAndRadius) {
    // An icosahedron has 12 vertices and 30 edges; each subdivision adds one
    // vertex per edge: 12, 42, 162 (edges 30, 120, 480).
    EXPECT_EQ(filters::icosphereVertices(0, 1.0).size(), 12u);
    EXPECT_EQ(filters::icosphereVertices(1, 1.0).size(), 42u);
    EXPECT_EQ(filters::icosphereVertices(2, 2.5).size(), 162u);
    for (const auto& vertex : filters::icosphereVertices(2, 2.5)) {
        EXPECT_NEAR(std::hypot(vertex[0], vertex[1], vertex[2]), 2.5, 1e-14);
    }
    // Hand derivation: the midpoint of icosahedron vertices 4 = (0, -1, t) and
    // 5 = (0, 1, t) projects onto (0, 0, 1); trimesh keeps the icosahedron's
    // 12 vertices first, so vertex 0 stays (-1, t, 0) / sqrt(t^2 + 1).
    const auto vertices = filters::icosphereVertices(1, 1.0);
    bool foundPole = false;
    for (const auto& vertex : vertices) {
        foundPole = foundPole || (std::abs(vertex[0]) < 1e-15 && std::abs(vertex[1]) < 1e-15 && vertex[2] == 1.0);
    }
    EXPECT_TRUE(foundPole);
    const double t = (1.0 + std::sqrt(5.0)) / 2.0;
    EXPECT_NEAR(vertices[0][0], -1.0 / std::sqrt(t * t + 1.0), 1e-15);
    EXPECT_NEAR(vertices[0][1], t / std::sqrt(t * t + 1.0), 1e-15);
    // trimesh applies the radius only while subdividing.
    EXPECT_NEAR(std::hypot(filters::icosphereVertices(0, 3.0)[5][0], filters::icosphereVertices(0, 3.0)[5][1],
                           filters::icosphereVertices(0, 3.0)[5][2]),
                1.0, 1e-15);
}

TEST(Lbp3D, SphericalHarmonicClosedForms) {
    // Closed forms with the Condon-Shortley phase (scipy.special.sph_harm(m, n, azimuth, polar)).
    const double azimuth = 0.7;
    const double polar = 1.1;
    const double pi = std::numbers::pi;
    const auto y00 = filters::sphericalHarmonic(0, 0, azimuth, polar);
    EXPECT_NEAR(y00.real(), 0.5 / std::sqrt(pi), 1e-15);
    EXPECT_EQ(y00.imag(), 0.0);
    const auto y10 = filters::sphericalHarmonic(0, 1, azimuth, polar);
    EXPECT_NEAR(y10.real(), std::sqrt(3.0 / (4.0 * pi)) * std::cos(polar), 1e-15);
    const auto y11 = filters::sphericalHarmonic(1, 1, azimuth, polar);
    const double a11 = -std::sqrt(3.0 / (8.0 * pi)) * std::sin(polar);
    EXPECT_NEAR(y11.real(), a11 * std::cos(azimuth), 1e-15);
    EXPECT_NEAR(y11.imag(), a11 * std::sin(azimuth), 1e-15);
    const auto y1m1 = filters::sphericalHarmonic(-1, 1, azimuth, polar);
    EXPECT_NEAR(y1m1.real(), -a11 * std::cos(azimuth), 1e-15);
    EXPECT_NEAR(y1m1.imag(), a11 * std::sin(azimuth), 1e-15);
    const auto y21 = filters::sphericalHarmonic(1, 2, azimuth, polar);
    const double a21 = -std::sqrt(15.0 / (8.0 * pi)) * std::sin(polar) * std::cos(polar);
    EXPECT_NEAR(y21.real(), a21 * std::cos(azimuth), 1e-15);
    EXPECT_NEAR(y21.imag(), a21 * std::sin(azimuth), 1e-15);
    // A negative polar argument (PyRadiomics passes atan2 values) uses |sin|.
    EXPECT_NEAR(filters::sphericalHarmonic(1, 1, azimuth, -polar).real(), a11 * std::cos(azimuth), 1e-15);
}

TEST(Lbp3D, SplineInterpolatesGridValues) {
    const ImageVolume image = makeModuloVolume();
    const ImageVolume coefficients = filters::cubicSplineCoefficients(image);
    // A cubic interpolating spline passes through the data at every voxel.
    for (std::size_t z = 0; z < 6; ++z) {
        for (std::size_t y = 0; y < 6; ++y) {
            for (std::size_t x = 0; x < 6; ++x) {
                EXPECT_NEAR(filters::interpolateCubicSpline(coefficients, static_cast<double>(x),
                                                            static_cast<double>(y), static_cast<double>(z)),
                            image.at(x, y, z), 1e-12);
            }
        }
    }
    // SciPy's mode "constant": cval 0 outside [0, size - 1].
    EXPECT_EQ(filters::interpolateCubicSpline(coefficients, -0.1, 2.0, 2.0), 0.0);
    EXPECT_EQ(filters::interpolateCubicSpline(coefficients, 2.0, 5.01, 2.0), 0.0);
}

TEST(Lbp3D, HalfSpacePatternHandDerivation) {
    // I = x + 0.37 y + 0.21 z on a 31^3 cube, ROI the centre voxel. The samples
    // are I(p) + d_v with d_v = v_x + 0.37 v_y + 0.21 v_z (up to the spline's
    // border error, below 1e-8 at 15 voxels from the border). No vertex of the
    // 42-vertex icosphere has |d_v| below 0.045, and the icosphere is centrally
    // symmetric, so exactly 21 bits are set and
    //   m1 = |c_00| Y_00 sqrt(42) = 21 Y_00^2 sqrt(42) = 21 sqrt(42) / (4 pi).
    // The 42 vertices form a spherical 5-design (icosahedron plus edge
    // midpoints), so the projections d_v have the moments of a uniform variable
    // on [-r, r]: excess kurtosis -6/5.
    const std::size_t size = 31;
    ImageVolume image = makeCube(size);
    for (std::size_t z = 0; z < size; ++z) {
        for (std::size_t y = 0; y < size; ++y) {
            for (std::size_t x = 0; x < size; ++x) {
                image.at(x, y, z) = static_cast<double>(x) + 0.37 * static_cast<double>(y) + 0.21 * static_cast<double>(z);
            }
        }
    }
    const RoiVolume roi = roiWith(image, {{15, 15, 15}});
    const filters::Lbp3DImages lbp = filters::localBinaryPattern3D(image, roi, {});
    ASSERT_EQ(lbp.levels.size(), 2u);
    EXPECT_NEAR(lbp.levels[0].at(15, 15, 15), 21.0 * std::sqrt(42.0) / (4.0 * std::numbers::pi), 1e-12);
    EXPECT_NEAR(lbp.kurtosis.at(15, 15, 15), -1.2, 1e-6);
    EXPECT_EQ(lbp.undefinedKurtosisCount, 0u);
    // Outside the ROI every image is 0.
    EXPECT_EQ(lbp.levels[0].at(14, 15, 15), 0.0);
    EXPECT_EQ(lbp.kurtosis.at(14, 15, 15), 0.0);
}

TEST(Lbp3D, MatchesNumpyEvaluation) {
    // Expected values: an independent numpy evaluation of the published
    // formula (trimesh icosphere, SciPy's spline prefilter recursion and
    // cubic B-spline weights with mirrored windows and cval 0 outside,
    // sph_harm closed forms for degrees 0 and 1, scipy.stats.kurtosis with
    // bias), on the volume I = ((3x + 5y + 7z) mod 11) + 0.5 x, 6 x 6 x 6,
    // default settings (2 levels, radius 1, subdivision 1). Voxel (0, 2, 2)
    // has samples outside the image, which count as 0.
    struct Expected {
        std::array<std::size_t, 3> voxel;  // x, y, z
        double m1;
        double m2;
        double k;
    };
    const std::vector<Expected> expected{
        {{2, 2, 2}, 1.5471628755726494, 1.8836470057946324, -0.84273427717797356},
        {{2, 3, 2}, 20.628838340968645, 17.584430325489837, -0.90283891470584665},
        {{1, 2, 3}, 21.660280258017078, 18.401806215963287, -0.98905604181428197},
        {{0, 2, 2}, 11.861582046056983, 11.154725244507956, -1.4011707320203932},
    };
    const ImageVolume image = makeModuloVolume();
    std::vector<std::array<std::size_t, 3>> voxels;
    for (const Expected& entry : expected) {
        voxels.push_back(entry.voxel);
    }
    const filters::Lbp3DImages lbp = filters::localBinaryPattern3D(image, roiWith(image, voxels), {});
    for (const Expected& entry : expected) {
        const auto [x, y, z] = entry.voxel;
        EXPECT_NEAR(lbp.levels[0].at(x, y, z), entry.m1, 1e-12 * std::abs(entry.m1)) << x << y << z;
        EXPECT_NEAR(lbp.levels[1].at(x, y, z), entry.m2, 1e-12 * std::abs(entry.m2)) << x << y << z;
        EXPECT_NEAR(lbp.kurtosis.at(x, y, z), entry.k, 1e-12 * std::abs(entry.k)) << x << y << z;
    }
}

TEST(Lbp3D, KurtosisInvariantUnderRotation) {
    // R(x, y, z) = I(y, z, x) is I rotated by 120 degrees about the (1, 1, 1)
    // axis. The cyclic permutation of coordinates maps the icosphere onto
    // itself, so voxel p of R has the same samples as voxel (y, z, x) of I.
    // The kurtosis and the degree-0 value (a count of set bits) then agree, up
    // to rounding in the spline prefilter, which runs along the axes in a fixed order.
    const ImageVolume image = makeModuloVolume();
    ImageVolume rotated = makeCube(6);
    for (std::size_t z = 0; z < 6; ++z) {
        for (std::size_t y = 0; y < 6; ++y) {
            for (std::size_t x = 0; x < 6; ++x) {
                rotated.at(x, y, z) = image.at(y, z, x);
            }
        }
    }
    RoiVolume roi = roiWith(image, {});
    std::fill(roi.data.begin(), roi.data.end(), std::uint8_t{1});
    const filters::Lbp3DImages original = filters::localBinaryPattern3D(image, roi, {});
    const filters::Lbp3DImages turned = filters::localBinaryPattern3D(rotated, roi, {});
    for (std::size_t z = 0; z < 6; ++z) {
        for (std::size_t y = 0; y < 6; ++y) {
            for (std::size_t x = 0; x < 6; ++x) {
                EXPECT_NEAR(turned.kurtosis.at(x, y, z), original.kurtosis.at(y, z, x), 1e-9) << x << y << z;
                EXPECT_NEAR(turned.levels[0].at(x, y, z), original.levels[0].at(y, z, x), 1e-12) << x << y << z;
            }
        }
    }
    // Degree 1 is not invariant, because PyRadiomics passes the polar angle to
    // sph_harm's azimuth argument and the reverse. Numpy evaluation of the
    // formula (as in MatchesNumpyEvaluation): 2.733200036739634 at (2, 2, 2) of
    // the rotated volume against 1.8836470057946324 at (2, 2, 2) of I.
    EXPECT_NEAR(turned.levels[1].at(2, 2, 2), 2.733200036739634, 1e-12);
    EXPECT_NEAR(original.levels[1].at(2, 2, 2), 1.8836470057946324, 1e-12);
}

TEST(Lbp3D, ImageTypeNamesFollowPyRadiomics) {
    std::vector<std::unique_ptr<ImageType>> types = makeFilterImageTypes();
    const ImageType* lbp3d = nullptr;
    for (const auto& type : types) {
        if (type->name() == "LBP3D") {
            lbp3d = type.get();
        }
    }
    ASSERT_NE(lbp3d, nullptr);
    const ImageVolume image = makeModuloVolume();
    const RoiVolume roi = roiWith(image, {{2, 2, 2}, {3, 3, 3}});

    std::vector<std::string> prefixes;
    for (const DerivedImage& derived : lbp3d->generate(image, roi, YAML::Load("{lbp3DLevels: 3}"))) {
        prefixes.push_back(derived.prefix);
    }
    EXPECT_EQ(prefixes, (std::vector<std::string>{"lbp-3D-m1", "lbp-3D-m2", "lbp-3D-m3", "lbp-3D-k"}));
    EXPECT_THROW(lbp3d->validate(YAML::Load("{lbp3DLevels: 0}")), InputError);
    EXPECT_THROW(lbp3d->validate(YAML::Load("{lbp3DIcosphereRadius: -1}")), InputError);
}

TEST(Lbp3D, FlatRegionIsInvalidInput) {
    // A constant neighbourhood has no kurtosis (SciPy returns NaN).
    ImageVolume flat = makeCube(7);
    std::fill(flat.data.begin(), flat.data.end(), 5.0);
    const RoiVolume roi = roiWith(flat, {{3, 3, 3}});
    const filters::Lbp3DImages lbp = filters::localBinaryPattern3D(flat, roi, {});
    EXPECT_EQ(lbp.undefinedKurtosisCount, 1u);
    EXPECT_TRUE(std::isnan(lbp.kurtosis.at(3, 3, 3)));

    std::vector<std::unique_ptr<ImageType>> types = makeFilterImageTypes();
    for (const auto& type : types) {
        if (type->name() == "LBP3D") {
            EXPECT_THROW(type->generate(flat, roi, YAML::Load("{}")), InputError);
        }
    }
}

}  // namespace
}  // namespace pulmorad::radiomics

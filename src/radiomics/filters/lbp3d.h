#pragma once

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "image/volume.h"

namespace pulmorad::radiomics::filters {

/// Settings of PyRadiomics 3.1's getLBP3DImage.
struct Lbp3DOptions {
    int levels = 2;                  ///< lbp3DLevels: spherical-harmonic degrees 0 .. levels - 1
    double icosphereRadius = 1.0;    ///< lbp3DIcosphereRadius, in voxels
    int icosphereSubdivision = 1;    ///< lbp3DIcosphereSubdivision
};

/// The derived images of localBinaryPattern3D, on the input grid, 0 outside the ROI.
struct Lbp3DImages {
    std::vector<image::ImageVolume> levels;  ///< "lbp-3D-m1", "lbp-3D-m2", ... in order
    image::ImageVolume kurtosis;             ///< "lbp-3D-k"
    /// Number of ROI voxels whose samples are (nearly) constant, where SciPy's
    /// kurtosis is undefined. Their kurtosis voxel is NaN.
    std::size_t undefinedKurtosisCount = 0;
};

/// Returns the vertices of trimesh's icosphere(subdivisions, radius) as
/// (numpy axis 0, 1, 2) offsets, in trimesh's order: the 12 icosahedron
/// vertices (-1, t, 0), (1, t, 0), ... divided by sqrt(t^2 + 1), t the golden
/// ratio. Each subdivision appends the midpoints of the unique edges, ordered
/// by larger, then smaller vertex index as trimesh's row hashing sorts them.
/// Then it moves every vertex along its direction to `radius`. As in trimesh,
/// without subdivision the vertices stay on the unit sphere.
std::vector<std::array<double, 3>> icosphereVertices(int subdivisions, double radius);

/// Returns scipy.special.sph_harm(m, n, azimuth, polar):
/// \f[ Y_n^m = \sqrt{\frac{2n+1}{4\pi}\frac{(n-m)!}{(n+m)!}}\, P_n^m(\cos\phi)\, e^{i m \theta} \f]
/// with the Condon-Shortley phase in \f$P_n^m\f$, azimuth \f$\theta\f$ and polar angle \f$\phi\f$.
std::complex<double> sphericalHarmonic(int m, int n, double azimuth, double polar);

/// Returns the cubic B-spline coefficients of `image` as SciPy's
/// ndimage.spline_filter(order=3, mode="constant") computes them: along numpy
/// axes 0, 1, 2 (z, y, x) in turn, gain 6 and the causal and anticausal
/// recursions with pole sqrt(3) - 2 and mirror-symmetric initial values.
image::ImageVolume cubicSplineCoefficients(const image::ImageVolume& image);

/// Interpolates cubic B-spline `coefficients` at the voxel position (x, y, z)
/// as SciPy's map_coordinates(order=3, mode="constant", cval=0) does: 0 when
/// a coordinate is outside [0, size - 1], and the 4 x 4 x 4 window mirrored at
/// the image border otherwise.
double interpolateCubicSpline(const image::ImageVolume& coefficients, double x, double y, double z);

/// Computes PyRadiomics 3.1's getLBP3DImage for the ROI voxels (roi != 0).
/// For ROI voxel p with value g_p and icosphere vertices v (Nv of them,
/// offsets in voxels), the samples f_v are the cubic-spline interpolation of
/// the image at p + v. Then
/// \f[ b_v = [f_v \ge g_p], \quad c_{n,m} = \sum_v b_v Y_n^m(\theta_v, \phi_v), \f]
/// \f[ \mathrm{m}_{n+1} = \mathrm{Re}\sqrt{\sum_v \Big(\sum_{m=-n}^{n} c_{n,m} Y_n^m(\theta_v, \phi_v)\Big)^2} \f]
/// for n = 0 .. levels - 1 (complex square and principal square root, as
/// numpy computes them), and k is the excess kurtosis of the f_v (SciPy's
/// kurtosis with bias: m4 / m2^2 - 3, NaN when m2 <= (1e-15 * mean)^2).
/// As PyRadiomics calls sph_harm(m, n, theta, phi), the azimuth argument gets
/// \f$\theta_v = \arccos(v_2 / R)\f$ and the polar argument gets
/// \f$\phi_v = \operatorname{atan2}(v_1, v_0)\f$, where v_0, v_1, v_2 are the
/// vertex offsets along numpy axes 0, 1, 2 (z, y, x) and R is the radius.
/// That is the reverse of SciPy's convention, so only degree 0 and the
/// kurtosis are invariant under rotations of the icosphere.
Lbp3DImages localBinaryPattern3D(const image::ImageVolume& image, const image::Volume<std::uint8_t>& roi,
                                 const Lbp3DOptions& options);

}  // namespace pulmorad::radiomics::filters

#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "radiomics/features/feature_class.h"
#include "radiomics/features/marching_cubes.h"

namespace pulmorad::radiomics {

/// \file
/// Shape features (PyRadiomics class "shape"), computed on RoiData::shapeRoi
/// cropped to its own bounding box (PyRadiomics crops the shape mask without
/// padDistance) and padded with one layer of zeros.
///
/// Notation:
/// - \f$N_v\f$ voxels in the ROI, each of volume \f$V_k\f$ (the product of the spacings);
/// - the mesh: marching cubes with every vertex halfway along a voxel edge
///   between an ROI voxel and a background voxel (PyRadiomics' cshape.c);
///   \f$N_f\f$ triangles with corners \f$a_i, b_i, c_i\f$ (mm, wound outward);
/// - \f$V\f$ the mesh volume and \f$A\f$ the mesh surface area below;
/// - \f$\lambda_{least} \le \lambda_{minor} \le \lambda_{major}\f$ the eigenvalues
///   of the covariance of the physical voxel-centre coordinates (principalMoments()).
///
/// Features, in PyRadiomics' output order:
/// - Compactness1 (deprecated; IBSI "Compactness 1", SKGS):
///   \f[ \frac{V}{\sqrt{\pi}\,A^{3/2}} \f]
/// - Compactness2 (deprecated; IBSI "Compactness 2", BQWJ): \f[ 36\pi\frac{V^2}{A^3} \f]
/// - Elongation (IBSI "Elongation", Q3CK): \f[ \sqrt{\lambda_{minor}/\lambda_{major}} \f]
///   IBSI defines the same ratio (the inverse of a "true" elongation).
/// - Flatness (IBSI "Flatness", N17B): \f[ \sqrt{\lambda_{least}/\lambda_{major}} \f]
/// - LeastAxisLength (IBSI "Least axis length", 7J51): \f[ 4\sqrt{\lambda_{least}} \f]
/// - MajorAxisLength (IBSI "Major axis length", TDIC): \f[ 4\sqrt{\lambda_{major}} \f]
/// - Maximum2DDiameterColumn: largest distance between two mesh vertices with the
///   same y (numpy axis 1) coordinate, i.e. within a coronal plane. No IBSI feature.
/// - Maximum2DDiameterRow: the same within planes of constant x (sagittal). No IBSI feature.
/// - Maximum2DDiameterSlice: the same within planes of constant z (axial). No IBSI feature.
///   The planes are those of the vertex lattice, which includes the half-voxel
///   planes between slices, as in PyRadiomics.
/// - Maximum3DDiameter (IBSI "Maximum 3D diameter", L0JK):
///   \f[ \max_{i,j} \lVert v_i - v_j \rVert \f] over mesh vertices. IBSI takes the
///   vertices of the same kind of mesh, so the definitions agree.
/// - MeshVolume (IBSI "Volume", RNU0):
///   \f[ V = \sum_{i=1}^{N_f} \frac{a_i \cdot (b_i \times c_i)}{6} \f]
///   (signed tetrahedra between the origin and each triangle).
/// - MinorAxisLength (IBSI "Minor axis length", P9VJ): \f[ 4\sqrt{\lambda_{minor}} \f]
/// - SphericalDisproportion (deprecated; IBSI "Spherical disproportion", KRCK):
///   \f[ \frac{A}{(36\pi V^2)^{1/3}} \f]
/// - Sphericity (IBSI "Sphericity", QCFX): \f[ \frac{(36\pi V^2)^{1/3}}{A} \f]
/// - SurfaceArea (IBSI "Surface area", C0JK):
///   \f[ A = \sum_{i=1}^{N_f} \tfrac{1}{2}\lVert (a_i - c_i) \times (b_i - c_i) \rVert \f]
/// - SurfaceVolumeRatio (IBSI "Surface to volume ratio", 2PR5): \f[ A / V \f]
/// - VoxelVolume (IBSI "Approximate volume", YEKZ): \f[ N_v V_k \f]
///
/// Where PyRadiomics departs from IBSI: IBSI's mesh comes from a marching-cubes
/// implementation of the user's choice, so MeshVolume, SurfaceArea and the
/// features built on them agree with IBSI only to within the triangulation of
/// ambiguous cubes; the 2D maximum diameters have no IBSI counterpart.
/// Degenerate inputs follow IEEE arithmetic as numpy does (for example a
/// zero major eigenvalue gives NaN for Elongation).

/// The shape mask cropped to its bounding box, in numpy axis order (z, y, x).
/// Throws InputError when the mask is empty.
BinaryGrid<3> croppedShapeMask(const RoiData& roi);

}  // namespace pulmorad::radiomics

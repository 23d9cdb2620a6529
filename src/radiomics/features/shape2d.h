#pragma once

#include "radiomics/features/feature_class.h"
#include "radiomics/features/marching_cubes.h"

namespace pulmorad::radiomics {

/// \file
/// 2D shape features (PyRadiomics class "shape2D"), for a mask one voxel thick
/// along force2Ddimension (PyRadiomics requires force2D and raises an error
/// otherwise). The in-plane axes keep numpy order: for force2Ddimension 0
/// (axial) the plane is (y, x), for 1 it is (z, x), for 2 it is (z, y).
///
/// Notation:
/// - \f$N_p\f$ pixels in the ROI, each of area \f$A_k\f$ (product of the two spacings);
/// - the contour: marching squares with vertices halfway along pixel edges
///   (PyRadiomics' cshape.c), \f$N_f\f$ segments from \f$a_i\f$ to \f$b_i\f$ (mm);
/// - \f$A\f$ the mesh surface and \f$P\f$ the perimeter below;
/// - \f$\lambda_{minor} \le \lambda_{major}\f$ the eigenvalues of the covariance of
///   the physical pixel-centre coordinates.
///
/// Features, in PyRadiomics' output order (none has an IBSI counterpart, as
/// IBSI defines morphology in 3D only):
/// - Elongation: \f[ \sqrt{\lambda_{minor}/\lambda_{major}} \f]
/// - MajorAxisLength: \f[ 4\sqrt{\lambda_{major}} \f]
/// - MaximumDiameter: largest distance between two contour vertices.
/// - MeshSurface: \f[ A = \sum_{i=1}^{N_f} \tfrac{1}{2}(a_i \times b_i) \f]
///   (signed triangles between the origin and each segment).
/// - MinorAxisLength: \f[ 4\sqrt{\lambda_{minor}} \f]
/// - Perimeter: \f[ P = \sum_{i=1}^{N_f} \lVert a_i - b_i \rVert \f]
/// - PerimeterSurfaceRatio: \f[ P / A \f]
/// - PixelSurface: \f[ N_p A_k \f]
/// - SphericalDisproportion (deprecated): \f[ \frac{P}{2\sqrt{\pi A}} \f]
/// - Sphericity: \f[ \frac{2\sqrt{\pi A}}{P} \f]

/// The shape mask cropped to its bounding box and reduced to the plane
/// perpendicular to `force2Ddimension` (numpy axis: 0 = z, 1 = y, 2 = x).
/// Throws InputError when the mask is empty or more than one voxel thick along
/// that axis.
BinaryGrid<2> croppedShapeMask2D(const RoiData& roi, int force2Ddimension);

}  // namespace pulmorad::radiomics

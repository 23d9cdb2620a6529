#pragma once

#include <array>

#include "radiomics/features/marching_cubes.h"

namespace pulmorad::radiomics {

/// PyRadiomics' maximum diameters of a mesh, in mm: the largest distance
/// between two mesh vertices overall, and between two vertices that share
/// their axis-0 (Slice), axis-1 (Column) or axis-2 (Row) coordinate.
struct MaximumDiameters {
    double slice = 0.0;    ///< vertices in the same plane of constant axis 0 (z)
    double column = 0.0;   ///< same axis-1 (y) coordinate
    double row = 0.0;      ///< same axis-2 (x) coordinate
    double overall = 0.0;  ///< Maximum3DDiameter
};

/// Computes the four maximum diameters from the vertex lattice of a mesh
/// without comparing every pair of vertices.
///
/// Method: a pair at maximum distance consists of two corners (extreme points)
/// of the convex hull of the vertices, in 3D and likewise within each plane.
/// Only the first and last vertex of each row of a plane can be a corner, so
/// each plane's 2D hull is built from the row extremes by Andrew's monotone
/// chain, in exact integer arithmetic on doubled indices. This is valid because
/// the anisotropic spacing is a linear map, which keeps hull corners. The
/// plane's diameter is the largest distance among its hull corners. A corner of the 3D hull is a
/// corner of the hull of each of its three planes, so the 3D candidates are
/// the points that are hull corners in all three of their planes; their
/// largest pairwise distance is found with a centroid-distance bound that
/// skips pairs that cannot beat the best so far. Distances are evaluated with
/// PyRadiomics' arithmetic on the same coordinates, so the result is the value
/// of its all-pairs search. The hull steps take time linear in the number of
/// lattice rows; only the few hull corners are compared pairwise (a
/// whole-lung mesh of 700,000 triangles: under 0.1 s on one core).
MaximumDiameters maximumDiameters(const SurfaceMesh& mesh, const std::array<double, 3>& spacing);

/// The largest distance between two contour vertices of a 2D mask (shape2D's
/// MaximumDiameter), by the same hull method.
double maximumDiameter(const SurfaceContour& contour, const std::array<double, 2>& spacing);

}  // namespace pulmorad::radiomics

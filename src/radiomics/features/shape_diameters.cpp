#include "radiomics/features/shape_diameters.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace pulmorad::radiomics {

namespace {

/// A vertex within one plane: row coordinate u, position v along the row (doubled indices).
struct PlanePoint {
    std::int32_t u;
    std::int32_t v;
};

std::int64_t turn(const PlanePoint& o, const PlanePoint& a, const PlanePoint& b) {
    return static_cast<std::int64_t>(a.u - o.u) * (b.v - o.v) -
           static_cast<std::int64_t>(a.v - o.v) * (b.u - o.u);
}

/// Corners of the convex hull of `points` (sorted by u, then v), by Andrew's
/// monotone chain. Points on a hull edge between two corners are dropped.
void hullCorners(const std::vector<PlanePoint>& points, std::vector<PlanePoint>& hull) {
    hull.clear();
    if (points.size() <= 2) {
        hull = points;
        return;
    }
    // Lower chain left to right, then upper chain right to left.
    for (const PlanePoint& p : points) {
        while (hull.size() >= 2 && turn(hull[hull.size() - 2], hull.back(), p) <= 0) hull.pop_back();
        hull.push_back(p);
    }
    const std::size_t lowerSize = hull.size();
    for (std::size_t k = points.size() - 1; k-- > 0;) {
        while (hull.size() > lowerSize && turn(hull[hull.size() - 2], hull.back(), points[k]) <= 0) {
            hull.pop_back();
        }
        hull.push_back(points[k]);
    }
    hull.pop_back();  // the first point closes the upper chain
}

/// Physical vertex coordinates and PyRadiomics' squared distance between them.
class VertexGeometry {
public:
    explicit VertexGeometry(const std::array<double, 3>& spacing) : spacing_(spacing) {}

    /// Coordinate along `axis` of doubled index `doubled`: PyRadiomics forms
    /// (cube index + 0, 0.5 or 1) * spacing, which is exactly (doubled * 0.5) * spacing.
    double coordinate(std::int32_t doubled, std::size_t axis) const {
        return (static_cast<double>(doubled) * 0.5) * spacing_[axis];
    }

    double squaredDistance(const std::array<std::int32_t, 3>& a, const std::array<std::int32_t, 3>& b) const {
        double sum = 0.0;
        for (std::size_t axis = 0; axis < 3; ++axis) {
            const double step = coordinate(a[axis], axis) - coordinate(b[axis], axis);
            sum = axis == 0 ? step * step : sum + step * step;
        }
        return sum;
    }

private:
    std::array<double, 3> spacing_;
};

using Vertex = std::array<std::int32_t, 3>;

std::uint64_t packVertex(const Vertex& vertex) {
    return (static_cast<std::uint64_t>(vertex[0]) << 42) | (static_cast<std::uint64_t>(vertex[1]) << 21) |
           static_cast<std::uint64_t>(vertex[2]);
}

Vertex unpackVertex(std::uint64_t key) {
    constexpr std::uint64_t field = (std::uint64_t{1} << 21) - 1;
    return {static_cast<std::int32_t>(key >> 42), static_cast<std::int32_t>((key >> 21) & field),
            static_cast<std::int32_t>(key & field)};
}

/// Largest squared distance among `corners` (all pairs; a plane has few corners).
double largestSquaredDistance(const std::vector<Vertex>& corners, const VertexGeometry& geometry) {
    double best = 0.0;
    for (std::size_t i = 0; i < corners.size(); ++i) {
        for (std::size_t j = i + 1; j < corners.size(); ++j) {
            best = std::max(best, geometry.squaredDistance(corners[i], corners[j]));
        }
    }
    return best;
}

/// One family of parallel planes: reads row extremes for (plane, row) and
/// maps a plane point back to the three axes.
struct PlaneFamily {
    const RowExtents* extents;
    bool planeIsFirstIndex;  ///< the plane coordinate indexes extents' planes (else its rows)
    std::size_t planeAxis, rowAxis, valueAxis;
};

/// Walks every plane of a family: builds its hull from the row extremes,
/// returns the largest squared in-plane distance and appends the hull corners
/// (as packed 3D keys) to `candidates`.
double familyDiameter(const PlaneFamily& family, const VertexGeometry& geometry,
                      std::vector<std::uint64_t>& candidates) {
    const RowExtents& extents = *family.extents;
    const std::size_t planeCount = family.planeIsFirstIndex ? extents.planes : extents.rows;
    const std::size_t rowCount = family.planeIsFirstIndex ? extents.rows : extents.planes;

    std::vector<PlanePoint> points;
    std::vector<PlanePoint> hull;
    std::vector<Vertex> corners;
    double best = 0.0;
    for (std::size_t plane = 0; plane < planeCount; ++plane) {
        points.clear();
        for (std::size_t row = 0; row < rowCount; ++row) {
            const std::size_t at =
                family.planeIsFirstIndex ? plane * extents.rows + row : row * extents.rows + plane;
            const std::int32_t low = extents.low[at];
            const std::int32_t high = extents.high[at];
            if (low > high) continue;
            points.push_back({static_cast<std::int32_t>(row), low});
            if (high != low) points.push_back({static_cast<std::int32_t>(row), high});
        }
        if (points.empty()) continue;
        hullCorners(points, hull);

        corners.clear();
        for (const PlanePoint& p : hull) {
            Vertex vertex{};
            vertex[family.planeAxis] = static_cast<std::int32_t>(plane);
            vertex[family.rowAxis] = p.u;
            vertex[family.valueAxis] = p.v;
            corners.push_back(vertex);
            candidates.push_back(packVertex(vertex));
        }
        best = std::max(best, largestSquaredDistance(corners, geometry));
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return best;
}

/// Largest squared distance among 3D candidates, seeded with a known lower bound.
double largestSquaredDistance3D(const std::vector<std::uint64_t>& keys, const VertexGeometry& geometry,
                                double lowerBound) {
    std::vector<Vertex> vertices;
    vertices.reserve(keys.size());
    for (std::uint64_t key : keys) vertices.push_back(unpackVertex(key));

    // Distance to the centroid bounds every pair: |a - b| <= r_a + r_b.
    std::array<double, 3> centre{0.0, 0.0, 0.0};
    for (const Vertex& v : vertices) {
        for (std::size_t axis = 0; axis < 3; ++axis) centre[axis] += geometry.coordinate(v[axis], axis);
    }
    for (double& c : centre) c /= static_cast<double>(std::max<std::size_t>(vertices.size(), 1));
    std::vector<std::pair<double, std::size_t>> byRadius;
    byRadius.reserve(vertices.size());
    for (std::size_t k = 0; k < vertices.size(); ++k) {
        double sum = 0.0;
        for (std::size_t axis = 0; axis < 3; ++axis) {
            const double step = geometry.coordinate(vertices[k][axis], axis) - centre[axis];
            sum += step * step;
        }
        byRadius.emplace_back(std::sqrt(sum), k);
    }
    std::sort(byRadius.begin(), byRadius.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });

    // The bound is widened by a relative 1e-9 so rounding never skips the true maximum.
    constexpr double kSlack = 1.0 + 1e-9;
    double best = lowerBound;
    for (std::size_t i = 0; i < byRadius.size(); ++i) {
        if (2.0 * byRadius[i].first * kSlack < std::sqrt(best)) break;
        for (std::size_t j = i + 1; j < byRadius.size(); ++j) {
            if ((byRadius[i].first + byRadius[j].first) * kSlack < std::sqrt(best)) break;
            best = std::max(
                best, geometry.squaredDistance(vertices[byRadius[i].second], vertices[byRadius[j].second]));
        }
    }
    return best;
}

}  // namespace

MaximumDiameters maximumDiameters(const SurfaceMesh& mesh, const std::array<double, 3>& spacing) {
    const VertexGeometry geometry(spacing);

    // Planes of constant axis 0: rows along axis 1, extremes along axis 2.
    std::vector<std::uint64_t> sliceCorners;
    const double slice = familyDiameter({&mesh.alongAxis2, true, 0, 1, 2}, geometry, sliceCorners);
    // Planes of constant axis 1: rows along axis 0, extremes along axis 2.
    std::vector<std::uint64_t> columnCorners;
    const double column = familyDiameter({&mesh.alongAxis2, false, 1, 0, 2}, geometry, columnCorners);
    // Planes of constant axis 2: rows along axis 0, extremes along axis 1.
    std::vector<std::uint64_t> rowCorners;
    const double row = familyDiameter({&mesh.alongAxis1, false, 2, 0, 1}, geometry, rowCorners);

    // 3D hull corners are hull corners in each of their three planes.
    std::vector<std::uint64_t> both;
    std::set_intersection(sliceCorners.begin(), sliceCorners.end(), columnCorners.begin(),
                          columnCorners.end(), std::back_inserter(both));
    std::vector<std::uint64_t> candidates;
    std::set_intersection(both.begin(), both.end(), rowCorners.begin(), rowCorners.end(),
                          std::back_inserter(candidates));
    const double overall = largestSquaredDistance3D(candidates, geometry, std::max({slice, column, row}));

    return {std::sqrt(slice), std::sqrt(column), std::sqrt(row), std::sqrt(overall)};
}

double maximumDiameter(const SurfaceContour& contour, const std::array<double, 2>& spacing) {
    // A 2D contour is one plane; embed it as axis 0 = 0 of a 3D lattice.
    const VertexGeometry geometry({1.0, spacing[0], spacing[1]});
    std::vector<std::uint64_t> corners;
    return std::sqrt(familyDiameter({&contour.alongAxis1, true, 0, 1, 2}, geometry, corners));
}

}  // namespace pulmorad::radiomics

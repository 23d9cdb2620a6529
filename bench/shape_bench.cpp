// Times the shape feature class (mesh, maximum diameters, principal axes) on
// a large mask: a synthetic ellipsoid of about 4 million voxels, or the union
// of all non-zero labels of a mask file given on the command line.
//
//   shape_bench [MASK]
//
// Prints the voxel count, the time of each phase and the feature values.

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "image/image_io.h"
#include "radiomics/features/feature_class.h"
#include "radiomics/features/marching_cubes.h"
#include "radiomics/features/shape.h"
#include "radiomics/features/shape_diameters.h"
#include "radiomics/features/shape_principal_axes.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Builds an ellipsoid mask with semi-axes 130 x 90 x 100 voxels of 0.7 x 0.7 x 1.0 mm
/// (about 4.9 million voxels), the size of a pair of lungs at CT resolution.
pulmorad::radiomics::RoiData syntheticEllipsoid() {
    pulmorad::radiomics::RoiData roi;
    roi.size = {270, 190, 210};
    roi.spacing = {0.7, 0.7, 1.0};
    roi.shapeRoi.assign(roi.voxelCount(), 0);
    for (std::size_t z = 0; z < roi.size[2]; ++z)
        for (std::size_t y = 0; y < roi.size[1]; ++y)
            for (std::size_t x = 0; x < roi.size[0]; ++x) {
                const double dx = (static_cast<double>(x) - 134.5) / 130.0;
                const double dy = (static_cast<double>(y) - 94.5) / 90.0;
                const double dz = (static_cast<double>(z) - 104.5) / 100.0;
                if (dx * dx + dy * dy + dz * dz <= 1.0)
                    roi.shapeRoi[x + roi.size[0] * (y + roi.size[1] * z)] = 1;
            }
    return roi;
}

pulmorad::radiomics::RoiData maskFile(const std::string& path) {
    const pulmorad::image::LabelVolume mask = pulmorad::image::readImage(path);
    pulmorad::radiomics::RoiData roi;
    roi.size = mask.geometry.size;
    roi.spacing = mask.geometry.spacing;
    roi.shapeRoi.resize(mask.data.size());
    for (std::size_t k = 0; k < mask.data.size(); ++k) roi.shapeRoi[k] = mask.data[k] != 0 ? 1 : 0;
    return roi;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace pulmorad::radiomics;
    const RoiData roi = argc > 1 ? maskFile(argv[1]) : syntheticEllipsoid();

    Clock::time_point start = Clock::now();
    const BinaryGrid<3> mask = croppedShapeMask(roi);
    std::size_t voxels = 0;
    for (std::uint8_t v : mask.data) voxels += v;
    std::printf("mask: %zu voxels in a %zu x %zu x %zu box; crop %.3f s\n", voxels, mask.size[2],
                mask.size[1], mask.size[0], secondsSince(start));

    start = Clock::now();
    const SurfaceMesh mesh = marchingCubes(mask);
    std::printf("marching cubes: %zu triangles, %.3f s\n", mesh.triangleCount, secondsSince(start));

    start = Clock::now();
    const MaximumDiameters diameters = maximumDiameters(mesh, mask.spacing);
    std::printf("maximum diameters: %.3f s\n", secondsSince(start));

    start = Clock::now();
    const std::array<double, 3> moments = principalMoments(mask);
    std::printf("principal axes: %.3f s (eigenvalues %.6g %.6g %.6g)\n", secondsSince(start), moments[0],
                moments[1], moments[2]);

    start = Clock::now();
    std::vector<std::string> names;
    for (const FeatureDefinition& definition : makeShapeClass()->definitions())
        names.push_back(definition.name);
    const std::vector<FeatureValue> values = makeShapeClass()->compute(roi, FeatureSettings{}, names);
    std::printf("whole shape class: %.3f s\n", secondsSince(start));
    for (const FeatureValue& value : values) std::printf("  %-26s %.17g\n", value.name.c_str(), value.value);
    std::printf("diameters: slice %.17g column %.17g row %.17g 3D %.17g\n", diameters.slice, diameters.column,
                diameters.row, diameters.overall);
    return 0;
}

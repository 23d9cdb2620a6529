#include "radiomics/features/shape.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "common/errors.h"
#include "radiomics/features/shape_diameters.h"
#include "radiomics/features/shape_principal_axes.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

BinaryGrid<3> croppedShapeMask(const RoiData& roi) {
    const std::size_t nx = roi.size[0];
    const std::size_t ny = roi.size[1];
    const std::size_t nz = roi.size[2];
    if (roi.shapeRoi.size() != roi.voxelCount()) {
        throw std::logic_error("shape: RoiData::shapeRoi does not match the grid size");
    }

    // Bounding box of the shape mask, (x, y, z).
    std::array<std::size_t, 3> low{nx, ny, nz};
    std::array<std::size_t, 3> high{0, 0, 0};
    bool any = false;
    for (std::size_t z = 0; z < nz; ++z) {
        for (std::size_t y = 0; y < ny; ++y) {
            const std::uint8_t* row = roi.shapeRoi.data() + (z * ny + y) * nx;
            for (std::size_t x = 0; x < nx; ++x) {
                if (row[x] == 0) continue;
                any = true;
                low = {std::min(low[0], x), std::min(low[1], y), std::min(low[2], z)};
                high = {std::max(high[0], x), std::max(high[1], y), std::max(high[2], z)};
            }
        }
    }
    if (!any) {
        throw InputError(
            "shape: the shape mask is empty, so shape features cannot be computed; check the mask file and "
            "the label setting");
    }

    BinaryGrid<3> grid;
    grid.size = {high[2] - low[2] + 1, high[1] - low[1] + 1, high[0] - low[0] + 1};
    grid.spacing = {roi.spacing[2], roi.spacing[1], roi.spacing[0]};
    grid.data.resize(grid.size[0] * grid.size[1] * grid.size[2]);
    std::size_t out = 0;
    for (std::size_t z = low[2]; z <= high[2]; ++z) {
        for (std::size_t y = low[1]; y <= high[1]; ++y) {
            const std::uint8_t* row = roi.shapeRoi.data() + (z * ny + y) * nx;
            for (std::size_t x = low[0]; x <= high[0]; ++x) grid.data[out++] = row[x] != 0 ? 1 : 0;
        }
    }
    return grid;
}

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Returns the axis length 4 sqrt(eigenvalue). A negative eigenvalue gives
/// NaN and a warning, as in PyRadiomics.
double axisLength(double eigenvalue, const char* feature) {
    if (eigenvalue < 0.0) {
        spdlog::warn("shape {}: eigenvalue {} is negative; the feature is NaN", feature, eigenvalue);
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::sqrt(eigenvalue) * 4.0;
}

double axisRatio(double numerator, double denominator, const char* feature) {
    if (numerator < 0.0 || denominator < 0.0) {
        spdlog::warn("shape {}: eigenvalues {} and {} include a negative one; the feature is NaN", feature,
                     numerator, denominator);
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::sqrt(numerator / denominator);
}

class ShapeClass final : public FeatureClass {
public:
    std::string name() const override { return "shape"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"MeshVolume", false},
                                  {"VoxelVolume", false},
                                  {"SurfaceArea", false},
                                  {"SurfaceVolumeRatio", false},
                                  {"Sphericity", false},
                                  {"Compactness1", true},
                                  {"Compactness2", true},
                                  {"SphericalDisproportion", true},
                                  {"Maximum3DDiameter", false},
                                  {"Maximum2DDiameterSlice", false},
                                  {"Maximum2DDiameterColumn", false},
                                  {"Maximum2DDiameterRow", false},
                                  {"MajorAxisLength", false},
                                  {"MinorAxisLength", false},
                                  {"LeastAxisLength", false},
                                  {"Elongation", false},
                                  {"Flatness", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& /*settings*/,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> features = definitions();
        const std::vector<bool> isRequested = requestedFlags(name(), features, requested);
        if (std::none_of(isRequested.begin(), isRequested.end(), [](bool flag) { return flag; })) return {};

        const BinaryGrid<3> mask = croppedShapeMask(roi);

        // Each intermediate is computed on first use only.
        std::optional<SurfaceMesh> mesh;
        auto meshData = [&]() -> const SurfaceMesh& {
            if (!mesh) {
                const auto start = std::chrono::steady_clock::now();
                mesh = marchingCubes(mask);
                spdlog::debug("shape: mesh of {} triangles, volume {} mm3, area {} mm2 in {:.3f} s",
                              mesh->triangleCount, mesh->volume, mesh->surfaceArea, secondsSince(start));
            }
            return *mesh;
        };
        std::optional<MaximumDiameters> diameters;
        auto diameterData = [&]() -> const MaximumDiameters& {
            if (!diameters) {
                const SurfaceMesh& surface = meshData();
                const auto start = std::chrono::steady_clock::now();
                diameters = maximumDiameters(surface, mask.spacing);
                spdlog::debug("shape: maximum diameters in {:.3f} s", secondsSince(start));
            }
            return *diameters;
        };
        std::optional<std::array<double, 3>> moments;
        auto eigenvalues = [&]() -> const std::array<double, 3>& {
            if (!moments) moments = principalMoments(mask);
            return *moments;
        };
        auto volume = [&] { return meshData().volume; };
        auto area = [&] { return meshData().surfaceArea; };
        // (36 pi V^2)^(1/3), written as numpy evaluates it.
        auto sphereArea = [&] {
            return std::pow(36.0 * std::numbers::pi * (volume() * volume()), 1.0 / 3.0);
        };

        const std::vector<std::pair<std::string, std::function<double()>>> formulas = {
            {"Compactness1",
             [&] { return volume() / (std::pow(area(), 3.0 / 2.0) * std::sqrt(std::numbers::pi)); }},
            {"Compactness2",
             [&] { return (36.0 * std::numbers::pi) * std::pow(volume(), 2.0) / std::pow(area(), 3.0); }},
            {"Elongation", [&] { return axisRatio(eigenvalues()[1], eigenvalues()[2], "Elongation"); }},
            {"Flatness", [&] { return axisRatio(eigenvalues()[0], eigenvalues()[2], "Flatness"); }},
            {"LeastAxisLength", [&] { return axisLength(eigenvalues()[0], "LeastAxisLength"); }},
            {"MajorAxisLength", [&] { return axisLength(eigenvalues()[2], "MajorAxisLength"); }},
            {"Maximum2DDiameterColumn", [&] { return diameterData().column; }},
            {"Maximum2DDiameterRow", [&] { return diameterData().row; }},
            {"Maximum2DDiameterSlice", [&] { return diameterData().slice; }},
            {"Maximum3DDiameter", [&] { return diameterData().overall; }},
            {"MeshVolume", [&] { return volume(); }},
            {"MinorAxisLength", [&] { return axisLength(eigenvalues()[1], "MinorAxisLength"); }},
            {"SphericalDisproportion", [&] { return area() / sphereArea(); }},
            {"Sphericity", [&] { return sphereArea() / area(); }},
            {"SurfaceArea", [&] { return area(); }},
            {"SurfaceVolumeRatio", [&] { return area() / volume(); }},
            {"VoxelVolume",
             [&] {
                 const auto count = static_cast<double>(std::count(mask.data.begin(), mask.data.end(), 1));
                 return count * (mask.spacing[0] * mask.spacing[2] * mask.spacing[1]);
             }},
        };

        std::vector<FeatureValue> values;
        for (std::size_t k = 0; k < features.size(); ++k) {
            if (!isRequested[k]) continue;
            auto formula = std::find_if(formulas.begin(), formulas.end(),
                                        [&](const auto& entry) { return entry.first == features[k].name; });
            values.push_back({features[k].name, formula->second()});
        }
        return values;
    }
};

}  // namespace

std::unique_ptr<FeatureClass> makeShapeClass() { return std::make_unique<ShapeClass>(); }

}  // namespace pulmorad::radiomics

#include "radiomics/features/shape2d.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "common/errors.h"
#include "radiomics/features/shape.h"
#include "radiomics/features/shape_diameters.h"
#include "radiomics/features/shape_principal_axes.h"
#include "radiomics/features/texture_common.h"

namespace pulmorad::radiomics {

BinaryGrid<2> croppedShapeMask2D(const RoiData& roi, int force2Ddimension) {
    if (force2Ddimension < 0 || force2Ddimension > 2) {
        throw InputError("force2Ddimension is " + std::to_string(force2Ddimension) +
                         "; use 0 (axial), 1 (coronal) or 2 (sagittal)");
    }
    const BinaryGrid<3> volume = croppedShapeMask(roi);
    const auto outOfPlane = static_cast<std::size_t>(force2Ddimension);
    if (volume.size[outOfPlane] != 1) {
        throw InputError("shape2D: the ROI spans " + std::to_string(volume.size[outOfPlane]) +
                         " voxels along force2Ddimension " + std::to_string(force2Ddimension) +
                         "; shape2D needs a single-slice ROI: use a one-slice mask or disable shape2D");
    }

    BinaryGrid<2> plane;
    std::size_t axis = 0;
    for (std::size_t k = 0; k < 3; ++k) {
        if (k == outOfPlane) continue;
        plane.size[axis] = volume.size[k];
        plane.spacing[axis] = volume.spacing[k];
        ++axis;
    }
    // With one voxel along the dropped axis, the row-major order is unchanged.
    plane.data = volume.data;
    return plane;
}

namespace {

double axisLength(double eigenvalue, const char* feature) {
    if (eigenvalue < 0.0) {
        spdlog::warn("shape2D {}: eigenvalue {} is negative; the feature is NaN", feature, eigenvalue);
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::sqrt(eigenvalue) * 4.0;
}

class Shape2DClass final : public FeatureClass {
public:
    std::string name() const override { return "shape2D"; }

    std::vector<FeatureDefinition> definitions() const override {
        return sortedDefinitions({{"MeshSurface", false},
                                  {"PixelSurface", false},
                                  {"Perimeter", false},
                                  {"PerimeterSurfaceRatio", false},
                                  {"Sphericity", false},
                                  {"SphericalDisproportion", true},
                                  {"MaximumDiameter", false},
                                  {"MajorAxisLength", false},
                                  {"MinorAxisLength", false},
                                  {"Elongation", false}});
    }

    std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                      const std::vector<std::string>& requested) const override {
        const std::vector<FeatureDefinition> features = definitions();
        const std::vector<bool> isRequested = requestedFlags(name(), features, requested);
        if (std::none_of(isRequested.begin(), isRequested.end(), [](bool flag) { return flag; })) return {};
        if (!settings.force2D) {
            throw InputError(
                "shape2D needs force2D: true (with force2Ddimension naming the out-of-plane axis); "
                "set force2D or disable shape2D");
        }

        const BinaryGrid<2> mask = croppedShapeMask2D(roi, settings.force2Ddimension);

        std::optional<SurfaceContour> contour;
        auto contourData = [&]() -> const SurfaceContour& {
            if (!contour) contour = marchingSquares(mask);
            return *contour;
        };
        std::optional<std::array<double, 2>> moments;
        auto eigenvalues = [&]() -> const std::array<double, 2>& {
            if (!moments) moments = principalMoments(mask);
            return *moments;
        };
        auto surface = [&] { return contourData().area; };
        auto perimeter = [&] { return contourData().perimeter; };
        auto sphericity = [&] { return (2.0 * std::sqrt(std::numbers::pi * surface())) / perimeter(); };

        const std::vector<std::pair<std::string, std::function<double()>>> formulas = {
            {"Elongation",
             [&] {
                 if (eigenvalues()[0] < 0.0 || eigenvalues()[1] < 0.0) {
                     spdlog::warn("shape2D Elongation: a negative eigenvalue; the feature is NaN");
                     return std::numeric_limits<double>::quiet_NaN();
                 }
                 return std::sqrt(eigenvalues()[0] / eigenvalues()[1]);
             }},
            {"MajorAxisLength", [&] { return axisLength(eigenvalues()[1], "MajorAxisLength"); }},
            {"MaximumDiameter", [&] { return maximumDiameter(contourData(), mask.spacing); }},
            {"MeshSurface", [&] { return surface(); }},
            {"MinorAxisLength", [&] { return axisLength(eigenvalues()[0], "MinorAxisLength"); }},
            {"Perimeter", [&] { return perimeter(); }},
            {"PerimeterSurfaceRatio", [&] { return perimeter() / surface(); }},
            {"PixelSurface",
             [&] {
                 const auto count = static_cast<double>(std::count(mask.data.begin(), mask.data.end(), 1));
                 return count * (mask.spacing[1] * mask.spacing[0]);
             }},
            {"SphericalDisproportion", [&] { return 1.0 / sphericity(); }},
            {"Sphericity", [&] { return sphericity(); }},
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

std::unique_ptr<FeatureClass> makeShape2DClass() { return std::make_unique<Shape2DClass>(); }

}  // namespace pulmorad::radiomics

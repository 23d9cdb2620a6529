#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pulmorad::radiomics {

struct TextureGrid;

/// The preprocessed region of interest that every feature class reads. The
/// grid is the ROI bounding box (PyRadiomics' crop, with its padding), stored
/// x fastest like image::Volume: index(x, y, z) = x + size[0] * (y + size[1] * z).
struct RoiData {
    std::array<std::size_t, 3> size{0, 0, 0};  ///< voxels along x, y, z
    std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm along x, y, z

    /// Intensities after normalisation (but before voxelArrayShift), every voxel of the grid.
    std::vector<double> intensity;
    /// 1 where the voxel belongs to the ROI used for intensity and texture
    /// features (after resegmentation), 0 elsewhere.
    std::vector<std::uint8_t> roi;
    /// 1 where the voxel belongs to the ROI used for shape features (before
    /// resegmentation unless resegmentShape is set).
    std::vector<std::uint8_t> shapeRoi;
    /// Discretised gray level of each ROI voxel, 1-based as PyRadiomics' binning
    /// gives it; 0 outside the ROI.
    std::vector<int> grayLevel;
    /// Highest gray level present in the ROI (PyRadiomics' Ng before empty levels are removed).
    int grayLevelCount = 0;
    /// The texture classes' view of grayLevel, built once by prepareTextureGrid
    /// (texture_common.h); when empty, each texture class builds its own.
    std::shared_ptr<const TextureGrid> textureGrid;

    std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
};

/// Settings that change feature values, with PyRadiomics' names and defaults.
struct FeatureSettings {
    std::vector<int> distances{1};           ///< neighbour distances (infinity norm) for GLCM, GLRLM-angles, NGTDM, GLDM
    bool symmetricalGLCM = true;
    std::string weightingNorm;               ///< "" (none), "manhattan", "euclidean", "infinity" or "no_weighting"
    double gldmA = 0.0;                      ///< gldm_a: cutoff for dependence
    bool force2D = false;
    int force2Ddimension = 0;                ///< numpy axis: 0 = z (axial), 1 = y, 2 = x
    double voxelArrayShift = 0.0;            ///< added to intensities for Energy, TotalEnergy, RootMeanSquared
    double binWidth = 25.0;                  ///< for documentation of firstorder discretisation
};

/// A feature of a class: PyRadiomics' name (without prefix) and whether it is deprecated.
struct FeatureDefinition {
    std::string name;        ///< e.g. "Autocorrelation"
    bool deprecated = false; ///< computed only when requested by name
};

/// One computed value, named as PyRadiomics names it within its class.
struct FeatureValue {
    std::string name;
    double value = 0.0;
};

/// A family of features computed from the same matrix or data (PyRadiomics'
/// feature class). Implementations are stateless and thread-safe.
class FeatureClass {
public:
    virtual ~FeatureClass() = default;

    /// PyRadiomics' class name: "firstorder", "shape", "shape2D", "glcm", "glrlm", "glszm", "gldm", "ngtdm".
    virtual std::string name() const = 0;

    /// Every feature of the class, deprecated ones included, in PyRadiomics'
    /// output order (alphabetical by the Python method name getXFeatureValue).
    virtual std::vector<FeatureDefinition> definitions() const = 0;

    /// Computes the requested features (names from definitions()) and returns
    /// them in definitions() order. Throws InputError for data the class cannot use.
    virtual std::vector<FeatureValue> compute(const RoiData& roi, const FeatureSettings& settings,
                                              const std::vector<std::string>& requested) const = 0;
};

// Factories, one per class; registry.cpp lists them under their names.
std::unique_ptr<FeatureClass> makeFirstOrderClass();
std::unique_ptr<FeatureClass> makeShapeClass();
std::unique_ptr<FeatureClass> makeShape2DClass();
std::unique_ptr<FeatureClass> makeGlcmClass();
std::unique_ptr<FeatureClass> makeGlrlmClass();
std::unique_ptr<FeatureClass> makeGlszmClass();
std::unique_ptr<FeatureClass> makeGldmClass();
std::unique_ptr<FeatureClass> makeNgtdmClass();

}  // namespace pulmorad::radiomics

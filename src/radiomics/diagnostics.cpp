#include "radiomics/diagnostics.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "common/number_format.h"
#include "radiomics/sha1.h"

namespace pulmorad::radiomics {

namespace {

std::vector<double> toDoubles(const std::array<std::size_t, 3>& values) {
    return {static_cast<double>(values[0]), static_cast<double>(values[1]), static_cast<double>(values[2])};
}

std::vector<double> toDoubles(const std::array<double, 3>& values) {
    return {values[0], values[1], values[2]};
}

std::string name(const std::string& kind, const std::string& stage, const std::string& item) {
    return "diagnostics_" + kind + "-" + stage + "_" + item;
}

}  // namespace

std::string formatTuple(const std::vector<double>& values) {
    std::string text = "(";
    for (std::size_t i = 0; i < values.size(); ++i) {
        text += (i > 0 ? ", " : "") + formatDouble(values[i]);
    }
    return text + ")";
}

std::string hashVoxels(const image::ImageVolume& volume) {
    static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
                  "hashVoxels needs a little- or big-endian double layout");
    static_assert(sizeof(double) == 8 && std::numeric_limits<double>::is_iec559,
                  "hashVoxels needs IEEE 754 doubles");
    Sha1 sha1;
    if constexpr (std::endian::native == std::endian::little) {
        // The doubles' bytes in memory already are the little-endian float64 bytes.
        sha1.update(volume.data.data(), volume.data.size() * sizeof(double));
    } else {
        // Write the bytes of 512 values (64 SHA-1 blocks) at a time in little-endian order.
        // NOTE: no test runs this branch, because the test machines are little-endian.
        constexpr std::size_t kChunkValues = 512;
        std::uint8_t bytes[kChunkValues * 8];
        for (std::size_t start = 0; start < volume.data.size(); start += kChunkValues) {
            const std::size_t count = std::min(kChunkValues, volume.data.size() - start);
            for (std::size_t i = 0; i < count; ++i) {
                const auto bits = std::bit_cast<std::uint64_t>(volume.data[start + i]);
                for (std::size_t byte = 0; byte < 8; ++byte) {
                    bytes[8 * i + byte] = static_cast<std::uint8_t>(bits >> (8 * byte));
                }
            }
            sha1.update(bytes, count * 8);
        }
    }
    return sha1.hexDigest();
}

std::size_t countConnectedComponents(const RoiMask& roi) {
    const auto& size = roi.geometry.size;
    std::vector<std::uint8_t> visited(roi.data.size(), 0);
    std::vector<std::size_t> stack;
    std::size_t components = 0;
    const std::size_t strideY = size[0];
    const std::size_t strideZ = size[0] * size[1];
    for (std::size_t start = 0; start < roi.data.size(); ++start) {
        if (roi.data[start] == 0 || visited[start] != 0) {
            continue;
        }
        ++components;
        visited[start] = 1;
        stack.push_back(start);
        while (!stack.empty()) {
            std::size_t index = stack.back();
            stack.pop_back();
            std::size_t x = index % size[0];
            std::size_t y = (index / strideY) % size[1];
            std::size_t z = index / strideZ;
            auto visit = [&](std::size_t neighbour) {
                if (roi.data[neighbour] != 0 && visited[neighbour] == 0) {
                    visited[neighbour] = 1;
                    stack.push_back(neighbour);
                }
            };
            if (x > 0) visit(index - 1);
            if (x + 1 < size[0]) visit(index + 1);
            if (y > 0) visit(index - strideY);
            if (y + 1 < size[1]) visit(index + strideY);
            if (z > 0) visit(index - strideZ);
            if (z + 1 < size[2]) visit(index + strideZ);
        }
    }
    return components;
}

void addImageDiagnostics(Diagnostics& diagnostics, const image::ImageVolume& image,
                         const std::string& stage) {
    if (stage == "original") {
        diagnostics.emplace_back(name("Image", stage, "Hash"), hashVoxels(image));
        diagnostics.emplace_back(name("Image", stage, "Dimensionality"), "3D");
    }
    diagnostics.emplace_back(name("Image", stage, "Spacing"), formatTuple(toDoubles(image.geometry.spacing)));
    diagnostics.emplace_back(name("Image", stage, "Size"), formatTuple(toDoubles(image.geometry.size)));
    double sum = 0.0;
    for (double value : image.data) {
        sum += value;
    }
    auto [minimum, maximum] = std::minmax_element(image.data.begin(), image.data.end());
    diagnostics.emplace_back(name("Image", stage, "Mean"),
                             formatDouble(sum / static_cast<double>(image.data.size())));
    diagnostics.emplace_back(name("Image", stage, "Minimum"), formatDouble(*minimum));
    diagnostics.emplace_back(name("Image", stage, "Maximum"), formatDouble(*maximum));
}

void addMaskDiagnostics(Diagnostics& diagnostics, const RoiMask& roi, const image::ImageVolume* image,
                        const std::string& stage, const image::LabelVolume* maskValues) {
    const image::Geometry& geometry = roi.geometry;
    if (maskValues != nullptr) {
        diagnostics.emplace_back(name("Mask", stage, "Hash"), hashVoxels(*maskValues));
    }
    diagnostics.emplace_back(name("Mask", stage, "Spacing"), formatTuple(toDoubles(geometry.spacing)));
    diagnostics.emplace_back(name("Mask", stage, "Size"), formatTuple(toDoubles(geometry.size)));

    std::optional<BoundingBox> box = image::findBoundingBox(roi);
    if (box) {
        diagnostics.emplace_back(
            name("Mask", stage, "BoundingBox"),
            formatTuple({static_cast<double>(box->lower[0]), static_cast<double>(box->lower[1]),
                         static_cast<double>(box->lower[2]), static_cast<double>(box->extent(0)),
                         static_cast<double>(box->extent(1)), static_cast<double>(box->extent(2))}));
    }

    std::size_t voxels = 0;
    std::array<double, 3> indexSum{0.0, 0.0, 0.0};
    double intensitySum = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    for (std::size_t z = 0; z < geometry.size[2]; ++z) {
        for (std::size_t y = 0; y < geometry.size[1]; ++y) {
            for (std::size_t x = 0; x < geometry.size[0]; ++x) {
                std::size_t index = roi.index(x, y, z);
                if (roi.data[index] == 0) {
                    continue;
                }
                indexSum[0] += static_cast<double>(x);
                indexSum[1] += static_cast<double>(y);
                indexSum[2] += static_cast<double>(z);
                if (image != nullptr) {
                    double value = image->data[index];
                    minimum = voxels == 0 ? value : std::min(minimum, value);
                    maximum = voxels == 0 ? value : std::max(maximum, value);
                    intensitySum += value;
                }
                ++voxels;
            }
        }
    }
    diagnostics.emplace_back(name("Mask", stage, "VoxelNum"), std::to_string(voxels));
    diagnostics.emplace_back(name("Mask", stage, "VolumeNum"), std::to_string(countConnectedComponents(roi)));
    if (voxels == 0) {
        return;
    }

    std::array<double, 3> centre{};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        centre[axis] = indexSum[axis] / static_cast<double>(voxels);
    }
    std::array<double, 3> physical{};
    for (std::size_t row = 0; row < 3; ++row) {
        physical[row] = geometry.origin[row];
        for (std::size_t column = 0; column < 3; ++column) {
            physical[row] += geometry.direction[row * 3 + column] * geometry.spacing[column] * centre[column];
        }
    }
    diagnostics.emplace_back(name("Mask", stage, "CenterOfMassIndex"), formatTuple(toDoubles(centre)));
    diagnostics.emplace_back(name("Mask", stage, "CenterOfMass"), formatTuple(toDoubles(physical)));
    if (image != nullptr) {
        diagnostics.emplace_back(name("Mask", stage, "Mean"),
                                 formatDouble(intensitySum / static_cast<double>(voxels)));
        diagnostics.emplace_back(name("Mask", stage, "Minimum"), formatDouble(minimum));
        diagnostics.emplace_back(name("Mask", stage, "Maximum"), formatDouble(maximum));
    }
}

}  // namespace pulmorad::radiomics

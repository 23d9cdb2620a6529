// Times the five texture feature classes (GLCM, GLRLM, GLSZM, GLDM, NGTDM) on a synthetic ROI of about
// 4 million voxels, single-threaded unless a thread count is given:
//
//   texture_bench [THREADS]
//
// Two gray-level patterns are timed: "smooth" (sums of sines plus a little noise, 64 levels, large
// zones and long runs as in lung parenchyma) and "noise" (independent uniform levels 1..64, millions of
// one-voxel zones, the worst case for GLSZM). Prints the ROI size and each class's wall and CPU time;
// CPU time (all threads together) is the fairer number on a shared machine.

#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "radiomics/features/feature_class.h"

namespace {

using Clock = std::chrono::steady_clock;

/// Builds an ellipsoid ROI filling a 240 x 200 x 160 grid (about 4.0 million ROI voxels of 7.7 million).
pulmorad::radiomics::RoiData syntheticRoi(bool smooth) {
    pulmorad::radiomics::RoiData roi;
    roi.size = {240, 200, 160};
    roi.spacing = {1.0, 1.0, 1.0};
    roi.roi.assign(roi.voxelCount(), 0);
    roi.grayLevel.assign(roi.voxelCount(), 0);
    std::mt19937 generator(20261205);
    std::uniform_int_distribution<int> uniformLevel(1, 64);
    std::normal_distribution<double> noise(0.0, 2.0);
    for (std::size_t z = 0; z < roi.size[2]; ++z) {
        for (std::size_t y = 0; y < roi.size[1]; ++y) {
            for (std::size_t x = 0; x < roi.size[0]; ++x) {
                const double dx = (static_cast<double>(x) - 119.5) / 120.0;
                const double dy = (static_cast<double>(y) - 99.5) / 100.0;
                const double dz = (static_cast<double>(z) - 79.5) / 80.0;
                if (dx * dx + dy * dy + dz * dz > 1.0) continue;
                const std::size_t i = x + roi.size[0] * (y + roi.size[1] * z);
                int level = 0;
                if (smooth) {
                    const double value = 32.5 + 14.0 * std::sin(0.05 * x) + 10.0 * std::sin(0.07 * y + 1.0) +
                                         6.0 * std::sin(0.11 * z + 2.0) + noise(generator);
                    level = std::clamp(static_cast<int>(value), 1, 64);
                } else {
                    level = uniformLevel(generator);
                }
                roi.roi[i] = 1;
                roi.grayLevel[i] = level;
                roi.grayLevelCount = std::max(roi.grayLevelCount, level);
            }
        }
    }
    return roi;
}

void timeClass(const pulmorad::radiomics::FeatureClass& featureClass,
               const pulmorad::radiomics::RoiData& roi) {
    std::vector<std::string> names;
    for (const auto& definition : featureClass.definitions()) {
        if (!definition.deprecated) names.push_back(definition.name);
    }
    const auto start = Clock::now();
    const std::clock_t cpuStart = std::clock();
    const auto values = featureClass.compute(roi, {}, names);
    const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("  %-6s wall %6.3f s, CPU %6.3f s  (%zu features, first %s = %.6g)\n",
                featureClass.name().c_str(), seconds, cpuSeconds, values.size(), values.front().name.c_str(),
                values.front().value);
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::stoi(argv[1]) : 1;
    tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                                static_cast<std::size_t>(threads));
    for (const bool smooth : {true, false}) {
        const pulmorad::radiomics::RoiData roi = syntheticRoi(smooth);
        std::size_t roiVoxels = 0;
        for (std::uint8_t inside : roi.roi) roiVoxels += inside;
        std::printf("%s pattern: %zu ROI voxels in a %zu x %zu x %zu grid, %d threads\n",
                    smooth ? "smooth" : "noise", roiVoxels, roi.size[0], roi.size[1], roi.size[2], threads);
        timeClass(*pulmorad::radiomics::makeGlcmClass(), roi);
        timeClass(*pulmorad::radiomics::makeGlrlmClass(), roi);
        timeClass(*pulmorad::radiomics::makeGlszmClass(), roi);
        timeClass(*pulmorad::radiomics::makeGldmClass(), roi);
        timeClass(*pulmorad::radiomics::makeNgtdmClass(), roi);
    }
    return 0;
}

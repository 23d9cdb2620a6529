// Times the SHA-1 voxel hash of the diagnostics columns (hashVoxels) on a
// synthetic 300 x 300 x 300 float64 volume (216 MB), the size of a chest CT.
//
//   hash_bench [RUNS]
//
// Prints the digest and the fastest of RUNS runs (default 5) for hashVoxels
// and for each SHA-1 implementation on the same bytes. Both wall time and
// process CPU time are shown, because CPU time is the better guide on a
// shared, loaded machine; MB/s is computed from the CPU time.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "image/volume.h"
#include "radiomics/diagnostics.h"
#include "radiomics/sha1.h"

namespace {

/// Runs `computeDigest` `runs` times and prints its digest with the fastest wall and CPU times.
template <typename ComputeDigest>
void timeDigest(const char* label, int runs, double megabytes, ComputeDigest computeDigest) {
    std::string digest;
    double fastestWall = 1e300;
    double fastestCpu = 1e300;
    for (int run = 0; run < runs; ++run) {
        const auto wallStart = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        digest = computeDigest();
        const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        const double wallSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
        fastestWall = std::min(fastestWall, wallSeconds);
        fastestCpu = std::min(fastestCpu, cpuSeconds);
    }
    std::printf("%-14s %s  fastest of %d runs: wall %.3f s, CPU %.3f s (%.0f MB/s)\n", label, digest.c_str(),
                runs, fastestWall, fastestCpu, megabytes / fastestCpu);
}

}  // namespace

int main(int argc, char** argv) {
    using pulmorad::radiomics::Sha1;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;

    pulmorad::image::ImageVolume volume;
    volume.geometry.size = {300, 300, 300};
    volume.data.resize(volume.geometry.voxelCount());
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        volume.data[i] = static_cast<double>(static_cast<int>((i * 2654435761u) % 4096) - 1024);
    }
    const double megabytes = static_cast<double>(volume.data.size() * sizeof(double)) / 1e6;

    std::printf("300 x 300 x 300 float64 voxels, %.0f MB; x86 SHA extensions: %s\n", megabytes,
                Sha1::hasShaExtensions() ? "yes" : "no");
    timeDigest("hashVoxels", runs, megabytes, [&] { return pulmorad::radiomics::hashVoxels(volume); });
    for (const auto implementation : {Sha1::Implementation::portable, Sha1::Implementation::fastest}) {
        const bool portable = implementation == Sha1::Implementation::portable;
        timeDigest(portable ? "Sha1 portable" : "Sha1 fastest", runs, megabytes, [&] {
            Sha1 sha1(implementation);
            sha1.update(volume.data.data(), volume.data.size() * sizeof(double));
            return sha1.hexDigest();
        });
    }
    return 0;
}

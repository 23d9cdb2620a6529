#include "segmentation/distance_transform.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulmorad::segmentation {
namespace {

// One 1D pass along a line of n samples, `stride` apart in `values`:
// values[p] becomes min_q (step^2 (p - q)^2 + values[q]). Samples at
// kNoSiteDistance take no part in the lower envelope. The scratch vectors
// hold the envelope's parabola vertices and boundaries.
void transformLine(float* values, std::size_t n, std::size_t stride, double step, std::vector<double>& f,
                   std::vector<std::size_t>& vertices, std::vector<double>& boundaries) {
    f.resize(n);
    vertices.resize(n);
    boundaries.resize(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        f[i] = values[i * stride];
    }

    // Build the lower envelope of the parabolas rooted at finite samples.
    const double step2 = step * step;
    std::size_t count = 0;
    for (std::size_t q = 0; q < n; ++q) {
        if (f[q] >= kNoSiteDistance) {
            continue;
        }
        const double position = static_cast<double>(q);
        while (count > 0) {
            const double v = static_cast<double>(vertices[count - 1]);
            // Abscissa where the parabolas rooted at v and q intersect.
            const double crossing =
                ((f[q] / step2 + position * position) - (f[vertices[count - 1]] / step2 + v * v)) /
                (2.0 * (position - v));
            if (crossing <= boundaries[count - 1]) {
                --count;
            } else {
                vertices[count] = q;
                boundaries[count] = crossing;
                ++count;
                break;
            }
        }
        if (count == 0) {
            vertices[0] = q;
            boundaries[0] = -std::numeric_limits<double>::infinity();
            count = 1;
        }
    }
    if (count == 0) {
        return;  // no site on this line: values stay at kNoSiteDistance
    }

    // Read the envelope at every sample.
    std::size_t k = 0;
    for (std::size_t p = 0; p < n; ++p) {
        const double position = static_cast<double>(p);
        while (k + 1 < count && boundaries[k + 1] < position) {
            ++k;
        }
        const double offset = position - static_cast<double>(vertices[k]);
        values[p * stride] = static_cast<float>(step2 * offset * offset + f[vertices[k]]);
    }
}

}  // namespace

std::vector<float> squaredDistanceToSites(const GridShape& shape, const std::array<double, 3>& spacing,
                                          const std::uint8_t* sites) {
    std::vector<float> distance(shape.voxelCount());
    for (std::size_t i = 0; i < distance.size(); ++i) {
        distance[i] = sites[i] != 0 ? 0.0f : kNoSiteDistance;
    }

    const std::size_t nx = shape.nx;
    const std::size_t ny = shape.ny;
    const std::size_t nz = shape.nz;
    float* data = distance.data();

    // Along x, then y, then z; each line is independent. Scratch space is
    // allocated once per block of lines.
    auto forEachLine = [](std::size_t lineCount, const auto& transform) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, lineCount, 64),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                              std::vector<double> f;
                              std::vector<std::size_t> vertices;
                              std::vector<double> boundaries;
                              for (std::size_t line = range.begin(); line != range.end(); ++line) {
                                  transform(line, f, vertices, boundaries);
                              }
                          });
    };
    forEachLine(ny * nz, [&](std::size_t row, auto& f, auto& vertices, auto& boundaries) {
        transformLine(data + row * nx, nx, 1, spacing[0], f, vertices, boundaries);
    });
    forEachLine(nx * nz, [&](std::size_t line, auto& f, auto& vertices, auto& boundaries) {
        const std::size_t x = line % nx;
        const std::size_t z = line / nx;
        transformLine(data + x + nx * ny * z, ny, nx, spacing[1], f, vertices, boundaries);
    });
    if (nz > 1) {
        forEachLine(nx * ny, [&](std::size_t line, auto& f, auto& vertices, auto& boundaries) {
            transformLine(data + line, nz, nx * ny, spacing[2], f, vertices, boundaries);
        });
    }
    return distance;
}

namespace {

// Pixel box [x0, x1) x [y0, y1) around the non-zero pixels of a slice, widened
// by `margin` pixels and clipped to the slice; empty (x0 == x1) without any.
struct PixelBox {
    std::size_t x0 = 0, x1 = 0, y0 = 0, y1 = 0;
};

PixelBox boxAround(const std::uint8_t* mask, std::size_t nx, std::size_t ny, std::size_t marginX,
                   std::size_t marginY) {
    std::size_t minX = nx, maxX = 0, minY = ny, maxY = 0;
    for (std::size_t y = 0; y < ny; ++y) {
        const std::uint8_t* line = mask + y * nx;
        for (std::size_t x = 0; x < nx; ++x) {
            if (line[x] != 0) {
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
        }
    }
    if (minX > maxX) return {};
    return {minX > marginX ? minX - marginX : 0, std::min(nx, maxX + marginX + 1),
            minY > marginY ? minY - marginY : 0, std::min(ny, maxY + marginY + 1)};
}

// Applies a disk operation to the part of the slice inside `box`.
template <typename Operation>
void onBox(std::uint8_t* mask, std::size_t nx, const PixelBox& box, const Operation& operation) {
    const std::size_t width = box.x1 - box.x0;
    const std::size_t height = box.y1 - box.y0;
    std::vector<std::uint8_t> part(width * height);
    for (std::size_t y = 0; y < height; ++y) {
        std::copy_n(mask + (box.y0 + y) * nx + box.x0, width, part.data() + y * width);
    }
    operation(part.data(), width, height);
    for (std::size_t y = 0; y < height; ++y) {
        std::copy_n(part.data() + y * width, width, mask + (box.y0 + y) * nx + box.x0);
    }
}

void dilateWhole(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                 double radiusMm) {
    const GridShape slice{nx, ny, 1};
    const std::vector<float> toMask = squaredDistanceToSites(slice, {spacingX, spacingY, 1.0}, mask);
    const auto radius2 = static_cast<float>(radiusMm * radiusMm);
    for (std::size_t i = 0; i < nx * ny; ++i) {
        mask[i] = toMask[i] <= radius2 ? 1 : 0;
    }
}

void erodeWhole(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                double radiusMm) {
    std::vector<std::uint8_t> complement(nx * ny);
    for (std::size_t i = 0; i < nx * ny; ++i) {
        complement[i] = mask[i] == 0 ? 1 : 0;
    }
    const GridShape slice{nx, ny, 1};
    const std::vector<float> toComplement =
        squaredDistanceToSites(slice, {spacingX, spacingY, 1.0}, complement.data());
    const auto radius2 = static_cast<float>(radiusMm * radiusMm);
    for (std::size_t i = 0; i < nx * ny; ++i) {
        mask[i] = toComplement[i] > radius2 ? 1 : 0;
    }
}

}  // namespace

void dilateWithDisk2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                      double radiusMm) {
    // Only pixels within the radius of the mask's bounding box can change.
    const auto marginX = static_cast<std::size_t>(std::ceil(radiusMm / spacingX)) + 1;
    const auto marginY = static_cast<std::size_t>(std::ceil(radiusMm / spacingY)) + 1;
    const PixelBox box = boxAround(mask, nx, ny, marginX, marginY);
    if (box.x0 == box.x1) return;
    onBox(mask, nx, box, [&](std::uint8_t* part, std::size_t width, std::size_t height) {
        dilateWhole(part, width, height, spacingX, spacingY, radiusMm);
    });
}

void closeWithDisk2d(std::uint8_t* mask, std::size_t nx, std::size_t ny, double spacingX, double spacingY,
                     double radiusMm) {
    // The box reaches one radius past the dilation, so the dilation's
    // complement surrounds it inside the box, as on the whole slice.
    const auto marginX = 2 * static_cast<std::size_t>(std::ceil(radiusMm / spacingX)) + 2;
    const auto marginY = 2 * static_cast<std::size_t>(std::ceil(radiusMm / spacingY)) + 2;
    const PixelBox box = boxAround(mask, nx, ny, marginX, marginY);
    if (box.x0 == box.x1) return;
    onBox(mask, nx, box, [&](std::uint8_t* part, std::size_t width, std::size_t height) {
        dilateWhole(part, width, height, spacingX, spacingY, radiusMm);
        erodeWhole(part, width, height, spacingX, spacingY, radiusMm);
    });
}

}  // namespace pulmorad::segmentation

#include "radiomics/features/marching_cubes.h"

#include <cmath>
#include <limits>
#include <string_view>

namespace pulmorad::radiomics {

namespace {

// Cube corners, numpy axis order (axis 0, axis 1, axis 2), in the bit order
// of the cube index: bit k is set when corner k lies inside the mask.
//
//   corner:  0        1        2        3        4        5        6        7
//          (0,0,0)  (0,0,1)  (0,1,1)  (0,1,0)  (1,0,0)  (1,0,1)  (1,1,1)  (1,1,0)
//
// Cube edges and where their vertex sits (always halfway, as the mask is binary):
//   edge 0: corners 0-1   edge 4: 4-5   edge 8:  0-4
//   edge 1: corners 1-2   edge 5: 5-6   edge 9:  1-5
//   edge 2: corners 2-3   edge 6: 6-7   edge 10: 2-6
//   edge 3: corners 3-0   edge 7: 7-4   edge 11: 3-7
constexpr double kEdgeVertex[12][3] = {{0, 0, 0.5}, {0, 0.5, 1}, {0, 1, 0.5}, {0, 0.5, 0},
                                       {1, 0, 0.5}, {1, 0.5, 1}, {1, 1, 0.5}, {1, 0.5, 0},
                                       {0.5, 0, 0}, {0.5, 0, 1}, {0.5, 1, 1}, {0.5, 1, 0}};

// Triangles of the 128 cube indices below 128, three edges per triangle, each
// edge written as one hexadecimal digit. An index of 128 or more is the
// complement of (index ^ 0xFF): same triangles, opposite orientation.
//
// This is the triangle table of PyRadiomics' cshape.c (PyRadiomics 3.1,
// BSD-3-Clause licence), re-encoded. It must stay exactly as it
// is: the choice of triangulation in ambiguous cubes and the vertex order of
// each triangle decide MeshVolume and SurfaceArea down to the last bits.
// Triangles are wound so that (b - a) x (c - a) points out of the mask.
// clang-format off
constexpr std::string_view kTriangleEdges[128] = {
    "", "083", "190", "183198", "12a", "08312a", "92a029", "2832a8a98", "b23", "b2008b", "190b23",
    "b2119b98b", "3a1ba3", "a1008a8ba", "9033b9ba9", "98aba8", "478", "043473", "190478", "194147173",
    "12a478", "34730412a", "92a902478", "2a9297273479", "478b23", "b47b24204", "190478b23", "47b94bb29192",
    "3a1ba3478", "ba114b10447b", "4789033b9ba9", "47b4b99ba", "954", "954083", "054015", "854835315",
    "12a954", "08312a954", "2a5542240", "2a5325354834", "954b23", "b2008b954", "054015b23", "215258b28548",
    "3a1ba3954", "549a1008a8ba", "54050ba5bb03", "548a58ba8", "789579", "309539357", "780017715", "157173",
    "78957912a", "12a309395357", "0288258572a5", "2a5253357", "579789b23", "579972209b27", "b23018178157",
    "21b17b157", "7895793a1ba3", "5705097b0a10ba0", "ba003ba50078570", "ba557b", "65a", "08365a", "19065a",
    "18319865a", "165126", "165126083", "965906026", "598582526832", "b2365a", "b2008b65a", "190b2365a",
    "b2119b98b65a", "63b653513", "08b0b50515b6", "63b036065059", "65969bb98", "47865a", "04347365a",
    "19047865a", "19414717365a", "478165126", "043473165126", "478965906026", "739479329596269",
    "b2347865a", "b47b2420465a", "190b2347865a", "47b94bb2919265a", "47863b653513", "51b5b610b47b04b",
    "47863b036065059", "65969b4797b9", "a4964a", "a4964a083", "01aa60640", "18316886461a", "149124264",
    "149124264083", "024426", "832824426", "b23a4964a", "b2008ba4964a", "b2301aa60640", "64161a148b2118b",
    "964369139b63", "18b081b61149641", "63b036640", "86468b", "67a78a89a", "67a0a709a073", "67a1a7178018",
    "67a1a7173", "126168189678", "269129679309739", "078706602", "273267", "b2367a78a89a",
    "207b2709767a9a7", "67a1a7178018b23", "b2117ba61167", "896678169b63136", "09167b", "07870603bb60",
    "67b",
};
// clang-format on

struct CubeCase {
    int triangleCount = 0;
    std::uint8_t edges[15] = {};
};

constexpr int hexDigit(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

constexpr std::array<CubeCase, 128> buildCubeCases() {
    std::array<CubeCase, 128> cases{};
    for (std::size_t index = 0; index < 128; ++index) {
        const std::string_view edges = kTriangleEdges[index];
        cases[index].triangleCount = static_cast<int>(edges.size() / 3);
        for (std::size_t k = 0; k < edges.size(); ++k) {
            cases[index].edges[k] = static_cast<std::uint8_t>(hexDigit(edges[k]));
        }
    }
    return cases;
}

constexpr std::array<CubeCase, 128> kCubeCases = buildCubeCases();

// Bits of the cube index contributed by the voxel column at the cube's low
// (axis 2 = 0) and high (axis 2 = 1) face. A column code has bit 0 for
// (axis 0, axis 1) = (0, 0), bit 1 for (0, 1), bit 2 for (1, 0), bit 3 for (1, 1).
constexpr std::array<std::uint8_t, 16> columnBits(bool highFace) {
    std::array<std::uint8_t, 16> bits{};
    // corners at (a0, a1, 0): 0 (0,0), 3 (0,1), 4 (1,0), 7 (1,1); at (a0, a1, 1): 1, 2, 5, 6.
    const int corner[2][4] = {{0, 3, 4, 7}, {1, 2, 5, 6}};
    for (int code = 0; code < 16; ++code) {
        for (int k = 0; k < 4; ++k) {
            if ((code >> k) & 1)
                bits[static_cast<std::size_t>(code)] |= static_cast<std::uint8_t>(1 << corner[highFace][k]);
        }
    }
    return bits;
}

constexpr std::array<std::uint8_t, 16> kLowFaceBits = columnBits(false);
constexpr std::array<std::uint8_t, 16> kHighFaceBits = columnBits(true);

// A row of the zero-padded mask: padded index p maps to data[p - 1], and rows
// or positions outside the mask read as 0.
struct PaddedRow {
    const std::uint8_t* data = nullptr;  // null for a padding row
    std::size_t length = 0;

    int at(std::size_t padded) const {
        if (data == nullptr || padded == 0 || padded > length) return 0;
        return data[padded - 1] != 0 ? 1 : 0;
    }
};

PaddedRow paddedRow(const BinaryGrid<3>& mask, std::size_t padded0, std::size_t padded1) {
    if (padded0 == 0 || padded0 > mask.size[0] || padded1 == 0 || padded1 > mask.size[1]) {
        return {nullptr, mask.size[2]};
    }
    const std::size_t offset = ((padded0 - 1) * mask.size[1] + (padded1 - 1)) * mask.size[2];
    return {mask.data.data() + offset, mask.size[2]};
}

}  // namespace

void RowExtents::reset(std::size_t planeCount, std::size_t rowCount) {
    planes = planeCount;
    rows = rowCount;
    low.assign(planeCount * rowCount, std::numeric_limits<std::int32_t>::max());
    high.assign(planeCount * rowCount, std::numeric_limits<std::int32_t>::min());
}

SurfaceMesh marchingCubes(const BinaryGrid<3>& mask) {
    SurfaceMesh mesh;
    const std::array<std::size_t, 3> padded{mask.size[0] + 2, mask.size[1] + 2, mask.size[2] + 2};
    const std::array<double, 3>& spacing = mask.spacing;
    mesh.alongAxis2.reset(2 * padded[0] - 1, 2 * padded[1] - 1);
    mesh.alongAxis1.reset(2 * padded[0] - 1, 2 * padded[2] - 1);

    double volumeSum = 0.0;  // six times the volume until the end, as PyRadiomics divides once
    double areaSum = 0.0;
    for (std::size_t i0 = 0; i0 + 1 < padded[0]; ++i0) {
        for (std::size_t i1 = 0; i1 + 1 < padded[1]; ++i1) {
            const PaddedRow rows[4] = {paddedRow(mask, i0, i1), paddedRow(mask, i0, i1 + 1),
                                       paddedRow(mask, i0 + 1, i1), paddedRow(mask, i0 + 1, i1 + 1)};
            auto columnCode = [&](std::size_t i2) {
                return rows[0].at(i2) | (rows[1].at(i2) << 1) | (rows[2].at(i2) << 2) | (rows[3].at(i2) << 3);
            };
            int lowColumn = columnCode(0);
            for (std::size_t i2 = 0; i2 + 1 < padded[2]; ++i2) {
                const int highColumn = columnCode(i2 + 1);
                int cube = kLowFaceBits[static_cast<std::size_t>(lowColumn)] |
                           kHighFaceBits[static_cast<std::size_t>(highColumn)];
                lowColumn = highColumn;

                // The table covers indices below 128; a larger index is the
                // complement, whose triangles bound the same surface inside out.
                double sign = 1.0;
                if (cube & 0x80) {
                    cube ^= 0xFF;
                    sign = -1.0;
                }
                if (cube == 0) continue;

                // Vertices on the three edges that meet at corner 7 (never inside
                // after the complement): each crossed voxel edge of the padded
                // grid is recorded exactly once this way, in doubled indices.
                const auto d0 = static_cast<std::int32_t>(2 * i0);
                const auto d1 = static_cast<std::int32_t>(2 * i1);
                const auto d2 = static_cast<std::int32_t>(2 * i2);
                if (cube & (1 << 6)) {  // edge 6: (1, 1, 0.5)
                    mesh.alongAxis2.add(static_cast<std::size_t>(d0 + 2), static_cast<std::size_t>(d1 + 2),
                                        d2 + 1);
                    mesh.alongAxis1.add(static_cast<std::size_t>(d0 + 2), static_cast<std::size_t>(d2 + 1),
                                        d1 + 2);
                }
                if (cube & (1 << 4)) {  // edge 7: (1, 0.5, 0)
                    mesh.alongAxis2.add(static_cast<std::size_t>(d0 + 2), static_cast<std::size_t>(d1 + 1),
                                        d2);
                    mesh.alongAxis1.add(static_cast<std::size_t>(d0 + 2), static_cast<std::size_t>(d2),
                                        d1 + 1);
                }
                if (cube & (1 << 3)) {  // edge 11: (0.5, 1, 0)
                    mesh.alongAxis2.add(static_cast<std::size_t>(d0 + 1), static_cast<std::size_t>(d1 + 2),
                                        d2);
                    mesh.alongAxis1.add(static_cast<std::size_t>(d0 + 1), static_cast<std::size_t>(d2),
                                        d1 + 2);
                }

                const CubeCase& cubeCase = kCubeCases[static_cast<std::size_t>(cube)];
                const double base[3] = {static_cast<double>(i0), static_cast<double>(i1),
                                        static_cast<double>(i2)};
                for (int t = 0; t < cubeCase.triangleCount; ++t) {
                    double a[3], b[3], c[3];
                    for (int d = 0; d < 3; ++d) {
                        a[d] = (base[d] + kEdgeVertex[cubeCase.edges[3 * t]][d]) *
                               spacing[static_cast<std::size_t>(d)];
                        b[d] = (base[d] + kEdgeVertex[cubeCase.edges[3 * t + 1]][d]) *
                               spacing[static_cast<std::size_t>(d)];
                        c[d] = (base[d] + kEdgeVertex[cubeCase.edges[3 * t + 2]][d]) *
                               spacing[static_cast<std::size_t>(d)];
                    }

                    // Signed volume of the tetrahedron (origin, a, b, c), times six:
                    // (a x b) . c. Evaluated term by term as PyRadiomics does.
                    double cross[3] = {a[1] * b[2] - b[1] * a[2], a[2] * b[0] - b[2] * a[0],
                                       a[0] * b[1] - b[0] * a[1]};
                    volumeSum += sign * (cross[0] * c[0] + cross[1] * c[1] + cross[2] * c[2]);

                    // Triangle area: half the norm of (a - c) x (b - c).
                    for (int d = 0; d < 3; ++d) {
                        a[d] -= c[d];
                        b[d] -= c[d];
                    }
                    cross[0] = a[1] * b[2] - b[1] * a[2];
                    cross[1] = a[2] * b[0] - b[2] * a[0];
                    cross[2] = a[0] * b[1] - b[0] * a[1];
                    areaSum +=
                        0.5 * std::sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
                    ++mesh.triangleCount;
                }
            }
        }
    }
    mesh.volume = volumeSum / 6.0;
    mesh.surfaceArea = areaSum;
    return mesh;
}

namespace {

// Marching squares: corners (axis 0, axis 1) in bit order 0 (0,0), 1 (0,1),
// 2 (1,1), 3 (1,0); edge vertices halfway between corners 0-1, 1-2, 2-3, 3-0.
constexpr double kSquareEdgeVertex[4][2] = {{0, 0.5}, {0.5, 1}, {1, 0.5}, {0.5, 0}};

// Line segments (start edge, end edge) of each square index, wound so that the
// cross product (origin -> start) x (origin -> end) counts area inside the
// mask positively. Indices 5 and 10 cut off the two inside corners separately.
constexpr int kSquareLines[16][4] = {{-1, -1, -1, -1}, {3, 0, -1, -1}, {0, 1, -1, -1}, {3, 1, -1, -1},
                                     {1, 2, -1, -1},   {1, 2, 3, 0},   {0, 2, -1, -1}, {3, 2, -1, -1},
                                     {2, 3, -1, -1},   {2, 0, -1, -1}, {0, 1, 2, 3},   {2, 1, -1, -1},
                                     {1, 3, -1, -1},   {1, 0, -1, -1}, {0, 3, -1, -1}, {-1, -1, -1, -1}};

}  // namespace

SurfaceContour marchingSquares(const BinaryGrid<2>& mask) {
    SurfaceContour contour;
    const std::size_t padded0 = mask.size[0] + 2;
    const std::size_t padded1 = mask.size[1] + 2;
    contour.alongAxis1.reset(1, 2 * padded0 - 1);

    auto inside = [&](std::size_t p0, std::size_t p1) {
        if (p0 == 0 || p0 > mask.size[0] || p1 == 0 || p1 > mask.size[1]) return 0;
        return mask.data[(p0 - 1) * mask.size[1] + (p1 - 1)] != 0 ? 1 : 0;
    };

    double areaSum = 0.0;  // twice the area until the end
    double perimeter = 0.0;
    for (std::size_t i0 = 0; i0 + 1 < padded0; ++i0) {
        for (std::size_t i1 = 0; i1 + 1 < padded1; ++i1) {
            int square = inside(i0, i1) | (inside(i0, i1 + 1) << 1) | (inside(i0 + 1, i1 + 1) << 2) |
                         (inside(i0 + 1, i1) << 3);
            if (square == 0 || square == 0xF) continue;

            const double base[2] = {static_cast<double>(i0), static_cast<double>(i1)};
            for (int line = 0; line < 2 && kSquareLines[square][2 * line] >= 0; ++line) {
                double a[2], b[2];
                for (int d = 0; d < 2; ++d) {
                    a[d] = (base[d] + kSquareEdgeVertex[kSquareLines[square][2 * line]][d]) *
                           mask.spacing[static_cast<std::size_t>(d)];
                    b[d] = (base[d] + kSquareEdgeVertex[kSquareLines[square][2 * line + 1]][d]) *
                           mask.spacing[static_cast<std::size_t>(d)];
                }
                areaSum += a[0] * b[1] - b[0] * a[1];
                const double step0 = a[0] - b[0];
                const double step1 = a[1] - b[1];
                perimeter += std::sqrt(step0 * step0 + step1 * step1);
            }

            // Vertices on the two edges at corner 3 (outside after the
            // complement), so that each crossed pixel edge is recorded once.
            if (square > 7) square ^= 0xF;
            const auto d0 = static_cast<std::int32_t>(2 * i0);
            const auto d1 = static_cast<std::int32_t>(2 * i1);
            if (square & 1) contour.alongAxis1.add(0, static_cast<std::size_t>(d0 + 1), d1);      // edge 3-0
            if (square & 4) contour.alongAxis1.add(0, static_cast<std::size_t>(d0 + 2), d1 + 1);  // edge 2-3
        }
    }
    contour.area = areaSum / 2.0;
    contour.perimeter = perimeter;
    return contour;
}

}  // namespace pulmorad::radiomics

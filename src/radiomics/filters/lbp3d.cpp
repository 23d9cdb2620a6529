#include "radiomics/filters/lbp3d.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <utility>

namespace pulmorad::radiomics::filters {

namespace {

using image::ImageVolume;
using Complex = std::complex<double>;
using Vertex = std::array<double, 3>;

/// The 20 faces of trimesh's icosahedron (vertex indices, counter-clockwise).
constexpr std::array<std::array<int, 3>, 20> kIcosahedronFaces{{
    {0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11}, {1, 5, 9}, {5, 11, 4},
    {11, 10, 2}, {10, 7, 6}, {7, 1, 8},  {3, 9, 4},  {3, 4, 2},   {3, 2, 6}, {3, 6, 8},
    {3, 8, 9},  {4, 9, 5},  {2, 4, 11}, {6, 2, 10}, {8, 6, 7},   {9, 8, 1},
}};

/// Complex product written out as numpy computes it: (ac - bd) + (ad + bc)i.
Complex multiply(Complex a, Complex b) {
    return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

/// numpy's pairwise summation (blocks of 8 partial sums, halves above 128
/// values), which np.mean uses along a contiguous axis.
double pairwiseSum(const double* values, std::size_t count) {
    if (count < 8) {
        double sum = 0.0;
        for (std::size_t i = 0; i < count; ++i) {
            sum += values[i];
        }
        return sum;
    }
    if (count <= 128) {
        std::array<double, 8> partial{};
        for (std::size_t j = 0; j < 8; ++j) {
            partial[j] = values[j];
        }
        std::size_t i = 8;
        for (; i + 8 <= count; i += 8) {
            for (std::size_t j = 0; j < 8; ++j) {
                partial[j] += values[i + j];
            }
        }
        double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                     ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; i < count; ++i) {
            sum += values[i];
        }
        return sum;
    }
    std::size_t half = count / 2;
    half -= half % 8;
    return pairwiseSum(values, half) + pairwiseSum(values + half, count - half);
}

/// Associated Legendre function P_n^m(x), 0 <= m <= n, with the Condon-Shortley
/// phase (as SciPy's lpmv), by the standard upward recurrence in n.
double associatedLegendre(int m, int n, double x) {
    double pmm = 1.0;  // P_m^m = (-1)^m (2m - 1)!! (1 - x^2)^(m/2)
    const double root = std::sqrt((1.0 - x) * (1.0 + x));
    for (int i = 1; i <= m; ++i) {
        pmm *= -static_cast<double>(2 * i - 1) * root;
    }
    if (n == m) {
        return pmm;
    }
    double previous = pmm;
    double current = x * static_cast<double>(2 * m + 1) * pmm;  // P_{m+1}^m
    for (int degree = m + 2; degree <= n; ++degree) {
        const double next = (x * static_cast<double>(2 * degree - 1) * current -
                             static_cast<double>(degree + m - 1) * previous) /
                            static_cast<double>(degree - m);
        previous = current;
        current = next;
    }
    return current;
}

/// (n - m)! / (n + m)! for |m| <= n.
double factorialRatio(int n, int m) {
    double ratio = 1.0;
    if (m >= 0) {
        for (int k = n - m + 1; k <= n + m; ++k) {
            ratio /= static_cast<double>(k);
        }
    } else {
        for (int k = n + m + 1; k <= n - m; ++k) {
            ratio *= static_cast<double>(k);
        }
    }
    return ratio;
}

/// Mirrors index `index` into [0, length - 1] (SciPy's border rule for the
/// spline window: ... 2 1 | 0 1 2 ... n-1 | n-2 ...).
std::ptrdiff_t mirrorIndex(std::ptrdiff_t index, std::ptrdiff_t length) {
    if (length <= 1) {
        return 0;
    }
    const std::ptrdiff_t period = 2 * length - 2;
    if (index < 0) {
        index = period * (-index / period) + index;
        index = index <= 1 - length ? index + period : -index;
    } else if (index >= length) {
        index -= period * (index / period);
        if (index >= length) {
            index = period - index;
        }
    }
    return index;
}

/// SciPy's cubic B-spline weights of the 4 window points for position `position`.
std::array<double, 4> cubicWeights(double position) {
    const double t = position - std::floor(position);
    const double y = t;
    const double z = 1.0 - t;
    std::array<double, 4> weights{};
    weights[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    weights[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    weights[0] = z * z * z / 6.0;
    weights[3] = 1.0;
    for (std::size_t i = 0; i < 3; ++i) {
        weights[3] -= weights[i];
    }
    return weights;
}

/// Applies SciPy's spline prefilter for order 3 (one pole) to one line, in place.
void filterLine(std::vector<double>& line) {
    const std::size_t n = line.size();
    if (n <= 1) {
        return;
    }
    const double pole = std::numbers::sqrt3 - 2.0;
    const double gain = (1.0 - pole) * (1.0 - 1.0 / pole);
    for (double& value : line) {
        value *= gain;
    }

    // Causal initial value for the mirror-symmetric extension.
    double power = pole;
    const double lastPower = std::pow(pole, static_cast<double>(n - 1));
    line[0] = line[0] + lastPower * line[n - 1];
    for (std::size_t i = 1; i + 1 < n; ++i) {
        line[0] += power * (line[i] + lastPower * line[n - 1 - i]);
        power *= pole;
    }
    line[0] /= 1.0 - lastPower * lastPower;
    for (std::size_t i = 1; i < n; ++i) {
        line[i] += pole * line[i - 1];
    }

    // Anticausal initial value, then the backward recursion.
    line[n - 1] = (pole * line[n - 2] + line[n - 1]) * pole / (pole * pole - 1.0);
    for (std::size_t i = n - 1; i-- > 0;) {
        line[i] = pole * (line[i + 1] - line[i]);
    }
}

/// Filters every line of `volume` along `axis` (0 = x, 1 = y, 2 = z).
void filterAxis(ImageVolume& volume, std::size_t axis) {
    const auto& size = volume.geometry.size;
    std::size_t stride = 1;
    if (axis == 1) {
        stride = size[0];
    } else if (axis == 2) {
        stride = size[0] * size[1];
    }
    const std::size_t length = size[axis];
    const std::size_t lineCount = volume.data.size() / std::max<std::size_t>(length, 1);
    tbb::parallel_for(std::size_t{0}, lineCount, [&](std::size_t line) {
        // Line `line` enumerates the other two axes; find its first voxel.
        std::size_t start = 0;
        if (axis == 0) {
            start = line * size[0];
        } else if (axis == 1) {
            start = (line / size[0]) * size[0] * size[1] + line % size[0];
        } else {
            start = line;
        }
        std::vector<double> values(length);
        for (std::size_t i = 0; i < length; ++i) {
            values[i] = volume.data[start + i * stride];
        }
        filterLine(values);
        for (std::size_t i = 0; i < length; ++i) {
            volume.data[start + i * stride] = values[i];
        }
    });
}

/// SciPy's kurtosis(samples, fisher=True, bias=True); NaN when the samples
/// are constant to within 1e-15 of their mean.
double excessKurtosis(const std::vector<double>& samples, std::vector<double>& scratch) {
    const std::size_t count = samples.size();
    const double n = static_cast<double>(count);
    const double mean = pairwiseSum(samples.data(), count) / n;
    scratch.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double deviation = samples[i] - mean;
        scratch[i] = deviation * deviation;
    }
    const double m2 = pairwiseSum(scratch.data(), count) / n;
    for (double& value : scratch) {
        value = value * value;
    }
    const double m4 = pairwiseSum(scratch.data(), count) / n;
    const double resolution = 1e-15;  // numpy.finfo(float64).resolution
    if (m2 <= (resolution * mean) * (resolution * mean)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return m4 / (m2 * m2) - 3.0;
}

}  // namespace

std::vector<Vertex> icosphereVertices(int subdivisions, double radius) {
    const double t = (1.0 + std::sqrt(5.0)) / 2.0;
    const double scale = std::sqrt(t * t + 1.0);
    const std::array<Vertex, 12> corners{{{-1, t, 0},
                                          {1, t, 0},
                                          {-1, -t, 0},
                                          {1, -t, 0},
                                          {0, -1, t},
                                          {0, 1, t},
                                          {0, -1, -t},
                                          {0, 1, -t},
                                          {t, 0, -1},
                                          {t, 0, 1},
                                          {-t, 0, -1},
                                          {-t, 0, 1}}};
    std::vector<Vertex> vertices;
    for (const Vertex& corner : corners) {
        vertices.push_back({corner[0] / scale, corner[1] / scale, corner[2] / scale});
    }
    std::vector<std::array<int, 3>> faces(kIcosahedronFaces.begin(), kIcosahedronFaces.end());

    for (int level = 0; level < subdivisions; ++level) {
        // Unique edges, ordered by (larger index, smaller index) as trimesh's
        // packed-integer row hash sorts them; each gets one midpoint.
        std::map<std::pair<int, int>, int> edgeMidpoint;
        for (const auto& face : faces) {
            for (int corner = 0; corner < 3; ++corner) {
                const int a = face[static_cast<std::size_t>(corner)];
                const int b = face[static_cast<std::size_t>((corner + 1) % 3)];
                edgeMidpoint.emplace(std::make_pair(std::max(a, b), std::min(a, b)), -1);
            }
        }
        const int firstNew = static_cast<int>(vertices.size());
        int next = firstNew;
        for (auto& [edge, index] : edgeMidpoint) {
            const Vertex& a = vertices[static_cast<std::size_t>(edge.second)];
            const Vertex& b = vertices[static_cast<std::size_t>(edge.first)];
            vertices.push_back({(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0, (a[2] + b[2]) / 2.0});
            index = next++;
        }
        std::vector<std::array<int, 3>> refined;
        for (const auto& face : faces) {
            auto midpoint = [&](int a, int b) { return edgeMidpoint.at({std::max(a, b), std::min(a, b)}); };
            const int ab = midpoint(face[0], face[1]);
            const int bc = midpoint(face[1], face[2]);
            const int ca = midpoint(face[2], face[0]);
            refined.push_back({face[0], ab, ca});
            refined.push_back({ab, face[1], bc});
            refined.push_back({ca, bc, face[2]});
            refined.push_back({ab, bc, ca});
        }
        faces = std::move(refined);

        // Move every vertex along its direction onto the sphere of `radius`.
        for (Vertex& vertex : vertices) {
            const double length = std::sqrt(vertex[0] * vertex[0] + vertex[1] * vertex[1] + vertex[2] * vertex[2]);
            const double offset = radius - length;
            for (double& coordinate : vertex) {
                coordinate += coordinate / length * offset;
            }
        }
    }
    return vertices;
}

std::complex<double> sphericalHarmonic(int m, int n, double azimuth, double polar) {
    if (n < 0 || std::abs(m) > n) {
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    }
    const int order = std::abs(m);
    double value = associatedLegendre(order, n, std::cos(polar));
    if (m < 0) {
        // P_n^{-m} = (-1)^m (n - m)! / (n + m)! P_n^m
        value *= (order % 2 == 0 ? 1.0 : -1.0) * factorialRatio(n, order);
    }
    value *= std::sqrt(static_cast<double>(2 * n + 1) / 4.0 / std::numbers::pi);
    value *= std::sqrt(factorialRatio(n, m));
    const double phase = static_cast<double>(m) * azimuth;
    return {value * std::cos(phase), value * std::sin(phase)};
}

ImageVolume cubicSplineCoefficients(const ImageVolume& image) {
    ImageVolume coefficients = image;
    // SciPy filters numpy axis 0 (z) first, then y, then x.
    filterAxis(coefficients, 2);
    filterAxis(coefficients, 1);
    filterAxis(coefficients, 0);
    return coefficients;
}

double interpolateCubicSpline(const ImageVolume& coefficients, double x, double y, double z) {
    const auto& size = coefficients.geometry.size;
    // numpy axis order: z, y, x.
    const std::array<double, 3> position{z, y, x};
    const std::array<std::ptrdiff_t, 3> length{static_cast<std::ptrdiff_t>(size[2]),
                                               static_cast<std::ptrdiff_t>(size[1]),
                                               static_cast<std::ptrdiff_t>(size[0])};
    std::array<std::array<std::ptrdiff_t, 4>, 3> indices{};
    std::array<std::array<double, 4>, 3> weights{};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        // NOTE: SciPy before 1.6 returns cval for any point outside [0, size - 1], as here.
        // Later versions interpolate towards cval within one voxel of the border.
        if (position[axis] < 0.0 || position[axis] > static_cast<double>(length[axis] - 1)) {
            return 0.0;
        }
        const auto start = static_cast<std::ptrdiff_t>(std::floor(position[axis])) - 1;
        for (std::ptrdiff_t k = 0; k < 4; ++k) {
            indices[axis][static_cast<std::size_t>(k)] = mirrorIndex(start + k, length[axis]);
        }
        weights[axis] = cubicWeights(position[axis]);
    }

    const std::size_t rowStride = size[0];
    const std::size_t sliceStride = size[0] * size[1];
    double sum = 0.0;
    for (std::size_t a = 0; a < 4; ++a) {
        for (std::size_t b = 0; b < 4; ++b) {
            for (std::size_t c = 0; c < 4; ++c) {
                const std::size_t index = static_cast<std::size_t>(indices[0][a]) * sliceStride +
                                          static_cast<std::size_t>(indices[1][b]) * rowStride +
                                          static_cast<std::size_t>(indices[2][c]);
                double term = coefficients.data[index];
                term *= weights[0][a];
                term *= weights[1][b];
                term *= weights[2][c];
                sum += term;
            }
        }
    }
    return sum;
}

Lbp3DImages localBinaryPattern3D(const ImageVolume& image, const image::Volume<std::uint8_t>& roi,
                                 const Lbp3DOptions& options) {
    const std::vector<Vertex> vertices = icosphereVertices(options.icosphereSubdivision, options.icosphereRadius);
    const std::size_t vertexCount = vertices.size();

    // Harmonic columns: (n = 0, m = 0), then n = 1 .. levels - 1 with m = -n .. n.
    std::vector<int> degreeOfColumn{0};
    std::vector<int> orderOfColumn{0};
    for (int n = 1; n < options.levels; ++n) {
        for (int m = -n; m <= n; ++m) {
            degreeOfColumn.push_back(n);
            orderOfColumn.push_back(m);
        }
    }
    const std::size_t columnCount = degreeOfColumn.size();
    std::vector<Complex> harmonics(vertexCount * columnCount);
    for (std::size_t v = 0; v < vertexCount; ++v) {
        const double theta = std::acos(vertices[v][2] / options.icosphereRadius);
        const double phi = std::atan2(vertices[v][1], vertices[v][0]);
        for (std::size_t column = 0; column < columnCount; ++column) {
            harmonics[v * columnCount + column] =
                sphericalHarmonic(orderOfColumn[column], degreeOfColumn[column], theta, phi);
        }
    }

    const ImageVolume coefficients = cubicSplineCoefficients(image);
    Lbp3DImages result;
    const std::size_t levelCount = static_cast<std::size_t>(options.levels);
    ImageVolume blank;
    blank.geometry = image.geometry;
    blank.data.assign(image.data.size(), 0.0);
    result.levels.assign(levelCount, blank);
    result.kurtosis = blank;

    const auto& size = image.geometry.size;
    std::vector<std::size_t> undefinedPerSlice(size[2], 0);
    tbb::parallel_for(std::size_t{0}, size[2], [&](std::size_t z) {
        std::vector<double> samples(vertexCount);
        std::vector<double> scratch;
        std::vector<Complex> c(columnCount);
        std::vector<Complex> projection(vertexCount);
        for (std::size_t y = 0; y < size[1]; ++y) {
            for (std::size_t x = 0; x < size[0]; ++x) {
                const std::size_t index = image.index(x, y, z);
                if (roi.data[index] == 0) {
                    continue;
                }
                // Samples on the sphere: vertex coordinate 0 offsets numpy axis 0 (z).
                for (std::size_t v = 0; v < vertexCount; ++v) {
                    samples[v] = interpolateCubicSpline(coefficients, static_cast<double>(x) + vertices[v][2],
                                                        static_cast<double>(y) + vertices[v][1],
                                                        static_cast<double>(z) + vertices[v][0]);
                }
                const double kurtosis = excessKurtosis(samples, scratch);
                if (std::isnan(kurtosis)) {
                    ++undefinedPerSlice[z];
                }
                result.kurtosis.data[index] = kurtosis;

                // Harmonic coefficients of the binary pattern (samples at least the centre value).
                const double centre = image.data[index];
                std::fill(c.begin(), c.end(), Complex(0.0, 0.0));
                for (std::size_t v = 0; v < vertexCount; ++v) {
                    if (samples[v] >= centre) {
                        for (std::size_t column = 0; column < columnCount; ++column) {
                            c[column] += harmonics[v * columnCount + column];
                        }
                    }
                }

                // Per degree: the pattern's projection at each vertex, then its L2 norm.
                std::size_t firstColumn = 0;
                for (std::size_t level = 0; level < levelCount; ++level) {
                    const std::size_t width = 2 * level + 1;
                    for (std::size_t v = 0; v < vertexCount; ++v) {
                        const Complex* row = &harmonics[v * columnCount + firstColumn];
                        // numpy adds the first term to the sum of the others.
                        Complex rest(0.0, 0.0);
                        for (std::size_t k = 1; k < width; ++k) {
                            rest += multiply(c[firstColumn + k], row[k]);
                        }
                        projection[v] = multiply(c[firstColumn], row[0]) + rest;
                    }
                    Complex squares = multiply(projection[0], projection[0]);
                    for (std::size_t v = 1; v < vertexCount; ++v) {
                        squares += multiply(projection[v], projection[v]);
                    }
                    result.levels[level].data[index] = std::sqrt(squares).real();
                    firstColumn += width;
                }
            }
        }
    });
    for (std::size_t count : undefinedPerSlice) {
        result.undefinedKurtosisCount += count;
    }
    return result;
}

}  // namespace pulmorad::radiomics::filters

#include "radiomics/features/shape_principal_axes.h"

#include <algorithm>
#include <cmath>

namespace pulmorad::radiomics {

namespace {

/// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, which are
/// accurate to rounding relative to the matrix norm and keep exact zeros of a
/// flat mask's covariance exact.
template <std::size_t N>
std::array<double, N> symmetricEigenvalues(std::array<std::array<double, N>, N> a) {
    for (int sweep = 0; sweep < 64; ++sweep) {
        double offDiagonal = 0.0;
        for (std::size_t p = 0; p < N; ++p) {
            for (std::size_t q = p + 1; q < N; ++q) offDiagonal += a[p][q] * a[p][q];
        }
        if (offDiagonal == 0.0) break;
        for (std::size_t p = 0; p < N; ++p) {
            for (std::size_t q = p + 1; q < N; ++q) {
                if (a[p][q] == 0.0) continue;
                // Rotation angle that zeroes a[p][q] (Golub & Van Loan, sym.schur2).
                const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                const double t =
                    (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0);
                const double s = t * c;
                for (std::size_t k = 0; k < N; ++k) {  // A <- A J
                    const double akp = a[k][p];
                    const double akq = a[k][q];
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < N; ++k) {  // A <- J^T A
                    const double apk = a[p][k];
                    const double aqk = a[q][k];
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                a[p][q] = 0.0;
                a[q][p] = 0.0;
            }
        }
    }
    std::array<double, N> values{};
    for (std::size_t k = 0; k < N; ++k) values[k] = a[k][k];
    return values;
}

/// Calls visit(index) for every voxel inside the mask, in row-major order.
template <std::size_t D, typename Visit>
void forEachInside(const BinaryGrid<D>& mask, Visit&& visit) {
    std::array<std::size_t, D> index{};
    for (std::size_t flat = 0; flat < mask.data.size(); ++flat) {
        if (mask.data[flat] != 0) visit(index);
        for (std::size_t axis = D; axis-- > 0;) {
            if (++index[axis] < mask.size[axis]) break;
            index[axis] = 0;
        }
    }
}

}  // namespace

template <std::size_t D>
std::array<double, D> principalMoments(const BinaryGrid<D>& mask) {
    // PyRadiomics takes the coordinates in the padded mask (index + 1); the
    // offset cancels in the centring but is kept so the rounding is the same.
    auto physical = [&](const std::array<std::size_t, D>& index, std::size_t axis) {
        return static_cast<double>(index[axis] + 1) * mask.spacing[axis];
    };

    // Mean coordinate: summed in voxel order, then divided (numpy's mean over axis 0).
    std::array<double, D> mean{};
    std::size_t count = 0;
    forEachInside(mask, [&](const std::array<std::size_t, D>& index) {
        for (std::size_t axis = 0; axis < D; ++axis) mean[axis] += physical(index, axis);
        ++count;
    });
    for (double& m : mean) m /= static_cast<double>(count);

    // Covariance of the centred coordinates, each scaled by 1/sqrt(N) first.
    const double scale = std::sqrt(static_cast<double>(count));
    std::array<std::array<double, D>, D> covariance{};
    forEachInside(mask, [&](const std::array<std::size_t, D>& index) {
        std::array<double, D> centred{};
        for (std::size_t axis = 0; axis < D; ++axis)
            centred[axis] = (physical(index, axis) - mean[axis]) / scale;
        for (std::size_t p = 0; p < D; ++p) {
            for (std::size_t q = p; q < D; ++q) covariance[p][q] += centred[p] * centred[q];
        }
    });
    for (std::size_t p = 0; p < D; ++p) {
        for (std::size_t q = 0; q < p; ++q) covariance[p][q] = covariance[q][p];
    }

    std::array<double, D> values = symmetricEigenvalues<D>(covariance);
    for (double& value : values) {
        if (value < 0.0 && value > -1e-10) value = 0.0;
    }
    std::sort(values.begin(), values.end());
    return values;
}

template std::array<double, 2> principalMoments<2>(const BinaryGrid<2>& mask);
template std::array<double, 3> principalMoments<3>(const BinaryGrid<3>& mask);

}  // namespace pulmorad::radiomics

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "common/errors.h"
#include "stats/distributions.h"
#include "stats/tests.h"

namespace pulmorad::stats {
namespace {

struct Margins {
    std::vector<double> rows;
    std::vector<double> columns;
    double total = 0.0;
};

Margins checkTable(const CountTable& table, const std::string& testName) {
    if (table.size() < 2 || table.front().size() < 2) {
        throw InputError(testName +
                         ": the table needs at least 2 rows and 2 columns (each variable needs 2 levels)");
    }
    Margins margins;
    margins.rows.assign(table.size(), 0.0);
    margins.columns.assign(table.front().size(), 0.0);
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].size() != margins.columns.size()) {
            throw InputError(testName + ": the rows of the table have different lengths");
        }
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            const double count = table[i][j];
            if (!(count >= 0.0) || std::isinf(count)) {
                throw InputError(testName + ": the count " + std::to_string(count) +
                                 " is not a non-negative number; counts must be >= 0");
            }
            margins.rows[i] += count;
            margins.columns[j] += count;
            margins.total += count;
        }
    }
    return margins;
}

}  // namespace

/// \f$ E_{ij} = R_iC_j/N \f$, \f$ X^2 = \sum_{ij} (|O_{ij}-E_{ij}| - Y)^2 / E_{ij} \f$
/// with \f$Y = \min(0.5, \min_{ij}|O_{ij}-E_{ij}|)\f$ for a corrected 2x2 table
/// and 0 otherwise; df = (r-1)(c-1).
ChiSquareResult chiSquareTest(const CountTable& table, bool yatesCorrection) {
    const Margins margins = checkTable(table, "chi-square test");
    for (const double r : margins.rows) {
        if (r == 0.0) {
            throw InputError("chi-square test: a row of the table sums to zero; drop the empty level");
        }
    }
    for (const double c : margins.columns) {
        if (c == 0.0) {
            throw InputError("chi-square test: a column of the table sums to zero; drop the empty level");
        }
    }
    const std::size_t rows = table.size();
    const std::size_t columns = table.front().size();

    ChiSquareResult result;
    result.expected.assign(rows, std::vector<double>(columns, 0.0));
    result.minimumExpected = std::numeric_limits<double>::infinity();
    double smallestDeviation = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns; ++j) {
            const double expected = margins.rows[i] * margins.columns[j] / margins.total;
            result.expected[i][j] = expected;
            result.minimumExpected = std::min(result.minimumExpected, expected);
            smallestDeviation = std::min(smallestDeviation, std::abs(table[i][j] - expected));
        }
    }
    if (yatesCorrection && rows == 2 && columns == 2) {
        result.yatesTerm = std::min(0.5, smallestDeviation);
    }
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns; ++j) {
            const double deviation = std::abs(table[i][j] - result.expected[i][j]) - result.yatesTerm;
            result.statistic += deviation * deviation / result.expected[i][j];
        }
    }
    result.df = static_cast<double>((rows - 1) * (columns - 1));
    result.pValue = detail::chiSquareCdf(result.statistic, result.df, true);
    return result;
}

namespace {

/// The 2x2 conditional distribution of the top-left cell x given the
/// margins: the noncentral hypergeometric with odds ratio psi,
/// \f$ P(x) \propto \binom{m}{x}\binom{n}{k-x}\psi^x \f$ on lo..hi.
class NoncentralHypergeometric {
public:
    NoncentralHypergeometric(long long m, long long n, long long k) : m_(m), n_(n), k_(k) {
        low_ = std::max(0LL, k - n);
        high_ = std::min(k, m);
        for (long long x = low_; x <= high_; ++x) {
            logCentral_.push_back(logChoose(m, x) + logChoose(n, k - x));
        }
    }

    long long low() const { return low_; }
    long long high() const { return high_; }

    /// Probabilities on low..high for odds ratio psi (0 < psi < inf).
    std::vector<double> density(double psi) const {
        std::vector<double> d(logCentral_.size(), 0.0);
        if (psi == 0.0) {
            d.front() = 1.0;  // all mass at the lowest value
            return d;
        }
        const double logPsi = std::log(psi);
        double maxLog = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < d.size(); ++i) {
            d[i] = logCentral_[i] + logPsi * static_cast<double>(low_ + static_cast<long long>(i));
            maxLog = std::max(maxLog, d[i]);
        }
        double sum = 0.0;
        for (double& v : d) {
            v = std::exp(v - maxLog);
            sum += v;
        }
        for (double& v : d) {
            v /= sum;
        }
        return d;
    }

    double mean(double psi) const {
        if (psi == 0.0) {
            return static_cast<double>(low_);
        }
        if (std::isinf(psi)) {
            return static_cast<double>(high_);
        }
        const std::vector<double> d = density(psi);
        double result = 0.0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            result += static_cast<double>(low_ + static_cast<long long>(i)) * d[i];
        }
        return result;
    }

    /// P(X <= x) or, with upperTail, P(X >= x).
    double cdf(long long x, double psi, bool upperTail) const {
        const std::vector<double> d = density(psi);
        double sum = 0.0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const long long value = low_ + static_cast<long long>(i);
            if (upperTail ? value >= x : value <= x) {
                sum += d[i];
            }
        }
        return sum;
    }

private:
    static double logChoose(long long n, long long k) {
        return std::lgamma(static_cast<double>(n) + 1.0) - std::lgamma(static_cast<double>(k) + 1.0) -
               std::lgamma(static_cast<double>(n - k) + 1.0);
    }

    long long m_, n_, k_;
    long long low_ = 0, high_ = 0;
    std::vector<double> logCentral_;
};

/// Root of an increasing or decreasing f on [a, b] with f(a), f(b) of
/// opposite signs, by bisection to the last representable digit.
double solveBisection(const std::function<double(double)>& f, double a, double b) {
    double fa = f(a);
    for (int iteration = 0; iteration < 2000; ++iteration) {
        const double middle = a + (b - a) / 2.0;
        if (middle <= a || middle >= b) {
            break;
        }
        const double fm = f(middle);
        if (fm == 0.0) {
            return middle;
        }
        if ((fm < 0.0) == (fa < 0.0)) {
            a = middle;
            fa = fm;
        } else {
            b = middle;
        }
    }
    return a + (b - a) / 2.0;
}

/// Solves g(psi) = target for psi in (0, inf) as R does: on (0, 1) when
/// g(1) is on the far side, otherwise for 1/psi on (eps, 1).
double solveOddsRatio(const std::function<double(double)>& g, double target, bool belowOneWhenGreater) {
    const double atOne = g(1.0);
    if (atOne == target) {
        return 1.0;
    }
    const bool belowOne = belowOneWhenGreater ? atOne > target : atOne < target;
    if (belowOne) {
        return solveBisection([&](double t) { return g(t) - target; }, 0.0, 1.0);
    }
    const double inverse = solveBisection([&](double t) { return g(1.0 / t) - target; },
                                          std::numeric_limits<double>::epsilon(), 1.0);
    return 1.0 / inverse;
}

FisherResult fisherTwoByTwo(const CountTable& table, double confidenceLevel) {
    const auto x = static_cast<long long>(table[0][0]);
    const auto m = static_cast<long long>(table[0][0] + table[1][0]);
    const auto n = static_cast<long long>(table[0][1] + table[1][1]);
    const auto k = static_cast<long long>(table[0][0] + table[0][1]);
    const NoncentralHypergeometric distribution(m, n, k);
    const long long low = distribution.low();
    const long long high = distribution.high();

    FisherResult result;
    // Two-sided p: tables no more likely than the observed one, with R's
    // relative fuzz 1e-7 so that ties in floating point count.
    const std::vector<double> d = distribution.density(1.0);
    const double observed = d[static_cast<std::size_t>(x - low)];
    for (const double probability : d) {
        if (probability <= observed * (1.0 + 1e-7)) {
            result.pValue += probability;
        }
    }
    result.pValue = std::min(1.0, result.pValue);

    // Conditional MLE: E_psi(X) = x.
    const double xd = static_cast<double>(x);
    if (x == low) {
        result.oddsRatio = 0.0;
    } else if (x == high) {
        result.oddsRatio = std::numeric_limits<double>::infinity();
    } else {
        result.oddsRatio = solveOddsRatio([&](double psi) { return distribution.mean(psi); }, xd, true);
    }

    const double alpha = (1.0 - confidenceLevel) / 2.0;
    if (x == low) {
        result.confidenceLow = 0.0;
    } else {
        result.confidenceLow =
            solveOddsRatio([&](double psi) { return distribution.cdf(x, psi, true); }, alpha, true);
    }
    if (x == high) {
        result.confidenceHigh = std::numeric_limits<double>::infinity();
    } else {
        result.confidenceHigh =
            solveOddsRatio([&](double psi) { return distribution.cdf(x, psi, false); }, alpha, false);
    }
    return result;
}

/// Exact r x c p-value: the sum of the probabilities of all tables with the
/// observed margins whose probability is at most the observed one (relative
/// fuzz 1e-7). Tables are enumerated column by column. A partial table is
/// settled without enumeration when bounds on its completions show that all
/// or none of them qualify, which is the idea of Mehta and Patel's network
/// algorithm.
class RowByColumnExact {
public:
    RowByColumnExact(const CountTable& table, const Margins& margins) {
        for (const double r : margins.rows) {
            rows_.push_back(static_cast<int>(std::llround(r)));
        }
        for (const double c : margins.columns) {
            columns_.push_back(static_cast<int>(std::llround(c)));
        }
        // Larger columns first gives tighter bounds early.
        std::sort(columns_.begin(), columns_.end(), std::greater<>());
        total_ = static_cast<int>(std::llround(margins.total));
        logFactorial_.resize(static_cast<std::size_t>(total_) + 1);
        for (int i = 0; i <= total_; ++i) {
            logFactorial_[static_cast<std::size_t>(i)] = std::lgamma(static_cast<double>(i) + 1.0);
        }
        // log P(table) = constant_ - sum log x_ij!.
        constant_ = -lf(total_);
        for (const int r : rows_) {
            constant_ += lf(r);
        }
        for (const int c : columns_) {
            constant_ += lf(c);
        }
        double observed = constant_;
        for (const auto& row : table) {
            for (const double cell : row) {
                observed -= lf(static_cast<int>(std::llround(cell)));
            }
        }
        threshold_ = observed + std::log1p(1e-7);
    }

    double pValue() {
        std::vector<int> remaining = rows_;
        visitColumn(0, remaining, constant_);
        return std::min(1.0, std::max(0.0, pValue_));
    }

private:
    double lf(int k) const { return logFactorial_[static_cast<std::size_t>(k)]; }

    /// log of the sum over completions of prod 1/x_ij! for the remaining
    /// rows and columns from `column` on: log(N'! / (prod r'! prod c'!)).
    double logCompletionSum(const std::vector<int>& remaining, std::size_t column) const {
        int totalRemaining = 0;
        double result = 0.0;
        for (const int r : remaining) {
            totalRemaining += r;
            result -= lf(r);
        }
        for (std::size_t j = column; j < columns_.size(); ++j) {
            result -= lf(columns_[j]);
        }
        return result + lf(totalRemaining);
    }

    /// Bounds on max and min of -sum log x_ij! over completions, relaxing the
    /// row constraints to per-cell caps (each column treated on its own).
    void completionBounds(const std::vector<int>& remaining, std::size_t column, double& upper,
                          double& lower) const {
        upper = 0.0;
        lower = 0.0;
        std::vector<int> caps = remaining;
        std::sort(caps.begin(), caps.end());
        for (std::size_t j = column; j < columns_.size(); ++j) {
            const int c = columns_[j];
            // Most even split under the caps maximises -sum log x!.
            std::vector<int> cells(caps.size(), 0);
            int left = c;
            std::size_t open = caps.size();
            for (std::size_t i = 0; i < caps.size(); ++i) {
                const int share = left / static_cast<int>(open);
                const int take = std::min(caps[i], share);
                cells[i] = take;
                left -= take;
                --open;
            }
            // A remainder is left only when caps bind; give it to cells with room.
            for (std::size_t i = caps.size(); i-- > 0 && left > 0;) {
                const int room = caps[i] - cells[i];
                const int take = std::min(room, left);
                cells[i] += take;
                left -= take;
            }
            double best = 0.0;
            for (const int v : cells) {
                best -= lf(v);
            }
            upper += best;
            // Most concentrated fill (largest caps first) minimises it.
            left = c;
            double worst = 0.0;
            for (std::size_t i = caps.size(); i-- > 0 && left > 0;) {
                const int take = std::min(caps[i], left);
                worst -= lf(take);
                left -= take;
            }
            lower += worst;
        }
    }

    void visitColumn(std::size_t column, std::vector<int>& remaining, double logPartial) {
        if (column + 1 == columns_.size()) {
            // The last column is forced to equal the remaining row sums.
            double logProbability = logPartial;
            for (const int r : remaining) {
                logProbability -= lf(r);
            }
            if (logProbability <= threshold_) {
                pValue_ += std::exp(logProbability);
            }
            return;
        }
        double upper = 0.0;
        double lower = 0.0;
        completionBounds(remaining, column, upper, lower);
        if (logPartial + upper <= threshold_) {
            pValue_ += std::exp(logPartial + logCompletionSum(remaining, column));
            return;
        }
        if (logPartial + lower > threshold_) {
            return;
        }
        fillColumn(column, 0, columns_[column], remaining, logPartial);
    }

    void fillColumn(std::size_t column, std::size_t row, int left, std::vector<int>& remaining,
                    double logPartial) {
        if (row + 1 == remaining.size()) {
            if (left > remaining[row]) {
                return;
            }
            remaining[row] -= left;
            visitColumn(column + 1, remaining, logPartial - lf(left));
            remaining[row] += left;
            return;
        }
        int capacityBelow = 0;
        for (std::size_t i = row + 1; i < remaining.size(); ++i) {
            capacityBelow += remaining[i];
        }
        const int minimum = std::max(0, left - capacityBelow);
        const int maximum = std::min(left, remaining[row]);
        for (int value = minimum; value <= maximum; ++value) {
            remaining[row] -= value;
            fillColumn(column, row + 1, left - value, remaining, logPartial - lf(value));
            remaining[row] += value;
        }
    }

    std::vector<int> rows_;
    std::vector<int> columns_;
    int total_ = 0;
    std::vector<double> logFactorial_;
    double constant_ = 0.0;
    double threshold_ = 0.0;
    double pValue_ = 0.0;
};

}  // namespace

FisherResult fisherExactTest(const CountTable& table, double confidenceLevel) {
    const Margins margins = checkTable(table, "Fisher's exact test");
    for (const auto& row : table) {
        for (const double count : row) {
            if (count != std::round(count)) {
                throw InputError("Fisher's exact test: the count " + std::to_string(count) +
                                 " is not a whole number; use counts of patients");
            }
        }
    }
    if (table.size() == 2 && table.front().size() == 2) {
        return fisherTwoByTwo(table, confidenceLevel);
    }
    // Empty rows and columns do not change the conditional distribution.
    CountTable reduced;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (margins.rows[i] == 0.0) {
            continue;
        }
        std::vector<double> row;
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            if (margins.columns[j] > 0.0) {
                row.push_back(table[i][j]);
            }
        }
        reduced.push_back(row);
    }
    FisherResult result;
    result.oddsRatio = std::numeric_limits<double>::quiet_NaN();
    result.confidenceLow = result.oddsRatio;
    result.confidenceHigh = result.oddsRatio;
    if (reduced.size() < 2 || reduced.front().size() < 2) {
        result.pValue = 1.0;
        return result;
    }
    // The p-value is the same for the transposed table, and enumerating the
    // cells of a column costs most when columns are long, so put the shorter
    // dimension down the columns.
    if (reduced.size() > reduced.front().size()) {
        CountTable transposed(reduced.front().size(), std::vector<double>(reduced.size()));
        for (std::size_t i = 0; i < reduced.size(); ++i) {
            for (std::size_t j = 0; j < reduced[i].size(); ++j) {
                transposed[j][i] = reduced[i][j];
            }
        }
        reduced = std::move(transposed);
    }
    // NOTE: the enumeration keeps no network of partial tables, so a 2 x 8
    // table of 184 patients takes about 9 s; larger tables can take much longer.
    const Margins reducedMargins = checkTable(reduced, "Fisher's exact test");
    RowByColumnExact exact(reduced, reducedMargins);
    result.pValue = exact.pValue();
    return result;
}

}  // namespace pulmorad::stats

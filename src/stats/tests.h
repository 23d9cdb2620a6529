#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace pulmorad::stats {

/// Shapiro-Wilk normality test as R's shapiro.test (Royston 1995, AS R94).
struct ShapiroWilkResult {
    std::size_t n = 0;
    double w = 0.0;       ///< the W statistic
    double pValue = 0.0;  ///< Royston's normalising approximation
};

/// Runs the Shapiro-Wilk test on `values` (NaN not allowed). Throws
/// InputError when n is outside 3..5000 or all values are identical.
ShapiroWilkResult shapiroWilk(std::span<const double> values);

/// Two-sample t-test (differences are x - y).
struct TTestResult {
    double t = 0.0;
    double df = 0.0;
    double pValue = 0.0;         ///< two-sided
    double confidenceLow = 0.0;  ///< CI of mean(x) - mean(y)
    double confidenceHigh = 0.0;
    double meanX = 0.0;
    double meanY = 0.0;
    double varianceX = 0.0;
    double varianceY = 0.0;
    double standardError = 0.0;
};

/// Student's (`equalVariances` true) or Welch's t-test, as R's t.test.
/// Throws InputError when a group has fewer than 2 values or the data are
/// constant.
TTestResult tTest(std::span<const double> x, std::span<const double> y, bool equalVariances,
                  double confidenceLevel = 0.95);

/// How the Wilcoxon rank-sum p-value is computed.
enum class WilcoxonMethod {
    Automatic,  ///< R's default: exact when both n < 50 and there are no ties
    Exact,      ///< exact distribution (falls back to normal with ties, as R)
    Normal,     ///< normal approximation
};

struct WilcoxonResult {
    double w = 0.0;  ///< rank sum of x minus n_x(n_x+1)/2
    double pValue = 0.0;
    bool exact = false;  ///< true when the exact distribution was used
    bool continuityCorrected = false;
    double z = 0.0;      ///< normal approximation only
    double sigma = 0.0;  ///< tie-corrected SD of W (normal only)
};

/// Two-sided Wilcoxon rank-sum (Mann-Whitney) test as R's wilcox.test.
WilcoxonResult wilcoxonRankSum(std::span<const double> x, std::span<const double> y,
                               WilcoxonMethod method = WilcoxonMethod::Automatic,
                               bool continuityCorrection = true);

/// A contingency table of counts, counts[row][column].
using CountTable = std::vector<std::vector<double>>;

struct ChiSquareResult {
    double statistic = 0.0;
    double df = 0.0;
    double pValue = 0.0;
    double yatesTerm = 0.0;  ///< the continuity correction actually applied (0 when none)
    CountTable expected;
    double minimumExpected = 0.0;
};

/// Pearson's chi-square test of independence as R's chisq.test. Yates'
/// correction applies only to 2x2 tables when `yatesCorrection` is true.
/// Throws InputError for fewer than 2 rows or columns, negative counts, or a
/// row or column that sums to zero.
ChiSquareResult chiSquareTest(const CountTable& table, bool yatesCorrection = true);

struct FisherResult {
    double pValue = 0.0;  ///< two-sided
    /// 2x2 only (NaN otherwise): conditional maximum-likelihood odds ratio and
    /// its 95% CI from the noncentral hypergeometric distribution.
    double oddsRatio = 0.0;
    double confidenceLow = 0.0;
    double confidenceHigh = 0.0;
};

/// Fisher's exact test as R's fisher.test: any r x c table of non-negative
/// integer counts (two-sided p as the sum of the probabilities of tables no
/// more likely than the observed one, with R's relative tolerance 1e-7).
FisherResult fisherExactTest(const CountTable& table, double confidenceLevel = 0.95);

}  // namespace pulmorad::stats

#include <cmath>
#include <string>

#include "common/errors.h"
#include "stats/descriptive.h"
#include "stats/distributions.h"
#include "stats/tests.h"

namespace pulmorad::stats {

/// Student: \f$ s_p^2 = \frac{(n_x-1)s_x^2 + (n_y-1)s_y^2}{n_x+n_y-2},\;
/// SE = s_p\sqrt{1/n_x + 1/n_y},\; df = n_x+n_y-2 \f$.
/// Welch: \f$ SE = \sqrt{s_x^2/n_x + s_y^2/n_y},\;
/// df = SE^4 / \left(\frac{(s_x^2/n_x)^2}{n_x-1} + \frac{(s_y^2/n_y)^2}{n_y-1}\right) \f$.
/// Then \f$ t = (\bar x - \bar y)/SE \f$, \f$ p = 2 P(T_{df} > |t|) \f$ and the
/// CI is \f$ (t \pm t_{df,1-\alpha/2})\,SE \f$, as R's t.test writes it.
TTestResult tTest(std::span<const double> x, std::span<const double> y, bool equalVariances,
                  double confidenceLevel) {
    const double nx = static_cast<double>(x.size());
    const double ny = static_cast<double>(y.size());
    if (x.size() < 2 || y.size() < 2) {
        throw InputError("t-test: each group needs at least 2 values (found " + std::to_string(x.size()) +
                         " and " + std::to_string(y.size()) + ")");
    }
    TTestResult result;
    result.meanX = mean(x);
    result.meanY = mean(y);
    result.varianceX = variance(x);
    result.varianceY = variance(y);

    if (equalVariances) {
        result.df = nx + ny - 2.0;
        double pooled = 0.0;
        if (nx > 1) {
            pooled += (nx - 1.0) * result.varianceX;
        }
        if (ny > 1) {
            pooled += (ny - 1.0) * result.varianceY;
        }
        pooled /= result.df;
        result.standardError = std::sqrt(pooled * (1.0 / nx + 1.0 / ny));
    } else {
        const double seX2 = result.varianceX / nx;
        const double seY2 = result.varianceY / ny;
        result.standardError = std::sqrt(seX2 + seY2);
        result.df = std::pow(result.standardError, 4) / (seX2 * seX2 / (nx - 1.0) + seY2 * seY2 / (ny - 1.0));
    }
    const double scale = std::max(std::abs(result.meanX), std::abs(result.meanY));
    if (result.standardError < 10.0 * std::numeric_limits<double>::epsilon() * scale) {
        throw InputError("t-test: the data are essentially constant, so the t statistic is undefined");
    }
    result.t = (result.meanX - result.meanY) / result.standardError;
    result.pValue = 2.0 * detail::studentTCdf(-std::abs(result.t), result.df);
    const double quantile = detail::studentTQuantile(1.0 - (1.0 - confidenceLevel) / 2.0, result.df);
    result.confidenceLow = (result.t - quantile) * result.standardError;
    result.confidenceHigh = (result.t + quantile) * result.standardError;
    return result;
}

}  // namespace pulmorad::stats

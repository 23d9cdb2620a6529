#include "stats/distributions.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace pulmorad::stats::detail {

double normalCdf(double x, bool upperTail) {
    if (std::isnan(x)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (std::isinf(x)) {
        return (x > 0) != upperTail ? 1.0 : 0.0;
    }
    const boost::math::normal_distribution<double> normal;
    return upperTail ? boost::math::cdf(boost::math::complement(normal, x)) : boost::math::cdf(normal, x);
}

double normalQuantile(double probability) {
    const boost::math::normal_distribution<double> normal;
    return boost::math::quantile(normal, probability);
}

double studentTCdf(double t, double df, bool upperTail) {
    if (std::isnan(t)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (std::isinf(t)) {
        return (t > 0) != upperTail ? 1.0 : 0.0;
    }
    const boost::math::students_t_distribution<double> student(df);
    return upperTail ? boost::math::cdf(boost::math::complement(student, t)) : boost::math::cdf(student, t);
}

double studentTQuantile(double probability, double df) {
    const boost::math::students_t_distribution<double> student(df);
    return boost::math::quantile(student, probability);
}

double chiSquareCdf(double x, double df, bool upperTail) {
    if (std::isnan(x)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (x <= 0.0) {
        return upperTail ? 1.0 : 0.0;
    }
    if (std::isinf(x)) {
        return upperTail ? 0.0 : 1.0;
    }
    const boost::math::chi_squared_distribution<double> chiSquare(df);
    return upperTail ? boost::math::cdf(boost::math::complement(chiSquare, x))
                     : boost::math::cdf(chiSquare, x);
}

double chiSquareQuantile(double probability, double df) {
    const boost::math::chi_squared_distribution<double> chiSquare(df);
    return boost::math::quantile(chiSquare, probability);
}

}  // namespace pulmorad::stats::detail

#pragma once

// Thin wrappers over Boost.Math distributions with the tail arguments R's
// p-functions take, so the test code reads like the formulas.

namespace pulmorad::stats::detail {

double normalCdf(double x, bool upperTail = false);
double normalQuantile(double probability);
double studentTCdf(double t, double df, bool upperTail = false);
double studentTQuantile(double probability, double df);
double chiSquareCdf(double x, double df, bool upperTail = false);
double chiSquareQuantile(double probability, double df);

}  // namespace pulmorad::stats::detail

#pragma once

// The report's risk calculator: the nomogram of results.json as an HTML form
// with plain JavaScript that computes each predictor's points, the total
// points and the probability exactly as the nomogram defines them:
//   points_j = scale * |b_j (x_j - zero_at_j)|,  total = sum_j points_j,
//   probability = 1 / (1 + exp(-(lp_at_zero_points + total / scale))).

#include <nlohmann/json.hpp>

#include <string>

namespace pulmorad::report {

class ReportContext;

/// Renders the calculator section, or one line saying why it is absent.
///
/// The script also reads a test hook from the page URL: a fragment
/// `#calculator=` followed by a URL-encoded JSON array of patients, each an
/// array of values in the order of combined.nomogram.variables, fills the form
/// for each patient in turn and appends one <li> per patient to the list
/// `#calc-results`, with the attributes data-total and data-probability in
/// JavaScript's shortest round-trip number form.
std::string renderCalculatorSection(ReportContext& context);

/// Returns `value` serialised as JSON that is safe inside a <script> element
/// and an XML parser: '<', '>' and '&' are written as \u escapes.
std::string scriptSafeJson(const nlohmann::json& value);

}  // namespace pulmorad::report

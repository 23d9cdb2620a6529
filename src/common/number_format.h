#pragma once

#include <string>

namespace pulmorad {

/// Formats a double as the shortest decimal string that parses back to the
/// same double (std::to_chars round-trip form). NaN is written "nan" and
/// infinities "inf" / "-inf", which strtod and Python's float() both read.
std::string formatDouble(double value);

/// Parses a whole string as a double, accepting what formatDouble writes.
/// Returns false when any character is left over or the text is empty.
bool parseDouble(const std::string& text, double& value);

}  // namespace pulmorad

#pragma once

// Suggestions for misspelt names in error messages ("did you mean 'binWidth'?").

#include <string>
#include <vector>

namespace pulmorad {

/// Returns the candidate closest to `name` by edit distance (case-insensitive),
/// or "" when none is reasonably close.
std::string closestName(const std::string& name, const std::vector<std::string>& candidates);

/// Formats " (did you mean 'X'?)" for closestName, or "" when nothing is close.
std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace pulmorad

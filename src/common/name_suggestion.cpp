#include "common/name_suggestion.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <limits>

namespace pulmorad {

namespace {

std::string toLower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Levenshtein distance: insertions, deletions and substitutions each cost 1.
std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

}  // namespace

std::string closestName(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t bestDistance = std::numeric_limits<std::size_t>::max();
    const std::string lowered = toLower(name);
    for (const std::string& candidate : candidates) {
        const std::size_t distance = editDistance(lowered, toLower(candidate));
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    // Accept up to a third of the longer name's letters as edits (at least 2),
    // so "binwidht" finds binWidth but "foo" does not find "sigma".
    const std::size_t longest = std::max(name.size(), best.size());
    const std::size_t allowed = std::max<std::size_t>(2, longest / 3);
    return bestDistance <= allowed ? best : std::string();
}

std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates) {
    const std::string best = closestName(name, candidates);
    return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

}  // namespace pulmorad

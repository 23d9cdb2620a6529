// Tests of the "did you mean" suggestions. Expected names follow from the
// Levenshtein distance worked out by hand (case ignored).

#include "common/name_suggestion.h"

#include <gtest/gtest.h>

namespace pulmorad {
namespace {

TEST(NameSuggestion, FindsTheClosestNameIgnoringCase) {
    // "ild" -> "ILD" costs 0 after lowering, "ID" costs 1.
    EXPECT_EQ(closestName("ild", {"ID", "ILD", "age"}), "ILD");
    // "calibraton" -> "calibration": one insertion.
    EXPECT_EQ(closestName("calibraton", {"seed", "calibration", "selection"}), "calibration");
}

TEST(NameSuggestion, IgnoresDistantNames) {
    // "foo" -> "sigma" needs 5 edits; at most 2 are allowed for 5 letters.
    EXPECT_EQ(closestName("foo", {"sigma"}), "");
    EXPECT_EQ(didYouMean("foo", {"sigma"}), "");
    EXPECT_EQ(didYouMean("sead", {"seed"}), " (did you mean 'seed'?)");
}

}  // namespace
}  // namespace pulmorad

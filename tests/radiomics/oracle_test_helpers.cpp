#include "oracle_test_helpers.h"

#include <gtest/gtest.h>

#include "extract_test_helpers.h"

namespace pulmorad::test {

FeatureCells readOracleRow(const std::string& caseId) {
    return readSingleRow(referencePath("pyradiomics-oracle/" + caseId + "/features.csv"));
}

void expectFeaturesAgree(const FeatureCells& ours, const FeatureCells& oracle,
                         const std::function<bool(const std::string&)>& isSelected, double tolerance,
                         double tightTolerance, OracleAgreement& agreement) {
    agreement = {};
    for (const auto& [name, expectedText] : oracle) {
        if (!isSelected(name)) {
            continue;
        }
        ++agreement.compared;
        double expected = 0.0;
        double actual = 0.0;
        ASSERT_TRUE(parseDouble(expectedText, expected)) << name;
        const auto found = ours.find(name);
        ASSERT_NE(found, ours.end()) << name << " is missing";
        ASSERT_TRUE(parseDouble(found->second, actual)) << name << ": " << found->second;
        EXPECT_TRUE(agrees(actual, expected, tolerance))
            << name << ": pulmorad " << found->second << ", PyRadiomics " << expectedText;
        agreement.withinTight += agrees(actual, expected, tightTolerance) ? 1 : 0;
    }
}

}  // namespace pulmorad::test

#pragma once

// Comparison of a feature table written by `pulmorad extract` with
// PyRadiomics' table for the same case, stored in the reference data under
// pyradiomics-oracle/<case>/features.csv.

#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace pulmorad::test {

/// One row of a feature table, column -> cell text.
using FeatureCells = std::map<std::string, std::string>;

/// Reads PyRadiomics' single-row table of `caseId` (a folder of pyradiomics-oracle/).
FeatureCells readOracleRow(const std::string& caseId);

/// Counts from expectFeaturesAgree.
struct OracleAgreement {
    std::size_t compared = 0;     ///< oracle features that the selection accepted
    std::size_t withinTight = 0;  ///< of those, the ones within the tight tolerance
};

/// Expects each oracle feature whose column `isSelected` accepts to be in
/// `ours` and to agree within the relative `tolerance` (see agrees()), and
/// counts the ones within `tightTolerance`. A missing or unparsable value is
/// a fatal failure: call it inside ASSERT_NO_FATAL_FAILURE.
void expectFeaturesAgree(const FeatureCells& ours, const FeatureCells& oracle,
                         const std::function<bool(const std::string&)>& isSelected, double tolerance,
                         double tightTolerance, OracleAgreement& agreement);

}  // namespace pulmorad::test

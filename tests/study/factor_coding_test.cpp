// codeVariable: how clinical variables become logistic-regression columns.
// Expected levels follow R 4.x factor(): numeric vectors sort numerically,
// character vectors by sort(), which is byte order in the C locale. Term names
// follow glm's treatment coding: the variable followed by the level, such as typeDM.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "study/study_data.h"
#include "table/table.h"

namespace pulmorad::study {
namespace {

/// Builds a cohort of every row of a clinical table given as CSV text.
Cohort cohortOf(const std::string& csv) {
    Cohort cohort;
    cohort.clinical = table::Table::parseCsv(csv, "clinical.csv");
    for (std::size_t row = 0; row < cohort.clinical->rowCount(); ++row) {
        cohort.clinicalRows.push_back(row);
        cohort.ids.push_back(cohort.clinical->ids()[row]);
    }
    return cohort;
}

TEST(FactorCoding, TextLevelsSortedAsInCLocale) {
    const Cohort cohort = cohortOf("ID,type\nP1,PM\nP2,DM\nP3,ADM\nP4,\nP5,DM\nP6,asS\n");
    const CodedVariable coded = codeVariable(cohort, {"type", stats::VariableType::Categorical, ""});
    // R: levels(factor(c("PM", "DM", "ADM", "DM", "asS"))) in the C locale.
    EXPECT_EQ(coded.levels, (std::vector<std::string>{"ADM", "DM", "PM", "asS"}));
    EXPECT_EQ(coded.terms, (std::vector<std::string>{"typeDM", "typePM", "typeasS"}));
    ASSERT_EQ(coded.columns.size(), 3u);
    // model.matrix(~ type): P1 (PM) has typePM = 1, P3 (ADM, the reference) zeros, P4 missing.
    const std::vector<double> dm = {0, 1, 0, 0, 1, 0};
    const std::vector<double> pm = {1, 0, 0, 0, 0, 0};
    const std::vector<double> ass = {0, 0, 0, 0, 0, 1};
    for (std::size_t i = 0; i < 6; ++i) {
        if (i == 3) {
            EXPECT_TRUE(std::isnan(coded.columns[0][i]));
            EXPECT_TRUE(std::isnan(coded.columns[1][i]));
            EXPECT_TRUE(std::isnan(coded.columns[2][i]));
            continue;
        }
        EXPECT_EQ(coded.columns[0][i], dm[i]) << "row " << i;
        EXPECT_EQ(coded.columns[1][i], pm[i]) << "row " << i;
        EXPECT_EQ(coded.columns[2][i], ass[i]) << "row " << i;
    }
}

TEST(FactorCoding, NumericLevelsSortedNumerically) {
    const Cohort cohort = cohortOf("ID,grade\nP1,10\nP2,9\nP3,2\nP4,9\n");
    const CodedVariable coded = codeVariable(cohort, {"grade", stats::VariableType::Categorical, ""});
    // R: levels(factor(c(10, 9, 2, 9))) is "2" "9" "10", not the text order "10" "2" "9".
    EXPECT_EQ(coded.levels, (std::vector<std::string>{"2", "9", "10"}));
    EXPECT_EQ(coded.terms, (std::vector<std::string>{"grade9", "grade10"}));
    EXPECT_EQ(coded.columns[0], (std::vector<double>{0, 1, 0, 1}));
    EXPECT_EQ(coded.columns[1], (std::vector<double>{1, 0, 0, 0}));
}

TEST(FactorCoding, TwoTextLevelsAreFactor) {
    const Cohort cohort = cohortOf("ID,sex\nP1,M\nP2,F\nP3,M\n");
    const CodedVariable coded = codeVariable(cohort, {"sex", stats::VariableType::Categorical, ""});
    // glm(y ~ factor(sex)) has the single term sexM against the reference F.
    EXPECT_TRUE(coded.isFactor());
    EXPECT_EQ(coded.terms, (std::vector<std::string>{"sexM"}));
    EXPECT_EQ(coded.columns[0], (std::vector<double>{1, 0, 1}));
}

TEST(FactorCoding, OtherTypesKeepOneColumn) {
    const Cohort cohort = cohortOf("ID,stage,smoker,age\nP1,1,yes,50.5\nP2,2,no,61\nP3,2,yes,\n");
    // Two numeric categories enter as their number.
    const CodedVariable stage = codeVariable(cohort, {"stage", stats::VariableType::Categorical, ""});
    EXPECT_FALSE(stage.isFactor());
    EXPECT_EQ(stage.terms, (std::vector<std::string>{"stage"}));
    EXPECT_EQ(stage.columns[0], (std::vector<double>{1, 2, 2}));
    // A binary variable is 0/1 in sorted level order: "no" 0, "yes" 1.
    const CodedVariable smoker = codeVariable(cohort, {"smoker", stats::VariableType::Binary, ""});
    EXPECT_FALSE(smoker.isFactor());
    EXPECT_EQ(smoker.columns[0], (std::vector<double>{1, 0, 1}));
    const CodedVariable age = codeVariable(cohort, {"age", stats::VariableType::Continuous, ""});
    EXPECT_EQ(age.columns[0][0], 50.5);
    EXPECT_EQ(age.columns[0][1], 61.0);
    EXPECT_TRUE(std::isnan(age.columns[0][2]));
}

TEST(FactorCoding, ContinuousTextRejected) {
    const Cohort cohort = cohortOf("ID,age\nP1,50\nP2,old\n");
    try {
        codeVariable(cohort, {"age", stats::VariableType::Continuous, ""});
        FAIL() << "text in a continuous variable must be rejected";
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("clinical.csv: variable 'age' is declared continuous but holds the text "
                                                        "'old' for patient P2; declare it categorical"),
                  std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace pulmorad::study

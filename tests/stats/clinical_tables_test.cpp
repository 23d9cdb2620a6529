// Baseline-table rows of categorical variables: the 0/1 form, and variables
// that show one level only, where no test can run. Expected counts are hand
// counts of the small tables below.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "stats/clinical_tables.h"
#include "table/table.h"

namespace pulmorad::test {
namespace {

// Ten patients, four with outcome 1. `none` is 0 everywhere, `all` is 1
// everywhere, `text` has the single level "no", `cough` has both levels.
const char* kCsv =
    "ID,outcome,none,all,text,cough\n"
    "1,0,0,1,no,0\n"
    "2,0,0,1,no,0\n"
    "3,0,0,1,no,1\n"
    "4,0,0,1,no,0\n"
    "5,0,0,1,no,0\n"
    "6,0,0,1,no,0\n"
    "7,1,0,1,no,1\n"
    "8,1,0,1,no,1\n"
    "9,1,0,1,no,1\n"
    "10,1,0,1,no,0\n";

stats::ClinicalTableBuilder makeBuilder(const table::Table& data) {
    std::vector<std::size_t> rows(data.rowCount());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = i;
    }
    return stats::ClinicalTableBuilder(data, "outcome", {"0", "1"}, rows);
}

TEST(ClinicalTables, AllZeroBinaryShowsLevelOneAtZero) {
    const table::Table data = table::Table::parseCsv(kCsv, "clinical.csv");
    stats::ClinicalTableBuilder builder = makeBuilder(data);
    builder.addCategorical("none", stats::VariableType::Binary, "none");
    ASSERT_EQ(builder.rows().size(), 1u);
    const stats::ClinicalTableRow& row = builder.rows()[0];
    EXPECT_FALSE(row.headerRow);
    EXPECT_EQ(row.level.value_or(""), "1");
    // Hand count: no patient has level 1, of 10 overall, 6 and 4 per group.
    EXPECT_EQ(row.numbers[0][0], 0.0);
    EXPECT_EQ(row.numbers[0][1], 0.0);
    EXPECT_EQ(row.numbers[1][0], 0.0);
    EXPECT_EQ(row.numbers[2][0], 0.0);
    EXPECT_EQ(row.display[0].value_or(""), "0 (0.0%)");
    EXPECT_TRUE(std::isnan(row.pValue));
    EXPECT_EQ(row.test.value_or(""), "none (one level observed)");
    EXPECT_EQ(row.pDisplay.value_or("?"), "");
}

TEST(ClinicalTables, AllOneBinaryShowsLevelOneAtHundred) {
    const table::Table data = table::Table::parseCsv(kCsv, "clinical.csv");
    stats::ClinicalTableBuilder builder = makeBuilder(data);
    builder.addCategorical("all", stats::VariableType::Binary, "all");
    ASSERT_EQ(builder.rows().size(), 1u);
    const stats::ClinicalTableRow& row = builder.rows()[0];
    EXPECT_EQ(row.level.value_or(""), "1");
    // Hand count: 10 of 10 overall, 6 of 6 and 4 of 4.
    EXPECT_EQ(row.numbers[0][0], 10.0);
    EXPECT_EQ(row.numbers[0][1], 100.0);
    EXPECT_EQ(row.numbers[1][0], 6.0);
    EXPECT_EQ(row.numbers[2][0], 4.0);
    EXPECT_TRUE(std::isnan(row.pValue));
    EXPECT_EQ(row.test.value_or(""), "none (one level observed)");
}

TEST(ClinicalTables, SingleTextLevelKeepsItsLevelRow) {
    const table::Table data = table::Table::parseCsv(kCsv, "clinical.csv");
    stats::ClinicalTableBuilder builder = makeBuilder(data);
    builder.addCategorical("text", stats::VariableType::Binary, "text");
    // A header row with the test, then the one observed level "no" at 100%.
    ASSERT_EQ(builder.rows().size(), 2u);
    EXPECT_TRUE(builder.rows()[0].headerRow);
    EXPECT_EQ(builder.rows()[0].test.value_or(""), "none (one level observed)");
    EXPECT_TRUE(std::isnan(builder.rows()[0].pValue));
    EXPECT_EQ(builder.rows()[1].level.value_or(""), "no");
    EXPECT_EQ(builder.rows()[1].numbers[0][1], 100.0);
}

TEST(ClinicalTables, TwoLevelBinaryIsTested) {
    const table::Table data = table::Table::parseCsv(kCsv, "clinical.csv");
    stats::ClinicalTableBuilder builder = makeBuilder(data);
    builder.addCategorical("cough", stats::VariableType::Binary, "cough");
    ASSERT_EQ(builder.rows().size(), 1u);
    const stats::ClinicalTableRow& row = builder.rows()[0];
    EXPECT_EQ(row.level.value_or(""), "1");
    // Hand count: cough = 1 in 1 of 6 (outcome 0) and 3 of 4 (outcome 1).
    EXPECT_EQ(row.numbers[1][0], 1.0);
    EXPECT_EQ(row.numbers[2][0], 3.0);
    // Expected counts below 5, so Fisher's exact test; R 4.2:
    // fisher.test(matrix(c(5, 1, 1, 3), 2))$p.value = 0.1904762 (= 8/42).
    EXPECT_EQ(row.test.value_or(""), "Fisher exact");
    EXPECT_NEAR(row.pValue, 8.0 / 42.0, 1e-12);
}

}  // namespace
}  // namespace pulmorad::test

// CSV reading and writing: the table format, ID handling and the input
// errors a clinician's spreadsheet export produces.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/number_format.h"
#include "table/table.h"

namespace pulmorad::table {
namespace {

std::string messageOf(const std::string& csv, const ReadOptions& options = {}) {
    try {
        Table::parseCsv(csv, "clinical.csv", options);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

TEST(Table, ReadsQuotedFieldsAndMissingValues) {
    const std::string csv =
        "\xEF\xBB\xBFID,name,age,note\r\n"
        "P1,\"Smith, Anna\",54,\"said \"\"fine\"\"\"\r\n"
        "P2,Lee,NA,\"two\nlines\"\r\n"
        "P3, Chen ,,\r\n";
    const Table table = Table::parseCsv(csv, "clinical.csv");
    ASSERT_EQ(table.rowCount(), 3u);
    EXPECT_EQ(table.idColumn(), "ID");
    EXPECT_EQ(table.ids(), (std::vector<std::string>{"P1", "P2", "P3"}));
    EXPECT_EQ(table.text("name")[0], "Smith, Anna");
    EXPECT_EQ(table.text("name")[2], "Chen");
    EXPECT_EQ(table.text("note")[0], "said \"fine\"");
    EXPECT_EQ(table.text("note")[1], "two\nlines");
    const auto ages = table.numeric("age");
    EXPECT_EQ(ages[0], 54.0);
    EXPECT_TRUE(std::isnan(ages[1]));
    EXPECT_TRUE(std::isnan(ages[2]));
    EXPECT_TRUE(table.isMissing("age", 1));
    EXPECT_TRUE(table.isNumeric("age"));
    EXPECT_FALSE(table.isNumeric("name"));
    EXPECT_EQ(table.dataColumnNames(), (std::vector<std::string>{"name", "age", "note"}));
}

TEST(Table, NumbersRowsWithoutIdColumn) {
    const Table table = Table::parseCsv("age,ILD\n50,1\n61,0\n", "clinical.csv");
    EXPECT_TRUE(table.idsGenerated());
    EXPECT_EQ(table.ids(), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(table.dataColumnNames().size(), 2u);
}

TEST(Table, IdColumnByOptionAndCaseInsensitiveName) {
    ReadOptions options;
    options.idColumn = "patient";
    const Table named = Table::parseCsv("patient,age\nA,1\nB,2\n", "clinical.csv", options);
    EXPECT_EQ(named.ids(), (std::vector<std::string>{"A", "B"}));
    const Table lower = Table::parseCsv("id,age\nA,1\nB,2\n", "clinical.csv");
    EXPECT_EQ(lower.idColumn(), "id");
    options.idColumn = "mrn";
    EXPECT_NE(messageOf("patient,age\nA,1\n", options).find("'mrn'"), std::string::npos);
}

TEST(Table, DuplicateIdIsInputError) {
    const std::string message = messageOf("ID,age\nP1,50\nP2,51\nP1,52\n");
    EXPECT_NE(message.find("'P1'"), std::string::npos) << message;
    EXPECT_NE(message.find("more than once"), std::string::npos) << message;
    // P1 is data rows 1 and 3 (the header not counted).
    EXPECT_NE(message.find("(data rows 1 and 3)"), std::string::npos) << message;
}

TEST(Table, CommaDecimalIsReportedNeverMisread) {
    // A quoted "12,5" is one field; reading it must fail, never give 125 or 12.
    const Table table = Table::parseCsv("ID,CRP\nP1,\"12,5\"\nP2,3.5\n", "clinical.csv");
    try {
        table.numeric("CRP");
        FAIL() << "comma decimal accepted";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("'CRP'"), std::string::npos) << message;
        EXPECT_NE(message.find("12,5"), std::string::npos) << message;
        EXPECT_NE(message.find("decimal separator"), std::string::npos) << message;
    }
    // Unquoted, 12,5 splits into two fields: the row is rejected.
    const std::string message = messageOf("ID,CRP,age\nP1,12,5,60\n");
    EXPECT_NE(message.find("decimal separator"), std::string::npos) << message;
    // A semicolon-separated export.
    const std::string semicolon = messageOf("ID;CRP\nP1;12,5\n");
    EXPECT_NE(semicolon.find("';'"), std::string::npos) << semicolon;
}

TEST(Table, TextInNumericColumnNamesRowAndValue) {
    const Table table = Table::parseCsv("ID,CK\nP1,120\nP2,high\n", "clinical.csv");
    try {
        table.numeric("CK");
        FAIL() << "text accepted as a number";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("'CK'"), std::string::npos) << message;
        EXPECT_NE(message.find("P2"), std::string::npos) << message;
        EXPECT_NE(message.find("'high'"), std::string::npos) << message;
    }
}

TEST(Table, MissingColumnListsAvailableOnes) {
    const Table table = Table::parseCsv("ID,age\nP1,1\n", "clinical.csv");
    try {
        table.text("ILD");
        FAIL() << "missing column accepted";
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("'ILD'"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("age"), std::string::npos);
    }
}

TEST(Table, StructuralErrors) {
    EXPECT_NE(messageOf("").find("empty"), std::string::npos);
    EXPECT_NE(messageOf("a,a\n1,2\n").find("twice"), std::string::npos);
    EXPECT_NE(messageOf("a,b\n1\n").find("fields"), std::string::npos);
    EXPECT_NE(messageOf("a,b\n\"1,2\n").find("never closed"), std::string::npos);
}

TEST(Table, LevelsInFirstAppearanceOrder) {
    const Table table = Table::parseCsv("sex\nF\nM\n\nF\nNA\n", "clinical.csv");
    EXPECT_EQ(table.levels("sex"), (std::vector<std::string>{"F", "M"}));
}

TEST(CsvWriter, EscapesAndRoundTripsNumbers) {
    CsvWriter writer({"name", "value", "count"});
    const double third = 1.0 / 3.0;
    writer.newRow().add("a, \"b\"").add(third).add(7);
    writer.newRow().add("plain").add(0.1).add(std::size_t{3});
    const std::string csv = writer.str();
    EXPECT_EQ(csv, "name,value,count\n\"a, \"\"b\"\"\"," + formatDouble(third) + ",7\nplain,0.1,3\n");

    const Table back = Table::parseCsv(csv, "written.csv");
    EXPECT_EQ(back.text("name")[0], "a, \"b\"");
    EXPECT_EQ(back.numeric("value")[0], third);  // shortest round-trip form reads back exactly
}

TEST(CsvWriter, RowLengthMismatchIsLogicError) {
    CsvWriter writer({"a", "b"});
    writer.newRow().add("only one");
    EXPECT_THROW(static_cast<void>(writer.str()), std::logic_error);
}

}  // namespace
}  // namespace pulmorad::table

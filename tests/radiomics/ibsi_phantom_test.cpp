// IBSI-1 digital phantom through `pulmorad extract`, with the parameter files
// PyRadiomics' authors wrote for it, checked against the classification that
// docs/ibsi1-comparison.md records for every mapped IBSI tag.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "extract_test_helpers.h"

namespace pulmorad::test {
namespace {

namespace fs = std::filesystem;

/// One row of the comparison table in docs/ibsi1-comparison.md.
struct DocumentedRow {
    std::string tag;
    std::string configuration;
    std::string feature;
    std::string result;  ///< "within tolerance" or "different"
};

std::vector<std::string> splitTableRow(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line.substr(1));
    std::string cell;
    while (std::getline(stream, cell, '|')) {
        std::size_t first = cell.find_first_not_of(' ');
        std::size_t last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? std::string() : cell.substr(first, last - first + 1));
    }
    return cells;
}

std::vector<DocumentedRow> readDocumentedRows() {
    std::ifstream document(sourceDir() / "docs" / "ibsi1-comparison.md");
    EXPECT_TRUE(document.good()) << "docs/ibsi1-comparison.md is missing";
    std::vector<DocumentedRow> rows;
    std::string line;
    while (std::getline(document, line)) {
        if (line.rfind("| ", 0) != 0) {
            continue;
        }
        std::vector<std::string> cells = splitTableRow(line);
        if (cells.size() >= 8 && (cells[7] == "within tolerance" || cells[7] == "different")) {
            rows.push_back({cells[0], cells[2], cells[3], cells[7]});
        }
    }
    return rows;
}

/// IBSI reports reference values rounded to three significant digits, so a
/// value matches when it is within the tolerance plus half a unit in the
/// reference's third significant digit.
bool withinIbsiTolerance(double value, double reference, double tolerance) {
    double halfUnit =
        reference == 0.0 ? 0.0 : 0.5 * std::pow(10.0, std::floor(std::log10(std::abs(reference))) - 2);
    return std::abs(value - reference) <= tolerance + halfUnit;
}

TEST(IbsiPhantom, DocumentedMatchesHold) {
    const fs::path image = referencePath("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz");
    const fs::path mask = referencePath("ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz");
    const fs::path configurations = referencePath("ibsi/pyradiomics_ibsi_settings/Configuration");
    const fs::path folder = makeTemporaryFolder("pulmorad-ibsi");

    // The four configurations that PyRadiomics' IBSI mapping names.
    struct Configuration {
        std::string name;
        std::string parameterFile;
        bool force2D;
    };
    const std::vector<Configuration> runs{{"3D", "Phantom.yml", false},
                                          {"3D_Combined", "Phantom_Combined.yml", false},
                                          {"2D", "Phantom.yml", true},
                                          {"2D_Combined", "Phantom_Combined.yml", true}};
    std::map<std::string, std::map<std::string, std::string>> outputs;
    for (const Configuration& run : runs) {
        fs::path output = folder / (run.name + ".csv");
        std::vector<std::string> arguments{"--quiet",      "extract",
                                           image.string(), mask.string(),
                                           "--param",      (configurations / run.parameterFile).string(),
                                           "-o",           output.string()};
        if (run.force2D) {
            arguments.insert(arguments.end(), {"--setting", "force2D:true"});
        }
        CommandResult result = runPulmorad(arguments);
        ASSERT_EQ(result.exitStatus, 0) << run.name << ": " << result.standardError;
        outputs[run.name] = readSingleRow(output);
    }

    // Reference values of the digital phantom (IBSI-1 reference table).
    // Tags repeat across data sets, so rows are numbered rather than keyed by tag.
    table::Table referenceTable =
        table::Table::readCsv(referencePath("ibsi/ibsi_1_reference/ibsi1_reference_values.csv"));
    std::map<std::string, std::pair<double, double>> reference;
    for (std::size_t row = 0; row < referenceTable.rowCount(); ++row) {
        // Two MVEE morphology features have no consensus value; no PyRadiomics feature maps to them.
        if (referenceTable.text("data_set")[row] == "digital phantom" &&
            !referenceTable.isMissing("reference_value", row)) {
            double value = 0.0;
            double tolerance = 0.0;
            ASSERT_TRUE(parseDouble(referenceTable.text("reference_value")[row], value));
            ASSERT_TRUE(parseDouble(referenceTable.text("tolerance")[row], tolerance));
            reference[referenceTable.text("tag")[row]] = {value, tolerance};
        }
    }

    // Every tag of PyRadiomics' mapping must be in the document.
    table::Table mapping = table::Table::readCsv(
        referencePath("ibsi/pyradiomics_ibsi_settings/mapping/mapping_phantom.csv"), {"tag"});
    std::vector<DocumentedRow> documented = readDocumentedRows();
    EXPECT_EQ(documented.size(), mapping.rowCount());

    std::size_t matches = 0;
    for (const DocumentedRow& row : documented) {
        ASSERT_EQ(reference.count(row.tag), 1u) << row.tag;
        const std::string& text = outputs[row.configuration][row.feature];
        double value = 0.0;
        ASSERT_TRUE(parseDouble(text, value)) << row.tag << " " << row.configuration << " " << row.feature;
        auto [expected, tolerance] = reference[row.tag];
        bool within = withinIbsiTolerance(value, expected, tolerance);
        if (row.result == "within tolerance") {
            ++matches;
            EXPECT_TRUE(within) << row.tag << " (" << row.configuration << " " << row.feature
                                << "): pulmorad " << text << ", IBSI-1 reference " << expected << " +/- "
                                << tolerance;
        }
    }
    std::cout << "[ibsi] " << matches << " of " << documented.size()
              << " mapped IBSI tags within tolerance\n";
    // Hand count from the document: 264 of the 267 mapped tags match.
    EXPECT_EQ(matches, 264u);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::test

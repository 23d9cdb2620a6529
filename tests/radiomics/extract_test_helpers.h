#pragma once

// Helpers for the end-to-end extraction tests: reading PyRadiomics baseline
// settings (Python dict literals), writing parameter files, and reading the
// feature table that `pulmorad extract` writes.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/number_format.h"
#include "support/test_support.h"
#include "table/table.h"

namespace pulmorad::test {

/// Parses a Python literal as PyRadiomics writes settings in its diagnostics:
/// dicts, lists, tuples, quoted strings, ints, floats, True, False, None.
class PythonLiteralParser {
public:
    explicit PythonLiteralParser(std::string text) : text_(std::move(text)) {}

    YAML::Node parse() {
        YAML::Node value = parseValue();
        skipSpaces();
        if (position_ != text_.size()) {
            fail("trailing text");
        }
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("cannot parse Python literal (" + what + " at " + std::to_string(position_) +
                                 "): " + text_);
    }

    void skipSpaces() {
        while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_])) != 0) {
            ++position_;
        }
    }

    bool consume(char c) {
        skipSpaces();
        if (position_ < text_.size() && text_[position_] == c) {
            ++position_;
            return true;
        }
        return false;
    }

    YAML::Node parseSequence(char close) {
        YAML::Node list(YAML::NodeType::Sequence);
        if (consume(close)) {
            return list;
        }
        do {
            list.push_back(parseValue());
        } while (consume(','));
        if (!consume(close)) {
            fail("missing closing bracket");
        }
        return list;
    }

    YAML::Node parseValue() {
        skipSpaces();
        if (consume('{')) {
            YAML::Node map(YAML::NodeType::Map);
            if (consume('}')) {
                return map;
            }
            do {
                YAML::Node key = parseValue();
                if (!consume(':')) {
                    fail("missing ':'");
                }
                map[key.Scalar()] = parseValue();
            } while (consume(','));
            if (!consume('}')) {
                fail("missing '}'");
            }
            return map;
        }
        if (consume('[')) {
            return parseSequence(']');
        }
        if (consume('(')) {
            return parseSequence(')');
        }
        if (text_[position_] == '\'' || text_[position_] == '"') {
            char quote = text_[position_++];
            std::size_t end = text_.find(quote, position_);
            if (end == std::string::npos) {
                fail("unterminated string");
            }
            YAML::Node value(text_.substr(position_, end - position_));
            position_ = end + 1;
            return value;
        }
        std::size_t start = position_;
        while (position_ < text_.size() && std::string(",:]})").find(text_[position_]) == std::string::npos) {
            ++position_;
        }
        std::string word = text_.substr(start, position_ - start);
        while (!word.empty() && std::isspace(static_cast<unsigned char>(word.back())) != 0) {
            word.pop_back();
        }
        if (word == "None") {
            return YAML::Node(YAML::NodeType::Null);
        }
        if (word == "True") {
            return YAML::Node(true);
        }
        if (word == "False") {
            return YAML::Node(false);
        }
        double number = 0.0;
        if (!parseDouble(word, number)) {
            fail("unknown word '" + word + "'");
        }
        return YAML::Node(word);
    }

    std::string text_;
    std::size_t position_ = 0;
};

/// Writes a parameter file with `settings` under setting:, the Original image
/// type, and `classes` enabled with all their features.
inline std::filesystem::path writeParameterFile(const std::filesystem::path& path, const YAML::Node& settings,
                                                const std::vector<std::string>& classes) {
    YAML::Node root;
    root["setting"] = settings;
    root["imageType"]["Original"] = YAML::Node(YAML::NodeType::Map);
    for (const std::string& featureClass : classes) {
        root["featureClass"][featureClass] = YAML::Node(YAML::NodeType::Null);
    }
    YAML::Emitter emitter;
    emitter << root;
    std::ofstream(path) << emitter.c_str() << "\n";
    return path;
}

/// Returns the lines of a command's standard error that report an error ("error:").
inline std::vector<std::string> errorLines(const std::string& standardError) {
    std::vector<std::string> lines;
    std::stringstream stream(standardError);
    for (std::string line; std::getline(stream, line);) {
        if (line.find("error:") != std::string::npos) {
            lines.push_back(line);
        }
    }
    return lines;
}

/// Reads the single case of a feature table written by `pulmorad extract` as column -> cell.
inline std::map<std::string, std::string> readSingleRow(const std::filesystem::path& csv) {
    table::Table result = table::Table::readCsv(csv, {"ID"});
    std::map<std::string, std::string> row;
    for (const std::string& column : result.columnNames()) {
        row[column] = result.text(column).at(0);
    }
    return row;
}

/// Relative agreement used against PyRadiomics: |a - b| <= tolerance * |b|,
/// with an absolute floor of 1e-12 for reference values that are exactly 0.
inline bool agrees(double actual, double expected, double tolerance) {
    if (std::isnan(expected)) {
        return std::isnan(actual);
    }
    return std::abs(actual - expected) <= tolerance * std::abs(expected) + 1e-12;
}

}  // namespace pulmorad::test

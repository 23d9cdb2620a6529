#include "radiomics/feature_table.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_set>

#include "common/atomic_file.h"
#include "common/number_format.h"
#include "table/table.h"

namespace pulmorad::radiomics {

namespace {

/// Column names in first-seen order, without repeats.
class ColumnOrder {
public:
    void add(const std::string& name) {
        if (seen_.insert(name).second) {
            names_.push_back(name);
        }
    }
    const std::vector<std::string>& names() const { return names_; }

private:
    std::unordered_set<std::string> seen_;
    std::vector<std::string> names_;
};

std::string jsonNumber(double value) { return std::isfinite(value) ? formatDouble(value) : "null"; }

std::string jsonString(const std::string& text) { return nlohmann::json(text).dump(); }

std::string caseJson(const CaseResult& result) {
    std::string text = "{\"ID\": " + jsonString(result.id);
    if (!result.row) {
        return text + ", \"error\": " + jsonString(result.error) + "}";
    }
    text += ", \"diagnostics\": {";
    bool first = true;
    for (const auto& [name, value] : result.row->diagnostics) {
        text += (first ? "" : ", ") + jsonString(name) + ": " + jsonString(value);
        first = false;
    }
    text += "}, \"features\": {";
    first = true;
    for (const auto& [name, value] : result.row->features) {
        text += (first ? "" : ", ") + jsonString(name) + ": " + jsonNumber(value);
        first = false;
    }
    return text + "}}";
}

}  // namespace

std::string formatCsv(const std::vector<CaseResult>& cases) {
    ColumnOrder diagnosticColumns;
    ColumnOrder featureColumns;
    bool anyError = false;
    for (const CaseResult& result : cases) {
        anyError = anyError || !result.row;
        if (!result.row) {
            continue;
        }
        for (const auto& entry : result.row->diagnostics) {
            diagnosticColumns.add(entry.first);
        }
        for (const auto& entry : result.row->features) {
            featureColumns.add(entry.first);
        }
    }

    std::vector<std::string> header{"ID"};
    if (anyError) {
        header.push_back("diagnostics_Error");
    }
    header.insert(header.end(), diagnosticColumns.names().begin(), diagnosticColumns.names().end());
    header.insert(header.end(), featureColumns.names().begin(), featureColumns.names().end());
    table::CsvWriter writer(header);

    for (const CaseResult& result : cases) {
        writer.newRow().add(result.id);
        if (anyError) {
            writer.add(result.error);
        }
        std::map<std::string, std::string> diagnostics;
        std::map<std::string, double> features;
        if (result.row) {
            diagnostics.insert(result.row->diagnostics.begin(), result.row->diagnostics.end());
            features.insert(result.row->features.begin(), result.row->features.end());
        }
        for (const std::string& name : diagnosticColumns.names()) {
            auto found = diagnostics.find(name);
            writer.add(found == diagnostics.end() ? std::string() : found->second);
        }
        for (const std::string& name : featureColumns.names()) {
            auto found = features.find(name);
            if (found == features.end()) {
                writer.add(std::string());
            } else {
                writer.add(found->second);
            }
        }
    }
    return writer.str();
}

std::string formatJson(const std::vector<CaseResult>& cases, bool single) {
    if (single && cases.size() == 1) {
        return caseJson(cases.front()) + "\n";
    }
    std::string text = "[";
    for (std::size_t i = 0; i < cases.size(); ++i) {
        text += (i > 0 ? ",\n " : "") + caseJson(cases[i]);
    }
    return text + "]\n";
}

void writeFeatureTable(const std::vector<CaseResult>& cases, const std::filesystem::path& path,
                       OutputFormat format, bool single) {
    std::string text = format == OutputFormat::Csv ? formatCsv(cases) : formatJson(cases, single);
    if (path.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return;
    }
    writeFileAtomically(path, text);
}

}  // namespace pulmorad::radiomics

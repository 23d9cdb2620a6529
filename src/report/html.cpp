#include "report/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pulmorad::report {

using nlohmann::json;

std::string escapeHtml(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char character : text) {
        switch (character) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += character;
        }
    }
    return escaped;
}

const json* findValue(const json& object, std::string_view key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto found = object.find(std::string(key));
    if (found == object.end() || found->is_null()) {
        return nullptr;
    }
    return &*found;
}

std::string textOr(const json& object, std::string_view key, const std::string& fallback) {
    const json* value = findValue(object, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : fallback;
}

namespace {

/// Replaces a leading ASCII hyphen by the typographic minus sign.
std::string withMinusSign(std::string text) {
    if (!text.empty() && text.front() == '-') {
        text.replace(0, 1, "\u2212");
    }
    return text;
}

/// Returns "a" to "z", then "aa", "ab", ... for footnote `index`.
std::string footnoteLetter(std::size_t index) {
    std::string letters;
    ++index;
    while (index > 0) {
        --index;
        letters.insert(letters.begin(), static_cast<char>('a' + index % 26));
        index /= 26;
    }
    return letters;
}

}  // namespace

std::string formatFixed(double value, int decimals) {
    if (!std::isfinite(value)) {
        return kMissing;
    }
    std::string text = fmt::format("{:.{}f}", value, decimals);
    // "-0.00" reads as a sign error in a table; show zero without a sign.
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) {
        text.erase(0, 1);
    }
    return withMinusSign(text);
}

std::string formatFixed(const json* value, int decimals) {
    if (value == nullptr || !value->is_number()) {
        return kMissing;
    }
    return formatFixed(value->get<double>(), decimals);
}

std::string formatSignificant(const json* value, int digits) {
    if (value == nullptr || !value->is_number() || !std::isfinite(value->get<double>())) {
        return kMissing;
    }
    return withMinusSign(fmt::format("{:.{}g}", value->get<double>(), digits));
}

std::string formatPValue(const json* value) {
    if (value == nullptr || !value->is_number() || !std::isfinite(value->get<double>())) {
        return kMissing;
    }
    const double p = value->get<double>();
    if (p < 0.001) {
        return "&lt;0.001";
    }
    return formatFixed(p, 3);
}

std::string formatWithInterval(const json* estimate, const json* low, const json* high, int decimals) {
    if (estimate == nullptr || !estimate->is_number()) {
        return kMissing;
    }
    std::string text = formatFixed(estimate, decimals);
    if (low != nullptr && high != nullptr && low->is_number() && high->is_number()) {
        text += fmt::format(" ({}, {})", formatFixed(low, decimals), formatFixed(high, decimals));
    }
    return text;
}

std::string formatNumber(double value) {
    if (!std::isfinite(value)) {
        return kMissing;
    }
    // Whole numbers below 2^53 are exact as long long, so they print without ".0".
    if (value == std::round(value) && std::fabs(value) < 9007199254740992.0) {
        return withMinusSign(fmt::format("{}", static_cast<long long>(value)));
    }
    return withMinusSign(fmt::format("{}", value));
}

std::string formatThousands(long long value) {
    const std::string digits = std::to_string(value < 0 ? -value : value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += digits[i];
    }
    return value < 0 ? "\u2212" + grouped : grouped;
}

std::string Footnotes::mark(const std::string& text) {
    auto found = std::find(texts_.begin(), texts_.end(), text);
    if (found == texts_.end()) {
        texts_.push_back(text);
        found = texts_.end() - 1;
    }
    const auto index = static_cast<std::size_t>(found - texts_.begin());
    return fmt::format("<sup class=\"fn\">{}</sup>", footnoteLetter(index));
}

std::vector<std::string> Footnotes::lines() const {
    std::vector<std::string> lines;
    for (std::size_t index = 0; index < texts_.size(); ++index) {
        lines.push_back(fmt::format("<sup class=\"fn\">{}</sup> {}", footnoteLetter(index), texts_[index]));
    }
    return lines;
}

int decimalsForMagnitude(double value) {
    const double magnitude = std::fabs(value);
    if (!std::isfinite(magnitude) || magnitude >= 100.0) {
        return 0;
    }
    if (magnitude >= 10.0) {
        return 1;
    }
    if (magnitude >= 1.0) {
        return 2;
    }
    return 3;
}

std::string renderTable(const HtmlTable& table) {
    // The title is a paragraph above the table rather than a <caption>,
    // because a caption wraps at the table's width and narrow tables made
    // their titles hard to read.
    std::string html =
        fmt::format("<div class=\"table-wrap\">\n<p class=\"table-title\">{}", escapeHtml(table.caption));
    if (!table.csv.empty()) {
        html += fmt::format(" <a class=\"csv\" href=\"tables/{0}\">tables/{0}</a>", escapeHtml(table.csv));
    }
    html += fmt::format("</p>\n<table id=\"{}\">\n<thead><tr>", escapeHtml(table.id));
    for (const std::string& column : table.columns) {
        html += fmt::format("<th scope=\"col\">{}</th>", escapeHtml(column));
    }
    html += "</tr></thead>\n<tbody>\n";
    for (const auto& row : table.rows) {
        html += "<tr>";
        for (std::size_t column = 0; column < row.size(); ++column) {
            const bool numeric =
                table.numeric.empty() ? column > 0 : column < table.numeric.size() && table.numeric[column];
            html += numeric ? "<td class=\"num\">" : "<td>";
            html += row[column];
            html += "</td>";
        }
        html += "</tr>\n";
    }
    html += "</tbody></table>\n";
    for (const std::string& note : table.notes) {
        html += fmt::format("<p class=\"table-note\">{}</p>\n", note);
    }
    html += "</div>\n";
    return html;
}

std::string renderCaption(std::string_view text) {
    return fmt::format("<p class=\"caption\">{}</p>\n", escapeHtml(text));
}

std::string renderSkipped(std::string_view text) {
    return fmt::format("<p class=\"skipped\">{}</p>\n", escapeHtml(text));
}

}  // namespace pulmorad::report

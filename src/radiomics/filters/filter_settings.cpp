#include "radiomics/filters/filter_settings.h"

#include <charconv>
#include <cmath>
#include <regex>
#include <string>

#include "common/errors.h"

namespace pulmorad::radiomics::filters {
namespace {

bool isSet(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

template <typename T>
T readScalar(const YAML::Node& settings, const std::string& key, T defaultValue, const char* expected) {
    const YAML::Node node = settings[key];
    if (!isSet(node)) return defaultValue;
    try {
        return node.as<T>();
    } catch (const YAML::Exception&) {
        throw InputError("setting " + key + ": value '" + YAML::Dump(node) + "' is invalid; use " + expected);
    }
}

}  // namespace

double readDouble(const YAML::Node& settings, const std::string& key, double defaultValue) {
    return readScalar<double>(settings, key, defaultValue, "a number");
}

int readInteger(const YAML::Node& settings, const std::string& key, int defaultValue) {
    return readScalar<int>(settings, key, defaultValue, "an integer");
}

bool readBoolean(const YAML::Node& settings, const std::string& key, bool defaultValue) {
    return readScalar<bool>(settings, key, defaultValue, "true or false");
}

std::string readText(const YAML::Node& settings, const std::string& key, const std::string& defaultValue) {
    return readScalar<std::string>(settings, key, defaultValue, "a text value");
}

std::vector<YAML::Node> readList(const YAML::Node& settings, const std::string& key) {
    const YAML::Node node = settings[key];
    std::vector<YAML::Node> elements;
    if (!isSet(node)) return elements;
    if (node.IsSequence()) {
        for (const auto& element : node) elements.push_back(element);
    } else {
        elements.push_back(node);
    }
    return elements;
}

std::string pythonFloatRepr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";

    // Shortest round-trip digits and the decimal exponent, from scientific form "d.ddde+XX".
    char buffer[64];
    const auto converted =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
    const std::string scientific(buffer, converted.ptr);
    const std::size_t exponentAt = scientific.find('e');
    std::string mantissa = scientific.substr(0, exponentAt);
    const int exponent = std::stoi(scientific.substr(exponentAt + 1));
    std::string sign;
    if (mantissa.front() == '-') {
        sign = "-";
        mantissa.erase(0, 1);
    }
    std::string digits;
    for (const char character : mantissa) {
        if (character != '.') digits += character;
    }

    if (exponent < -4 || exponent >= 16) {
        std::string text = sign + digits.substr(0, 1);
        if (digits.size() > 1) text += "." + digits.substr(1);
        const int magnitude = std::abs(exponent);
        text += exponent < 0 ? "e-" : "e+";
        if (magnitude < 10) text += "0";
        return text + std::to_string(magnitude);
    }
    if (exponent < 0) {
        return sign + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    }
    const auto integerDigits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integerDigits) {
        return sign + digits + std::string(integerDigits - digits.size(), '0') + ".0";
    }
    return sign + digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
}

std::string pythonNumberText(const YAML::Node& scalar) {
    const std::string text = scalar.Scalar();
    // PyYAML (YAML 1.1) reads a plain decimal integer as int, so str() keeps its digits.
    static const std::regex integerPattern("[-+]?(0|[1-9][0-9_]*)");
    if (std::regex_match(text, integerPattern)) {
        std::string digits;
        for (const char character : text) {
            if (character != '_' && character != '+') digits += character;
        }
        return digits;
    }
    return pythonFloatRepr(scalar.as<double>());
}

}  // namespace pulmorad::radiomics::filters

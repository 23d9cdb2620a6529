#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace pulmorad::radiomics::filters {

// Readers of the filter settings in the merged settings map that the
// extractor passes to an image type. A missing or null key gives the default;
// a value of the wrong type throws InputError naming the key and the value.

double readDouble(const YAML::Node& settings, const std::string& key, double defaultValue);
int readInteger(const YAML::Node& settings, const std::string& key, int defaultValue);
bool readBoolean(const YAML::Node& settings, const std::string& key, bool defaultValue);
std::string readText(const YAML::Node& settings, const std::string& key, const std::string& defaultValue);

/// Returns the elements of a list setting as their YAML scalars. The list is
/// empty when the key is missing or null, and a single scalar counts as a
/// one-element list.
std::vector<YAML::Node> readList(const YAML::Node& settings, const std::string& key);

/// Formats a YAML number as Python's str() formats the value PyYAML reads
/// from it: "3" stays "3" (an int), "3.0" and "3." become "3.0", "0.50"
/// becomes "0.5" and "1e-5" becomes "1e-05". PyRadiomics builds names such as
/// log-sigma-3-0-mm-3D from this text.
std::string pythonNumberText(const YAML::Node& scalar);

/// Formats a double as Python's repr(): the shortest round-trip digits, in
/// fixed notation for decimal exponents -4 to 15 (with ".0" when integral)
/// and as "1e-05" or "1.5e+16" otherwise.
std::string pythonFloatRepr(double value);

}  // namespace pulmorad::radiomics::filters

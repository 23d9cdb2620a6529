#pragma once

#include <filesystem>
#include <string_view>

namespace pulmorad {

/// Writes `contents` to `path` atomically: the bytes go to a temporary file in
/// the same folder, which is renamed over `path` only after a successful
/// write and flush. A failed run therefore never leaves a half-written file.
/// Throws InputError when the folder does not exist or cannot be written.
void writeFileAtomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace pulmorad

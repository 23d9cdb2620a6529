#pragma once

#include <stdexcept>
#include <string>

namespace pulmorad {

/// Invalid input from the user: a file, a setting or a value that the program
/// cannot use. The command line prints the message as one line and exits
/// with status 2, so the message must name the file or setting, the value,
/// and what to do instead.
class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

/// Throws InputError when `condition` is false.
void requireInput(bool condition, const std::string& message);

}  // namespace pulmorad

#include "common/errors.h"

namespace pulmorad {

void requireInput(bool condition, const std::string& message) {
    if (!condition) {
        throw InputError(message);
    }
}

}  // namespace pulmorad

#include "common/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "common/errors.h"

namespace pulmorad {

void writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
    namespace fs = std::filesystem;
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(folder)) {
        throw InputError(fmt::format("cannot write '{}': folder '{}' does not exist; create it first",
                                     path.string(), folder.string()));
    }

    // A unique temporary name per process and call, so parallel writers into
    // one folder do not collide.
    std::random_device device;
    const fs::path temporary =
        folder / fmt::format(".{}.tmp-{}-{:08x}", path.filename().string(), ::getpid(), device());

    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        throw InputError(fmt::format("cannot write '{}': {}; check the folder's permissions",
                                     path.string(), std::strerror(errno)));
    }
    const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
    const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
    const bool closed = std::fclose(file) == 0;
    if (!written || !flushed || !closed) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw InputError(fmt::format("cannot write '{}': the write failed (disk full?)", path.string()));
    }

    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw InputError(fmt::format("cannot write '{}': {}", path.string(), error.message()));
    }
}

}  // namespace pulmorad

#include "support/test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace pulmorad::test {

std::filesystem::path sharedDir() {
    const std::filesystem::path path = std::filesystem::weakly_canonical(PULMORAD_SHARED_DIR);
    if (!std::filesystem::is_directory(path / "reference")) {
        throw std::runtime_error("reference data not found at " + path.string() +
                                 "; clone the repository beside shared/ or set PULMORAD_SHARED_DIR");
    }
    return path;
}

std::filesystem::path referencePath(const std::string& relative) {
    const auto path = sharedDir() / "reference" / relative;
    if (!std::filesystem::exists(path)) {
        throw std::runtime_error("reference file not found: " + path.string());
    }
    return path;
}

std::filesystem::path testDataDir() { return PULMORAD_TEST_DATA_DIR; }

std::filesystem::path sourceDir() { return PULMORAD_SOURCE_DIR; }

std::filesystem::path makeTemporaryFolder(const std::string& prefix) {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream contents;
    contents << stream.rdbuf();
    return contents.str();
}

CommandResult runCommand(const std::vector<std::string>& argvStrings, const std::filesystem::path& workingDirectory) {
    const auto folder = makeTemporaryFolder("pulmorad-run");
    const auto outPath = folder / "stdout";
    const auto errPath = folder / "stderr";

    std::vector<std::string> arguments = argvStrings;
    std::vector<char*> argv;
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!workingDirectory.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, workingDirectory.c_str());
    }
    pid_t pid = 0;
    const int spawnStatus = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawnStatus != 0) {
        throw std::runtime_error(std::string("cannot start ") + argv[0]);
    }
    int status = 0;
    waitpid(pid, &status, 0);

    CommandResult result;
    result.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.standardOutput = readFile(outPath);
    result.standardError = readFile(errPath);
    std::filesystem::remove_all(folder);
    return result;
}

CommandResult runPulmorad(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv{PULMORAD_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return runCommand(argv);
}

std::filesystem::path pulmoradBinary() { return PULMORAD_BINARY; }

std::vector<std::map<std::string, std::string>> parseCsvRows(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(field);
            field.clear();
        } else if (c == '\n') {
            fields.push_back(field);
            field.clear();
            records.push_back(fields);
            fields.clear();
        } else {
            field += c;
        }
    }
    std::vector<std::map<std::string, std::string>> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < records[0].size() && c < records[r].size(); ++c) {
            row[records[0][c]] = records[r][c];
        }
        rows.push_back(row);
    }
    return rows;
}

}  // namespace pulmorad::test

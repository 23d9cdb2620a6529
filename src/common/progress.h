#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace pulmorad {

/// Display mode of a ProgressReporter.
enum class ProgressDisplay {
    Automatic,  ///< a bar when standard error is a terminal and INFO is enabled, else log lines
    Bar,        ///< a bar redrawn in place on the stream
    LogLines,   ///< an INFO line at each tenth of the total
    None,       ///< nothing
};

/// Progress of a long loop (cases of a cohort, bootstrap samples, grid
/// points). On a terminal it draws one line, redrawn in place:
///
///     Extracting cases [########------------]  8/20  elapsed 00:41  ETA 01:02
///
/// Otherwise it logs an INFO line each time another tenth of the total is
/// done, and at the end. With logging above INFO (--quiet) it shows nothing.
/// The ETA is the mean time per completed unit times the units left.
///
/// While a bar is shown, the default spdlog logger's sinks are wrapped so that
/// every log message clears the bar, is written, and the bar is redrawn below
/// it. The wrapping is installed by the constructor and removed by finish(),
/// so no other thread may change the logger's sinks meanwhile. Only one bar is
/// shown at a time; a second reporter created while a bar is up logs lines.
/// Thread-safe: advance() may be called from any thread.
class ProgressReporter {
public:
    ProgressReporter(std::string label, std::size_t total,
                     ProgressDisplay display = ProgressDisplay::Automatic, std::FILE* stream = stderr);
    ~ProgressReporter();

    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;

    /// Records `count` more units done and redraws the bar or logs a line.
    void advance(std::size_t count = 1);

    /// Ends the display: the bar gets its final state and a line break, or the
    /// final log line is written. Called by the destructor when not called before.
    void finish();

    std::size_t done() const;
    std::size_t total() const { return total_; }
    ProgressDisplay display() const { return display_; }

    /// The display that ProgressDisplay::Automatic resolves to for `stream`.
    static ProgressDisplay automaticDisplay(std::FILE* stream);

    /// Formats seconds as "mm:ss", or "h:mm:ss" from one hour on.
    static std::string formatDuration(double seconds);

    /// Formats the bar line for `done` of `total` units after `elapsedSeconds`
    /// (without carriage return), e.g. "label [####----]  2/4  elapsed 00:02  ETA 00:02".
    static std::string formatBar(const std::string& label, std::size_t done, std::size_t total,
                                 double elapsedSeconds);

private:
    class BarAwareSink;

    double elapsedSeconds() const;
    void drawBarLocked();
    void clearBarLocked();
    void installSinkLocked();
    void removeSinkLocked();

    std::string label_;
    std::size_t total_;
    ProgressDisplay display_;
    std::FILE* stream_;
    std::chrono::steady_clock::time_point start_;
    mutable std::mutex mutex_;
    std::size_t done_ = 0;
    std::size_t lastLoggedTenth_ = 0;
    bool finished_ = false;
    std::vector<spdlog::sink_ptr> originalSinks_;  ///< the logger's sinks while the bar wraps them
};

}  // namespace pulmorad

#include "common/progress.h"

#include <spdlog/sinks/sink.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace pulmorad {

namespace {

constexpr std::size_t kBarWidth = 20;

/// Set while a reporter shows a bar, so that bars never nest.
std::atomic<bool> barShown{false};

}  // namespace

/// Wraps the logger's sinks: clears the bar, passes the message on, redraws the bar.
class ProgressReporter::BarAwareSink final : public spdlog::sinks::sink {
public:
    BarAwareSink(ProgressReporter& reporter, std::vector<spdlog::sink_ptr> inner)
        : reporter_(reporter), inner_(std::move(inner)) {}

    void log(const spdlog::details::log_msg& message) override {
        std::lock_guard lock(reporter_.mutex_);
        reporter_.clearBarLocked();
        for (const spdlog::sink_ptr& innerSink : inner_) {
            if (innerSink->should_log(message.level)) {
                innerSink->log(message);
                innerSink->flush();
            }
        }
        reporter_.drawBarLocked();
    }

    void flush() override {
        for (const spdlog::sink_ptr& innerSink : inner_) {
            innerSink->flush();
        }
    }

    void set_pattern(const std::string& pattern) override {
        for (const spdlog::sink_ptr& innerSink : inner_) {
            innerSink->set_pattern(pattern);
        }
    }

    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
        for (const spdlog::sink_ptr& innerSink : inner_) {
            innerSink->set_formatter(formatter->clone());
        }
    }

private:
    ProgressReporter& reporter_;
    std::vector<spdlog::sink_ptr> inner_;
};

ProgressReporter::ProgressReporter(std::string label, std::size_t total, ProgressDisplay display,
                                   std::FILE* stream)
    : label_(std::move(label)),
      total_(total),
      display_(display == ProgressDisplay::Automatic ? automaticDisplay(stream) : display),
      stream_(stream),
      start_(std::chrono::steady_clock::now()) {
    if (display_ == ProgressDisplay::Bar && barShown.exchange(true)) {
        display_ = ProgressDisplay::LogLines;
    }
    std::lock_guard lock(mutex_);
    if (display_ == ProgressDisplay::Bar) {
        installSinkLocked();
        drawBarLocked();
    }
}

ProgressReporter::~ProgressReporter() { finish(); }

ProgressDisplay ProgressReporter::automaticDisplay(std::FILE* stream) {
    if (!spdlog::should_log(spdlog::level::info)) {
        return ProgressDisplay::None;
    }
    return isatty(fileno(stream)) != 0 ? ProgressDisplay::Bar : ProgressDisplay::LogLines;
}

std::string ProgressReporter::formatDuration(double seconds) {
    const long long whole = std::llround(std::max(seconds, 0.0));
    const long long hours = whole / 3600;
    const long long minutes = (whole / 60) % 60;
    const long long rest = whole % 60;
    if (hours > 0) {
        return fmt::format("{}:{:02}:{:02}", hours, minutes, rest);
    }
    return fmt::format("{:02}:{:02}", minutes, rest);
}

std::string ProgressReporter::formatBar(const std::string& label, std::size_t done, std::size_t total,
                                        double elapsedSeconds) {
    const std::size_t filled = total == 0 ? kBarWidth : std::min(kBarWidth, done * kBarWidth / total);
    std::string bar = label + " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "]";
    const std::size_t digits = std::to_string(total).size();
    bar += fmt::format(" {:>{}}/{}  elapsed {}", done, digits, total, formatDuration(elapsedSeconds));
    if (done > 0 && done < total) {
        const double remaining = elapsedSeconds / static_cast<double>(done) * static_cast<double>(total - done);
        bar += "  ETA " + formatDuration(remaining);
    } else if (done < total) {
        bar += "  ETA --:--";
    }
    return bar;
}

double ProgressReporter::elapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressReporter::drawBarLocked() {
    if (finished_) {
        return;
    }
    const std::string line = "\r" + formatBar(label_, done_, total_, elapsedSeconds()) + "\x1b[K";
    std::fputs(line.c_str(), stream_);
    std::fflush(stream_);
}

void ProgressReporter::clearBarLocked() {
    if (finished_) {
        return;
    }
    std::fputs("\r\x1b[K", stream_);
    std::fflush(stream_);
}

void ProgressReporter::installSinkLocked() {
    std::shared_ptr<spdlog::logger> logger = spdlog::default_logger();
    originalSinks_ = logger->sinks();
    logger->sinks() = {std::make_shared<BarAwareSink>(*this, originalSinks_)};
}

void ProgressReporter::removeSinkLocked() {
    spdlog::default_logger()->sinks() = originalSinks_;
    originalSinks_.clear();
    barShown = false;
}

void ProgressReporter::advance(std::size_t count) {
    std::lock_guard lock(mutex_);
    if (finished_) {
        return;
    }
    done_ = std::min(total_, done_ + count);
    if (display_ == ProgressDisplay::Bar) {
        drawBarLocked();
    } else if (display_ == ProgressDisplay::LogLines && total_ > 0) {
        // One line each time the count passes another tenth of the total.
        const std::size_t tenth = done_ * 10 / total_;
        if (tenth > lastLoggedTenth_ && done_ < total_) {
            lastLoggedTenth_ = tenth;
            const double elapsed = elapsedSeconds();
            const double remaining = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
            spdlog::info("{}: {}/{} done, elapsed {}, ETA {}", label_, done_, total_, formatDuration(elapsed),
                         formatDuration(remaining));
        }
    }
}

void ProgressReporter::finish() {
    std::lock_guard lock(mutex_);
    if (finished_) {
        return;
    }
    if (display_ == ProgressDisplay::Bar) {
        drawBarLocked();
        finished_ = true;
        std::fputs("\n", stream_);
        std::fflush(stream_);
        removeSinkLocked();
    } else if (display_ == ProgressDisplay::LogLines) {
        finished_ = true;
        spdlog::info("{}: {}/{} done in {}", label_, done_, total_, formatDuration(elapsedSeconds()));
    }
    finished_ = true;
}

std::size_t ProgressReporter::done() const {
    std::lock_guard lock(mutex_);
    return done_;
}

}  // namespace pulmorad

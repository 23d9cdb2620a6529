#include "common/progress.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

namespace pulmorad {
namespace {

/// Routes the default logger to a string stream for one test.
class CapturedLog {
public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(stream_);
        sink->set_pattern("%l %v");
        auto logger = std::make_shared<spdlog::logger>("progress-test", sink);
        logger->set_level(spdlog::level::info);
        spdlog::set_default_logger(logger);
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }

    std::string text() const { return stream_.str(); }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream stream_;
};

/// Reads everything written to a temporary FILE stream.
std::string contents(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) {
        text.push_back(static_cast<char>(c));
    }
    return text;
}

TEST(ProgressReporter, FormatsDurations) {
    EXPECT_EQ(ProgressReporter::formatDuration(0.0), "00:00");
    EXPECT_EQ(ProgressReporter::formatDuration(61.4), "01:01");
    EXPECT_EQ(ProgressReporter::formatDuration(3725.0), "1:02:05");
}

TEST(ProgressReporter, FormatsBarWithEta) {
    // 2 of 8 done after 10 s: 5 s per unit, 6 units left, ETA 30 s.
    EXPECT_EQ(ProgressReporter::formatBar("Cases", 2, 8, 10.0),
              "Cases [#####---------------] 2/8  elapsed 00:10  ETA 00:30");
    EXPECT_EQ(ProgressReporter::formatBar("Cases", 0, 12, 0.0),
              "Cases [--------------------]  0/12  elapsed 00:00  ETA --:--");
    EXPECT_EQ(ProgressReporter::formatBar("Cases", 12, 12, 75.0),
              "Cases [####################] 12/12  elapsed 01:15");
}

TEST(ProgressReporter, LogLinesWriteNothingToStream) {
    CapturedLog log;
    std::FILE* stream = std::tmpfile();
    ASSERT_NE(stream, nullptr);
    {
        ProgressReporter progress("Bootstraps", 20, ProgressDisplay::LogLines, stream);
        for (int i = 0; i < 20; ++i) {
            progress.advance();
        }
        EXPECT_EQ(progress.done(), 20u);
    }
    EXPECT_EQ(contents(stream), "");
    std::fclose(stream);

    // One line per tenth (2, 4, ..., 18 of 20), then the final line.
    const std::string text = log.text();
    EXPECT_NE(text.find("info Bootstraps: 2/20 done"), std::string::npos) << text;
    EXPECT_NE(text.find("info Bootstraps: 18/20 done"), std::string::npos) << text;
    EXPECT_NE(text.find("info Bootstraps: 20/20 done in"), std::string::npos) << text;
    EXPECT_EQ(text.find("Bootstraps: 3/20"), std::string::npos) << text;
    EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(ProgressReporter, AutomaticIsOffWhenQuiet) {
    CapturedLog log;
    spdlog::default_logger()->set_level(spdlog::level::warn);
    std::FILE* stream = std::tmpfile();
    ASSERT_NE(stream, nullptr);
    // A temporary file is not a terminal, and logging is above INFO.
    EXPECT_EQ(ProgressReporter::automaticDisplay(stream), ProgressDisplay::None);
    spdlog::default_logger()->set_level(spdlog::level::info);
    EXPECT_EQ(ProgressReporter::automaticDisplay(stream), ProgressDisplay::LogLines);
    std::fclose(stream);
}

TEST(ProgressReporter, BarRedrawsAroundLogMessages) {
    CapturedLog log;
    std::FILE* stream = std::tmpfile();
    ASSERT_NE(stream, nullptr);
    const std::size_t sinkCount = spdlog::default_logger()->sinks().size();
    {
        ProgressReporter progress("Cases", 2, ProgressDisplay::Bar, stream);
        progress.advance();
        spdlog::info("case a done");
        progress.advance();
    }
    // The logger's sinks are restored when the bar ends.
    EXPECT_EQ(spdlog::default_logger()->sinks().size(), sinkCount);
    EXPECT_NE(log.text().find("info case a done"), std::string::npos);

    const std::string drawn = contents(stream);
    std::fclose(stream);
    EXPECT_NE(drawn.find("\rCases [----------"), std::string::npos) << drawn;
    EXPECT_NE(drawn.find("\rCases [##########----------] 1/2"), std::string::npos) << drawn;
    // Each message clears the line first ("\r" then erase to end of line).
    EXPECT_NE(drawn.find("\r\x1b[K\rCases [##########"), std::string::npos) << drawn;
    EXPECT_EQ(drawn.back(), '\n');
}

TEST(ProgressReporter, SecondBarFallsBackToLogLines) {
    CapturedLog log;
    std::FILE* stream = std::tmpfile();
    ASSERT_NE(stream, nullptr);
    ProgressReporter outer("Outer", 1, ProgressDisplay::Bar, stream);
    ProgressReporter inner("Inner", 1, ProgressDisplay::Bar, stream);
    EXPECT_EQ(outer.display(), ProgressDisplay::Bar);
    EXPECT_EQ(inner.display(), ProgressDisplay::LogLines);
    inner.finish();
    outer.finish();
    std::fclose(stream);
}

}  // namespace
}  // namespace pulmorad

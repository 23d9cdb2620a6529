// The temporary output folder of `pulmorad study` and the final OUTDIR that
// log lines name in its place.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "study/study.h"

namespace pulmorad::study {
namespace {

namespace fs = std::filesystem;

TEST(OutputFolder, TemporaryIsSiblingWithPid) {
    const fs::path work = temporaryOutputFolder("/data/runs/out");
    EXPECT_EQ(work, fs::path("/data/runs/out.tmp-" + std::to_string(::getpid())));
}

TEST(OutputFolder, TrailingSeparatorIgnored) {
    EXPECT_EQ(temporaryOutputFolder("/data/runs/out/"), temporaryOutputFolder("/data/runs/out"));
}

TEST(OutputFolder, FinalFolderUndoesTemporary) {
    for (const std::string outdir : {"/data/runs/out", "/data/runs/out.tmp-7", "/data/a.b"}) {
        EXPECT_EQ(finalOutputFolder(temporaryOutputFolder(outdir)), fs::path(outdir)) << outdir;
    }
}

TEST(OutputFolder, OtherPathsUnchanged) {
    for (const std::string path : {"/data/runs/out", "/data/out.tmp-", "/data/out.tmp-12a", "/data/.tmp-12"}) {
        EXPECT_EQ(finalOutputFolder(path), fs::path(path)) << path;
    }
}

}  // namespace
}  // namespace pulmorad::study

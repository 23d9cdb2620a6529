#!/usr/bin/env bash
# Build the pulmorad executable (Release) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${PULMORAD_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --parallel "${PULMORAD_BUILD_JOBS:-$(nproc)}"

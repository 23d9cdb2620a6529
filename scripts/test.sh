#!/usr/bin/env bash
# Build pulmorad (Release) and run the whole test suite, reference
# comparisons included. Needs ../shared beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${PULMORAD_BUILD_DIR:-build}
jobs=${PULMORAD_BUILD_JOBS:-$(nproc)}

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --parallel "$jobs"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs"

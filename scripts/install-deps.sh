#!/usr/bin/env bash
# Install every Debian package that building and testing pulmorad needs.
# Run as root (or through sudo) on Debian 12; it is safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang-format clang-tidy
  libinsighttoolkit5-dev
  libeigen3-dev
  libboost-dev libboost-math-dev
  libxgboost-dev
  libsvm-dev
  libyaml-cpp-dev
  nlohmann-json3-dev
  libcli11-dev
  libspdlog-dev libfmt-dev
  libtbb-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  zlib1g-dev libpng-dev
  python3 snakemake time
  chromium
)

if [[ $(id -u) -ne 0 ]]; then
  sudo=sudo
else
  sudo=
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"

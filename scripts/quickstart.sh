#!/usr/bin/env bash
# Set up pulmorad on Debian 12 and run the demo: install the Debian packages,
# build, then run `pulmorad demo`. The demo segments the bundled chest CT and
# extracts the study's 1,316 radiomic features from it. Then it runs the whole
# study on the simulated example cohort in examples/iim-ild/. Results go to
# quickstart-output/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

out=quickstart-output
"${PULMORAD_BUILD_DIR:-build}/src/cli/pulmorad" demo -o "$out" --overwrite

echo "Wrote $out/ct/ (lung mask, QC figure, features of the real CT) and $out/study/ (open $out/study/report.html)"

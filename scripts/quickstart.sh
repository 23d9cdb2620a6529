#!/usr/bin/env bash
# Set up pulmorad on Debian 12 and run it on the bundled chest CT: install the
# Debian packages, build, segment the lungs and extract the study's 1,316
# radiomic features. Results go to quickstart-output/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

pulmorad=build/src/cli/pulmorad
ct=examples/ct/lidc-idri-0001-small.nii.gz
out=quickstart-output
mkdir -p "$out"

"$pulmorad" segment "$ct" -o "$out/lungs.nii.gz" --qc "$out/lungs-qc.png"
"$pulmorad" extract "$ct" "$out/lungs.nii.gz" --param examples/params/iim-ild.yaml -o "$out/features.csv"

echo "Wrote $out/lungs.nii.gz, $out/lungs-qc.png and $out/features.csv"

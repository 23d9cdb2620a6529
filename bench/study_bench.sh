#!/usr/bin/env bash
# Times `pulmorad study` from feature table to all outputs on the 115-patient
# example cohort (1,316 radiomic features plus the clinical table), with the
# default six grids x 5 folds and 1,000 calibration bootstraps, with 1 and 2
# threads, and prints wall time, peak RSS and the study's own step timings.
#
#   bash bench/study_bench.sh [RUNS]
#
# Uses examples/iim-ild/ when it exists, else a cohort written by
# `pulmorad simulate` (the same generator and default seed). Selection uses
# lambda.1se unless the config sets a selection, so that the combined
# logistic models (and their 1,000 bootstrap refits) run. Needs a Release
# build in build/ (bash scripts/build.sh) and GNU time. Goal: < 30 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
pulmorad=${PULMORAD:-build/src/cli/pulmorad}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [[ -f examples/iim-ild/study.yaml ]]; then
  cp examples/iim-ild/*.csv examples/iim-ild/study.yaml "$out/"
  cohort="examples/iim-ild"
else
  "$pulmorad" --quiet simulate -o "$out/cohort" >/dev/null
  cp "$out"/cohort/*.csv "$out"/cohort/study.yaml "$out/"
  cohort="pulmorad simulate (default seed)"
fi
if ! grep -q '^selection:' "$out/study.yaml"; then
  echo 'selection: {lambda: 1se}' >> "$out/study.yaml"
fi
grep -q '^calibration:' "$out/study.yaml" || echo 'calibration: {bootstraps: 1000}' >> "$out/study.yaml"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "cohort: $cohort; $(($(wc -l < "$out/radiomics.csv") - 1)) patients"
echo "threads,run,wall_s,peak_rss_mib"
for threads in 1 2; do
  for run in $(seq 1 "$runs"); do
    rm -rf "$out/result"
    /usr/bin/time -f "%e %M" -o "$out/time" \
      "$pulmorad" --quiet --threads "$threads" study "$out/study.yaml" -o "$out/result"
    read -r wall rss_kib < "$out/time"
    echo "$threads,$run,$wall,$((rss_kib / 1024))"
  done
done
echo "step timings of the last run (run.json step_seconds):"
/usr/bin/python3 - "$out/result/run.json" <<'PY'
import json, sys
for step in json.load(open(sys.argv[1]))["step_seconds"]:
    print("  %8.2f s  %s" % (step["seconds"], step["step"]))
PY

#!/usr/bin/env bash
# Times `pulmorad segment` (with the QC figure) on each real chest CT in
# ../shared/reference/ct and prints wall time, the segmentation step alone
# (from the command's log), and peak RSS per run, with 1 and 2 threads.
#
#   bash bench/segment_bench.sh [RUNS]
#
# Needs a Release build (bash scripts/build.sh, or PULMORAD=path/to/pulmorad)
# and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
pulmorad=${PULMORAD:-build/src/cli/pulmorad}
reference=../shared/reference/ct
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "case,threads,run,wall_s,segment_s,peak_rss_mib"
for case_id in lidc_idri_0001 lung_pet_ct_dx_A0002 midrc_ricord_1a_covid; do
  for threads in 1 2; do
    for run in $(seq 1 "$runs"); do
      /usr/bin/time -f "%e %M" -o "$out/time" \
        "$pulmorad" --threads "$threads" segment "$reference/$case_id/dicom" \
        -o "$out/lungs.nii.gz" --qc "$out/lungs-qc.png" 2> "$out/log"
      read -r wall rss_kib < "$out/time"
      segment=$(sed -n 's/.*segmented in \([0-9.]*\) s.*/\1/p' "$out/log")
      echo "$case_id,$threads,$run,$wall,$segment,$((rss_kib / 1024))"
    done
  done
done

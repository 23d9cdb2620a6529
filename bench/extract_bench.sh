#!/usr/bin/env bash
# Times `pulmorad extract` with the study's parameter file (1,316 features)
# on the real whole-lung cases in ../shared/reference/pyradiomics-oracle, and
# on the larger midrc scan with the lung mask `pulmorad segment` draws for it,
# with 1 and 2 threads, and prints wall time, CPU time (user and system) and
# peak RSS per run. CPU time is the better guide on a shared, loaded machine.
#
#   bash bench/extract_bench.sh [RUNS]
#   PULMORAD=build-other/src/cli/pulmorad bash bench/extract_bench.sh 1
#
# Needs a Release build (default build/, bash scripts/build.sh) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
pulmorad=${PULMORAD:-build/src/cli/pulmorad}
params=examples/params/iim-ild.yaml
reference=../shared/reference
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

declare -A images=(
  [lung_pet_ct_dx_A0002]="$reference/ct/lung_pet_ct_dx_A0002/dicom"
  [lidc_idri_0001]="$reference/ct/lidc_idri_0001/dicom"
  [midrc_ricord_1a_covid]="$reference/ct/midrc_ricord_1a_covid/dicom"
)
declare -A masks=(
  [lung_pet_ct_dx_A0002]="$reference/pyradiomics-oracle/lung_pet_ct_dx_A0002/mask.nii.gz"
  [lidc_idri_0001]="$reference/pyradiomics-oracle/lidc_idri_0001/mask.nii.gz"
  [midrc_ricord_1a_covid]="$out/midrc-lungs.nii.gz"
)
# The midrc scan has no reference mask: segment its lungs first (not timed).
"$pulmorad" --quiet segment "${images[midrc_ricord_1a_covid]}" -o "${masks[midrc_ricord_1a_covid]}"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "case,threads,run,wall_s,user_s,sys_s,peak_rss_mib"
for case_id in "${!images[@]}"; do
  mask="${masks[$case_id]}"
  for threads in 1 2; do
    for run in $(seq 1 "$runs"); do
      /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
        "$pulmorad" --quiet --threads "$threads" extract "${images[$case_id]}" "$mask" \
        --param "$params" --setting label:all -o "$out/features.csv"
      read -r wall user sys rss_kib < "$out/time"
      echo "$case_id,$threads,$run,$wall,$user,$sys,$((rss_kib / 1024))"
    done
  done
done

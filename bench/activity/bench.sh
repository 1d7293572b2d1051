#!/usr/bin/env bash
# Time and peak memory over the synthetic account of bench/activity/generate.py (100,000
# CloudTrail records over 90 days: 84 delivered files, two thirds gzip-compressed, plus one
# JSON-lines export; 50 principals), side by side with jq reading the same records:
#   jq                    every record's fields that iamlint uses (decompression included)
#   reader                build/bench_activity_read: the CloudTrail reader alone, 1 and N threads
#   iamlint unused        snapshot + logs + credential report: the whole command
#   iamlint generate      a policy for each of the 37 principals that acted, one run
# Best of 3 runs each (the machine is shared), with the ratio to jq. A measurement, not a test.
# Usage: bench/activity/bench.sh [BUILD_DIR] [DATA_DIR]   (DATA_DIR is generated when missing)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
data=${2:-$build/activity-data}
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }
[[ -f $data/expected.json ]] || python3 "$root/bench/activity/generate.py" "$data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mapfile -t files < <(find "$data/cloudtrail" -type f | sort)
files+=("$data/cloudtrail-lake-export.jsonl")
window=(--since 2026-08-01 --until 2026-10-30)
bytes=$(for f in "${files[@]}"; do case $f in *.gz) zcat -- "$f" ;; *) cat -- "$f" ;; esac; done | wc -c)
echo "data: ${#files[@]} files, $((bytes / 1000000)) MB of JSON uncompressed; $(nproc) cores," \
  "load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-40s %8s %8s %10s %8s\n' "" "wall s" "CPU s" "peak MB" "vs jq"

jq_wall=""
# best_of LABEL CMD...: the run with the least wall time of three, under /usr/bin/time.
best_of() {
  local label=$1 best="" line
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
    # The last line: a failing command adds "Command exited with non-zero status" before it.
    line=$(tail -n 1 "$tmp/time" | awk '{printf "%s %.2f %.1f", $1, $2 + $3, $4 / 1024}')
    if [[ -z $best ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a < b)}'; then
      best=$line
    fi
  done
  read -r wall cpu mb <<<"$best"
  [[ -n $jq_wall ]] || jq_wall=$wall
  printf '%-40s %8s %8s %10s %7.2fx\n' "$label" "$wall" "$cpu" "$mb" \
    "$(awk -v a="$wall" -v b="$jq_wall" 'BEGIN{print a / b}')"
}

# shellcheck disable=SC2016
best_of "jq (the fields iamlint reads)" bash -c '
  for f; do case $f in *.gz) zcat -- "$f" ;; *) cat -- "$f" ;; esac; done |
    jq -c "(.Records[]? // .) | [.eventTime, .eventSource, .eventName, .errorCode,
           .userIdentity.arn, .userIdentity.sessionContext.sessionIssuer.arn,
           .requestParameters.bucketName?, .requestParameters.key?, [.resources[]?.ARN]]"' \
  _ "${files[@]}"
if [[ -x $build/bench_activity_read ]]; then
  best_of "reader, 1 thread" "$build/bench_activity_read" --threads 1 "${files[@]}"
  best_of "reader, $(nproc) threads" "$build/bench_activity_read" --threads 0 "${files[@]}"
fi
best_of "iamlint unused" "$build/iamlint" unused --account-details "$data/account-details.json" \
  "${files[@]}" "${window[@]}" --credential-report "$data/credential-report.csv"
best_of "iamlint generate --all (37 policies)" "$build/iamlint" generate --all --quiet \
  --account-details "$data/account-details.json" "${files[@]}" "${window[@]}" \
  --output-dir "$tmp/generated"

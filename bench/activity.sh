#!/usr/bin/env bash
# Side-by-side: the activity reader (build/bench_activity_read) and jq over the same CloudTrail
# corpus (bench/generate-cloudtrail: 100 files, 100,000 records, a third of the files .json.gz;
# jq gets the .gz files through zcat), each under /usr/bin/time -v for wall time and peak RSS.
# It is a measurement, not a test.
#   bench/activity.sh [BUILD_DIR]        (CORPUS=bench/corpus/cloudtrail)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
reader=$build/bench_activity_read
corpus=${CORPUS:-$root/bench/corpus/cloudtrail}

command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }
[[ -x $reader ]] || { echo "no $reader: build first (cmake --build $build)"; exit 2; }
[[ -d $corpus ]] || "$root/bench/generate-cloudtrail" "$corpus"
shopt -s nullglob
files=("$corpus"/*.json "$corpus"/*.json.gz)
((${#files[@]} > 0)) || { echo "empty corpus in $corpus"; exit 2; }
echo "corpus: ${#files[@]} files, $(du -sh --apparent-size "$corpus" | cut -f1) on disk; load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"

measure() {
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || true
  # CPU time too: on a shared machine the wall time also measures the other processes.
  printf '%-40s %7s s wall %7s s CPU %7s MB peak RSS\n' "$label" \
    "$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = t[n]; if (n > 1) s += 60 * t[n-1]; print s }' "$log")" \
    "$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")" \
    "$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")"
  rm -f "$log"
}

"$reader" "${files[@]}"
measure "iamlint activity reader, 1 thread" "$reader" --threads 1 "${files[@]}"
measure "iamlint activity reader, $(nproc) threads" "$reader" --threads 0 "${files[@]}"
# shellcheck disable=SC2016
measure "jq (the same fields of every record)" bash -c '
  for f; do case $f in *.gz) zcat -- "$f" ;; *) cat -- "$f" ;; esac; done |
    jq -c ".Records[] | [.eventTime, .eventSource, .eventName, .errorCode,
                         .userIdentity.arn, .userIdentity.sessionContext.sessionIssuer.arn,
                         .requestParameters.bucketName?, .requestParameters.key?,
                         [.resources[]?.ARN]]"' _ "${files[@]}"

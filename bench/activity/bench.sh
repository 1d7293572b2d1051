#!/usr/bin/env bash
# Time and peak memory of `iamlint unused` and `iamlint generate --all` over the synthetic
# account (100,000 CloudTrail records over 90 days, 50 principals), side by side with jq
# reading the same files (jq -c over every record: parsing only, no analysis). Best of 3 runs
# each, as ratios; not a timed test.
# Usage: bench/activity/bench.sh [IAMLINT] [DATA_DIR]   (DATA_DIR is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
iamlint=${1:-build/iamlint}
data=${2:-build/activity-data}
[[ -f $data/expected.json ]] || python3 bench/activity/generate.py "$data"
window=(--since 2026-08-01 --until 2026-10-30)
logs=("$data/cloudtrail" "$data/cloudtrail-lake-export.jsonl")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

read_all() {  # every log file's bytes, decompressed, in one stream
  find "$data/cloudtrail" -type f | sort | while read -r f; do
    case $f in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac
  done
  cat "$data/cloudtrail-lake-export.jsonl"
}

# best_of NAME CMD...: runs CMD 3 times under /usr/bin/time; prints the best wall time and the
# peak resident memory of that run.
best_of() {
  local name=$1 best=""
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
    read -r secs kb <"$tmp/time"
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < ${best% *})}"; then best="$secs $kb"; fi
  done
  printf '%-34s %6.2f s %7.1f MB\n' "$name" "${best% *}" "$(awk "BEGIN{print ${best#* }/1024}")"
  echo "$name ${best% *}" >>"$tmp/results"
}

bytes=$(read_all | wc -c)
files=$(find "$data/cloudtrail" -type f | wc -l)
echo "data: $((files + 1)) files, $((bytes / 1000000)) MB of JSON uncompressed, $(nproc) cores"
export -f read_all
export data
best_of "jq -c (decompress + parse)" bash -c 'read_all | jq -c ".Records[]? // ." >/dev/null'
read_all >"$tmp/all.json"
best_of "jq -c (already decompressed)" jq -c '.Records[]? // .' "$tmp/all.json"
best_of "iamlint unused" "$iamlint" unused --account-details "$data/account-details.json" \
  "${logs[@]}" "${window[@]}" --credential-report "$data/credential-report.csv"
best_of "iamlint generate --all" "$iamlint" generate --account-details \
  "$data/account-details.json" "${logs[@]}" "${window[@]}" --all --output-dir "$tmp/gen" --quiet
awk 'NR==1{jq=$NF} {printf "%-34s %5.2fx the time of jq (decompress + parse)\n", \
  substr($0, 1, length($0)-length($NF)-1), $NF/jq}' "$tmp/results"

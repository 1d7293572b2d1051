#!/usr/bin/env bash
# Side-by-side timing over the generated CloudFormation corpus: `iamlint check --quiet` over all
# templates (YAML and JSON: parsing, intrinsic resolution and all rules), over the JSON templates
# only, and `jq -c .` over the same JSON templates (the parse-only reference; YAML has no jq
# equivalent). Prints templates per second and the iamlint/jq ratio on the JSON subset; it is a
# measurement, not a test.
#   bench/cloudformation.sh [BUILD_DIR]   (RUNS=5 runs each, best kept; CORPUS=bench/corpus/cloudformation)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
iamlint=$build/iamlint
corpus=${CORPUS:-$root/bench/corpus/cloudformation}
runs=${RUNS:-5}

command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 2; }
command -v node >/dev/null || { echo "needs node to generate the corpus"; exit 2; }
[[ -x $iamlint ]] || { echo "no $iamlint: build first (cmake --build $build)"; exit 2; }
if [[ ! -d $corpus/yaml || ! -d $corpus/json ]]; then
  "$root/bench/generate-cloudformation" "$corpus"
fi
shopt -s nullglob
yaml_files=("$corpus"/yaml/*.yaml)
json_files=("$corpus"/json/*.json)
((${#yaml_files[@]} > 0 && ${#json_files[@]} > 0)) || { echo "empty corpus in $corpus"; exit 2; }
all=$((${#yaml_files[@]} + ${#json_files[@]}))

# One untimed run of each, to check that they work: iamlint exits 1 on findings (the corpus has
# deliberate ones), 2 on input or usage errors.
status=0
summary=$("$iamlint" check --no-color "$corpus/yaml" "$corpus/json" 2>&1 | tail -n 1) || status=$?
if ((status > 1)); then
  echo "iamlint check failed (exit $status): $summary"
  exit 1
fi
jq -c . "${json_files[@]}" >/dev/null

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
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / (t / 1000) }'; }

echo "corpus: ${#yaml_files[@]} .yaml templates ($(du -sh --apparent-size "$corpus/yaml" | cut -f1))," \
  "${#json_files[@]} .json templates ($(du -sh --apparent-size "$corpus/json" | cut -f1)); best of $runs runs"
echo "iamlint: $summary"
t_all=$(best_ms "$iamlint" check --quiet "$corpus/yaml" "$corpus/json")
t_json=$(best_ms "$iamlint" check --quiet "$corpus/json")
t_jq=$(best_ms jq -c . "${json_files[@]}")
printf '%-40s %10s ms %10s templates/s\n' \
  "iamlint check --quiet (yaml/ + json/)" "$t_all" "$(rate "$all" "$t_all")" \
  "iamlint check --quiet (json/)" "$t_json" "$(rate "${#json_files[@]}" "$t_json")" \
  "jq -c . (json/)" "$t_jq" "$(rate "${#json_files[@]}" "$t_jq")"
awk -v a="$t_json" -v b="$t_jq" 'BEGIN { printf "ratio iamlint/jq (json/): %.2fx\n", a / b }'

#!/usr/bin/env bash
# Side-by-side timing over the generated Terraform corpus: `iamlint check --quiet` over the .tf
# modules (extraction, resolution and all rules) and `jq -c .` over the same policies written as
# plain JSON (the parse-only reference). Prints files per second and the ratio; it is a
# measurement, not a test.
#   bench/terraform.sh [BUILD_DIR]        (RUNS=5 runs each, best kept; CORPUS=bench/corpus/terraform)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
iamlint=$build/iamlint
corpus=${CORPUS:-$root/bench/corpus/terraform}
runs=${RUNS:-5}

command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 2; }
command -v node >/dev/null || { echo "needs node to generate the corpus"; exit 2; }
[[ -x $iamlint ]] || { echo "no $iamlint: build first (cmake --build $build)"; exit 2; }
if [[ ! -d $corpus/tf || ! -d $corpus/json ]]; then
  "$root/bench/generate-terraform" "$corpus"
fi
shopt -s nullglob
tf_files=("$corpus"/tf/*/*.tf)
json_files=("$corpus"/json/*/*.json)
((${#tf_files[@]} > 0 && ${#json_files[@]} > 0)) || { echo "empty corpus in $corpus"; exit 2; }

# One untimed run of each, to check that they work: iamlint exits 1 on findings (the corpus has
# deliberate ones), 2 on input or usage errors.
status=0
summary=$("$iamlint" check --no-color "$corpus/tf" 2>&1 | tail -n 1) || status=$?
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

policy_tf=$(printf '%s\n' "${tf_files[@]}" | grep -vc '/variables\.tf$' || true)
echo "corpus: ${#tf_files[@]} .tf files ($policy_tf with policies; $(du -sh --apparent-size "$corpus/tf" | cut -f1))," \
  "${#json_files[@]} .json files ($(du -sh --apparent-size "$corpus/json" | cut -f1)); best of $runs runs"
echo "iamlint: $summary"
t_check=$(best_ms "$iamlint" check --quiet "$corpus/tf")
t_jq=$(best_ms jq -c . "${json_files[@]}")
printf '%-36s %10s ms %10s files/s\n' \
  "iamlint check --quiet (tf/)" "$t_check" \
  "$(awk -v n="${#tf_files[@]}" -v t="$t_check" 'BEGIN { printf "%.0f", n / (t / 1000) }')" \
  "jq -c . (json/)" "$t_jq" \
  "$(awk -v n="${#json_files[@]}" -v t="$t_jq" 'BEGIN { printf "%.0f", n / (t / 1000) }')"
awk -v a="$t_check" -v b="$t_jq" 'BEGIN { printf "ratio iamlint/jq: %.2fx\n", a / b }'

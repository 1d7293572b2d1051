#!/usr/bin/env bash
# What the validation rules (Access Analyzer parity) cost on the managed-policy corpus: the check
# with every rule against the check without them, and each validation rule alone added to the
# rest. A measurement, not a test.
#   bench/validation-cost.sh [BUILD_DIR]
#   RUNS=N       wall clock: best of N runs, each rule paired with its own baseline runs
#   COUNT=instructions   exact instruction counts under valgrind (slow, deterministic): use this
#                on a noisy machine, where wall-clock ratios of single rules vary by +-30 %
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
iamlint=$build/iamlint
corpus=$root/bench/corpus/managed
runs=${RUNS:-7}
count=${COUNT:-wall}
[[ -d $corpus ]] || { echo "run bench/managed-policies.sh first (it writes $corpus)"; exit 2; }

validation=(IAM104 IAM105 IAM110 IAM111 IAM112 IAM113 IAM114 IAM115 IAM116 IAM117 IAM120 IAM121
            IAM122 IAM123 IAM124 IAM130 IAM131 IAM140 IAM141 IAM142 IAM143 IAM212)
mapfile -t all < <("$iamlint" rules --format json | jq -r '.[].id')
others=()
for id in "${all[@]}"; do
  [[ " ${validation[*]} " == *" $id "* ]] || others+=("$id")
done
join() { local IFS=,; echo "$*"; }
check() { "$iamlint" check --policy-kind identity --format json --rule "$1" "$corpus"; }

# Cost of one configuration: microseconds (best of $runs) or instructions.
cost() {
  if [[ $count == instructions ]]; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$iamlint" check --policy-kind identity --format json --rule "$1" "$corpus" 2>&1 >/dev/null |
      awk '/refs:/ { gsub(",", "", $NF); print $NF }'
    return
  fi
  local best="" start end us
  for ((i = 0; i < runs; i++)); do
    start=${EPOCHREALTIME/[.,]/}
    check "$1" >/dev/null || true
    end=${EPOCHREALTIME/[.,]/}
    us=$((end - start))
    [[ -z $best || $us -lt $best ]] && best=$us
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

base_rules=$(join "${others[@]}")
unit=$([[ $count == instructions ]] && echo "instructions" || echo "us, best of $runs")
echo "corpus: $(ls "$corpus" | wc -l) policies; cost in $unit"
base=$(cost "$base_rules")
every=$(cost "$(join "${all[@]}")")
echo "without validation rules  $base"
echo "with every rule           $every   ratio $(ratio "$every" "$base")"
for id in "${validation[@]}"; do
  # Wall clock: a fresh baseline next to each rule, so both see the same machine load.
  [[ $count == instructions ]] || base=$(cost "$base_rules")
  with=$(cost "$base_rules,$id")
  echo "+ $id                   $with   ratio $(ratio "$with" "$base")"
done

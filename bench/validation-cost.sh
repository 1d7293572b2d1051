#!/usr/bin/env bash
# What the validation rules (issue: Access Analyzer parity) cost on the managed-policy corpus:
# the check with every rule against the check without them, and each validation rule alone
# added to the rest. Runs alternate old and new to spread machine noise; prints best-of-N
# ratios. A measurement, not a test.
#   bench/validation-cost.sh [BUILD_DIR]     RUNS=N (default 7)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
iamlint=$build/iamlint
corpus=$root/bench/corpus/managed
runs=${RUNS:-7}
[[ -d $corpus ]] || { echo "run bench/managed-policies.sh first (it writes $corpus)"; exit 2; }

validation=(IAM104 IAM105 IAM110 IAM111 IAM112 IAM113 IAM114 IAM115 IAM116 IAM117 IAM120 IAM121
            IAM122 IAM123 IAM124 IAM130 IAM131 IAM140 IAM141 IAM142 IAM143 IAM212)
mapfile -t all < <("$iamlint" rules --format json | jq -r '.[].id')
others=()
for id in "${all[@]}"; do
  [[ " ${validation[*]} " == *" $id "* ]] || others+=("$id")
done
join() { local IFS=,; echo "$*"; }

# Best wall-clock time of `iamlint check` with the rules in $1, in microseconds, alternating
# with the baseline so both see the same machine load.
declare -A best
time_rules() {
  local key=$1 rules=$2 start end us
  start=${EPOCHREALTIME/[.,]/}
  "$iamlint" check --policy-kind identity --format json --rule "$rules" "$corpus" >/dev/null || true
  end=${EPOCHREALTIME/[.,]/}
  us=$((end - start))
  [[ -z ${best[$key]:-} || $us -lt ${best[$key]} ]] && best[$key]=$us
  return 0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

base=$(join "${others[@]}")
echo "corpus: $(ls "$corpus" | wc -l) policies; best of $runs alternating runs"
for ((i = 0; i < runs; i++)); do
  time_rules base "$base"
  time_rules all "$(join "${all[@]}")"
done
printf '%-28s %8.1f ms\n' "without validation rules" "$(bc <<<"scale=1; ${best[base]} / 1000")"
printf '%-28s %8.1f ms   ratio %s\n' "with every rule" "$(bc <<<"scale=1; ${best[all]} / 1000")" \
  "$(ratio "${best[all]}" "${best[base]}")"
for id in "${validation[@]}"; do
  for ((i = 0; i < runs; i++)); do
    time_rules base "$base"
    time_rules "$id" "$base,$id"
  done
  printf '%-28s %8.1f ms   ratio %s\n' "+ $id" "$(bc <<<"scale=1; ${best[$id]} / 1000")" \
    "$(ratio "${best[$id]}" "${best[base]}")"
done

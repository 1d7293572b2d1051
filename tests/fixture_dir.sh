#!/usr/bin/env bash
# Directory fixtures (fixtures/terraform/<case>/): runs `iamlint check --quiet` in the case's
# directory and compares every output line (findings and input errors, with file:line:column)
# with the case's `expect` file. IAMLINT_UPDATE_FIXTURES=1 rewrites `expect`; review the diff.
#   tests/fixture_dir.sh IAMLINT CASE_DIR
set -uo pipefail
iamlint=$(realpath "$1")
dir=$2
args=()
[[ -f $dir/args ]] && read -r -a args < "$dir/args"
actual=$(cd "$dir" && "$iamlint" check --quiet --no-color "${args[@]}" . 2>&1)
if [[ ${IAMLINT_UPDATE_FIXTURES:-} == 1 ]]; then
  printf '%s\n' "$actual" > "$dir/expect"
  echo "updated $dir/expect"
  exit 0
fi
if ! diff -u "$dir/expect" <(printf '%s\n' "$actual"); then
  echo "FAIL: $dir differs from its expect file (- expected, + actual)"
  exit 1
fi
echo "$(grep -c . "$dir/expect") lines as expected"

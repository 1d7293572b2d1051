# Shared helpers for the command-line tests: run iamlint, check exit codes and output.
# Each test script gets the iamlint binary and the source directory as $1 and $2.
iamlint=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

# expect_exit CODE -- COMMAND...: runs COMMAND, keeps stdout/stderr in $out/$err.
expect_exit() {
  local want=$1
  shift 2
  local got=0
  "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
  checks=$((checks + 1))
  if [[ $got -ne $want ]]; then
    echo "FAIL: exit $got, want $want: $*"
    echo "$out" | head -20
    echo "$err" | head -20
    failures=$((failures + 1))
  fi
}

# expect_in TEXT NEEDLE: the output contains NEEDLE.
expect_in() {
  checks=$((checks + 1))
  if [[ $1 != *"$2"* ]]; then
    echo "FAIL: output lacks: $2"
    echo "$1" | head -20
    failures=$((failures + 1))
  fi
}

expect_not_in() {
  checks=$((checks + 1))
  if [[ $1 == *"$2"* ]]; then
    echo "FAIL: output has: $2"
    failures=$((failures + 1))
  fi
}

finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [[ $failures -eq 0 ]]
}

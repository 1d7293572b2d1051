# iamlint check --format sarif and --format github: shape, regions, stable fingerprints, escaping.
source "$(dirname "$0")/lib.bash" "$@"

cat >"$tmp/policy.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [
  {"Sid": "Deploy", "Effect": "Allow", "Action": ["iam:PassRole", "lambda:UpdateFunctionConfiguraton"], "Resource": "*"}
]}
JSON
printf '{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow",, }\n]}\n' >"$tmp/broken.json"

# GitHub workflow commands: one line per finding, level by severity, data escaped.
expect_exit 1 -- "$iamlint" check --format github "$tmp/policy.json"
expect_in "$out" "::error file=$tmp/policy.json,line=2,col="
expect_in "$out" ",title=IAM210 pass-role-to-any-service (high)::iam:PassRole is allowed on every role"
expect_in "$out" "%0Ahelp: "
expect_in "$out" "title=IAM103 unknown-action (high)::'lambda:UpdateFunctionConfiguraton' is not an action of AWS Lambda%0Ahelp: did you mean 'lambda:UpdateFunctionConfiguration'?"
expect_not_in "$out" $'\nhelp:'
expect_exit 2 -- "$iamlint" check --format github "$tmp/broken.json" "$tmp/policy.json"
expect_in "$out" "::error file=$tmp/broken.json,line=2,col="
expect_in "$out" "title=iamlint input error::"

# SARIF 2.1.0: every rule in the driver, each result pointing at a known rule and a region.
command -v jq >/dev/null || { echo "needs jq"; exit 1; }
expect_exit 1 -- "$iamlint" check --format sarif "$tmp/policy.json"
sarif=$out
checks=$((checks + 1))
rules=$("$iamlint" rules --format json | jq length)
if ! jq -e --argjson rules "$rules" '
    .runs[0] as $run
    | .version == "2.1.0"
    and ($run.tool.driver.rules | length) == $rules
    and all($run.tool.driver.rules[]; (.id | test("^IAM[0-9]{3}$")) and .help.markdown != null
            and (.properties["security-severity"] | tonumber) > 0)
    and ($run.results | length) == 2
    and all($run.results[]; .ruleId == $run.tool.driver.rules[.ruleIndex].id
            and .locations[0].physicalLocation.region.startLine == 2
            and .locations[0].physicalLocation.region.startColumn >= 1
            and (.partialFingerprints["iamlintFindingHash/v1"] | length) == 16)' \
    <<<"$sarif" >/dev/null; then
  echo "FAIL: SARIF shape"
  echo "$sarif" | head -40
  failures=$((failures + 1))
fi

# Fingerprints do not depend on lines: an edit above every finding moves the regions and keeps
# the fingerprints.
{ printf '\n\n\n'; cat "$tmp/policy.json"; } >"$tmp/moved.json"
cp "$tmp/policy.json" "$tmp/same.json"
expect_exit 1 -- "$iamlint" check --format sarif "$tmp/same.json"
before=$(jq -c '[.runs[0].results[] | .partialFingerprints]' <<<"$out")
lines_before=$(jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region.startLine]' <<<"$out")
cp "$tmp/moved.json" "$tmp/same.json"
expect_exit 1 -- "$iamlint" check --format sarif "$tmp/same.json"
after=$(jq -c '[.runs[0].results[] | .partialFingerprints]' <<<"$out")
lines_after=$(jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region.startLine]' <<<"$out")
checks=$((checks + 1))
if [[ $before != "$after" || $lines_before == "$lines_after" ]]; then
  echo "FAIL: fingerprints $before -> $after, lines $lines_before -> $lines_after"
  failures=$((failures + 1))
fi

# Input errors are tool notifications, and the run is marked unsuccessful.
expect_exit 2 -- "$iamlint" check --format sarif "$tmp/broken.json"
expect_in "$(jq -c '.runs[0].invocations[0]' <<<"$out")" '"executionSuccessful":false'
expect_in "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.region.startLine' <<<"$out")" "2"

# Reviewdog: rdjsonl is one Diagnostic per line, columns in UTF-8 bytes (the é before the
# finding counts twice).
printf '{"Version": "2012-10-17", "Statement": [\n  {"Sid": "D\xc3\xa9ploy", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"}\n]}\n' >"$tmp/accent.json"
expect_exit 1 -- "$iamlint" check --format rdjsonl "$tmp/accent.json"
expect_in "$(jq -c 'select(.code.value == "IAM210 pass-role-to-any-service") | .location.range' <<<"$out")" \
  '{"start":{"line":2,"column":52},"end":{"line":2,"column":66}}'
expect_in "$(jq -r 'select(.code.value == "IAM104 sid") | .message' <<<"$out")" 'e.g. "Dploy"'
expect_exit 1 -- "$iamlint" check --format rdjson "$tmp/accent.json"
expect_in "$(jq -c '[.source.name, (.diagnostics | length), .diagnostics[0].severity]' <<<"$out")" \
  '["iamlint",2,"ERROR"]'
expect_exit 2 -- "$iamlint" check --format rdjsonl "$tmp/broken.json"
expect_in "$(jq -c '[.code.value, .location.range.start.line]' <<<"$out")" '["input-error",2]'

# Several outputs from one run: --format to --output FILE, and --sarif/--json/--junit/--gitlab
# FILE beside it; a path that cannot be written fails before the scan.
expect_exit 1 -- "$iamlint" check --no-color --format text --output "$tmp/out.txt" \
  --sarif "$tmp/out.sarif" --json "$tmp/out.json" --junit "$tmp/out.xml" \
  --gitlab "$tmp/out.gl.json" "$tmp/policy.json"
expect_in "$out" ""
checks=$((checks + 1))
if [[ -n $out ]] || ! grep -q "IAM210" "$tmp/out.txt" ||
  [[ $(jq '.runs[0].results | length' "$tmp/out.sarif") -ne 2 ]] ||
  [[ $(jq '.findings | length' "$tmp/out.json") -ne 2 ]] ||
  [[ $(jq 'length' "$tmp/out.gl.json") -ne 2 ]] || ! grep -q "<testsuites" "$tmp/out.xml"; then
  echo "FAIL: several outputs"
  failures=$((failures + 1))
fi
expect_exit 2 -- "$iamlint" check --sarif "$tmp/no/such/dir/x.sarif" "$tmp/policy.json"
expect_in "$err" "x.sarif: error: cannot write the sarif output"
finish

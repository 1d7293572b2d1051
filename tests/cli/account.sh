# iamlint check --account-details: every output format, paths and related locations, a snapshot
# found again by a walk, a snapshot named as a path, --rule, stdin, missing files.
source "$(dirname "$0")/lib.bash" "$@"
command -v jq >/dev/null || { echo "needs jq"; exit 1; }
cases=$src/fixtures/account

# Text: the path, located at the first step's statement.
expect_exit 1 -- "$iamlint" check --no-color --account-details "$cases/passrole-lambda/snapshot.json"
expect_in "$out" "snapshot.json:18:27: critical: user/alice → (E5 iam:PassRole to lambda.amazonaws.com) → role/deploy-admin (full admin) [IAM221 cross-principal-escalation]"

# JSON: the public contract (rule, method, path, range, principal) and a related location for
# every further step.
expect_exit 1 -- "$iamlint" check --format json --account-details "$cases/assume-chain/snapshot.json"
checks=$((checks + 1))
if ! jq -e --arg path "$cases/assume-chain/snapshot.json" '
    [.findings[] | select(.rule == "IAM221")] as $paths
    | ($paths | length) == 2
    and all($paths[]; .path == $path and .method == "C2" and .category == "privilege-escalation"
            and .severity == "critical")
    and ($paths[] | select(.principal.address == "role/ci")
         | .range.start == {"line": 29, "column": 27}
           and (.related | length) == 1
           and .related[0].range.start.line == 73)' <<<"$out" >/dev/null; then
  echo "FAIL: JSON findings of the assume chain"
  echo "$out" | head -40
  failures=$((failures + 1))
fi

# SARIF: the results are on the snapshot, with related locations.
expect_exit 1 -- "$iamlint" check --format sarif --account-details "$cases/assume-chain/snapshot.json"
checks=$((checks + 1))
if ! jq -e '[.runs[0].results[] | select(.ruleId == "IAM221")] as $r
    | ($r | length) == 2
    and all($r[]; .locations[0].physicalLocation.artifactLocation.uri | endswith("assume-chain/snapshot.json"))
    and ([$r[] | .relatedLocations // [] | length] | add) == 1' <<<"$out" >/dev/null; then
  echo "FAIL: SARIF results of the assume chain"
  echo "$out" | head -40
  failures=$((failures + 1))
fi

# The SARIF of snapshots (paths, related steps, located input errors) passes Microsoft's
# validator and the schema, when scripts/setup installed them (tests/sarif/validate.sh).
if [[ -x $src/tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]]; then
  # Relative paths, as a CI job gives them (SARIF wants relative artifact URIs).
  (cd "$src" && "$iamlint" check --format sarif \
    --account-details fixtures/account/assume-chain/snapshot.json \
    --account-details fixtures/account/url-encoded/snapshot.json \
    --account-details fixtures/account/malformed/snapshot.json) >"$tmp/account.sarif"
  checks=$((checks + 1))
  if ! bash "$src/tests/sarif/validate.sh" "$iamlint" "$src" "$tmp/account.sarif" >"$tmp/validate" 2>&1; then
    echo "FAIL: the SARIF of snapshots does not validate"
    cat "$tmp/validate"
    failures=$((failures + 1))
  fi
fi

# A snapshot given with --account-details and found again by a walk is scanned once.
expect_exit 1 -- "$iamlint" check --quiet --no-color --account-details "$cases/group-escalation/snapshot.json" "$cases/group-escalation"
checks=$((checks + 1))
if [[ $(grep -c "IAM221" <<<"$out") -ne 3 ]]; then
  echo "FAIL: the snapshot was not scanned exactly once"
  echo "$out"
  failures=$((failures + 1))
fi

# Named as a path without the option: an input error that says what to do.
expect_exit 2 -- "$iamlint" check --no-color "$cases/passrole-lambda/snapshot.json"
expect_in "$out" "this is an account snapshot, check it with --account-details"

# --rule selects the path rule alone; standard input works.
expect_exit 1 -- "$iamlint" check --quiet --no-color --rule IAM221 --account-details - <"$cases/url-encoded/snapshot.json"
expect_in "$out" "<stdin>:11:136: critical: user/erin → (C2 sts:AssumeRole) → role/platform-admin (full admin)"
checks=$((checks + 1))
if [[ $(grep -c . <<<"$out") -ne 1 ]]; then
  echo "FAIL: --rule IAM221 reported other rules"
  echo "$out"
  failures=$((failures + 1))
fi

# A baseline of a snapshot: recorded paths are not reported again.
expect_exit 1 -- "$iamlint" check --quiet --account-details "$cases/group-escalation/snapshot.json" --write-baseline "$tmp/baseline.json"
expect_exit 0 -- "$iamlint" check --quiet --account-details "$cases/group-escalation/snapshot.json" --baseline "$tmp/baseline.json"
expect_not_in "$out" "IAM221"

# No path (a service-linked role trusts only its service): exit 0; a missing file is an input
# error.
expect_exit 0 -- "$iamlint" check --quiet --no-color --rule IAM221 --account-details "$cases/service-linked/snapshot.json"
expect_exit 2 -- "$iamlint" check --quiet --no-color --account-details "$tmp/missing.json" --account-details "$cases/passrole-lambda/snapshot.json"
expect_in "$out" "missing.json"
expect_in "$out" "IAM221"

finish

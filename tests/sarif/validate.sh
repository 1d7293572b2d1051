#!/usr/bin/env bash
# Validates iamlint's SARIF with Microsoft's SARIF validator (Sarif.Multitool, pinned by
# package-lock.json here, installed by scripts/setup) and against the SARIF 2.1.0 JSON schema:
# the SARIF of the whole fixtures/ tree and the golden fixtures/reporters/expected/sarif.sarif.
# Fails on any error or warning of the SARIF and GitHub (GHAS) rules.
#   tests/sarif/validate.sh IAMLINT SOURCE_DIR [SARIF_FILE...]   (files: validate just those)
set -uo pipefail
iamlint=$(realpath "$1")
src=$2
shift 2
multitool=$src/tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [[ ! -x $multitool ]]; then
  echo "FAIL: $multitool is missing or not executable: run scripts/setup"
  exit 1
fi
command -v jq >/dev/null || { echo "needs jq"; exit 1; }
# .NET without libicu: the validator compares nothing culture-specific.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Validator checks that cannot apply (rule/message id), each with the reason: none. (The tool's
# informationUri and the rules' helpUri point at the documentation: IAMLINT_DOCS_URL when it is
# hosted, else the installed docs, else the source tree; analyzer/report/docs_location.cpp.)
exempt='[]'

logs=("$@")
if ((${#logs[@]} == 0)); then
  code=0
  (cd "$src" && "$iamlint" check --format sarif fixtures/) >"$tmp/fixtures.sarif" || code=$?
  if ((code > 2)); then
    echo "FAIL: iamlint check --format sarif fixtures/ exited $code"
    exit 1
  fi
  logs=("$tmp/fixtures.sarif" "$src/fixtures/reporters/expected/sarif.sarif")
fi

failures=0
checks=0
for log in "${logs[@]}"; do
  checks=$((checks + 1))
  result=$tmp/validation.sarif
  rm -f "$result"
  # The exit code is 0 whatever the findings: the verdict is in the log it writes.
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" \
    --output "$result" "$log" >"$tmp/console" 2>&1
  if ! jq -e '.runs[0].invocations[0].executionSuccessful == true' "$result" >/dev/null 2>&1; then
    echo "FAIL: the validator did not run to completion on $log"
    head -20 "$tmp/console"
    jq -r '.runs[0].invocations[0].toolExecutionNotifications[]?.message.text' "$result" 2>/dev/null
    failures=$((failures + 1))
    continue
  fi
  problems=$(jq --argjson exempt "$exempt" '[.runs[0].results[]?
      | select((.level // "warning") | IN("error", "warning"))
      | select("\(.ruleId)/\(.message.id)" | IN($exempt[]) | not)] | length' "$result")
  errors=$(jq '[.runs[0].results[]? | select(.level == "error")] | length' "$result")
  warnings=$(jq '[.runs[0].results[]? | select((.level // "warning") == "warning")] | length' \
    "$result")
  echo "$log: $errors errors, $warnings warnings (exempt: $exempt)"
  if ((problems > 0)); then
    echo "FAIL: $log: $problems errors and warnings not exempt"
    jq -r --argjson exempt "$exempt" '.runs[0].results[]
        | select((.level // "warning") | IN("error", "warning"))
        | select("\(.ruleId)/\(.message.id)" | IN($exempt[]) | not)
        | (.locations[0].physicalLocation.region // {}) as $at
        | "\($at.startLine // 0):\($at.startColumn // 0): \(.level // "warning") \(.ruleId) "
          + "\(.message.id): \(.message.arguments // [] | join(" | "))"' "$result" | head -40
    failures=$((failures + 1))
  fi
done

# The JSON schema (the validator above does not apply it: a log with version "2.0.0" or a level
# "fatal" passes it), with Debian's python3-jsonschema (draft 2020-12, as the schema declares).
schema=$src/tests/sarif/sarif-schema-2.1.0.json
python=
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import jsonschema' 2>/dev/null; then
    python=$p
    break
  fi
done
if [[ -z $python ]]; then
  echo "FAIL: needs python3-jsonschema: run scripts/setup"
  exit 1
fi
for log in "${logs[@]}"; do
  checks=$((checks + 1))
  if ! "$python" - "$schema" "$log" <<'PY'; then
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.validators.validator_for(schema)
validator.check_schema(schema)
try:
    log = json.load(open(sys.argv[2], encoding="utf-8"))
except ValueError as e:
    print(f"{sys.argv[2]}: not JSON: {e}")
    sys.exit(1)
errors = list(validator(schema).iter_errors(log))
for e in errors[:20]:
    print("schema: /" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200])
print(f"{sys.argv[2]}: {len(errors)} schema errors")
sys.exit(1 if errors else 0)
PY
    echo "FAIL: $log does not follow $schema"
    failures=$((failures + 1))
  fi
done

echo "$((checks - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]

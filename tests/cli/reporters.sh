# Golden output of every --format on fixtures/reporters/inputs (a JSON policy, a Terraform module,
# a CloudFormation YAML template, a malformed file, non-ASCII text before a finding), compared
# byte for byte with fixtures/reporters/expected/, plus each format's documented shape.
# IAMLINT_UPDATE_FIXTURES=1 rewrites the expected files; review the diff.
source "$(dirname "$0")/lib.bash" "$@"
command -v jq >/dev/null || { echo "needs jq"; exit 1; }
command -v xmllint >/dev/null || { echo "needs xmllint (libxml2-utils; run scripts/setup)"; exit 1; }

dir=$(realpath "$src/fixtures/reporters")
iamlint=$(realpath "$iamlint")
# The version and the catalog's date change on every release and catalog refresh, not with the
# formats: they are replaced (by a version that is still numeric, as SARIF validators want), so
# the goldens change only when a format does.
read -r _ version < <("$iamlint" --version | head -1)
catalog_date=$(jq -r .tool.catalog <(cd "$dir" && "$iamlint" check --format json inputs/policy.json))

# run FORMAT [ARGS...]: the output of `iamlint check` in fixtures/reporters (relative paths, so
# the goldens do not depend on the machine), normalized, in $out; exit 2 (the malformed file).
run() {
  local format=$1
  shift
  expect_exit 2 -- bash -c 'cd "$1" && shift && "$@"' _ "$dir" "$iamlint" check --format "$format" \
    "$@" inputs
  out=$(sed -e "s/\"$version\"/\"0.0.0-VERSION\"/g" -e "s/$catalog_date/CATALOG-DATE/g" <<<"$out")
}

# golden FORMAT FILE: $out against expected/FILE.
golden() {
  local expected=$dir/expected/$2
  checks=$((checks + 1))
  if [[ ${IAMLINT_UPDATE_FIXTURES:-} == 1 ]]; then
    mkdir -p "$dir/expected"
    printf '%s\n' "$out" >"$expected"
    echo "updated $expected"
  elif ! diff -u "$expected" <(printf '%s\n' "$out"); then
    echo "FAIL: --format $1 differs from $expected (- expected, + actual)"
    failures=$((failures + 1))
  fi
}

# shape NAME JQ-FILTER: the filter holds on $out.
shape() {
  checks=$((checks + 1))
  if ! jq -e "$2" <<<"$out" >/dev/null; then
    echo "FAIL: $1"
    failures=$((failures + 1))
  fi
}

run text --no-color
golden text text.txt
# Columns count Unicode code points in text, GitHub and SARIF, UTF-8 bytes in reviewdog: the
# PassRole after "Déploy🚀" is at code point 53, byte 57.
expect_in "$out" "inputs/unicode.json:4:53: high: iam:PassRole"

run json
golden json json.json
# Seven findings and the one suppressed in terraform/main.tf, marked as such.
shape "json: schema 1" '.schema == 1 and (.findings | length) == 8 and (.errors | length) == 1
  and ([.findings[] | select(.suppressed)] | length) == 1 and .summary.suppressed == 1'

run sarif
shape "sarif: every rule, results pointing at theirs" '.runs[0] as $run
  | ($run.tool.driver.rules | length) > 40
  and all($run.results[]; .ruleId == $run.tool.driver.rules[.ruleIndex].id)
  and ([$run.results[] | select(.suppressions[0].kind == "inSource")] | length) == 1'
shape "sarif: unicode.json columns in code points" '.runs[0].columnKind == "unicodeCodePoints"
  and any(.runs[0].results[]; .ruleId == "IAM210"
          and .locations[0].physicalLocation.artifactLocation.uri == "inputs/unicode.json"
          and .locations[0].physicalLocation.region.startColumn == 53)'
# The golden keeps only the rules the results name, without their documentation (the rules'
# own tests cover it) and without ruleIndex (checked above): adding a rule or editing its doc
# does not change it. Documentation URIs depend on where iamlint is: a placeholder.
out=$(jq '.runs[0] |= (([.results[].ruleId] | unique) as $used
      | .tool.driver.informationUri = "file:///DOCS/README.md"
      | .tool.driver.rules |= map(select(.id | IN($used[])) | .help |= map_values("RULE-DOC")
                                  | .helpUri = "file:///DOCS/rules/\(.id).md")
      | .results[] |= del(.ruleIndex))' <<<"$out")
golden sarif sarif.sarif

run github
golden github github.txt
checks=$((checks + 1))
if grep -vqE '^::(error|warning|notice) file=[^,:]+(,[a-zA-Z]+=[^,:]+)*::' <<<"$out"; then
  echo "FAIL: github: a line is not a workflow command"
  failures=$((failures + 1))
fi
expect_in "$out" "::error file=inputs/unicode.json,line=4,col=53,"

# Reviewdog's rdjson: a DiagnosticResult; every Diagnostic with a message, a location path and a
# severity of its enum, ranges 1-based with the end not before the start.
rd_diagnostic='(.message | type == "string") and (.location.path | type == "string")
  and (.severity | IN("ERROR", "WARNING", "INFO")) and .source.name == "iamlint"
  and (.code.value | type == "string")
  and (.location.range == null or (.location.range.start.line >= 1
       and .location.range.start.column >= 1
       and (.location.range.end == null or [.location.range.end.line, .location.range.end.column]
            >= [.location.range.start.line, .location.range.start.column])))'
run rdjson
golden rdjson rdjson.json
shape "rdjson: DiagnosticResult" ".source.name == \"iamlint\" and (.diagnostics | length) == 8
  and all(.diagnostics[]; $rd_diagnostic)"
shape "rdjson: unicode.json columns in bytes" 'any(.diagnostics[];
  .code.value == "IAM210 pass-role-to-any-service" and .location.path == "inputs/unicode.json"
  and .location.range.start == {"line": 4, "column": 57})'

run rdjsonl
golden rdjsonl rdjsonl.jsonl
shape "rdjsonl: one Diagnostic per line" "$rd_diagnostic"
checks=$((checks + 1))
if [[ $(wc -l <<<"$out") -ne 8 ]]; then
  echo "FAIL: rdjsonl: want 8 lines"
  failures=$((failures + 1))
fi

# JUnit: well-formed XML, a testsuite per file, the counts adding up, findings as failures and
# the malformed file as an error.
run junit
golden junit junit.xml
checks=$((checks + 1))
if ! xmllint --noout - <<<"$out"; then
  echo "FAIL: junit: not well-formed XML"
  failures=$((failures + 1))
fi
xpath() { xmllint --xpath "$1" - <<<"$out"; }
expect_in "$(xpath 'count(/testsuites/testsuite)')" 5
expect_in "$(xpath 'string(/testsuites/@tests) = count(//testcase)')" true
expect_in "$(xpath 'string(/testsuites/@failures) = count(//testcase/failure)')" true
expect_in "$(xpath 'string(/testsuites/@errors) = count(//testcase/error)')" true
expect_in "$(xpath 'count(//testcase/failure)')" 7
expect_in "$(xpath 'string(//testsuite[@name="inputs/broken.json"]/testcase/error/@type)')" \
  input-error
expect_in "$(xpath 'string(//testcase[failure][@file="inputs/terraform/main.tf"]/@line)')" 7

# GitLab Code Quality: an array of issues with the fields GitLab reads, severities of its enum,
# unique fingerprints, repository-relative paths.
run gitlab
golden gitlab gitlab.json
shape "gitlab: Code Quality issues" 'type == "array" and length == 8
  and all(.[]; (.description | type == "string") and (.check_name | type == "string")
    and (.fingerprint | test("^[0-9a-f]{16}(-[0-9]+)?$"))
    and (.severity | IN("info", "minor", "major", "critical", "blocker"))
    and (.location.path | type == "string" and (startswith("/") or startswith("./") | not))
    and (.location.lines.begin | type == "number" and . >= 1)
    and .location.lines.end >= .location.lines.begin)
  and ([.[].fingerprint] | length == (unique | length))'
# The same fingerprints as SARIF's, so both tools track a finding the same way.
gitlab_prints=$(jq -c '[.[] | select(.check_name != "input-error") | .fingerprint] | sort' <<<"$out")
run sarif
expect_in "$(jq -c '[.runs[0].results[] | select(.suppressions == null)
  | .partialFingerprints["iamlintFindingHash/v1"]] | sort' \
  <<<"$out")" "$gitlab_prints"
# Absolute paths below the working directory become repository-relative.
expect_exit 1 -- bash -c 'cd "$1" && "$2" check --format gitlab "$1/inputs/unicode.json"' _ \
  "$dir" "$iamlint"
expect_in "$(jq -r '.[0].location.path' <<<"$out")" "inputs/unicode.json"

# Bytes XML cannot carry (invalid UTF-8 in a path, a control character in a message) still make
# well-formed JUnit.
bad_name=$tmp/$'bad\xff\x01name.json'
printf '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get\\u0002x", "Resource": "*"}]}\n' \
  >"$bad_name"
expect_exit 1 -- "$iamlint" check --format junit "$bad_name"
checks=$((checks + 1))
if ! xmllint --noout - <<<"$out"; then
  echo "FAIL: junit with invalid UTF-8 and control characters: not well-formed XML"
  failures=$((failures + 1))
fi
expect_in "$out" "bad��name.json"

finish

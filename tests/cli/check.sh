# iamlint check: exit codes, compiler-style output, bad input handling.
source "$(dirname "$0")/lib.bash" "$@"

cat >"$tmp/clean.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
JSON
cat >"$tmp/admin.json" <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}
JSON
printf '{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow",, }\n]}\n' >"$tmp/broken.json"
printf '{"name": "not a policy"}\n' >"$tmp/package.json"
cat >"$tmp/passrole.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}
JSON

expect_exit 0 -- "$iamlint" check --no-color "$tmp/clean.json"
expect_in "$out" "0 findings in 1 policy, 1 file"

expect_exit 1 -- "$iamlint" check --no-color "$tmp/admin.json"
expect_in "$out" "$tmp/admin.json:3:47: critical: statement #0 grants every action on every resource"
expect_in "$out" "[IAM201 full-admin]"
expect_in "$out" " 3 |   \"Statement\""
expect_in "$out" "^~~"
expect_in "$out" "= help:"

# --fail-on above the worst finding: clean exit, findings still printed.
expect_exit 0 -- "$iamlint" check --no-color --fail-on critical "$tmp/clean.json" "$tmp/passrole.json"
expect_in "$out" "IAM210"
expect_exit 1 -- "$iamlint" check --no-color --fail-on high "$tmp/passrole.json"
expect_exit 1 -- "$iamlint" check --no-color --fail-on critical "$tmp/admin.json"

# A broken file is a located error (exit 2) and the other files are still scanned.
expect_exit 2 -- "$iamlint" check --no-color "$tmp/broken.json" "$tmp/admin.json"
expect_in "$out" "$tmp/broken.json:2:22: error:"
expect_in "$out" "IAM201"

# A directory walk skips JSON that is not a policy; naming it is an error.
expect_exit 1 -- "$iamlint" check --no-color "$tmp"/clean.json "$tmp/admin.json"
mkdir "$tmp/tree" && cp "$tmp/clean.json" "$tmp/package.json" "$tmp/tree/"
expect_exit 0 -- "$iamlint" check --no-color "$tmp/tree"
expect_exit 2 -- "$iamlint" check --no-color "$tmp/package.json"
expect_in "$out" "no IAM policy found"

# Missing file, bad options.
expect_exit 2 -- "$iamlint" check "$tmp/nope.json"
expect_in "$out" "cannot read file"
expect_exit 2 -- "$iamlint" check --fail-on severe "$tmp/clean.json"
expect_exit 2 -- "$iamlint" check --rule IAM999 "$tmp/clean.json"
expect_exit 2 -- "$iamlint" frobnicate

# Standard input, quiet mode, rule selection, colour.
expect_exit 1 -- bash -c "'$iamlint' check --quiet - < '$tmp/admin.json'"
expect_in "$out" "<stdin>:3:47: critical:"
expect_not_in "$out" "= help:"
expect_exit 0 -- "$iamlint" check --rule IAM103 "$tmp/admin.json"
expect_exit 1 -- "$iamlint" check --rule IAM103,full-admin "$tmp/admin.json"
expect_exit 1 -- "$iamlint" check --rule IAM103 --rule IAM201 "$tmp/admin.json"
expect_exit 1 -- env -u NO_COLOR script -qec "'$iamlint' check '$tmp/admin.json'" /dev/null
expect_in "$out" $'\033['
expect_exit 1 -- env NO_COLOR=1 script -qec "'$iamlint' check '$tmp/admin.json'" /dev/null
expect_not_in "$out" $'\033['

# Pipes and process substitutions have no size: read to EOF.
expect_exit 1 -- bash -c "'$iamlint' check --no-color <(cat '$tmp/admin.json')"
expect_in "$out" "full administrator access"

# Directories that cannot be read are errors (exit 2), and the rest is still scanned. Root
# reads everything, so this part runs only for other users.
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$tmp/walk/locked" && cp "$tmp/admin.json" "$tmp/walk/" && chmod 000 "$tmp/walk/locked"
  expect_exit 2 -- "$iamlint" check --no-color "$tmp/walk"
  expect_in "$out$err" "cannot read directory"
  expect_in "$out" "full administrator access"
  chmod 755 "$tmp/walk/locked"
fi

# A file name that is not UTF-8 still gives valid JSON output.
cp "$tmp/admin.json" "$tmp/"$'\xff'"name.json"
expect_exit 1 -- "$iamlint" check --format json "$tmp/"$'\xff'"name.json"
expect_in "$out" '"rule": "IAM201"'
expect_in "$out" $'\uFFFDname.json'

# JSON output: versioned, one finding with the contract's fields.
expect_exit 1 -- "$iamlint" check --format json "$tmp/admin.json"
for field in '"schema": 1' '"rule": "IAM201"' '"category": "admin"' '"severity": "critical"' \
             '"line": 3' '"column": 47' '"kind": "identity"' '"statement": "#0"'; do
  expect_in "$out" "$field"
done

# The shipped examples.
expect_exit 1 -- "$iamlint" check --no-color "$src/examples"
expect_in "$out" "IAM201"
expect_in "$out" "IAM210"
expect_in "$out" "did you mean 'lambda:UpdateFunctionConfiguration'?"
expect_not_in "$out" "reports-reader.json:"

finish

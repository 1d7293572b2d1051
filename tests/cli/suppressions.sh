# Inline suppressions through `check`: with a reason (suppressed, shown as such in JSON and
# SARIF, absent from text, exit code unaffected), without a reason (IAM901, not applied),
# unused (IAM902 with --report-unused-suppressions only).
source "$(dirname "$0")/lib.bash" "$@"

mkdir -p "$tmp/tf"
cat >"$tmp/tf/main.tf" <<'TF'
resource "aws_iam_policy" "ops" {
  # iamlint:ignore IAM201 break-glass policy for the incident role (SEC-123)
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
TF
# With a reason: suppressed, so the scan is clean.
expect_exit 0 -- "$iamlint" check --no-color "$tmp/tf"
expect_in "$out" "0 findings in 1 policy, 1 file; 1 suppressed"
expect_not_in "$out" "IAM201"
expect_exit 0 -- "$iamlint" check --format json "$tmp/tf"
expect_in "$out" '"suppressed": true'
expect_in "$out" '"reason": "break-glass policy for the incident role (SEC-123)"'
expect_in "$out" '"suppressed": 1'
expect_exit 0 -- "$iamlint" check --format sarif "$tmp/tf"
checks=$((checks + 1))
if ! jq -e '.runs[0].results[0] | .ruleId == "IAM201" and .suppressions[0].kind == "inSource"
      and (.suppressions[0].justification | startswith("break-glass"))
      and .suppressions[0].location.physicalLocation.region.startLine == 2' <<<"$out" >/dev/null; then
  echo "FAIL: SARIF suppression"; failures=$((failures + 1))
fi
expect_exit 0 -- "$iamlint" check --format github "$tmp/tf"
expect_not_in "$out" "IAM201"

# Without a reason: an IAM901 finding on the directive, and the finding stays.
sed -i 's/ break-glass policy for the incident role (SEC-123)//' "$tmp/tf/main.tf"
expect_exit 1 -- "$iamlint" check --no-color -q "$tmp/tf"
expect_in "$out" "main.tf:2:5: high: 'iamlint:ignore' gives no reason: a suppression without one is not applied [IAM901 invalid-suppression]"
expect_in "$out" "main.tf:3:91: critical:"
expect_in "$out" "[IAM201 full-admin]"

# Unused: reported only when asked, at the directive.
cat >"$tmp/tf/main.tf" <<'TF'
resource "aws_iam_policy" "reader" {
  # iamlint:ignore IAM201 was admin during the migration
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }] })
}
TF
expect_exit 0 -- "$iamlint" check --no-color -q "$tmp/tf"
expect_not_in "$out" "IAM902"
expect_exit 1 -- "$iamlint" check --no-color -q --report-unused-suppressions "$tmp/tf"
expect_in "$out" "main.tf:2:5: low: 'iamlint:ignore' suppresses no IAM201 finding: nothing it covers has one [IAM902 unused-suppression]"
# ... but not for a rule that did not run.
expect_exit 0 -- "$iamlint" check --no-color -q --report-unused-suppressions --rule IAM202 "$tmp/tf"
expect_not_in "$out" "IAM902"

# JSON policies: the Sid form.
cat >"$tmp/policy.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [
  {"Sid": "IamlintIgnoreIAM202ReadOnlyBucketSync", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}
]}
JSON
expect_exit 0 -- "$iamlint" check --no-color --rule IAM202 "$tmp/policy.json"
expect_in "$out" "1 suppressed"
# With a configuration file: report-unused-suppressions from it; a rule turned off there is
# not judged; IAM902's severity can be overridden like any rule's.
mkdir -p "$tmp/cfg"
cp "$tmp/tf/main.tf" "$tmp/cfg/main.tf"
printf 'report-unused-suppressions: true\n' >"$tmp/cfg/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --no-color -q "$tmp/cfg"
expect_in "$out" "[IAM902 unused-suppression]"
printf 'report-unused-suppressions: true\nrules:\n  IAM201: off\n' >"$tmp/cfg/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --no-color -q "$tmp/cfg"
expect_not_in "$out" "IAM902"
printf 'report-unused-suppressions: true\nfail-on: medium\nrules:\n  IAM902: info\n' \
  >"$tmp/cfg/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --no-color -q "$tmp/cfg"
expect_in "$out" "info: 'iamlint:ignore' suppresses no IAM201 finding"
finish

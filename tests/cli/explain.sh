#!/usr/bin/env bash
# `iamlint explain` and the context options of check (--account, --boundary, --scp).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

cat >"$tmp/iam.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [
  {"Sid": "Iam", "Effect": "Allow", "Action": "iam:*", "Resource": "*"},
  {"Sid": "Mfa", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
JSON
expect_exit 0 -- "$iamlint" explain "$tmp/iam.json"
expect_in "$out" "kind: identity (inferred"
expect_in "$out" "verdict: admin-equivalent"
expect_in "$out" "escalation A1 (New default policy version)"
expect_in "$out" "iam:CreatePolicyVersion  $tmp/iam.json:2:47 (statement 'Iam'), every resource"
expect_in "$out" "Allow statement 'Mfa'"
expect_in "$out" "restricting: Bool on aws:MultiFactorAuthPresent"

# A boundary that allows only S3 takes the escalation away, in explain and in check.
cat >"$tmp/boundary.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
JSON
expect_exit 0 -- "$iamlint" explain --boundary "$tmp/boundary.json" "$tmp/iam.json"
expect_in "$out" "verdict: not admin, no privilege-escalation method open"
expect_exit 1 -- "$iamlint" check --quiet --boundary "$tmp/boundary.json" "$tmp/iam.json"
expect_not_in "$out" "IAM220"
expect_exit 2 -- "$iamlint" check --boundary "$tmp/missing.json" "$tmp/iam.json"
expect_exit 2 -- "$iamlint" check --account 12345 "$tmp/iam.json"
expect_in "$err" "--account takes 12-digit account ids"

# A principal of a Terraform module, its attached AWS managed policy resolved offline.
expect_exit 0 -- "$iamlint" explain --principal aws_iam_role.lambda "$src/examples/terraform"
expect_in "$out" "aws_iam_role.lambda (principal)"
expect_in "$out" "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole  (AWS managed"
expect_in "$out" "aws_iam_policy.lambda_data.policy"
expect_exit 2 -- "$iamlint" explain --principal aws_iam_role.nobody "$src/examples/terraform"
expect_in "$err" "no principal 'aws_iam_role.nobody'"

# --account makes grants to other accounts cross-account findings.
cat >"$tmp/trust.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"AWS": "arn:aws:iam::444455556666:root"}}]}
JSON
expect_exit 0 -- "$iamlint" check --quiet "$tmp/trust.json"
expect_exit 1 -- "$iamlint" check --quiet --account 111122223333 "$tmp/trust.json"
expect_in "$out" "IAM241 cross-account"
expect_exit 0 -- "$iamlint" check --quiet --account 111122223333 --trusted-account 444455556666 "$tmp/trust.json"

# JSON: privilege-escalation findings carry the method id.
expect_exit 1 -- "$iamlint" check --format json "$tmp/iam.json"
expect_in "$(jq -r '.findings[] | select(.rule == "IAM220") | .method' <<<"$out" | sort -u | tr '\n' ' ')" "A1 B1 C1"

finish

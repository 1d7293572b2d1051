#!/usr/bin/env bash
# Terraform input through the command line: JSON output (addresses, policies, principals),
# file() confinement, hostile input (deep nesting, a 5 MB file) and plan files.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# The shipped example module: every policy found, with its address and kind.
expect_exit 1 -- "$iamlint" check --format json "$src/examples/terraform"
policies=$(jq -r '.policies[] | "\(.kind) \(.address).\(.attribute)"' <<<"$out" | sort)
for p in "trust aws_iam_role.github_deploy.assume_role_policy" \
         "identity aws_iam_role_policy.github_deploy.policy" \
         "identity aws_iam_role.break_glass.inline_policy.policy" \
         "resource aws_s3_bucket_policy.data.policy" \
         "scp aws_organizations_policy.deny_leave.content" \
         "identity aws_iam_policy.lambda_data.policy" \
         "resource aws_lambda_permission.s3_invoke.(synthesized)"; do
  expect_in "$policies" "$p"
done
expect_in "$(jq -r '[.policies[] | select(.resolved == false)] | length' <<<"$out")" "0"
expect_in "$(jq -c '.principals[] | select(.address == "aws_iam_role.lambda") | .attached' <<<"$out")" \
  '"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"'
expect_in "$(jq -r '.findings[] | select(.rule == "IAM201") | "\(.policy.address) \(.principal.address)"' <<<"$out")" \
  "aws_iam_role.break_glass aws_iam_role.break_glass"

# file() outside the scanned root is never read, whatever the output format.
mkdir -p "$tmp/outside" "$tmp/root/mod"
echo '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "SECRET-CANARY"}]}' \
  > "$tmp/outside/secret.json"
cat > "$tmp/root/mod/main.tf" <<EOF
resource "aws_iam_policy" "a" { policy = file("../../outside/secret.json") }
resource "aws_iam_policy" "b" { policy = file("$tmp/outside/secret.json") }
resource "aws_iam_policy" "c" { policy = templatefile("\${path.module}/../../outside/secret.json", {}) }
EOF
ln -s "$tmp/outside/secret.json" "$tmp/root/mod/link.json"
cat >> "$tmp/root/mod/main.tf" <<'EOF'
resource "aws_iam_policy" "d" { policy = file("${path.module}/link.json") }
EOF
for format in text json; do
  expect_exit 0 -- "$iamlint" check --format "$format" --fail-on high "$tmp/root/mod/main.tf"
  expect_not_in "$out$err" "SECRET-CANARY"
  expect_in "$out" "outside the scanned root"
done
expect_exit 1 -- "$iamlint" check --allow-outside-root --no-color "$tmp/root/mod/main.tf"
expect_in "$out" "full administrator access"

# Hostile input: deep nesting and a 5 MB file finish with a result, not a crash or a hang.
# (awk, not python: the test suite runs on a fresh machine with only what scripts/setup installs)
# Each file is in a directory of its own: a .tf file named alone is read with its module.
mkdir -p "$tmp/deep" "$tmp/big" "$tmp/unterminated" "$tmp/binary"
awk 'BEGIN { s = ""; for (i = 0; i < 50000; i++) s = s "["; t = s; gsub(/\[/, "]", t);
             print "locals {\n  x = " s t "\n}" }' > "$tmp/deep/deep.tf"
expect_exit 2 -- timeout 20 "$iamlint" check --no-color "$tmp/deep/deep.tf"
expect_in "$out" "nested too deeply"
expect_not_in "$out" "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
awk 'BEGIN { for (i = 0; size < 5 * 1024 * 1024; i++) {
  block = sprintf("resource \"aws_iam_policy\" \"p%d\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = [\"s3:GetObject\", \"s3:PutObject\"], Resource = \"arn:aws:s3:::bucket-%d/*\" }]\n  })\n}\n", i, i);
  printf "%s", block; size += length(block) } }' > "$tmp/big/big.tf"
expect_exit 0 -- timeout 300 "$iamlint" check --quiet --no-color "$tmp/big/big.tf"
printf 'resource "x" "y" {\n  policy = <<EOF\n' > "$tmp/unterminated/unterminated.tf"
expect_exit 2 -- timeout 20 "$iamlint" check --no-color "$tmp/unterminated/unterminated.tf"
expect_in "$out" "syntax error"
printf '\xff\xfe resource "\x00" {' > "$tmp/binary/binary.tf"
expect_exit 2 -- timeout 20 "$iamlint" check --no-color "$tmp/binary/binary.tf"

# A plan file is recognized by its content and findings name the resource address.
expect_exit 1 -- "$iamlint" check --format json "$src/fixtures/terraform/plan-json/plan.json"
expect_in "$out" '"address": "module.ci.aws_iam_role.deploy"'

# A .tf file named alone (as pre-commit passes changed files) is evaluated with the rest of its
# module, and only its own findings are reported.
mkdir -p "$tmp/named"
printf 'variable "actions" {\n  default = ["*"]\n}\n' >"$tmp/named/vars.tf"
cat >"$tmp/named/iam.tf" <<'TF'
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] })
}
TF
expect_exit 1 -- "$iamlint" check --no-color -q "$tmp/named/iam.tf"
expect_in "$out" "named/iam.tf:2:91: critical: statement #0 grants every action on every resource"
expect_exit 0 -- "$iamlint" check --no-color -q "$tmp/named/vars.tf"
expect_not_in "$out" "IAM201"
finish

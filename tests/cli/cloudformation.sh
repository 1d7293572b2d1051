#!/usr/bin/env bash
# CloudFormation and SAM through the command line: JSON output (addresses, principals, CDK
# paths), YAML found by a directory walk, and a 10 MB template within 500 MB of memory.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"
fx=$src/fixtures/cloudformation

# Addresses are the logical id and property path; SAM roles are <Function>Role.
# (exit 2: the SAM fixture also has an unknown policy template)
expect_exit 2 -- "$iamlint" check --format json "$fx/sam/template.yaml" "$fx/long-forms/template.json"
policies=$(jq -r '.policies[] | "\(.kind) \(.address)"' <<<"$out")
expect_in "$policies" "identity Api.Policies[2].DynamoDBCrudPolicy"
expect_in "$policies" "identity Api.Policies[4]"
expect_in "$policies" "resource QueuePolicy.PolicyDocument"
expect_in "$policies" "trust AppRole.AssumeRolePolicyDocument"
expect_not_in "$policies" "WithRole"  # an existing Role: SAM generates none
expect_in "$(jq -c '.principals[] | select(.address == "ApiRole") | .attached' <<<"$out")" \
  '"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"'
expect_in "$(jq -c '.principals[] | select(.address == "AppRole") | .attached' <<<"$out")" '"AppPolicy"'
expect_in "$(jq -r '.findings[] | select(.rule == "IAM210") | .principal.address' <<<"$out")" "ApiRole"

# CDK output: the construct path is in the text and in the JSON.
expect_exit 1 -- "$iamlint" check --no-color "$fx/cdk/Stack.template.json"
expect_in "$out" "from the CDK construct Stack/Handler/ServiceRole/DefaultPolicy/Resource"
expect_exit 1 -- "$iamlint" check --format json "$fx/cdk/Stack.template.json"
expect_in "$out" '"cdk_path": "Stack/Handler/ServiceRole/DefaultPolicy/Resource"'

# Parameter defaults and unknown conditions are said in the finding's notes.
expect_exit 1 -- "$iamlint" check --no-color "$fx/short-tags/template.yaml"
expect_in "$out" "parameters resolved to their Default: Stage"
expect_in "$out" "both branches analysed for the conditions not known before deployment: Dynamic"

# A walk finds templates by content and passes over other YAML.
expect_exit 2 -- "$iamlint" check --quiet --no-color "$fx"
expect_in "$out" "bad-indent.yaml:5:16: error: YAML syntax error"
expect_not_in "$out" "ci.yml"

# 10 MB of template: a result within 500 MB (the address space is capped). Sanitizer builds
# reserve terabytes of address space and run ten times slower: they read 2 MB of the same
# template and check that it finishes, with every access checked.
limit=""
megabytes=2
if ! nm -D "$iamlint" 2>/dev/null | grep __asan_init >/dev/null; then
  limit="ulimit -v 500000;"
  megabytes=10
fi
awk -v megabytes="$megabytes" 'BEGIN { print "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:";
  for (i = 0; size < megabytes * 1024 * 1024; i++) {
    r = sprintf("  Role%d:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Effect: Allow\n                Action: [s3:GetObject, s3:PutObject]\n                Resource: !Sub \"arn:${AWS::Partition}:s3:::bucket-%d/*\"\n", i, i);
    printf "%s", r; size += length(r) }
  print "              - {Effect: Allow, Action: \"*\", Resource: \"*\"}" }' > "$tmp/big.yaml"
expect_exit 1 -- timeout 300 bash -c "$limit '$iamlint' check --quiet --no-color '$tmp/big.yaml'"
expect_in "$out" "full administrator access"

finish

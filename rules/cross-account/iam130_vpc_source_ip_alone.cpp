// aws:VpcSourceIp without the VPC it belongs to.

#include <array>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>({"MISSING_PAIRED_CONDITION_KEYS"});

constexpr RuleInfo kInfo{
    .id = "IAM130",
    .name = "vpc-source-ip-alone",
    .category = Category::kCrossAccount,
    .severity = Severity::kMedium,
    .summary = "A statement tests aws:VpcSourceIp without naming the VPC or VPC endpoint.",
    .doc = R"md(
## What it flags
A statement with a condition on `aws:VpcSourceIp` and no condition on `aws:SourceVpc`,
`aws:SourceVpce` or `aws:SourceVpcArn`.

## Why it matters
`aws:VpcSourceIp` is the caller's private address inside a VPC. Private ranges repeat across
VPCs and accounts: `10.0.0.0/16` is in thousands of them. Without the VPC (or its endpoint), an
Allow admits callers from any VPC that uses the same range, including other accounts' VPCs
reaching the resource through their own endpoints; a Deny fences nothing it was meant to.
AWS documents the key as meant to be paired with `aws:SourceVpc` or `aws:SourceVpce`.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
   "Resource": "arn:aws:s3:::reports/*",
   "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
   "Resource": "arn:aws:s3:::reports/*",
   "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
                 "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]}
```

## Exceptions and limits
The pairing is judged within one statement, as IAM evaluates it: a VPC condition in another
statement does not pair with this one.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-missing-paired-condition-keys
)md",
    .aws_checks = kChecks};

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    const ConditionTest* ip = FindConditionTest(st, "aws:VpcSourceIp");
    if (ip == nullptr || FindConditionTest(st, "aws:SourceVpc") != nullptr ||
        FindConditionTest(st, "aws:SourceVpce") != nullptr ||
        FindConditionTest(st, "aws:SourceVpcArn") != nullptr) {
      continue;
    }
    Finding& f = out.Report(
        kInfo, "MISSING_PAIRED_CONDITION_KEYS", kInfo.severity, ip->key.range,
        "statement " + st.Label() +
            " tests aws:VpcSourceIp without aws:SourceVpc or aws:SourceVpce: private addresses "
            "repeat across VPCs, so the range matches callers in any VPC that uses it",
        "add a StringEquals condition on aws:SourceVpc (or aws:SourceVpce) naming the VPC the "
        "addresses belong to");
    f.statement = st.Label();
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM130, iamlint::rules::kInfo, iamlint::rules::Check);

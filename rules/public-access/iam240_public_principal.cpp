// Allow to Principal "*" with nothing that limits the caller: the resource or role is public.

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM240",
    .name = "public-principal",
    .category = Category::kPublicAccess,
    .severity = Severity::kHigh,
    .summary =
        "A resource or trust policy allows everyone (Principal \"*\") with no condition "
        "that limits the caller.",
    .doc = R"md(
## What it flags
An Allow statement of a resource policy (S3, SQS, SNS, KMS, Lambda, ECR, Secrets Manager ...)
or of a role trust policy whose `Principal` is `"*"` or `{"AWS": "*"}`, with no Condition on
the caller's organization, account, ARN, source or network (`aws:PrincipalOrgID`,
`aws:PrincipalAccount`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceVpce`,
`aws:SourceIp`, `sts:ExternalId` ...). A test under `ForAllValues:` does not count: it holds
when the key is missing. In a trust policy it is critical: anyone with AWS credentials, in
any account, can assume the role.

## Why it matters
`"*"` means every principal of every AWS account, and for S3, SNS and SQS also anonymous
callers. This is how buckets and queues become public and how roles become assumable from
the internet. IAM Access Analyzer reports the same as public access.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
```

## Exceptions and limits
A bucket that serves a public website is public on purpose: suppress the finding there.
Conditions on other keys (`aws:SecureTransport`, `aws:RequestedRegion`, tags) do not limit
who the caller is and do not silence the finding.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  const PolicyKind kind = context.policy.kind;
  if (kind != PolicyKind::kResource && kind != PolicyKind::kTrust) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_principal || CallerRestriction(st) != nullptr) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      if (p.type != "AWS" || p.value.text != "*") {
        continue;
      }
      const bool trust = kind == PolicyKind::kTrust;
      Finding& f = out.Report(
          kInfo, p.value.range,
          trust ? "the trust policy lets any principal of any AWS account assume this role "
                  "(Principal \"*\" with no condition on the caller)"
                : "statement " + st.Label() +
                      " allows every principal, in every account and anonymous callers where "
                      "the service allows them (Principal \"*\" with no condition on the "
                      "caller): the resource is public",
          trust ? "name the accounts or roles that may assume it, or add a condition on "
                  "aws:PrincipalOrgID or sts:ExternalId"
                : "name the principals, or add a condition on aws:PrincipalOrgID, "
                  "aws:SourceArn, aws:SourceVpce or aws:SourceIp");
      f.statement = st.Label();
      if (trust) {
        f.severity = Severity::kCritical;
      }
      break;
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM240, iamlint::rules::kInfo, iamlint::rules::Check);

// Allow to Principal "*" with nothing that limits the caller: the resource or role is public.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

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

A `Principal` ARN with a wildcard in its account (`arn:aws:iam::*:root`) is treated as `*`:
AWS does not match principals by wildcard. A Deny on the same actions and resources for
everyone outside an organization, account, VPC or network
(`"StringNotEquals": {"aws:PrincipalOrgID": ...}`, the documented pattern) makes the grant
non-public. Negated, `IfExists`, `ForAllValues:` and match-anything tests
(`"StringLike": {"aws:PrincipalOrgID": "*"}`, `0.0.0.0/0`) do not limit the caller.

## Exceptions and limits
A bucket that serves a public website is public on purpose: suppress the finding there.
Conditions on other keys (`aws:SecureTransport`, `aws:RequestedRegion`, tags) do not limit
who the caller is and do not silence the finding.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html
)md"};

// True when `value` admits every AWS principal: "*", or an ARN with a wildcard in its account
// (AWS does not match principals by wildcard; such a grant is either rejected or public).
bool Everyone(const PrincipalEntry& p) {
  if (p.type != "AWS") {
    return false;
  }
  if (p.value.text == "*") {
    return true;
  }
  const std::string_view v = p.value.text;
  return v.starts_with("arn:") && v.find('*') != std::string_view::npos &&
         v.find(":root") != std::string_view::npos;
}

// A Deny that takes the statement's access away from everyone outside an organization,
// account, VPC or network: Deny + StringNotEquals aws:PrincipalOrgID (the documented way to
// keep a resource inside an organization) or the like, on the same actions and resources.
bool FencedByDeny(const PolicyContext& context, const Statement& allow) {
  static constexpr auto kFenceKeys = std::to_array<std::string_view>(
      {"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
       "aws:sourcevpce", "aws:sourcevpc", "aws:sourceip", "aws:sourceaccount", "aws:sourcearn",
       "aws:sourceorgid"});
  const catalog::ActionSet& granted = context.ActionsOf(allow).granted;
  for (const Statement& d : context.policy.statements) {
    if (!d.Denies()) {
      continue;
    }
    const bool fence =
        std::any_of(d.conditions.begin(), d.conditions.end(), [](const ConditionTest& t) {
          const std::string key = ToLower(t.key.text);
          return t.base_operator.find("Not") != std::string::npos &&
                 std::find(std::begin(kFenceKeys), std::end(kFenceKeys), key) !=
                     std::end(kFenceKeys);
        });
    const bool everyone =
        std::any_of(d.principals.begin(), d.principals.end(), Everyone) && !d.not_principal;
    if (!fence || !everyone || !context.ActionsOf(d).granted.ContainsAll(granted)) {
      continue;
    }
    const bool all = PolicyContext::CoversAllResources(d) && !d.not_resource;
    const bool covers =
        all || (!d.resources.empty() &&
                std::all_of(allow.resources.begin(), allow.resources.end(), [&](const Located& a) {
                  return std::any_of(d.resources.begin(), d.resources.end(), [&](const Located& x) {
                    return catalog::ArnGlobContains(x.text, a.text);
                  });
                }));
    if (covers || !allow.has_resource) {
      return true;
    }
  }
  return false;
}

void Check(const PolicyContext& context, Reporter& out) {
  const PolicyKind kind = context.policy.kind;
  if (kind != PolicyKind::kResource && kind != PolicyKind::kTrust) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_principal || CallerRestriction(st) != nullptr ||
        FencedByDeny(context, st)) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      if (!Everyone(p)) {
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

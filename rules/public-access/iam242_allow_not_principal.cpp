// Allow with NotPrincipal: everyone except the listed principals.

#include <array>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>({"ALLOW_WITH_NOT_PRINCIPAL"});

constexpr RuleInfo kInfo{
    .id = "IAM242",
    .name = "allow-not-principal",
    .category = Category::kPublicAccess,
    .severity = Severity::kHigh,
    .summary =
        "An Allow statement uses NotPrincipal: it allows everyone but the listed "
        "principals.",
    .doc = R"md(
## What it flags
An Allow statement with `NotPrincipal` in a resource or trust policy, with no Condition that
limits the caller's organization, account, source or network.

## Why it matters
`NotPrincipal` with Allow grants access to every principal of every account, and anonymous
callers, except the few listed. AWS documents it as a pattern to avoid: it is almost never
what was meant, and it silently includes every new principal anywhere.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow",
                "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/blocked"},
                "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
                "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
```

## Exceptions and limits
`NotPrincipal` with Deny is the documented use and is not reported.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
)md",
    .aws_checks = kChecks};

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || !st.not_principal || CallerRestriction(st) != nullptr) {
      continue;
    }
    Finding& f = out.Report(kInfo, "ALLOW_WITH_NOT_PRINCIPAL", kInfo.severity, st.principal_key,
                            "statement " + st.Label() +
                                " allows NotPrincipal: every principal of every account, and "
                                "anonymous callers, except the ones listed",
                            "use Principal with the principals that need access; keep "
                            "NotPrincipal for Deny statements");
    f.statement = st.Label();
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM242, iamlint::rules::kInfo, iamlint::rules::Check);

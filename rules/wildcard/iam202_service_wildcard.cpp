// A whole service ("s3:*") granted on every resource.

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM202",
    .name = "service-wildcard",
    .category = Category::kWildcard,
    .severity = Severity::kMedium,
    .summary = "An Allow grants every action of a service (`svc:*`) on every resource.",
    .doc = R"md(
## What it flags
An Allow statement of an identity policy with an action `service:*` and `"Resource": "*"`
and no Condition. The severity is raised to high when the service has
permissions-management actions (for example `iam:*`, `kms:*`, `s3:*` with bucket
policies).

## Why it matters
`service:*` grants every present and future action of the service: deleting data,
changing resource policies, disabling logging. Granting the actions the workload calls,
on its own resources, keeps a leaked credential from becoming a breach (AWS IAM best
practices: grant least privilege).

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                "Resource": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}]}
```

## Exceptions and limits
Not reported when the statement has a Condition or names specific resources; `"*"` alone
is reported by full-admin (IAM201) instead.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity) {
    return;
  }
  const catalog::Catalog& cat = context.catalog();
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_action || PolicyContext::IsConditional(st) ||
        !PolicyContext::CoversAllResources(st)) {
      continue;
    }
    for (const Located& action : st.actions) {
      const size_t colon = action.text.find(':');
      if (colon == std::string::npos || action.text.substr(colon + 1) != "*") {
        continue;
      }
      const auto service = cat.FindService(action.text.substr(0, colon));
      if (!service) {
        continue;
      }
      size_t count = 0;
      size_t permissions = 0;
      for (auto a = cat.ServiceFirstAction(*service); a < cat.ServiceEndAction(*service); ++a) {
        ++count;
        permissions += cat.ActionAccessLevel(a) == catalog::AccessLevel::kPermissionsManagement;
      }
      std::string message = "'" + action.text + "' grants all " + std::to_string(count) +
                            " actions of " + std::string(cat.ServiceName(*service)) +
                            " on every resource";
      if (permissions > 0) {
        message += ", including " + std::to_string(permissions) + " permissions-management actions";
      }
      Finding& f = out.Report(kInfo, action.range, message,
                              "list the actions needed (`iamlint expand '" + action.text +
                                  "'` shows them) and the resources they act on");
      f.statement = st.Label();
      if (permissions > 0) {
        f.severity = Severity::kHigh;
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM202, iamlint::rules::kInfo, iamlint::rules::Check);

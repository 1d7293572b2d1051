// Write and tagging actions allowed on every resource.

#include "analyzer/analyze/action_lists.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM233",
                         .name = "unrestricted-write",
                         .category = Category::kWildcard,
                         .severity = Severity::kLow,
                         .summary = "The policy allows write actions on every resource.",
                         .doc = R"md(
## What it flags
An identity policy that allows, on every resource and with no restricting condition, actions
whose access level is "Write" or "Tagging" and that could be limited to specific resources
(actions that accept only `"Resource": "*"` are left out). Deny statements are subtracted.
Cloudsplaining calls this "Infrastructure Modification". Only `"*"`-like Resources count here
(the sensitive classes of IAM211 and IAM230-IAM232 also count patterns such as
`arn:aws:s3:::*/*` that contain every resource of an action). Actions granted through `*`,
`service:*` or `NotAction` are left to IAM201, IAM202 and IAM203, and actions another rule
names more precisely (credentials, data, resource policies, `iam:PassRole`) to that rule.

## Why it matters
Write access to every resource of a service lets the principal change or delete what other
workloads own. Listing the resources keeps a compromised workload inside its own lane.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem",
                "Resource": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}]}
```

## Exceptions and limits
Low severity: deployment roles legitimately write everywhere in their account. Statements
limited to specific resources or with a restricting Condition are not reported.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
- https://github.com/salesforce/cloudsplaining (infrastructure modification)
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  const catalog::ActionSet& write = UnrestrictedWriteInterest(context.catalog());
  ReportUnrestrictedActions(context, out, kInfo, write, "write actions",
                            "the principal can change or delete resources it does not own",
                            "list the resources these actions need instead of \"*\"",
                            /*skip_whole_service=*/true);
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM233, iamlint::rules::kInfo, iamlint::rules::Check);

// Actions that read data or secrets, allowed on every resource.

#include "analyzer/analyze/action_lists.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM231",
                         .name = "data-exfiltration",
                         .category = Category::kDataExfiltration,
                         .severity = Severity::kMedium,
                         .summary = "The policy allows reading data or secrets on every resource.",
                         .doc = R"md(
## What it flags
An identity policy that allows, on every resource and with no restricting condition, actions
that return stored data or secrets: `s3:GetObject`, `secretsmanager:GetSecretValue`,
`ssm:GetParameter(s)`, `ssm:GetParametersByPath`, `dynamodb:Scan` ... (the list is
`rules/data/risky-actions.json`, after Cloudsplaining's
`READ_ONLY_DATA_EXFILTRATION_ACTIONS`). Deny statements are subtracted.

## Why it matters
Read access to every bucket, secret or parameter of the account lets a compromised workload
copy out all of the account's data, not just its own. It is the most common blast radius of
leaked credentials.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*"}]}
```

## Exceptions and limits
Statements limited to specific resources or with a restricting Condition are not reported.

## References
- https://github.com/salesforce/cloudsplaining (data exfiltration)
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  ReportUnrestrictedActions(
      context, out, kInfo, RiskyActions(context.catalog(), RiskyList::kDataExfiltration),
      "data-reading actions",
      "the principal can read the data and secrets of every resource of the account",
      "limit these actions to the buckets, secrets and parameters the principal needs");
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM231, iamlint::rules::kInfo, iamlint::rules::Check);

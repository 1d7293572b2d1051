// A service principal in a resource policy without aws:SourceArn / aws:SourceAccount.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"});

constexpr RuleInfo kInfo{.id = "IAM243",
                         .name = "service-without-source",
                         .category = Category::kCrossAccount,
                         .severity = Severity::kMedium,
                         .summary =
                             "A resource policy allows an AWS service without aws:SourceArn or "
                             "aws:SourceAccount (confused deputy).",
                         .doc = R"md(
## What it flags
An Allow statement of a resource policy (S3 bucket, SNS topic, SQS queue, KMS key, Lambda
function ...) whose `Principal` is a service (`{"Service": "events.amazonaws.com"}`) and
whose Condition has none of `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`,
`aws:SourceOrgPaths` (or `aws:SourceOwner`).

## Why it matters
A service acts for every one of its customers. Without a source condition, a resource in any
other AWS account can make the service write to or invoke this one: the cross-service
confused-deputy problem. AWS recommends the global source keys on every such grant.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders",
                "Condition": {"ArnEquals": {
                  "aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:order-events"}}}]}
```

## Exceptions and limits
A `kms:EncryptionContext:...` condition (how AWS's KMS key policies bind CloudWatch Logs to
a log group) counts as a source condition. Trust policies of service roles are not reported: there the service assumes the role for the
account that owns it.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
)md",
                         .aws_checks = kChecks};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kResource) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_principal) {
      continue;
    }
    bool sourced = false;
    for (const char* key : {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
                            "aws:SourceOrgPaths", "aws:SourceOwner"}) {
      sourced = sourced || FindConditionTest(st, key) != nullptr;
    }
    // KMS key policies for services (CloudWatch Logs) bind the caller by encryption context.
    sourced = sourced ||
              std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionTest& t) {
                return ToLower(t.key.text).starts_with("kms:encryptioncontext:");
              });
    if (sourced) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      if (p.type != "Service") {
        continue;
      }
      // With no condition at all Access Analyzer warns; with other keys it suggests the source
      // keys.
      Finding& f = out.Report(
          kInfo,
          st.conditions.empty() ? "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"
                                : "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
          kInfo.severity, p.value.range,
          "statement " + st.Label() + " allows the service " + p.value.text +
              " with no aws:SourceArn or aws:SourceAccount condition: a resource in any other "
              "account can make the service act on this one (confused deputy)",
          "add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}} or an "
          "aws:SourceArn condition naming the resource that uses the service");
      f.statement = st.Label();
      break;
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM243, iamlint::rules::kInfo, iamlint::rules::Check);

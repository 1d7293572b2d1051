// An action names a service prefix that no AWS service has.

#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/suggest.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>({"INVALID_SERVICE_IN_ACTION"});

constexpr RuleInfo kInfo{
    .id = "IAM102",
    .name = "unknown-service",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "An action uses a service prefix that is not in the AWS catalog.",
    .doc = R"md(
## What it flags
An `Action` or `NotAction` entry whose service prefix (the part before `:`) is not the
prefix of any AWS service in the embedded catalog, such as `sss:GetObject` or
`dynamo:GetItem` (the prefix is `dynamodb`).

## Why it matters
The entry grants or denies nothing. In an Allow it usually hides a typo that leaves the
workload without the access it needs; in a Deny it silently protects nothing. Access
Analyzer reports it as an ERROR, and so it does a known prefix spelled with capitals
(`S3:GetObject`): IAM itself matches actions case-insensitively, so that one is reported as low.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "dynamo:DeleteTable", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}]}
```

## Exceptions and limits
A service launched after the catalog snapshot (see `iamlint --version`) is unknown until
the catalog is refreshed; `--catalog FILE` loads a newer one.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-service-in-action
)md",
    .aws_checks = kChecks};

// A known prefix with capitals: IAM matches it, Access Analyzer rejects it, and the policy
// reads unlike every other.
void ReportPrefixCase(const PolicyContext& context, const Located& action, Reporter& out) {
  const size_t colon = action.text.find(':');
  if (colon == std::string::npos || HasUnknown(action.text)) {
    return;
  }
  const std::string_view prefix = std::string_view{action.text}.substr(0, colon);
  const auto service = context.catalog().FindService(prefix);
  if (!service || context.catalog().ServicePrefix(*service) == prefix) {
    return;
  }
  const std::string canonical(context.catalog().ServicePrefix(*service));
  out.Report(kInfo, "INVALID_SERVICE_IN_ACTION", Severity::kLow, SubRange(action, 0, colon),
             "service prefix '" + std::string(prefix) + "' in '" + action.text +
                 "' is written with capitals: IAM matches it, but Access Analyzer reports it "
                 "as an error",
             "write it as '" + canonical + "'");
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    const StatementActions& expanded = context.ActionsOf(st);
    for (size_t i = 0; i < st.actions.size(); ++i) {
      if (expanded.values[i]->status != catalog::PatternStatus::kUnknownService) {
        ReportPrefixCase(context, st.actions[i], out);
        continue;
      }
      const Located& action = st.actions[i];
      if (HasUnknown(action.text)) {
        continue;  // not known until apply: IAM001 says so
      }
      const std::string prefix = action.text.substr(0, action.text.find(':'));
      const auto suggestion = catalog::SuggestService(context.catalog(), ToLower(prefix));
      out.Report(kInfo, "INVALID_SERVICE_IN_ACTION", kInfo.severity,
                 SubRange(action, 0, prefix.size()),
                 "unknown service prefix '" + prefix + "' in '" + action.text +
                     "': no service has it, so the entry matches nothing",
                 suggestion ? "did you mean '" + *suggestion + "'?"
                            : "check the prefix; a service newer than the catalog's data (" +
                                  std::string(context.catalog().data_date()) +
                                  ") needs a newer one, and a retired service's entries can go");
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM102, iamlint::rules::kInfo, iamlint::rules::Check);

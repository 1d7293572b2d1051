// An action entry matches no action of its (known) service, or is not "service:action".

#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/suggest.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>({"INVALID_ACTION"});

constexpr RuleInfo kInfo{
    .id = "IAM103",
    .name = "unknown-action",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "An action, or an action pattern, matches no action of its service.",
    .doc = R"md(
## What it flags
An `Action` or `NotAction` entry of a known service that names no action of that service
(`s3:GetObjects`), a wildcard pattern that matches none (`s3:Gett*`), or an entry that is
not of the form `service:action` at all.

## Why it matters
The entry grants or denies nothing: an Allow leaves the workload without access it was
meant to have, and a Deny protects nothing. Action names are case-insensitive, so only
spelling matters. Access Analyzer reports it as the ERROR `INVALID_ACTION` (or the
WARNING `UNKNOWN_ACTION`).

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
```

## Exceptions and limits
An action added by AWS after the catalog snapshot (see `iamlint --version`) is unknown
until the catalog is refreshed; `--catalog FILE` loads a newer one.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action
)md",
    .aws_checks = kChecks};

void ReportNoMatch(const PolicyContext& context, const Located& action, Reporter& out) {
  const size_t colon = action.text.find(':');
  const std::string prefix = action.text.substr(0, colon);
  const std::string name = action.text.substr(colon + 1);
  const auto service = context.catalog().FindService(prefix);
  const std::string service_name =
      service ? std::string(context.catalog().ServiceName(*service)) : prefix;
  if (catalog::HasWildcard(action.text)) {
    out.Report(kInfo, "INVALID_ACTION", kInfo.severity, SubRange(action, colon + 1, name.size()),
               "'" + action.text + "' matches no action of " + service_name,
               "check the pattern against `iamlint expand '" + prefix + ":*'`");
    return;
  }
  const auto suggestion =
      service ? catalog::SuggestAction(context.catalog(), *service, name) : std::nullopt;
  out.Report(kInfo, "INVALID_ACTION", kInfo.severity, SubRange(action, colon + 1, name.size()),
             "'" + action.text + "' is not an action of " + service_name,
             suggestion ? "did you mean '" + *suggestion + "'?"
                        : "check the spelling with `iamlint expand '" + prefix +
                              ":*'`; an action added after the catalog's data (" +
                              std::string(context.catalog().data_date()) + ") needs a newer one");
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    const StatementActions& expanded = context.ActionsOf(st);
    for (size_t i = 0; i < st.actions.size(); ++i) {
      const Located& action = st.actions[i];
      if (HasUnknown(action.text)) {
        continue;  // not known until apply: IAM001 says so
      }
      const catalog::PatternStatus status = expanded.values[i]->status;
      if (status == catalog::PatternStatus::kMalformed) {
        out.Report(kInfo, action.range,
                   "'" + action.text + "' is not an action: write it as service:ActionName",
                   "for example \"s3:GetObject\"; \"*\" alone means every action");
      } else if (status == catalog::PatternStatus::kNoMatch) {
        ReportNoMatch(context, action, out);
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM103, iamlint::rules::kInfo, iamlint::rules::Check);

// A Deny whose resources can never be those of its actions: it denies nothing.

#include <algorithm>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM260",
    .name = "deny-matches-nothing",
    .category = Category::kRedundancy,
    .severity = Severity::kMedium,
    .summary =
        "A Deny statement's resources are never resources of its actions: it denies "
        "nothing.",
    .doc = R"md(
## What it flags
A Deny statement whose every `Resource` pattern can name no resource of any of its actions,
according to the ARN formats of the Service Authorization Reference. The classic case is
denying an object action on a bucket ARN: `s3:GetObject` acts on
`arn:aws:s3:::bucket/key`, so a Deny on `arn:aws:s3:::bucket` never applies. Actions that
take only `"*"` are denied only by a Resource that matches `"*"`.

## Why it matters
A Deny is usually a guardrail someone relies on. One that never matches gives a false sense
of safety: the access it was written to block stays open, and nothing warns about it.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::payroll"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::payroll/*"}]}
```

## Exceptions and limits
Statements with NotAction, or with more than 2,000 actions, are not examined. Resource
patterns with policy variables are taken to match what the variable could hold.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  constexpr size_t kMaxActions = 2000;
  const catalog::Catalog& cat = context.catalog();
  const bool variables = context.policy.ExpandsVariables();
  for (const Statement& st : context.policy.statements) {
    if (!st.Denies() || st.not_action || st.not_resource || st.resources.empty()) {
      continue;
    }
    const catalog::ActionSet& actions = context.ActionsOf(st).granted;
    const size_t count = actions.Count();
    if (count == 0 || count > kMaxActions) {
      continue;
    }
    std::vector<std::string> globs;
    for (const Located& r : st.resources) {
      globs.push_back(catalog::ResourceGlob(r.text, variables));
    }
    bool any = false;
    actions.ForEach([&](catalog::ActionId a) {
      any = any || std::any_of(globs.begin(), globs.end(),
                               [&](const std::string& g) { return ResourceMayTarget(cat, a, g); });
    });
    if (any) {
      continue;
    }
    Finding& f = out.Report(kInfo, st.resources.front().range,
                            "the Deny statement " + st.Label() +
                                " denies nothing: none of its resources can be a resource of "
                                "its actions (" +
                                st.resources.front().text + ")",
                            "use the ARN format of the actions' resource types (for S3 object "
                            "actions, arn:aws:s3:::bucket/*)");
    f.statement = st.Label();
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM260, iamlint::rules::kInfo, iamlint::rules::Check);

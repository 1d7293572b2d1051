// An Allow statement entirely taken back by Deny statements of the same policy.

#include <algorithm>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM261",
    .name = "allow-shadowed-by-deny",
    .category = Category::kRedundancy,
    .severity = Severity::kLow,
    .summary =
        "An Allow statement grants nothing: Deny statements of the same policy cover "
        "all of it.",
    .doc = R"md(
## What it flags
An Allow statement of an identity policy whose every action is denied, on all of its
resources, by Deny statements of the same policy that have no Condition. A Deny covers the
Allow's resources when it applies to every resource, or when each of the Allow's resource
patterns falls inside one of the Deny's.

## Why it matters
The statement is dead weight that misleads readers (and reviewers of later changes) about
what the policy grants. Often it marks a mistake: the Deny was meant to be narrower.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
               {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
               {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/admin"}]}
```

## Exceptions and limits
Denies with a Condition are not counted (they may not apply). Only one policy is examined
at a time.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.permissions == nullptr) {
    return;
  }
  const PolicySet& set = *context.permissions;
  // Every Allow against every Deny: past this many pairs (no valid policy comes close) the
  // rule gives up rather than take minutes on hostile input.
  constexpr size_t kMaxPairs = 250000;
  if (set.allows().size() * set.denies().size() > kMaxPairs) {
    return;
  }
  for (const StatementGrant& allow : set.allows()) {
    if (allow.actions.Empty()) {
      continue;
    }
    catalog::ActionSet covered(allow.actions.universe());
    const StatementGrant* first = nullptr;
    for (const StatementGrant& deny : set.denies()) {
      if (deny.condition.kind != ConditionClass::kNone || deny.statement->not_resource) {
        continue;
      }
      constexpr size_t kMaxComparisons = 200000;
      if (allow.globs.size() * deny.globs.size() > kMaxComparisons) {
        continue;
      }
      const bool covers =
          deny.all_resources ||
          (!allow.all_resources && !allow.statement->not_resource &&
           std::all_of(allow.globs.begin(), allow.globs.end(), [&](const std::string& a) {
             return std::any_of(deny.globs.begin(), deny.globs.end(), [&](const std::string& d) {
               return catalog::ArnGlobContains(d, a);
             });
           }));
      if (covers && deny.actions.Intersects(allow.actions)) {
        covered |= deny.actions;
        first = first == nullptr ? &deny : first;
      }
    }
    if (first == nullptr || !covered.ContainsAll(allow.actions)) {
      continue;
    }
    const Statement& st = *allow.statement;
    Finding& f = out.Report(kInfo, st.effect_text ? st.effect_text->range : st.range,
                            "the Allow statement " + st.Label() +
                                " grants nothing: Deny statements of this policy cover all of "
                                "its actions on all of its resources",
                            "remove the statement, or narrow the Deny if it was meant to "
                            "leave some of this access");
    f.statement = st.Label();
    const Statement& deny = *first->statement;
    f.related.push_back(
        {deny.effect_text ? deny.effect_text->range : deny.range, "denied by this statement"});
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM261, iamlint::rules::kInfo, iamlint::rules::Check);

// Allow + NotAction: grants every action of every service except the listed ones.

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM203",
    .name = "allow-not-action",
    .category = Category::kWildcard,
    .severity = Severity::kHigh,
    .summary = "An Allow statement uses NotAction, granting every other action of every service.",
    .doc = R"md(
## What it flags
A statement with `"Effect": "Allow"` and `NotAction`. The severity is medium when the
statement is limited to some resources or has a Condition.

## Why it matters
Allow with NotAction grants every action of every AWS service except the listed ones,
including services the author never thought of and every action AWS adds later. It is
almost never what least privilege needs. NotAction is meant for Deny statements ("deny
everything except ...").

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"],
                "Resource": "*"}]}
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity &&
      context.policy.kind != PolicyKind::kResource) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || !st.not_action) {
      continue;
    }
    const size_t granted = context.ActionsOf(st).granted.Count();
    const bool everywhere =
        PolicyContext::CoversAllResources(st) && !PolicyContext::IsConditional(st);
    Finding& f =
        out.Report(kInfo, st.action_key,
                   "Allow with NotAction grants every action except the " +
                       std::to_string(st.actions.size()) + " listed: " + std::to_string(granted) +
                       " actions of every service" + (everywhere ? ", on every resource" : ""),
                   "list the actions to allow in \"Action\"; keep NotAction for Deny statements");
    f.statement = st.Label();
    if (!everywhere) {
      f.severity = Severity::kMedium;
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM203, iamlint::rules::kInfo, iamlint::rules::Check);

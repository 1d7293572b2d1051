// Allow + NotResource: grants the actions on every resource except the listed ones.

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM204",
    .name = "allow-not-resource",
    .category = Category::kWildcard,
    .severity = Severity::kMedium,
    .summary = "An Allow statement uses NotResource, granting access to every other resource.",
    .doc = R"md(
## What it flags
A statement with `"Effect": "Allow"` and `NotResource`.

## Why it matters
Allow with NotResource grants the statement's actions on every resource except the
listed ones: in every account the actions can reach, every region, and every resource
created later. With `"Action": "*"` it grants everything else in AWS. NotResource is meant
for Deny statements.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "NotResource": "arn:aws:s3:::secrets/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::reports/*"}]}
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity &&
      context.policy.kind != PolicyKind::kResource) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || !st.not_resource) {
      continue;
    }
    Finding& f = out.Report(
        kInfo, st.resource_key,
        "Allow with NotResource grants " + Plural(context.ActionsOf(st).granted.Count(), "action") +
            " on every resource except the " + std::to_string(st.resources.size()) + " listed",
        "list the resources to allow in \"Resource\"; keep NotResource for Deny statements");
    f.statement = st.Label();
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM204, iamlint::rules::kInfo, iamlint::rules::Check);

// An action that supports no resource-level permissions, named only with specific ARNs.

#include <algorithm>
#include <array>

#include "analyzer/analyze/arn_formats.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM122",
    .name = "resource-level-unsupported",
    .category = Category::kValidity,
    .severity = Severity::kMedium,
    .summary =
        "An action that takes only \"Resource\": \"*\" is named with specific ARNs, so "
        "the statement never applies to it.",
    .doc = R"md(
## What it flags
An action named explicitly (no wildcard) that supports no resource-level permissions (the
Service Authorization Reference lists no resource type for it, only `*`), in a statement whose
resources are all specific ARNs.

## Why it matters
For such an action the request's resource is `*`, and a statement matches it only when its
`Resource` matches `*`. A statement that lists ARNs never grants (or denies) the action, so
the caller gets AccessDenied, or a Deny meant as a guardrail does not apply.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListAllMyBuckets"],
                "Resource": "arn:aws:s3:::reports"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [
   {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"},
   {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
```

## Exceptions and limits
Wildcard actions, NotAction and NotResource statements are not examined, nor statements with
a value known only after apply. A Resource of the action's own service with a wildcard in
its resource part (`arn:aws:s3:::*`, `arn:aws:logs:*:*:log-group:/aws/lambda/*`) is not
reported, since services match such patterns for some of these actions. The catalog may lag behind services that add resource-level permissions.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
)md"};

// True when `resource` might be matched for an action of `service` that takes only "*":
// "*" itself, any ARN glob that matches every resource, or a wildcard resource of the service
// (AWS's own policies give list actions such as logs:DescribeLogGroups patterns like
// arn:aws:logs:*:*:log-group:/aws/lambda/*, which the service evaluates).
bool MayMatchStar(std::string_view resource, std::string_view service) {
  if (catalog::GlobMatch(resource, "*", false) || PolicyContext::MatchesEveryResource(resource)) {
    return true;
  }
  std::array<std::string_view, 6> fields;
  if (!SplitArnFields(resource, fields)) {
    return catalog::HasWildcard(resource);
  }
  return catalog::GlobMatch(fields[2], service, false) && catalog::HasWildcard(fields[5]);
}

void CheckStatement(const PolicyContext& context, const Statement& st, Reporter& out) {
  const catalog::Catalog& cat = context.catalog();
  for (const Located& r : st.resources) {
    if (HasUnknown(r.text) || PolicyContext::MatchesEveryResource(r.text)) {
      return;
    }
  }
  const StatementActions& actions = context.ActionsOf(st);
  for (size_t i = 0; i < st.actions.size() && i < actions.values.size(); ++i) {
    const catalog::ActionExpansion* expansion = actions.values[i];
    if (expansion == nullptr || !expansion->single || catalog::HasWildcard(st.actions[i].text)) {
      continue;
    }
    const catalog::ActionId action = *expansion->single;
    if (!cat.ActionResourceTypes(action).empty()) {
      continue;
    }
    const std::string_view service = cat.ServicePrefix(cat.ActionService(action));
    if (std::any_of(st.resources.begin(), st.resources.end(),
                    [&](const Located& r) { return MayMatchStar(r.text, service); })) {
      continue;
    }
    const std::string name = cat.FullActionName(action);
    const std::string& first = st.resources.front().text;
    std::string help = "grant it in a separate statement with \"Resource\": \"*\"";
    const auto keys = cat.ActionConditionKeys(action);
    if (!keys.empty()) {
      constexpr size_t kShown = 3;
      help += "; to narrow it, use a Condition on ";
      for (size_t k = 0; k < keys.size() && k < kShown; ++k) {
        help += (k == 0 ? "" : ", ") + std::string(cat.ConditionKeyName(keys[k]));
      }
      if (keys.size() > kShown) {
        help += " (or " + std::to_string(keys.size() - kShown) + " more keys)";
      }
    }
    Finding& f = out.Report(
        kInfo, st.actions[i].range,
        name +
            " supports no resource-level permissions: only \"Resource\": \"*\" matches it, "
            "so statement " +
            st.Label() + (st.Denies() ? " never denies it" : " never grants it") +
            (st.resources.size() == 1
                 ? " on " + first
                 : " on its " + std::to_string(st.resources.size()) + " ARNs (" + first + ", ...)"),
        help);
    f.statement = st.Label();
    f.actions.push_back(name);
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    if (st.effect && !st.not_action && st.has_resource && !st.not_resource &&
        !st.resources.empty()) {
      CheckStatement(context, st, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM122, iamlint::rules::kInfo, iamlint::rules::Check);

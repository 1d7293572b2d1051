// iam:PassRole on every role without iam:PassedToService.

#include <algorithm>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM210",
                         .name = "pass-role-to-any-service",
                         .category = Category::kPermissionsManagement,
                         .severity = Severity::kHigh,
                         .summary = "iam:PassRole is allowed on every role, to any service.",
                         .doc = R"md(
## What it flags
An Allow statement of an identity policy that grants `iam:PassRole` (by name or through a
wildcard such as `iam:*` or `iam:Pass*`) on every role (`"*"`, `arn:aws:iam::*:role/*`,
`arn:aws:iam::111122223333:role/*`) without an `iam:PassedToService` condition. Medium
when the statement has other conditions.

## Why it matters
Passing a role hands its permissions to a service the caller controls: with
`ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`,
`cloudformation:CreateStack` and many more, the caller runs code as any role of the
account, including administrator roles. This is the root of most IAM privilege-escalation
paths (Rhino Security Labs methods 3, 15-22).

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
                "Resource": "arn:aws:iam::111122223333:role/app-lambda",
                "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}]}
```

## Exceptions and limits
A statement that grants every action is reported by full-admin (IAM201) instead.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
)md"};

// True when the ARN pattern matches any role name (its resource field takes "role/<anything>").
bool CoversAnyRole(const Located& resource) {
  if (resource.text == "*") {
    return true;
  }
  size_t field_start = 0;
  std::vector<std::string_view> fields;
  const std::string_view arn = resource.text;
  for (int i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':', field_start);
    if (colon == std::string_view::npos) {
      return false;
    }
    fields.push_back(arn.substr(field_start, colon - field_start));
    field_start = colon + 1;
  }
  const std::string_view resource_part = arn.substr(field_start);
  return catalog::GlobMatch(fields[2], "iam", false) &&
         catalog::GlobMatch(resource_part, "role/iamlint-probe", false) &&
         catalog::GlobMatch(resource_part, "role/some/path/iamlint-probe", false);
}

bool HasPassedToService(const Statement& st) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionTest& c) {
    return EqualsIgnoreCase(c.key.text, "iam:PassedToService");
  });
}

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity) {
    return;
  }
  const auto pass_role = context.catalog().FindAction("iam:PassRole");
  if (!pass_role) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    const catalog::ActionSet& granted = context.ActionsOf(st).granted;
    if (!st.Allows() || !granted.Contains(*pass_role) || granted.IsAll() ||
        HasPassedToService(st)) {
      continue;
    }
    const bool any_role =
        st.not_resource || std::any_of(st.resources.begin(), st.resources.end(), CoversAnyRole);
    if (!any_role) {
      continue;
    }
    ByteRange at = st.action_key;
    if (!st.not_action) {
      const StatementActions& actions = context.ActionsOf(st);
      for (size_t i = 0; i < st.actions.size(); ++i) {
        if (actions.values[i]->Contains(*pass_role)) {
          at = st.actions[i].range;
          break;
        }
      }
    }
    Finding& f = out.Report(
        kInfo, at,
        "iam:PassRole is allowed on every role without iam:PassedToService: the principal can "
        "hand any role, including administrator roles, to a service it controls",
        "limit Resource to the roles this principal must pass and add a condition "
        "\"StringEquals\": {\"iam:PassedToService\": \"<service>.amazonaws.com\"}");
    f.statement = st.Label();
    f.actions.emplace_back("iam:PassRole");
    if (PolicyContext::IsConditional(st)) {
      f.severity = Severity::kMedium;
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM210, iamlint::rules::kInfo, iamlint::rules::Check);

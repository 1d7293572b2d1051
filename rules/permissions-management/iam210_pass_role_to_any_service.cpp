// iam:PassRole on every role without iam:PassedToService.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "PASS_ROLE_WITH_STAR_IN_RESOURCE",
     "PASS_ROLE_WITH_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
     "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
     "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE"});

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
A policy that is full administrator access is reported by full-admin (IAM201) instead.
No finding when an unconditional Deny of `iam:PassRole` covers every role, or when a
permissions boundary or SCP given on the command line does not allow it. Access Analyzer
reports those cases anyway (it checks each statement alone), so iamlint reports fewer findings
than it there. The
`iam:PassedToService` condition counts only with `StringEquals`, `StringEqualsIgnoreCase`
or `StringLike` and a value that is not only wildcards; `StringNotEquals` still lets the
role go to any other service.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// True when the ARN pattern matches every role of an account: it matches probe roles with and
// without a path. A pattern that names ":role/" is probed in its own partition and account
// (which may be a placeholder for the template's account); others with a sample account.
bool CoversAnyRole(const Located& resource, bool expand_variables) {
  const std::string_view arn = resource.text;
  if (PolicyContext::MatchesEveryResource(arn)) {
    return true;
  }
  const size_t role = arn.find(":role/");
  const std::string prefix = role != std::string_view::npos
                                 ? std::string(arn.substr(0, role + 6))
                                 : std::string("arn:aws:iam::123456789012:role/");
  const catalog::ResourcePattern pattern(arn, expand_variables);
  return pattern.Matches(prefix + "iamlint-probe") &&
         pattern.Matches(prefix + "some/path/iamlint-probe");
}

bool AnyRoleIn(const Statement& st, bool expand_variables) {
  return std::any_of(st.resources.begin(), st.resources.end(),
                     [&](const Located& r) { return CoversAnyRole(r, expand_variables); });
}

// A condition that limits which service receives the role: iam:PassedToService compared with
// StringEquals/StringLike (any set qualifier, IfExists allowed: the key is always present for
// PassRole) against values that are not all wildcards.
bool HasPassedToService(const Statement& st) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionTest& c) {
    if (!EqualsIgnoreCase(c.key.text, "iam:PassedToService")) {
      return false;
    }
    const bool positive = c.base_operator == "StringEquals" ||
                          c.base_operator == "StringEqualsIgnoreCase" ||
                          c.base_operator == "StringLike";
    const bool specific = std::any_of(c.values.begin(), c.values.end(), [](const Located& v) {
      return v.text.find_first_not_of("*?") != std::string::npos;
    });
    return positive && specific;
  });
}

// The Access Analyzer check for a statement: how the action and the resource are given.
std::string_view CheckCode(const Statement& st, bool named) {
  if (st.not_action) {
    return st.not_resource ? "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE"
                           : "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION";
  }
  if (named) {
    return st.not_resource ? "PASS_ROLE_WITH_NOT_RESOURCE" : "PASS_ROLE_WITH_STAR_IN_RESOURCE";
  }
  return st.not_resource ? "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
                         : "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE";
}

// An unconditional Deny of iam:PassRole on every role.
bool DeniedEverywhere(const PolicyContext& context, uint32_t pass_role, bool expand_variables) {
  return std::any_of(
      context.policy.statements.begin(), context.policy.statements.end(), [&](const Statement& st) {
        return st.Denies() && !PolicyContext::IsConditional(st) && !st.not_resource &&
               context.ActionsOf(st).granted.Contains(pass_role) && AnyRoleIn(st, expand_variables);
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
  const bool expand_variables = context.policy.ExpandsVariables();
  const bool any_grant = std::any_of(
      context.policy.statements.begin(), context.policy.statements.end(), [&](const Statement& st) {
        return st.Allows() && context.ActionsOf(st).granted.Contains(*pass_role);
      });
  // A policy that is full admin is reported by IAM201; PassRole on top of it is no news.
  // Outside a permissions boundary or SCP given on the command line, nothing is passed.
  const bool limited_away = context.permissions != nullptr && context.permissions->limited() &&
                            !context.permissions->Reachable().Contains(*pass_role);
  if (!any_grant || limited_away || DeniedEverywhere(context, *pass_role, expand_variables) ||
      context.UnrestrictedEffectiveGrant().IsAll()) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    const catalog::ActionSet& granted = context.ActionsOf(st).granted;
    if (!st.Allows() || !granted.Contains(*pass_role) || HasPassedToService(st)) {
      continue;
    }
    if (!st.not_resource && !AnyRoleIn(st, expand_variables)) {
      continue;
    }
    ByteRange at = st.action_key;
    bool named = false;  // the action is written "iam:PassRole", without a wildcard
    if (!st.not_action) {
      const StatementActions& actions = context.ActionsOf(st);
      for (size_t i = 0; i < st.actions.size(); ++i) {
        if (actions.values[i]->Contains(*pass_role)) {
          at = st.actions[i].range;
          named = st.actions[i].text.find_first_of("*?") == std::string::npos;
          break;
        }
      }
    }
    Finding& f =
        out.Report(kInfo, CheckCode(st, named), kInfo.severity, at,
                   std::string("iam:PassRole is allowed on ") +
                       (st.not_resource ? "every role not listed in NotResource" : "every role") +
                       " without iam:PassedToService: the principal can hand any role, including "
                       "administrator roles, to a service it controls",
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

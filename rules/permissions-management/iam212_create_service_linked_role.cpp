// iam:CreateServiceLinkedRole for every service.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE",
     "CREATE_SLR_WITH_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
     "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
     "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"});

constexpr RuleInfo kInfo{.id = "IAM212",
                         .name = "create-service-linked-role",
                         .category = Category::kPermissionsManagement,
                         .severity = Severity::kMedium,
                         .summary = "iam:CreateServiceLinkedRole is allowed for every service.",
                         .doc = R"md(
## What it flags
An Allow statement of an identity policy that grants `iam:CreateServiceLinkedRole` (by name,
through a wildcard such as `iam:*` or `iam:Create*`, or through `NotAction`) on the service-linked
roles of every service (`"*"`, `arn:aws:iam::*:role/aws-service-role/*`, or `NotResource`),
without an `iam:AWSServiceName` condition naming the services.

## Why it matters
A service-linked role carries the permissions a service needs to act in the account, and it is
created with those permissions whatever the caller may do. Creating the roles of services the
principal does not use turns on access paths nobody reviewed, and some service-linked roles
have broad permissions.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
                "Condition": {"StringEquals":
                              {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}}]}
```

## Exceptions and limits
A role path that names one service (`arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*`)
is not reported, nor a statement with an `iam:AWSServiceName` condition (`StringEquals` or
`StringLike` with a value that is not only wildcards). Unlike Access Analyzer, iamlint does not
report a policy that is full administrator access (full-admin, IAM201, does) or one whose
unconditional Deny removes the action.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// True when the ARN pattern matches the service-linked roles of more than one service: it
// matches probe roles of two made-up services.
bool CoversAnyServiceLinkedRole(const Located& resource, bool expand_variables) {
  const std::string_view arn = resource.text;
  if (PolicyContext::MatchesEveryResource(arn)) {
    return true;
  }
  const size_t role = arn.find(":role/");
  const std::string prefix =
      (role != std::string_view::npos ? std::string(arn.substr(0, role + 6))
                                      : std::string("arn:aws:iam::123456789012:role/")) +
      "aws-service-role/";
  const catalog::ResourcePattern pattern(arn, expand_variables);
  return pattern.Matches(prefix + "iamlint-one.amazonaws.com/AWSServiceRoleForIamlintOne") &&
         pattern.Matches(prefix + "iamlint-two.amazonaws.com/AWSServiceRoleForIamlintTwo");
}

bool AnyServiceIn(const Statement& st, bool expand_variables) {
  return std::any_of(st.resources.begin(), st.resources.end(), [&](const Located& r) {
    return CoversAnyServiceLinkedRole(r, expand_variables);
  });
}

// iam:AWSServiceName compared with StringEquals/StringLike against values that are not all
// wildcards: the statement names the services whose roles may be created.
bool HasServiceName(const Statement& st) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionTest& c) {
    if (!EqualsIgnoreCase(c.key.text, "iam:AWSServiceName")) {
      return false;
    }
    const bool positive = c.base_operator == "StringEquals" ||
                          c.base_operator == "StringEqualsIgnoreCase" ||
                          c.base_operator == "StringLike";
    return positive && std::any_of(c.values.begin(), c.values.end(), [](const Located& v) {
             return v.text.find_first_not_of("*?") != std::string::npos;
           });
  });
}

bool DeniedEverywhere(const PolicyContext& context, uint32_t action, bool expand_variables) {
  return std::any_of(
      context.policy.statements.begin(), context.policy.statements.end(), [&](const Statement& st) {
        return st.Denies() && !PolicyContext::IsConditional(st) && !st.not_resource &&
               context.ActionsOf(st).granted.Contains(action) && AnyServiceIn(st, expand_variables);
      });
}

// The Access Analyzer check for a statement: how the action and the resource are given.
std::string_view CheckCode(const Statement& st, bool named) {
  if (st.not_action) {
    return st.not_resource ? "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"
                           : "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION";
  }
  if (named) {
    return st.not_resource ? "CREATE_SLR_WITH_NOT_RESOURCE" : "CREATE_SLR_WITH_STAR_IN_RESOURCE";
  }
  return st.not_resource ? "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
                         : "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE";
}

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity) {
    return;
  }
  const auto slr = context.catalog().FindAction("iam:CreateServiceLinkedRole");
  if (!slr) {
    return;
  }
  const bool expand_variables = context.policy.ExpandsVariables();
  const bool any_grant = std::any_of(
      context.policy.statements.begin(), context.policy.statements.end(), [&](const Statement& st) {
        return st.Allows() && context.ActionsOf(st).granted.Contains(*slr);
      });
  const bool limited_away = context.permissions != nullptr && context.permissions->limited() &&
                            !context.permissions->Reachable().Contains(*slr);
  if (!any_grant || limited_away || DeniedEverywhere(context, *slr, expand_variables) ||
      context.UnrestrictedEffectiveGrant().IsAll()) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    const StatementActions& actions = context.ActionsOf(st);
    if (!st.Allows() || !actions.granted.Contains(*slr) || HasServiceName(st) ||
        (!st.not_resource && !AnyServiceIn(st, expand_variables))) {
      continue;
    }
    ByteRange at = st.action_key;
    bool named = false;
    if (!st.not_action) {
      for (size_t i = 0; i < st.actions.size(); ++i) {
        if (actions.values[i]->Contains(*slr)) {
          at = st.actions[i].range;
          named = st.actions[i].text.find_first_of("*?") == std::string::npos;
          break;
        }
      }
    }
    const std::string how = st.not_action ? "through NotAction" : named ? "" : "through a wildcard";
    Finding& f = out.Report(
        kInfo, CheckCode(st, named), Severity::kMedium, at,
        "iam:CreateServiceLinkedRole is allowed" + (how.empty() ? "" : " " + how) + " for " +
            (st.not_resource ? "every service-linked role not listed in NotResource"
                             : "the service-linked roles of every service") +
            ": the principal can create roles that give any AWS service access to the account",
        "add a condition \"StringEquals\": {\"iam:AWSServiceName\": "
        "\"<service>.amazonaws.com\"} naming the services it needs");
    f.statement = st.Label();
    f.actions.emplace_back("iam:CreateServiceLinkedRole");
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM212, iamlint::rules::kInfo, iamlint::rules::Check);

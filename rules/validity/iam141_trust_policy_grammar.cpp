// Role trust policies: elements they do not accept and actions that do not fit the principal.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
     "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "MISMATCHED_ACTION_FOR_PRINCIPAL",
     "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"});

constexpr RuleInfo kInfo{.id = "IAM141",
                         .name = "trust-policy-grammar",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary =
                             "A role trust policy uses an element or an action that role "
                             "trust policies do not accept.",
                         .doc = R"md(
## What it flags
In a role trust policy:
- a `Resource` or `NotResource` element (the resource is the role itself);
- `NotPrincipal`;
- `"Principal": "*"` (or `{"AWS": "*"}`);
- an assume-role action that does not fit the principal: a SAML provider needs
  `sts:AssumeRoleWithSAML`, an OIDC provider (ARN or domain such as
  `cognito-identity.amazonaws.com`) needs `sts:AssumeRoleWithWebIdentity`, and other principals
  `sts:AssumeRole`;
- a statement trusting `rolesanywhere.amazonaws.com` that does not allow all of
  `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`.

## Why it matters
IAM rejects a trust policy with `Resource` or `NotPrincipal`, so the role cannot be created or
updated. Access Analyzer reports a `"*"` principal as an error too: it would let every principal
of every account assume the role, unless a condition limits it. A mismatched action is accepted but never used: the federated
users call a different STS operation, so they cannot assume the role. IAM Roles Anywhere needs
all three actions to deliver credentials.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
                "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"},
                "Condition": {"StringEquals":
                              {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}
```

## Exceptions and limits
Only actions named exactly are compared with the principal (not `sts:*` or `sts:AssumeRole*`).
For a raw JSON file whose kind is only inferred as a trust policy (`Principal` and only
`sts:` actions), `Resource` and a `"*"` principal are not reported: such a file may as well be a
resource control policy; give `--policy-kind trust` to check them.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp.html
- https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

enum class Caller { kOther, kSaml, kOidc, kUnknown };

bool IsDigits12(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What kind of caller a principal entry stands for.
Caller CallerOf(const PrincipalEntry& p) {
  const std::string_view v = p.value.text;
  if (HasUnknown(v) || v == "*") {
    return Caller::kUnknown;
  }
  if (p.type != "Federated") {
    return Caller::kOther;
  }
  if (v.starts_with("arn:")) {
    // arn:<partition>:iam::<account>:saml-provider/... or :oidc-provider/...
    const size_t iam = v.find(":iam::");
    if (iam == std::string_view::npos) {
      return Caller::kUnknown;
    }
    const std::string_view after = v.substr(iam + 6);
    const size_t colon = after.find(':');
    if (colon == std::string_view::npos || !IsDigits12(after.substr(0, colon))) {
      return Caller::kUnknown;
    }
    const std::string_view rest = after.substr(colon + 1);
    return rest.starts_with("saml-provider/")   ? Caller::kSaml
           : rest.starts_with("oidc-provider/") ? Caller::kOidc
                                                : Caller::kUnknown;
  }
  const bool domain =
      v.find('.') != std::string_view::npos && v.find_first_of(":/ ") == std::string_view::npos;
  return domain ? Caller::kOidc : Caller::kUnknown;
}

// The caller kind an exactly named assume-role action serves, or nothing for other actions.
std::optional<Caller> ActionCaller(std::string_view action) {
  if (EqualsIgnoreCase(action, "sts:AssumeRole")) {
    return Caller::kOther;
  }
  if (EqualsIgnoreCase(action, "sts:AssumeRoleWithSAML")) {
    return Caller::kSaml;
  }
  if (EqualsIgnoreCase(action, "sts:AssumeRoleWithWebIdentity")) {
    return Caller::kOidc;
  }
  return std::nullopt;
}

std::string_view Advice(Caller caller) {
  switch (caller) {
    case Caller::kSaml:
      return "a SAML provider calls sts:AssumeRoleWithSAML";
    case Caller::kOidc:
      return "an OIDC provider calls sts:AssumeRoleWithWebIdentity";
    default:
      return "AWS principals and services call sts:AssumeRole";
  }
}

std::string_view ActionFor(Caller caller) {
  return caller == Caller::kSaml   ? "sts:AssumeRoleWithSAML"
         : caller == Caller::kOidc ? "sts:AssumeRoleWithWebIdentity"
                                   : "sts:AssumeRole";
}

void CheckMismatchedActions(const Statement& st, Reporter& out) {
  if (st.not_action) {
    return;
  }
  for (const Located& action : st.actions) {
    const auto wanted = ActionCaller(action.text);
    if (!wanted) {
      continue;
    }
    std::vector<std::string> mismatched;
    Caller first_kind = Caller::kUnknown;
    const Located* first = nullptr;
    for (const PrincipalEntry& p : st.principals) {
      const Caller caller = CallerOf(p);
      if (caller == Caller::kUnknown || caller == *wanted) {
        continue;
      }
      if (first == nullptr) {
        first = &p.value;
        first_kind = caller;
      }
      if (mismatched.size() < 3) {
        std::string quoted = "'";
        quoted += std::string_view{p.value.text}.substr(0, 100);
        quoted += '\'';
        mismatched.push_back(std::move(quoted));
      }
    }
    if (first == nullptr) {
      continue;
    }
    Finding& f = out.Report(
        kInfo, "MISMATCHED_ACTION_FOR_PRINCIPAL", Severity::kHigh, action.range,
        action.text + " does not fit the principal " + Join(mismatched, ", ") + ": " +
            std::string(Advice(first_kind)) + ", so this statement never lets it assume the role",
        "use " + std::string(ActionFor(first_kind)) +
            ", and put principals that call different STS operations in separate statements");
    f.statement = st.Label();
    f.related.push_back({first->range, "the principal", nullptr});
  }
}

void CheckRolesAnywhere(const PolicyContext& context, const Statement& st, Reporter& out) {
  if (!st.Allows() || st.actions.empty()) {
    return;
  }
  const auto service = std::find_if(st.principals.begin(), st.principals.end(), [](const auto& p) {
    return p.type == "Service" && p.value.text == "rolesanywhere.amazonaws.com";
  });
  if (service == st.principals.end()) {
    return;
  }
  std::vector<std::string> missing;
  for (const std::string_view name :
       {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"}) {
    const auto id = context.catalog().FindAction(name);
    if (id && !context.ActionsOf(st).granted.Contains(*id)) {
      missing.emplace_back(name);
    }
  }
  if (missing.empty()) {
    return;
  }
  Finding& f = out.Report(kInfo, "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", Severity::kHigh,
                          st.action_key,
                          "the statement trusts rolesanywhere.amazonaws.com but does not allow " +
                              Join(missing, " and ") +
                              ": IAM Roles Anywhere needs sts:AssumeRole, sts:SetSourceIdentity "
                              "and sts:TagSession to deliver credentials",
                          "allow [\"sts:AssumeRole\", \"sts:SetSourceIdentity\", "
                          "\"sts:TagSession\"]");
  f.statement = st.Label();
  f.related.push_back({service->value.range, "the IAM Roles Anywhere principal", nullptr});
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  if (policy.kind != PolicyKind::kTrust) {
    return;
  }
  for (const Statement& st : policy.statements) {
    if (st.has_resource && !policy.kind_inferred) {
      out.Report(kInfo, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", Severity::kHigh, st.resource_key,
                 std::string("a role trust policy cannot have ") +
                     (st.not_resource ? "NotResource" : "Resource") +
                     ": the resource is the role the policy is attached to",
                 "remove the element");
    }
    if (st.not_principal) {
      out.Report(kInfo, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", Severity::kHigh,
                 st.principal_key,
                 "a role trust policy cannot have NotPrincipal: it must name who may assume "
                 "the role",
                 "use Principal with the accounts, roles or services that assume the role");
    } else if (!policy.kind_inferred) {
      for (const PrincipalEntry& p : st.principals) {
        if (p.type == "AWS" && p.value.text == "*") {
          out.Report(kInfo, "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Severity::kHigh,
                     p.value.range,
                     "a role trust policy should not trust \"*\": Access Analyzer reports it as "
                     "an error, and it lets every principal of every account assume the role "
                     "unless a condition limits it",
                     "name the account (\"arn:aws:iam::111122223333:root\") or the roles "
                     "that assume it");
        }
      }
    }
    CheckMismatchedActions(st, out);
    CheckRolesAnywhere(context, st, out);
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM141, iamlint::rules::kInfo, iamlint::rules::Check);

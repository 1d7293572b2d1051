// Full administrator access: every action on every resource, directly or by NotAction.

#include <optional>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM201",
    .name = "full-admin",
    .category = Category::kAdmin,
    .severity = Severity::kCritical,
    .summary = "The policy grants every action on every resource (administrator access).",
    .doc = R"md(
## What it flags
An identity policy whose Allow statements, minus its Deny statements, grant every action
in the catalog on every resource without conditions: `"Action": "*"` with
`"Resource": "*"`, a union of service wildcards that covers every service, or
any combination (for example `"NotAction"` with an action the catalog does not have).
`Resource` `*`, `arn:*`, and `NotResource` count as every resource. A policy that grants
less than everything but can grant itself the rest (all of IAM, or `*` minus a Deny that
leaves `iam:PutUserPolicy`) is admin-equivalent: IAM220 reports it as privilege escalation,
with the method.

## Why it matters
A principal with this policy is an administrator of the account: it can read and delete
every resource, create credentials and change every policy. It is the first thing an
attacker who obtains the credentials uses. Least privilege (AWS IAM best practices) means
granting only what the workload needs.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": "arn:aws:s3:::app-bucket/*"}]}
```

## Exceptions and limits
Statements with a Condition, or limited to some resources, are not counted: they grant
less than everything. Deny statements are subtracted only when they apply to every
resource without conditions (a Deny with `NotResource` leaves the listed resources open,
so it is not subtracted). Only identity policies are checked; a service control policy
or permissions boundary that allows `*` sets a maximum and grants nothing.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
)md"};

// Where to point: the action value that grants the most (the "*"), or the NotAction key.
ByteRange ActionRange(const PolicyContext& context, const Statement& st) {
  if (st.not_action) {
    return st.action_key;
  }
  const Located* best = nullptr;
  size_t best_count = 0;
  const StatementActions& actions = context.ActionsOf(st);
  for (size_t i = 0; i < st.actions.size(); ++i) {
    const size_t count = actions.values[i]->Count();
    if (count > best_count) {
      best = &st.actions[i];
      best_count = count;
    }
  }
  return best != nullptr ? best->range : st.action_key;
}

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kIdentity) {
    return;
  }
  const catalog::ActionSet effective = context.UnrestrictedEffectiveGrant();
  const size_t total = context.catalog().action_count();
  std::vector<const Statement*> contributors;
  const Statement* whole = nullptr;  // one statement that alone grants everything
  for (const Statement& st : context.policy.statements) {
    const catalog::ActionSet grant = context.UnrestrictedGrant(st);
    if (st.Allows() && !grant.Empty()) {
      contributors.push_back(&st);
      if (grant.IsAll() && whole == nullptr) {
        whole = &st;
      }
    }
  }
  if (contributors.empty()) {
    return;
  }
  if (effective.IsAll()) {
    const Statement& at = whole != nullptr ? *whole : *contributors.front();
    Finding& f =
        out.Report(kInfo, ActionRange(context, at),
                   whole != nullptr ? "statement " + at.Label() +
                                          " grants every action on every resource: "
                                          "full administrator access"
                                    : "together, " + std::to_string(contributors.size()) +
                                          " statements grant all " + std::to_string(total) +
                                          " actions on every resource: full administrator access",
                   "grant only the actions this principal needs, on the resources it needs");
    f.statement = at.Label();
    for (const Statement* other : contributors) {
      if (other != &at) {
        f.related.push_back({ActionRange(context, *other), "also grants on every resource"});
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM201, iamlint::rules::kInfo, iamlint::rules::Check);

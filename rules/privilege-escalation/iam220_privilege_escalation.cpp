// Privilege escalation: the policy allows every action of a known escalation method.

#include "analyzer/analyze/escalation.h"
#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM220",
    .name = "privilege-escalation",
    .category = Category::kPrivilegeEscalation,
    .severity = Severity::kHigh,
    .summary =
        "The policy allows a known privilege-escalation method: the principal can make "
        "itself more powerful than the policy says.",
    .doc = R"md(
## What it flags
An identity policy that allows every action of one of the 82 privilege-escalation methods
of iamlint's method list (`rules/data/escalation-methods.json`, ids `A1` ... `G2`), for
example `iam:CreatePolicyVersion` (A1: write a new default version of a policy attached to
oneself), `iam:AttachUserPolicy` (A3), `iam:CreateAccessKey` on other users (B1), or
`iam:PassRole` with `lambda:CreateFunction` and `lambda:InvokeFunction` (E5: run code as
any role that trusts Lambda). The finding's `method` field holds the id; `related` points at
the other actions the method needs.

Each action counts only where it is really usable: Deny statements that cover it (on every
resource, or on the statement's resources) take it away; a Condition that restricts who,
where or when (`aws:SourceIp`, `aws:MultiFactorAuthPresent`, `aws:PrincipalOrgID`,
`iam:PassedToService` naming another service ...) takes it away; a Condition the caller
satisfies at will (`aws:RequestTag/...`, `aws:TagKeys`, `ForAllValues:` on a missing key,
`DateGreaterThan aws:TokenIssueTime` in the past) does not; a Condition that can never hold
(`DateLessThan aws:CurrentTime` in the past) neutralizes the statement. A Resource that only
names AWS-owned ARNs (`arn:aws:iam::aws:policy/*`, which nobody can version) is not
exploitable; one that names some of the account's own resources
(`arn:aws:iam::*:policy/team-*`) still is, and the message says so.

Only minimal methods are reported: D1 (`iam:AttachRolePolicy` + `sts:AssumeRole`) is left
out when A5 (`iam:AttachRolePolicy` alone) is open. A policy that is full admin (IAM201) is
not also reported here.

## Why it matters
Whoever holds these permissions can grant itself administrator access (self methods A, trust
C, chains D), take over other users' credentials (B), or run code as a more privileged role
(E, F). The policy's apparent limits are then meaningless.

Methods marked target-dependent (A2, A9, C2, F1 ...) need an existing, more privileged
resource (an older policy version, a privileged group, role, function or instance): they are
reported one severity lower than the others (high); so are grants limited to some
resources (medium, or low when also target-dependent).

A target-dependent method whose every action is limited to resources named by exact ARN
(`sts:AssumeRole` on `role/ci/deployer`, `lambda:UpdateFunctionCode` on `function:orders-api`)
is not reported: what it gains is the privilege of those named resources, which the policy
alone does not show, and naming them is what least privilege asks for. The path search across
principals (`iamlint check` on a Terraform tree or template, IAM221 with `--account-details`)
reports it when the named role turns out to be more privileged. A wildcard in the partition,
region or account does not unname a resource; one in its name does (`role/ops-*`). Methods that
also pass a role (E15: the passed role is the gain) or need a tool resource (F16: the SSM
document) are reported whatever they name. This follows Prowler and Cloudsplaining, which
report escalation only where a resource is not named.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"}]}
```

## Use instead
Keep policy editing out of workload policies: a workload reads its policies, a reviewed
pipeline (with a permissions boundary) writes them.
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["iam:GetPolicy", "iam:GetPolicyVersion"],
                "Resource": "arn:aws:iam::111122223333:policy/app/*"}]}
```
A grant limited to some resources (`arn:aws:iam::111122223333:policy/app/*`) is still
reported, one severity lower: it is exploitable when those resources include one attached
to the principal itself or to a more privileged one, which a single policy cannot tell.

## Exceptions and limits
A policy is judged alone here; `iamlint check` also joins the policies of one principal
(inline, attached, AWS managed) found in the same Terraform tree or template and reports a
method split across them there. Whether the target resource exists (target-dependent
methods) cannot be known from the policy alone. Conditions on tags of the target resource are treated as
restricting.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
- https://pathfinding.cloud
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.permissions == nullptr) {
    return;
  }
  const PolicySet& set = *context.permissions;
  if (set.Unrestricted().IsAll()) {
    return;  // full admin: IAM201 says it
  }
  for (LocatedFinding& f : EscalationFindings(kInfo, set, FindEscalations(set))) {
    out.Add(std::move(f.finding));
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM220, iamlint::rules::kInfo, iamlint::rules::Check);

// Cross-principal escalation: in an account snapshot, a principal that is not an administrator
// can become one through other principals (assume a role, pass a role to a service, take over
// a user's credentials, join a group). Found by the principal analysis, not per policy.

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM221",
    .name = "cross-principal-escalation",
    .category = Category::kPrivilegeEscalation,
    .severity = Severity::kCritical,
    .summary =
        "In an account snapshot, the principal can become an administrator through other "
        "principals: the path is shown step by step.",
    .doc = R"md(
## What it flags
`iamlint check --account-details FILE` reads every user, group and role of an account (the
output of `aws iam get-account-authorization-details`) and draws an edge from principal A to
principal B when A can act as B:

- **C2, assume a role**: B's trust policy allows `sts:AssumeRole` to A. When the trust policy
  names A's ARN, A needs no permission of its own (same account); when it names the account
  (`arn:aws:iam::111122223333:root` or the account id), A's identity policies must also allow
  `sts:AssumeRole` on B. Another account's root admits nobody of this account.
- **E1 ... E36, pass a role to a service that runs A's code**: A may `iam:PassRole` B to a
  service B's trust policy admits and has the method's other actions (E5: Lambda
  `lambda:CreateFunction` + `lambda:InvokeFunction`; EC2, CloudFormation, CodeBuild, Glue,
  ECS, SageMaker ... as in `rules/data/escalation-methods.json`).
- **C1, rewrite a trust policy** (`iam:UpdateAssumeRolePolicy` on B), and **D1/D2/D4/D5**,
  give B a policy and become B.
- **B1, B3, B4, take over a user**: `iam:CreateAccessKey`, `iam:CreateLoginProfile` or
  `iam:UpdateLoginProfile` on another user B.
- **A9, join a group**: a user may `iam:AddUserToGroup` on group B.

Each principal that is not an administrator itself but reaches, by a breadth-first search of
at most three steps, a principal with full administrator access (IAM201) or with an
escalation method of its own that makes it one (A1, A3 ...), is reported once, with the
shortest path:

```
user/alice → (E5 iam:PassRole to lambda.amazonaws.com) → role/deploy-admin (full admin)
```

The finding is at the statement that allows the first step (`method` holds its id); every
further step's statement, and where the other actions of a step's method are allowed
(`lambda:CreateFunction` and `lambda:InvokeFunction` beside `iam:PassRole` for E5), are
related locations.

Everything a principal holds counts: inline policies, attached customer-managed policies
(their default version only), attached AWS managed policies (from iamlint's embedded copy),
a user's groups' policies, minus every Deny, within the permissions boundary and any
`--boundary`/`--scp`. A step that a Deny, a boundary or a restricting Condition takes away is
not an edge.

## Why it matters
Each policy, and each principal, can look harmless while the account as a whole is not: a
developer who may pass a deployment role to Lambda is an administrator whenever that role is.

## Example
A user who may pass any role to Lambda, in an account with a role that trusts Lambda and is
an administrator:
```json
{"UserDetailList": [
   {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice",
    "UserPolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
        "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]}]}}]}],
 "RoleDetailList": [
   {"RoleName": "deploy-admin", "Arn": "arn:aws:iam::111122223333:role/deploy-admin",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
      "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}]}
```
reports `user/alice → (E5 iam:PassRole to lambda.amazonaws.com) → role/deploy-admin (full
admin)`.

## Use instead
Limit `iam:PassRole` to the roles the user deploys (and `iam:PassedToService`), keep
`sts:AssumeRole` and trust policies to the callers that need them, and never grant
`iam:CreateAccessKey`, `iam:*LoginProfile` or `iam:AddUserToGroup` on other users and groups
outside an administrators' group.
```json
{"UserDetailList": [
   {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice",
    "UserPolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
        "lambda:CreateFunction", "lambda:InvokeFunction"]},
       {"Effect": "Allow", "Action": "iam:PassRole",
        "Resource": "arn:aws:iam::111122223333:role/functions/*"}]}}]}],
 "RoleDetailList": [
   {"RoleName": "deploy-admin", "Arn": "arn:aws:iam::111122223333:role/deploy-admin",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
      "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}]}
```

## Exceptions and limits
Within one account a request is allowed when either the identity policy or the resource
policy (here the trust policy) allows it; a trust policy that names the caller's ARN is
therefore an edge by itself, even when the caller's permissions boundary does not allow
`sts:AssumeRole` (AWS applies the boundary in some of those cases: such a path may be
reported where the boundary cuts it). Paths are searched up to three steps. In
infrastructure code (a Terraform module, a template), the same search runs over the
principals defined there and reports its paths under IAM220. Resource conditions (tags of the target role) are
treated as restricting; the trust policy's conditions other than restricting ones (source IP,
organization, MFA) are not evaluated. Service control policies not given with `--scp` are
not known. A snapshot is a moment: principals created later are not seen.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
- https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
- https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
- https://pathfinding.cloud
)md"};

// Paths need the whole account: the principal analysis reports them (principals.cpp).
void Check(const PolicyContext& /*context*/, Reporter& /*out*/) {}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM221, iamlint::rules::kInfo, iamlint::rules::Check);

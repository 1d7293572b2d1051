// Permissions-management actions allowed on every resource.

#include "analyzer/analyze/action_lists.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM211",
    .name = "permissions-management",
    .category = Category::kPermissionsManagement,
    .severity = Severity::kMedium,
    .summary = "The policy allows permissions-management actions on every resource.",
    .doc = R"md(
## What it flags
An identity policy that allows, on every resource and with no restricting condition, actions
whose access level in the Service Authorization Reference is "Permissions management":
actions that change who may do what (`iam:PutRolePolicy`, `iam:CreatePolicyVersion`,
`s3:PutBucketPolicy`, `kms:CreateGrant`, `organizations:AttachPolicy` ...). Deny statements
are subtracted; actions that accept only `"Resource": "*"` are left out, and so are the
resource-policy and sharing actions that IAM232 reports.

## Why it matters
Permissions management on every resource is the raw material of privilege escalation and of
resource exposure: the principal can change the policies of identities and resources it
does not own. Cloudsplaining reports the same class as "Resource Exposure".

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:TagRole", "Resource": "*"},
               {"Effect": "Allow", "Action": "iam:PutRolePermissionsBoundary",
                "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:PutRolePermissionsBoundary",
                "Resource": "arn:aws:iam::111122223333:role/app/*"}]}
```

## Exceptions and limits
Statements limited to specific resources or with a restricting Condition are not reported.
When the same actions make a privilege-escalation method (IAM220), both are reported:
this rule names the whole class, IAM220 the concrete method.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://github.com/salesforce/cloudsplaining (resource exposure)
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  // Resource-policy and sharing actions are IAM232's, which says more about them.
  const catalog::ActionSet& management = PermissionsManagementInterest(context.catalog());
  ReportUnrestrictedActions(
      context, out, kInfo, management, "permissions-management actions",
      "the principal can change the permissions of identities and resources it does not own",
      "limit these actions to the resources the principal manages, or add a condition such "
      "as iam:PermissionsBoundary or aws:ResourceTag");
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM211, iamlint::rules::kInfo, iamlint::rules::Check);

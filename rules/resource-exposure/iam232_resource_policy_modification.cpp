// Actions that change who can reach a resource, allowed on every resource.

#include "analyzer/analyze/action_lists.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM232",
    .name = "resource-policy-modification",
    .category = Category::kResourceExposure,
    .severity = Severity::kHigh,
    .summary = "The policy allows changing resource policies, ACLs or sharing on every resource.",
    .doc = R"md(
## What it flags
An identity policy that allows, on every resource and with no restricting condition, actions
that set a resource-based policy, an ACL, or sharing: `s3:PutBucketPolicy`,
`s3:PutBucketAcl`, `s3:PutBucketPublicAccessBlock`, `kms:PutKeyPolicy`, `kms:CreateGrant`,
`sqs:SetQueueAttributes`, `sns:SetTopicAttributes`, `lambda:AddPermission`,
`ecr:SetRepositoryPolicy`, `secretsmanager:PutResourcePolicy`,
`ec2:ModifySnapshotAttribute`, `rds:ModifyDBSnapshotAttribute` ... (the list is
`rules/data/risky-actions.json`, after policy_sentry's `resource-policies.txt`, kept to the
actions that can open a resource to other principals). Deny statements are subtracted.

## Why it matters
Whoever can rewrite a resource policy decides who else can use the resource: one call makes a
bucket public, shares a snapshot with another account, or lets an outside principal use a
KMS key. Access then no longer depends on any IAM policy of the account.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:PutBucketPolicy",
                "Resource": "arn:aws:s3:::app-logs"}]}
```

## Exceptions and limits
Statements limited to specific resources or with a restricting Condition are not reported.
Infrastructure pipelines that manage resource policies need these actions; limit them to the
resources they manage.

## References
- https://github.com/salesforce/policy_sentry (resource-policies.txt)
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  ReportUnrestrictedActions(
      context, out, kInfo, RiskyActions(context.catalog(), RiskyList::kResourceExposure),
      "resource-policy and sharing actions",
      "the principal can open any of these resources to other accounts or to the public",
      "limit these actions to the resources the principal manages");
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM232, iamlint::rules::kInfo, iamlint::rules::Check);

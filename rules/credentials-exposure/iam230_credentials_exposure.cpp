// Actions that return credentials, allowed on every resource.

#include "analyzer/analyze/action_lists.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM230",
    .name = "credentials-exposure",
    .category = Category::kCredentialsExposure,
    .severity = Severity::kHigh,
    .summary = "The policy allows actions that return credentials, on every resource.",
    .doc = R"md(
## What it flags
An identity policy that allows, on every resource and with no restricting condition, actions
that return credentials, tokens, passwords or keys: `iam:CreateAccessKey`,
`iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, `ec2:GetPasswordData`,
`redshift:GetClusterCredentials`, `rds-db:connect`, `lightsail:GetInstanceAccessDetails` ...
(the list is `rules/data/risky-actions.json`, after Cloudsplaining's
`ACTIONS_THAT_RETURN_CREDENTIALS` with its `gamelist:` typos corrected). Deny statements are
subtracted. Actions that accept only `"Resource": "*"` (such as `ecr:GetAuthorizationToken`
or `sts:GetSessionToken`) are not reported: no Resource could be narrower.

## Why it matters
Credentials are the keys to other identities: an access key for any user, a database password,
an instance's administrator password. Whoever holds the permission can act as those
identities from anywhere, and the credentials outlive the session that obtained them.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}]}
```

## Use instead
Limit the action to the principal's own resources, for example its own user:
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey",
                "Resource": "arn:aws:iam::111122223333:user/${aws:username}"}]}
```

## Exceptions and limits
Statements limited to specific resources or with a restricting Condition are not reported.

## References
- https://github.com/salesforce/cloudsplaining (credentials exposure)
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  ReportUnrestrictedActions(
      context, out, kInfo, RiskyActions(context.catalog(), RiskyList::kCredentialsExposure),
      "credentials-exposing actions",
      "the principal can obtain credentials, keys or passwords of identities it does not own",
      "limit these actions to the resources the principal owns, or remove them");
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM230, iamlint::rules::kInfo, iamlint::rules::Check);

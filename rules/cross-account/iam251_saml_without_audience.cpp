// SAML federation trust without SAML:aud.

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM251",
                         .name = "saml-without-audience",
                         .category = Category::kCrossAccount,
                         .severity = Severity::kLow,
                         .summary = "A role trusts a SAML provider without a SAML:aud condition.",
                         .doc = R"md(
## What it flags
A trust policy statement that allows a SAML provider
(`arn:aws:iam::<account>:saml-provider/<name>`) with no test on `SAML:aud`.

## Why it matters
`SAML:aud` ties the assertion to the AWS sign-in endpoint it was issued for. Without it, an
assertion the identity provider issued for another service provider can be replayed to
assume the role. AWS's own console-generated trust policies include the condition.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
   "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
   "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"},
   "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}
```

## Exceptions and limits
None.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kTrust) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || FindConditionTest(st, "SAML:aud") != nullptr) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      if (p.type == "Federated" && p.value.text.find(":saml-provider/") != std::string::npos) {
        Finding& f = out.Report(kInfo, p.value.range,
                                "the role trusts the SAML provider " + p.value.text +
                                    " without a SAML:aud condition: an assertion issued for "
                                    "another service could be replayed to assume it",
                                "add \"Condition\": {\"StringEquals\": {\"SAML:aud\": "
                                "\"https://signin.aws.amazon.com/saml\"}}");
        f.statement = st.Label();
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM251, iamlint::rules::kInfo, iamlint::rules::Check);

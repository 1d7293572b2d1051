// Condition keys that no request carries: malformed, unknown, unsupported, or a tag family
// without its tag key.

#include <array>

#include "analyzer/analyze/conditions.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/suggest.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"INVALID_CONDITION_KEY_FORMAT", "INVALID_GLOBAL_CONDITION_KEY",
     "INVALID_SERVICE_CONDITION_KEY", "INVALID_SERVICE", "UNSUPPORTED_GLOBAL_CONDITION_KEY",
     "MISSING_TAG_KEY_IN_CONDITION"});

constexpr RuleInfo kInfo{
    .id = "IAM111",
    .name = "condition-key",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "A condition key does not exist, so the condition never sees a value.",
    .doc = R"md(
## What it flags
A key in a `Condition` that no request carries:
- a key that is not of the form `prefix:name`;
- an `aws:` key that is not a global condition key (`aws:SourceIpAddress`), or `aws:ARN`,
  which AWS does not support in policies;
- a key of a known service that the service does not define (`s3:ObjectTag/x`);
- a prefix that is neither a service nor an identity provider;
- a tag family without its tag key (`aws:ResourceTag` instead of `aws:ResourceTag/team`).

## Why it matters
A key that is never in the request context is missing for every request: positive operators
never match and negated ones always do. An Allow with such a condition grants nothing, a Deny
with a negated operator denies everything, and a Deny with a positive operator protects
nothing. Access Analyzer reports these as errors.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIpAddress": "203.0.113.0/24"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}
```

## Exceptions and limits
Keys of identity providers are not in the catalog and are accepted: `saml:*` and any prefix
that is a host name or URL (`token.actions.githubusercontent.com:sub`, `accounts.google.com:aud`,
`cognito-identity.amazonaws.com:amr`, `oidc.eks.us-east-1.amazonaws.com/id/X:sub`). A key
newer than the catalog's data is reported until the catalog is refreshed.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

void CheckKey(const Located& key, const catalog::Catalog& cat, Reporter& out) {
  const KeyLookup lookup = LookUpConditionKey(cat, key.text);
  const std::string quoted = "'" + key.text + "'";
  const std::string never = ": no request carries it, so the condition treats it as missing";
  switch (lookup.status) {
    case KeyStatus::kKnown:
    case KeyStatus::kIdentityProvider:
      return;
    case KeyStatus::kBadFormat:
      out.Report(kInfo, "INVALID_CONDITION_KEY_FORMAT", Severity::kHigh, key.range,
                 "condition key " + quoted + " is not of the form prefix:name" + never,
                 "write a global key such as aws:SourceIp or a service key such as s3:prefix");
      return;
    case KeyStatus::kMissingTagKey: {
      const std::string family = key.text.substr(0, key.text.find('/'));
      out.Report(kInfo, "MISSING_TAG_KEY_IN_CONDITION", Severity::kHigh, key.range,
                 quoted + " names no tag key (the key is " + family + "/<tag-key>)" + never,
                 "add the tag key, e.g. '" + family + "/team'");
      return;
    }
    case KeyStatus::kUnsupportedGlobal:
      out.Report(kInfo, "UNSUPPORTED_GLOBAL_CONDITION_KEY", Severity::kHigh, key.range,
                 quoted + " is not supported in policies" + never,
                 "use aws:PrincipalArn for the caller's ARN or aws:SourceArn for the resource "
                 "that made a service call");
      return;
    case KeyStatus::kUnknownGlobal:
    case KeyStatus::kUnknownServiceKey: {
      const bool global = lookup.status == KeyStatus::kUnknownGlobal;
      const auto suggestion = SuggestConditionKey(cat, key.text);
      const std::string prefix = key.text.substr(0, key.text.find(':'));
      out.Report(kInfo, global ? "INVALID_GLOBAL_CONDITION_KEY" : "INVALID_SERVICE_CONDITION_KEY",
                 Severity::kHigh, key.range,
                 global ? quoted + " is not a global condition key" + never
                        : quoted + " is not a condition key of " + ToLower(prefix) + never,
                 suggestion ? "did you mean '" + *suggestion + "'?"
                            : "check the key in the Service Authorization Reference; a key newer "
                              "than the catalog's data (" +
                                  std::string(cat.data_date()) + ") needs a newer catalog");
      return;
    }
    case KeyStatus::kUnknownService: {
      const std::string prefix = key.text.substr(0, key.text.find(':'));
      const auto suggestion = catalog::SuggestService(cat, ToLower(prefix));
      out.Report(kInfo, "INVALID_SERVICE", Severity::kHigh, SubRange(key, 0, prefix.size()),
                 "unknown service prefix '" + prefix + "' in condition key " + quoted + never,
                 suggestion ? "did you mean '" + *suggestion + ":'?"
                            : "use a service prefix, or the host name of a web identity "
                              "provider (token.actions.githubusercontent.com:sub)");
      return;
    }
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const ConditionTest& test : st.conditions) {
      if (!HasUnknown(test.key.text)) {
        CheckKey(test.key, context.catalog(), out);
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM111, iamlint::rules::kInfo, iamlint::rules::Check);

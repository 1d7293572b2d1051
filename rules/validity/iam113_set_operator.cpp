// ForAllValues and ForAnyValue that a request passes or escapes by leaving the key out.

#include <algorithm>
#include <array>

#include "analyzer/analyze/conditions.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"FORALLVALUES_WITH_SINGLE_VALUED_KEY", "CONFIRM_AUDIENCE_CLAIM_TYPE"});

constexpr RuleInfo kInfo{
    .id = "IAM113",
    .name = "set-operator",
    .category = Category::kValidity,
    .severity = Severity::kMedium,
    .summary = "A ForAllValues or ForAnyValue condition is passed or escaped by omitting the key.",
    .doc = R"md(
## What it flags
- `ForAllValues:` on a single-valued key (`aws:PrincipalTag/team`, `aws:SourceVpc`).
- `ForAllValues:` in an Allow with no test that the key is present (`"Null": {key: "false"}`
  or a `ForAnyValue:` test on the same key).
- `ForAnyValue:` on a multivalued key in a Deny, when no Deny in the policy catches requests
  without the key (`"Null": {key: "true"}`) and the operator has no `IfExists`.

## Why it matters
`ForAllValues:` is true when every value of the request's key matches, which includes a
request with no value at all: an Allow conditioned on it grants requests that leave the key
out, and on a single-valued key it reads like an ordinary test while being vacuously true
whenever the key is missing. `ForAnyValue:` is false without values, so a Deny conditioned on
it does not deny requests that omit the key (a principal outside any organization has no
`aws:PrincipalOrgPaths`).

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]},
                              "Null": {"aws:TagKeys": "false"}}}]}
```

## Exceptions and limits
Key types come from the catalog; keys it does not know are left to IAM110/IAM111. A Deny
with `ForAnyValue:` on `aws:TagKeys` (or a service's `...TagKeys`) is not flagged: a request
that sets no tags sets none of the denied ones; an Allow with `ForAllValues:` on a `TagKeys` key
and no `Null` test is reported as low, since AWS's own policies use it to limit which tags may
be set while letting untagged requests through. Identity-provider claims are treated as
possibly multivalued. In trust policies, a test of a web identity provider's `aud` claim gets a
reminder to confirm whether the provider sends one audience or a list (plain operator versus
`ForAnyValue:`), as Access Analyzer gives.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

// True for a test `Null: {key: "<value>"}` without qualifier on `key`.
bool IsNullTest(const ConditionTest& test, std::string_view key, std::string_view value) {
  if (test.base_operator != "Null" || test.qualifier != SetQualifier::kNone || test.if_exists ||
      !EqualsIgnoreCase(test.key.text, key)) {
    return false;
  }
  return std::any_of(test.values.begin(), test.values.end(),
                     [&](const Located& v) { return EqualsIgnoreCase(v.text, value); });
}

// True when `st` requires `key` to be present: Null false, or a positive ForAnyValue test.
bool RequiresKey(const Statement& st, std::string_view key) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), [&](const ConditionTest& t) {
    if (IsNullTest(t, key, "false")) {
      return true;
    }
    const auto op = FindOperator(t.base_operator);
    return t.qualifier == SetQualifier::kForAnyValue && !t.if_exists && op && !op->negated &&
           op->family != OperatorFamily::kNull && EqualsIgnoreCase(t.key.text, key);
  });
}

// True when some Deny of the policy denies requests without `key`.
bool DeniesMissingKey(const Policy& policy, std::string_view key) {
  return std::any_of(policy.statements.begin(), policy.statements.end(), [&](const Statement& st) {
    return st.Denies() &&
           std::any_of(st.conditions.begin(), st.conditions.end(),
                       [&](const ConditionTest& t) { return IsNullTest(t, key, "true"); });
  });
}

void CheckTest(const Policy& policy, const Statement& st, const ConditionTest& test,
               const catalog::Catalog& cat, Reporter& out) {
  const auto op = FindOperator(test.base_operator);
  if (!op || op->family == OperatorFamily::kNull || HasUnknown(test.key.text)) {
    return;
  }
  const KeyLookup key = LookUpConditionKey(cat, test.key.text);
  const bool known = key.status == KeyStatus::kKnown && key.type != catalog::KeyType::kUnknown;
  const bool multivalued =
      (known && IsMultiValued(key.type)) || key.status == KeyStatus::kIdentityProvider;
  const std::string quoted = "'" + test.key.text + "'";
  const std::string op_name = "'" + test.operator_name.text + "'";
  if (test.qualifier == SetQualifier::kForAllValues) {
    if (known && !multivalued) {
      out.Report(kInfo, "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                 st.Allows() ? Severity::kHigh : Severity::kMedium, test.key.range,
                 quoted + " has one value per request, and " + op_name +
                     " is also true when the key is missing: the condition does not require it",
                 "drop the ForAllValues: prefix (write '" + test.base_operator +
                     (test.if_exists ? "IfExists" : "") +
                     "'); actions of the statement that never carry the key then need a "
                     "statement of their own");
      return;
    }
    // A negated test ("none of these values") is meant to hold without the key.
    if (multivalued && st.Allows() && !op->negated && !RequiresKey(st, test.key.text)) {
      Finding& f =
          out.Report(kInfo, test.key.range,
                     quoted + " under " + op_name +
                         ": the test is true when the request has no such key, so this Allow also "
                         "grants requests that leave the key out",
                     "add \"Null\": {\"" + test.key.text + "\": \"false\"} to require the key");
      // Limiting which tag keys may be set is AWS's own idiom, and a request that sets no tags
      // is usually meant to pass: low there, medium for other keys.
      f.severity = ToLower(test.key.text).ends_with("tagkeys") ? Severity::kLow : Severity::kMedium;
    }
    return;
  }
  if (test.qualifier == SetQualifier::kForAnyValue && st.Denies() && multivalued &&
      !test.if_exists && !ToLower(test.key.text).ends_with("tagkeys") &&
      !DeniesMissingKey(policy, test.key.text)) {
    Finding& f =
        out.Report(kInfo, test.key.range,
                   quoted + " under " + op_name +
                       ": the test is false when the request has no such key, so this Deny does "
                       "not deny requests that leave the key out",
                   "also deny requests without the key: a Deny with \"Null\": {\"" + test.key.text +
                       "\": \"true\"}, or use '" + test.operator_name.text + "IfExists'");
    f.severity = Severity::kMedium;
  }
}

// True for the audience claim of a web identity provider: <host>:aud.
bool IsOidcAudience(std::string_view key) {
  const size_t colon = key.rfind(':');
  return colon != std::string_view::npos && EqualsIgnoreCase(key.substr(colon + 1), "aud") &&
         key.substr(0, colon).find('.') != std::string_view::npos;
}

// Whether a provider sends one audience or a list decides which operator form is right; Access
// Analyzer asks to confirm it whenever a trust policy tests the claim.
void CheckAudience(const ConditionTest& test, Reporter& out) {
  const bool qualified = test.qualifier != SetQualifier::kNone;
  out.Report(kInfo, "CONFIRM_AUDIENCE_CLAIM_TYPE", Severity::kLow, test.key.range,
             "'" + test.key.text + "' is the token's audience claim, tested with '" +
                 test.operator_name.text + "': check that " +
                 (qualified ? "the provider sends a list of audiences"
                            : "the provider sends a single audience"),
             qualified ? "for a single-valued aud claim drop the qualifier (write '" +
                             test.base_operator + (test.if_exists ? "IfExists" : "") + "')"
                       : "for a provider that sends a list of audiences use 'ForAnyValue:" +
                             test.operator_name.text + "'");
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const ConditionTest& test : st.conditions) {
      if (HasUnknown(test.operator_name.text) || HasUnknown(test.key.text)) {
        continue;
      }
      if (test.qualifier != SetQualifier::kNone) {
        CheckTest(context.policy, st, test, context.catalog(), out);
      }
      if (context.policy.kind == PolicyKind::kTrust && st.Allows() &&
          test.base_operator != "Null" && IsOidcAudience(test.key.text)) {
        CheckAudience(test, out);
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM113, iamlint::rules::kInfo, iamlint::rules::Check);

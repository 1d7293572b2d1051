// A policy without a Version element.

#include <array>
#include <string>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>({"MISSING_VERSION"});

constexpr RuleInfo kInfo{.id = "IAM105",
                         .name = "missing-version",
                         .category = Category::kValidity,
                         .severity = Severity::kMedium,
                         .summary = "The policy has no Version element.",
                         .doc = R"md(
## What it flags
A policy document without a `Version` element. When the policy uses policy variables such as
`${aws:username}`, the message names the first one.

## Why it matters
Without `Version`, IAM reads the policy with the 2008-10-17 language: policy variables are not
substituted but compared as the literal text `${aws:username}`, so a statement meant to give each
user their own folder matches nothing (or, in a Deny, protects nothing). Newer language features
may not apply either. Stating the version makes the meaning explicit.

## Example
```json
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## Exceptions and limits
Access Analyzer's own text says a missing Version defaults to 2012-10-17; the IAM Version page
says it defaults to 2008-10-17 with variables left literal. iamlint follows the IAM page.
SAM policy templates (`DynamoDBCrudPolicy: ...`) are expanded by SAM without a Version; that is
not the template author's to fix, so they are not reported.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// A policy variable in `text`, e.g. "${aws:username}", or empty.
std::string_view FirstVariable(std::string_view text) {
  const size_t open = text.find("${");
  if (open == std::string_view::npos) {
    return {};
  }
  const size_t close = text.find('}', open + 2);
  if (close == std::string_view::npos) {
    return {};
  }
  return text.substr(open, close - open + 1);
}

// The first policy variable in a Resource/NotResource or Condition value of the policy.
std::string_view FirstVariable(const Policy& policy) {
  for (const Statement& st : policy.statements) {
    for (const Located& r : st.resources) {
      if (const auto v = FirstVariable(r.text); !v.empty()) {
        return v;
      }
    }
    for (const ConditionTest& c : st.conditions) {
      for (const Located& value : c.values) {
        if (const auto v = FirstVariable(value.text); !v.empty()) {
          return v;
        }
      }
    }
  }
  return {};
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  if (policy.version || policy.generated || policy.range.end <= policy.range.begin) {
    return;
  }
  const ByteRange open{policy.range.begin, policy.range.begin + 1};
  const std::string_view variable = FirstVariable(policy);
  constexpr size_t kMaxShown = 60;
  if (variable.empty()) {
    out.Report(kInfo, "MISSING_VERSION", Severity::kMedium, open,
               "the policy has no Version: IAM then reads it with the old 2008-10-17 language",
               "add \"Version\": \"2012-10-17\" at the top of the policy");
    return;
  }
  const std::string shown = variable.size() > kMaxShown
                                ? std::string(variable.substr(0, kMaxShown)) + "..."
                                : std::string(variable);
  out.Report(kInfo, "MISSING_VERSION", Severity::kMedium, open,
             "the policy has no Version, so IAM reads it as 2008-10-17 and " + shown +
                 " is matched as literal text, not replaced by its value",
             "add \"Version\": \"2012-10-17\" at the top of the policy");
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM105, iamlint::rules::kInfo, iamlint::rules::Check);

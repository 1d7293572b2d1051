// An Action, Resource or Principal element written empty: the statement applies to nothing.

#include <array>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks =
    std::to_array<std::string_view>({"EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE",
                                     "EMPTY_ARRAY_PRINCIPAL", "EMPTY_OBJECT_PRINCIPAL"});

constexpr RuleInfo kInfo{.id = "IAM124",
                         .name = "empty-element",
                         .category = Category::kRedundancy,
                         .severity = Severity::kLow,
                         .summary =
                             "An Action, Resource or Principal element is empty: the "
                             "statement applies to nothing.",
                         .doc = R"md(
## What it flags
A statement whose `Action`, `NotAction`, `Resource` or `NotResource` is an empty array, or
whose `Principal` (or `NotPrincipal`) is an empty object `{}` or gives a principal type an
empty array (`{"AWS": []}`).

## Why it matters
An empty list matches nothing: the statement allows or denies nothing (an empty `NotAction`
or `NotResource` excludes nothing, so it applies to everything). Either a value was lost,
for example when a template variable expanded to an empty list, or the statement is dead
weight that readers must still reason about.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": [], "Resource": "arn:aws:s3:::reports/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::reports/*"}]}
```

## Exceptions and limits
`"Principal": []` is not a valid principal at all and is reported by IAM101 instead.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

std::string_view CodeFor(const Statement::EmptyElement& empty) {
  if (empty.element.ends_with("Action")) {
    return "EMPTY_ARRAY_ACTION";
  }
  if (empty.element.ends_with("Resource")) {
    return "EMPTY_ARRAY_RESOURCE";
  }
  return empty.object ? "EMPTY_OBJECT_PRINCIPAL" : "EMPTY_ARRAY_PRINCIPAL";
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const Statement::EmptyElement& empty : st.empty_elements) {
      const bool negated = empty.element.starts_with("Not");
      const bool principal = empty.element.ends_with("Principal");
      const std::string what = "the " + empty.element + " element of statement " + st.Label() +
                               (empty.object ? " is an empty object" : " is an empty list");
      std::string why;
      if (negated) {
        why = ": it excludes nothing, so the statement applies to every " +
              std::string(principal                           ? "principal"
                          : empty.element.ends_with("Action") ? "action"
                                                              : "resource");
      } else {
        why = ": the statement matches no " +
              std::string(principal                           ? "principal"
                          : empty.element.ends_with("Action") ? "action"
                                                              : "resource") +
              " and has no effect";
      }
      Finding& f = out.Report(kInfo, CodeFor(empty), kInfo.severity, empty.range, what + why,
                              "fill in the values the statement is meant for, or remove " +
                                  std::string(negated ? "the element" : "the statement"));
      f.statement = st.Label();
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM124, iamlint::rules::kInfo, iamlint::rules::Check);

// An empty Condition object, or a condition key given an empty list of values.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks =
    std::to_array<std::string_view>({"EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES",
                                     "EMPTY_ARRAY_CONDITION_FORANYVALUE",
                                     "EMPTY_ARRAY_CONDITION_IFEXISTS", "EMPTY_OBJECT_CONDITION"});

constexpr RuleInfo kInfo{
    .id = "IAM117",
    .name = "empty-condition",
    .category = Category::kRedundancy,
    .severity = Severity::kLow,
    .summary = "A Condition is empty, or a condition key has an empty list of values.",
    .doc = R"md(
## What it flags
`"Condition": {}`, and condition keys whose value is `[]`.

## Why it matters
An empty Condition restricts nothing: the statement applies as if it had none, which may not be
what the author meant. A key with no values does not do what it seems to:
- a plain operator (`StringEquals: {"aws:PrincipalTag/team": []}`) never matches, so the
  statement never applies; a negated one (`StringNotEquals`) matches every request;
- `ForAnyValue:` with `[]` never matches;
- `ForAllValues:` with `[]` matches only when the key is absent or has no values, and
  `…IfExists` with `[]` matches only when the key is absent: `Null` says that plainly.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"Null": {"aws:TagKeys": "true"}}}]}
```

## Exceptions and limits
Lists that are empty only because their elements were of the wrong type are reported by
`policy-structure` instead.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

// True when a structure problem was found inside `range` (e.g. a value of the wrong type, which
// the normalizer drops: the list was not really empty).
bool HasProblemWithin(const Policy& policy, ByteRange range) {
  return std::any_of(policy.problems.begin(), policy.problems.end(),
                     [&](const StructureProblem& p) {
                       return p.range.begin >= range.begin && p.range.end <= range.end;
                     });
}

bool IsNegated(std::string_view base_operator) {
  return base_operator.starts_with("StringNot") || base_operator.starts_with("ArnNot") ||
         base_operator == "NumericNotEquals" || base_operator == "DateNotEquals" ||
         base_operator == "NotIpAddress";
}

void CheckTest(const Policy& policy, const Statement& st, const ConditionTest& test,
               Reporter& out) {
  if (!test.values_array || !test.values.empty() || HasProblemWithin(policy, test.values_range)) {
    return;
  }
  const std::string op = ShortenForMessage(test.operator_name.text);
  const std::string key = ShortenForMessage(test.key.text);
  const std::string null_help = "to require that " + key + " is absent, write \"Null\": {\"" + key +
                                "\": \"true\"}; otherwise list the values";
  std::string_view code;
  std::string message;
  std::string help;
  if (test.qualifier == SetQualifier::kForAllValues) {
    code = "EMPTY_ARRAY_CONDITION_FORALLVALUES";
    message = op + " with no values for " + key +
              " matches only requests where the key is absent or has no values";
    help = null_help;
  } else if (test.qualifier == SetQualifier::kForAnyValue) {
    code = "EMPTY_ARRAY_CONDITION_FORANYVALUE";
    message = op + " with no values for " + key + " never matches, so statement " + st.Label() +
              " never applies";
    help = "list the values, or remove the statement";
  } else if (test.if_exists) {
    code = "EMPTY_ARRAY_CONDITION_IFEXISTS";
    message = op + " with no values for " + key + " matches only requests without the key";
    help = null_help;
  } else {
    code = "EMPTY_ARRAY_CONDITION";
    message = IsNegated(test.base_operator)
                  ? op + " with no values for " + key + " matches every request"
                  : op + " with no values for " + key + " never matches, so statement " +
                        st.Label() + " never applies";
    help = "list the values, or remove the test";
  }
  Finding& f = out.Report(kInfo, code, Severity::kLow, test.values_range, std::move(message),
                          std::move(help));
  f.statement = st.Label();
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  for (const Statement& st : policy.statements) {
    if (st.condition_block && st.conditions.empty() &&
        !HasProblemWithin(policy, *st.condition_block)) {
      Finding& f = out.Report(
          kInfo, "EMPTY_OBJECT_CONDITION", Severity::kLow, *st.condition_block,
          "the Condition of statement " + st.Label() + " has no tests, so it restricts nothing",
          "remove the empty Condition, or add the tests it was meant to hold");
      f.statement = st.Label();
    }
    for (const ConditionTest& test : st.conditions) {
      CheckTest(policy, st, test, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM117, iamlint::rules::kInfo, iamlint::rules::Check);

// A suppression directive that suppresses no finding (only with --report-unused-suppressions).
// Reported by the suppression stage (analyzer/analyze/suppressions.cpp).

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM902",
                         .name = "unused-suppression",
                         .category = Category::kRedundancy,
                         .severity = Severity::kLow,
                         .summary = "A suppression directive suppresses no finding.",
                         .doc = R"md(
## What it flags
An `iamlint:ignore` comment, an `IamlintIgnore...` statement id or a CloudFormation
`Metadata: iamlint: ignore:` entry that names a rule with no finding in what it covers.
Reported with `--report-unused-suppressions` (or `report-unused-suppressions: true` in the
configuration), like ruff's RUF100.

## Why it matters
A suppression that outlived its finding would silently hide the next, unrelated finding of
that rule in the same place. Removing it keeps every suppression a reviewed decision.

## Example
```hcl
resource "aws_iam_policy" "reader" {
  # iamlint:ignore IAM201 was admin during the migration
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }] })
}
```

## Use instead
```hcl
resource "aws_iam_policy" "reader" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }] })
}
```

## Exceptions and limits
A directive for a rule that did not run (`--rule`, a rule turned off in the configuration) is
not reported: it cannot be told unused.

## References
- https://docs.astral.sh/ruff/rules/unused-noqa/
)md"};

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM902, iamlint::rules::kInfo, nullptr);

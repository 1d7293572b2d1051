// A suppression directive that iamlint cannot apply: it names no rule, an unknown rule, or
// gives no reason. Reported by the suppression stage (analyzer/analyze/suppressions.cpp).

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM901",
                         .name = "invalid-suppression",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary =
                             "A suppression names no rule, an unknown rule, or gives no "
                             "reason, so it is not applied.",
                         .doc = R"md(
## What it flags
A suppression directive iamlint cannot apply:
- a comment `# iamlint:ignore` (or `// iamlint:ignore` in Terraform, or `iamlint:ignore-file`)
  without a rule, with a rule that does not exist, or without a reason after the rules;
- a comment starting with `iamlint:` that is not a directive (`iamlint:disable`);
- a statement id `IamlintIgnore...` without rule ids or without a reason after them;
- a CloudFormation `Metadata: iamlint: ignore:` entry without `rules` or `reason`.

## Why it matters
A suppression hides a finding from every later reader, so it must say which finding and why
it is acceptable; a reason is what a reviewer approves. A directive that cannot be applied
leaves the finding reported, and this finding says why the directive did not work.

## Example
```hcl
resource "aws_iam_policy" "ops" {
  # iamlint:ignore IAM201
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
```

## Use instead
```hcl
resource "aws_iam_policy" "ops" {
  # iamlint:ignore IAM201 break-glass policy, attached only to the incident role (SEC-123)
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
```

## Exceptions and limits
Forms: `iamlint:ignore RULES reason` covers the construct that starts on the comment's line
(after code) or on the next line (a comment alone on its line): in Terraform up to where the
brackets opened on that line close, in YAML the lines indented below it.
`iamlint:ignore-file RULES reason` covers the whole file. RULES is a comma-separated list of
rule ids or names. In a policy written as JSON, where comments do not exist, a statement's
`Sid` can carry the directive: `IamlintIgnoreIAM201BreakGlassAccess` (rule ids, then the
reason in CamelCase); or use the configuration file or a baseline.

## References
- https://docs.astral.sh/ruff/linter/#error-suppression
- https://www.shellcheck.net/wiki/Directive
)md"};

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM901, iamlint::rules::kInfo, nullptr);

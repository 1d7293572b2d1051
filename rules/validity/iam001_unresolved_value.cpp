// A policy from infrastructure code depends on a value that is not known before apply.

#include <set>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{.id = "IAM001",
                         .name = "unresolved-value",
                         .category = Category::kValidity,
                         .severity = Severity::kInfo,
                         .summary = "Part of the policy depends on a value not known before apply.",
                         .doc = R"md(
## What it flags
A policy in Terraform (or another infrastructure language) whose text depends on a value
iamlint cannot compute from the files: a variable without a default or a `.tfvars` entry, a
resource attribute known only after apply (`aws_s3_bucket.b.arn` when the bucket name is not
literal), `count.index`, `each.value`, an unsupported function. When the whole policy
cannot be built (its JSON is produced by an unknown value), the finding is on the attribute
and the policy is not analysed.

## Why it matters
An unknown value is kept as an opaque segment: it never matches a wildcard or another name
by accident, so no finding is invented from it, but checks that need it cannot conclude. The
finding says what was not analysed instead of silently passing it.

## Example
```hcl
variable "bucket" {}   # no default, no tfvars
resource "aws_iam_policy" "p" {
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket}/*"}]})
}
```

## Use instead
Give the variable a default, a `terraform.tfvars` entry, or pass `--var-file`; or scan the
plan (`terraform show -json plan.out > plan.json; iamlint check plan.json`), where Terraform
has resolved what it could.
```hcl
variable "bucket" {
  default = "app-data"
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket}/*"}]})
}
```

## Exceptions and limits
Reported once per unknown value and policy, at its first use. Not reported for attributes of
resources defined in the scanned code (`aws_iam_role.r.arn`), the account or the partition:
those are specific values whose text is only known after apply, kept as opaque placeholders.

## References
- https://developer.hashicorp.com/terraform/language/values/variables#assigning-values-to-root-module-variables
- https://developer.hashicorp.com/terraform/internals/json-format
)md"};

void Check(const PolicyContext& context, Reporter& out) {
  std::set<std::string> seen;
  auto visit = [&](const Located& value) {
    if (!HasUnknown(value.text)) {
      return;
    }
    for (const std::string& name : UnknownNames(value.text)) {
      // '@': a resource of the scanned code, the account or partition: known to be specific.
      if (!name.starts_with('@') && seen.insert(name).second) {
        // Built with append: GCC 12 warns falsely (-Wrestrict) on a chain of operator+.
        std::string message = "'";
        message.append(DisplayText(value.text)).append("' depends on ").append(name);
        message.append(", which is not known before apply: checks that need it are skipped");
        out.Report(kInfo, value.range, std::move(message),
                   "give it a default or a terraform.tfvars value, or scan the plan JSON");
      }
    }
  };
  for (const Located& statements : context.policy.unknown_statements) {
    visit(statements);
  }
  for (const Statement& st : context.policy.statements) {
    if (st.effect_text) {
      visit(*st.effect_text);
    }
    for (const Located& a : st.actions) {
      visit(a);
    }
    for (const Located& r : st.resources) {
      visit(r);
    }
    for (const PrincipalEntry& p : st.principals) {
      visit(p.value);
    }
    for (const ConditionTest& c : st.conditions) {
      visit(c.operator_name);
      visit(c.key);
      for (const Located& v : c.values) {
        visit(v);
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM001, iamlint::rules::kInfo, iamlint::rules::Check);

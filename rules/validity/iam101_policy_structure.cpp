// Malformed policy structure: the document is valid JSON but not a valid IAM policy.

#include <array>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"DATA_TYPE_MISMATCH", "INVALID_EFFECT", "INVALID_POLICY_ELEMENT", "INVALID_VERSION",
     "MISSING_ACTION", "MISSING_EFFECT", "MISSING_RESOURCE", "MISSING_STATEMENT",
     "UNSUPPORTED_ELEMENT_COMBINATION", "INVALID_PRINCIPAL_FORMAT", "INVALID_PRINCIPAL_KEY",
     "MISSING_PRINCIPAL", "UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL"});

constexpr RuleInfo kInfo{.id = "IAM101",
                         .name = "policy-structure",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary = "The policy document does not follow the IAM policy grammar.",
                         .doc = R"md(
## What it flags
Documents that parse as JSON but break the IAM policy grammar: a statement without `Effect`
or without `Action`/`NotAction`; an `Effect` other than `Allow` or `Deny` (the value is
case-sensitive); both `Action` and `NotAction` (likewise `Resource`/`NotResource`,
`Principal`/`NotPrincipal`); unknown or wrongly cased element names; values of the wrong
type; repeated member names; an unsupported `Version`; a `Principal` in an identity policy;
an identity-policy statement without `Resource`; a resource or trust policy without `Principal`.

## Why it matters
IAM rejects such a policy when it is created, or (for a miscased element) the element is
not what the author meant. Access Analyzer reports each of these as an ERROR finding.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
```

## Exceptions and limits
The policy kind decides which elements are required; for a raw JSON file it is inferred
from the content unless `--policy-kind` is given.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

void CheckVersion(const Policy& policy, Reporter& out) {
  if (policy.version && policy.version->text != "2012-10-17" &&
      policy.version->text != "2008-10-17") {
    out.Report(
        kInfo, "INVALID_VERSION", kInfo.severity, policy.version->range,
        "Version must be \"2012-10-17\" or \"2008-10-17\", not \"" + policy.version->text + "\"",
        "use \"Version\": \"2012-10-17\"");
  }
}

void CheckKindElements(const Policy& policy, const Statement& st, Reporter& out) {
  const bool principal_forbidden = !policy.kind_inferred && (policy.kind == PolicyKind::kIdentity ||
                                                             policy.kind == PolicyKind::kScp ||
                                                             policy.kind == PolicyKind::kBoundary);
  const std::string a_kind = policy.kind == PolicyKind::kIdentity   ? "an identity"
                             : policy.kind == PolicyKind::kScp      ? "an SCP"
                             : policy.kind == PolicyKind::kBoundary ? "a permissions boundary"
                             : policy.kind == PolicyKind::kTrust    ? "a trust"
                                                                    : "a resource";
  if (st.has_principal && principal_forbidden) {
    out.Report(
        kInfo,
        policy.kind == PolicyKind::kScp ? "SCP_SYNTAX_ERROR_PRINCIPAL" : "UNSUPPORTED_PRINCIPAL",
        kInfo.severity, st.principal_key,
        a_kind + " policy cannot have " + (st.not_principal ? "NotPrincipal" : "Principal") +
            ": the principal is whoever the policy is attached to",
        "remove the element, or check with --policy-kind if this is a resource policy");
  }
  const ByteRange open{st.range.begin, st.range.begin + 1};
  if (policy.kind == PolicyKind::kIdentity && !st.has_resource) {
    out.Report(kInfo, "MISSING_RESOURCE", kInfo.severity, open,
               "statement " + st.Label() + " has no Resource",
               "identity policies need \"Resource\"; use the ARNs the actions apply to");
  }
  if ((policy.kind == PolicyKind::kResource || policy.kind == PolicyKind::kTrust) &&
      !st.has_principal) {
    out.Report(kInfo, "MISSING_PRINCIPAL", kInfo.severity, open,
               "statement " + st.Label() + " of " + a_kind + " policy has no Principal",
               "name who the statement applies to in \"Principal\"");
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const StructureProblem& problem : context.policy.problems) {
    Finding& f = out.Report(kInfo, problem.range, problem.message, problem.help);
    f.aws_check = problem.aws_check;
  }
  CheckVersion(context.policy, out);
  for (const Statement& st : context.policy.statements) {
    CheckKindElements(context.policy, st, out);
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM101, iamlint::rules::kInfo, iamlint::rules::Check);

// SCP and RCP grammar: what AWS Organizations accepts beyond the IAM policy grammar.

#include <algorithm>
#include <array>
#include <string>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"SCP_SYNTAX_ERROR_ACTION_WILDCARD", "RCP_SYNTAX_ERROR_PRINCIPAL", "RCP_SYNTAX_ERROR_ALLOW",
     "RCP_SYNTAX_ERROR_NOTACTION", "RCP_SYNTAX_ERROR_ACTION"});

constexpr RuleInfo kInfo{.id = "IAM142",
                         .name = "organizations-policy-grammar",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary =
                             "A service or resource control policy uses a form AWS "
                             "Organizations does not accept.",
                         .doc = R"md(
## What it flags
In a service control policy (SCP): an `Action` or `NotAction` value with a `*` anywhere but at
the end (`iam:*Role`).

In a resource control policy (RCP):
- a `Principal` other than `"*"`, a missing `Principal`, or `NotPrincipal`;
- an `Allow` statement;
- `NotAction`;
- `"Action": "*"`, or an action of a service that RCPs do not apply to (`ec2:*`).

## Why it matters
AWS Organizations rejects such a policy when it is created or updated. An RCP only restricts:
it applies to every principal (`"*"`, narrowed with conditions such as `aws:PrincipalOrgID`),
its statements deny, and it covers the actions of a fixed list of services, so a statement
about any other service would silently do nothing.

## Example
```hcl
resource "aws_organizations_policy" "perimeter" {
  name = "perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "ec2:*"
      Resource  = "*"
      Condition = { StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-abc123def4" } }
    }]
  })
}
```

## Use instead
```hcl
resource "aws_organizations_policy" "perimeter" {
  name = "perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*", "sqs:*"]
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-abc123def4" }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}
```

## Exceptions and limits
The SCP wildcard rule is the documented SCP syntax and Access Analyzer still lists the check,
but the September 2025 change that gave SCPs the full IAM language may have relaxed it. The list
of services RCPs support grows over time; iamlint's copy is the AWS Organizations list as of
2026 (S3, STS, KMS, SQS, Secrets Manager, ECR, OpenSearch Serverless, CloudWatch Logs, DynamoDB,
Cognito, and about fifty more). The AWS-managed `RCPFullAWSAccess` policy is the one RCP that
may use Allow and `"*"`; it cannot be written by a customer. Only policies whose kind is given
(by `--policy-kind` or by the resource they come from) are checked.

## References
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// Service prefixes whose actions RCPs apply to, from the AWS Organizations user guide ("List of
// AWS services that support RCPs", retrieved 2026). Sorted for binary search.
constexpr std::array<std::string_view, 62> kRcpServices{"aoss",
                                                        "appconfig",
                                                        "appstream",
                                                        "autoscaling",
                                                        "autoscaling-plans",
                                                        "budgets",
                                                        "clouddirectory",
                                                        "cloudfront",
                                                        "cloudsearch",
                                                        "cloudtrail-data",
                                                        "codeartifact",
                                                        "codebuild",
                                                        "codecommit",
                                                        "codepipeline",
                                                        "cognito-identity",
                                                        "cognito-idp",
                                                        "comprehend",
                                                        "comprehendmedical",
                                                        "compute-optimizer",
                                                        "cost-optimization-hub",
                                                        "dax",
                                                        "dsql",
                                                        "dynamodb",
                                                        "ecr",
                                                        "ecr-public",
                                                        "events",
                                                        "firehose",
                                                        "fis",
                                                        "fms",
                                                        "gamelift",
                                                        "health",
                                                        "inspector-scan",
                                                        "kendra",
                                                        "kinesisvideo",
                                                        "kms",
                                                        "logs",
                                                        "memorydb",
                                                        "networkmonitor",
                                                        "notifications",
                                                        "opensearch",
                                                        "pca-connector-ad",
                                                        "personalize",
                                                        "polly",
                                                        "pricing",
                                                        "resource-groups",
                                                        "rolesanywhere",
                                                        "s3",
                                                        "secretsmanager",
                                                        "servicediscovery",
                                                        "signin",
                                                        "sqs",
                                                        "sts",
                                                        "support",
                                                        "swf",
                                                        "textract",
                                                        "timestream-influxdb",
                                                        "transcribe",
                                                        "transfer",
                                                        "translate",
                                                        "wafv2",
                                                        "workspaces",
                                                        "xray"};

bool RcpSupports(std::string_view prefix) {
  return std::binary_search(kRcpServices.begin(), kRcpServices.end(), ToLower(prefix));
}

// 'value', cut short when long (appended, not "+": GCC 12 misreports -Wrestrict on that form).
std::string Quoted(std::string_view v) {
  constexpr size_t kMax = 100;
  std::string out = "'";
  out += v.substr(0, kMax);
  if (v.size() > kMax) {
    out += "...";
  }
  out += '\'';
  return out;
}

void CheckScp(const Policy& policy, Reporter& out) {
  for (const Statement& st : policy.statements) {
    for (const Located& action : st.actions) {
      const std::string_view text = action.text;
      const size_t star = text.find('*');
      if (HasUnknown(text) || star == std::string_view::npos || star + 1 == text.size()) {
        continue;
      }
      Finding& f = out.Report(
          kInfo, "SCP_SYNTAX_ERROR_ACTION_WILDCARD", Severity::kHigh, action.range,
          Quoted(text) + " has a wildcard before the end: SCP " +
              (st.not_action ? "NotAction" : "Action") +
              " values may use * only at the end, so AWS Organizations rejects the policy",
          "list the actions, or end the value with the wildcard (e.g. \"iam:Get*\")");
      f.statement = st.Label();
    }
  }
}

void CheckRcpPrincipal(const Statement& st, Reporter& out) {
  if (st.not_principal) {
    out.Report(kInfo, "RCP_SYNTAX_ERROR_PRINCIPAL", Severity::kHigh, st.principal_key,
               "an RCP cannot have NotPrincipal: it applies to every principal",
               "use \"Principal\": \"*\" and narrow it with conditions such as "
               "aws:PrincipalOrgID or aws:PrincipalIsAWSService");
    return;
  }
  if (!st.has_principal) {
    out.Report(kInfo, "RCP_SYNTAX_ERROR_PRINCIPAL", Severity::kHigh,
               {st.range.begin, st.range.begin + 1},
               "statement " + st.Label() +
                   " of an RCP has no Principal: RCPs require "
                   "\"Principal\": \"*\"",
               "add \"Principal\": \"*\" and narrow it with conditions");
    return;
  }
  for (const PrincipalEntry& p : st.principals) {
    if ((p.type == "AWS" && p.value.text == "*") || HasUnknown(p.value.text)) {
      continue;
    }
    out.Report(kInfo, "RCP_SYNTAX_ERROR_PRINCIPAL", Severity::kHigh, p.value.range,
               "an RCP applies to every principal: " + Quoted(p.value.text) +
                   " is not accepted, the Principal must be \"*\"",
               "use \"Principal\": \"*\" and a condition such as {\"ArnNotLike\": "
               "{\"aws:PrincipalArn\": \"...\"}} to choose the principals");
    return;  // one finding per Principal element
  }
}

void CheckRcpActions(const Statement& st, Reporter& out) {
  if (st.not_action) {
    out.Report(kInfo, "RCP_SYNTAX_ERROR_NOTACTION", Severity::kHigh, st.action_key,
               "an RCP cannot use NotAction: AWS Organizations rejects it, since an RCP must name "
               "the actions of the services it restricts",
               "list the actions the statement denies in \"Action\"");
    return;
  }
  for (const Located& action : st.actions) {
    const std::string_view text = action.text;
    if (HasUnknown(text)) {
      continue;
    }
    if (text == "*") {
      out.Report(kInfo, "RCP_SYNTAX_ERROR_ACTION", Severity::kHigh, action.range,
                 "an RCP cannot use \"Action\": \"*\": it must name actions of the services "
                 "RCPs apply to",
                 "name the services, e.g. [\"s3:*\", \"sqs:*\", \"kms:*\"]");
      continue;
    }
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        text.substr(0, colon).find_first_of("*?") != std::string_view::npos) {
      continue;  // malformed actions are reported by the action rules
    }
    const std::string_view prefix = text.substr(0, colon);
    if (!RcpSupports(prefix)) {
      Finding& f = out.Report(
          kInfo, "RCP_SYNTAX_ERROR_ACTION", Severity::kHigh, action.range,
          Quoted(text) + ": RCPs do not apply to the service " + Quoted(prefix) +
              ", so AWS Organizations rejects the statement",
          "keep actions of services RCPs support (s3, sts, kms, sqs, secretsmanager, ...); "
          "control other services with an SCP");
      f.statement = st.Label();
    }
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  if (policy.kind == PolicyKind::kScp) {
    CheckScp(policy, out);
    return;
  }
  if (policy.kind != PolicyKind::kRcp) {
    return;
  }
  for (const Statement& st : policy.statements) {
    CheckRcpPrincipal(st, out);
    if (st.Allows()) {
      out.Report(kInfo, "RCP_SYNTAX_ERROR_ALLOW", Severity::kHigh, st.effect_text->range,
                 "an RCP statement cannot Allow: RCPs only restrict, with Deny statements",
                 "write the statement as a Deny of what must not happen (access is already "
                 "allowed by the AWS-managed RCPFullAWSAccess)");
    }
    CheckRcpActions(st, out);
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM142, iamlint::rules::kInfo, iamlint::rules::Check);

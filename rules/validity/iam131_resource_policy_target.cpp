// A resource policy that does not fit the resource it is attached to.

#include <algorithm>
#include <array>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
     "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"});

constexpr RuleInfo kInfo{
    .id = "IAM131",
    .name = "resource-policy-target",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary =
        "A resource policy names actions or resources of another service than the "
        "resource it is attached to, or is larger than that service accepts.",
    .doc = R"md(
## What it flags
A resource policy attached, in Terraform or CloudFormation, to a resource whose type iamlint
knows, that
- allows or denies actions of another service (`kms:Decrypt` in an S3 bucket policy): S3
  bucket, access point and Multi-Region Access Point policies, S3 Object Lambda access point
  policies and DynamoDB table policies;
- names resources of another service (`arn:aws:sqs:...` in a bucket policy), for the same
  types;
- is larger than the service accepts: S3 bucket and access point policies 20 KB, DynamoDB
  resource policies 20 KB, KMS key policies 32 KB, SNS topic policies 30 KB, SQS queue policies
  8 KB. The size is the policy written compactly, so a policy flagged here is too large however
  it is formatted.

## Why it matters
The service rejects the policy when it is applied, so the deployment fails; or, for actions of
other services, the statement can never apply: a bucket policy is only consulted for requests
to that bucket.

## Example
```hcl
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action = ["s3:GetObject", "kms:Decrypt"], Resource = "arn:aws:s3:::reports/*"
    }]
  })
}
```

## Use instead
Keep `s3:` actions in the bucket policy, and grant `kms:Decrypt` in the key policy of the key
that encrypts the objects (or in the caller's identity policy).
```hcl
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*"
    }]
  })
}
```

## Exceptions and limits
A raw JSON file does not say what it is attached to, so these checks apply to infrastructure
code only. The size is counted in characters, a lower bound of the bytes the services count.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
- https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-considerations.html
- https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
- https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
- https://docs.aws.amazon.com/sns/latest/dg/sns-limits.html
)md",
    .aws_checks = kChecks};

// What a resource of one kind accepts in its policy.
struct Target {
  std::array<std::string_view, 4> holders;  // Terraform and CloudFormation types
  std::string_view what;                    // "an S3 bucket policy"
  std::string_view service;                 // the only action and ARN service; empty: any
  size_t quota;                             // bytes; 0: not known
};

constexpr size_t kKiB = 1024;
constexpr std::array kTargets{
    Target{{"aws_s3_bucket_policy", "aws_s3_bucket", "aws_s3control_bucket_policy",
            "AWS::S3::BucketPolicy"},
           "an S3 bucket policy",
           "s3",
           20 * kKiB},
    Target{{"aws_s3_access_point", "aws_s3control_access_point_policy", "AWS::S3::AccessPoint",
            "AWS::S3::MultiRegionAccessPointPolicy"},
           "an S3 access point policy",
           "s3",
           20 * kKiB},
    Target{{"aws_s3control_object_lambda_access_point_policy",
            "AWS::S3ObjectLambda::AccessPointPolicy"},
           "an S3 Object Lambda access point policy",
           "s3-object-lambda",
           0},
    Target{{"aws_dynamodb_resource_policy", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"},
           "a DynamoDB resource policy",
           "dynamodb",
           20 * kKiB},
    Target{{"aws_kms_key", "aws_kms_key_policy", "AWS::KMS::Key", "AWS::KMS::ReplicaKey"},
           "a KMS key policy",
           "",
           32 * kKiB},
    Target{{"aws_sns_topic", "aws_sns_topic_policy", "AWS::SNS::TopicPolicy",
            "AWS::SNS::TopicInlinePolicy"},
           "an SNS topic policy",
           "",
           30 * kKiB},
    Target{{"aws_sqs_queue", "aws_sqs_queue_policy", "AWS::SQS::QueuePolicy",
            "AWS::SQS::QueueInlinePolicy"},
           "an SQS queue policy",
           "",
           8 * kKiB},
};

const Target* TargetOf(std::string_view holder) {
  for (const Target& t : kTargets) {
    if (std::find(t.holders.begin(), t.holders.end(), holder) != t.holders.end()) {
      return &t;
    }
  }
  return nullptr;
}

void CheckActions(const Statement& st, const Target& target, Reporter& out) {
  for (const Located& action : st.actions) {
    const size_t colon = action.text.find(':');
    if (colon == std::string::npos || HasUnknown(action.text)) {
      continue;
    }
    const std::string prefix = ToLower(action.text.substr(0, colon));
    if (prefix == target.service || catalog::HasWildcard(prefix)) {
      continue;
    }
    Finding& f = out.Report(
        kInfo, "UNSUPPORTED_ACTION_IN_POLICY", kInfo.severity, SubRange(action, 0, colon),
        Concat({"'", action.text, "' in ", target.what, ": only ", target.service,
                ": actions apply to the resource it is attached to"}),
        Concat({"grant ", prefix, ": actions in a policy of the ", prefix,
                " resource, or in the caller's identity policy"}));
    f.statement = st.Label();
  }
}

void CheckResources(const Statement& st, const Target& target, Reporter& out) {
  for (const Located& resource : st.resources) {
    if (!resource.text.starts_with("arn:") || HasUnknown(resource.text)) {
      continue;
    }
    const size_t service_begin = resource.text.find(':', 4);
    const size_t service_end = service_begin == std::string::npos
                                   ? std::string::npos
                                   : resource.text.find(':', service_begin + 1);
    if (service_end == std::string::npos) {
      continue;  // malformed: the ARN syntax rule says why
    }
    const std::string service =
        resource.text.substr(service_begin + 1, service_end - service_begin - 1);
    if (service == target.service || catalog::HasWildcard(service) || service.empty()) {
      continue;
    }
    Finding& f = out.Report(
        kInfo, "UNSUPPORTED_RESOURCE_ARN_IN_POLICY", kInfo.severity,
        SubRange(resource, service_begin + 1, service.size()),
        "'" + resource.text + "' is a resource of " + service + ", and " +
            std::string(target.what) + " only governs " + std::string(target.service) +
            " resources",
        "name the resource this policy is attached to (or its contents), and control access "
        "to the " +
            service + " resource in its own policy");
    f.statement = st.Label();
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  if (policy.kind != PolicyKind::kResource || policy.holder_type.empty()) {
    return;
  }
  const Target* target = TargetOf(policy.holder_type);
  if (target == nullptr) {
    return;
  }
  if (target->quota != 0 && policy.compact_characters > target->quota) {
    out.Report(kInfo, "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", kInfo.severity,
               {policy.range.begin, policy.range.begin + 1},
               std::string(target->what) + " of " + std::to_string(policy.compact_characters) +
                   " characters even written compactly: the limit is " +
                   std::to_string(target->quota) + " bytes, so the service rejects it",
               "merge statements that share principals and conditions, use wildcards over "
               "lists of similar ARNs, or move grants to identity policies");
  }
  if (target->service.empty()) {
    return;
  }
  for (const Statement& st : policy.statements) {
    CheckActions(st, *target, out);
    CheckResources(st, *target, out);
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM131, iamlint::rules::kInfo, iamlint::rules::Check);

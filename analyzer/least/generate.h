#pragma once
// A least-privilege policy from observed activity: the exact actions a principal used
// successfully, on resources generalized from what the logs name (an S3 object key to its
// bucket's top-level prefix, many ARNs of one type to their ARN format within the account),
// grouped into readable statements, and never more than the current policy grants when it is
// known. The offline counterpart of IAM Access Analyzer policy generation:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html

#include <string>
#include <vector>

#include "analyzer/activity/activity.h"
#include "analyzer/analyze/effective.h"

namespace iamlint::least {

/// How a policy is generated.
struct GenerateOptions {
  size_t max_arns = 10;     // more distinct ARNs of one type than this become one pattern
  size_t max_prefixes = 3;  // more top-level key prefixes in a bucket than this become bucket/*
  size_t max_characters = 6144;  // a managed policy's quota: larger output is split
};

/// One statement of the generated policy.
struct GeneratedStatement {
  std::string sid;
  std::vector<std::string> actions;    // "s3:GetObject", sorted
  std::vector<std::string> resources;  // sorted
};

/// The generated policy and how it was made.
struct GeneratedPolicy {
  std::string principal_arn;
  std::vector<std::vector<GeneratedStatement>> documents;  // one per managed policy (size quota)
  size_t observed = 0;                                     // distinct actions used
  std::vector<std::string> dropped;  // used, but the current policy does not grant them
  std::vector<std::string> notes;    // generalizations and caveats, for the reader
};

/// Generates the policy of `used`. With `bound`, the principal's current policies, the result
/// grants no action and no resource they do not.
GeneratedPolicy GeneratePolicy(const activity::PrincipalActivity& used, const catalog::Catalog& cat,
                               const PolicySet* bound, const GenerateOptions& options);

/// The policy documents as IAM JSON (one document; several as a JSON array).
std::string GeneratedJson(const GeneratedPolicy& policy);
/// As Terraform `data "aws_iam_policy_document"` blocks named `name` (`name_2`, ...).
std::string GeneratedTerraform(const GeneratedPolicy& policy, const std::string& name);
/// As a CloudFormation template (YAML) of AWS::IAM::ManagedPolicy resources attached to the
/// principal when it is a role or user.
std::string GeneratedCloudFormation(const GeneratedPolicy& policy, const std::string& name,
                                    const activity::Window& window);

}  // namespace iamlint::least

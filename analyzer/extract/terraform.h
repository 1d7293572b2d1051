#pragma once
// Terraform: finds every IAM policy in a module (a directory of .tf files) and in plan JSON,
// resolving variables, locals, policy documents, functions and templates as far as the files on
// disk allow. Every policy is a located JSON document whose ranges point into the file the
// policy was written in (the .tf file, a file() target, the plan).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/parse/json.h"

namespace iamlint::extract {

/// A policy found in infrastructure code.
struct ExtractedPolicy {
  std::string address;    // "aws_iam_policy.deployer", "module.a.aws_iam_role.r"
  std::string attribute;  // "policy", "assume_role_policy", "inline_policy.policy"...
  std::string
      holder_type;         // CloudFormation: the resource type holding it ("AWS::S3::BucketPolicy")
  bool generated = false;  // written by a transform (a SAM policy template), not by the author
  PolicyKind kind = PolicyKind::kUnknown;
  const SourceFile* file = nullptr;             // where the document's ranges point
  std::optional<parse::JsonDocument> document;  // nullopt when it could not be resolved
  std::string principal;                        // "aws_iam_role.ci" when the policy belongs to one
  std::string note;                             // e.g. count/for_each analysed once
  std::string construct;       // CloudFormation synthesized by CDK: the Metadata aws:cdk:path
  ByteRange unresolved_range;  // without document: where, and why
  std::string unresolved_reason;
};

/// Where something is written: a file and a byte range in it (file null when unknown).
struct Site {
  const SourceFile* file = nullptr;
  ByteRange range;
};

/// A role, user or group with what is attached to it (for principal-level analysis).
struct ExtractedPrincipal {
  std::string address;  // "aws_iam_role.ci", or `aws_iam_role "name"` if not defined here
  std::vector<std::string> policies;  // addresses of its inline and trust policies
  std::vector<std::string> attached;  // attached policies: addresses or managed policy ARNs
  std::string boundary;               // permissions boundary: address or ARN
  std::vector<Site> attached_at;      // parallel to `attached`: the value that attaches it
  Site boundary_at;
  Site defined_at;  // the resource that defines the principal, when it is defined here
  std::string arn;  // its ARN as far as known (unknown parts as unknown segments), or ""
  std::vector<std::string> groups;  // a user's groups (addresses), whose policies it holds
};

/// What extraction found in a set of files.
struct Extraction {
  std::vector<ExtractedPolicy> policies;
  std::vector<ExtractedPrincipal> principals;
  std::vector<InputError> errors;
  std::vector<std::unique_ptr<SourceFile>> referenced_files;  // file()/templatefile() targets
};

/// Options of Terraform extraction.
struct TerraformOptions {
  std::filesystem::path root;       // file() may read only below it
  bool allow_outside_root = false;  // --allow-outside-root
  std::vector<std::string> var_files;
};

/// Extracts the policies of one module: all its .tf files, read together.
Extraction ExtractTerraformModule(const std::vector<const SourceFile*>& files,
                                  const TerraformOptions& options);

/// True when `doc` is `terraform show -json` output (format_version, planned_values).
bool LooksLikeTerraformPlan(const parse::JsonDocument& doc);

/// Extracts the policies of a plan file from planned_values (all nested modules).
Extraction ExtractTerraformPlan(const SourceFile& file, const parse::JsonDocument& doc);

}  // namespace iamlint::extract

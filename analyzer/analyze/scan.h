#pragma once
// One file through the pipeline: parse -> normalize -> analyze. Bad input becomes an InputError
// for that file; it never stops the other files.

#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyze/engine.h"
#include "analyzer/extract/terraform.h"

namespace iamlint {

/// Options that apply to every scanned file.
struct ScanOptions {
  PolicyKind kind = PolicyKind::kUnknown;  // kUnknown: infer per policy
  AnalysisOptions rules;
};

/// One policy found in a file and what the rules reported on it.
struct PolicyResult {
  Policy policy;
  std::vector<Finding> findings;
};

/// A role, user or group of infrastructure code, what it holds (by address or ARN), and what
/// only the combination of its policies shows.
struct PrincipalGroup {
  extract::ExtractedPrincipal principal;
  std::vector<LocatedFinding> findings;  // about the principal as a whole
};

/// Everything learned about one file.
struct FileResult {
  std::vector<PolicyResult> policies;
  std::vector<PrincipalGroup> principals;  // a Terraform module's, on its first file
  std::vector<InputError> errors;
  std::vector<Finding> findings;  // about the file itself: its suppression directives
  bool not_a_policy = false;      // valid JSON, but no IAM policy in it
};

/// A file given to `check` and what came of it.
struct ScannedFile {
  std::string path;
  std::unique_ptr<SourceFile> source;  // null when the file could not be read
  FileResult result;
  std::string module;  // Terraform: the module directory it was read for (file() targets too)
};

namespace extract {
struct ExtractedPolicy;
}

/// Normalizes and analyzes a policy found in infrastructure code. A policy that could not be
/// resolved gets one info finding (IAM001) saying what it depends on.
PolicyResult AnalyzeExtracted(extract::ExtractedPolicy& extracted, catalog::ActionMatcher& matcher,
                              const ScanOptions& options);

/// Scans one Terraform file as a module of its own (rule fixtures, documentation examples).
/// Policies that come from other files (file(), templatefile()) are left out.
FileResult ScanTerraformFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                             const ScanOptions& options);

/// Scans a YAML file: CloudFormation or SAM templates (other YAML is not a policy).
FileResult ScanYamlFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options);

/// Scans a JSON file: a policy, a CloudFormation template (CDK output included) or a Terraform
/// plan (`terraform show -json`).
FileResult ScanJsonFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options);

}  // namespace iamlint

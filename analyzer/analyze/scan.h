#pragma once
// One file through the pipeline: parse -> normalize -> analyze. Bad input becomes an InputError
// for that file; it never stops the other files.

#include <vector>

#include "analyzer/analyze/engine.h"

namespace iamlint {

/// Options that apply to every scanned file.
struct ScanOptions {
  PolicyKind kind = PolicyKind::kUnknown;  // kUnknown: infer per policy
  RuleSelection rules;
};

/// One policy found in a file and what the rules reported on it.
struct PolicyResult {
  Policy policy;
  std::vector<Finding> findings;
};

/// Everything learned about one file.
struct FileResult {
  std::vector<PolicyResult> policies;
  std::vector<InputError> errors;
  bool not_a_policy = false;  // valid JSON, but no IAM policy in it
};

/// Scans a JSON policy file.
FileResult ScanJsonFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options);

}  // namespace iamlint

#pragma once
// Runs the enabled rules over a policy: expands every statement's actions once, then calls each
// rule's check with the shared context.

#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyze/rule.h"

namespace iamlint {

/// A permissions boundary or SCP given on the command line, applied to every identity policy
/// and principal.
struct LimitPolicy {
  std::unique_ptr<SourceFile> file;
  Policy policy;
};

/// Which rules run, and what the rules need to know beyond the policy text.
struct AnalysisOptions {
  std::vector<std::string> only;  // ids or names; empty: all rules
  Accounts accounts;
  std::vector<std::shared_ptr<const LimitPolicy>> limits;  // --boundary, --scp
};

/// Analyzes one normalized policy and returns its findings, sorted by position.
std::vector<Finding> AnalyzePolicy(const SourceFile& file, const Policy& policy,
                                   catalog::ActionMatcher& matcher,
                                   const AnalysisOptions& selection);

}  // namespace iamlint

#pragma once
// Suppressions written next to the code: `# iamlint:ignore RULE reason` comments in Terraform and
// YAML (also `//` in Terraform), `# iamlint:ignore-file RULE reason`, statement ids that start
// with `IamlintIgnore`, and `Metadata: iamlint: ignore:` in CloudFormation. Each one must name
// its rules and give a reason; malformed ones are findings themselves (IAM901), and so are, on
// request, those that suppress nothing (IAM902).

#include <functional>
#include <string_view>
#include <vector>

#include "analyzer/analyze/scan.h"

namespace iamlint {

/// How suppressions are applied.
struct SuppressionOptions {
  /// Whether to report the directives of the file at `path` that suppress nothing (IAM902).
  /// Null: never.
  std::function<bool(std::string_view path)> report_unused;
  /// Whether rule `rule_id` ran on the file at `path`: a directive for a rule that did not run
  /// (--rule, configuration) is not unused. Null: every rule ran.
  std::function<bool(std::string_view path, std::string_view rule_id)> rule_ran;
};

/// Marks the findings of `files` that a directive covers as suppressed, and adds the findings
/// about the directives themselves to the files they are written in.
void ApplySuppressions(std::vector<ScannedFile>& files, const SuppressionOptions& options);

}  // namespace iamlint

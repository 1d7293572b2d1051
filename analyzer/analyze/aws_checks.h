#pragma once
// The IAM Access Analyzer policy checks (ValidatePolicy issue codes), from
// rules/data/access-analyzer-checks.json, and which iamlint rule implements each: the data
// behind the parity table (docs/rules/access-analyzer.md) and its tests.

#include <string>
#include <string_view>
#include <vector>

namespace iamlint {

/// One Access Analyzer check.
struct AwsCheck {
  std::string code;    // "MISSING_VERSION"
  std::string type;    // "ERROR", "SECURITY_WARNING", "WARNING" or "SUGGESTION"
  std::string theme;   // "grammar", "actions", "resources", "conditions", ...
  std::string status;  // empty, or why no rule can implement it: "input-error",
                       // "undecidable", "superseded", "removed"
  std::string reason;  // the explanation for `status`, or why a decidable check is not done
  std::vector<std::string_view> rules;  // ids of the rules that implement it
};

/// Every check of the data file, in its order, with the rules that claim each. Parsed on first
/// use; `problems` (optional) receives each claim of a code the data does not list, and each
/// check that is both claimed and marked as not implementable.
const std::vector<AwsCheck>& AwsChecks(std::vector<std::string>* problems = nullptr);

}  // namespace iamlint

#pragma once
// The subcommands of the iamlint command line. Each returns the process exit code.

#include <string>
#include <vector>

#include "analyzer/catalog/catalog.h"
#include "analyzer/core/finding.h"

namespace iamlint::cli {

/// Exit codes of the public contract.
enum ExitCode : int { kExitClean = 0, kExitFindings = 1, kExitError = 2 };

/// Options of `iamlint check`.
struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string fail_on = "low";
  std::string policy_kind;
  std::vector<std::string> rules;
  bool quiet = false;
  bool no_color = false;
  std::vector<std::string> var_files;  // Terraform: -var-file values, after the auto-loaded ones
  bool allow_outside_root = false;     // Terraform: file() may read outside the scanned root
};

/// `iamlint check`: lint files and directories.
int RunCheck(const catalog::Catalog& cat, const CheckOptions& options);
/// `iamlint expand`: list the actions patterns grant.
int RunExpand(const catalog::Catalog& cat, const std::vector<std::string>& patterns,
              const std::string& format);
/// `iamlint normalize`: print a policy in canonical form.
int RunNormalize(const catalog::Catalog& cat, const std::string& path,
                 const std::string& policy_kind);
/// `iamlint rules`: list rules, or print one rule's documentation.
int RunRules(const std::string& rule, const std::string& format);
/// `iamlint rules --write-docs DIR`: one Markdown page per rule plus an index (docs/rules/).
int WriteRuleDocs(const std::string& dir);

/// Reads a file (or standard input for "-") with a size limit; false and `error` on failure.
bool ReadInput(const std::string& path, std::string* contents, std::string* error);
/// Expands files and directories into the list of files to scan (sorted per directory).
std::vector<std::string> CollectFiles(const std::vector<std::string>& paths,
                                      std::vector<InputError>* errors);

}  // namespace iamlint::cli

#pragma once
// The subcommands of the iamlint command line. Each returns the process exit code.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.h"
#include "analyzer/core/finding.h"
#include "analyzer/report/report.h"

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
  std::vector<std::string> var_files;  // Terraform: -var-file values, after the auto-loaded ones
  std::vector<std::string> accounts;   // --account: home accounts
  std::vector<std::string> trusted_accounts;  // --trusted-account
  std::vector<std::string> trusted_orgs;      // --trusted-org
  std::vector<std::string> boundaries;        // --boundary FILE: a permissions boundary
  std::vector<std::string> scps;              // --scp FILE: a service control policy
  std::vector<std::string> account_details;   // --account-details FILE: an account snapshot
  std::string output;                         // --output FILE: where --format goes (stdout)
  std::vector<std::pair<std::string, std::string>> extra_outputs;  // (format, file): --sarif ...
  std::string baseline;        // --baseline FILE: report only findings not in it
  std::string write_baseline;  // --write-baseline FILE
  std::string changed_since;   // --changed-since REV: only changed files and lines
  /// Set by --changed-since: the files worth scanning (a .tf file brings its whole module).
  std::function<bool(const std::string& path)> only_files;
  std::string config_file;     // --config FILE: this configuration for every file
  bool fail_on_given = false;  // --fail-on was on the command line (it beats the config file)
  bool quiet = false;
  bool no_color = false;
  bool allow_outside_root = false;  // Terraform: file() may read outside the scanned root
  bool report_unused_suppressions = false;
  bool no_config = false;      // --no-config: no configuration file at all
  bool force_exclude = false;  // --force-exclude: exclude applies to files named explicitly
};

/// Files scanned with the same options (the files of one configuration).
struct ScanGroup {
  std::vector<std::string> paths;
  ScanOptions scan_options;
};

/// The scan options `options` ask for (rules, kind, accounts, boundary and SCP files loaded);
/// nullopt after printing why when they are invalid.
std::optional<ScanOptions> MakeScanOptions(const CheckOptions& options);
/// Scans the paths of `options`: Terraform per directory, everything else file by file.
std::vector<ScannedFile> ScanPaths(const CheckOptions& options, catalog::ActionMatcher& matcher,
                                   const ScanOptions& scan_options);
/// Scans each group with its options (Terraform per directory, everything else file by file);
/// `walk_errors` become entries of their own.
std::vector<ScannedFile> ScanGroups(const CheckOptions& options, catalog::ActionMatcher& matcher,
                                    const std::vector<ScanGroup>& groups,
                                    std::vector<InputError> walk_errors);

/// Options of `iamlint explain`.
struct ExplainOptions {
  CheckOptions scan;      // paths, kind, accounts, boundary, SCP, Terraform options
  std::string principal;  // explain this principal (address or name) instead of each policy
  std::string format = "text";
};

/// `iamlint explain`: what policies, or a principal, really grant.
int RunExplain(const catalog::Catalog& cat, const ExplainOptions& options);

/// Options of `iamlint unused` and `iamlint generate`.
struct ActivityOptions {
  std::vector<std::string> logs;           // CloudTrail files and directories
  std::string account_details;             // --account-details FILE
  std::vector<std::string> last_accessed;  // --last-accessed [ARN=]FILE
  std::string credential_report;           // --credential-report FILE
  std::string since;                       // --since DATE (default: --days before --until)
  std::string until;                       // --until DATE (default: now)
  int days = 90;                           // --days: the window's length without --since
  int credential_days = 90;                // --credential-days
  std::vector<std::string> principals;     // --principal ARN or name
  std::string format = "text";
  std::string output;                    // --output FILE
  std::string output_dir;                // generate --output-dir DIR: one file per principal
  bool all = false;                      // generate --all: every principal that acted
  std::string name = "least_privilege";  // generate: the Terraform/CloudFormation name
  bool no_bound = false;  // generate --no-bound: do not limit to the current policies
  bool verbose = false;   // unused --verbose: every action, not a summary
  bool quiet = false;     // generate --quiet: no notes on stderr
};

/// `iamlint unused`: granted but unused permissions, principals and credentials.
int RunUnused(const catalog::Catalog& cat, const ActivityOptions& options);
/// `iamlint generate`: a least-privilege policy from a principal's activity.
int RunGenerate(const catalog::Catalog& cat, const ActivityOptions& options);

/// Options of `iamlint diff`.
struct DiffOptions {
  CheckOptions scan;               // OLD NEW, or the PATHs under --base; kind, accounts, ...
  std::string base;                // --base REV: the working tree against this git revision
  std::vector<std::string> allow;  // --allow [SCOPE=]PATTERN: accepted additions
  std::string format = "text";
};

/// `iamlint diff`: the access a change adds and removes; exit 1 on new access.
int RunDiff(const catalog::Catalog& cat, const DiffOptions& options);

/// Options of `iamlint config`.
struct ConfigOptions {
  std::string path = ".";  // show the configuration that applies to this file or directory
  std::string format = "text";
  std::string config_file;  // --config FILE
  bool no_config = false;   // --no-config
};

/// `iamlint config --show`: the effective configuration for a path, and the file it came from.
int RunConfig(const ConfigOptions& options);

/// `iamlint check`: lint files and directories.
int RunCheck(const catalog::Catalog& cat, const CheckOptions& given);
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
/// Says whether a walk keeps a file, or enters a directory, it found (`is_dir`).
using WalkFilter = std::function<bool(const std::filesystem::path& path, bool is_dir)>;
/// Expands files and directories into the list of files to scan (sorted per directory). Files
/// named in `paths` are kept; what a walk finds passes `filter` (when given) first.
std::vector<std::string> CollectFiles(const std::vector<std::string>& paths,
                                      std::vector<InputError>* errors,
                                      const WalkFilter& filter = nullptr);

}  // namespace iamlint::cli

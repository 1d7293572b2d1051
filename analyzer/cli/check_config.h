#pragma once
// How configuration files (docs/config.md) shape `iamlint check`: before the scan, which files
// are scanned and with which options (one scan group per configuration); after it, rules turned
// off and severities changed; at the end, the exit code under each file's fail-on.

#include <optional>
#include <vector>

#include "analyzer/cli/commands.h"
#include "analyzer/config/discovery.h"

namespace iamlint::cli {

/// The files of a check, grouped by the configuration that applies to them.
struct ConfiguredScan {
  config::Resolver resolver = config::Resolver::None();
  std::vector<ScanGroup> groups;
  std::vector<InputError> walk_errors;
};

/// The configuration `options` ask for (--config, --no-config, or discovery).
config::Resolver MakeResolver(const CheckOptions& options);
/// Collects the files to scan and each group's scan options; nullopt after printing the located
/// errors of a broken configuration file (nothing is scanned then) or invalid options.
std::optional<ConfiguredScan> PlanConfiguredScan(const CheckOptions& options);
/// Drops the findings of rules a configuration turns off (unless --rule names them) and applies
/// its severity overrides, file by file.
void ApplyRuleSettings(ConfiguredScan& plan, const CheckOptions& options,
                       std::vector<ScannedFile>& files);
/// True when a finding is at or above the fail-on that applies to its file (--fail-on, else the
/// file's configuration, else low).
bool FailsCheck(ConfiguredScan& plan, const CheckOptions& options,
                const std::vector<ScannedFile>& files);

/// Whether rule `rule_id` runs on the file at `path`: named by --rule when --rule is given,
/// else not turned off by the file's configuration.
bool RuleRuns(ConfiguredScan& plan, const CheckOptions& options, std::string_view path,
              std::string_view rule_id);
/// Whether the configuration of the file at `path` asks for unused suppressions (IAM902).
bool ReportsUnusedSuppressions(ConfiguredScan& plan, std::string_view path);

}  // namespace iamlint::cli

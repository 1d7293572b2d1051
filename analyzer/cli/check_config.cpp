// Configuration files in `iamlint check`: the walk, the scan groups, and the post-scan rule
// settings and exit code.

#include "analyzer/cli/check_config.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>

#include "analyzer/config/config.h"

namespace iamlint::cli {
namespace {

// The command line over a configuration: a flag given there wins, a list given there replaces
// the file's.
CheckOptions MergeOptions(const CheckOptions& cli, const config::Config* file) {
  CheckOptions merged = cli;
  if (file == nullptr) {
    return merged;
  }
  if (merged.accounts.empty()) {
    merged.accounts = file->accounts;
  }
  if (merged.trusted_accounts.empty()) {
    merged.trusted_accounts = file->trusted_accounts;
  }
  if (merged.trusted_orgs.empty()) {
    merged.trusted_orgs = file->trusted_orgs;
  }
  if (merged.policy_kind.empty() && file->policy_kind) {
    merged.policy_kind = PolicyKindName(*file->policy_kind);
  }
  return merged;
}

// Whether a file found by a walk (or a directory it would enter) is left out.
bool LeftOut(const config::Config& c, std::string_view path, bool is_dir) {
  return config::IsExcluded(c, path, is_dir) || (!is_dir && !config::IsIncluded(c, path));
}

// Files named on the command line are scanned even when excluded, unless force-exclude (the
// flag, or the setting of their configuration) says exclusions apply to them too: pre-commit
// and editors pass file names.
bool ForceExcluded(config::Resolver& resolver, const CheckOptions& options,
                   const std::string& path) {
  if (path == "-") {
    return false;
  }
  const config::Config* c = resolver.ForFile(path);
  return c != nullptr && (options.force_exclude || c->force_exclude) && LeftOut(*c, path, false);
}

std::vector<std::string> CollectConfigured(config::Resolver& resolver, const CheckOptions& options,
                                           std::vector<InputError>* errors) {
  const WalkFilter filter = [&resolver](const std::filesystem::path& path, bool is_dir) {
    const config::Config* c = resolver.ForDirectory(path.parent_path());
    if (c == nullptr || (c->exclude.empty() && c->include.empty())) {
      return true;
    }
    return !LeftOut(*c, path.native(), is_dir);
  };
  std::vector<std::string> named =
      options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  std::erase_if(named, [&](const std::string& path) {
    std::error_code ec;
    return !std::filesystem::is_directory(path, ec) && ForceExcluded(resolver, options, path);
  });
  return CollectFiles(named, errors, filter);
}

void PrintErrors(const std::vector<config::ConfigError>& errors) {
  for (const config::ConfigError& e : errors) {
    std::cerr << e.Format() << '\n';
  }
}

// The rule with this exact id (findings carry the registry's own id), found without FindRule's
// case-insensitive search over every id and name: this runs once per finding.
const RuleInfo* RuleById(std::string_view id) {
  static const std::unordered_map<std::string_view, const RuleInfo*> kById = [] {
    std::unordered_map<std::string_view, const RuleInfo*> ids;
    for (const Rule* rule : AllRules()) {
      ids.emplace(rule->info.id, &rule->info);
    }
    return ids;
  }();
  auto it = kById.find(id);
  return it == kById.end() ? nullptr : it->second;
}

// The configuration of the file at `path` when it has rule settings, else null.
const config::Config* WithRules(config::Resolver& resolver, const std::string& path) {
  const config::Config* c = resolver.ForFile(path);
  return c != nullptr && (!c->rules.empty() || !c->overrides.empty()) ? c : nullptr;
}

// The setting of a finding's rule under `rules`.
config::RuleSetting SettingOf(const config::FileRules& rules, std::string_view rule_id) {
  const RuleInfo* info = RuleById(rule_id);
  return info == nullptr ? config::RuleSetting{} : rules.For(*info);
}

// The ids of the rules --rule names.
std::set<std::string_view> NamedRules(const CheckOptions& options) {
  std::set<std::string_view> ids;
  for (const std::string& r : options.rules) {
    if (const Rule* rule = FindRule(r)) {
      ids.insert(rule->info.id);
    }
  }
  return ids;
}

// Applies a setting to one finding; false when the finding is to be dropped. A rule --rule
// names runs even when the configuration turns it off: asked for by name, it is wanted.
bool Keep(const config::RuleSetting& setting, const std::set<std::string_view>& named,
          Finding& finding) {
  if (!setting.enabled && !named.contains(finding.rule_id)) {
    return false;
  }
  if (setting.severity) {
    finding.severity = *setting.severity;
  }
  return true;
}

Severity FailOnFor(config::Resolver& resolver, const CheckOptions& options,
                   const std::string& path) {
  if (options.fail_on_given) {
    return ParseSeverity(options.fail_on).value_or(Severity::kLow);
  }
  const config::Config* c = resolver.ForFile(path);
  return c != nullptr && c->fail_on ? *c->fail_on : Severity::kLow;
}

}  // namespace

config::Resolver MakeResolver(const CheckOptions& options) {
  if (options.no_config) {
    return config::Resolver::None();
  }
  if (!options.config_file.empty()) {
    return config::Resolver::Fixed(options.config_file);
  }
  return config::Resolver::Discover();
}

std::optional<ConfiguredScan> PlanConfiguredScan(const CheckOptions& options) {
  ConfiguredScan plan;
  plan.resolver = MakeResolver(options);
  const std::vector<std::string> paths =
      CollectConfigured(plan.resolver, options, &plan.walk_errors);
  std::map<const config::Config*, size_t> index;
  std::vector<const config::Config*> configs;
  for (const std::string& path : paths) {
    const config::Config* c = plan.resolver.ForFile(path);
    auto [it, added] = index.emplace(c, plan.groups.size());
    if (added) {
      plan.groups.emplace_back();
      configs.push_back(c);
    }
    plan.groups[it->second].paths.push_back(path);
  }
  if (!plan.resolver.errors().empty()) {
    PrintErrors(plan.resolver.errors());  // a broken configuration stops the check
    return std::nullopt;
  }
  if (plan.groups.empty()) {  // nothing to scan: still check the options
    plan.groups.emplace_back();
    configs.push_back(nullptr);
  }
  for (size_t i = 0; i < plan.groups.size(); ++i) {
    std::optional<ScanOptions> scan_options = MakeScanOptions(MergeOptions(options, configs[i]));
    if (!scan_options) {
      return std::nullopt;
    }
    plan.groups[i].scan_options = std::move(*scan_options);
  }
  return plan;
}

void ApplyRuleSettings(ConfiguredScan& plan, const CheckOptions& options,
                       std::vector<ScannedFile>& files) {
  const std::set<std::string_view> named = NamedRules(options);
  for (ScannedFile& f : files) {
    if (const config::Config* c = WithRules(plan.resolver, f.path)) {
      const config::FileRules rules(c, f.path);
      std::erase_if(f.result.findings, [&](Finding& finding) {  // about suppression directives
        return !Keep(SettingOf(rules, finding.rule_id), named, finding);
      });
      for (PolicyResult& p : f.result.policies) {
        std::erase_if(p.findings, [&](Finding& finding) {
          return !Keep(SettingOf(rules, finding.rule_id), named, finding);
        });
      }
    }
    for (PrincipalGroup& g : f.result.principals) {  // a module's: they may point anywhere
      std::erase_if(g.findings, [&](LocatedFinding& lf) {
        const std::string& path = lf.file != nullptr ? lf.file->path() : f.path;
        const config::FileRules rules(WithRules(plan.resolver, path), path);
        return !Keep(SettingOf(rules, lf.finding.rule_id), named, lf.finding);
      });
    }
  }
}

bool FailsCheck(ConfiguredScan& plan, const CheckOptions& options,
                const std::vector<ScannedFile>& files) {
  for (const ScannedFile& f : files) {
    const Severity fail_on = FailOnFor(plan.resolver, options, f.path);
    auto fails = [fail_on](const Finding& finding) {
      return !finding.suppression && finding.severity <= fail_on;
    };
    if (std::any_of(f.result.findings.begin(), f.result.findings.end(), fails)) {
      return true;
    }
    for (const PolicyResult& p : f.result.policies) {
      if (std::any_of(p.findings.begin(), p.findings.end(), fails)) {
        return true;
      }
    }
    for (const PrincipalGroup& g : f.result.principals) {
      if (std::any_of(g.findings.begin(), g.findings.end(),
                      [&](const LocatedFinding& lf) { return fails(lf.finding); })) {
        return true;
      }
    }
  }
  return false;
}

bool RuleRuns(ConfiguredScan& plan, const CheckOptions& options, std::string_view path,
              std::string_view rule_id) {
  const std::set<std::string_view> named = NamedRules(options);
  if (!options.rules.empty()) {
    return named.contains(rule_id);
  }
  const std::string file(path);
  const config::FileRules rules(WithRules(plan.resolver, file), file);
  return SettingOf(rules, rule_id).enabled;
}

bool ReportsUnusedSuppressions(ConfiguredScan& plan, std::string_view path) {
  const config::Config* c = plan.resolver.ForFile(std::string(path));
  return c != nullptr && c->report_unused_suppressions.value_or(false);
}

}  // namespace iamlint::cli

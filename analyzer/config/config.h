#pragma once
// The configuration file (.iamlint.yaml, .iamlint.yml or .iamlint.json; see docs/config.md):
// the model, loading with located errors, and what it decides for one path (rule settings,
// include/exclude). Discovery is in discovery.h.

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/config/glob.h"
#include "analyzer/core/finding.h"

namespace iamlint::config {

/// What a rules entry says: off, on (default severity) or on at another severity.
struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // nullopt: the rule's default
};

/// One entry of a `rules` mapping: a rule (by id or name) or a whole category.
struct RuleEntry {
  std::string key;                 // as written
  const RuleInfo* rule = nullptr;  // set for a rule...
  Category category{};             // ...else the category
  RuleSetting setting;
  /// True when the entry is about `info` (the rule itself, or its category).
  [[nodiscard]] bool Covers(const RuleInfo& info) const;
};

/// One element of `overrides`: rule settings for the files that match `paths`.
struct Override {
  std::vector<Glob> paths;
  std::vector<RuleEntry> rules;
};

/// A loaded configuration file.
struct Config {
  std::string path;            // the file, as found
  std::filesystem::path base;  // absolute directory the globs are relative to
  std::optional<Severity> fail_on;
  std::vector<RuleEntry> rules;
  std::vector<Glob> include;  // empty: every file
  std::vector<Glob> exclude;
  bool force_exclude = false;
  std::vector<std::string> accounts;
  std::vector<std::string> trusted_accounts;
  std::vector<std::string> trusted_orgs;
  std::optional<PolicyKind> policy_kind;
  std::optional<bool> report_unused_suppressions;  // read by the suppression step
  std::vector<Override> overrides;                 // in file order: later wins
};

/// A located problem in a configuration file.
struct ConfigError {
  std::string path;
  LineColumn at;
  std::string message;
  /// "path:line:col: error: message".
  [[nodiscard]] std::string Format() const;
};

/// A configuration, or why it could not be read.
struct LoadResult {
  std::optional<Config> config;
  std::vector<ConfigError> errors;
};

/// The file names looked for in each directory, in order of preference.
inline constexpr std::array<const char*, 3> kConfigNames = {".iamlint.yaml", ".iamlint.yml",
                                                            ".iamlint.json"};

/// Parses configuration text (JSON when `path` ends in .json, else YAML); globs are relative to
/// `base`. Any error leaves `config` empty.
LoadResult ParseConfig(const std::string& path, std::string text,
                       const std::filesystem::path& base);
/// Reads and parses the file at `path`.
LoadResult LoadConfigFile(const std::string& path, const std::filesystem::path& base);

/// `path` made absolute and normalized (no symbolic links resolved).
std::filesystem::path AbsolutePath(const std::filesystem::path& path);
/// `path` relative to `config`'s base directory ('/'-separated), or nullopt when outside it.
std::optional<std::string> RelativeToBase(const Config& config, std::string_view path);

/// The rule settings of one file under one configuration, with the overrides that match the file
/// found once (settings are asked for each finding).
class FileRules {
 public:
  /// The settings of the file at `path` under `config` (null: the defaults).
  FileRules(const Config* config, std::string_view path);
  /// The setting of rule `info`: the top-level `rules`, then each matching override in order.
  [[nodiscard]] RuleSetting For(const RuleInfo& info) const;

 private:
  const Config* config_;
  std::vector<const Override*> overrides_;  // those whose paths match the file
};

/// The setting of rule `info` for the file at `path` under `config` (null: defaults): the
/// top-level `rules`, then each matching override in order; within one level a rule's own entry
/// beats its category's.
RuleSetting SettingFor(const Config* config, const RuleInfo& info, std::string_view path);
/// True when `config`'s exclude globs match `path` (or a directory it is in).
bool IsExcluded(const Config& config, std::string_view path, bool is_dir);
/// True when `config` has no include globs or one matches the file at `path`.
bool IsIncluded(const Config& config, std::string_view path);

}  // namespace iamlint::config

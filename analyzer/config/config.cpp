#include "analyzer/config/config.h"

#include <fstream>
#include <sstream>

namespace iamlint::config {
namespace {

// Configuration files are small: a larger one is a mistake, not something to read.
constexpr std::uintmax_t kMaxConfigBytes = 1 << 20;

// Applies the entries of one level: categories first, then the rule's own entry.
void ApplyLevel(const std::vector<RuleEntry>& entries, const RuleInfo& info, RuleSetting& setting) {
  for (bool own : {false, true}) {
    for (const RuleEntry& e : entries) {
      if ((e.rule != nullptr) == own && e.Covers(info)) {
        setting = e.setting;
      }
    }
  }
}

}  // namespace

bool RuleEntry::Covers(const RuleInfo& info) const {
  return rule != nullptr ? rule == &info : category == info.category;
}

LoadResult LoadConfigFile(const std::string& path, const std::filesystem::path& base) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    return {std::nullopt, {{path, {}, "cannot read configuration file"}}};
  }
  if (size > kMaxConfigBytes) {
    return {std::nullopt, {{path, {}, "configuration file is larger than 1 MiB"}}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(path, std::move(text).str(), base);
}

std::filesystem::path AbsolutePath(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) {
    abs = path;
  }
  abs = abs.lexically_normal();
  // "dir/" normalizes to "dir/" with an empty file name: drop it so parents work.
  if (!abs.has_filename() && abs.has_parent_path() && abs != abs.root_path()) {
    abs = abs.parent_path();
  }
  return abs;
}

std::optional<std::string> RelativeToBase(const Config& config, const std::filesystem::path& path) {
  const std::filesystem::path rel = AbsolutePath(path).lexically_relative(config.base);
  const std::string text = rel.generic_string();
  if (text.empty() || text == "." || text == ".." || text.starts_with("../")) {
    return std::nullopt;
  }
  return text;
}

RuleSetting SettingFor(const Config* config, const RuleInfo& info,
                       const std::filesystem::path& path) {
  RuleSetting setting;
  if (config == nullptr) {
    return setting;
  }
  ApplyLevel(config->rules, info, setting);
  if (config->overrides.empty()) {
    return setting;
  }
  const std::optional<std::string> rel = RelativeToBase(*config, path);
  for (const Override& o : config->overrides) {
    if (rel && MatchesPathOrParent(o.paths, *rel, false)) {
      ApplyLevel(o.rules, info, setting);
    }
  }
  return setting;
}

bool IsExcluded(const Config& config, const std::filesystem::path& path, bool is_dir) {
  if (config.exclude.empty()) {
    return false;
  }
  const std::optional<std::string> rel = RelativeToBase(config, path);
  return rel && MatchesPathOrParent(config.exclude, *rel, is_dir);
}

bool IsIncluded(const Config& config, const std::filesystem::path& path) {
  if (config.include.empty()) {
    return true;
  }
  const std::optional<std::string> rel = RelativeToBase(config, path);
  return rel && MatchesPathOrParent(config.include, *rel, false);
}

}  // namespace iamlint::config

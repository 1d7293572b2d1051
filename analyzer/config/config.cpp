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

namespace {

// True when `p` may have "." or ".." segments, repeated or trailing slashes: only then is the
// (costly) lexical normalization needed.
bool NeedsNormalizing(std::string_view p) {
  return p.empty() || p == "." || p == ".." || p.starts_with("./") || p.starts_with("../") ||
         p.ends_with("/.") || p.ends_with("/..") || p.ends_with('/') ||
         p.find("/./") != std::string_view::npos || p.find("/../") != std::string_view::npos ||
         p.find("//") != std::string_view::npos;
}

}  // namespace

std::filesystem::path AbsolutePath(const std::filesystem::path& path) {
  // The working directory, asked once: a walk makes every entry absolute, and iamlint never
  // changes directory.
  static const std::filesystem::path kCurrent = [] {
    std::error_code ec;
    return std::filesystem::current_path(ec);
  }();
  std::filesystem::path abs = path.is_absolute() || kCurrent.empty() ? path : kCurrent / path;
  if (!NeedsNormalizing(abs.native())) {
    return abs;
  }
  abs = abs.lexically_normal();
  // "dir/" normalizes to "dir/" with an empty file name: drop it so parents work.
  if (!abs.has_filename() && abs.has_parent_path() && abs != abs.root_path()) {
    abs = abs.parent_path();
  }
  return abs;
}

std::optional<std::string> RelativeToBase(const Config& config, std::string_view path) {
  // By string, without building paths: this runs for every walked entry.
  static const std::string kCurrent = AbsolutePath(".").native();
  std::string abs;
  if (NeedsNormalizing(path)) {
    abs = AbsolutePath(path).native();
  } else if (path.starts_with('/')) {
    abs = path;
  } else {
    abs.append(kCurrent).append(kCurrent.ends_with('/') ? "" : "/").append(path);
  }
  std::string base = config.base.native();
  if (!base.ends_with('/')) {
    base.push_back('/');
  }
  if (abs.size() <= base.size() || !abs.starts_with(base)) {
    return std::nullopt;
  }
  return abs.substr(base.size());
}

FileRules::FileRules(const Config* config, std::string_view path) : config_(config) {
  if (config == nullptr || config->overrides.empty()) {
    return;
  }
  const std::optional<std::string> rel = RelativeToBase(*config, path);
  for (const Override& o : config->overrides) {
    if (rel && MatchesPathOrParent(o.paths, *rel, false)) {
      overrides_.push_back(&o);
    }
  }
}

RuleSetting FileRules::For(const RuleInfo& info) const {
  RuleSetting setting;
  if (config_ == nullptr) {
    return setting;
  }
  ApplyLevel(config_->rules, info, setting);
  for (const Override* o : overrides_) {
    ApplyLevel(o->rules, info, setting);
  }
  return setting;
}

RuleSetting SettingFor(const Config* config, const RuleInfo& info, std::string_view path) {
  return FileRules(config, path).For(info);
}

bool IsExcluded(const Config& config, std::string_view path, bool is_dir) {
  if (config.exclude.empty()) {
    return false;
  }
  const std::optional<std::string> rel = RelativeToBase(config, path);
  return rel && MatchesPathOrParent(config.exclude, *rel, is_dir);
}

bool IsIncluded(const Config& config, std::string_view path) {
  if (config.include.empty()) {
    return true;
  }
  const std::optional<std::string> rel = RelativeToBase(config, path);
  return rel && MatchesPathOrParent(config.include, *rel, false);
}

}  // namespace iamlint::config

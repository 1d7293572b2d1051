#include "analyzer/config/show.h"

#include <nlohmann/json.hpp>

#include "analyzer/parse/json.h"

namespace iamlint::config {
namespace {

using Json = nlohmann::ordered_json;

std::string SettingText(const RuleSetting& s) {
  if (!s.enabled) {
    return "off";
  }
  return s.severity ? std::string(SeverityName(*s.severity)) : "on";
}

// A flow sequence of double-quoted strings (valid YAML and JSON).
std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    out += i == 0 ? "" : ", ";
    parse::AppendJsonString(out, items[i]);
  }
  return out + "]";
}

std::vector<std::string> GlobTexts(const std::vector<Glob>& globs) {
  std::vector<std::string> out;
  out.reserve(globs.size());
  for (const Glob& g : globs) {
    out.push_back(g.text());
  }
  return out;
}

bool IsDirectory(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

bool Applies(const Override& o, const Config& config, const std::filesystem::path& target) {
  const std::optional<std::string> rel = RelativeToBase(config, target.native());
  return rel && MatchesPathOrParent(o.paths, *rel, false);
}

// Whether the target is left out of a scan by this configuration (as a walk would find it).
bool Skipped(const Config& config, const std::filesystem::path& target) {
  const bool dir = IsDirectory(target);
  return IsExcluded(config, target.native(), dir) || (!dir && !IsIncluded(config, target.native()));
}

void WriteSettings(std::ostream& out, const Config* config) {
  Config defaults;
  const Config& c = config != nullptr ? *config : defaults;
  out << "fail-on: " << SeverityName(c.fail_on.value_or(Severity::kLow)) << '\n';
  out << "policy-kind: "
      << (c.policy_kind ? std::string(PolicyKindName(*c.policy_kind)) : "null  # inferred") << '\n';
  out << "accounts: " << List(c.accounts) << '\n';
  out << "trusted-accounts: " << List(c.trusted_accounts) << '\n';
  out << "trusted-orgs: " << List(c.trusted_orgs) << '\n';
  out << "include: " << List(GlobTexts(c.include)) << '\n';
  out << "exclude: " << List(GlobTexts(c.exclude)) << '\n';
  out << "force-exclude: " << (c.force_exclude ? "true" : "false") << '\n';
  out << "report-unused-suppressions: "
      << (c.report_unused_suppressions.value_or(false) ? "true" : "false") << '\n';
}

void WriteRules(std::ostream& out, const Config* config, const std::filesystem::path& target) {
  bool any = false;
  for (const Rule* rule : AllRules()) {
    const RuleSetting s = SettingFor(config, rule->info, target.native());
    if (s.enabled && (!s.severity || *s.severity == rule->info.severity)) {
      continue;
    }
    out << (any ? "" : "rules:  # the rules whose setting differs from their default here\n");
    any = true;
    out << "  " << rule->info.id << ": " << SettingText(s) << "  # " << rule->info.name;
    out << (s.enabled ? ", default " + std::string(SeverityName(rule->info.severity)) : "") << '\n';
  }
  if (!any) {
    out << "rules: {}  # every rule on, at its default severity\n";
  }
}

void WriteOverrides(std::ostream& out, const Config& config, const std::filesystem::path& target) {
  if (config.overrides.empty()) {
    return;
  }
  out << "overrides:  # in order, later wins; already applied to the rules above\n";
  for (const Override& o : config.overrides) {
    out << "  - paths: " << List(GlobTexts(o.paths))
        << (Applies(o, config, target) ? "  # applies here" : "") << "\n    rules: {";
    for (size_t i = 0; i < o.rules.size(); ++i) {
      out << (i == 0 ? "" : ", ") << o.rules[i].key << ": " << SettingText(o.rules[i].setting);
    }
    out << "}\n";
  }
}

Json RulesJson(const std::vector<RuleEntry>& entries) {
  Json rules = Json::object();
  for (const RuleEntry& e : entries) {
    rules[e.key] = SettingText(e.setting);
  }
  return rules;
}

}  // namespace

void WriteShowYaml(std::ostream& out, const Config* config, const std::filesystem::path& target) {
  out << "# iamlint configuration for " << target.string() << '\n';
  if (config == nullptr) {
    out << "# no configuration file: the defaults\n";
  } else {
    out << "# from " << config->path << " (patterns relative to " << config->base.string() << ")\n";
    if (Skipped(*config, target)) {
      out << "# " << target.string() << " is left out by include/exclude\n";
    }
  }
  WriteSettings(out, config);
  WriteRules(out, config, target);
  if (config != nullptr) {
    WriteOverrides(out, *config, target);
  }
}

void WriteShowJson(std::ostream& out, const Config* config, const std::filesystem::path& target) {
  Config defaults;
  const Config& c = config != nullptr ? *config : defaults;
  Json doc;
  doc["path"] = target.string();
  doc["config"] = config != nullptr ? Json(config->path) : Json(nullptr);
  doc["base"] = config != nullptr ? Json(config->base.string()) : Json(nullptr);
  doc["excluded"] = config != nullptr && Skipped(*config, target);
  doc["fail-on"] = SeverityName(c.fail_on.value_or(Severity::kLow));
  doc["policy-kind"] = c.policy_kind ? Json(PolicyKindName(*c.policy_kind)) : Json(nullptr);
  doc["accounts"] = c.accounts;
  doc["trusted-accounts"] = c.trusted_accounts;
  doc["trusted-orgs"] = c.trusted_orgs;
  doc["include"] = GlobTexts(c.include);
  doc["exclude"] = GlobTexts(c.exclude);
  doc["force-exclude"] = c.force_exclude;
  doc["report-unused-suppressions"] = c.report_unused_suppressions.value_or(false);
  Json rules = Json::object();
  for (const Rule* rule : AllRules()) {
    const RuleSetting s = SettingFor(config, rule->info, target.native());
    rules[std::string(rule->info.id)] = {
        {"name", rule->info.name},
        {"enabled", s.enabled},
        {"severity", SeverityName(s.severity.value_or(rule->info.severity))}};
  }
  doc["rules"] = std::move(rules);
  Json overrides = Json::array();
  for (const Override& o : c.overrides) {
    overrides.push_back({{"paths", GlobTexts(o.paths)},
                         {"rules", RulesJson(o.rules)},
                         {"applies", Applies(o, c, target)}});
  }
  doc["overrides"] = std::move(overrides);
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace iamlint::config

#include "analyzer/lsp/settings.h"

#include <filesystem>
#include <system_error>

#include "analyzer/analyze/rule.h"
#include "analyzer/lsp/uri.h"
#include "analyzer/report/docs_location.h"

namespace iamlint::lsp {
namespace {

void ReadStrings(const nlohmann::json& value, const char* key, std::vector<std::string>& out,
                 std::vector<std::string>& warnings) {
  if (!value.contains(key)) {
    return;
  }
  const nlohmann::json& list = value[key];
  if (!list.is_array()) {
    warnings.emplace_back(std::string("iamlint.") + key + " must be a list of strings");
    return;
  }
  out.clear();
  for (const nlohmann::json& item : list) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    } else {
      warnings.emplace_back(std::string("iamlint.") + key +
                            ": skipped a value that is not a string");
    }
  }
}

void DropBadAccounts(std::vector<std::string>& list, std::vector<std::string>& warnings) {
  std::erase_if(list, [&](const std::string& a) {
    const bool bad = a.size() != 12 || a.find_first_not_of("0123456789") != std::string::npos;
    if (bad) {
      warnings.emplace_back("account ids are 12 digits: ignored '" + a + "'");
    }
    return bad;
  });
}

void ReadPolicyKind(const nlohmann::json& value, Settings& settings,
                    std::vector<std::string>& warnings) {
  if (!value.contains("policyKind")) {
    return;
  }
  const nlohmann::json& kind = value["policyKind"];
  const auto parsed = kind.is_string() ? ParsePolicyKind(kind.get<std::string>()) : std::nullopt;
  if (kind.is_null() || (parsed && *parsed == PolicyKind::kUnknown)) {
    settings.policy_kind = PolicyKind::kUnknown;
  } else if (parsed) {
    settings.policy_kind = *parsed;
  } else {
    warnings.emplace_back(
        "iamlint.policyKind takes identity, resource, trust, scp, rcp or boundary");
  }
}

void ReadRules(const nlohmann::json& value, Settings& settings,
               std::vector<std::string>& warnings) {
  if (!value.contains("rules")) {
    return;
  }
  const nlohmann::json& rules = value["rules"];
  if (!rules.is_object()) {
    warnings.emplace_back("iamlint.rules must be an object such as {\"IAM105\": \"off\"}");
    return;
  }
  settings.rules.clear();
  for (const auto& [rule, state] : rules.items()) {
    if (state.is_string()) {
      settings.rules[rule] = state.get<std::string>();
    } else if (state.is_boolean()) {
      settings.rules[rule] = state.get<bool>() ? "on" : "off";
    } else {
      warnings.emplace_back("iamlint.rules." + rule + " takes \"off\" or \"on\"");
    }
  }
}

}  // namespace

void MergeSettings(const nlohmann::json& given, Settings& settings,
                   std::vector<std::string>& warnings) {
  const nlohmann::json& value =
      given.is_object() && given.contains("iamlint") ? given["iamlint"] : given;
  if (!value.is_object()) {
    return;  // null or absent settings: nothing changes (clients send {} and null alike)
  }
  ReadStrings(value, "accounts", settings.accounts, warnings);
  ReadStrings(value, "trustedAccounts", settings.trusted_accounts, warnings);
  ReadStrings(value, "trustedOrgs", settings.trusted_orgs, warnings);
  DropBadAccounts(settings.accounts, warnings);
  DropBadAccounts(settings.trusted_accounts, warnings);
  ReadPolicyKind(value, settings, warnings);
  ReadRules(value, settings, warnings);
  if (value.contains("docsBaseUrl")) {
    const nlohmann::json& base = value["docsBaseUrl"];
    if (base.is_string()) {
      settings.docs_base_url = base.get<std::string>();
    } else {
      warnings.emplace_back("iamlint.docsBaseUrl must be a string");
    }
  }
}

ScanOptions ScanOptionsOf(const Settings& settings) {
  ScanOptions options;
  options.kind = settings.policy_kind;
  options.rules.accounts = {settings.accounts, settings.trusted_accounts, settings.trusted_orgs};
  return options;
}

bool RuleOff(const Settings& settings, std::string_view id, std::string_view name) {
  auto off = [&](std::string_view key) {
    const auto it = settings.rules.find(std::string(key));
    return it != settings.rules.end() && (it->second == "off" || it->second == "false");
  };
  return off(id) || off(name);
}

Settings WithConfigFile(Settings base, const std::string& path) {
  // A new resolver each time: an edited .iamlint.yaml applies at the next change.
  auto resolver = std::make_shared<config::Resolver>(config::Resolver::Discover());
  const config::Config* found = resolver->ForFile(path);
  if (found == nullptr) {
    return base;
  }
  auto fill = [](std::vector<std::string>& list, const std::vector<std::string>& from) {
    if (list.empty()) {
      list = from;
    }
  };
  fill(base.accounts, found->accounts);
  fill(base.trusted_accounts, found->trusted_accounts);
  fill(base.trusted_orgs, found->trusted_orgs);
  if (base.policy_kind == PolicyKind::kUnknown && found->policy_kind) {
    base.policy_kind = *found->policy_kind;
  }
  base.config_owner = std::move(resolver);
  base.config = found;
  base.path = path;
  return base;
}

void ApplyRuleSettings(FileResult& result, const Settings& settings) {
  if (settings.rules.empty() && settings.config == nullptr) {
    return;
  }
  const config::FileRules rules(settings.config, settings.path);
  // True when the finding goes; else its severity is the configured one.
  auto drop = [&](Finding& f) {
    if (RuleOff(settings, f.rule_id, f.rule_name)) {
      return true;
    }
    const Rule* rule = FindRule(f.rule_id);
    if (settings.config == nullptr || rule == nullptr) {
      return false;
    }
    const config::RuleSetting setting = rules.For(rule->info);
    if (setting.severity) {
      f.severity = *setting.severity;
    }
    return !setting.enabled;
  };
  std::erase_if(result.findings, drop);
  for (PolicyResult& p : result.policies) {
    std::erase_if(p.findings, drop);
  }
  for (PrincipalGroup& g : result.principals) {
    std::erase_if(g.findings, [&](LocatedFinding& f) { return drop(f.finding); });
  }
}

std::string DefaultDocsBaseUrl() {
  // The same pages SARIF links to (analyzer/report/docs_location.cpp).
  std::string uri = RuleDocUri("");
  uri.resize(uri.size() - 3);  // without ".md"
  return uri;
}

}  // namespace iamlint::lsp

#pragma once
// What the editor configures for the language server: `initializationOptions` and
// `workspace/didChangeConfiguration` settings, as {"iamlint": {...}} or the inner object alone.
//
//   {"iamlint": {"accounts": ["111122223333"], "trustedAccounts": [], "policyKind": "identity",
//                "rules": {"IAM105": "off"}, "docsBaseUrl": "https://example.com/rules/"}}

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/analyze/scan.h"
#include "analyzer/config/config.h"
#include "analyzer/config/discovery.h"

namespace iamlint::lsp {

/// The settings that apply to a document.
struct Settings {
  std::vector<std::string> accounts;              // home accounts (as --account)
  std::vector<std::string> trusted_accounts;      // as --trusted-account
  std::vector<std::string> trusted_orgs;          // as --trusted-org
  PolicyKind policy_kind = PolicyKind::kUnknown;  // raw JSON policies: as --policy-kind
  std::map<std::string, std::string> rules;       // rule id or name -> "off" (others: on)
  /// Where a rule's page is: the rule id and ".md" are appended (codeDescription.href); empty:
  /// no link.
  std::string docs_base_url;
  /// The .iamlint.yaml that applies to the document (null: none), kept alive by its resolver,
  /// and the document's path, which its per-path overrides match.
  std::shared_ptr<config::Resolver> config_owner;
  const config::Config* config = nullptr;
  std::string path;
};

/// `base` with the configuration file that applies to the file at `path` (found as `check`
/// finds it): its accounts, organizations and policy kind where the editor set none, and its
/// rule settings (see ApplyRuleSettings).
Settings WithConfigFile(Settings base, const std::string& path);

/// Drops the findings of rules turned off (by the editor's settings or the configuration file)
/// and applies the configuration's severity overrides.
void ApplyRuleSettings(FileResult& result, const Settings& settings);

/// Applies the settings in `given` over `settings`; what is malformed is skipped and described
/// in `warnings` (shown to the user), never fatal.
void MergeSettings(const nlohmann::json& given, Settings& settings,
                   std::vector<std::string>& warnings);

/// The scan options the settings ask for.
ScanOptions ScanOptionsOf(const Settings& settings);

/// True when the settings turn off the rule with `id` (also when named by `name`).
bool RuleOff(const Settings& settings, std::string_view id, std::string_view name);

/// The default base of rule pages, ending in "/": the pages SARIF links to ($IAMLINT_DOCS_URL,
/// else the installed docs, else the source tree).
std::string DefaultDocsBaseUrl();

}  // namespace iamlint::lsp

#pragma once
// What the editor configures for the language server: `initializationOptions` and
// `workspace/didChangeConfiguration` settings, as {"iamlint": {...}} or the inner object alone.
//
//   {"iamlint": {"accounts": ["111122223333"], "trustedAccounts": [], "policyKind": "identity",
//                "rules": {"IAM105": "off"}, "docsBaseUrl": "https://example.com/rules/"}}

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/analyze/scan.h"

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
};

/// Applies the settings in `given` over `settings`; what is malformed is skipped and described
/// in `warnings` (shown to the user), never fatal.
void MergeSettings(const nlohmann::json& given, Settings& settings,
                   std::vector<std::string>& warnings);

/// The scan options the settings ask for.
ScanOptions ScanOptionsOf(const Settings& settings);

/// True when the settings turn off the rule with `id` (also when named by `name`).
bool RuleOff(const Settings& settings, std::string_view id, std::string_view name);

/// The default base of rule pages: the installed pages (share/doc/iamlint/rules/ beside the
/// executable's bin/), else the source tree's docs/rules/ above a build directory, as a file:
/// URI; empty when neither exists.
std::string DefaultDocsBaseUrl();

}  // namespace iamlint::lsp

#pragma once
// What a rule is: metadata with one doc string (which feeds `iamlint rules`, SARIF help, LSP hover
// and docs/rules/) plus a check function called once per policy by the engine.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/analyze/effective.h"
#include "analyzer/catalog/action_set.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/finding.h"
#include "analyzer/normalize/policy.h"

namespace iamlint {

/// A rule's identity and documentation.
struct RuleInfo {
  std::string_view id;    // "IAM201": never reused
  std::string_view name;  // "full-admin": kebab-case, reads after "allows"
  Category category;
  Severity severity;         // default severity
  std::string_view summary;  // one sentence
  std::string_view doc;      // Markdown with the fixed headings
  /// The IAM Access Analyzer policy checks (ValidatePolicy issue codes) the rule implements;
  /// each finding names the one it matches in Finding::aws_check.
  std::span<const std::string_view> aws_checks = {};
};

/// Collects the findings of one policy.
class Reporter {
 public:
  /// Records a finding of `rule` at `range`; the returned reference can take extra fields.
  Finding& Report(const RuleInfo& rule, ByteRange range, std::string message, std::string help);
  /// Records a finding that matches the Access Analyzer check `aws_check` (one of
  /// rule.aws_checks), with `severity` in place of the rule's default.
  Finding& Report(const RuleInfo& rule, std::string_view aws_check, Severity severity,
                  ByteRange range, std::string message, std::string help);
  /// Records a finding made elsewhere (e.g. by the escalation search).
  void Add(Finding finding) { findings_.push_back(std::move(finding)); }
  /// Everything reported so far.
  std::vector<Finding>& findings() { return findings_; }

 private:
  std::vector<Finding> findings_;
};

/// Who counts as "us" when judging grants to other accounts (--account, --trusted-account,
/// --trusted-org). Empty `home`: other accounts cannot be told from ours.
struct Accounts {
  std::vector<std::string> home;
  std::vector<std::string> trusted;
  std::vector<std::string> orgs;
  /// True when `account` (12 digits) is home or trusted.
  bool Trusts(std::string_view account) const;
};

/// The actions one statement names and grants, expanded once by the engine.
struct StatementActions {
  catalog::ActionSet listed;                            // union of its Action/NotAction patterns
  catalog::ActionSet granted;                           // `listed`, or its complement for NotAction
  std::vector<const catalog::ActionExpansion*> values;  // parallel to Statement::actions
};

/// Everything a rule may look at for one policy.
struct PolicyContext {
  const SourceFile& file;
  const Policy& policy;
  catalog::ActionMatcher& matcher;
  std::vector<StatementActions> statements;  // parallel to policy.statements
  const PolicySet* permissions = nullptr;    // identity policies: the policy as a PolicySet
  const Accounts* accounts = nullptr;        // never null while a rule runs

  /// The catalog in use.
  const catalog::Catalog& catalog() const { return matcher.catalog(); }
  /// True for a Resource pattern that matches every ARN: "*", "arn:*", "arn:aws:*:*:*:*".
  static bool MatchesEveryResource(std::string_view pattern);
  /// True when the statement applies to every resource: such a Resource, or NotResource.
  static bool CoversAllResources(const Statement& st);
  /// True when the statement has a Condition element (treated as restricting for now).
  static bool IsConditional(const Statement& st) { return !st.conditions.empty(); }
  /// The expanded actions of `st` (which must belong to `policy`).
  const StatementActions& ActionsOf(const Statement& st) const {
    return statements[static_cast<size_t>(&st - policy.statements.data())];
  }
  /// The action set `st` allows (or denies) on every resource with no condition, or empty.
  /// Allow + NotResource counts as every resource; Deny + NotResource denies everywhere except
  /// its IAM actions when the excepted resources may be IAM resources.
  catalog::ActionSet UnrestrictedGrant(const Statement& st) const;
  /// Allow minus Deny over statements that cover all resources without conditions:
  /// what the policy grants everywhere, unconditionally.
  catalog::ActionSet UnrestrictedEffectiveGrant() const;
};

/// The check function a rule provides.
using CheckFn = void (*)(const PolicyContext& context, Reporter& out);

/// A registered rule.
struct Rule {
  const RuleInfo& info;
  CheckFn check;
};

/// Every rule, sorted by id (generated from the files in rules/).
const std::vector<const Rule*>& AllRules();
/// The rule with this id or name (case-insensitive), or nullptr.
const Rule* FindRule(std::string_view id_or_name);

}  // namespace iamlint

/// Registers a rule defined in a rules/ file; the registry is generated from the file names.
#define IAMLINT_RULE(ID, INFO, CHECK)           \
  namespace iamlint::rules {                    \
  extern const ::iamlint::Rule kRule##ID;       \
  const ::iamlint::Rule kRule##ID{INFO, CHECK}; \
  }                                             \
  static_assert(true, "IAMLINT_RULE needs a trailing semicolon")

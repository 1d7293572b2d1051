#include "analyzer/analyze/engine.h"

#include <algorithm>
#include <optional>

#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint {

Finding& Reporter::Report(const RuleInfo& rule, ByteRange range, std::string message,
                          std::string help) {
  Finding& f = findings_.emplace_back();
  f.rule_id = rule.id;
  f.rule_name = rule.name;
  f.category = rule.category;
  f.severity = rule.severity;
  f.message = std::move(message);
  f.help = std::move(help);
  f.range = range;
  return f;
}

Finding& Reporter::Report(const RuleInfo& rule, std::string_view aws_check, Severity severity,
                          ByteRange range, std::string message, std::string help) {
  Finding& f = Report(rule, range, std::move(message), std::move(help));
  f.aws_check = aws_check;
  f.severity = severity;
  return f;
}

bool PolicyContext::MatchesEveryResource(std::string_view pattern) {
  if (pattern == "*") {
    return true;
  }
  // "arn:*", "arn:aws:*", "arn:*:*:*:*:*": a partition (policies apply within one), then only
  // wildcards, ending in one.
  constexpr std::string_view kArn = "arn:";
  if (pattern.size() <= kArn.size() || pattern.substr(0, kArn.size()) != kArn ||
      pattern.back() != '*') {
    return false;
  }
  size_t rest = pattern.find(':', kArn.size());
  rest = rest == std::string_view::npos ? kArn.size() : rest;
  return pattern.find_first_not_of("*:", rest) == std::string_view::npos;
}

bool PolicyContext::CoversAllResources(const Statement& st) {
  if (st.not_resource) {
    return true;  // "everything except" is treated as everything: the exclusion is rarely total
  }
  return std::any_of(st.resources.begin(), st.resources.end(),
                     [](const Located& r) { return MatchesEveryResource(r.text); });
}

namespace {

// True when a NotResource pattern may name IAM resources (roles, users, policies): its service
// field matches "iam", or it has no fields to tell.
bool MayNameIamResources(std::string_view pattern) {
  size_t start = 0;
  for (int field = 0; field < 2; ++field) {
    const size_t colon = pattern.find(':', start);
    if (colon == std::string_view::npos) {
      return true;
    }
    start = colon + 1;
  }
  const size_t end = pattern.find(':', start);
  const std::string_view service =
      pattern.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  return catalog::GlobMatch(service, "iam", false);
}

}  // namespace

catalog::ActionSet PolicyContext::UnrestrictedGrant(const Statement& st) const {
  const catalog::ActionSet& granted = ActionsOf(st).granted;
  catalog::ActionSet none(granted.universe());
  if (IsConditional(st) || !CoversAllResources(st)) {
    return none;
  }
  if (!st.Denies() || !st.not_resource) {
    return granted;  // an Allow with NotResource counts as every resource: the safe side
  }
  // A Deny with NotResource takes its actions away everywhere but the listed resources. If
  // those may be IAM resources, IAM actions stay usable there (enough to escalate): keep them.
  catalog::ActionSet denied = granted;
  if (std::any_of(st.resources.begin(), st.resources.end(),
                  [](const Located& r) { return MayNameIamResources(r.text); })) {
    if (const auto iam = catalog().FindService("iam")) {
      catalog::ActionSet iam_actions(granted.universe());
      iam_actions.AddRange(catalog().ServiceFirstAction(*iam), catalog().ServiceEndAction(*iam));
      denied.Subtract(iam_actions);
    }
  }
  return denied;
}

catalog::ActionSet PolicyContext::UnrestrictedEffectiveGrant() const {
  catalog::ActionSet allowed(catalog().action_count());
  catalog::ActionSet denied(catalog().action_count());
  for (const Statement& st : policy.statements) {
    if (st.Allows()) {
      allowed |= UnrestrictedGrant(st);
    } else if (st.Denies()) {
      denied |= UnrestrictedGrant(st);
    }
  }
  return allowed.Subtract(denied);
}

bool Accounts::Trusts(std::string_view account) const {
  auto has = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), account) != list.end();
  };
  return has(home) || has(trusted);
}

const Rule* FindRule(std::string_view id_or_name) {
  for (const Rule* rule : AllRules()) {
    if (EqualsIgnoreCase(rule->info.id, id_or_name) ||
        EqualsIgnoreCase(rule->info.name, id_or_name)) {
      return rule;
    }
  }
  return nullptr;
}

std::vector<Finding> AnalyzePolicy(const SourceFile& file, const Policy& policy,
                                   catalog::ActionMatcher& matcher,
                                   const AnalysisOptions& selection) {
  PolicyContext context{file, policy, matcher, {}, nullptr, &selection.accounts};
  const size_t universe = matcher.catalog().action_count();
  context.statements.reserve(policy.statements.size());
  for (const Statement& st : policy.statements) {
    StatementActions actions{catalog::ActionSet(universe), {}, {}};
    actions.values.reserve(st.actions.size());
    for (const Located& pattern : st.actions) {
      const catalog::ActionExpansion& expansion = matcher.Expand(pattern.text);
      expansion.AddTo(actions.listed);
      actions.values.push_back(&expansion);
    }
    actions.granted = st.not_action ? actions.listed.Complement() : actions.listed;
    context.statements.push_back(std::move(actions));
  }
  std::optional<PolicySet> permissions;
  if (policy.kind == PolicyKind::kIdentity) {
    static const std::string kToday = TodayUtc();
    permissions.emplace(matcher, kToday);
    std::vector<const catalog::ActionSet*> granted;
    granted.reserve(context.statements.size());
    for (const StatementActions& s : context.statements) {
      granted.push_back(&s.granted);
    }
    permissions->Add(file, policy, &granted);
    for (const auto& limit : selection.limits) {
      permissions->AddLimit(*limit->file, limit->policy);
    }
    context.permissions = &*permissions;
  }
  Reporter reporter;
  for (const Rule* rule : AllRules()) {
    const bool selected =
        selection.only.empty() ||
        std::any_of(selection.only.begin(), selection.only.end(), [&](const std::string& s) {
          return EqualsIgnoreCase(s, rule->info.id) || EqualsIgnoreCase(s, rule->info.name);
        });
    if (selected && rule->check != nullptr) {  // null: reported outside policies (IAM9xx)
      rule->check(context, reporter);
    }
  }
  std::vector<Finding>& findings = reporter.findings();
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return a.range.begin != b.range.begin ? a.range.begin < b.range.begin : a.rule_id < b.rule_id;
  });
  return std::move(findings);
}

}  // namespace iamlint

#include "analyzer/analyze/engine.h"

#include <algorithm>

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

bool PolicyContext::CoversAllResources(const Statement& st) {
  if (st.not_resource) {
    return true;  // "everything except" is treated as everything: the exclusion is rarely total
  }
  return std::any_of(st.resources.begin(), st.resources.end(),
                     [](const Located& r) { return r.text == "*"; });
}

catalog::ActionSet PolicyContext::UnrestrictedGrant(const Statement& st) const {
  const catalog::ActionSet& granted = ActionsOf(st).granted;
  if (st.not_resource || !CoversAllResources(st) || IsConditional(st)) {
    return catalog::ActionSet(granted.universe());
  }
  return granted;
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
                                   const RuleSelection& selection) {
  PolicyContext context{file, policy, matcher, {}};
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
  Reporter reporter;
  for (const Rule* rule : AllRules()) {
    const bool selected =
        selection.only.empty() ||
        std::any_of(selection.only.begin(), selection.only.end(), [&](const std::string& s) {
          return EqualsIgnoreCase(s, rule->info.id) || EqualsIgnoreCase(s, rule->info.name);
        });
    if (selected) {
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

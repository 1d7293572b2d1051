#include "analyzer/diff/compare.h"

#include <algorithm>

#include "analyzer/analyze/effective.h"
#include "analyzer/core/strings.h"

namespace iamlint::diff {
namespace {

// The value of the statement that names the first action of `actions`.
ByteRange ActionRange(const Cell& cell, const catalog::ActionSet& actions,
                      catalog::ActionMatcher& matcher) {
  const Statement& st = *cell.statement;
  if (st.not_action) {
    return st.action_key;
  }
  catalog::ActionId first = 0;
  bool found = false;
  actions.ForEach([&](catalog::ActionId a) {
    if (!found) {
      first = a;
      found = true;
    }
  });
  for (const Located& a : st.actions) {
    if (found && matcher.Expand(a.text).Contains(first)) {
      return a.range;
    }
  }
  return st.action_key.end > 0 ? st.action_key : st.range;
}

ByteRange ResourceRange(const Cell& cell) {
  if (cell.resource.at == nullptr) {
    return cell.statement->range;
  }
  return cell.resource.negated ? cell.statement->resource_key : cell.resource.at->range;
}

ByteRange ConditionRange(const Cell& cell, const ConditionTest* earlier) {
  for (const ConditionTest* t : cell.conditions) {
    if (earlier != nullptr && EqualsIgnoreCase(t->key.text, earlier->key.text)) {
      return t->operator_name.range;
    }
  }
  return cell.statement->condition_block.value_or(cell.statement->range);
}

// Actions of `cell` that Denies of `cells` remove everywhere it applies, unconditionally.
catalog::ActionSet DeniedEverywhere(const Cell& cell, const std::vector<Cell>& cells) {
  catalog::ActionSet denied(cell.actions.universe());
  for (const Cell& d : cells) {
    if (!d.allow && d.conditions.empty() && ResourceContains(d.resource, cell.resource) &&
        PrincipalContains(d.principal, cell.principal)) {
      denied |= d.actions;
    }
  }
  return denied;
}

struct Coverage {
  catalog::ActionSet covered;      // by a cell containing this one in every respect
  catalog::ActionSet but_condition;  // resource and principal contained, conditions not implied
  catalog::ActionSet but_principal;  // resource contained and conditions implied
  catalog::ActionSet anywhere;       // allowed by some earlier cell at all
  const ConditionTest* unimplied = nullptr;
};

Coverage Cover(const Cell& cell, const std::vector<Cell>& before) {
  const size_t universe = cell.actions.universe();
  Coverage c{catalog::ActionSet(universe), catalog::ActionSet(universe),
             catalog::ActionSet(universe), catalog::ActionSet(universe), nullptr};
  for (const Cell& o : before) {
    if (!o.allow) {
      continue;
    }
    c.anywhere |= o.actions;
    if (!o.actions.Intersects(cell.actions) || !ResourceContains(o.resource, cell.resource)) {
      continue;
    }
    const bool principal = PrincipalContains(o.principal, cell.principal);
    const ConditionTest* unimplied = FirstUnimplied(cell.conditions, o.conditions);
    if (principal && unimplied == nullptr) {
      c.covered |= o.actions;
    } else if (principal) {
      c.but_condition |= o.actions;
      if (c.unimplied == nullptr) {
        c.unimplied = unimplied;
      }
    } else if (unimplied == nullptr) {
      c.but_principal |= o.actions;
    }
  }
  return c;
}

void Emit(std::vector<Change>& out, Change change, catalog::ActionSet& rest,
          const catalog::ActionSet& within) {
  change.actions = rest;
  change.actions &= within;
  if (change.actions.Empty()) {
    return;
  }
  rest.Subtract(change.actions);
  out.push_back(std::move(change));
}

// Merges changes of one statement that differ only by resource.
std::vector<Change> MergeResources(std::vector<Change> changes) {
  std::vector<Change> merged;
  for (Change& c : changes) {
    auto same = std::find_if(merged.begin(), merged.end(), [&](const Change& m) {
      return m.kind == c.kind && m.cell->statement == c.cell->statement && m.deny == c.deny &&
             m.condition == c.condition && m.cell->principal.value == c.cell->principal.value &&
             m.cell->principal.type == c.cell->principal.type && m.actions == c.actions;
    });
    if (same != merged.end()) {
      same->resources.push_back(&c.cell->resource);
      continue;
    }
    c.resources = {&c.cell->resource};
    merged.push_back(std::move(c));
  }
  return merged;
}

}  // namespace

std::vector<Change> AddedAccess(const std::vector<Cell>& before, const std::vector<Cell>& after,
                                catalog::ActionMatcher& matcher) {
  std::vector<Change> changes;
  std::vector<catalog::ActionSet> reported;  // per cell of `after`: what the allow pass said
  reported.reserve(after.size());
  for (const Cell& cell : after) {
    catalog::ActionSet rest = cell.actions;
    if (cell.allow) {
      rest.Subtract(DeniedEverywhere(cell, after));
    }
    if (!cell.allow || rest.Empty()) {
      reported.emplace_back(cell.actions.universe());
      continue;
    }
    const Coverage c = Cover(cell, before);
    rest.Subtract(c.covered);
    const catalog::ActionSet uncovered = rest;
    if (!rest.Empty()) {
      bool same_key = false;
      for (const ConditionTest* t : cell.conditions) {
        same_key = same_key ||
                   (c.unimplied != nullptr && EqualsIgnoreCase(t->key.text, c.unimplied->key.text));
      }
      Emit(changes,
           {same_key ? ChangeKind::kConditionWeakened : ChangeKind::kConditionRemoved,
            {}, &cell, nullptr, c.unimplied, ConditionRange(cell, c.unimplied), {}},
           rest, c.but_condition);
      const bool is_public = cell.principal.Everyone() && CallerRestriction(*cell.statement) == nullptr;
      Emit(changes,
           {is_public ? ChangeKind::kPublicPrincipal : ChangeKind::kNewPrincipal, {}, &cell,
            nullptr, nullptr, cell.principal.at ? cell.principal.at->range : cell.statement->range, {}},
           rest, c.but_principal);
      Emit(changes, {ChangeKind::kNewResource, {}, &cell, nullptr, nullptr, ResourceRange(cell), {}},
           rest, c.anywhere);
      const size_t count = changes.size();
      Emit(changes, {ChangeKind::kNewAction, {}, &cell, nullptr, nullptr, {}, {}}, rest, cell.actions);
      if (changes.size() > count) {
        changes.back().range = ActionRange(cell, changes.back().actions, matcher);
      }
    }
    reported.push_back(uncovered);
  }
  // Earlier Denies no later Deny covers: what later Allows grant where they applied is new.
  for (const Cell& deny : before) {
    if (deny.allow) {
      continue;
    }
    catalog::ActionSet lost = deny.actions;
    bool narrowed = false;
    for (const Cell& d : after) {
      if (d.allow || !d.actions.Intersects(deny.actions)) {
        continue;
      }
      if (ResourceContains(d.resource, deny.resource) &&
          PrincipalContains(d.principal, deny.principal) &&
          ConditionsImply(deny.conditions, d.conditions)) {
        lost.Subtract(d.actions);
      }
      narrowed = narrowed || ResourcesIntersect(d.resource, deny.resource);
    }
    if (lost.Empty()) {
      continue;
    }
    for (size_t i = 0; i < after.size(); ++i) {
      const Cell& cell = after[i];
      if (!cell.allow || !cell.actions.Intersects(lost) ||
          !ResourcesIntersect(cell.resource, deny.resource) ||
          !PrincipalsIntersect(cell.principal, deny.principal)) {
        continue;
      }
      catalog::ActionSet exposed = lost;
      exposed &= cell.actions;
      exposed.Subtract(reported[i]);
      exposed.Subtract(DeniedEverywhere(cell, after));
      if (exposed.Empty()) {
        continue;
      }
      reported[i] |= exposed;
      Change change{narrowed ? ChangeKind::kDenyNarrowed : ChangeKind::kDenyRemoved,
                    exposed, &cell, &deny, nullptr, {}, {}};
      change.range = ActionRange(cell, exposed, matcher);
      changes.push_back(std::move(change));
    }
  }
  return MergeResources(std::move(changes));
}

std::string_view ChangeKindName(ChangeKind kind, bool removed) {
  switch (kind) {
    case ChangeKind::kNewAction:
      return removed ? "action removed" : "new action";
    case ChangeKind::kNewResource:
      return removed ? "resource removed" : "new resource";
    case ChangeKind::kConditionRemoved:
      return removed ? "condition added" : "condition removed";
    case ChangeKind::kConditionWeakened:
      return removed ? "condition tightened" : "condition weakened";
    case ChangeKind::kNewPrincipal:
      return removed ? "principal removed" : "new principal";
    case ChangeKind::kPublicPrincipal:
      return removed ? "no longer public" : "made public";
    case ChangeKind::kDenyRemoved:
      return removed ? "Deny added" : "Deny removed";
    case ChangeKind::kDenyNarrowed:
      return removed ? "Deny widened" : "Deny narrowed";
  }
  return "";
}

}  // namespace iamlint::diff

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
  catalog::ActionSet covered;        // by a cell containing this one in every respect
  catalog::ActionSet but_condition;  // resource and principal contained, conditions not implied
  catalog::ActionSet but_principal;  // resource contained and conditions implied
  catalog::ActionSet anywhere;       // allowed by some earlier cell at all
  const ConditionTest* unimplied = nullptr;
};

Coverage Cover(const Cell& cell, const std::vector<Cell>& before,
               const catalog::ActionSet& anywhere) {
  const size_t universe = cell.actions.universe();
  Coverage c{catalog::ActionSet(universe), catalog::ActionSet(universe),
             catalog::ActionSet(universe), anywhere, nullptr};
  for (const Cell& o : before) {
    if (!o.allow) {
      continue;
    }
    if (!ResourceContains(o.resource, cell.resource) || !o.actions.Intersects(cell.actions)) {
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

Change MakeChange(ChangeKind kind, const Cell& cell, ByteRange range,
                  const ConditionTest* condition = nullptr, const Cell* deny = nullptr) {
  Change c;
  c.kind = kind;
  c.cell = &cell;
  c.range = range;
  c.condition = condition;
  c.deny = deny;
  return c;
}

// The new access of Allow cell `cell` of `after`, labelled; returns the actions reported.
catalog::ActionSet AllowCellChanges(const Cell& cell, const std::vector<Cell>& before,
                                    const catalog::ActionSet& anywhere,
                                    const std::vector<Cell>& after, catalog::ActionMatcher& matcher,
                                    std::vector<Change>& changes) {
  catalog::ActionSet rest = cell.actions;
  rest.Subtract(DeniedEverywhere(cell, after));
  if (rest.Empty()) {
    return rest;
  }
  const Coverage c = Cover(cell, before, anywhere);
  rest.Subtract(c.covered);
  catalog::ActionSet uncovered = rest;  // what this cell reports, whatever the label
  if (rest.Empty()) {
    return uncovered;
  }
  const bool same_key =
      c.unimplied != nullptr &&
      std::any_of(cell.conditions.begin(), cell.conditions.end(), [&](const ConditionTest* t) {
        return EqualsIgnoreCase(t->key.text, c.unimplied->key.text);
      });
  Emit(changes,
       MakeChange(same_key ? ChangeKind::kConditionWeakened : ChangeKind::kConditionRemoved, cell,
                  ConditionRange(cell, c.unimplied), c.unimplied),
       rest, c.but_condition);
  const bool is_public = cell.principal.Everyone() && CallerRestriction(*cell.statement) == nullptr;
  Emit(changes,
       MakeChange(is_public ? ChangeKind::kPublicPrincipal : ChangeKind::kNewPrincipal, cell,
                  cell.principal.at ? cell.principal.at->range : cell.statement->range),
       rest, c.but_principal);
  Emit(changes, MakeChange(ChangeKind::kNewResource, cell, ResourceRange(cell)), rest, c.anywhere);
  const size_t count = changes.size();
  Emit(changes, MakeChange(ChangeKind::kNewAction, cell, {}), rest, cell.actions);
  if (changes.size() > count) {
    changes.back().range = ActionRange(cell, changes.back().actions, matcher);
  }
  return uncovered;
}

// The actions of Deny cell `deny` that no Deny of `after` still denies wherever it did;
// `narrowed` when some Deny of `after` still touches its resources.
catalog::ActionSet LostDenials(const Cell& deny, const std::vector<Cell>& after, bool& narrowed) {
  catalog::ActionSet lost = deny.actions;
  narrowed = false;
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
  return lost;
}

// What Allow cells of `after` grant that Deny cell `deny` of the earlier version denied and
// no longer does; `reported` (per cell of `after`) keeps each action reported once.
void DenyCellChanges(const Cell& deny, const std::vector<Cell>& after,
                     std::vector<catalog::ActionSet>& reported, catalog::ActionMatcher& matcher,
                     std::vector<Change>& changes) {
  bool narrowed = false;
  const catalog::ActionSet lost = LostDenials(deny, after, narrowed);
  if (lost.Empty()) {
    return;
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
    Change change = MakeChange(narrowed ? ChangeKind::kDenyNarrowed : ChangeKind::kDenyRemoved,
                               cell, ActionRange(cell, exposed, matcher), nullptr, &deny);
    change.actions = std::move(exposed);
    changes.push_back(std::move(change));
  }
}

}  // namespace

std::vector<Change> AddedAccess(const std::vector<Cell>& before, const std::vector<Cell>& after,
                                catalog::ActionMatcher& matcher) {
  std::vector<Change> changes;
  std::vector<catalog::ActionSet> reported;  // per cell of `after`: what is already said
  reported.reserve(after.size());
  catalog::ActionSet anywhere(matcher.catalog().action_count());  // allowed somewhere before
  for (const Cell& o : before) {
    if (o.allow) {
      anywhere |= o.actions;
    }
  }
  for (const Cell& cell : after) {
    reported.push_back(cell.allow
                           ? AllowCellChanges(cell, before, anywhere, after, matcher, changes)
                           : catalog::ActionSet(cell.actions.universe()));
  }
  // Earlier Denies no later Deny covers: what later Allows grant where they applied is new.
  for (const Cell& deny : before) {
    if (!deny.allow) {
      DenyCellChanges(deny, after, reported, matcher, changes);
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

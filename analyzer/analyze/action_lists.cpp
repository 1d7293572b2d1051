#include "analyzer/analyze/action_lists.h"

#include <map>
#include <vector>

#include "analyzer/core/unknown.h"
#include "analyzer/parse/json.h"

extern const char kIamlintRiskyActionsJson[];

namespace iamlint {
namespace {

struct Lists {
  catalog::ActionSet credentials;
  catalog::ActionSet exfiltration;
  catalog::ActionSet exposure;
  catalog::ActionSet scopable;
  std::vector<catalog::ActionSet> by_level;  // indexed by AccessLevel
};

const Lists& ListsFor(const catalog::Catalog& cat) {
  static std::map<const void*, Lists> cache;
  const auto it = cache.find(&cat);
  if (it != cache.end()) {
    return it->second;
  }
  // Parsed with the project's own parser: our data, checked by tests.
  const parse::JsonParseResult parsed = parse::ParseJson(kIamlintRiskyActionsJson);
  const size_t universe = cat.action_count();
  auto load = [&](const char* key) {
    catalog::ActionSet set(universe);
    if (!parsed.document) {
      return set;
    }
    const parse::JsonDocument& doc = *parsed.document;
    const auto list = doc.Find(doc.root(), key);
    const auto actions = list ? doc.Find(*list, "actions") : std::nullopt;
    for (uint32_t i = 0; actions && i < doc.size(*actions); ++i) {
      if (const auto id = cat.FindAction(doc.Text(doc.Element(*actions, i)))) {
        set.Add(*id);
      }
    }
    return set;
  };
  Lists lists{load("credentials_exposure"),
              load("data_exfiltration"),
              load("resource_exposure"),
              catalog::ActionSet(universe),
              {}};
  lists.by_level.assign(5, catalog::ActionSet(universe));
  for (catalog::ActionId a = 0; a < universe; ++a) {
    if (!cat.ActionResourceTypes(a).empty()) {
      lists.scopable.Add(a);
    }
    lists.by_level[static_cast<size_t>(cat.ActionAccessLevel(a))].Add(a);
  }
  return cache.emplace(&cat, std::move(lists)).first->second;
}

}  // namespace

const catalog::ActionSet& RiskyActions(const catalog::Catalog& cat, RiskyList list) {
  const Lists& lists = ListsFor(cat);
  switch (list) {
    case RiskyList::kCredentialsExposure:
      return lists.credentials;
    case RiskyList::kDataExfiltration:
      return lists.exfiltration;
    case RiskyList::kResourceExposure:
      break;
  }
  return lists.exposure;
}

const catalog::ActionSet& ScopableActions(const catalog::Catalog& cat) {
  return ListsFor(cat).scopable;
}

const catalog::ActionSet& AccessLevelActions(const catalog::Catalog& cat,
                                             catalog::AccessLevel level) {
  return ListsFor(cat).by_level[static_cast<size_t>(level)];
}

void ReportUnrestrictedActions(const PolicyContext& context, Reporter& out, const RuleInfo& rule,
                               const catalog::ActionSet& interest, std::string_view what,
                               std::string_view why, std::string_view help,
                               bool skip_whole_service) {
  if (context.permissions == nullptr) {
    return;
  }
  const PolicySet& set = *context.permissions;
  catalog::ActionSet effective = set.Unrestricted();
  if (effective.IsAll()) {
    return;  // full admin: IAM201 says it
  }
  effective &= interest;
  effective &= ScopableActions(set.catalog());
  catalog::ActionSet reported(effective.universe());
  // Statements limited to patterns that still contain every resource of an action
  // (`arn:aws:s3:::*/*` for s3:GetObject) count for that action too. Past this many actions
  // per statement the per-action test is skipped (it compares patterns per resource type).
  constexpr size_t kMaxPerActionTests = 3000;
  catalog::ActionSet wide = interest;
  wide &= ScopableActions(set.catalog());
  wide &= set.Reachable();
  for (const StatementGrant& g : set.allows()) {
    if (g.condition.kind == ConditionClass::kRestricting ||
        g.condition.kind == ConditionClass::kNeverTrue) {
      continue;
    }
    catalog::ActionSet covered = effective;
    if (!g.all_resources) {
      catalog::ActionSet candidates = g.actions;
      candidates &= wide;
      covered = catalog::ActionSet(effective.universe());
      if (candidates.Empty() || candidates.Count() > kMaxPerActionTests) {
        continue;
      }
      candidates.ForEach([&](catalog::ActionId a) {
        if (set.CoversEveryResourceOf(g, a)) {
          covered.Add(a);
        }
      });
      if (covered.Empty()) {
        continue;
      }
    }
    catalog::ActionSet here = g.actions;
    if (skip_whole_service) {
      if (g.statement->not_action) {
        continue;
      }
      here = catalog::ActionSet(effective.universe());
      for (const Located& pattern : g.statement->actions) {
        const bool whole = pattern.text == "*" || pattern.text.ends_with(":*");
        if (!whole) {
          context.matcher.Expand(pattern.text).AddTo(here);
        }
      }
    }
    here &= covered;
    here.Subtract(reported);
    if (here.Empty()) {
      continue;
    }
    reported |= here;
    std::string names;
    size_t shown = 0;
    catalog::ActionId first = 0;
    here.ForEach([&](catalog::ActionId a) {
      if (shown == 0) {
        first = a;
      }
      if (shown < 4) {
        names += (shown == 0 ? "" : ", ") + set.catalog().FullActionName(a);
      }
      ++shown;
    });
    if (shown > 4) {
      names += " and " + std::to_string(shown - 4) + " more";
    }
    Finding& f = out.Report(
        rule, set.ActionRange(g, first),
        "statement " + g.statement->Label() + " allows " + std::to_string(shown) + " " +
            (shown == 1 ? std::string(what.substr(0, what.size() - 1)) : std::string(what)) +
            (g.all_resources ? " on every resource"
                             : " on every resource of their types (" +
                                   DisplayText(g.statement->resources.front().text) +
                                   (g.statement->resources.size() > 1 ? " and more)" : ")")) +
            " (" + names + "): " + std::string(why),
        std::string(help));
    f.statement = g.statement->Label();
    here.ForEach(
        [&](catalog::ActionId a) { f.actions.push_back(set.catalog().FullActionName(a)); });
  }
}

}  // namespace iamlint

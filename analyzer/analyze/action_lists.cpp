#include "analyzer/analyze/action_lists.h"

#include <algorithm>
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
  catalog::ActionSet relevant;    // what any list rule reports: scopable, not plain reads
  catalog::ActionSet write;       // IAM233: write and tagging, less what other rules name
  catalog::ActionSet management;  // IAM211: permissions management, less resource exposure
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
              {},
              catalog::ActionSet(universe),
              catalog::ActionSet(universe),
              catalog::ActionSet(universe)};
  lists.by_level.assign(5, catalog::ActionSet(universe));
  for (catalog::ActionId a = 0; a < universe; ++a) {
    if (!cat.ActionResourceTypes(a).empty()) {
      lists.scopable.Add(a);
    }
    lists.by_level[static_cast<size_t>(cat.ActionAccessLevel(a))].Add(a);
  }
  // Patterns that contain every resource of a type are looked for only for the sensitive
  // classes (lists and permissions management): testing every write action of every
  // statement would cost more than all the rest of the analysis.
  lists.relevant = lists.credentials;
  lists.relevant |= lists.exfiltration;
  lists.relevant |= lists.exposure;
  lists.relevant |=
      lists.by_level[static_cast<size_t>(catalog::AccessLevel::kPermissionsManagement)];
  lists.relevant &= lists.scopable;
  lists.write = lists.by_level[static_cast<size_t>(catalog::AccessLevel::kWrite)];
  lists.write |= lists.by_level[static_cast<size_t>(catalog::AccessLevel::kTagging)];
  lists.write.Subtract(lists.credentials);
  lists.write.Subtract(lists.exfiltration);
  lists.write.Subtract(lists.exposure);
  if (const auto pass_role = cat.FindAction("iam:PassRole")) {
    catalog::ActionSet pass(universe);
    pass.Add(*pass_role);
    lists.write.Subtract(pass);  // IAM210's
  }
  lists.management =
      lists.by_level[static_cast<size_t>(catalog::AccessLevel::kPermissionsManagement)];
  lists.management.Subtract(lists.exposure);  // IAM232's
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

const catalog::ActionSet& UnrestrictedWriteInterest(const catalog::Catalog& cat) {
  return ListsFor(cat).write;
}

const catalog::ActionSet& PermissionsManagementInterest(const catalog::Catalog& cat) {
  return ListsFor(cat).management;
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
  // (`arn:aws:s3:::*/*` for s3:GetObject) count for that action too.
  catalog::ActionSet covered(effective.universe());  // reused: no allocation per statement
  for (size_t index = 0; index < set.allows().size(); ++index) {
    const StatementGrant& g = set.allows()[index];
    if (g.condition.kind == ConditionClass::kRestricting ||
        g.condition.kind == ConditionClass::kNeverTrue) {
      continue;
    }
    const catalog::ActionSet* within = &effective;
    if (!g.all_resources) {
      if (g.literal.empty() || !g.actions.Intersects(interest)) {
        continue;  // no pattern with a wildcard, or nothing of interest: cheap way out
      }
      covered = set.WholeTypeGrants(index, ListsFor(set.catalog()).relevant);
      covered &= interest;
      covered &= ScopableActions(set.catalog());
      if (covered.Empty()) {
        continue;
      }
      within = &covered;
    } else if (!g.actions.Intersects(effective)) {
      continue;
    }
    catalog::ActionSet here = g.actions;
    if (skip_whole_service) {
      if (g.statement->not_action) {
        continue;
      }
      // Without `*` and `service:*` patterns (rare), what is left is what the others grant.
      const auto whole = [](const Located& p) {
        return p.text == "*" || p.text.ends_with(":*");
      };
      if (std::any_of(g.statement->actions.begin(), g.statement->actions.end(), whole)) {
        here = catalog::ActionSet(effective.universe());
        for (const Located& pattern : g.statement->actions) {
          if (!whole(pattern)) {
            context.matcher.Expand(pattern.text).AddTo(here);
          }
        }
      }
    }
    here &= *within;
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

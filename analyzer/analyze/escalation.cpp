#include "analyzer/analyze/escalation.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "analyzer/core/strings.h"
#include "analyzer/parse/json.h"

extern const char kIamlintEscalationMethodsJson[];

namespace iamlint {

const std::vector<EscalationMethod>& EscalationMethods() {
  static const std::vector<EscalationMethod> kMethods = [] {
    // The data is ours, checked by tests; parsed on first use with the project's own parser
    // (a few hundred microseconds less than a general-purpose one at every start).
    std::vector<EscalationMethod> methods;
    const parse::JsonParseResult parsed = parse::ParseJson(kIamlintEscalationMethodsJson);
    if (!parsed.document) {
      return methods;
    }
    const parse::JsonDocument& doc = *parsed.document;
    auto text = [&](parse::NodeId object, std::string_view key) {
      const auto v = doc.Find(object, key);
      return v ? std::string(doc.Text(*v)) : std::string();
    };
    auto strings = [&](parse::NodeId array) {
      std::vector<std::string> out;
      for (uint32_t i = 0; i < doc.size(array); ++i) {
        out.emplace_back(doc.Text(doc.Element(array, i)));
      }
      return out;
    };
    const auto list = doc.Find(doc.root(), "methods");
    for (uint32_t i = 0; list && i < doc.size(*list); ++i) {
      const parse::NodeId m = doc.Element(*list, i);
      EscalationMethod method;
      method.id = text(m, "id");
      method.group = text(m, "group");
      method.name = text(m, "name");
      if (const auto groups = doc.Find(m, "requires")) {
        for (uint32_t g = 0; g < doc.size(*groups); ++g) {
          method.required.push_back(strings(doc.Element(*groups, g)));
        }
      }
      if (const auto pass = doc.Find(m, "pass_role")) {
        method.pass_role = strings(*pass);
      }
      method.target_dependent = text(m, "target_dependent") == "true";
      method.resource = text(m, "resource");
      if (const auto targets = doc.Find(m, "targets")) {
        method.targets = strings(*targets);
      }
      method.notes = text(m, "notes");
      method.sources = text(m, "sources");
      methods.push_back(std::move(method));
    }
    return methods;
  }();
  return kMethods;
}

const EscalationMethod* FindEscalationMethod(std::string_view id) {
  for (const EscalationMethod& m : EscalationMethods()) {
    if (m.id == id) {
      return &m;
    }
  }
  return nullptr;
}

bool Escalation::Scoped() const {
  return std::any_of(steps.begin(), steps.end(), [](const EscalationStep& s) {
    return !s.where.all_resources && !s.caller_named;
  });
}

bool Escalation::NamedTargetsOnly() const {
  // With `targets`, the named resource is the tool (an SSM document), not the target.
  if (!method->target_dependent || !method->pass_role.empty() || !method->targets.empty() ||
      steps.empty()) {
    return false;
  }
  // The resource part decides: a wildcard partition, region or account (often an unknown of
  // Terraform) still names the same resources.
  auto exact = [](const std::string& arn) {
    size_t start = 0;
    for (int field = 0; field < 5 && start != std::string::npos; ++field) {
      start = arn.find(':', start);
      start = start == std::string::npos ? start : start + 1;
    }
    if (start == std::string::npos) {
      return false;
    }
    const std::string_view resource = std::string_view{arn}.substr(start);
    return !resource.empty() && resource.find_first_of("*?") == std::string_view::npos &&
           resource.find("${") == std::string_view::npos;
  };
  return std::all_of(steps.begin(), steps.end(), [&](const EscalationStep& s) {
    return !s.where.all_resources && !s.caller_named && !s.where.scope.empty() &&
           std::all_of(s.where.scope.begin(), s.where.scope.end(), exact);
  });
}

namespace {

// The method's needs as a set of strings ("iam:AttachRolePolicy", "a|b" for alternatives,
// "iam:PassRole"), to compare methods by inclusion.
std::set<std::string> Needs(const EscalationMethod& m) {
  std::set<std::string> needs;
  for (const std::vector<std::string>& group : m.required) {
    std::string key;
    for (const std::string& a : group) {
      key += (key.empty() ? "" : "|") + a;
    }
    needs.insert(key);
  }
  if (!m.pass_role.empty()) {
    needs.insert("iam:PassRole");
  }
  return needs;
}

// A method's actions as ids of one catalog, resolved once per catalog.
struct ResolvedMethod {
  std::vector<std::vector<catalog::ActionId>> required;  // groups; an empty group: never
  std::optional<catalog::ActionId> pass_role;
};

const std::vector<ResolvedMethod>& Resolved(const catalog::Catalog& cat) {
  static std::map<const void*, std::vector<ResolvedMethod>> cache;
  const auto it = cache.find(&cat);
  if (it != cache.end()) {
    return it->second;
  }
  std::vector<ResolvedMethod> resolved;
  for (const EscalationMethod& m : EscalationMethods()) {
    ResolvedMethod r;
    for (const std::vector<std::string>& group : m.required) {
      std::vector<catalog::ActionId>& ids = r.required.emplace_back();
      for (const std::string& name : group) {
        if (const auto id = cat.FindAction(name)) {
          ids.push_back(*id);  // an action the catalog no longer has cannot be granted
        }
      }
    }
    if (!m.pass_role.empty()) {
      r.pass_role = cat.FindAction("iam:PassRole");
    }
    resolved.push_back(std::move(r));
  }
  return cache.emplace(&cat, std::move(resolved)).first->second;
}

// True when a resource glob leaves the name to the caller: a wildcard after the last '/' or ':'.
bool NameIsWild(std::string_view glob) {
  const size_t cut = glob.find_last_of("/:");
  return glob.find_first_of("*?", cut == std::string_view::npos ? 0 : cut) !=
         std::string_view::npos;
}

// Create actions on name patterns, and the steps that act on what they create, are limited
// only in name: the caller picks a matching name.
// True when `id` creates a resource of a type it names: iam:CreateRole (role),
// lambda:CreateFunction (function); not iam:CreateAccessKey, whose ARN is the existing user.
bool CreatesItsResource(const catalog::Catalog& cat, catalog::ActionId id) {
  const std::string_view name = cat.ActionName(id);
  if (!name.starts_with("Create")) {
    return false;
  }
  const std::string created = ToLower(name.substr(6));
  const auto types = cat.ActionResourceTypes(id);
  return std::any_of(types.begin(), types.end(), [&](const catalog::ActionResource& t) {
    std::string type = ToLower(cat.ResourceTypeName(t.resource_type));
    std::erase(type, '-');
    return type == created;
  });
}

// True when a glob names every resource of one type in an account: "role/*", "function:*".
bool WholeType(std::string_view glob) {
  size_t start = 0;
  for (int field = 0; field < 5; ++field) {
    start = glob.find(':', start);
    if (start == std::string_view::npos) {
      return false;
    }
    ++start;
  }
  const std::string_view resource = glob.substr(start);
  return resource.size() >= 3 && resource.ends_with("*") &&
         (resource[resource.size() - 2] == '/' || resource[resource.size() - 2] == ':') &&
         resource.substr(0, resource.size() - 2).find_first_of("*?/:") == std::string_view::npos;
}

void MarkCallerNamed(const catalog::Catalog& cat, Escalation& e) {
  for (EscalationStep& s : e.steps) {
    const bool wild_create = CreatesItsResource(cat, s.action) &&
                             std::all_of(s.where.scope.begin(), s.where.scope.end(), NameIsWild);
    // Every role (user, function...) of an account is no limit either.
    const bool whole = std::any_of(s.where.scope.begin(), s.where.scope.end(), WholeType);
    s.caller_named = !s.where.all_resources && (wild_create || whole);
  }
  for (EscalationStep& s : e.steps) {
    if (s.caller_named || s.where.all_resources) {
      continue;
    }
    s.caller_named = std::any_of(e.steps.begin(), e.steps.end(), [&](const EscalationStep& c) {
      return c.caller_named &&
             std::any_of(c.where.scope.begin(), c.where.scope.end(), [&](const std::string& x) {
               return std::any_of(
                   s.where.scope.begin(), s.where.scope.end(),
                   [&](const std::string& y) { return catalog::ArnGlobsIntersect(x, y); });
             });
    });
  }
}

// True when a role glob names only roles AWS defines for its services (the console creates
// them with the service's own narrow policy): service-role/ or aws-service-role/ paths with
// AWS or Amazon names.
bool AwsDefinedServiceRole(std::string_view glob) {
  for (const std::string_view path : {":role/service-role/", ":role/aws-service-role/"}) {
    const size_t at = glob.find(path);
    if (at != std::string_view::npos) {
      const std::string_view name = glob.substr(at + path.size());
      return path == ":role/aws-service-role/" || name.starts_with("AWS") ||
             name.starts_with("Amazon");
    }
  }
  return false;
}

// True when some resource is in the scope of every step.
bool StepsMeet(const Escalation& e) {
  for (size_t i = 0; i < e.steps.size(); ++i) {
    for (size_t j = i + 1; j < e.steps.size(); ++j) {
      const Usable& a = e.steps[i].where;
      const Usable& b = e.steps[j].where;
      if (a.all_resources || b.all_resources) {
        continue;
      }
      const bool meet = std::any_of(a.scope.begin(), a.scope.end(), [&](const std::string& x) {
        return std::any_of(b.scope.begin(), b.scope.end(),
                           [&](const std::string& y) { return catalog::ArnGlobsIntersect(x, y); });
      });
      if (!meet) {
        return false;
      }
    }
  }
  return true;
}

std::optional<Escalation> Match(const PolicySet& set, const catalog::ActionSet& reachable,
                                const EscalationMethod& m, const ResolvedMethod& r) {
  // Cheap test first: every group needs an action the policies allow somewhere.
  for (const std::vector<catalog::ActionId>& group : r.required) {
    if (std::none_of(group.begin(), group.end(),
                     [&](catalog::ActionId a) { return reachable.Contains(a); })) {
      return std::nullopt;
    }
  }
  if (!m.pass_role.empty() && (!r.pass_role || !reachable.Contains(*r.pass_role))) {
    return std::nullopt;
  }
  Escalation found;
  found.method = &m;
  // Taking over another user's credentials needs another user: grants limited to the caller
  // itself (user/${aws:username}) do not count.
  const bool others_only = m.group == "credentials";
  for (const std::vector<catalog::ActionId>& group : r.required) {
    std::optional<EscalationStep> step;
    for (const catalog::ActionId id : group) {
      Usable where = set.FindUsable(id, {}, others_only);
      if (where && (!step || (where.all_resources && !step->where.all_resources))) {
        step = EscalationStep{id, std::move(where)};
      }
    }
    if (!step) {
      return std::nullopt;
    }
    found.steps.push_back(std::move(*step));
  }
  if (!m.pass_role.empty()) {
    for (const std::string& service : m.pass_role) {
      Usable where = set.FindUsable(*r.pass_role, service);
      if (where && !where.all_resources &&
          std::all_of(where.scope.begin(), where.scope.end(), AwsDefinedServiceRole)) {
        continue;  // only AWS-defined service roles: nothing more powerful to pass
      }
      if (where) {
        found.steps.push_back({*r.pass_role, std::move(where)});
        found.service = service;
        break;
      }
    }
    if (found.service.empty()) {
      return std::nullopt;
    }
  }
  // A chain acts on one target with every step: the steps' resources must meet.
  if (m.group == "chain" && !StepsMeet(found)) {
    return std::nullopt;
  }
  // A method that needs particular resources (SSM documents that run code): the first action
  // must reach one of them.
  if (!m.targets.empty() &&
      std::none_of(m.targets.begin(), m.targets.end(), [&](const std::string& t) {
        return static_cast<bool>(set.FindUsableOn(found.steps.front().action, t));
      })) {
    return std::nullopt;
  }
  MarkCallerNamed(set.catalog(), found);
  return found;
}

// Every method `set` allows, minimal or not.
std::vector<Escalation> MatchAll(const PolicySet& set) {
  const std::vector<EscalationMethod>& methods = EscalationMethods();
  const std::vector<ResolvedMethod>& resolved = Resolved(set.catalog());
  const catalog::ActionSet reachable = set.Reachable();
  std::vector<Escalation> found;
  for (size_t i = 0; i < methods.size(); ++i) {
    if (auto e = Match(set, reachable, methods[i], resolved[i])) {
      found.push_back(std::move(*e));
    }
  }
  return found;
}

}  // namespace

std::vector<Escalation> FindEscalations(const PolicySet& set) {
  std::vector<Escalation> found = MatchAll(set);
  std::vector<std::set<std::string>> needs;
  std::vector<bool> everywhere;  // open on every resource
  needs.reserve(found.size());
  for (const Escalation& e : found) {
    needs.push_back(Needs(*e.method));
    everywhere.push_back(!e.Scoped());
  }
  // A method that needs an existing target never hides one that does not.
  auto hides = [&](size_t j, size_t i) {
    return everywhere[j] &&
           (!found[j].method->target_dependent || found[i].method->target_dependent) &&
           needs[j].size() < needs[i].size() &&
           std::includes(needs[i].begin(), needs[i].end(), needs[j].begin(), needs[j].end());
  };
  std::vector<Escalation> minimal;
  for (size_t i = 0; i < found.size(); ++i) {
    bool implied = false;
    for (size_t j = 0; j < found.size() && !implied; ++j) {
      implied = j != i && hides(j, i);
    }
    if (!implied) {
      minimal.push_back(std::move(found[i]));
    }
  }
  return minimal;
}

namespace {

Severity EscalationSeverity(const RuleInfo& rule, const Escalation& e);
Finding EscalationFinding(const RuleInfo& rule, const PolicySet& set, const Escalation& e);

std::string Why(const EscalationMethod& m, const std::string& service) {
  if (m.group == "self") {
    return "the principal can grant itself any permission";
  }
  if (m.group == "credentials") {
    return "the principal can get credentials of another user and act as that user";
  }
  if (m.group == "trust") {
    return "the principal can act as a more privileged role";
  }
  if (m.group == "chain") {
    return "the principal can give another role or user administrator access and become it";
  }
  if (m.group == "new-passrole") {
    return "the principal can run code as any role that trusts " + service;
  }
  if (m.group == "existing-compute") {
    return "the principal can run code as the role of an existing " + m.resource;
  }
  return "the principal can take over a project's role";
}

std::string ScopeText(const PolicySet& set, const Escalation& e) {
  for (const EscalationStep& s : e.steps) {
    if (!s.where.all_resources && !s.caller_named && !s.where.scope.empty()) {
      return "; " + set.catalog().FullActionName(s.action) + " is limited to " +
             set.DescribeScope(s.where) + ", which still matches resources it can use";
    }
  }
  return "";
}

Severity EscalationSeverity(const RuleInfo& rule, const Escalation& e) {
  // Target-dependent methods and grants limited to some resources need the right target to
  // exist: one level lower each.
  const int lower = (e.method->target_dependent ? 1 : 0) + (e.Scoped() ? 1 : 0);
  return static_cast<Severity>(
      std::min(static_cast<int>(rule.severity) + lower, static_cast<int>(Severity::kLow)));
}

Finding EscalationFinding(const RuleInfo& rule, const PolicySet& set, const Escalation& e) {
  const EscalationMethod& m = *e.method;
  const catalog::Catalog& cat = set.catalog();
  std::string actions;
  for (const EscalationStep& s : e.steps) {
    actions += (actions.empty() ? "" : " + ") + cat.FullActionName(s.action);
  }
  if (!e.service.empty()) {
    actions += " to " + e.service;
  }
  Finding f;
  f.rule_id = rule.id;
  f.rule_name = rule.name;
  f.category = rule.category;
  f.severity = EscalationSeverity(rule, e);
  f.method = m.id;
  const EscalationStep& first = e.steps.front();
  f.range = set.ActionRange(*first.where.grant, first.action);
  f.statement = first.where.grant->statement->Label();
  f.message =
      "privilege escalation " + m.id + " (" + m.name + "): " + actions +
      (e.steps.size() > 1 ? " are" : " is") + " allowed, so " + Why(m, e.service) +
      (m.target_dependent ? " (needs an existing, more privileged " + m.resource + ")" : "") +
      ScopeText(set, e);
  f.help = "remove " + cat.FullActionName(first.action) +
           " or limit it to resources the principal cannot use to gain privileges" +
           (e.service.empty() ? ""
                              : "; limit iam:PassRole to specific roles with an "
                                "iam:PassedToService condition");
  for (const EscalationStep& s : e.steps) {
    f.actions.push_back(cat.FullActionName(s.action));
  }
  for (size_t i = 1; i < e.steps.size(); ++i) {
    const StatementGrant& g = *e.steps[i].where.grant;
    RelatedLocation related{set.ActionRange(g, e.steps[i].action),
                            cat.FullActionName(e.steps[i].action) + " is allowed here"};
    if (g.file != first.where.grant->file) {
      related.file = g.file;
    }
    f.related.push_back(std::move(related));
  }
  return f;
}

}  // namespace

std::vector<std::string> AllowedMethodIds(const PolicySet& set) {
  std::vector<std::string> ids;
  for (const Escalation& e : MatchAll(set)) {
    ids.push_back(e.method->id);
  }
  return ids;
}

std::vector<LocatedFinding> EscalationFindings(const RuleInfo& rule, const PolicySet& set,
                                               const std::vector<Escalation>& found) {
  std::vector<LocatedFinding> findings;
  std::vector<bool> done;  // reported in a group, or left out
  done.reserve(found.size());
  std::transform(found.begin(), found.end(), std::back_inserter(done),
                 [](const Escalation& e) { return e.NamedTargetsOnly(); });
  for (size_t i = 0; i < found.size(); ++i) {
    if (done[i]) {
      continue;
    }
    std::vector<size_t> group;
    for (size_t j = i; j < found.size(); ++j) {
      if (!done[j] && found[j].method->group == found[i].method->group) {
        group.push_back(j);
        done[j] = true;
      }
    }
    size_t head = group.front();
    for (const size_t j : group) {
      if (EscalationSeverity(rule, found[j]) < EscalationSeverity(rule, found[head])) {
        head = j;
      }
    }
    Finding f = EscalationFinding(rule, set, found[head]);
    std::string also;
    for (const size_t j : group) {
      if (j != head) {
        also += (also.empty() ? "" : ", ") + found[j].method->id;
      }
    }
    if (!also.empty()) {
      f.message += " (also methods " + also + ")";
    }
    findings.push_back({found[head].steps.front().where.grant->file, std::move(f)});
  }
  return findings;
}

}  // namespace iamlint

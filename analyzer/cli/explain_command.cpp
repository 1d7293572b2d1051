// `iamlint explain`: what a policy, or a principal with all its policies, really grants.

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "analyzer/analyze/action_lists.h"
#include "analyzer/analyze/escalation.h"
#include "analyzer/analyze/principals.h"
#include "analyzer/cli/commands.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::cli {
namespace {

constexpr size_t kMaxServices = 25;
constexpr size_t kMaxActions = 25;

std::string Where(const SourceFile& file, ByteRange range) {
  const LineColumn at = file.Locate(range.begin);
  return file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string KindLine(const Policy& policy) {
  std::string line = std::string(PolicyKindName(policy.kind));
  if (policy.kind_inferred) {
    line += policy.kind == PolicyKind::kIdentity
                ? " (inferred: no statement has a Principal; use --policy-kind to say otherwise)"
            : policy.kind == PolicyKind::kTrust
                ? " (inferred: every statement with a Principal grants only sts:AssumeRole*)"
                : " (inferred: statements name a Principal)";
  }
  return line;
}

// Per service: actions allowed on some resource by access level, and on every resource.
void PrintServices(std::ostream& out, const PolicySet& set) {
  const catalog::Catalog& cat = set.catalog();
  const catalog::ActionSet& reachable = set.Reachable();
  const catalog::ActionSet& everywhere = set.Unrestricted();
  struct Row {
    std::array<size_t, 5> by_level{};
    size_t total = 0;
    size_t everywhere = 0;
  };
  std::map<catalog::ServiceId, Row> rows;
  reachable.ForEach([&](catalog::ActionId a) {
    Row& row = rows[cat.ActionService(a)];
    ++row.by_level[static_cast<size_t>(cat.ActionAccessLevel(a))];
    ++row.total;
    row.everywhere += everywhere.Contains(a) ? 1 : 0;
  });
  std::vector<std::pair<catalog::ServiceId, Row>> sorted(rows.begin(), rows.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.total > b.second.total; });
  out << "  actions: " << reachable.Count() << " of " << cat.action_count()
      << " allowed on some resource, " << everywhere.Count()
      << " on every resource without a restricting condition, in " << rows.size()
      << (rows.size() == 1 ? " service\n" : " services\n");
  if (sorted.empty()) {
    return;
  }
  out << "  " << std::left << std::setw(26) << "service" << std::right << std::setw(6) << "list"
      << std::setw(6) << "read" << std::setw(7) << "write" << std::setw(7) << "perms"
      << std::setw(6) << "tag" << std::setw(8) << "of all" << std::setw(11) << "everywhere" << '\n';
  for (size_t i = 0; i < sorted.size() && i < kMaxServices; ++i) {
    const auto& [service, row] = sorted[i];
    const size_t all = cat.ServiceEndAction(service) - cat.ServiceFirstAction(service);
    out << "  " << std::left << std::setw(26) << cat.ServicePrefix(service) << std::right;
    for (const size_t level : {0, 1, 2, 3, 4}) {
      out << std::setw(level == 2 || level == 3 ? 7 : 6) << row.by_level[level];
    }
    out << std::setw(8) << all << std::setw(11) << row.everywhere << '\n';
  }
  if (sorted.size() > kMaxServices) {
    out << "  ... and " << sorted.size() - kMaxServices << " more services\n";
  }
}

void PrintEscalations(std::ostream& out, const PolicySet& set) {
  const catalog::Catalog& cat = set.catalog();
  const bool admin = set.Unrestricted().IsAll();
  const std::vector<Escalation> found = FindEscalations(set);
  auto open = [&](std::initializer_list<std::string_view> groups) {
    return std::any_of(found.begin(), found.end(), [&](const Escalation& e) {
      return !e.method->target_dependent && !e.Scoped() &&
             std::find(groups.begin(), groups.end(), e.method->group) != groups.end();
    });
  };
  out << "  verdict: "
      << (admin ? "full admin: every action on every resource"
          : open({"self", "chain"})
              ? "admin-equivalent: it can grant itself, or a role or user it becomes, anything "
                "in one step"
          : open({"credentials", "trust", "new-passrole", "codestar"})
              ? "not admin, but it can act as other users or roles (as powerful as the most "
                "powerful one it reaches)"
          : found.empty() ? "not admin, no privilege-escalation method open"
                          : "not admin; escalation possible only through existing resources or "
                            "the resources its grants are limited to")
      << '\n';
  if (admin) {
    return;
  }
  for (const Escalation& e : found) {
    out << "  escalation " << e.method->id << " (" << e.method->name << ")"
        << (e.method->target_dependent ? ", needs an existing " + e.method->resource : "")
        << (e.NamedTargetsOnly() ? ", on named resources only (their privilege decides)"
            : e.Scoped()         ? ", on some resources"
                                 : "")
        << ":\n";
    for (const EscalationStep& s : e.steps) {
      const StatementGrant& g = *s.where.grant;
      out << "    " << cat.FullActionName(s.action) << "  "
          << Where(*g.file, set.ActionRange(g, s.action)) << " (statement " << g.statement->Label()
          << ")"
          << (s.where.all_resources ? ", every resource"
                                    : ", on " + PolicySet::DescribeScope(s.where))
          << '\n';
    }
  }
}

void PrintDangerous(std::ostream& out, const PolicySet& set) {
  const catalog::Catalog& cat = set.catalog();
  catalog::ActionSet dangerous = RiskyActions(cat, RiskyList::kCredentialsExposure);
  dangerous |= RiskyActions(cat, RiskyList::kDataExfiltration);
  dangerous |= RiskyActions(cat, RiskyList::kResourceExposure);
  dangerous |= AccessLevelActions(cat, catalog::AccessLevel::kPermissionsManagement);
  if (const auto pass = cat.FindAction("iam:PassRole")) {
    dangerous.Add(*pass);
  }
  dangerous &= set.Reachable();
  size_t shown = 0;
  const size_t total = dangerous.Count();
  if (total == 0) {
    return;
  }
  out << "  sensitive actions (credentials, data, resource policies, permissions management): "
      << total << '\n';
  dangerous.ForEach([&](catalog::ActionId a) {
    if (shown >= kMaxActions) {
      return;
    }
    const Usable u = set.FindUsable(a);
    if (!u) {
      return;  // allowed only under restricting conditions or on resources it cannot act on
    }
    ++shown;
    out << "    " << std::left << std::setw(44) << cat.FullActionName(a) << std::right
        << Where(*u.grant->file, set.ActionRange(*u.grant, a))
        << (u.all_resources ? "  every resource" : "  on " + PolicySet::DescribeScope(u)) << '\n';
  });
  if (total > shown) {
    out << "    ... " << total - shown << " more (or allowed only with a restricting condition)\n";
  }
}

void PrintConditions(std::ostream& out, const PolicySet& set) {
  bool header = false;
  auto print = [&](const StatementGrant& g, const char* effect) {
    if (g.condition.kind == ConditionClass::kNone) {
      return;
    }
    if (!header) {
      out << "  conditions:\n";
      header = true;
    }
    const char* cls = g.condition.kind == ConditionClass::kRestricting     ? "restricting"
                      : g.condition.kind == ConditionClass::kUnrestricting ? "not restricting"
                                                                           : "never true";
    out << "    " << effect << " statement " << g.statement->Label() << " ("
        << Where(*g.file, g.statement->range) << "): " << cls;
    if (!g.condition.reason.empty()) {
      out << ": " << DisplayText(g.condition.reason);
    }
    out << '\n';
  };
  for (const StatementGrant& g : set.allows()) {
    print(g, "Allow");
  }
  for (const StatementGrant& g : set.denies()) {
    print(g, "Deny");
  }
}

void Explain(std::ostream& out, const PolicySet& set) {
  PrintEscalations(out, set);
  PrintServices(out, set);
  PrintDangerous(out, set);
  PrintConditions(out, set);
}

void ExplainOther(std::ostream& out, const Policy& policy) {
  for (const Statement& st : policy.statements) {
    out << "  "
        << (st.Allows()   ? "Allow"
            : st.Denies() ? "Deny"
                          : "(no Effect)")
        << " statement " << st.Label() << ": " << (st.not_principal ? "everyone except " : "");
    std::string who;
    for (const PrincipalEntry& p : st.principals) {
      who += (who.empty() ? "" : ", ") + p.type + " " + DisplayText(p.value.text);
    }
    out << (who.empty() ? "no principal" : who) << "; "
        << (st.conditions.empty()
                ? "no condition"
                : std::to_string(st.conditions.size()) + " condition test" +
                      (st.conditions.size() == 1 ? "" : "s") +
                      (CallerRestriction(st) != nullptr ? ", limiting the caller"
                                                        : ", none limiting the caller"))
        << '\n';
  }
}

int ExplainPolicies(const std::vector<ScannedFile>& files, catalog::ActionMatcher& matcher,
                    const ScanOptions& scan_options) {
  const std::string today = TodayUtc();
  size_t count = 0;
  for (const ScannedFile& f : files) {
    for (const PolicyResult& p : f.result.policies) {
      ++count;
      std::cout << (count > 1 ? "\n" : "") << f.path << ": "
                << (p.policy.address.empty() ? "policy"
                                             : p.policy.address + "." + p.policy.attribute)
                << "\n  kind: " << KindLine(p.policy) << '\n';
      if (p.policy.kind == PolicyKind::kIdentity || p.policy.kind == PolicyKind::kBoundary ||
          p.policy.kind == PolicyKind::kScp) {
        PolicySet set(matcher, today);
        set.Add(*f.source, p.policy);
        for (const auto& limit : scan_options.rules.limits) {
          set.AddLimit(*limit->file, limit->policy);
        }
        if (p.policy.kind != PolicyKind::kIdentity) {
          std::cout << "  (a " << PolicyKindName(p.policy.kind)
                    << " grants nothing: below is the most it lets identity policies grant)\n";
        }
        Explain(std::cout, set);
      } else {
        ExplainOther(std::cout, p.policy);
      }
    }
  }
  if (count == 0) {
    std::cerr << "iamlint: no policy found\n";
    return kExitError;
  }
  return kExitClean;
}

int ExplainPrincipal(const std::vector<ScannedFile>& files, const std::string& name,
                     catalog::ActionMatcher& matcher, const ScanOptions& scan_options) {
  // The principal's source: its module (Terraform, one directory) or its template.
  for (size_t i = 0; i < files.size(); ++i) {
    for (const PrincipalGroup& g : files[i].result.principals) {
      const std::string& address = g.principal.address;
      const bool match =
          address == name || address.ends_with("." + name) || address.ends_with("\"" + name + "\"");
      if (!match) {
        continue;
      }
      std::vector<SourcePolicy> policies;
      for (const ScannedFile& f : files) {
        const bool same = files[i].module.empty() ? &f == &files[i] : f.module == files[i].module;
        if (!same) {
          continue;
        }
        for (const PolicyResult& p : f.result.policies) {
          policies.push_back({f.source.get(), const_cast<PolicyResult*>(&p)});
        }
      }
      PrincipalPolicies held = ResolvePrincipal(g.principal, policies);
      // A user also holds its groups' policies.
      for (const std::string& group : g.principal.groups) {
        for (const PrincipalGroup& other : files[i].result.principals) {
          if (other.principal.address == group) {
            const PrincipalPolicies from = ResolvePrincipal(other.principal, policies);
            held.identity.insert(held.identity.end(), from.identity.begin(), from.identity.end());
            held.managed.insert(held.managed.end(), from.managed.begin(), from.managed.end());
            held.managed_at.insert(held.managed_at.end(), from.managed_at.begin(),
                                   from.managed_at.end());
          }
        }
      }
      std::cout << address << " (principal)\n  policies:\n";
      for (const SourcePolicy& p : held.identity) {
        std::cout << "    " << p.result->policy.address << "." << p.result->policy.attribute << "  "
                  << p.file->path() << '\n';
      }
      for (const ManagedPolicyDocument* m : held.managed) {
        std::cout << "    " << m->file->path() << "  (AWS managed, embedded snapshot)\n";
      }
      for (const std::string& group : g.principal.groups) {
        std::cout << "  member of: " << group << '\n';
      }
      if (!g.principal.boundary.empty()) {
        std::cout << "  permissions boundary: " << g.principal.boundary << '\n';
      }
      for (const std::string& u : held.unresolved) {
        std::cout << "  not found in this source (left out): " << u << '\n';
      }
      PolicySet set(matcher, TodayUtc());
      AddPrincipalPolicies(held, set);
      for (const auto& limit : scan_options.rules.limits) {
        set.AddLimit(*limit->file, limit->policy);
      }
      Explain(std::cout, set);
      return kExitClean;
    }
  }
  std::cerr << "iamlint: no principal '" << name
            << "' in these files (roles, users and groups of Terraform or CloudFormation)\n";
  return kExitError;
}

}  // namespace

int RunExplain(const catalog::Catalog& cat, const ExplainOptions& options) {
  const std::optional<ScanOptions> scan_options = MakeScanOptions(options.scan);
  if (!scan_options) {
    return kExitError;
  }
  catalog::ActionMatcher matcher(cat);
  const std::vector<ScannedFile> files = ScanPaths(options.scan, matcher, *scan_options);
  int status = kExitClean;
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      std::cerr << e.path << ": error: " << e.message << '\n';
      status = kExitError;
    }
  }
  const int explained = options.principal.empty()
                            ? ExplainPolicies(files, matcher, *scan_options)
                            : ExplainPrincipal(files, options.principal, matcher, *scan_options);
  return std::max(status, explained);
}

}  // namespace iamlint::cli

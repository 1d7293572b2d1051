// A snapshot through the analysis: per policy, per principal, and across principals.

#include <map>

#include "analyzer/account/account.h"

namespace iamlint::account {

namespace {

// The groups a user is in, among the snapshot's principals.
std::vector<const AccountPrincipal*> GroupsOf(const Snapshot& snapshot,
                                              const AccountPrincipal& user) {
  std::vector<const AccountPrincipal*> groups;
  for (const std::string& name : user.groups) {
    for (const AccountPrincipal& g : snapshot.principals) {
      if (g.kind == PrincipalKind::kGroup && g.name == name && &g != &user) {
        groups.push_back(&g);
        break;
      }
    }
  }
  return groups;
}

// What `p` holds itself and through its groups, as the principal analysis takes it.
PrincipalPolicies HeldBy(Snapshot& snapshot, const AccountPrincipal& p) {
  PrincipalPolicies held;
  std::vector<const AccountPrincipal*> sources{&p};
  if (p.kind == PrincipalKind::kUser) {
    for (const AccountPrincipal* g : GroupsOf(snapshot, p)) {
      sources.push_back(g);
    }
  }
  const SourceFile* file = snapshot.files[0].get();
  for (const AccountPrincipal* from : sources) {
    for (const size_t i : from->inline_policies) {
      held.identity.push_back({snapshot.policy_files[i], &snapshot.policies[i]});
    }
    for (const size_t i : from->attached) {
      held.identity.push_back({snapshot.policy_files[i], &snapshot.policies[i]});
    }
    for (size_t i = 0; i < from->managed.size(); ++i) {
      held.managed.push_back(from->managed[i]);
      held.managed_at.push_back(
          {file, i < from->managed_at.size() ? from->managed_at[i] : from->name_range});
    }
  }
  if (p.boundary) {
    held.boundary_source.push_back(
        {snapshot.policy_files[*p.boundary], &snapshot.policies[*p.boundary]});
  }
  held.boundary_managed = p.boundary_managed;
  held.unresolved = p.unresolved;
  return held;
}

}  // namespace

void AddPrincipalPolicies(const Snapshot& snapshot, const AccountPrincipal& principal,
                          PolicySet& set) {
  // HeldBy takes mutable pointers for the analysis; adding to a set only reads them.
  iamlint::AddPrincipalPolicies(HeldBy(const_cast<Snapshot&>(snapshot), principal), set);
}

ScannedFile ScanAccountDetails(std::unique_ptr<SourceFile> file, catalog::ActionMatcher& matcher,
                               const ScanOptions& options) {
  ScannedFile scanned;
  scanned.path = file->path();
  // Kept to locate errors when the file is not a snapshot at all (the snapshot owns the file).
  auto copy = std::make_unique<SourceFile>(file->path(), std::string(file->text()));
  std::vector<InputError> errors;
  std::optional<Snapshot> snapshot = LoadAccountDetails(std::move(file), matcher, options, &errors);
  if (!snapshot) {
    scanned.source = std::move(copy);
    scanned.result.errors = std::move(errors);
    return scanned;
  }
  copy.reset();
  std::vector<PrincipalGroup> groups;
  std::vector<ResolvedPrincipal> resolved;
  const SourceFile* source = snapshot->files[0].get();
  for (const AccountPrincipal& p : snapshot->principals) {
    PrincipalGroup& g = groups.emplace_back();
    g.principal.address = AddressOf(p);
    g.principal.arn = p.arn;
    g.principal.defined_at = {source, p.name_range};
    ResolvedPrincipal& r = resolved.emplace_back();
    r.held = HeldBy(*snapshot, p);
    if (p.trust) {
      r.trust = SourcePolicy{snapshot->policy_files[*p.trust], &snapshot->policies[*p.trust]};
    }
  }
  AnalyzeResolvedPrincipals(groups, std::move(resolved), matcher, options.rules,
                            {.rule_id = "IAM221", .arrows = true});
  // A service-linked role's policies are AWS's to write: what it can do is no finding of the
  // account's (paths that lead through it are still reported on their first principal).
  for (size_t i = 0; i < groups.size(); ++i) {
    if (snapshot->principals[i].service_linked) {
      groups[i].findings.clear();
    }
  }
  scanned.source = std::move(snapshot->files[0]);
  scanned.result.policies = std::move(snapshot->policies);
  scanned.result.principals = std::move(groups);
  scanned.result.errors = std::move(errors);
  return scanned;
}

}  // namespace iamlint::account

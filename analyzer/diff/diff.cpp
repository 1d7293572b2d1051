#include "analyzer/diff/diff.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "analyzer/analyze/principals.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint::diff {
namespace {

namespace fs = std::filesystem;

// `path` relative to `root` ("" when `root` is empty: single files are matched as they are).
std::string Relative(const std::string& path, const std::string& root) {
  if (root.empty()) {
    return {};
  }
  std::string rel = fs::path(path)
                        .lexically_normal()
                        .lexically_relative(fs::path(root).lexically_normal())
                        .generic_string();
  return rel == "." ? std::string() : rel;
}

// "aws_iam_role_policy.app.policy"; a CloudFormation address already ends with its property.
std::string PolicyName(const Policy& p) {
  if (p.attribute.empty() || p.address.ends_with(p.attribute)) {
    return p.address;
  }
  return Concat({p.address, ".", p.attribute});
}

struct KeyedPolicy {
  std::string name;
  const SourceFile* file = nullptr;
  const Policy* policy = nullptr;
};

struct KeyedPrincipal {
  const extract::ExtractedPrincipal* principal = nullptr;
  std::vector<SourcePolicy> policies;  // of its source: the module or the template
};

// Where policies of `f` are matched from: the module directory (Terraform) or the file.
std::string Prefix(const ScannedFile& f, const Version& v) {
  return Relative(f.module.empty() ? f.path : f.module, v.root);
}

std::map<std::string, KeyedPolicy> KeyPolicies(const Version& v) {
  std::map<std::string, KeyedPolicy> keyed;
  for (const ScannedFile& f : v.files) {
    if (!f.source) {
      continue;
    }
    const std::string prefix = Prefix(f, v);
    size_t unnamed = 0;
    for (const PolicyResult& p : f.result.policies) {
      KeyedPolicy k{p.policy.address.empty() ? ShownPath(*f.source, v) : PolicyName(p.policy),
                    f.source.get(), &p.policy};
      std::string key = Concat({prefix, "\n"});
      if (p.policy.address.empty()) {
        key += Concat({"#", std::to_string(unnamed++)});
      } else {
        key += k.name;
      }
      keyed.emplace(std::move(key), std::move(k));
    }
  }
  return keyed;
}

std::map<std::string, KeyedPrincipal> KeyPrincipals(const Version& v) {
  std::map<std::string, KeyedPrincipal> keyed;
  for (const ScannedFile& f : v.files) {
    for (const PrincipalGroup& g : f.result.principals) {
      KeyedPrincipal k{&g.principal, {}};
      for (const ScannedFile& other : v.files) {
        const bool same = f.module.empty() ? &other == &f : other.module == f.module;
        if (same && other.source) {
          for (const PolicyResult& p : other.result.policies) {
            k.policies.push_back({other.source.get(), const_cast<PolicyResult*>(&p)});
          }
        }
      }
      keyed.emplace(Concat({Prefix(f, v), "\n", g.principal.address}), std::move(k));
    }
  }
  return keyed;
}

std::unique_ptr<std::vector<Cell>> CellsOf(const KeyedPolicy* p, catalog::ActionMatcher& matcher) {
  auto cells = std::make_unique<std::vector<Cell>>();
  if (p != nullptr) {
    *cells = MakeCells(*p->file, *p->policy, matcher);
  }
  return cells;
}

void Compare(PolicyDiff& d, catalog::ActionMatcher& matcher) {
  d.added = AddedAccess(*d.old_cells, *d.new_cells, matcher);
  d.removed = AddedAccess(*d.new_cells, *d.old_cells, matcher);
}

// The AWS managed policies attached to `p` (from the embedded snapshot), with where.
std::map<std::string, extract::Site> ManagedAttachments(const KeyedPrincipal* p) {
  std::map<std::string, extract::Site> found;
  if (p == nullptr) {
    return found;
  }
  for (size_t i = 0; i < p->principal->attached.size(); ++i) {
    const std::string& arn = p->principal->attached[i];
    if (LoadManagedPolicy(arn) != nullptr) {
      found.emplace(arn, i < p->principal->attached_at.size() ? p->principal->attached_at[i]
                                                              : extract::Site{});
    }
  }
  return found;
}

// Everything `p` holds (inline, attached, AWS managed), as cells.
std::unique_ptr<std::vector<Cell>> HeldCells(const KeyedPrincipal* p,
                                             catalog::ActionMatcher& matcher) {
  auto cells = std::make_unique<std::vector<Cell>>();
  if (p == nullptr) {
    return cells;
  }
  const PrincipalPolicies held = ResolvePrincipal(*p->principal, p->policies);
  for (const SourcePolicy& s : held.identity) {
    std::vector<Cell> more = MakeCells(*s.file, s.result->policy, matcher);
    cells->insert(cells->end(), more.begin(), more.end());
  }
  for (const ManagedPolicyDocument* m : held.managed) {
    std::vector<Cell> more = MakeCells(*m->file, m->policy, matcher);
    cells->insert(cells->end(), more.begin(), more.end());
  }
  return cells;
}

// AWS managed policy `arn`, attached at `site` (or detached, `attach` false): what the
// principal gains (or loses) against everything it holds without it (`held`).
PolicyDiff DiffAttachment(const std::string& arn, const extract::Site& site, bool attach,
                          const std::string& principal, std::unique_ptr<std::vector<Cell>> held,
                          catalog::ActionMatcher& matcher) {
  const ManagedPolicyDocument* doc = LoadManagedPolicy(arn);
  PolicyDiff d;
  d.name = arn;
  d.principal = principal;
  d.status = attach ? "attached" : "detached";
  d.site_file = site.file;
  d.site_range = site.range;
  auto gained = std::make_unique<std::vector<Cell>>(MakeCells(*doc->file, doc->policy, matcher));
  (attach ? d.added : d.removed) = AddedAccess(*held, *gained, matcher);
  (attach ? d.new_file : d.old_file) = site.file;
  (attach ? d.new_cells : d.old_cells) = std::move(gained);
  (attach ? d.old_cells : d.new_cells) = std::move(held);
  return d;
}

// AWS managed policies attached or detached between `before` and `after` of one principal.
void DiffAttachments(const KeyedPrincipal* before, const KeyedPrincipal* after,
                     catalog::ActionMatcher& matcher, std::vector<PolicyDiff>& out) {
  const KeyedPrincipal* any = after != nullptr ? after : before;
  if (any == nullptr) {
    return;
  }
  const auto old_arns = ManagedAttachments(before);
  const auto new_arns = ManagedAttachments(after);
  for (const bool attach : {true, false}) {
    const auto& others = attach ? old_arns : new_arns;
    for (const auto& [arn, site] : attach ? new_arns : old_arns) {
      if (others.contains(arn)) {
        continue;
      }
      PolicyDiff d = DiffAttachment(arn, site, attach, any->principal->address,
                                    HeldCells(attach ? before : after, matcher), matcher);
      if (!d.added.empty() || !d.removed.empty()) {
        out.push_back(std::move(d));
      }
    }
  }
}

// The keys of either map, sorted.
template <typename T>
std::set<std::string> KeysOf(const std::map<std::string, T>& a, const std::map<std::string, T>& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a) {
    keys.insert(k);
  }
  for (const auto& [k, v] : b) {
    keys.insert(k);
  }
  return keys;
}

template <typename T>
const T* Find(const std::map<std::string, T>& map, const std::string& key) {
  const auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

// One policy in both versions (or in one: added or deleted).
PolicyDiff DiffPolicy(const KeyedPolicy* old_policy, const KeyedPolicy* new_policy,
                      catalog::ActionMatcher& matcher) {
  PolicyDiff d;
  const KeyedPolicy* shown = new_policy != nullptr ? new_policy : old_policy;
  if (shown == nullptr) {
    return d;
  }
  d.name = shown->name;
  d.principal = shown->policy->principal;
  d.status = old_policy == nullptr ? "added" : new_policy == nullptr ? "deleted" : "changed";
  d.old_file = old_policy != nullptr ? old_policy->file : nullptr;
  d.new_file = new_policy != nullptr ? new_policy->file : nullptr;
  d.old_cells = CellsOf(old_policy, matcher);
  d.new_cells = CellsOf(new_policy, matcher);
  Compare(d, matcher);
  return d;
}

}  // namespace

std::string ShownPath(const SourceFile& file, const Version& version) {
  if (version.shown_root.empty() || version.root.empty()) {
    return file.path();
  }
  return version.shown_root + Relative(file.path(), version.root);
}

std::vector<PolicyDiff> DiffVersions(const Version& before, const Version& after,
                                     catalog::ActionMatcher& matcher) {
  const auto old_policies = KeyPolicies(before);
  const auto new_policies = KeyPolicies(after);
  std::vector<PolicyDiff> diffs;
  for (const std::string& key : KeysOf(old_policies, new_policies)) {
    PolicyDiff d = DiffPolicy(Find(old_policies, key), Find(new_policies, key), matcher);
    if (!d.added.empty() || !d.removed.empty()) {
      diffs.push_back(std::move(d));
    }
  }
  const auto old_principals = KeyPrincipals(before);
  const auto new_principals = KeyPrincipals(after);
  for (const std::string& key : KeysOf(old_principals, new_principals)) {
    DiffAttachments(Find(old_principals, key), Find(new_principals, key), matcher, diffs);
  }
  return diffs;
}

void ApplyAllowRules(std::vector<PolicyDiff>& diffs, const std::vector<AllowRule>& rules) {
  for (PolicyDiff& d : diffs) {
    for (const AllowRule& rule : rules) {
      if (!rule.scope.empty() && !catalog::GlobMatch(rule.scope, d.name, false) &&
          !catalog::GlobMatch(rule.scope, d.principal, false)) {
        continue;
      }
      for (Change& c : d.added) {
        catalog::ActionSet taken = c.actions;
        taken &= rule.actions;
        if (taken.Empty()) {
          continue;
        }
        c.actions.Subtract(taken);
        Change accepted = c;
        accepted.actions = std::move(taken);
        d.accepted.push_back(std::move(accepted));
      }
    }
    std::erase_if(d.added, [](const Change& c) { return c.actions.Empty(); });
  }
}

}  // namespace iamlint::diff

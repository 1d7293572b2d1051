#include "analyzer/analyze/principals.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "analyzer/analyze/escalation.h"
#include "analyzer/catalog/managed_policies.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"

namespace iamlint {

const ManagedPolicyDocument* LoadManagedPolicy(std::string_view arn) {
  // Parsed once per process and kept: findings and `explain` may point into them.
  static std::map<std::string, std::unique_ptr<ManagedPolicyDocument>, std::less<>> cache;
  const auto it = cache.find(arn);
  if (it != cache.end()) {
    return it->second.get();
  }
  std::unique_ptr<ManagedPolicyDocument>& slot = cache[std::string(arn)];
  const auto found = catalog::FindManagedPolicy(arn);
  if (!found) {
    return nullptr;
  }
  auto doc = std::make_unique<ManagedPolicyDocument>();
  doc->file = std::make_unique<SourceFile>(std::string(found->arn), std::string(found->document));
  const parse::JsonParseResult parsed = parse::ParseJson(doc->file->text());
  if (!parsed.document) {
    return nullptr;
  }
  doc->policy = NormalizePolicy(*parsed.document, parsed.document->root(),
                                {PolicyKind::kIdentity, std::string(found->arn)});
  slot = std::move(doc);
  return slot.get();
}

namespace {

// True when `entry` (an address from the extractor: "aws_iam_policy.x", "aws_iam_role.r.
// inline_policy.policy", a CloudFormation logical id or "Id.Policies[0]") names `policy`.
bool Names(std::string_view entry, const Policy& policy) {
  if (entry == policy.address) {
    return true;
  }
  if (entry.size() == policy.address.size() + 1 + policy.attribute.size() &&
      entry.starts_with(policy.address) && entry[policy.address.size()] == '.' &&
      entry.ends_with(policy.attribute)) {
    return true;
  }
  // A CloudFormation logical id names the policy documents under it ("Id.PolicyDocument").
  return policy.address.size() > entry.size() && policy.address.starts_with(entry) &&
         policy.address[entry.size()] == '.';
}

bool IsAwsManagedArn(std::string_view arn) {
  return arn.starts_with("arn:") && arn.find(":iam::aws:policy/") != std::string_view::npos;
}

// The source's policies by the names an extractor's entry can use: the address, the address
// with its attribute, and a CloudFormation logical id (the address up to its first dot).
class PolicyIndex {
 public:
  explicit PolicyIndex(const std::vector<SourcePolicy>& policies) : policies_(policies) {
    for (size_t i = 0; i < policies.size(); ++i) {
      const Policy& p = policies[i].result->policy;
      keys_.emplace(p.address, i);
      keys_.emplace(p.address + "." + p.attribute, i);
      const size_t dot = p.address.find('.');
      if (dot != std::string::npos) {
        keys_.emplace(p.address.substr(0, dot), i);
      }
    }
  }

  // The policies `entry` names, of a kind `accept` takes, in source order.
  template <typename Accept>
  std::vector<SourcePolicy> Find(std::string_view entry, Accept&& accept) const {
    std::vector<size_t> hits;
    for (auto [it, end] = keys_.equal_range(entry); it != end; ++it) {
      const Policy& p = policies_[it->second].result->policy;
      if (accept(p.kind) && Names(entry, p)) {
        hits.push_back(it->second);
      }
    }
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    std::vector<SourcePolicy> out;
    out.reserve(hits.size());
    for (const size_t i : hits) {
      out.push_back(policies_[i]);
    }
    return out;
  }

 private:
  const std::vector<SourcePolicy>& policies_;
  std::multimap<std::string, size_t, std::less<>> keys_;
};

bool IdentityOrBoundary(PolicyKind kind) {
  return kind == PolicyKind::kIdentity || kind == PolicyKind::kBoundary;
}

// Resolves one attached or boundary reference; true when found.
bool Resolve(std::string_view target, const PolicyIndex& index,
             std::vector<SourcePolicy>& in_source, const ManagedPolicyDocument** managed) {
  if (IsAwsManagedArn(target)) {
    *managed = LoadManagedPolicy(target);
    return *managed != nullptr;
  }
  const std::vector<SourcePolicy> found = index.Find(target, IdentityOrBoundary);
  in_source.insert(in_source.end(), found.begin(), found.end());
  return !found.empty();
}

PrincipalPolicies Resolve(const extract::ExtractedPrincipal& principal, const PolicyIndex& index) {
  PrincipalPolicies held;
  for (const std::string& entry : principal.policies) {
    for (const SourcePolicy& p :
         index.Find(entry, [](PolicyKind k) { return k == PolicyKind::kIdentity; })) {
      held.identity.push_back(p);
    }
  }
  for (size_t i = 0; i < principal.attached.size(); ++i) {
    const ManagedPolicyDocument* managed = nullptr;
    if (!Resolve(principal.attached[i], index, held.identity, &managed)) {
      held.unresolved.push_back(principal.attached[i]);
    } else if (managed != nullptr) {
      held.managed.push_back(managed);
      held.managed_at.push_back(i < principal.attached_at.size() ? principal.attached_at[i]
                                                                 : principal.defined_at);
    }
  }
  if (!principal.boundary.empty()) {
    const ManagedPolicyDocument* managed = nullptr;
    if (!Resolve(principal.boundary, index, held.boundary_source, &managed)) {
      held.unresolved.push_back(principal.boundary);
    }
    held.boundary_managed = managed;
  }
  return held;
}

}  // namespace

PrincipalPolicies ResolvePrincipal(const extract::ExtractedPrincipal& principal,
                                   const std::vector<SourcePolicy>& policies) {
  return Resolve(principal, PolicyIndex(policies));
}

void AddPrincipalPolicies(const PrincipalPolicies& held, PolicySet& set) {
  for (const SourcePolicy& p : held.identity) {
    set.Add(*p.file, p.result->policy);
  }
  for (const ManagedPolicyDocument* m : held.managed) {
    set.Add(*m->file, m->policy);
  }
  if (held.boundary_managed != nullptr) {
    set.AddLimit(*held.boundary_managed->file, held.boundary_managed->policy);
  }
  for (const SourcePolicy& p : held.boundary_source) {
    set.AddLimit(*p.file, p.result->policy);
  }
}

namespace {

bool Selected(const AnalysisOptions& options, const RuleInfo& rule) {
  return options.only.empty() ||
         std::any_of(options.only.begin(), options.only.end(), [&](const std::string& s) {
           return EqualsIgnoreCase(s, rule.id) || EqualsIgnoreCase(s, rule.name);
         });
}

// Findings in an AWS managed policy are shown where the policy is attached.
struct Remap {
  const PrincipalPolicies& held;
  const extract::ExtractedPrincipal& principal;

  // The attachment site of the managed policy `file` is, or nullptr when `file` is the
  // source's own.
  const extract::Site* SiteOf(const SourceFile* file) const {
    for (size_t i = 0; i < held.managed.size(); ++i) {
      if (held.managed[i]->file.get() == file) {
        return held.managed_at[i].file != nullptr ? &held.managed_at[i] : &principal.defined_at;
      }
    }
    return nullptr;
  }

  bool Apply(LocatedFinding& lf) const {
    for (RelatedLocation& r : lf.finding.related) {
      if (r.file == nullptr) {
        r.file = lf.file;  // it was the finding's own file, which may move below
      }
    }
    if (const extract::Site* at = SiteOf(lf.file)) {
      if (at->file == nullptr) {
        return false;
      }
      lf.finding.message += " (allowed by the attached " + lf.file->path() + ")";
      lf.file = at->file;
      lf.finding.range = at->range;
    }
    for (RelatedLocation& r : lf.finding.related) {
      const SourceFile* in = r.file;
      if (const extract::Site* at = SiteOf(in); at != nullptr && at->file != nullptr) {
        r.message += " (in the attached " + in->path() + ")";
        r.file = at->file;
        r.range = at->range;
      }
    }
    return true;
  }
};

bool IsFullAdminAlone(const SourcePolicy& p) {
  return std::any_of(p.result->findings.begin(), p.result->findings.end(),
                     [](const Finding& f) { return f.rule_id == "IAM201"; });
}

void ReportFullAdmin(PrincipalGroup& g, const PrincipalPolicies& held,
                     catalog::ActionMatcher& matcher, const std::string& today,
                     const RuleInfo& rule) {
  const extract::ExtractedPrincipal& p = g.principal;
  // Point at an attached AWS managed policy that is full admin by itself, else at the
  // principal.
  extract::Site at = p.defined_at;
  std::string message = p.address +
                        ": together, its policies grant every action on every resource: full "
                        "administrator access";
  for (size_t i = 0; i < held.managed.size(); ++i) {
    PolicySet alone(matcher, today);
    alone.Add(*held.managed[i]->file, held.managed[i]->policy);
    if (alone.Unrestricted().IsAll()) {
      if (held.managed_at[i].file != nullptr) {
        at = held.managed_at[i];
      }
      message = p.address + ": the attached " + held.managed[i]->file->path() +
                " grants every action on every resource: full administrator access";
      break;
    }
  }
  if (at.file == nullptr) {
    return;
  }
  Finding f;
  f.rule_id = rule.id;
  f.rule_name = rule.name;
  f.category = rule.category;
  f.severity = rule.severity;
  f.range = at.range;
  f.message = std::move(message);
  f.help =
      "attach a policy that grants only what this principal needs, or set a permissions "
      "boundary that limits it";
  g.findings.push_back({at.file, std::move(f)});
}

}  // namespace

namespace {

// One principal of a source, ready for the path search.
struct Node {
  PrincipalGroup* group = nullptr;
  PrincipalPolicies held;
  std::unique_ptr<PolicySet> set;  // null for a principal with no identity policy here
  std::string kind;                // "role", "user", "group"
  std::string arn;                 // glob: unknown parts as `*`
  std::optional<SourcePolicy> trust;
  std::string power;  // "full admin", "admin-equivalent (A1)", or "" when not powerful
  std::vector<Escalation> escalations;
};

// A step from one principal to another (or to admin).
struct Edge {
  size_t to = 0;
  std::string method;  // escalation method id
  std::string verb;    // "assumes", "passes ... to", "creates an access key for", ...
  std::string how;     // the action: "sts:AssumeRole", "iam:PassRole to lambda.amazonaws.com"
  const SourceFile* file = nullptr;
  ByteRange range;
  bool makes_admin = false;  // the step itself gives the target administrator access
  const Escalation* method_steps = nullptr;  // PassRole steps: the method's other actions
};

std::string KindOf(std::string_view arn) {
  for (const char* kind : {"role", "user", "group"}) {
    if (arn.find(std::string(":") + kind + "/") != std::string_view::npos) {
      return kind;
    }
  }
  return "";
}

bool IsRootPrincipal(std::string_view v) {
  return v == "*" || v.ends_with(":root") ||
         (v.size() == 12 && v.find_first_not_of("0123456789") == std::string_view::npos);
}

// The account field of an ARN (or a bare account id, or "*"); "*" when it has none.
std::string_view AccountField(std::string_view v) {
  if (v.starts_with("arn:")) {
    std::array<std::string_view, 6> fields;
    return catalog::SplitArn(v, fields) ? fields[4] : std::string_view("*");
  }
  return v;
}

// True when trust principal `root` (an account root, an account id or "*") admits principals
// of the account of `role_arn`: another account's root admits nobody here.
bool AdmitsAccountOf(std::string_view root, std::string_view role_arn) {
  const std::string_view a = AccountField(root);
  const std::string_view b = AccountField(role_arn);
  const auto wild = [](std::string_view x) {
    return x.empty() || x.find_first_of("*?") != std::string_view::npos;
  };
  return wild(a) || wild(b) || a == b;
}

// True when statement `st` of a trust policy allows `action` ("sts:AssumeRole").
bool TrustAllows(const Statement& st, std::string_view action, const std::string& today) {
  if (!st.Allows() || st.not_principal) {
    return false;
  }
  const ConditionClass cls = AssessConditions(st, today).kind;
  if (cls == ConditionClass::kRestricting || cls == ConditionClass::kNeverTrue) {
    return false;
  }
  const bool named = std::any_of(st.actions.begin(), st.actions.end(), [&](const Located& a) {
    return catalog::GlobMatch(a.text, action, true);
  });
  return st.not_action ? !named : named;
}

// The actions that move a principal to another one (the first step of every edge).
constexpr std::array<std::string_view, 9> kMoves = {
    "sts:AssumeRole",         "iam:PassRole",           "iam:UpdateAssumeRolePolicy",
    "iam:AttachRolePolicy",   "iam:PutRolePolicy",      "iam:CreateAccessKey",
    "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AddUserToGroup",
};

// True when `node` may act on another principal: it holds an action that moves to one.
bool IsSource(const Node& node, const catalog::Catalog& cat) {
  if (node.set == nullptr || node.kind == "group" || node.arn.empty()) {
    return false;
  }
  const catalog::ActionSet reachable = node.set->Reachable();
  return std::any_of(kMoves.begin(), kMoves.end(), [&](std::string_view a) {
    const auto id = cat.FindAction(a);
    return id && reachable.Contains(*id);
  });
}

class PathSearch {
 public:
  PathSearch(std::vector<Node>& nodes, const catalog::Catalog& cat, const RuleInfo& rule,
             std::string today, bool arrows)
      : nodes_(nodes), cat_(cat), rule_(rule), today_(std::move(today)), arrows_(arrows) {}

  void Run() {
    edges_.resize(nodes_.size());
    // Sources: principals that hold an action that moves to another principal. Targets of a
    // trust that names a principal directly are found through an index by name, so a
    // template with thousands of roles that reach nobody costs nothing here.
    // A powerful principal's own steps are never taken (a search ends where it reaches one),
    // so administrators, who can act on everyone, cost nothing here.
    std::vector<size_t> sources;
    for (size_t p = 0; p < nodes_.size(); ++p) {
      // Only sources keep their set (see AnalyzeResolvedPrincipals).
      if (nodes_[p].set != nullptr && nodes_[p].power.empty()) {
        sources.push_back(p);
      }
    }
    // Past this many source-target pairs, the sources with the most candidates are left out:
    // a hostile input must not take minutes, and narrow grants are still followed.
    constexpr size_t kMaxPairs = 2000000;
    BuildNameIndex();
    AddTrustedByName(sources);
    // A step to a principal that is not powerful and can go nowhere leads nowhere: only
    // steps to powerful principals, sources and principals trusted by name are worth testing.
    auto useful = [&](size_t t) {
      return !nodes_[t].power.empty() || nodes_[t].set != nullptr || !edges_[t].empty();
    };
    std::vector<std::vector<size_t>> candidates(nodes_.size());
    for (const size_t p : sources) {
      candidates[p] = Candidates(p);
      std::erase_if(candidates[p], [&](size_t t) { return t == p || !useful(t); });
    }
    std::stable_sort(sources.begin(), sources.end(), [&](size_t a, size_t b) {
      return candidates[a].size() < candidates[b].size();
    });
    size_t pairs = 0;
    for (const size_t p : sources) {
      pairs += candidates[p].size();
      if (pairs > kMaxPairs) {
        break;
      }
      for (const size_t t : candidates[p]) {
        if (!nodes_[t].arn.empty()) {
          AddEdges(p, t);
        }
      }
    }
    for (size_t p = 0; p < nodes_.size(); ++p) {
      if (nodes_[p].power.empty() && !edges_[p].empty()) {
        Search(p);
      }
    }
  }

 private:
  const catalog::Catalog& Cat() const { return cat_; }

  void Add(size_t p, Edge e) { edges_[p].push_back(std::move(e)); }

  // The location of a usable grant.
  static std::pair<const SourceFile*, ByteRange> At(const PolicySet& set, const Usable& u,
                                                    catalog::ActionId id) {
    return {u.grant->file, set.ActionRange(*u.grant, id)};
  }

  // Where source `p` can use `action` on target `t`: its usable grants are computed once per
  // source, action and service, then only compared with each target's ARN.
  // Source `p`'s usable grants of action `id` (for PassRole: to `service`), computed once.
  const std::vector<Usable>& Grants(size_t p, catalog::ActionId id, std::string_view service) {
    const auto key = std::make_tuple(p, id, std::string(service));
    auto it = grants_.find(key);
    if (it == grants_.end()) {
      it = grants_.emplace(key, nodes_[p].set->UsableGrants(id, service)).first;
    }
    return it->second;
  }

  // The id of one of the few actions the search uses, looked up once.
  std::optional<catalog::ActionId> Id(std::string_view action) {
    // A handful of actions, asked millions of times: a short list beats a map.
    for (const auto& [name, id] : ids_) {
      if (name == action) {
        return id;
      }
    }
    ids_.emplace_back(std::string(action), Cat().FindAction(action));
    return ids_.back().second;
  }

  Usable On(size_t p, std::string_view action, size_t t, std::string_view service = {}) {
    const auto id = Id(action);
    if (!id || !nodes_[p].set->Reachable().Contains(*id)) {
      return {};
    }
    return nodes_[p].set->UsableOnTarget(Grants(p, *id, service), *id, nodes_[t].arn);
  }

  void AddEdges(size_t p, size_t t) {
    if (nodes_[t].kind == "role") {
      RoleEdges(p, t);
      PassRoleEdges(p, t);
    } else if (nodes_[t].kind == "user") {
      UserEdges(p, t);
    } else if (nodes_[t].kind == "group" && nodes_[p].kind == "user") {
      // A9: p joins a group, and holds its policies from then on.
      if (const Usable u = On(p, "iam:AddUserToGroup", t)) {
        Step(p, t, u, "iam:AddUserToGroup", "A9", "joins", false);
      }
    }
  }

  // Adds the step from p to t that `u` (a grant of `action`) allows.
  void Step(size_t p, size_t t, const Usable& u, std::string_view action, std::string method,
            std::string verb, bool makes_admin) {
    const auto [file, range] = At(*nodes_[p].set, u, *Id(action));
    Add(p, {t, std::move(method), std::move(verb), std::string(action), file, range, makes_admin});
  }

  // C2: the target's trust admits p, by name or through p's own sts:AssumeRole; C1: p rewrites
  // it; D: p gives the role a policy, and becomes it.
  void RoleEdges(size_t p, size_t t) {
    bool assumable = false;
    const TrustSummary& trust = Trust(t);
    if (trust.roots) {
      if (const Usable u = On(p, "sts:AssumeRole", t)) {
        Step(p, t, u, "sts:AssumeRole", "C2", "assumes", false);
        assumable = true;
      }
    }
    assumable =
        assumable || std::any_of(trust.named.begin(), trust.named.end(), [&](const std::string& v) {
          // the edge itself comes from AddTrustedByName
          return catalog::ArnGlobsIntersect(v, nodes_[p].arn);
        });
    const Usable rewrite = On(p, "iam:UpdateAssumeRolePolicy", t);
    if (rewrite && !assumable) {
      Step(p, t, rewrite, "iam:UpdateAssumeRolePolicy", "C1", "rewrites the trust policy of",
           false);
    }
    if (!assumable && !rewrite) {
      return;
    }
    for (const auto& [action, with_assume, with_rewrite] :
         {std::tuple{"iam:AttachRolePolicy", "D1", "D4"},
          std::tuple{"iam:PutRolePolicy", "D2", "D5"}}) {
      if (const Usable u = On(p, action, t)) {
        Step(p, t, u, action, assumable ? with_assume : with_rewrite,
             "gives administrator access to, and becomes,", true);
        return;
      }
    }
  }

  // E: p passes the role to a service the role trusts, and runs code there.
  void PassRoleEdges(size_t p, size_t t) {
    if (!nodes_[t].trust.has_value()) {
      return;
    }
    for (const Escalation& e : nodes_[p].escalations) {
      if (e.method->group != "new-passrole") {
        continue;
      }
      for (const std::string& service : e.method->pass_role) {
        const Usable u = TrustsService(t, service) ? On(p, "iam:PassRole", t, service) : Usable{};
        if (u) {
          Step(p, t, u, "iam:PassRole", e.method->id, "passes to " + service + " and runs code as",
               false);
          edges_[p].back().how += " to " + service;
          edges_[p].back().method_steps = &e;
          break;
        }
      }
    }
  }

  // B: p takes over user t's credentials (D7, D8: and gives it administrator access first).
  void UserEdges(size_t p, size_t t) {
    for (const auto& [action, method] :
         {std::pair{"iam:CreateAccessKey", "B1"}, std::pair{"iam:CreateLoginProfile", "B3"},
          std::pair{"iam:UpdateLoginProfile", "B4"}}) {
      if (const Usable u = On(p, action, t)) {
        const bool attach = static_cast<bool>(On(p, "iam:AttachUserPolicy", t));
        const bool admin_it = attach || On(p, "iam:PutUserPolicy", t);
        Step(p, t, u, action, admin_it ? (attach ? "D7" : "D8") : method,
             admin_it ? "gives administrator access to, and signs in as,"
                      : "takes over the credentials of",
             admin_it);
        return;
      }
    }
  }

  // Principals by the name at the end of their ARN; those whose name is not known apart.
  void BuildNameIndex() {
    for (size_t p = 0; p < nodes_.size(); ++p) {
      const Node& n = nodes_[p];
      if (n.arn.empty()) {
        continue;
      }
      const std::string name = n.arn.substr(n.arn.rfind('/') + 1);
      if (name.find_first_of("*?") != std::string::npos) {
        unnamed_.push_back(p);
      } else {
        by_name_.emplace(name, p);
      }
    }
  }

  // The principals source `p` may act on: when every grant of its moving actions names
  // principals literally, only those (looked up by name); otherwise all.
  std::vector<size_t> Candidates(size_t p) {
    std::set<size_t> found(unnamed_.begin(), unnamed_.end());
    for (const std::string_view action : kMoves) {
      const auto id = Id(action);
      if (!id || !nodes_[p].set->Reachable().Contains(*id)) {
        continue;
      }
      for (const Usable& u : Grants(p, *id, {})) {
        if (u.all_resources) {
          std::vector<size_t> all(nodes_.size());
          for (size_t i = 0; i < all.size(); ++i) {
            all[i] = i;
          }
          return all;
        }
        for (const std::string& s : u.scope) {
          const std::string name = s.substr(s.rfind('/') + 1);
          if (name.find_first_of("*?") != std::string::npos) {
            std::vector<size_t> all(nodes_.size());
            for (size_t i = 0; i < all.size(); ++i) {
              all[i] = i;
            }
            return all;
          }
          for (auto [it, end] = by_name_.equal_range(name); it != end; ++it) {
            found.insert(it->second);
          }
        }
      }
    }
    return {found.begin(), found.end()};
  }

  // Edges from a trust policy that names a principal by ARN (same account: no identity grant
  // needed). Principals are looked up by the name at the end of the ARN.
  void AddTrustedByName(const std::vector<size_t>& sources) {
    (void)sources;
    const auto& by_name = by_name_;
    const std::vector<size_t>& wild = unnamed_;
    for (size_t t = 0; t < nodes_.size(); ++t) {
      const Node& to = nodes_[t];
      if (to.kind != "role" || !to.trust.has_value()) {
        continue;
      }
      for (const Statement& st : to.trust->result->policy.statements) {
        if (!TrustAllows(st, "sts:AssumeRole", today_)) {
          continue;
        }
        for (const PrincipalEntry& e : st.principals) {
          const std::string v = UnknownsAsWildcards(e.value.text);
          if (e.type != "AWS" || IsRootPrincipal(v)) {
            continue;
          }
          const std::string name = v.substr(v.rfind('/') + 1);
          std::vector<size_t> candidates = wild;
          if (name.find_first_of("*?") != std::string::npos) {
            for (const auto& [n, p] : by_name) {
              candidates.push_back(p);
            }
          } else {
            for (auto [it, end] = by_name.equal_range(name); it != end; ++it) {
              candidates.push_back(it->second);
            }
          }
          for (const size_t p : candidates) {
            if (p != t && nodes_[p].kind != "group" &&
                catalog::ArnGlobsIntersect(v, nodes_[p].arn)) {
              Add(p, {t, "C2", "is trusted by, and assumes,", "sts:AssumeRole, trusted by name",
                      to.trust->file, e.value.range, false});
            }
          }
        }
      }
    }
  }

  // What a role's trust admits for sts:AssumeRole, read once per role.
  struct TrustSummary {
    bool roots = false;              // account roots or "*": p needs its own grant
    std::vector<std::string> named;  // principal ARNs (unknown parts as *)
    std::vector<std::string> services;
  };

  const TrustSummary& Trust(size_t t) {
    if (trusts_.empty()) {
      trusts_.resize(nodes_.size());
      for (size_t i = 0; i < nodes_.size(); ++i) {
        if (!nodes_[i].trust.has_value()) {
          continue;
        }
        for (const Statement& st : nodes_[i].trust->result->policy.statements) {
          if (TrustAllows(st, "sts:AssumeRole", today_)) {
            Summarize(st, nodes_[i].arn, trusts_[i]);
          }
        }
      }
    }
    return trusts_[t];
  }

  // Adds what trust statement `st` of the role `role_arn` admits to `s`.
  static void Summarize(const Statement& st, std::string_view role_arn, TrustSummary& s) {
    for (const PrincipalEntry& e : st.principals) {
      const std::string v = UnknownsAsWildcards(e.value.text);
      if (e.type == "Service") {
        s.services.push_back(e.value.text);
      } else if (e.type == "AWS" && IsRootPrincipal(v)) {
        s.roots = s.roots || AdmitsAccountOf(v, role_arn);
      } else if (e.type == "AWS") {
        s.named.push_back(v);
      }
    }
  }

  bool TrustsService(size_t t, std::string_view service) {
    const TrustSummary& s = Trust(t);
    return std::any_of(s.services.begin(), s.services.end(),
                       [&](const std::string& v) { return catalog::GlobMatch(v, service, true); });
  }

  // Breadth-first, up to three steps, to a powerful principal or a step that makes one.
  void Search(size_t start) {
    constexpr size_t kMaxDepth = 3;
    struct Visit {
      size_t node;
      std::vector<const Edge*> path;
    };
    std::vector<bool> seen(nodes_.size(), false);
    seen[start] = true;
    std::vector<Visit> frontier{{start, {}}};
    for (size_t depth = 0; depth < kMaxDepth && !frontier.empty(); ++depth) {
      std::vector<Visit> next;
      for (const Visit& v : frontier) {
        for (const Edge& e : edges_[v.node]) {
          std::vector<const Edge*> path = v.path;
          path.push_back(&e);
          if (e.makes_admin || !nodes_[e.to].power.empty()) {
            Report(start, path);
            return;
          }
          if (!seen[e.to]) {
            seen[e.to] = true;
            next.push_back({e.to, std::move(path)});
          }
        }
      }
      frontier = std::move(next);
    }
  }

  void Report(size_t start, const std::vector<const Edge*>& path) {
    const Edge& first = *path.front();
    std::string steps;
    for (const Edge* e : path) {
      steps += " " + e->verb + " " + nodes_[e->to].group->principal.address + " (" + e->method +
               ")" + (e == path.back() ? "" : ",");
    }
    const Edge& last = *path.back();
    const std::string end = last.makes_admin ? "administrator access" : nodes_[last.to].power;
    Finding f;
    f.rule_id = rule_.id;
    f.rule_name = rule_.name;
    f.category = rule_.category;
    f.severity = rule_.severity;
    f.method = first.method;
    f.range = first.range;
    f.message = nodes_[start].group->principal.address + " reaches " + end + " in " +
                std::to_string(path.size()) + (path.size() == 1 ? " step:" : " steps:") + steps +
                (last.makes_admin ? "" : ", which is " + nodes_[last.to].power);
    if (arrows_) {
      f.message = nodes_[start].group->principal.address;
      for (const Edge* e : path) {
        f.message +=
            " → (" + e->method + " " + e->how + ") → " + nodes_[e->to].group->principal.address;
      }
      f.message += " (" + end + ")";
    }
    f.help = "break the path: limit the first step's action to resources outside it";
    if (nodes_[first.to].kind == "role") {  // only roles have a trust policy
      f.help += ", or narrow the trust policy of " + nodes_[first.to].group->principal.address;
    }
    size_t from = start;
    for (size_t i = 0; i < path.size(); ++i) {
      if (i > 0) {
        f.related.push_back(
            {path[i]->range,
             "then " + path[i]->verb + " " + nodes_[path[i]->to].group->principal.address,
             path[i]->file});
      }
      AddMethodSteps(*path[i], nodes_[from].set.get(), f.related);
      from = path[i]->to;
    }
    nodes_[start].group->findings.push_back({first.file, std::move(f)});
  }

  // Where the other actions of a step's method (lambda:CreateFunction ... beside iam:PassRole)
  // are allowed.
  void AddMethodSteps(const Edge& e, const PolicySet* set, std::vector<RelatedLocation>& out) {
    if (e.method_steps == nullptr || set == nullptr) {
      return;
    }
    for (const EscalationStep& step : e.method_steps->steps) {
      const std::string action = cat_.FullActionName(step.action);
      if (!step.where || action == "iam:PassRole") {
        continue;
      }
      out.push_back({set->ActionRange(*step.where.grant, step.action),
                     "with " + action + " (" + e.method + ")", step.where.grant->file});
    }
  }

  std::vector<Node>& nodes_;
  const catalog::Catalog& cat_;
  const RuleInfo& rule_;
  std::string today_;
  bool arrows_ = false;
  std::vector<std::vector<Edge>> edges_;
  std::map<std::tuple<size_t, catalog::ActionId, std::string>, std::vector<Usable>> grants_;
  std::multimap<std::string, size_t, std::less<>> by_name_;  // principals by name
  std::vector<size_t> unnamed_;                              // principals without a known name
  std::vector<TrustSummary> trusts_;                         // by node, read on first use
  std::vector<std::pair<std::string, std::optional<catalog::ActionId>>> ids_;
};

// The trust policy of a role, among the source's policies.
std::optional<SourcePolicy> TrustPolicyOf(const extract::ExtractedPrincipal& p,
                                          const PolicyIndex& index) {
  for (const std::string& entry : p.policies) {
    const std::vector<SourcePolicy> found =
        index.Find(entry, [](PolicyKind k) { return k == PolicyKind::kTrust; });
    if (!found.empty()) {
      return found.front();
    }
  }
  return std::nullopt;
}

std::string PowerOf(const PolicySet& set, const std::vector<Escalation>& found) {
  if (set.Unrestricted().IsAll()) {
    return "full admin";
  }
  for (const Escalation& e : found) {
    if (!e.method->target_dependent && !e.Scoped() &&
        (e.method->group == "self" || e.method->group == "chain")) {
      return "admin-equivalent (" + e.method->id + ")";
    }
  }
  return "";
}

}  // namespace

void AnalyzePrincipals(std::vector<PrincipalGroup>& principals,
                       const std::vector<SourcePolicy>& policies, catalog::ActionMatcher& matcher,
                       const AnalysisOptions& options) {
  const PolicyIndex index(policies);
  std::vector<ResolvedPrincipal> resolved(principals.size());
  // Every principal's own policies first; then a user also holds its groups' (membership).
  std::map<std::string, size_t, std::less<>> by_address;
  for (size_t i = 0; i < principals.size(); ++i) {
    resolved[i].held = Resolve(principals[i].principal, index);
    resolved[i].trust = TrustPolicyOf(principals[i].principal, index);
    by_address.emplace(principals[i].principal.address, i);
  }
  for (size_t i = 0; i < principals.size(); ++i) {
    for (const std::string& group : principals[i].principal.groups) {
      const auto it = by_address.find(group);
      if (it == by_address.end() || it->second == i) {
        continue;
      }
      const PrincipalPolicies& from = resolved[it->second].held;
      PrincipalPolicies& held = resolved[i].held;
      held.identity.insert(held.identity.end(), from.identity.begin(), from.identity.end());
      held.managed.insert(held.managed.end(), from.managed.begin(), from.managed.end());
      held.managed_at.insert(held.managed_at.end(), from.managed_at.begin(), from.managed_at.end());
    }
  }
  AnalyzeResolvedPrincipals(principals, std::move(resolved), matcher, options);
}

void AnalyzeResolvedPrincipals(std::vector<PrincipalGroup>& principals,
                               std::vector<ResolvedPrincipal> resolved,
                               catalog::ActionMatcher& matcher, const AnalysisOptions& options,
                               const PathReporting& paths) {
  const Rule* admin = FindRule("IAM201");
  const Rule* escalation = FindRule("IAM220");
  const Rule* path_rule = FindRule(paths.rule_id);
  const bool want_admin = admin != nullptr && Selected(options, admin->info);
  const bool want_escalation = escalation != nullptr && Selected(options, escalation->info);
  const bool want_paths = path_rule != nullptr && Selected(options, path_rule->info);
  if (!want_admin && !want_escalation && !want_paths) {
    return;
  }
  static const std::string kToday = TodayUtc();
  std::vector<Node> nodes(principals.size());
  for (size_t i = 0; i < principals.size() && i < resolved.size(); ++i) {
    nodes[i].held = std::move(resolved[i].held);
    nodes[i].trust = resolved[i].trust;
  }
  auto analyze = [&](size_t i) {
    PrincipalGroup& g = principals[i];
    Node& node = nodes[i];
    node.group = &g;
    node.arn = UnknownsAsWildcards(g.principal.arn);
    node.kind = KindOf(node.arn);

    const PrincipalPolicies& held = node.held;
    if (held.identity.size() + held.managed.size() == 0) {
      return;
    }
    node.set = std::make_unique<PolicySet>(matcher, kToday);
    PolicySet& set = *node.set;
    AddPrincipalPolicies(held, set);
    for (const auto& limit : options.limits) {
      set.AddLimit(*limit->file, limit->policy);
    }
    node.escalations = FindEscalations(set);
    node.power = PowerOf(set, node.escalations);
    const Remap remap{held, g.principal};
    if (set.Unrestricted().IsAll()) {
      if (want_admin &&
          std::none_of(held.identity.begin(), held.identity.end(), IsFullAdminAlone)) {
        ReportFullAdmin(g, held, matcher, kToday, admin->info);
      }
      return;
    }
    if (!want_escalation) {
      return;
    }
    // Methods one policy of the source allows alone are reported on that policy already.
    std::set<std::string> alone;
    for (const SourcePolicy& p : held.identity) {
      PolicySet single(matcher, kToday);
      single.Add(*p.file, p.result->policy);
      for (std::string& id : AllowedMethodIds(single)) {
        alone.insert(std::move(id));
      }
    }
    std::vector<Escalation> found = node.escalations;
    std::erase_if(found, [&](const Escalation& e) { return alone.contains(e.method->id); });
    for (LocatedFinding& lf : EscalationFindings(escalation->info, set, found)) {
      lf.finding.message = g.principal.address + ": " + lf.finding.message;
      if (remap.Apply(lf)) {
        g.findings.push_back(std::move(lf));
      }
    }
  };
  for (size_t i = 0; i < principals.size(); ++i) {
    analyze(i);
    // Only principals that can act on others keep their policies for the path search: a
    // template of thousands of roles must fit in memory.
    if (!IsSource(nodes[i], matcher.catalog())) {
      nodes[i].set.reset();
      nodes[i].escalations.clear();
    }
  }
  // Paths across principals: one that can become another inherits its reach.
  if (want_paths) {
    PathSearch(nodes, matcher.catalog(), path_rule->info, kToday, paths.arrows).Run();
  }
}

}  // namespace iamlint

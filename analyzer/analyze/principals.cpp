#include "analyzer/analyze/principals.h"

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/analyze/escalation.h"
#include "analyzer/catalog/managed_policies.h"
#include "analyzer/core/strings.h"
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

// Resolves one attached or boundary reference; true when found.
bool Resolve(std::string_view target, const std::vector<SourcePolicy>& policies,
             std::vector<SourcePolicy>& in_source, const ManagedPolicyDocument** managed) {
  if (IsAwsManagedArn(target)) {
    *managed = LoadManagedPolicy(target);
    return *managed != nullptr;
  }
  bool any = false;
  for (const SourcePolicy& p : policies) {
    const PolicyKind kind = p.result->policy.kind;
    if ((kind == PolicyKind::kIdentity || kind == PolicyKind::kBoundary) &&
        Names(target, p.result->policy)) {
      in_source.push_back(p);
      any = true;
    }
  }
  return any;
}

}  // namespace

PrincipalPolicies ResolvePrincipal(const extract::ExtractedPrincipal& principal,
                                   const std::vector<SourcePolicy>& policies) {
  PrincipalPolicies held;
  for (const std::string& entry : principal.policies) {
    for (const SourcePolicy& p : policies) {
      if (p.result->policy.kind == PolicyKind::kIdentity && Names(entry, p.result->policy)) {
        held.identity.push_back(p);
      }
    }
  }
  for (size_t i = 0; i < principal.attached.size(); ++i) {
    const ManagedPolicyDocument* managed = nullptr;
    if (!Resolve(principal.attached[i], policies, held.identity, &managed)) {
      held.unresolved.push_back(principal.attached[i]);
    } else if (managed != nullptr) {
      held.managed.push_back(managed);
      held.managed_at.push_back(i < principal.attached_at.size() ? principal.attached_at[i]
                                                                 : principal.defined_at);
    }
  }
  if (!principal.boundary.empty()) {
    const ManagedPolicyDocument* managed = nullptr;
    if (!Resolve(principal.boundary, policies, held.boundary_source, &managed)) {
      held.unresolved.push_back(principal.boundary);
    }
    held.boundary_managed = managed;
  }
  return held;
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

void AnalyzePrincipals(std::vector<PrincipalGroup>& principals,
                       const std::vector<SourcePolicy>& policies, catalog::ActionMatcher& matcher,
                       const AnalysisOptions& options) {
  const Rule* admin = FindRule("IAM201");
  const Rule* escalation = FindRule("IAM220");
  const bool want_admin = admin != nullptr && Selected(options, admin->info);
  const bool want_escalation = escalation != nullptr && Selected(options, escalation->info);
  if (!want_admin && !want_escalation) {
    return;
  }
  static const std::string kToday = TodayUtc();
  for (PrincipalGroup& g : principals) {
    const PrincipalPolicies held = ResolvePrincipal(g.principal, policies);
    if (held.identity.size() + held.managed.size() == 0) {
      continue;
    }
    PolicySet set(matcher, kToday);
    AddPrincipalPolicies(held, set);
    for (const auto& limit : options.limits) {
      set.AddLimit(*limit->file, limit->policy);
    }
    const Remap remap{held, g.principal};
    if (set.Unrestricted().IsAll()) {
      if (want_admin &&
          std::none_of(held.identity.begin(), held.identity.end(), IsFullAdminAlone)) {
        ReportFullAdmin(g, held, matcher, kToday, admin->info);
      }
      continue;
    }
    if (!want_escalation) {
      continue;
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
    std::vector<Escalation> found = FindEscalations(set);
    std::erase_if(found, [&](const Escalation& e) { return alone.contains(e.method->id); });
    for (LocatedFinding& lf : EscalationFindings(escalation->info, set, found)) {
      lf.finding.message = g.principal.address + ": " + lf.finding.message;
      if (remap.Apply(lf)) {
        g.findings.push_back(std::move(lf));
      }
    }
  }
}

}  // namespace iamlint

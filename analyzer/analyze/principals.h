#pragma once
// Principal-level analysis: a role, user or group holds several policies (inline, attached
// customer-managed, attached AWS managed) under a permissions boundary. What it can do is the
// union of what they allow, minus every Deny, within the boundary; escalation methods split
// across two policies and full admin through an attached AWS managed policy show only there.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/analyze/effective.h"
#include "analyzer/analyze/scan.h"

namespace iamlint {

/// One analysed policy of a source (a Terraform module or a template), and its file.
struct SourcePolicy {
  const SourceFile* file = nullptr;
  PolicyResult* result = nullptr;
};

/// An AWS managed policy from the embedded snapshot, normalized (kept for the process's life:
/// findings may point into it).
struct ManagedPolicyDocument {
  std::unique_ptr<SourceFile> file;  // path "arn:aws:iam::aws:policy/...", the minified document
  Policy policy;
};

/// The AWS managed policy `arn` (any partition), or nullptr when the snapshot has none.
const ManagedPolicyDocument* LoadManagedPolicy(std::string_view arn);

/// The policies a principal holds, resolved within its source.
struct PrincipalPolicies {
  std::vector<SourcePolicy> identity;                 // inline and attached, from the source
  std::vector<const ManagedPolicyDocument*> managed;  // attached AWS managed policies
  std::vector<extract::Site> managed_at;              // parallel: where each is attached
  std::vector<SourcePolicy> boundary_source;          // the boundary, when in the source
  const ManagedPolicyDocument* boundary_managed = nullptr;
  std::vector<std::string> unresolved;  // attachments not found anywhere
};

/// Resolves `principal`'s policies among `policies` and the embedded AWS managed policies.
PrincipalPolicies ResolvePrincipal(const extract::ExtractedPrincipal& principal,
                                   const std::vector<SourcePolicy>& policies);

/// Builds the PolicySet of a principal: its identity policies, within its boundary.
void AddPrincipalPolicies(const PrincipalPolicies& held, PolicySet& set);

/// Reports, on each principal of `principals`, what only its combined policies show: full
/// admin (IAM201) and privilege-escalation methods (IAM220) that no single policy of the
/// source allows alone. Honors the rule selection of `options`.
void AnalyzePrincipals(std::vector<PrincipalGroup>& principals,
                       const std::vector<SourcePolicy>& policies, catalog::ActionMatcher& matcher,
                       const AnalysisOptions& options);

/// A principal whose policies the caller resolved itself (an account snapshot names its
/// policies by ARN and lists group membership explicitly).
struct ResolvedPrincipal {
  PrincipalPolicies held;             // its groups' policies included
  std::optional<SourcePolicy> trust;  // a role's trust policy
};

/// How paths across principals are reported.
struct PathReporting {
  std::string_view rule_id = "IAM220";  // the rule whose findings they are
  /// Messages as "user/alice → (E5 iam:PassRole to lambda.amazonaws.com) → role/admin (full
  /// admin)" instead of a sentence.
  bool arrows = false;
};

/// AnalyzePrincipals for principals resolved by the caller: `resolved` is parallel to
/// `principals`. Paths across principals are reported as `paths` says.
void AnalyzeResolvedPrincipals(std::vector<PrincipalGroup>& principals,
                               std::vector<ResolvedPrincipal> resolved,
                               catalog::ActionMatcher& matcher, const AnalysisOptions& options,
                               const PathReporting& paths = {});

}  // namespace iamlint

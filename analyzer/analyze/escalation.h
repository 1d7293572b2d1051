#pragma once
// Privilege-escalation methods (rules/data/escalation-methods.json, the merged list A1 ... G2)
// and the search for them in a set of policies.

#include <optional>
#include <string>
#include <vector>

#include "analyzer/analyze/effective.h"
#include "analyzer/analyze/rule.h"

namespace iamlint {

/// One method of the list, as the data file gives it.
struct EscalationMethod {
  std::string id;     // "A1": stable, never reused
  std::string group;  // "self", "credentials", "trust", "chain", "new-passrole", ...
  std::string name;
  std::vector<std::vector<std::string>> required;  // every group, one action of each
  std::vector<std::string> pass_role;  // services the passed role must trust (new-passrole)
  bool target_dependent = false;       // needs an existing, more privileged resource
  std::string resource;                // what the key action targets
  std::vector<std::string> targets;    // the first action must reach one of these resources
  std::string notes;
  std::string sources;
};

/// Every method, in list order (parsed once from the embedded data).
const std::vector<EscalationMethod>& EscalationMethods();
/// The method with this id, or nullptr.
const EscalationMethod* FindEscalationMethod(std::string_view id);

/// One action a method needs, and where it is allowed.
struct EscalationStep {
  catalog::ActionId action = 0;
  Usable where;
  // Limited to some resources, but not in a way that limits an attacker: every resource of a
  // type in an account (role/*), a Create action on a name pattern the caller picks
  // (iam:CreateRole on role/managed/*), or a step on what such an action creates.
  bool caller_named = false;
};

/// A method the policies allow.
struct Escalation {
  const EscalationMethod* method = nullptr;
  std::vector<EscalationStep> steps;  // one per `required` group, then iam:PassRole if needed
  std::string service;                // the service the role is passed to
  /// True when some step is allowed only on some resources the caller does not name itself.
  bool Scoped() const;
  /// True for a target-dependent method (without iam:PassRole or required tool resources,
  /// `targets`) whose every step is allowed only
  /// on resources named by exact ARN (no wildcard, no variable): what it gains is the
  /// privilege of those named resources, which the policy alone does not show. IAM220 leaves
  /// these to the path search across principals (IAM221), which knows the targets.
  bool NamedTargetsOnly() const;
};

/// The methods `set` allows, keeping only minimal ones: a method is left out when another
/// allowed method, open on every resource, needs a strict subset of its actions (D1 = A5 +
/// sts:AssumeRole adds nothing once A5 is open everywhere; with A5 limited to some roles, D1
/// may name another path and stays).
std::vector<Escalation> FindEscalations(const PolicySet& set);

/// The ids of every method `set` allows, minimal or not.
std::vector<std::string> AllowedMethodIds(const PolicySet& set);

/// The findings for `found` under `rule`, one per method group (self, credentials, trust,
/// chain, new-passrole, existing-compute, codestar) so that a policy open to thirty methods
/// reads as a few findings: each is headed by the group's most severe method (its id in
/// `method`, its actions at the range and in `related`, with their file when it is not the
/// finding's) and names the group's other methods in the message ("also A3, A4"). Severity is
/// the rule's, one level lower for a target-dependent method and one more when a step is
/// limited to some resources. Methods on named targets only (NamedTargetsOnly) are left out.
std::vector<LocatedFinding> EscalationFindings(const RuleInfo& rule, const PolicySet& set,
                                               const std::vector<Escalation>& found);

}  // namespace iamlint

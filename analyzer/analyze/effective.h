#pragma once
// What a set of policies really grants. Set algebra over the whole catalog answers "which
// actions, on every resource, unconditionally" (Allow minus Deny, intersected with boundaries
// and SCPs); per-action queries answer "can this action be used on some resource an attacker
// could exploit", taking Resource/NotResource, Deny resources and conditions into account.
// IAM evaluation logic:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/action_set.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/source_file.h"
#include "analyzer/normalize/policy.h"

namespace iamlint {

/// How a statement's Condition block bears on what it grants, for a caller who shapes the
/// request (the attacker's view).
enum class ConditionClass {
  kNone,           // no Condition
  kUnrestricting,  // holds for a request the caller can make (e.g. only aws:RequestTag tests)
  kRestricting,    // some test limits who, where or when (aws:SourceIp, MFA, org, ...)
  kNeverTrue,      // some test can never hold (a date in the past for aws:CurrentTime)
};

/// The class of a Condition block and the test that decided it.
struct ConditionVerdict {
  ConditionClass kind = ConditionClass::kNone;
  const ConditionTest* test = nullptr;  // the deciding test (restricting or never true)
  std::string reason;                   // why, for messages and `explain`
  bool always_true = false;             // every test holds for every request now
};

/// Today's date as YYYY-MM-DD (UTC), for date conditions.
std::string TodayUtc();

/// Classifies `st`'s conditions. When `passed_to_service` is given (iam:PassRole to that
/// service), iam:PassedToService tests that admit it do not restrict.
ConditionVerdict AssessConditions(const Statement& st, std::string_view today,
                                  std::string_view passed_to_service = {});

/// The first Condition test of `st` that limits which callers a principal element admits: a
/// test on the caller's organization, account, ARN, network or source (aws:PrincipalOrgID,
/// aws:SourceArn, aws:SourceAccount, aws:SourceVpce, aws:SourceIp, ...), not under
/// ForAllValues (which holds when the key is missing). nullptr when there is none.
const ConditionTest* CallerRestriction(const Statement& st);

/// True when `st` has a test on `key` (case-insensitive) that is not ForAllValues.
const ConditionTest* FindConditionTest(const Statement& st, std::string_view key);

/// The ARN format of resource type `type` of `cat` as a glob (`${...}` as `*`), made once.
const std::string& ArnFormatGlobOf(const catalog::Catalog& cat, catalog::ResourceTypeId type);

/// True when resource glob `glob` may name a resource of action `id` of `cat`: it intersects
/// one of the action's ARN formats, or, for an action without resource types (which takes only
/// "*"), it matches "*".
bool ResourceMayTarget(const catalog::Catalog& cat, catalog::ActionId id, std::string_view glob);

/// One statement of a policy in a set, with its expanded actions.
struct StatementGrant {
  const SourceFile* file = nullptr;
  const Policy* policy = nullptr;
  const Statement* statement = nullptr;
  catalog::ActionSet actions;  // what it allows or denies (NotAction complemented)
  ConditionVerdict condition;
  bool all_resources = false;        // Resource matches every ARN (or Allow with NotResource)
  std::vector<std::string> globs;    // Resource/NotResource as plain globs
  std::vector<bool> self;            // parallel: names only the caller (${aws:username})
  std::vector<std::string> literal;  // the patterns as written: variables and unknowns literal
  std::vector<std::string> literal_service;  // parallel: the service field ("" if none)
};

/// Where an action can be used: the Allow statement, and on which resources after Denies.
struct Usable {
  const StatementGrant* grant = nullptr;
  bool all_resources = false;      // on every resource the action takes
  std::vector<std::string> scope;  // otherwise the resource globs it remains usable on
  explicit operator bool() const { return grant != nullptr; }
};

/// The statements of one principal's policies (or of one policy), ready for questions.
class PolicySet {
 public:
  /// `matcher` expands actions and must outlive the set; `today` is YYYY-MM-DD.
  PolicySet(catalog::ActionMatcher& matcher, std::string today);

  /// Adds a policy that grants (identity or resource policy). File and policy must outlive
  /// the set. `granted`, when given, holds each statement's expanded actions (NotAction
  /// complemented), so they are not expanded again.
  void Add(const SourceFile& file, const Policy& policy,
           const std::vector<const catalog::ActionSet*>* granted = nullptr);
  /// Adds a policy that only limits (permissions boundary, SCP, RCP): an action must also be
  /// allowed by every limit, and a limit's Deny applies like any Deny.
  void AddLimit(const SourceFile& file, const Policy& policy);

  /// Actions allowed on every resource with no restricting condition, minus the Denies that
  /// apply to every resource unconditionally, within every limit.
  const catalog::ActionSet& Unrestricted() const;
  /// Actions allowed on at least some resource (conditions allowed, never-true ones not),
  /// minus the unconditional Denies on every resource, within every limit.
  const catalog::ActionSet& Reachable() const;

  /// Where action `id` is allowed, with no restricting condition, on a resource that remains
  /// after every unconditional Deny and that an attacker could act on (not an AWS-owned ARN).
  /// `passed_to_service` as in AssessConditions. The widest such grant is returned.
  /// With `others_only`, resources that name only the caller itself (`${aws:username}`) do
  /// not count (taking over another user's credentials needs another user).
  Usable FindUsable(catalog::ActionId id, std::string_view passed_to_service = {},
                    bool others_only = false) const;

  /// Every Allow grant of `id` usable somewhere (as FindUsable judges it), widest first.
  std::vector<Usable> UsableGrants(catalog::ActionId id,
                                   std::string_view passed_to_service = {}) const;
  /// The first of `grants` (from UsableGrants for `id`) that remains usable on `target`.
  Usable UsableOnTarget(const std::vector<Usable>& grants, catalog::ActionId id,
                        std::string_view target) const;
  /// True when a Deny that always applies names `target` (a glob) for `id`.
  bool DeniedOn(catalog::ActionId id, std::string_view target) const;

  /// Like FindUsable, but the action must remain usable on `target` (a resource glob, such as
  /// a role's ARN with unknown parts as `*`).
  Usable FindUsableOn(catalog::ActionId id, std::string_view target,
                      std::string_view passed_to_service = {}) const;

  /// The Allow statements, in order of addition.
  const std::vector<StatementGrant>& allows() const { return allows_; }
  /// The Deny statements (limits' included), in order of addition.
  const std::vector<StatementGrant>& denies() const { return denies_; }
  /// True when some limit (boundary, SCP) was added.
  bool limited() const { return !limits_.empty(); }
  /// The catalog in use.
  const catalog::Catalog& catalog() const { return matcher_.catalog(); }

  /// Where `u` is usable, for messages: "every resource", or its first resource as written
  /// (unknown parts as `${...}`), with how many more.
  static std::string DescribeScope(const Usable& u);

  /// The range of the value in `grant`'s statement that names action `id` (the NotAction key
  /// when the statement grants by NotAction).
  ByteRange ActionRange(const StatementGrant& grant, catalog::ActionId id) const;

  /// True when `grant`'s Resource patterns contain every resource action `id` acts on
  /// (`arn:aws:s3:::*` for s3:ListBucket, `arn:aws:s3:::*/*` for s3:GetObject), not only "*".
  /// `memo`, when given, caches the answer per resource type for this grant.
  bool CoversEveryResourceOf(const StatementGrant& grant, catalog::ActionId id,
                             std::vector<signed char>* memo = nullptr) const;
  /// The actions Allow statement `index` (of allows()) grants, after the Denies on every
  /// resource, whose every resource its patterns contain although they are not "*"; empty
  /// for a statement on every resource, and past 500 candidate actions (computed once).
  /// Only actions of `relevant` are tested (the caller passes the same set every time).
  const catalog::ActionSet& WholeTypeGrants(size_t index, const catalog::ActionSet& relevant) const;

  /// True when `glob` may name a resource of action `id` that the action acts on: one of its
  /// own service's resource types when it has any (an action without resource types takes
  /// only `*`).
  bool MayTarget(catalog::ActionId id, std::string_view glob) const;

 private:
  StatementGrant MakeGrant(const SourceFile& file, const Policy& policy, const Statement& st,
                           const catalog::ActionSet* granted = nullptr);
  // The resource globs of `allow` that remain for `id` after unconditional Denies, or nullopt
  // when nothing remains; an empty vector means every resource.
  bool RemainingScope(const StatementGrant& allow, catalog::ActionId id,
                      const std::vector<const StatementGrant*>& denies, bool others_only,
                      std::vector<std::string>& scope, bool& all) const;
  // True when `glob` contains every resource of `type`.
  bool GlobCoversType(const std::string& glob, catalog::ResourceTypeId type) const;
  // True when a pattern of `grant` (as written) contains every resource of `type`.
  bool TypeCovered(const StatementGrant& grant, catalog::ResourceTypeId type) const;
  // Allow with NotResource whose exclusions cover every resource `id` acts on.
  bool ExcludedEverywhere(const StatementGrant& allow, catalog::ActionId id) const;
  bool WithinLimits(catalog::ActionId id) const;
  // The actions Deny `d` takes away on every resource (none when it has a condition).
  catalog::ActionSet DeniedEverywhere(const StatementGrant& d) const;

  catalog::ActionMatcher& matcher_;
  std::string today_;
  // Computed on first use; Add and AddLimit reset them.
  mutable std::optional<catalog::ActionSet> unrestricted_;
  mutable std::optional<catalog::ActionSet> reachable_;
  mutable std::map<std::string, Usable> usable_;  // FindUsable by action, service, others
  mutable std::vector<std::optional<catalog::ActionSet>> whole_grants_;  // by allow index
  // A resource type's ARN format as a glob, per catalog (shared by every set).
  const std::string& FormatGlob(catalog::ResourceTypeId type) const;
  std::vector<StatementGrant> allows_;
  std::vector<StatementGrant> denies_;
  std::vector<std::vector<StatementGrant>> limits_;  // the Allow statements of each limit
};

}  // namespace iamlint

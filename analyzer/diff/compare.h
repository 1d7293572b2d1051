#pragma once
// What a later version of a policy allows that an earlier one did not, cell by cell: an Allow
// cell's actions are covered by earlier Allow cells whose resource and principal contain its
// own and whose conditions its conditions imply; what is left is new access. A Deny of the
// earlier version that no later Deny covers exposes the actions later Allows grant where it
// applied. Swapping the versions gives the access removed. The model is IAM's evaluation logic
// (explicit Deny beats Allow):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

#include <vector>

#include "analyzer/diff/cells.h"

namespace iamlint::diff {

/// Why access is new.
enum class ChangeKind {
  kNewAction,          // no earlier cell allowed the action
  kNewResource,        // allowed before, but not on this resource
  kConditionRemoved,   // allowed here before under a condition the statement no longer has
  kConditionWeakened,  // ... under a condition now admitting more (values, IfExists)
  kNewPrincipal,       // allowed here before, but not to this principal
  kPublicPrincipal,    // ... and now to anyone (Principal "*" without a caller restriction)
  kDenyRemoved,        // an earlier Deny is gone
  kDenyNarrowed,       // an earlier Deny now covers less
};

/// One kind of new access granted by one cell of the later version.
struct Change {
  ChangeKind kind = ChangeKind::kNewAction;
  catalog::ActionSet actions;
  const Cell* cell = nullptr;                // the later version's Allow cell
  const Cell* deny = nullptr;                // Deny kinds: the earlier Deny no longer in force
  const ConditionTest* condition = nullptr;  // condition kinds: the earlier test not implied
  ByteRange range;                           // where in the later version: the value responsible
  /// The resources of `cell` and of the cells of the same statement merged into this change
  /// (same kind, principal and actions): one line per statement, not per Resource value.
  std::vector<const ResourceScope*> resources;
};

/// The access `after` grants that `before` did not.
std::vector<Change> AddedAccess(const std::vector<Cell>& before, const std::vector<Cell>& after,
                                catalog::ActionMatcher& matcher);

/// "new action", "condition removed", ...; with `removed`, the same change read backwards
/// ("action removed", "condition added", ...).
std::string_view ChangeKindName(ChangeKind kind, bool removed);

}  // namespace iamlint::diff

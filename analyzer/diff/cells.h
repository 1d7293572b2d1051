#pragma once
// A policy as "cells": one per statement x Resource pattern (or the NotResource list) x
// Principal entry, each carrying the statement's expanded actions and its Condition tests.
// Two versions of a policy are compared cell by cell (cells.cpp says when one covers another).

#include <string>
#include <vector>

#include "analyzer/catalog/action_set.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/source_file.h"
#include "analyzer/normalize/policy.h"

namespace iamlint::diff {

/// The resources a cell applies to: one glob, or every resource except a list (NotResource).
struct ResourceScope {
  bool negated = false;            // NotResource: every resource except `globs`
  std::vector<std::string> globs;  // one glob when not negated ("*" when Resource is absent)
  const Located* at = nullptr;     // the value as written (the first one for NotResource)
  /// "arn:aws:s3:::b/*", or "every resource except a, b".
  std::string Display() const;
};

/// Whom a cell applies to (resource and trust policies); absent in identity policies.
struct PrincipalScope {
  bool present = false;
  std::string type;   // "AWS", "Service", "Federated", "CanonicalUser"
  std::string value;  // a 12-digit account as "arn:aws:iam::ID:root"; "*" for anyone
  const Located* at = nullptr;
  /// True for AWS "*" (anyone), which a NotPrincipal statement also becomes.
  bool Everyone() const { return present && type == "AWS" && value == "*"; }
  /// "AWS arn:aws:iam::111122223333:root", or "" when absent.
  std::string Display() const;
};

/// One statement x resource x principal.
struct Cell {
  const SourceFile* file = nullptr;
  const Policy* policy = nullptr;
  const Statement* statement = nullptr;
  bool allow = true;
  catalog::ActionSet actions;  // NotAction complemented
  ResourceScope resource;
  PrincipalScope principal;
  std::vector<const ConditionTest*> conditions;
};

/// The cells of `policy` (statements without a valid Effect are left out). `file` and
/// `policy` must outlive the cells.
std::vector<Cell> MakeCells(const SourceFile& file, const Policy& policy,
                            catalog::ActionMatcher& matcher);

/// True when every resource `inner` names is named by `outer` (ARNs are case-sensitive).
bool ResourceContains(const ResourceScope& outer, const ResourceScope& inner);
/// True when some resource is named by both.
bool ResourcesIntersect(const ResourceScope& a, const ResourceScope& b);
/// True when every principal `inner` admits is admitted by `outer`.
bool PrincipalContains(const PrincipalScope& outer, const PrincipalScope& inner);
/// True when some principal is admitted by both.
bool PrincipalsIntersect(const PrincipalScope& a, const PrincipalScope& b);

/// True when every request satisfying the tests `strong` satisfies the tests `weak`: each test
/// of `weak` has a test of `strong` on the same key and operator that admits no more values
/// (a subset for positive operators, a superset for negated ones; no IfExists where `weak`
/// has none). Sound, not complete: a false answer may be an implication it does not see.
bool ConditionsImply(const std::vector<const ConditionTest*>& strong,
                     const std::vector<const ConditionTest*>& weak);

/// The first test of `weak` that `strong` does not imply, or nullptr.
const ConditionTest* FirstUnimplied(const std::vector<const ConditionTest*>& strong,
                                    const std::vector<const ConditionTest*>& weak);

}  // namespace iamlint::diff

#include "analyzer/diff/cells.h"

#include <algorithm>

#include "analyzer/core/strings.h"

namespace iamlint::diff {
namespace {

bool IsAccountId(std::string_view v) {
  return v.size() == 12 && v.find_first_not_of("0123456789") == std::string_view::npos;
}

// "arn:aws:iam::ID:" of an account root ARN, or "" when `arn` is not one.
std::string_view RootAccountPrefix(std::string_view arn) {
  if (!arn.ends_with(":root") || !arn.starts_with("arn:")) {
    return {};
  }
  return arn.substr(0, arn.size() - 4);
}

PrincipalScope MakePrincipal(const PrincipalEntry& entry) {
  PrincipalScope p;
  p.present = true;
  p.type = entry.type;
  p.value = entry.value.text;
  p.at = &entry.value;
  if (p.type == "AWS" && IsAccountId(p.value)) {
    std::string root = "arn:aws:iam::";
    root += p.value;
    root += ":root";
    p.value = root;
  }
  return p;
}

// Operators whose values say what the key must not be: more values restrict more.
bool Negated(std::string_view base) {
  return base.starts_with("StringNot") || base.starts_with("ArnNot") || base == "NotIpAddress" ||
         base == "NumericNotEquals" || base == "DateNotEquals";
}

bool Like(std::string_view base) {
  return base.find("Like") != std::string_view::npos;
}

// True when value `inner` admits nothing that `outer` does not (for the operator `base`).
bool ValueWithin(std::string_view base, const std::string& outer, const std::string& inner) {
  if (base.find("IgnoreCase") != std::string_view::npos) {
    return EqualsIgnoreCase(outer, inner);
  }
  if (Like(base)) {
    return catalog::GlobContains(outer, inner);
  }
  return outer == inner;
}

// Every value of `inner` is within some value of `outer`.
bool ValuesWithin(std::string_view base, const ConditionTest& outer, const ConditionTest& inner) {
  return std::all_of(inner.values.begin(), inner.values.end(), [&](const Located& v) {
    return std::any_of(outer.values.begin(), outer.values.end(),
                       [&](const Located& o) { return ValueWithin(base, o.text, v.text); });
  });
}

// True when test `strong` admits no request that test `weak` rejects.
bool TestImplies(const ConditionTest& strong, const ConditionTest& weak) {
  if (!EqualsIgnoreCase(strong.key.text, weak.key.text) ||
      !EqualsIgnoreCase(strong.base_operator, weak.base_operator) ||
      strong.qualifier != weak.qualifier || (strong.if_exists && !weak.if_exists)) {
    return false;
  }
  const std::string& base = strong.base_operator;
  if (Negated(base)) {
    return ValuesWithin(base, strong, weak);  // strong excludes at least what weak excludes
  }
  if (base == "Bool" || base == "Null") {
    return ValuesWithin(base, weak, strong) && ValuesWithin(base, strong, weak);
  }
  return ValuesWithin(base, weak, strong);  // strong admits a subset of weak's values
}

// The characters of `glob` before its first wildcard.
std::string_view LiteralPrefix(std::string_view glob) {
  return glob.substr(0, catalog::FindWildcard(glob));
}

// The statement's effect, actions and conditions: what all its cells share.
Cell StatementCell(const SourceFile& file, const Policy& policy, const Statement& st,
                   catalog::ActionMatcher& matcher) {
  Cell base;
  base.file = &file;
  base.policy = &policy;
  base.statement = &st;
  base.allow = st.Allows();
  base.actions = catalog::ActionSet(matcher.catalog().action_count());
  for (const Located& a : st.actions) {
    matcher.Expand(a.text).AddTo(base.actions);
  }
  if (st.not_action) {
    base.actions = base.actions.Complement();
  }
  for (const ConditionTest& t : st.conditions) {
    base.conditions.push_back(&t);
  }
  return base;
}

std::vector<ResourceScope> ResourcesOf(const Policy& policy, const Statement& st) {
  std::vector<ResourceScope> resources;
  if (st.not_resource) {
    ResourceScope r;
    r.negated = true;
    for (const Located& v : st.resources) {
      r.globs.push_back(catalog::ResourceGlob(v.text, policy.ExpandsVariables()));
    }
    r.at = st.resources.empty() ? nullptr : &st.resources.front();
    resources.push_back(std::move(r));
  } else if (!st.has_resource) {
    resources.push_back({false, {"*"}, nullptr});  // resource and trust policies may omit it
  } else {
    for (const Located& v : st.resources) {
      resources.push_back({false, {catalog::ResourceGlob(v.text, policy.ExpandsVariables())}, &v});
    }
  }
  return resources;
}

std::vector<PrincipalScope> PrincipalsOf(const Statement& st) {
  std::vector<PrincipalScope> principals;
  if (st.not_principal) {
    // Everyone except a list: as wide as anyone for what it newly admits.
    principals.push_back(
        PrincipalScope{true, std::string("AWS"), std::string("*"),
                       st.principals.empty() ? nullptr : &st.principals.front().value});
  } else if (st.has_principal) {
    for (const PrincipalEntry& e : st.principals) {
      principals.push_back(MakePrincipal(e));
    }
  } else {
    principals.emplace_back();
  }
  return principals;
}

}  // namespace

std::string ResourceScope::Display() const {
  if (!negated) {
    return globs.empty() ? "*" : globs.front();
  }
  return Concat({"every resource except ", Join(globs, ", ")});
}

std::string PrincipalScope::Display() const {
  if (!present) {
    return {};
  }
  std::string out = type;
  out += ' ';
  out += value;
  return out;
}

std::vector<Cell> MakeCells(const SourceFile& file, const Policy& policy,
                            catalog::ActionMatcher& matcher) {
  std::vector<Cell> cells;
  for (const Statement& st : policy.statements) {
    if (!st.effect) {
      continue;
    }
    const Cell base = StatementCell(file, policy, st, matcher);
    const std::vector<PrincipalScope> principals = PrincipalsOf(st);
    for (ResourceScope& r : ResourcesOf(policy, st)) {
      for (const PrincipalScope& p : principals) {
        Cell cell = base;
        cell.resource = r;
        cell.principal = p;
        cells.push_back(std::move(cell));
      }
    }
  }
  return cells;
}

bool ResourceContains(const ResourceScope& outer, const ResourceScope& inner) {
  if (!outer.negated) {
    const std::string& o = outer.globs.front();
    if (o == "*") {
      return true;
    }
    // Every string `o` matches starts with its literal prefix; so must every one of inner's
    // (a cheap test that settles most pairs of a large policy).
    return !inner.negated && LiteralPrefix(inner.globs.front()).starts_with(LiteralPrefix(o)) &&
           catalog::ArnGlobContains(o, inner.globs.front());
  }
  if (!inner.negated) {  // inner must avoid every exclusion of outer
    return std::none_of(outer.globs.begin(), outer.globs.end(), [&](const std::string& e) {
      return catalog::ArnGlobsIntersect(e, inner.globs.front());
    });
  }
  // Every exclusion of outer is excluded by inner too.
  return std::all_of(outer.globs.begin(), outer.globs.end(), [&](const std::string& e) {
    return std::any_of(inner.globs.begin(), inner.globs.end(),
                       [&](const std::string& f) { return catalog::ArnGlobContains(f, e); });
  });
}

bool ResourcesIntersect(const ResourceScope& a, const ResourceScope& b) {
  if (a.negated && b.negated) {
    return true;
  }
  if (a.negated || b.negated) {  // unless an exclusion holds the other's every resource
    const ResourceScope& excluding = a.negated ? a : b;
    const std::string& glob = (a.negated ? b : a).globs.front();
    return std::none_of(excluding.globs.begin(), excluding.globs.end(),
                        [&](const std::string& e) { return catalog::ArnGlobContains(e, glob); });
  }
  return catalog::ArnGlobsIntersect(a.globs.front(), b.globs.front());
}

bool PrincipalContains(const PrincipalScope& outer, const PrincipalScope& inner) {
  if (outer.present != inner.present) {
    return false;
  }
  if (!outer.present || outer.Everyone()) {
    return true;
  }
  if (outer.type != inner.type) {
    return false;
  }
  if (outer.value == inner.value) {
    return true;
  }
  // An account root delegates to the account: its roles and users are already trusted.
  const std::string_view root = RootAccountPrefix(outer.value);
  if (!root.empty() && inner.value.starts_with(root)) {
    return true;
  }
  return catalog::GlobContains(outer.value, inner.value);
}

bool PrincipalsIntersect(const PrincipalScope& a, const PrincipalScope& b) {
  if (a.present != b.present) {
    return false;
  }
  if (!a.present || a.Everyone() || b.Everyone()) {
    return true;
  }
  return PrincipalContains(a, b) || PrincipalContains(b, a) ||
         (a.type == b.type && catalog::GlobsIntersect(a.value, b.value));
}

const ConditionTest* FirstUnimplied(const std::vector<const ConditionTest*>& strong,
                                    const std::vector<const ConditionTest*>& weak) {
  for (const ConditionTest* w : weak) {
    const bool implied = std::any_of(strong.begin(), strong.end(),
                                     [&](const ConditionTest* s) { return TestImplies(*s, *w); });
    if (!implied) {
      return w;
    }
  }
  return nullptr;
}

bool ConditionsImply(const std::vector<const ConditionTest*>& strong,
                     const std::vector<const ConditionTest*>& weak) {
  return FirstUnimplied(strong, weak) == nullptr;
}

}  // namespace iamlint::diff

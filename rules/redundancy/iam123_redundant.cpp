// Entries and statements that repeat what another entry or statement already says.

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/analyze/arn_formats.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"REDUNDANT_ACTION", "REDUNDANT_RESOURCE", "REDUNDANT_STATEMENT"});

constexpr RuleInfo kInfo{.id = "IAM123",
                         .name = "redundant",
                         .category = Category::kRedundancy,
                         .severity = Severity::kLow,
                         .summary =
                             "An action, resource or statement is already covered by "
                             "another one.",
                         .doc = R"md(
## What it flags
- An `Action` or `NotAction` entry that another entry of the same list already covers:
  `s3:GetObject` next to `s3:Get*`, or the same action twice.
- A `Resource` or `NotResource` ARN that another pattern of the same list already covers:
  `arn:aws:s3:::reports/2024/*` next to `arn:aws:s3:::reports/*` (ARN wildcards are compared
  field by field, as IAM matches them).
- A statement whose actions and resources are contained in another statement with the same
  effect, principal and conditions.

## Why it matters
Redundant entries make a policy longer (policies have size quotas) and harder to review: a
reader who narrows the covering entry may not notice the redundant one was never doing
anything, or may believe a narrow entry limits access when a broader one grants it anyway.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"],
                "Resource": "arn:aws:s3:::reports/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:Get*",
                "Resource": "arn:aws:s3:::reports/*"}]}
```

## Exceptions and limits
Containment is decided on the text of the patterns (a wildcard action covers a named one when
it matches its name), so two wildcard patterns that happen to match the same catalog actions
are not reported. A pattern with a policy variable or a value known only after apply never
covers another. Statements are compared only when their conditions are written identically
(in any order) and their Action/Resource kinds agree; NotAction and NotResource lists must be
identical.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// True when action pattern `outer` matches everything `inner` does (case-insensitive).
bool ActionCovers(std::string_view outer, std::string_view inner) {
  // Cheap first: the texts before the first wildcard must agree (most pairs differ there).
  const size_t outer_literal = std::min(catalog::FindWildcard(outer), outer.size());
  const size_t inner_literal = std::min(catalog::FindWildcard(inner), inner.size());
  const size_t n = std::min(outer_literal, inner_literal);
  if (!EqualsIgnoreCase(outer.substr(0, n), inner.substr(0, n))) {
    return false;
  }
  if (inner_literal == inner.size()) {
    return catalog::GlobMatch(outer, inner, true);
  }
  return outer_literal < outer.size() && catalog::GlobContains(ToLower(outer), ToLower(inner));
}

// Calls `report(i, j)` for each entry i of `values` covered by another entry j (`covers(j, i)`): an
// equal entry earlier in the list (equal after `normalize`), or a broader pattern anywhere. Only
// patterns of the same service field (or a wildcard one) are candidates, so a long list of
// named actions stays near-linear.
// Hashes and compares texts, ignoring ASCII case when `fold` (action names): maps keyed by
// views into the policy, so finding duplicates allocates no strings.
struct TextKey {
  bool fold = false;
  size_t operator()(std::string_view text) const {
    size_t hash = 14695981039346656037ULL;  // FNV-1a
    for (const char c : text) {
      const char k = fold && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      hash = (hash ^ static_cast<unsigned char>(k)) * 1099511628211ULL;
    }
    return hash;
  }
  bool operator()(std::string_view a, std::string_view b) const {
    return fold ? EqualsIgnoreCase(a, b) : a == b;
  }
};
template <typename T>
using TextMap = std::unordered_map<std::string_view, T, TextKey, TextKey>;

template <typename Covers, typename GroupOf>
void FindRedundant(const std::vector<Located>& values, bool fold, Covers covers, GroupOf group_of,
                   const std::function<void(size_t, size_t)>& report) {
  if (values.size() < 2) {
    return;  // the common case, and nothing to compare
  }
  const TextKey key{fold};
  TextMap<std::vector<size_t>> patterns(values.size(), key, key);  // by service field
  std::vector<size_t> wide;  // patterns whose service field is a wildcard: candidates for all
  std::vector<std::string_view> groups(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    groups[i] = group_of(values[i].text);
    if (groups[i].empty() || catalog::HasWildcard(groups[i])) {
      wide.push_back(i);
    } else if (catalog::HasWildcard(values[i].text)) {
      patterns[groups[i]].push_back(i);
    }
  }
  TextMap<size_t> first(values.size(), key, key);  // text -> first index
  for (size_t i = 0; i < values.size(); ++i) {
    const auto [seen, inserted] = first.emplace(values[i].text, i);
    if (!inserted) {
      report(i, seen->second);
      continue;
    }
    auto try_list = [&](const std::vector<size_t>& candidates) {
      // Two patterns that cover each other are equivalent: only the later one is redundant.
      const auto cover = std::find_if(candidates.begin(), candidates.end(), [&](size_t j) {
        return j != i && !key(values[i].text, values[j].text) && covers(j, i) &&
               !(j > i && covers(i, j));
      });
      if (cover == candidates.end()) {
        return false;
      }
      report(i, *cover);
      return true;
    };
    const auto group = patterns.find(groups[i]);
    if (group == patterns.end() || !try_list(group->second)) {
      try_list(wide);
    }
  }
}

void ReportEntry(const Statement& st, const Located& redundant, const Located& cover,
                 std::string_view code, std::string_view element, Reporter& out) {
  const bool same = EqualsIgnoreCase(redundant.text, cover.text);
  Finding& f = out.Report(
      kInfo, code, kInfo.severity, redundant.range,
      "'" + redundant.text + "' " +
          (same ? "is listed twice in " : "is already covered by '" + cover.text + "' in ") +
          "the " + std::string(element) + " of statement " + st.Label(),
      "remove '" + redundant.text + "'");
  f.statement = st.Label();
  f.related.push_back({cover.range, same ? "listed here first" : "covered by this entry"});
}

// Position of the first `*`, `?` or `$` (a variable may stand for anything), or npos.
size_t FindWildcardOrVariable(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*' || text[i] == '?' || text[i] == '$') {
      return i;
    }
  }
  return std::string_view::npos;
}

// The literal text of a pattern field before its first wildcard (or variable: `${` may stand
// for anything) and after its last.
std::pair<std::string_view, std::string_view> LiteralEnds(std::string_view field) {
  const size_t first = std::min(FindWildcardOrVariable(field), field.size());
  if (first == field.size()) {
    return {field, field};
  }
  const size_t last = field.find_last_of("*?}");
  return {field.substr(0, first), field.substr(last + 1)};
}

// What the containment test needs of one Resource entry, worked out once per entry: a long
// list is compared pairwise, and most pairs are told apart by these literal ends alone.
struct ResourceShape {
  std::string_view text;
  bool usable = false;        // may cover others: no variable, nothing unknown
  bool unknown = false;       // holds a value known only after apply
  size_t literal_prefix = 0;  // text before the first wildcard or variable
  bool arn = false;           // has the six ARN fields
  std::array<std::pair<std::string_view, std::string_view>, 6> ends;  // per field
  std::array<bool, 6> literal{};                                      // per field
};

ResourceShape ShapeOf(std::string_view text) {
  ResourceShape shape;
  shape.text = text;
  shape.unknown = HasUnknown(text);
  shape.usable = !shape.unknown && text.find("${") == std::string_view::npos;
  shape.literal_prefix = std::min(FindWildcardOrVariable(text), text.size());
  std::array<std::string_view, 6> fields;
  shape.arn = SplitArnFields(text, fields);
  for (size_t k = 0; shape.arn && k < fields.size(); ++k) {
    shape.ends[k] = LiteralEnds(fields[k]);
    shape.literal[k] = shape.ends[k].first.size() == fields[k].size();
  }
  return shape;
}

// A quick necessary condition for `outer` to contain `inner`: the literal prefix, and field by
// field the literal ends, must agree.
bool ShapesMayNest(const ResourceShape& outer, const ResourceShape& inner) {
  const size_t n = std::min(outer.literal_prefix, inner.literal_prefix);
  if (outer.text.substr(0, n) != inner.text.substr(0, n)) {
    return false;
  }
  if (!outer.arn || !inner.arn) {
    return true;  // not both ARNs: the full test decides
  }
  for (size_t k = 0; k < outer.ends.size(); ++k) {
    const auto [outer_head, outer_tail] = outer.ends[k];
    const auto [inner_head, inner_tail] = inner.ends[k];
    if (outer.literal[k] && inner.literal[k]) {
      if (outer_head != inner_head) {
        return false;
      }
      continue;
    }
    const size_t head = std::min(outer_head.size(), inner_head.size());
    const size_t tail = std::min(outer_tail.size(), inner_tail.size());
    if (outer_head.substr(0, head) != inner_head.substr(0, head) ||
        outer_tail.substr(outer_tail.size() - tail) !=
            inner_tail.substr(inner_tail.size() - tail)) {
      return false;
    }
  }
  return true;
}

// True when resource pattern `outer` matches every resource `inner` does. A pattern with a
// policy variable covers nothing (what it matches depends on the request), but can be covered.
bool ResourceCovers(const ResourceShape& outer, const ResourceShape& inner, bool variables) {
  if (outer.text == inner.text) {
    return true;
  }
  if (!outer.usable || inner.unknown) {
    return false;
  }
  if (outer.text == "*") {
    return true;
  }
  if (!ShapesMayNest(outer, inner)) {
    return false;
  }
  return catalog::ArnGlobContains(outer.text, catalog::ResourceGlob(inner.text, variables));
}

std::vector<ResourceShape> ShapesOf(const std::vector<Located>& values) {
  std::vector<ResourceShape> shapes;
  shapes.reserve(values.size());
  for (const Located& v : values) {
    shapes.push_back(ShapeOf(v.text));
  }
  return shapes;
}

// The service field of an ARN pattern, "" when there is none.
std::string_view ArnServiceField(std::string_view arn) {
  std::array<std::string_view, 6> fields;
  return SplitArnFields(arn, fields) ? fields[2] : std::string_view();
}

// The part of an action pattern before the colon, as written ("" for "*").
std::string_view ServiceField(std::string_view action) {
  const size_t colon = action.find(':');
  return colon == std::string_view::npos ? std::string_view() : action.substr(0, colon);
}

void CheckLists(const PolicyContext& context, const Statement& st, Reporter& out) {
  const std::string action_element = st.not_action ? "NotAction" : "Action";
  FindRedundant(
      st.actions, true,
      [&](size_t outer, size_t inner) {
        return ActionCovers(st.actions[outer].text, st.actions[inner].text);
      },
      ServiceField,
      [&](size_t i, size_t j) {
        ReportEntry(st, st.actions[i], st.actions[j], "REDUNDANT_ACTION", action_element, out);
      });
  const bool variables = context.policy.ExpandsVariables();
  const std::string resource_element = st.not_resource ? "NotResource" : "Resource";
  const std::vector<ResourceShape> shapes = ShapesOf(st.resources);
  FindRedundant(
      st.resources, false,
      [&](size_t outer, size_t inner) {
        return ResourceCovers(shapes[outer], shapes[inner], variables);
      },
      ArnServiceField,
      [&](size_t i, size_t j) {
        ReportEntry(st, st.resources[i], st.resources[j], "REDUNDANT_RESOURCE", resource_element,
                    out);
      });
}

// What two statements must share to be compared: effect, element kinds, principals and
// conditions, written canonically.
std::string Signature(const Statement& st) {
  std::string sig = st.Allows() ? "A" : "D";
  sig += st.not_action ? "n" : "a";
  sig += !st.has_resource ? "-" : st.not_resource ? "n" : "r";
  sig += !st.has_principal ? "-" : st.not_principal ? "n" : "p";
  if (st.principals.empty() && st.conditions.empty()) {
    return sig;  // most statements
  }
  std::vector<std::string> parts;
  for (const PrincipalEntry& p : st.principals) {
    parts.push_back(p.type + '\x1f' + p.value.text);
  }
  std::sort(parts.begin(), parts.end());
  for (const std::string& p : parts) {
    sig += '\x1e' + p;
  }
  sig += '\x1d';
  parts.clear();
  for (const ConditionTest& c : st.conditions) {
    std::vector<std::string> values;
    for (const Located& v : c.values) {
      values.push_back(v.text);
    }
    std::sort(values.begin(), values.end());
    parts.push_back(c.operator_name.text + '\x1f' + ToLower(c.key.text) + '\x1f' +
                    Join(values, "\x1f"));
  }
  std::sort(parts.begin(), parts.end());
  for (const std::string& p : parts) {
    sig += '\x1e' + p;
  }
  return sig;
}

// A statement's Action or Resource list for containment tests: literal entries in a hash set
// (actions lower-cased), the indices of patterns with a wildcard or variable apart, so testing a
// list against another costs about one lookup per entry.
struct EntrySet {
  std::unordered_set<std::string_view, TextKey, TextKey> literals;
  std::vector<size_t> patterns;
};

EntrySet MakeEntrySet(const std::vector<Located>& values, bool actions) {
  const TextKey key{actions};
  EntrySet set{std::unordered_set<std::string_view, TextKey, TextKey>(values.size(), key, key), {}};
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& text = values[i].text;
    if (catalog::HasWildcard(text) || (!actions && text.find("${") != std::string::npos)) {
      set.patterns.push_back(i);
    } else {
      set.literals.insert(text);
    }
  }
  return set;
}

// True when every entry `inner` of `count` is covered by an entry of `outer`: a literal equal
// to `text(inner)` (ignoring case for actions) or a pattern p with `covers(p, inner)`.
template <typename Text, typename Covers>
bool ListContained(const EntrySet& outer, size_t count, Text text, Covers covers) {
  for (size_t i = 0; i < count; ++i) {
    if (outer.literals.contains(text(i))) {
      continue;
    }
    if (std::none_of(outer.patterns.begin(), outer.patterns.end(),
                     [&](size_t p) { return covers(p, i); })) {
      return false;
    }
  }
  return true;
}

// True when the two lists hold the same entries, in any order.
bool SameEntries(const std::vector<Located>& a, const std::vector<Located>& b) {
  std::vector<std::string_view> x;
  std::vector<std::string_view> y;
  x.reserve(a.size());
  y.reserve(b.size());
  for (const Located& v : a) {
    x.push_back(v.text);
  }
  for (const Located& v : b) {
    y.push_back(v.text);
  }
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  x.erase(std::unique(x.begin(), x.end()), x.end());
  y.erase(std::unique(y.begin(), y.end()), y.end());
  return x == y;
}

// A statement prepared for comparison.
struct Prepared {
  const Statement* st = nullptr;
  EntrySet actions;
  EntrySet resources;
  std::vector<ResourceShape> shapes;  // of st->resources
};

// The service prefixes of a statement's actions, sorted and lower case; "*" when one entry's
// prefix has a wildcard (it may cover any service). A statement can only cover another whose
// services it has: most pairs are told apart by this alone, before any set is built.
std::vector<std::string> ServicesOf(const Statement& st) {
  std::vector<std::string> services;
  for (const Located& a : st.actions) {
    const std::string_view field = ServiceField(a.text);
    services.push_back(field.empty() || catalog::HasWildcard(field) ? std::string(1, '*')
                                                                    : ToLower(field));
  }
  std::sort(services.begin(), services.end());
  services.erase(std::unique(services.begin(), services.end()), services.end());
  return services;
}

bool ServicesMayCover(const std::vector<std::string>& outer,
                      const std::vector<std::string>& inner) {
  return std::binary_search(outer.begin(), outer.end(), "*") ||
         std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

// True when `outer` grants (or denies) everything `inner` does.
bool StatementCovers(const Prepared& outer, const Prepared& inner, bool variables) {
  const Statement& o = *outer.st;
  const Statement& i = *inner.st;
  const bool actions = i.not_action
                           ? SameEntries(o.actions, i.actions)
                           : ListContained(
                                 outer.actions, i.actions.size(),
                                 [&](size_t k) -> const std::string& { return i.actions[k].text; },
                                 [&](size_t p, size_t k) {
                                   return ActionCovers(o.actions[p].text, i.actions[k].text);
                                 });
  if (!actions) {
    return false;
  }
  if (i.not_resource) {
    return SameEntries(o.resources, i.resources);
  }
  return ListContained(
      outer.resources, i.resources.size(),
      [&](size_t k) -> const std::string& { return i.resources[k].text; },
      [&](size_t p, size_t k) {
        return ResourceCovers(outer.shapes[p], inner.shapes[k], variables);
      });
}

bool Comparable(const Statement& st) {
  if (!st.effect || st.actions.empty() || (st.has_resource && st.resources.empty())) {
    return false;
  }
  return std::none_of(st.actions.begin(), st.actions.end(),
                      [](const Located& a) { return HasUnknown(a.text); });
}

void CheckStatements(const PolicyContext& context, Reporter& out) {
  constexpr size_t kMaxGroup = 200;  // statements sharing a signature compared pairwise
  const std::vector<Statement>& statements = context.policy.statements;
  std::unordered_map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (Comparable(statements[i])) {
      groups[Signature(statements[i])].push_back(i);
    }
  }
  const bool variables = context.policy.ExpandsVariables();
  std::vector<const Statement*> covered_by(statements.size(), nullptr);
  std::vector<Prepared> prepared(statements.size());
  for (const auto& [signature, members] : groups) {
    if (members.size() < 2 || members.size() > kMaxGroup) {
      continue;
    }
    std::vector<std::vector<std::string>> services(statements.size());
    for (const size_t i : members) {
      services[i] = ServicesOf(statements[i]);
    }
    // Built on first use: most statements are never a candidate.
    auto prepare = [&](size_t i) -> const Prepared& {
      if (prepared[i].st == nullptr) {
        prepared[i] = {&statements[i], MakeEntrySet(statements[i].actions, true),
                       MakeEntrySet(statements[i].resources, false),
                       ShapesOf(statements[i].resources)};
      }
      return prepared[i];
    };
    auto covers = [&](size_t outer, size_t inner) {
      return (statements[inner].not_action || ServicesMayCover(services[outer], services[inner])) &&
             StatementCovers(prepare(outer), prepare(inner), variables);
    };
    for (const size_t i : members) {
      for (const size_t j : members) {
        if (i == j || covered_by[j] != nullptr || !covers(j, i)) {
          continue;
        }
        // Equal statements: the later one is redundant.
        if (j > i && covers(i, j)) {
          continue;
        }
        covered_by[i] = &statements[j];
        break;
      }
    }
  }
  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement* cover = covered_by[i];
    if (cover == nullptr) {
      continue;
    }
    const Statement& st = statements[i];
    const ByteRange range = st.sid ? st.sid->range : ByteRange{st.range.begin, st.range.begin + 1};
    Finding& f = out.Report(kInfo, "REDUNDANT_STATEMENT", kInfo.severity, range,
                            "statement " + st.Label() + " " + (st.Denies() ? "denies" : "grants") +
                                " nothing that statement " + cover->Label() +
                                " does not already, with the same principal and conditions",
                            "remove statement " + st.Label() + ", or merge the two");
    f.statement = st.Label();
    f.related.push_back(
        {cover->sid ? cover->sid->range : ByteRange{cover->range.begin, cover->range.begin + 1},
         "statement " + cover->Label() + " covers it"});
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    CheckLists(context, st, out);
  }
  CheckStatements(context, out);
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM123, iamlint::rules::kInfo, iamlint::rules::Check);

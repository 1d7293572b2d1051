#pragma once
// IAM wildcard matching. Action patterns ("s3:Get*", "iam:*Policy*", "ec2:Describe?pc*") are
// case-insensitive; resource ARN patterns are case-sensitive and treat policy variables as
// unknown segments. Both compile to RE2 once and are cached.

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/catalog/action_set.h"
#include "analyzer/catalog/catalog.h"

namespace re2 {
class RE2;
}

namespace iamlint::catalog {

/// What an action pattern is, besides the actions it matches.
enum class PatternStatus {
  kOk,              // matches at least one catalog action
  kMalformed,       // not "service:action" (and not "*")
  kUnknownService,  // a literal service prefix the catalog does not know
  kNoMatch,         // known service, but no action matches
};

/// Result of expanding one action pattern against the catalog.
/// A pattern naming exactly one action carries just its id (most entries of real policies do);
/// others carry a bitset over the catalog.
struct ActionExpansion {
  ActionSet actions;  // empty when `single` is set
  PatternStatus status = PatternStatus::kOk;
  bool has_wildcard = false;
  std::optional<ActionId> single;  // set when the pattern names exactly one action

  /// Adds the actions to `set`: one bit for a single action, a word-wise union otherwise.
  void AddTo(ActionSet& set) const {
    if (single) {
      set.Add(*single);
    } else if (!actions.Empty()) {
      set |= actions;
    }
  }
  /// True when action `id` is granted.
  bool Contains(ActionId id) const { return single ? *single == id : actions.Contains(id); }
  /// Number of actions granted.
  size_t Count() const { return single ? 1 : actions.Count(); }
  /// The actions as a set over a catalog of `universe` actions.
  ActionSet ToSet(size_t universe) const {
    ActionSet set(universe);
    AddTo(set);
    return set;
  }
};

/// True when `text` contains a `*` or `?`.
bool HasWildcard(std::string_view text);
/// The six fields of an ARN (or ARN glob): the last keeps its colons; false with fewer.
bool SplitArn(std::string_view arn, std::array<std::string_view, 6>& fields);
/// Position of the first `*` or `?` in `text` at or after `from`, or npos. A plain loop:
/// `find_first_of` calls memchr once per character, which showed in profiles.
inline size_t FindWildcard(std::string_view text, size_t from = 0) {
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == '*' || text[i] == '?') {
      return i;
    }
  }
  return std::string_view::npos;
}

/// Reference glob matcher (`*` any run, `?` one character), used by tests to check the engine.
bool GlobMatch(std::string_view pattern, std::string_view text, bool ignore_case);

/// True when some string matches both globs (`*` any run, `?` one character; case-sensitive).
bool GlobsIntersect(std::string_view a, std::string_view b);

/// True when every string `inner` matches is matched by `outer` (case-sensitive). Sound but not
/// complete: a wildcard of `inner` must be covered by one of `outer`, so a false answer may
/// still be a containment in rare cases ("a*" vs "a*" + "*"), never the other way round.
bool GlobContains(std::string_view outer, std::string_view inner);

/// GlobsIntersect for ARN globs, field by field: a wildcard stays within its field
/// (partition, service, region, account), as IAM matches ARNs; the resource field may hold
/// colons. Globs with fewer than six fields are compared as plain strings.
bool ArnGlobsIntersect(std::string_view a, std::string_view b);

/// GlobContains for ARN globs, field by field (see ArnGlobsIntersect).
bool ArnGlobContains(std::string_view outer, std::string_view inner);

/// A resource pattern as a plain glob: policy variables (`${aws:username}`) become `*` when
/// `expand_variables` (they stand for some value), and `${*}` `${?}` `${$}` their literal
/// characters.
std::string ResourceGlob(std::string_view pattern, bool expand_variables);

/// An ARN format of the catalog ("arn:${Partition}:s3:::${BucketName}/${ObjectName}") as a
/// glob: every `${...}` placeholder becomes `*`.
std::string ArnFormatGlob(std::string_view format);

/// Converts an IAM glob to an anchored RE2 pattern. Policy variables `${...}` become a
/// sequence no real value contains, so an unresolved variable never matches by accident;
/// `${*}`, `${?}` and `${$}` are the literal characters.
std::string GlobToRegex(std::string_view glob, bool expand_variables);

/// Expands action patterns against a catalog, caching each distinct pattern.
class ActionMatcher {
 public:
  /// Uses `catalog`, which must outlive the matcher.
  explicit ActionMatcher(const Catalog& catalog);
  ~ActionMatcher();
  ActionMatcher(const ActionMatcher&) = delete;
  ActionMatcher& operator=(const ActionMatcher&) = delete;
  ActionMatcher(ActionMatcher&&) = delete;
  ActionMatcher& operator=(ActionMatcher&&) = delete;

  /// The actions `pattern` grants (e.g. "*", "s3:*", "S3:get*"). The reference stays valid
  /// for the matcher's lifetime.
  const ActionExpansion& Expand(std::string_view pattern);

  /// The catalog this matcher uses.
  const Catalog& catalog() const { return catalog_; }

 private:
  ActionExpansion Compute(const std::string& lower_pattern) const;
  const ActionExpansion* FindExact(std::string_view pattern);
  void MatchInService(ServiceId service, std::string_view name_pattern, ActionExpansion& out) const;

  // Hashes std::string and std::string_view alike, so a lookup by view allocates nothing.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const Catalog& catalog_;
  std::unordered_map<std::string, ActionExpansion> cache_;  // by lower-case pattern
  // By the pattern as written, the common case: no lower-casing on a hit.
  std::unordered_map<std::string, const ActionExpansion*, TextHash, std::equal_to<>> by_text_;
  // One small expansion per exact action named, by action id, made on first use.
  std::vector<std::unique_ptr<ActionExpansion>> exact_;
};

/// A resource ARN pattern from a Resource/NotResource element, matched case-sensitively.
class ResourcePattern {
 public:
  /// Compiles `pattern`; `expand_variables` is false under Version 2008-10-17, where
  /// `${...}` is literal text.
  ResourcePattern(std::string_view pattern, bool expand_variables);
  ~ResourcePattern();
  ResourcePattern(ResourcePattern&& other) noexcept;
  ResourcePattern& operator=(ResourcePattern&& other) noexcept;
  ResourcePattern(const ResourcePattern&) = delete;
  ResourcePattern& operator=(const ResourcePattern&) = delete;

  /// True when the concrete ARN `arn` is matched.
  bool Matches(std::string_view arn) const;
  /// True when the pattern is "*", which matches every resource.
  bool MatchesEverything() const { return everything_; }

 private:
  bool everything_ = false;
  std::unique_ptr<re2::RE2> regex_;
};

}  // namespace iamlint::catalog

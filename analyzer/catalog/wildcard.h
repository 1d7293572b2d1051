#pragma once
// IAM wildcard matching. Action patterns ("s3:Get*", "iam:*Policy*", "ec2:Describe?pc*") are
// case-insensitive; resource ARN patterns are case-sensitive and treat policy variables as
// unknown segments. Both compile to RE2 once and are cached.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

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
struct ActionExpansion {
  ActionSet actions;
  PatternStatus status = PatternStatus::kOk;
  bool has_wildcard = false;
};

/// True when `text` contains a `*` or `?`.
bool HasWildcard(std::string_view text);

/// Reference glob matcher (`*` any run, `?` one character), used by tests to check the engine.
bool GlobMatch(std::string_view pattern, std::string_view text, bool ignore_case);

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

  /// The actions `pattern` grants (e.g. "*", "s3:*", "S3:get*"). The reference stays valid
  /// for the matcher's lifetime.
  const ActionExpansion& Expand(std::string_view pattern);

  /// The catalog this matcher uses.
  const Catalog& catalog() const { return catalog_; }

 private:
  ActionExpansion Compute(const std::string& lower_pattern) const;
  void MatchInService(ServiceId service, std::string_view name_pattern, ActionExpansion& out) const;

  const Catalog& catalog_;
  std::unordered_map<std::string, ActionExpansion> cache_;
};

/// A resource ARN pattern from a Resource/NotResource element, matched case-sensitively.
class ResourcePattern {
 public:
  /// Compiles `pattern`; `expand_variables` is false under Version 2008-10-17, where
  /// `${...}` is literal text.
  ResourcePattern(std::string_view pattern, bool expand_variables);
  ~ResourcePattern();
  ResourcePattern(ResourcePattern&&) noexcept;
  ResourcePattern& operator=(ResourcePattern&&) noexcept;
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

#pragma once
// Path globs of the configuration file (include, exclude, per-path overrides), matched against
// paths relative to the directory the patterns are relative to. `*` and `?` stay within one path
// segment, `**` spans any number of segments, `[a-z]` and `[!a-z]` are character classes, `\`
// escapes. A pattern without a slash matches a file or directory name at any depth; a pattern
// with one (or starting with `/`) is anchored; a trailing `/` matches directories only.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint::config {

/// One parsed path pattern.
class Glob {
 public:
  /// Parses `pattern`; nullopt and `error` set when it is malformed.
  static std::optional<Glob> Parse(std::string_view pattern, std::string* error);

  /// True when the relative '/'-separated `path` itself matches (`is_dir`: it is a directory).
  [[nodiscard]] bool Matches(std::string_view path, bool is_dir) const;
  /// The same for a path already split into its segments.
  [[nodiscard]] bool Matches(std::span<const std::string_view> segments, bool is_dir) const;
  /// The pattern as written.
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> segments_;  // "**" is a segment of its own
  bool dir_only_ = false;
};

/// True when one of `globs` matches `path` or one of the directories it is in (`path` is
/// relative and '/'-separated; `is_dir`: the path itself is a directory).
bool MatchesPathOrParent(const std::vector<Glob>& globs, std::string_view path, bool is_dir);

/// True when the name `name` matches the single-segment pattern `pattern` (`*`, `?`, classes,
/// escapes; no `/`).
bool MatchSegment(std::string_view pattern, std::string_view name);

}  // namespace iamlint::config

#include "analyzer/config/glob.h"

#include <cstddef>
#include <span>

namespace iamlint::config {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) {
      parts.push_back(path.substr(start, end - start));
    }
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return parts;
}

// The end of the character class that opens at `open` ('['), or npos when it is not closed.
size_t ClassEnd(std::string_view pattern, size_t open) {
  size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    ++i;
  }
  if (i < pattern.size() && pattern[i] == ']') {
    ++i;  // a leading ']' is a member
  }
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool ClassMatches(std::string_view body, char c) {
  bool negate = false;
  if (!body.empty() && (body[0] == '!' || body[0] == '^')) {
    negate = true;
    body.remove_prefix(1);
  }
  bool found = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (i + 2 < body.size() && body[i + 1] == '-') {
      found = found || (body[i] <= c && c <= body[i + 2]);
      i += 2;
    } else {
      found = found || body[i] == c;
    }
  }
  return found != negate;
}

// Whether the single-character token at `p` matches `c`; `next` gets the token's end.
bool TokenMatches(std::string_view pattern, size_t p, char c, size_t* next) {
  if (pattern[p] == '?') {
    *next = p + 1;
    return true;
  }
  if (pattern[p] == '[') {
    const size_t end = ClassEnd(pattern, p);
    if (end != std::string_view::npos) {
      *next = end + 1;
      return ClassMatches(pattern.substr(p + 1, end - p - 1), c);
    }
  }
  if (pattern[p] == '\\' && p + 1 < pattern.size()) {
    *next = p + 2;
    return pattern[p + 1] == c;
  }
  *next = p + 1;
  return pattern[p] == c;
}

// Why `segment` is not a valid pattern segment, or empty.
std::string SegmentError(std::string_view segment) {
  if (segment.find("**") != std::string_view::npos && segment != "**") {
    return "'**' must be a whole path segment (like a/**/b)";
  }
  if (segment == "..") {
    return "'..' is not allowed: patterns are relative to the configuration's directory";
  }
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '\\') {
      if (i + 1 == segment.size()) {
        return "a trailing '\\' escapes nothing";
      }
      ++i;
    } else if (segment[i] == '[') {
      const size_t end = ClassEnd(segment, i);
      if (end == std::string_view::npos) {
        return "'[' opens a character class that is not closed";
      }
      i = end;
    }
  }
  return {};
}

// Pattern segments against path segments, `**` matching any number of them (dynamic
// programming: no backtracking blow-up on patterns like **/**/**).
bool MatchSegments(const std::vector<std::string>& pattern,
                   std::span<const std::string_view> path) {
  // reach[j]: the first i pattern segments match the first j path segments.
  std::vector<bool> reach(path.size() + 1, false);
  reach[0] = true;
  for (const std::string& seg : pattern) {
    std::vector<bool> next(path.size() + 1, false);
    for (size_t j = 0; j <= path.size(); ++j) {
      if (seg == "**") {
        next[j] = reach[j] || (j > 0 && next[j - 1]);
      } else {
        next[j] = j > 0 && reach[j - 1] && MatchSegment(seg, path[j - 1]);
      }
    }
    reach = std::move(next);
  }
  return reach[path.size()];
}

}  // namespace

bool MatchSegment(std::string_view pattern, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  size_t star = std::string_view::npos;  // pattern position after the last '*'
  size_t star_n = 0;                     // name position that '*' matched up to
  while (n < name.size()) {
    size_t next = 0;
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_n = n;
    } else if (p < pattern.size() && TokenMatches(pattern, p, name[n], &next)) {
      p = next;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star;  // let the last '*' take one more character
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::optional<Glob> Glob::Parse(std::string_view pattern, std::string* error) {
  Glob glob;
  glob.text_ = std::string(pattern);
  std::string_view body = pattern;
  if (body.starts_with("./")) {
    body.remove_prefix(2);
  }
  const bool anchored =
      body.starts_with('/') || body.substr(0, body.size() - 1).find('/') != std::string_view::npos;
  glob.dir_only_ = body.ends_with('/');
  for (std::string_view segment : SplitPath(body)) {
    if (segment == ".") {
      continue;
    }
    if (std::string why = SegmentError(segment); !why.empty()) {
      *error = std::move(why);
      return std::nullopt;
    }
    glob.segments_.emplace_back(segment);
  }
  if (glob.segments_.empty()) {
    *error = "an empty pattern matches nothing";
    return std::nullopt;
  }
  if (!anchored) {  // a name: at any depth
    glob.segments_.insert(glob.segments_.begin(), "**");
  }
  return glob;
}

bool Glob::Matches(std::string_view path, bool is_dir) const {
  return Matches(SplitPath(path), is_dir);
}

bool Glob::Matches(std::span<const std::string_view> segments, bool is_dir) const {
  if (dir_only_ && !is_dir) {
    return false;
  }
  return MatchSegments(segments_, segments);
}

bool MatchesPathOrParent(const std::vector<Glob>& globs, std::string_view path, bool is_dir) {
  const std::vector<std::string_view> parts = SplitPath(path);
  for (const Glob& glob : globs) {
    for (size_t n = 1; n <= parts.size(); ++n) {  // each directory the path is in, then itself
      if (glob.Matches(std::span(parts).first(n), n < parts.size() || is_dir)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace iamlint::config

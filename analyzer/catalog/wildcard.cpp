#include "analyzer/catalog/wildcard.h"

#include <algorithm>
#include <array>

#include <re2/re2.h>

#include "analyzer/core/strings.h"

namespace iamlint::catalog {
namespace {

RE2::Options MatcherOptions(bool case_sensitive) {
  RE2::Options options;
  options.set_log_errors(false);  // a library must not print
  options.set_case_sensitive(case_sensitive);
  options.set_dot_nl(true);
  options.set_max_mem(1 << 20);
  return options;
}

// Literal text before the first wildcard: matching names are a contiguous run of a sorted list.
std::string_view LiteralPrefix(std::string_view pattern) {
  const size_t wildcard = FindWildcard(pattern);
  return pattern.substr(0, wildcard);
}

}  // namespace

bool HasWildcard(std::string_view text) {
  return FindWildcard(text) != std::string_view::npos;
}

bool GlobMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  // Iterative matcher with single backtrack point: linear in practice, no recursion.
  auto same = [&](char a, char b) {
    return ignore_case ? EqualsIgnoreCase(std::string_view{&a, 1}, std::string_view{&b, 1})
                       : a == b;
  };
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::string GlobToRegex(std::string_view glob, bool expand_variables) {
  std::string out;
  out.reserve(glob.size() * 2);
  for (size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (expand_variables && c == '$' && i + 1 < glob.size() && glob[i + 1] == '{') {
      const size_t close = glob.find('}', i + 2);
      if (close != std::string_view::npos) {
        const std::string_view inner = glob.substr(i + 2, close - i - 2);
        if (inner == "*" || inner == "?" || inner == "$") {
          out += RE2::QuoteMeta(inner);
        } else {
          out += "\\x{FFFF}";  // a noncharacter: no ARN contains it, so it never matches
        }
        i = close;
        continue;
      }
    }
    if (c == '*') {
      out += ".*";
    } else if (c == '?') {
      out += ".";
    } else {
      // Quote a whole run of literal characters: quoting byte by byte would split UTF-8
      // sequences, and RE2 rejects the pattern (then nothing would ever match).
      size_t end = i + 1;
      while (end < glob.size() && glob[end] != '*' && glob[end] != '?' &&
             !(expand_variables && glob[end] == '$')) {
        ++end;
      }
      out += RE2::QuoteMeta(glob.substr(i, end - i));
      i = end - 1;
    }
  }
  return out;
}

namespace {

// Past this many table cells the answer is the safe one (may intersect; not contained):
// resource patterns are short, and a hostile one must not cost gigabytes.
constexpr size_t kMaxGlobCells = size_t{1} << 22;

// Two rows of a dynamic program over a[i..] x b[j..], filled from the ends backwards. The
// buffers are kept per thread: these run millions of times on short patterns.
struct Rows {
  std::vector<char>& next;  // row i + 1
  std::vector<char>& here;  // row i
  explicit Rows(size_t m) : next(Buffer(0)), here(Buffer(1)) {
    next.assign(m + 1, 0);
    here.assign(m + 1, 0);
  }
  void Advance() { next.swap(here); }
  static std::vector<char>& Buffer(size_t which) {
    thread_local std::array<std::vector<char>, 2> buffers;
    return buffers.at(which);
  }
};

}  // namespace

bool GlobsIntersect(std::string_view a, std::string_view b) {
  if (!HasWildcard(a) && !HasWildcard(b)) {
    return a == b;  // the common case of two literal ARNs: no table
  }
  // reach(i, j): some string takes a[i..] and b[j..] to their ends together.
  const size_t n = a.size();
  const size_t m = b.size();
  if ((n + 1) * (m + 1) > kMaxGlobCells) {
    return true;
  }
  Rows rows(m);
  for (size_t i = n + 1; i-- > 0;) {
    for (size_t j = m + 1; j-- > 0;) {
      bool ok = i == n && j == m;
      if (!ok && i < n && a[i] == '*') {
        ok = rows.next[j] != 0 || (j < m && rows.here[j + 1] != 0);
      }
      if (!ok && j < m && b[j] == '*') {
        ok = rows.here[j + 1] != 0 || (i < n && rows.next[j] != 0);
      }
      if (!ok && i < n && j < m && a[i] != '*' && b[j] != '*') {
        ok = (a[i] == '?' || b[j] == '?' || a[i] == b[j]) && rows.next[j + 1] != 0;
      }
      rows.here[j] = ok ? 1 : 0;
    }
    if (i > 0) {
      rows.Advance();
    }
  }
  return rows.here[0] != 0;
}

bool GlobContains(std::string_view outer, std::string_view inner) {
  // Fast paths (most ARN fields are literal): a literal inner is one string; a literal outer
  // contains only itself.
  if (!HasWildcard(inner)) {
    return GlobMatch(outer, inner, false);
  }
  if (!HasWildcard(outer)) {
    return false;
  }
  // cover(i, j): outer[i..] covers every string inner[j..] matches, a wildcard of inner only
  // ever absorbed by a `*` of outer (a `?` also by a `?`).
  const size_t n = outer.size();
  const size_t m = inner.size();
  if ((n + 1) * (m + 1) > kMaxGlobCells) {
    return false;
  }
  Rows rows(m);
  for (size_t i = n + 1; i-- > 0;) {
    for (size_t j = m + 1; j-- > 0;) {
      bool ok = false;
      if (i == n) {
        ok = j == m;
      } else if (outer[i] == '*') {
        ok = rows.next[j] != 0 || (j < m && rows.here[j + 1] != 0);
      } else if (j < m && inner[j] != '*') {
        const bool same = outer[i] == '?' || (inner[j] != '?' && outer[i] == inner[j]);
        ok = same && rows.next[j + 1] != 0;
      }
      rows.here[j] = ok ? 1 : 0;
    }
    if (i > 0) {
      rows.Advance();
    }
  }
  return rows.here[0] != 0;
}

namespace {}  // namespace

bool ArnGlobsIntersect(std::string_view a, std::string_view b) {
  std::array<std::string_view, 6> fa;
  std::array<std::string_view, 6> fb;
  if (!SplitArn(a, fa) || !SplitArn(b, fb)) {
    return GlobsIntersect(a, b);
  }
  for (size_t i = 0; i < 6; ++i) {
    if (!GlobsIntersect(fa[i], fb[i])) {
      return false;
    }
  }
  return true;
}

bool ArnGlobContains(std::string_view outer, std::string_view inner) {
  std::array<std::string_view, 6> fo;
  std::array<std::string_view, 6> fi;
  if (!SplitArn(outer, fo) || !SplitArn(inner, fi)) {
    return GlobContains(outer, inner);
  }
  for (size_t i = 0; i < 6; ++i) {
    if (!GlobContains(fo[i], fi[i])) {
      return false;
    }
  }
  return true;
}

std::string ResourceGlob(std::string_view pattern, bool expand_variables) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (expand_variables && pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      const size_t close = pattern.find('}', i + 2);
      if (close != std::string_view::npos) {
        const std::string_view inner = pattern.substr(i + 2, close - i - 2);
        // A glob cannot say "a literal *": `?` stands for it (one character, any).
        out += inner == "$" ? "$" : (inner == "*" || inner == "?") ? "?" : "*";
        i = close;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

std::string ArnFormatGlob(std::string_view format) {
  std::string out;
  out.reserve(format.size());
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '$' && i + 1 < format.size() && format[i + 1] == '{') {
      const size_t close = format.find('}', i + 2);
      if (close != std::string_view::npos) {
        out += '*';
        i = close;
        continue;
      }
    }
    out += format[i];
  }
  return out;
}

ActionMatcher::ActionMatcher(const Catalog& catalog)
    : catalog_(catalog), exact_(catalog.action_count()) {}
ActionMatcher::~ActionMatcher() = default;

const ActionExpansion* ActionMatcher::FindExact(std::string_view pattern) {
  if (HasWildcard(pattern)) {
    return nullptr;
  }
  const auto id = catalog_.FindAction(pattern);
  if (!id) {
    return nullptr;
  }
  std::unique_ptr<ActionExpansion>& slot = exact_[*id];
  if (!slot) {
    slot = std::make_unique<ActionExpansion>();
    slot->single = *id;
  }
  return slot.get();
}

const ActionExpansion& ActionMatcher::Expand(std::string_view pattern) {
  // An exact action name is a binary search away: no hashing, no lower-cased copy.
  if (const ActionExpansion* exact = FindExact(pattern)) {
    return *exact;
  }
  if (const auto hit = by_text_.find(pattern); hit != by_text_.end()) {
    return *hit->second;
  }
  std::string key = ToLower(pattern);
  auto found = cache_.find(key);
  if (found == cache_.end()) {
    ActionExpansion expansion = Compute(key);
    found = cache_.emplace(std::move(key), std::move(expansion)).first;
  }
  by_text_.emplace(std::string(pattern), &found->second);
  return found->second;
}

void ActionMatcher::MatchInService(ServiceId service, std::string_view name_pattern,
                                   ActionExpansion& out) const {
  const ActionId first = catalog_.ServiceFirstAction(service);
  const ActionId end = catalog_.ServiceEndAction(service);
  if (name_pattern == "*") {
    out.actions.AddRange(first, end);
    return;
  }
  if (!HasWildcard(name_pattern)) {
    if (const auto id = catalog_.FindAction(service, name_pattern)) {
      out.actions.Add(*id);
    }
    return;
  }
  // Narrow to the names sharing the literal prefix, then test only those with RE2.
  const std::string_view prefix = LiteralPrefix(name_pattern);
  ActionId lo = first;
  ActionId hi = end;
  while (lo < hi) {
    const ActionId mid = lo + (hi - lo) / 2;
    if (catalog_.ActionNameLower(mid) < prefix) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const RE2 regex(GlobToRegex(name_pattern, false), MatcherOptions(true));
  for (ActionId id = lo; id < end && catalog_.ActionNameLower(id).starts_with(prefix); ++id) {
    if (RE2::FullMatch(catalog_.ActionNameLower(id), regex)) {
      out.actions.Add(id);
    }
  }
}

ActionExpansion ActionMatcher::Compute(const std::string& lower_pattern) const {
  ActionExpansion out;
  out.actions = ActionSet(catalog_.action_count());
  out.has_wildcard = HasWildcard(lower_pattern);
  if (lower_pattern == "*") {
    out.actions = ActionSet::All(catalog_.action_count());
    return out;
  }
  const size_t colon = lower_pattern.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == lower_pattern.size()) {
    out.status = PatternStatus::kMalformed;
    return out;
  }
  const std::string_view pattern{lower_pattern};
  const std::string_view service_part = pattern.substr(0, colon);
  const std::string_view name_part = pattern.substr(colon + 1);
  if (!HasWildcard(service_part)) {
    const auto service = catalog_.FindService(service_part);
    if (!service) {
      out.status = PatternStatus::kUnknownService;
      return out;
    }
    MatchInService(*service, name_part, out);
  } else {
    // A wildcard in the prefix is not documented, but IAM matches the whole string as a glob.
    for (ServiceId s = 0; s < catalog_.service_count(); ++s) {
      if (GlobMatch(service_part, catalog_.ServicePrefix(s), true)) {
        MatchInService(s, name_part, out);
      }
    }
  }
  if (out.actions.Empty()) {
    out.status = PatternStatus::kNoMatch;
  }
  return out;
}

ResourcePattern::ResourcePattern(std::string_view pattern, bool expand_variables)
    : everything_(pattern == "*") {
  if (!everything_) {
    regex_ = std::make_unique<RE2>(GlobToRegex(pattern, expand_variables), MatcherOptions(true));
  }
}

ResourcePattern::~ResourcePattern() = default;
ResourcePattern::ResourcePattern(ResourcePattern&&) noexcept = default;
ResourcePattern& ResourcePattern::operator=(ResourcePattern&&) noexcept = default;

bool ResourcePattern::Matches(std::string_view arn) const {
  return everything_ || (regex_->ok() && RE2::FullMatch(arn, *regex_));
}

bool SplitArn(std::string_view arn, std::array<std::string_view, 6>& fields) {
  size_t start = 0;
  for (size_t i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      return false;
    }
    fields[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  fields[5] = arn.substr(start);
  return true;
}

}  // namespace iamlint::catalog

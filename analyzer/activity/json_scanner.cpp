#include "analyzer/activity/json_scanner.h"

#include <array>
#include <cstring>

#include "analyzer/core/strings.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iamlint::activity {
namespace {

// Bytes that end the fast run inside a string: the quote, the backslash and control bytes.
constexpr std::array<bool, 256> MakeStringStops() {
  std::array<bool, 256> stops{};
  for (int c = 0; c < 0x20; ++c) {
    stops[c] = true;
  }
  stops['"'] = true;
  stops['\\'] = true;
  return stops;
}
constexpr std::array<bool, 256> kStringStops = MakeStringStops();

// The offset of the first quote, backslash or control byte in [p, end), or end - p: sixteen
// bytes at a time where SSE2 is there (every x86-64), since strings are most of the bytes.
size_t FindStringStop(const char* p, const char* end) {
  const char* q = p;
#if defined(__SSE2__)
  // SSE2 only (every x86-64); the portable loop below elsewhere and for the tail.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  while (end - q >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i stops =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                     _mm_cmpeq_epi8(_mm_max_epu8(chunk, control_max), control_max));
    const int mask = _mm_movemask_epi8(stops);
    if (mask != 0) {
      return static_cast<size_t>(q - p) + static_cast<size_t>(__builtin_ctz(mask));
    }
    q += 16;
  }
#endif
  while (q < end && !kStringStops[static_cast<unsigned char>(*q)]) {
    ++q;
  }
  return static_cast<size_t>(q - p);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool IsScalarByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' ||
         c == 'E';
}

// The length of the well-formed UTF-8 sequence at p (a lead byte of 0x80 or more), 0 if none:
// no overlongs, surrogates or code points past U+10FFFF.
size_t SequenceLength(const unsigned char* p, size_t available) {
  const unsigned char c = *p;
  size_t extra = 0;
  uint32_t min = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    extra = 1, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (available <= extra) {
    return 0;
  }
  for (size_t i = 1; i <= extra; ++i) {
    if ((p[i] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return extra + 1;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    // ASCII runs eight bytes at a time: most of a CloudTrail record is ASCII.
    uint64_t word = 0;
    if (end - p >= 8 && (std::memcpy(&word, p, 8), (word & 0x8080808080808080ULL) == 0)) {
      p += 8;
      continue;
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const size_t length = SequenceLength(p, static_cast<size_t>(end - p));
    if (length == 0) {
      return false;
    }
    p += length;
  }
  return true;
}

void JsonScanner::Reset(const char* data, size_t size, bool at_end) {
  data_ = data;
  size_ = size;
  pos_ = 0;
  at_end_ = at_end;
  stop_ = Stop::kNone;
  pool_used_ = 0;
}

bool JsonScanner::Fail(size_t offset, std::string message) {
  stop_ = Stop::kError;
  error_offset_ = offset;
  error_message_ = std::move(message);
  return false;
}

bool JsonScanner::NeedMoreOr(const char* message) {
  if (!at_end_) {
    stop_ = Stop::kNeedMore;
    return false;
  }
  return Fail(size_, message);
}

void JsonScanner::SkipSpace() {
  while (pos_ < size_ && IsSpace(data_[pos_])) {
    ++pos_;
  }
}

char JsonScanner::PeekAfterSpace() {
  SkipSpace();
  return pos_ < size_ ? data_[pos_] : '\0';
}

bool JsonScanner::Expect(char c, const char* what) {
  SkipSpace();
  if (pos_ >= size_) {
    return NeedMoreOr("unexpected end of input");
  }
  if (data_[pos_] != c) {
    std::string message = "expected ";
    message += what;
    return Fail(pos_, std::move(message));
  }
  ++pos_;
  return true;
}

std::string& JsonScanner::PoolString() {
  if (pool_used_ == pool_.size()) {
    pool_.emplace_back();
  }
  std::string& s = pool_[pool_used_++];
  s.clear();
  return s;
}

bool JsonScanner::SkipString() {
  const size_t start = pos_;
  ++pos_;  // the opening quote
  while (true) {
    pos_ += FindStringStop(data_ + pos_, data_ + size_);
    if (pos_ >= size_) {
      pos_ = start;
      return NeedMoreOr("unterminated string");
    }
    const char c = data_[pos_];
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      if (pos_ + 1 >= size_) {
        pos_ = start;
        return NeedMoreOr("unterminated string");
      }
      pos_ += 2;  // the escaped byte is checked only when the string is read
      continue;
    }
    return Fail(pos_, "control character in string");
  }
}

bool JsonScanner::ReadString(std::string_view* out, bool check_utf8) {
  const size_t start = pos_;
  ++pos_;
  pos_ += FindStringStop(data_ + pos_, data_ + size_);
  if (pos_ < size_ && data_[pos_] == '"') {
    const std::string_view text(data_ + start + 1, pos_ - start - 1);
    if (check_utf8 && !IsValidUtf8(text)) {
      return Fail(start, "invalid UTF-8 in string");
    }
    ++pos_;
    *out = text;
    return true;
  }
  pos_ = start;
  return DecodeEscaped(start, out, check_utf8);
}

bool JsonScanner::DecodeEscaped(size_t start, std::string_view* out, bool check_utf8) {
  std::string& decoded = PoolString();
  size_t p = start + 1;
  while (true) {
    const size_t run = p;
    p += FindStringStop(data_ + p, data_ + size_);
    if (p >= size_) {
      --pool_used_;
      return NeedMoreOr("unterminated string");
    }
    const std::string_view raw(data_ + run, p - run);
    if (check_utf8 && !IsValidUtf8(raw)) {
      return Fail(run, "invalid UTF-8 in string");
    }
    decoded.append(raw);
    if (data_[p] == '"') {
      pos_ = p + 1;
      *out = decoded;
      return true;
    }
    if (data_[p] != '\\') {
      return Fail(p, "control character in string");
    }
    if (!DecodeEscape(p, decoded, &p)) {
      if (stop_ == Stop::kNeedMore) {
        --pool_used_;
      }
      return false;
    }
  }
}

bool JsonScanner::Hex4(size_t at, uint32_t* value) const {
  if (at + 4 > size_) {
    return false;
  }
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int h = HexDigitValue(data_[at + i]);
    if (h < 0) {
      return false;
    }
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

bool JsonScanner::DecodeEscape(size_t p, std::string& decoded, size_t* next) {
  if (p + 1 >= size_) {
    return NeedMoreOr("unterminated string");
  }
  static constexpr std::string_view kFrom = "\"\\/bfnrt";
  static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
  const char e = data_[p + 1];
  if (const size_t simple = kFrom.find(e); simple != std::string_view::npos) {
    decoded.push_back(kTo[simple]);
    *next = p + 2;
    return true;
  }
  if (e != 'u') {
    return Fail(p, "invalid escape in string");
  }
  if (p + 6 > size_ && !at_end_) {
    return NeedMoreOr("unterminated string");
  }
  uint32_t cp = 0;
  if (!Hex4(p + 2, &cp)) {
    return Fail(p, "invalid \\u escape");
  }
  size_t after = p + 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (after + 6 > size_ && !at_end_) {
      return NeedMoreOr("unterminated string");
    }
    uint32_t low = 0;
    if (after + 6 > size_ || data_[after] != '\\' || data_[after + 1] != 'u' ||
        !Hex4(after + 2, &low) || low < 0xDC00 || low > 0xDFFF) {
      return Fail(p, "unpaired surrogate in \\u escape");
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    after += 6;
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return Fail(p, "unpaired surrogate in \\u escape");
  }
  AppendUtf8(decoded, cp);
  *next = after;
  return true;
}

bool JsonScanner::SkipScalar() {
  const size_t start = pos_;
  while (pos_ < size_ && IsScalarByte(data_[pos_])) {
    ++pos_;
  }
  if (pos_ >= size_ && !at_end_) {
    pos_ = start;
    stop_ = Stop::kNeedMore;
    return false;
  }
  const std::string_view token(data_ + start, pos_ - start);
  if (token == "true" || token == "false" || token == "null") {
    return true;
  }
  // A number: sign, digits, fraction, exponent; checked loosely (its value is never used).
  if (!token.empty() && (token[0] == '-' || (token[0] >= '0' && token[0] <= '9')) &&
      token.find_first_not_of("0123456789+-.eE") == std::string_view::npos) {
    return true;
  }
  return Fail(start, token.empty() ? "expected a value" : "invalid literal");
}

// A member name and its ':' (the scanner before the name).
bool JsonScanner::SkipMemberName() {
  SkipSpace();
  if (pos_ >= size_) {
    return NeedMoreOr("unexpected end of input");
  }
  if (data_[pos_] != '"') {
    return Fail(pos_, "expected a member name");
  }
  return SkipString() && Expect(':', "':'");
}

// Opens the container at the scanner; *closed when it is empty (and consumed).
bool JsonScanner::OpenContainer(size_t depth, bool* closed) {
  const char c = data_[pos_];
  if (depth + stack_.size() >= kMaxDepth) {
    return Fail(pos_, "nesting deeper than " + std::to_string(kMaxDepth));
  }
  stack_.push_back(c == '{' ? '}' : ']');
  ++pos_;
  SkipSpace();
  if (pos_ >= size_) {
    return NeedMoreOr("unexpected end of input");
  }
  if (data_[pos_] == stack_.back()) {
    ++pos_;
    stack_.pop_back();
    *closed = true;
    return true;
  }
  return c == '[' || SkipMemberName();
}

// After a value: closes containers, or moves to the next element or member (*done: no
// container is left open).
bool JsonScanner::AfterValue(bool* done) {
  while (!stack_.empty()) {
    SkipSpace();
    if (pos_ >= size_) {
      return NeedMoreOr("unexpected end of input");
    }
    const char n = data_[pos_];
    if (n == stack_.back()) {
      ++pos_;
      stack_.pop_back();
      continue;
    }
    if (n != ',') {
      return Fail(pos_, stack_.back() == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    ++pos_;
    return stack_.back() == ']' || SkipMemberName();
  }
  *done = true;
  return true;
}

bool JsonScanner::SkipValue(size_t depth) {
  stack_.clear();
  while (true) {
    SkipSpace();
    if (pos_ >= size_) {
      return NeedMoreOr("unexpected end of input");
    }
    const char c = data_[pos_];
    if (c == '{' || c == '[') {
      bool closed = false;
      if (!OpenContainer(depth, &closed)) {
        return false;
      }
      if (!closed) {
        continue;
      }
    } else if (!(c == '"' ? SkipString() : SkipScalar())) {
      return false;
    }
    bool done = false;
    if (!AfterValue(&done)) {
      return false;
    }
    if (done) {
      return true;
    }
  }
}

bool JsonScanner::ReadStringOrSkip(std::string_view* out, size_t depth) {
  *out = {};
  if (PeekAfterSpace() == '"') {
    return ReadString(out, true);
  }
  return SkipValue(depth);
}

bool JsonScanner::NextMember(char close, bool* more) {
  SkipSpace();
  if (pos_ >= size_) {
    return NeedMoreOr("unexpected end of input");
  }
  const char c = data_[pos_];
  if (c == ',') {
    ++pos_;
    *more = true;
    return true;
  }
  if (c == close) {
    ++pos_;
    *more = false;
    return true;
  }
  return Fail(pos_, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

}  // namespace iamlint::activity

#pragma once
// A forward-only JSON scanner over a window of a larger input, for reading CloudTrail at the
// speed of the disk: values that are not needed are skipped without being built, strings that
// are needed come back as views into the buffer (decoded into a pool only when they hold
// escapes). Nesting is bounded by an explicit stack, never by recursion. When the window ends
// before the value does, the scanner says so (NeedMore) and the caller refills and retries the
// same value from its start; at the true end of input that is a syntax error.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint::activity {

class JsonScanner {
 public:
  static constexpr size_t kMaxDepth = 256;

  /// Scans `data[0, size)`; `at_end`: no more bytes follow the window.
  void Reset(const char* data, size_t size, bool at_end);

  /// Why the last call returned false.
  enum class Stop : uint8_t { kNone, kNeedMore, kError };
  Stop stop() const { return stop_; }
  /// The error's position (offset in the window) and message, when stop() is kError.
  size_t error_offset() const { return error_offset_; }
  const std::string& error_message() const { return error_message_; }

  size_t offset() const { return pos_; }
  void set_offset(size_t offset) { pos_ = offset; }
  bool AtEnd() const { return pos_ >= size_; }
  const char* data() const { return data_; }
  size_t size() const { return size_; }

  /// Skips whitespace; false only for NeedMore (the window ends in whitespace) when !at_end.
  void SkipSpace();
  /// The next byte after whitespace, or '\0' at the end of the window (see stop()).
  char PeekAfterSpace();
  /// Consumes `c` after whitespace.
  bool Expect(char c, const char* what);
  /// Reads a string (the scanner at its opening quote). The view points into the window, or
  /// into the decode pool when it had escapes; it stays valid until Reset or ClearPool.
  /// `check_utf8`: invalid UTF-8 is an error (strings that are only skipped are not checked).
  bool ReadString(std::string_view* out, bool check_utf8);
  /// Skips any value; `depth` is the nesting the value starts at.
  bool SkipValue(size_t depth);
  /// Reads a string value, or skips any other value and leaves `*out` empty.
  bool ReadStringOrSkip(std::string_view* out, size_t depth);
  /// After a member or element: consumes ',' (true, *more = true) or `close` (*more = false).
  bool NextMember(char close, bool* more);
  /// Releases the strings decoded since the last call.
  void ClearPool() { pool_used_ = 0; }

  bool Fail(size_t offset, std::string message);

 private:
  bool NeedMoreOr(const char* message);
  bool SkipString();
  bool SkipScalar();
  bool DecodeEscaped(size_t start, std::string_view* out, bool check_utf8);
  bool DecodeEscape(size_t p, std::string& decoded, size_t* next);
  bool Hex4(size_t at, uint32_t* value) const;
  bool SkipMemberName();
  bool OpenContainer(size_t depth, bool* closed);
  bool AfterValue(bool* done);
  std::string& PoolString();

  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  bool at_end_ = true;
  Stop stop_ = Stop::kNone;
  size_t error_offset_ = 0;
  std::string error_message_;
  std::vector<char> stack_;
  std::deque<std::string> pool_;  // deque: growing it keeps earlier views valid
  size_t pool_used_ = 0;
};

/// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace iamlint::activity

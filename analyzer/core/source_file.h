#pragma once
// A file's bytes plus a line index, so positions travel as byte offsets and become
// line/column only at output.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint {

/// Half-open byte range [begin, end) in the original file.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const ByteRange&) const = default;
};

/// 1-based line and 1-based column counted in UTF-8 characters (code points).
struct LineColumn {
  uint32_t line = 1;
  uint32_t column = 1;
};

/// Start and end (exclusive) of a range as line/column pairs.
struct LineRange {
  LineColumn start;
  LineColumn end;
};

/// An input file held in memory with a lazily built line index.
class SourceFile {
 public:
  /// Takes ownership of the file's path (as shown to users) and bytes.
  SourceFile(std::string path, std::string text);

  /// The path as given on the command line (or "<stdin>").
  const std::string& path() const { return path_; }
  /// The raw bytes of the file.
  std::string_view text() const { return text_; }

  /// Converts a byte offset to a 1-based line and character column.
  LineColumn Locate(uint32_t offset) const;
  /// Converts a byte range to line/column start and end.
  LineRange Locate(ByteRange range) const;
  /// The text of 1-based line `line` without its line terminator.
  std::string_view Line(uint32_t line) const;
  /// Number of lines (a final line without a newline counts).
  uint32_t line_count() const;

 private:
  void BuildIndex() const;

  std::string path_;
  std::string text_;
  mutable std::vector<uint32_t> line_starts_;  // built on first use: most files have no finding
};

/// Counts UTF-8 code points in `bytes` (continuation bytes are not counted).
uint32_t CountCharacters(std::string_view bytes);

}  // namespace iamlint

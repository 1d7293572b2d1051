#pragma once
// LSP positions (zero-based line, character in the negotiated encoding) against the byte offsets
// the analysis works in. Lines end at "\n", "\r\n" or a lone "\r", as the LSP specification says.

#include <cstdint>
#include <string_view>
#include <vector>

#include "analyzer/core/source_file.h"

namespace iamlint::lsp {

/// How the `character` of an LSP Position counts: UTF-8 bytes or UTF-16 code units.
enum class PositionEncoding { kUtf8, kUtf16 };

/// An LSP Position: zero-based line and character.
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  bool operator==(const Position&) const = default;
};

/// An LSP Range: start and exclusive end.
struct Range {
  Position start;
  Position end;
  bool operator==(const Range&) const = default;
};

/// The line starts of a text, to convert both ways; the text must outlive it.
class LineIndex {
 public:
  /// Indexes `text` (its lines are found once, here).
  explicit LineIndex(std::string_view text);

  /// The position of byte `offset` (clamped to the text; inside a UTF-8 sequence: its start).
  Position ToPosition(uint32_t offset, PositionEncoding encoding) const;
  /// The range of bytes `range`.
  Range ToRange(ByteRange range, PositionEncoding encoding) const;
  /// The byte offset of `position`: a line past the end is the end of the text, a character
  /// past the end of its line the line's end, one inside a character that character's start.
  uint32_t ToOffset(Position position, PositionEncoding encoding) const;
  /// The byte range of `range` (end never before begin).
  ByteRange ToByteRange(const Range& range, PositionEncoding encoding) const;

 private:
  /// The bytes of line `line` without its terminator.
  std::string_view LineText(uint32_t line) const;

  std::string_view text_;
  std::vector<uint32_t> starts_;
};

/// The length of the UTF-8 sequence that starts at `bytes[0]` and the number of UTF-16 code units
/// it stands for: 1 byte and 1 unit for an invalid byte (an editor shows it as U+FFFD).
struct Utf8Step {
  uint32_t bytes = 1;
  uint32_t utf16_units = 1;
};
/// Decodes one step of `bytes` (not empty).
Utf8Step NextUtf8(std::string_view bytes);

}  // namespace iamlint::lsp

#include "analyzer/lsp/positions.h"

#include <algorithm>

namespace iamlint::lsp {

Utf8Step NextUtf8(std::string_view bytes) {
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  uint32_t length = 0;
  if (b0 < 0x80) {
    return {1, 1};
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
  } else {
    return {1, 1};  // a continuation byte or an invalid lead byte stands alone
  }
  if (bytes.size() < length) {
    return {1, 1};
  }
  for (uint32_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
      return {1, 1};
    }
  }
  // Overlong forms, surrogates and code points past U+10FFFF are invalid: each byte is one
  // replacement character, as editors decode them.
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0) || (b0 == 0xF0 && b1 < 0x90) ||
      (b0 == 0xF4 && b1 >= 0x90)) {
    return {1, 1};
  }
  return {length, length == 4 ? 2U : 1U};
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      starts_.push_back(i + 1);
    }
  }
}

std::string_view LineIndex::LineText(uint32_t line) const {
  const uint32_t begin = starts_[line];
  uint32_t end =
      line + 1 < starts_.size() ? starts_[line + 1] : static_cast<uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) {
    --end;
  }
  return text_.substr(begin, end - begin);
}

Position LineIndex::ToPosition(uint32_t offset, PositionEncoding encoding) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<uint32_t>(it - starts_.begin() - 1);
  const std::string_view text = LineText(line);
  // An offset in the line's terminator is the end of the line.
  const uint32_t column_bytes = std::min<uint32_t>(offset - starts_[line], text.size());
  uint32_t character = 0;
  uint32_t i = 0;
  while (i < column_bytes) {
    const Utf8Step step = NextUtf8(text.substr(i));
    if (i + step.bytes > column_bytes) {
      break;  // inside a sequence: the position of its start
    }
    character += encoding == PositionEncoding::kUtf8 ? step.bytes : step.utf16_units;
    i += step.bytes;
  }
  return {line, character};
}

Range LineIndex::ToRange(ByteRange range, PositionEncoding encoding) const {
  return {ToPosition(range.begin, encoding),
          ToPosition(std::max(range.begin, range.end), encoding)};
}

uint32_t LineIndex::ToOffset(Position position, PositionEncoding encoding) const {
  if (position.line >= starts_.size()) {
    return static_cast<uint32_t>(text_.size());
  }
  const std::string_view text = LineText(position.line);
  uint32_t character = 0;
  uint32_t i = 0;
  while (i < text.size()) {
    const Utf8Step step = NextUtf8(text.substr(i));
    const uint32_t units = encoding == PositionEncoding::kUtf8 ? step.bytes : step.utf16_units;
    if (character + units > position.character) {
      break;  // the position is inside this character (half a surrogate pair): its start
    }
    character += units;
    i += step.bytes;
  }
  return starts_[position.line] + i;
}

ByteRange LineIndex::ToByteRange(const Range& range, PositionEncoding encoding) const {
  const uint32_t begin = ToOffset(range.start, encoding);
  const uint32_t end = ToOffset(range.end, encoding);
  return {std::min(begin, end), std::max(begin, end)};
}

}  // namespace iamlint::lsp

#include "analyzer/core/source_file.h"

#include <algorithm>

namespace iamlint {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {}

void SourceFile::BuildIndex() const {
  if (!line_starts_.empty()) {
    return;
  }
  // A UTF-8 byte order mark is not part of line 1 for editors: columns start after it.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const bool bom = std::string_view{text_}.substr(0, kBom.size()) == kBom;
  line_starts_.push_back(bom ? static_cast<uint32_t>(kBom.size()) : 0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    }
  }
}

uint32_t CountCharacters(std::string_view bytes) {
  uint32_t count = 0;
  for (const char c : bytes) {
    // Continuation bytes look like 10xxxxxx; every other byte starts a character.
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++count;
    }
  }
  return count;
}

LineColumn SourceFile::Locate(uint32_t offset) const {
  BuildIndex();
  offset = std::clamp<uint32_t>(offset, line_starts_.front(), static_cast<uint32_t>(text_.size()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  const uint32_t line_start = line_starts_[line_index];
  const std::string_view before(text_.data() + line_start, offset - line_start);
  return {line_index + 1, CountCharacters(before) + 1};
}

LineRange SourceFile::Locate(ByteRange range) const {
  return {Locate(range.begin), Locate(range.end)};
}

uint32_t SourceFile::line_count() const {
  BuildIndex();
  const bool ends_with_newline = !text_.empty() && text_.back() == '\n';
  return static_cast<uint32_t>(line_starts_.size()) - (ends_with_newline ? 1 : 0);
}

std::string_view SourceFile::Line(uint32_t line) const {
  BuildIndex();
  if (line == 0 || line > line_starts_.size()) {
    return {};
  }
  const uint32_t begin = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) {
    --end;
  }
  return std::string_view{text_}.substr(begin, end - begin);
}

}  // namespace iamlint

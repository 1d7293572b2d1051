#include "analyzer/extract/value.h"

#include <algorithm>
#include <cctype>

#include "analyzer/core/strings.h"

namespace iamlint::extract {

Value Value::Unknown(std::string what, const SourceFile* file, ByteRange range) {
  Value v;
  v.kind = Kind::kUnknown;
  v.text = std::move(what);
  v.file = file;
  v.range = range;
  return v;
}

Value Value::String(std::string text, const SourceFile* file, ByteRange range) {
  Value v;
  v.kind = Kind::kString;
  v.spans.assign(text.size(), range);
  v.text = std::move(text);
  v.file = file;
  v.range = range;
  return v;
}

const Value* Value::Find(std::string_view key) const {
  for (const Member& m : members) {
    if (m.key == key) {
      return &m.value;
    }
  }
  return nullptr;
}

void Value::Rebase(const SourceFile* to, ByteRange at) {
  file = to;
  range = at;
  spans.assign(spans.size(), at);
  for (Value& item : items) {
    item.Rebase(to, at);
  }
  for (Member& m : members) {
    m.key_range = at;
    m.value.Rebase(to, at);
  }
}

ByteRange Value::SpanOf(uint32_t begin, uint32_t end) const {
  if (spans.empty() || begin >= spans.size()) {
    return range;
  }
  end = std::min<uint32_t>(end, static_cast<uint32_t>(spans.size()));
  if (end <= begin) {
    return {spans[begin].begin, spans[begin].begin};
  }
  return {spans[begin].begin, std::max(spans[begin].begin, spans[end - 1].end)};
}

// Decodes the JSON string token at `range` of `text`, keeping each decoded byte's source span.
namespace {

// Four hex digits at `at` (before `end`), or -1.
int64_t Hex4(std::string_view text, uint32_t at, uint32_t end) {
  if (at + 4 > end) {
    return -1;
  }
  int64_t cp = 0;
  for (uint32_t k = 0; k < 4; ++k) {
    const char h = text[at + k];
    if (std::isxdigit(static_cast<unsigned char>(h)) == 0) {
      return -1;
    }
    cp = cp * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
  }
  return cp;
}

// The JSON escape at `i` (a backslash) decoded into `out`; returns its length in the source.
uint32_t JsonEscape(std::string_view text, uint32_t i, uint32_t end, std::string& out) {
  const char e = text[i + 1];
  switch (e) {
    case 'n':
      out.assign(1, '\n');
      return 2;
    case 't':
      out.assign(1, '\t');
      return 2;
    case 'r':
      out.assign(1, '\r');
      return 2;
    case 'b':
      out.assign(1, '\b');
      return 2;
    case 'f':
      out.assign(1, '\f');
      return 2;
    case 'u':
      break;
    default:
      out.assign(1, e);
      return 2;
  }
  int64_t cp = Hex4(text, i + 2, end);
  uint32_t length = 6;
  if (cp >= 0xD800 && cp <= 0xDBFF && text.compare(i + 6, 2, "\\u") == 0) {
    const int64_t low = Hex4(text, i + 8, end);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      length = 12;
    }
  }
  out.clear();
  AppendUtf8(out, cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : static_cast<uint32_t>(cp));
  return length;
}

}  // namespace

Value DecodeJsonString(const SourceFile& file, ByteRange range) {
  const std::string_view text = file.text();
  Value v = Value::String("", &file, range);
  uint32_t i = range.begin + 1;
  const uint32_t end = range.end > range.begin ? range.end - 1 : range.begin;
  std::string decoded;
  while (i < end) {
    if (text[i] != '\\' || i + 1 >= end) {
      v.text += text[i];
      v.spans.push_back({i, i + 1});
      ++i;
      continue;
    }
    const uint32_t length = JsonEscape(text, i, end, decoded);
    for (const char d : decoded) {
      v.text += d;
      v.spans.push_back({i, i + length});
    }
    i += length;
  }
  return v;
}

Value ValueFromJsonSource(const SourceFile& file, const parse::JsonDocument& doc,
                          parse::NodeId node, int depth) {
  if (doc.type(node) == parse::JsonType::kString) {
    return DecodeJsonString(file, doc.range(node));
  }
  Value v = ValueFromJson(
      doc, node, &file, [](ByteRange r) { return r; }, 255);
  v.items.clear();
  v.members.clear();
  if (doc.type(node) == parse::JsonType::kArray && depth < 256) {
    for (uint32_t i = 0; i < doc.size(node); ++i) {
      v.items.push_back(ValueFromJsonSource(file, doc, doc.Element(node, i), depth + 1));
    }
  } else if (doc.type(node) == parse::JsonType::kObject && depth < 256) {
    for (uint32_t i = 0; i < doc.size(node); ++i) {
      const parse::JsonDocument::Member m = doc.MemberAt(node, i);
      v.members.push_back({std::string(doc.Text(m.key)), doc.range(m.key),
                           ValueFromJsonSource(file, doc, m.value, depth + 1)});
    }
  }
  return v;
}

namespace {

void Emit(const Value& v, parse::JsonBuilder& out, int depth) {
  using parse::JsonType;
  switch (v.kind) {
    case Value::Kind::kUnknown:
      out.String(std::string(kUnknownOpen) + v.text + std::string(kUnknownClose), v.range);
      break;
    case Value::Kind::kNull:
      out.Null(v.range);
      break;
    case Value::Kind::kBool:
      out.Bool(v.text == "true", v.range);
      break;
    case Value::Kind::kNumber:
      out.Number(v.text, v.range);
      break;
    case Value::Kind::kString: {
      // A value built from pieces (Fn::Sub, a block scalar, a folded line) is located at its
      // characters; a plain quoted token keeps its quotes, as in a JSON file.
      ByteRange at = v.range;
      const uint32_t token = v.range.end - v.range.begin;
      if (!v.spans.empty() && v.spans.size() == v.text.size() && token != v.text.size() + 2) {
        const ByteRange content = v.SpanOf(0, static_cast<uint32_t>(v.text.size()));
        if (content.begin >= v.range.begin && content.end <= v.range.end &&
            content.end > content.begin) {
          at = content;
        }
      }
      // Verbatim: every byte is the next source byte, between the token's quotes.
      bool verbatim = !v.spans.empty() && v.spans.size() == v.text.size() &&
                      v.range.begin + 1 == v.spans.front().begin &&
                      v.range.end == v.spans.back().end + 1;
      for (size_t i = 0; verbatim && i < v.spans.size(); ++i) {
        verbatim = v.spans[i].end == v.spans[i].begin + 1 &&
                   (i == 0 || v.spans[i].begin == v.spans[i - 1].end);
      }
      out.String(v.text, at, verbatim);
      break;
    }
    case Value::Kind::kTuple:
      out.Open(JsonType::kArray, v.range);
      for (const Value& item : v.items) {
        if (depth < 256) {
          Emit(item, out, depth + 1);
        }
      }
      out.Close();
      break;
    case Value::Kind::kObject:
      out.Open(JsonType::kObject, v.range);
      for (const Value::Member& m : v.members) {
        if (depth < 256) {
          out.String(m.key, m.key_range);
          Emit(m.value, out, depth + 1);
        }
      }
      out.Close();
      break;
  }
}

}  // namespace

parse::JsonDocument JsonFromValue(const Value& value) {
  parse::JsonBuilder builder;
  Emit(value, builder, 0);
  return builder.Finish();
}

}  // namespace iamlint::extract

#include "analyzer/extract/value.h"

#include <algorithm>

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
    case Value::Kind::kString:
      out.String(v.text, v.range);
      break;
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

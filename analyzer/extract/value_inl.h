#pragma once
// Template part of value.h.

namespace iamlint::extract {

template <typename SpanMap>
Value ValueFromJson(const parse::JsonDocument& doc, parse::NodeId node, const SourceFile* file,
                    SpanMap&& span, int depth) {
  using parse::JsonType;
  Value v;
  v.file = file;
  v.range = span(doc.range(node));
  switch (doc.type(node)) {
    case JsonType::kNull:
      v.kind = Value::Kind::kNull;
      break;
    case JsonType::kBool:
      v.kind = Value::Kind::kBool;
      v.text = doc.Text(node);
      break;
    case JsonType::kNumber:
      v.kind = Value::Kind::kNumber;
      v.text = doc.Text(node);
      break;
    case JsonType::kString: {
      v.kind = Value::Kind::kString;
      v.text = doc.Text(node);
      // Per-byte spans are not kept for decoded JSON strings: the whole token is the span.
      v.spans.assign(v.text.size(), v.range);
      break;
    }
    case JsonType::kArray:
      v.kind = Value::Kind::kTuple;
      v.encoded = true;
      for (uint32_t i = 0; i < doc.size(node) && depth < 256; ++i) {
        v.items.push_back(ValueFromJson(doc, doc.Element(node, i), file, span, depth + 1));
      }
      break;
    case JsonType::kObject:
      v.kind = Value::Kind::kObject;
      v.encoded = true;
      for (uint32_t i = 0; i < doc.size(node) && depth < 256; ++i) {
        const parse::JsonDocument::Member m = doc.MemberAt(node, i);
        v.members.push_back({std::string(doc.Text(m.key)), span(doc.range(m.key)),
                             ValueFromJson(doc, m.value, file, span, depth + 1)});
      }
      break;
  }
  return v;
}

}  // namespace iamlint::extract

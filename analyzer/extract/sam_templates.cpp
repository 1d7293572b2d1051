#include "analyzer/extract/sam_templates.h"

#include "analyzer/parse/json.h"

// Generated from rules/data/ by CMake: a C array, so the data needs no start-up work.
// NOLINTNEXTLINE(modernize-avoid-c-arrays,readability-identifier-naming)
extern const char kIamlintSamTemplatesJson[];

namespace iamlint::extract {
namespace {

const parse::JsonDocument& Data() {
  // Parsed on first use only: most scans meet no SAM template.
  static const parse::JsonDocument kData = [] {
    parse::JsonParseResult r = parse::ParseJson(kIamlintSamTemplatesJson);
    return r.document ? std::move(*r.document) : parse::JsonDocument{};
  }();
  return kData;
}

std::string Placeholder(const std::string& what) {
  return std::string(kUnknownOpen) + what + std::string(kUnknownClose);
}

// ${Param} -> the user's value; ${AWS::Partition} and friends -> placeholders.
std::string Substitute(std::string_view text, const Value& parameters) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(open));
      break;
    }
    const std::string name(text.substr(open + 2, close - open - 2));
    if (name.starts_with("AWS::")) {
      out += Placeholder("@" + name);
    } else if (const Value* v = parameters.Find(name)) {
      out += v->is_string() || v->kind == Value::Kind::kNumber ? v->text : Placeholder(v->text);
    } else {
      out += Placeholder("SAM parameter " + name);
    }
    i = close + 1;
  }
  return out;
}

Value Convert(const parse::JsonDocument& doc, parse::NodeId node, const Value& parameters,
              ByteRange at, const SourceFile& file, int depth) {
  using parse::JsonType;
  Value v;
  v.file = &file;
  v.range = at;
  switch (doc.type(node)) {
    case JsonType::kString:
      return Value::String(Substitute(doc.Text(node), parameters), &file, at);
    case JsonType::kArray:
      v.kind = Value::Kind::kTuple;
      for (uint32_t i = 0; i < doc.size(node) && depth < 16; ++i) {
        v.items.push_back(Convert(doc, doc.Element(node, i), parameters, at, file, depth + 1));
      }
      return v;
    case JsonType::kObject:
      v.kind = Value::Kind::kObject;
      for (uint32_t i = 0; i < doc.size(node) && depth < 16; ++i) {
        const parse::JsonDocument::Member m = doc.MemberAt(node, i);
        v.members.push_back({Substitute(doc.Text(m.key), parameters), at,
                             Convert(doc, m.value, parameters, at, file, depth + 1)});
      }
      return v;
    default:
      return Value::String(std::string(doc.Text(node)), &file, at);
  }
}

}  // namespace

std::optional<Value> ExpandSamTemplate(std::string_view name, const Value& parameters, ByteRange at,
                                       const SourceFile& file) {
  const parse::JsonDocument& doc = Data();
  if (doc.node_count() == 0) {
    return std::nullopt;
  }
  const auto templates = doc.Find(doc.root(), "templates");
  const auto t = templates ? doc.Find(*templates, name) : std::nullopt;
  const auto statements = t ? doc.Find(*t, "Statement") : std::nullopt;
  if (!statements) {
    return std::nullopt;
  }
  Value policy;
  policy.kind = Value::Kind::kObject;
  policy.encoded = true;
  policy.file = &file;
  policy.range = at;
  // SAM emits no Version: the generated policy has IAM's default (2008-10-17) semantics.
  policy.members.push_back({"Statement", at, Convert(doc, *statements, parameters, at, file, 0)});
  return policy;
}

}  // namespace iamlint::extract

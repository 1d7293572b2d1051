#include "analyzer/extract/terraform_functions.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <string>

namespace iamlint::extract {
namespace {

using Kind = Value::Kind;

// A call: its arguments and where its result is located.
struct Call {
  std::string_view name;
  const std::vector<Value>& args;
  const SourceFile* file;
  ByteRange at;

  bool AllKnown() const {
    return std::all_of(args.begin(), args.end(), [](const Value& a) { return a.known(); });
  }
  Value Make(Kind kind) const {
    Value v;
    v.kind = kind;
    v.file = file;
    v.range = at;
    return v;
  }
};

using Result = std::optional<Value>;

Result JsonEncode(const Call& c) {
  if (c.args.size() != 1 || !c.args[0].known()) {
    return std::nullopt;
  }
  Value v = c.args[0];
  v.encoded = v.kind == Kind::kTuple || v.kind == Kind::kObject;
  return v;
}

Result JsonDecode(const Call& c) {
  if (c.args.size() != 1 || !c.args[0].is_string()) {
    return std::nullopt;
  }
  return JsonStringToValue(c.args[0]);
}

// concat and flatten (one level, which is what policies need).
Result Concat(const Call& c) {
  if (!c.AllKnown()) {
    return std::nullopt;
  }
  Value v = c.Make(Kind::kTuple);
  for (const Value& a : c.args) {
    if (a.kind != Kind::kTuple) {
      return std::nullopt;
    }
    for (const Value& item : a.items) {
      if (c.name == "flatten" && item.kind == Kind::kTuple) {
        v.items.insert(v.items.end(), item.items.begin(), item.items.end());
      } else {
        v.items.push_back(item);
      }
    }
  }
  return v;
}

// Conversions and markers that leave the value as it is for the analysis.
Result Identity(const Call& c) {
  return c.args.size() == 1 ? Result(c.args[0]) : std::nullopt;
}

Result Merge(const Call& c) {
  if (!c.AllKnown()) {
    return std::nullopt;
  }
  Value v = c.Make(Kind::kObject);
  for (const Value& a : c.args) {
    for (const Value::Member& m : a.members) {
      auto existing = std::find_if(v.members.begin(), v.members.end(),
                                   [&](const Value::Member& x) { return x.key == m.key; });
      if (existing != v.members.end()) {
        *existing = m;
      } else {
        v.members.push_back(m);
      }
    }
  }
  return v;
}

// try and coalesce: the first known argument (coalesce also skips empty strings).
Result FirstKnown(const Call& c) {
  for (const Value& a : c.args) {
    const bool empty = c.name == "coalesce" && a.is_string() && a.text.empty();
    if (a.known() && a.kind != Kind::kNull && !empty) {
      return a;
    }
  }
  return std::nullopt;
}

Result Lookup(const Call& c) {
  if (c.args.size() < 2 || c.args[0].kind != Kind::kObject || !c.args[1].is_string()) {
    return std::nullopt;
  }
  if (const Value* m = c.args[0].Find(c.args[1].text)) {
    return *m;
  }
  return c.args.size() > 2 ? Result(c.args[2]) : std::nullopt;
}

Result Element(const Call& c) {
  if (c.args.size() != 2 || c.args[0].kind != Kind::kTuple || c.args[1].kind != Kind::kNumber ||
      c.args[0].items.empty()) {
    return std::nullopt;
  }
  const size_t i = std::strtoul(c.args[1].text.c_str(), nullptr, 10);
  return c.args[0].items[i % c.args[0].items.size()];
}

Result Join(const Call& c) {
  if (c.args.size() != 2 || !c.args[0].is_string() || c.args[1].kind != Kind::kTuple) {
    return std::nullopt;
  }
  std::string text;
  for (size_t i = 0; i < c.args[1].items.size(); ++i) {
    const Value& item = c.args[1].items[i];
    if (i > 0) {
      text += c.args[0].text;
    }
    text += item.known() ? item.text
                         : std::string(kUnknownOpen) + item.text + std::string(kUnknownClose);
  }
  return Value::String(text, c.file, c.at);
}

// lower, upper, trimspace: the characters keep their places.
Result ChangeCase(const Call& c) {
  if (c.args.size() != 1 || !c.args[0].is_string()) {
    return std::nullopt;
  }
  Value v = c.args[0];
  if (c.name != "trimspace") {
    const bool lower = c.name == "lower";
    for (char& ch : v.text) {
      const auto u = static_cast<unsigned char>(ch);
      ch = static_cast<char>(lower ? std::tolower(u) : std::toupper(u));
    }
  }
  return v;
}

// replace with a plain substring (a /regex/ pattern is left unknown).
Result Replace(const Call& c) {
  if (c.args.size() != 3 || !c.args[0].is_string() || !c.args[1].is_string() ||
      !c.args[2].is_string() || c.args[1].text.empty() || c.args[1].text.front() == '/') {
    return std::nullopt;
  }
  std::string text = c.args[0].text;
  const std::string& from = c.args[1].text;
  const std::string& to = c.args[2].text;
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return Value::String(text, c.file, c.at);
}

// format with %s, %d and %%.
Result Format(const Call& c) {
  if (c.args.empty() || !c.args[0].is_string() || !c.AllKnown()) {
    return std::nullopt;
  }
  std::string text;
  size_t next = 1;
  const std::string& fmt = c.args[0].text;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      text += fmt[i];
      continue;
    }
    const char verb = fmt[++i];
    if (verb == '%') {
      text += '%';
    } else if ((verb == 's' || verb == 'd') && next < c.args.size()) {
      text += c.args[next++].text;
    } else {
      return std::nullopt;
    }
  }
  return Value::String(text, c.file, c.at);
}

Result Length(const Call& c) {
  if (c.args.size() != 1 || !c.args[0].known()) {
    return std::nullopt;
  }
  const Value& a = c.args[0];
  const size_t n = a.kind == Kind::kTuple    ? a.items.size()
                   : a.kind == Kind::kObject ? a.members.size()
                                             : a.text.size();
  Value v = c.Make(Kind::kNumber);
  v.text = std::to_string(n);
  return v;
}

// keys and values of an object, in source order.
Result KeysOrValues(const Call& c) {
  if (c.args.size() != 1 || c.args[0].kind != Kind::kObject) {
    return std::nullopt;
  }
  Value v = c.Make(Kind::kTuple);
  for (const Value::Member& m : c.args[0].members) {
    v.items.push_back(c.name == "keys" ? Value::String(m.key, m.value.file, m.key_range) : m.value);
  }
  return v;
}

using Builtin = Result (*)(const Call&);

const std::map<std::string_view, Builtin, std::less<>>& Builtins() {
  static const std::map<std::string_view, Builtin, std::less<>> kBuiltins{
      {"jsonencode", JsonEncode}, {"jsondecode", JsonDecode}, {"concat", Concat},
      {"flatten", Concat},        {"tolist", Identity},       {"toset", Identity},
      {"tomap", Identity},        {"tostring", Identity},     {"distinct", Identity},
      {"compact", Identity},      {"sensitive", Identity},    {"nonsensitive", Identity},
      {"merge", Merge},           {"try", FirstKnown},        {"coalesce", FirstKnown},
      {"lookup", Lookup},         {"element", Element},       {"join", Join},
      {"lower", ChangeCase},      {"upper", ChangeCase},      {"trimspace", ChangeCase},
      {"replace", Replace},       {"format", Format},         {"length", Length},
      {"keys", KeysOrValues},     {"values", KeysOrValues},
  };
  return kBuiltins;
}

}  // namespace

std::optional<Value> CallBuiltin(std::string_view name, const std::vector<Value>& args,
                                 const SourceFile* file, ByteRange at) {
  const auto& builtins = Builtins();
  auto it = builtins.find(name);
  if (it == builtins.end()) {
    return std::nullopt;
  }
  return it->second(Call{name, args, file, at});
}

std::optional<Value> JsonStringToValue(const Value& s) {
  const parse::JsonParseResult parsed = parse::ParseJson(s.text);
  if (!parsed.document) {
    return std::nullopt;
  }
  return ValueFromJson(*parsed.document, parsed.document->root(), s.file,
                       [&](ByteRange r) { return s.SpanOf(r.begin, r.end); });
}

}  // namespace iamlint::extract

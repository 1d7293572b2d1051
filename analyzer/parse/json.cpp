#include "analyzer/parse/json.h"

#include <cctype>
#include <cstring>
#include <string>

#include "analyzer/core/strings.h"

namespace iamlint::parse {

std::string_view JsonDocument::Text(NodeId id) const {
  const JsonNode& n = nodes_[id];
  switch (n.type) {
    case JsonType::kString:
      return n.in_pool ? std::string_view{pool_}.substr(n.first, n.count)
                       : source_.substr(n.first, n.count);
    case JsonType::kNumber:
      return n.in_pool ? std::string_view{pool_}.substr(n.first, n.count)
                       : source_.substr(n.range.begin, n.range.end - n.range.begin);
    case JsonType::kBool:
      return n.bool_value ? "true" : "false";
    case JsonType::kNull:
      return "null";
    default:
      return {};
  }
}

JsonDocument::Member JsonDocument::MemberAt(NodeId object, uint32_t i) const {
  const uint32_t base = nodes_[object].first + 2 * i;
  return {children_[base], children_[base + 1]};
}

std::optional<NodeId> JsonDocument::Find(NodeId object, std::string_view key) const {
  if (nodes_[object].type != JsonType::kObject) {
    return std::nullopt;
  }
  for (uint32_t i = 0; i < nodes_[object].count; ++i) {
    const Member m = MemberAt(object, i);
    if (Text(m.key) == key) {
      return m.value;
    }
  }
  return std::nullopt;
}

JsonDocument JsonDocument::Detached() const {
  JsonDocument copy;
  copy.nodes_ = nodes_;
  copy.children_ = children_;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    JsonNode& n = copy.nodes_[i];
    if (n.type == JsonType::kString || n.type == JsonType::kNumber) {
      const std::string_view text = Text(static_cast<NodeId>(i));
      n.first = static_cast<uint32_t>(copy.pool_.size());
      n.count = static_cast<uint32_t>(text.size());
      n.in_pool = true;
      copy.pool_.append(text);
    }
  }
  return copy;
}

NodeId JsonBuilder::Add(JsonNode node) {
  const auto id = static_cast<NodeId>(doc_.nodes_.size());
  doc_.nodes_.push_back(node);
  if (!open_.empty()) {
    open_.back().second.push_back(id);
  }
  return id;
}

NodeId JsonBuilder::String(std::string_view text, ByteRange range, bool verbatim) {
  JsonNode n{JsonType::kString,
             false,
             true,
             verbatim,
             range,
             static_cast<uint32_t>(doc_.pool_.size()),
             static_cast<uint32_t>(text.size())};
  doc_.pool_.append(text);
  return Add(n);
}

NodeId JsonBuilder::Number(std::string_view text, ByteRange range) {
  const NodeId id = String(text, range);
  doc_.nodes_[id].type = JsonType::kNumber;
  return id;
}

NodeId JsonBuilder::Bool(bool value, ByteRange range) {
  return Add(JsonNode{JsonType::kBool, value, false, false, range, 0, 0});
}

NodeId JsonBuilder::Null(ByteRange range) {
  return Add(JsonNode{JsonType::kNull, false, false, false, range, 0, 0});
}

NodeId JsonBuilder::Open(JsonType type, ByteRange range) {
  const NodeId id = Add(JsonNode{type, false, false, false, range, 0, 0});
  open_.emplace_back(id, std::vector<NodeId>{});
  return id;
}

void JsonBuilder::Close() {
  auto [id, children] = std::move(open_.back());
  open_.pop_back();
  JsonNode& n = doc_.nodes_[id];
  n.first = static_cast<uint32_t>(doc_.children_.size());
  const bool object = n.type == JsonType::kObject;
  n.count = static_cast<uint32_t>(object ? children.size() / 2 : children.size());
  doc_.children_.insert(doc_.children_.end(), children.begin(), children.end());
}

JsonDocument JsonBuilder::Finish() {
  while (!open_.empty()) {
    Close();
  }
  return std::move(doc_);
}

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid (overlongs,
// surrogates and code points past U+10FFFF are rejected as the Unicode standard requires).
uint32_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(s[i + k]);
  };
  const auto continuation = [&](size_t n) {
    for (size_t k = 1; k < n; ++k) {
      if (i + k >= s.size() || (byte(k) & 0xC0U) != 0x80U) {
        return false;
      }
    }
    return true;
  };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return continuation(2) ? 2 : 0;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && continuation(3)) {
    const bool overlong = b0 == 0xE0 && byte(1) < 0xA0;
    const bool surrogate = b0 == 0xED && byte(1) > 0x9F;
    return overlong || surrogate ? 0 : 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && continuation(4)) {
    const bool overlong = b0 == 0xF0 && byte(1) < 0x90;
    const bool too_large = b0 == 0xF4 && byte(1) > 0x8F;
    return overlong || too_large ? 0 : 4;
  }
  return 0;
}

}  // namespace

/// The parser proper: one pass, explicit container stack.
class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonLimits& limits) : s_(text), limits_(limits) {
    doc_.source_ = text;
  }

  JsonParseResult Run();

 private:
  struct Frame {
    NodeId node;
    size_t pending_start;
    bool is_object;
  };
  enum class Expect { kValue, kValueOrClose, kKeyOrClose, kKey, kColon, kCommaOrClose };

  bool Fail(uint32_t begin, uint32_t end, std::string message) {
    error_ = JsonError{{begin, end}, std::move(message)};
    return false;
  }
  bool FailHere(std::string message) {
    const auto at = static_cast<uint32_t>(pos_);
    const uint32_t end = pos_ < s_.size() ? at + 1 : at;
    return Fail(at, end, std::move(message));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) {
      ++pos_;
    }
  }
  NodeId AddNode(JsonNode node) {
    doc_.nodes_.push_back(node);
    return static_cast<NodeId>(doc_.nodes_.size() - 1);
  }
  bool ParseString(NodeId* out);
  bool ParseEscape(std::string& decoded);
  bool ParseNumber(NodeId* out);
  bool ParseLiteral(NodeId* out);
  bool ParseScalarOrOpen(NodeId* out, bool* opened);
  bool CloseContainer(char close);
  bool Step(char c);
  bool OnValue(char c);
  bool OnKey(char c);
  bool OnColon(char c);
  bool OnCommaOrClose(char c);
  void AttachToParent(NodeId id) {
    if (!stack_.empty()) {
      pending_.push_back(id);
    }
  }

  std::string_view s_;
  JsonLimits limits_;
  size_t pos_ = 0;
  JsonDocument doc_;
  std::vector<Frame> stack_;
  std::vector<NodeId> pending_;
  std::optional<JsonError> error_;
  Expect expect_ = Expect::kValue;
};

bool JsonParser::ParseEscape(std::string& decoded) {
  // pos_ is at the character after the backslash.
  const size_t escape_begin = pos_ - 1;
  if (pos_ >= s_.size()) {
    return FailHere("unterminated string");
  }
  const char c = s_[pos_++];
  switch (c) {
    case '"':
      decoded.push_back('"');
      return true;
    case '\\':
      decoded.push_back('\\');
      return true;
    case '/':
      decoded.push_back('/');
      return true;
    case 'b':
      decoded.push_back('\b');
      return true;
    case 'f':
      decoded.push_back('\f');
      return true;
    case 'n':
      decoded.push_back('\n');
      return true;
    case 'r':
      decoded.push_back('\r');
      return true;
    case 't':
      decoded.push_back('\t');
      return true;
    case 'u':
      break;
    default:
      return Fail(static_cast<uint32_t>(escape_begin), static_cast<uint32_t>(pos_),
                  "invalid escape sequence in string");
  }
  auto read_hex4 = [&](uint32_t* value) {
    if (pos_ + 4 > s_.size()) {
      return false;
    }
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = HexDigitValue(s_[pos_ + k]);
      if (h < 0) {
        return false;
      }
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *value = v;
    return true;
  };
  uint32_t cp = 0;
  if (!read_hex4(&cp)) {
    return Fail(static_cast<uint32_t>(escape_begin), static_cast<uint32_t>(pos_),
                "\\u must be followed by four hex digits");
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = 0;
    if (pos_ + 2 <= s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
      pos_ += 2;
      if (read_hex4(&low) && low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(decoded, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
        return true;
      }
    }
    return Fail(static_cast<uint32_t>(escape_begin), static_cast<uint32_t>(pos_),
                "unpaired UTF-16 surrogate in \\u escape");
  }
  if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return Fail(static_cast<uint32_t>(escape_begin), static_cast<uint32_t>(pos_),
                "unpaired UTF-16 surrogate in \\u escape");
  }
  AppendUtf8(decoded, cp);
  return true;
}

bool JsonParser::ParseString(NodeId* out) {
  const size_t begin = pos_;
  ++pos_;  // opening quote
  const size_t content_begin = pos_;
  std::string decoded;
  bool has_escape = false;
  while (true) {
    if (pos_ >= s_.size()) {
      return Fail(static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_), "unterminated string");
    }
    const auto c = static_cast<unsigned char>(s_[pos_]);
    if (c == '"') {
      break;
    }
    if (c == '\\') {
      if (!has_escape) {
        has_escape = true;
        decoded.assign(s_.substr(content_begin, pos_ - content_begin));
      }
      ++pos_;
      if (!ParseEscape(decoded)) {
        return false;
      }
      continue;
    }
    if (c < 0x20) {
      return FailHere(c == '\n' ? "unterminated string (raw newline inside a string)"
                                : "control character inside a string must be escaped");
    }
    const uint32_t len = Utf8SequenceLength(s_, pos_);
    if (len == 0) {
      return FailHere("invalid UTF-8 byte in string");
    }
    if (has_escape) {
      decoded.append(s_.substr(pos_, len));
    }
    pos_ += len;
  }
  JsonNode node;
  node.type = JsonType::kString;
  node.range = {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_ + 1)};
  if (has_escape) {
    node.in_pool = true;
    node.first = static_cast<uint32_t>(doc_.pool_.size());
    node.count = static_cast<uint32_t>(decoded.size());
    doc_.pool_.append(decoded);
  } else {
    node.first = static_cast<uint32_t>(content_begin);
    node.count = static_cast<uint32_t>(pos_ - content_begin);
    node.verbatim = true;
  }
  ++pos_;  // closing quote
  *out = AddNode(node);
  return true;
}

bool JsonParser::ParseNumber(NodeId* out) {
  const size_t begin = pos_;
  auto digits = [&] {
    const size_t start = pos_;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) {
      ++pos_;
    }
    return pos_ > start;
  };
  if (s_[pos_] == '-') {
    ++pos_;
  }
  if (pos_ < s_.size() && s_[pos_] == '0') {
    ++pos_;
  } else if (!digits()) {
    return FailHere("invalid number");
  }
  if (pos_ < s_.size() && s_[pos_] == '.') {
    ++pos_;
    if (!digits()) {
      return FailHere("expected digits after the decimal point");
    }
  }
  if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
      ++pos_;
    }
    if (!digits()) {
      return FailHere("expected digits in the exponent");
    }
  }
  JsonNode node;
  node.type = JsonType::kNumber;
  node.range = {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)};
  *out = AddNode(node);
  return true;
}

bool JsonParser::ParseLiteral(NodeId* out) {
  const std::string_view rest = s_.substr(pos_);
  JsonNode node;
  size_t len = 0;
  if (rest.starts_with("true")) {
    node.type = JsonType::kBool;
    node.bool_value = true;
    len = 4;
  } else if (rest.starts_with("false")) {
    node.type = JsonType::kBool;
    len = 5;
  } else if (rest.starts_with("null")) {
    node.type = JsonType::kNull;
    len = 4;
  } else {
    // Point at the whole unexpected word, not one character, so the message reads well.
    size_t end = pos_;
    while (end < s_.size() && end - pos_ < 32 &&
           (std::isalnum(static_cast<unsigned char>(s_[end])) != 0 || s_[end] == '_')) {
      ++end;
    }
    if (end == pos_) {
      return FailHere("expected a JSON value");
    }
    return Fail(static_cast<uint32_t>(pos_), static_cast<uint32_t>(end),
                "expected a JSON value (strings need double quotes)");
  }
  node.range = {static_cast<uint32_t>(pos_), static_cast<uint32_t>(pos_ + len)};
  pos_ += len;
  *out = AddNode(node);
  return true;
}

bool JsonParser::ParseScalarOrOpen(NodeId* out, bool* opened) {
  *opened = false;
  const char c = s_[pos_];
  if (c == '{' || c == '[') {
    if (stack_.size() >= limits_.max_depth) {
      return FailHere("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    JsonNode node;
    node.type = c == '{' ? JsonType::kObject : JsonType::kArray;
    node.range.begin = static_cast<uint32_t>(pos_);
    *out = AddNode(node);
    AttachToParent(*out);
    stack_.push_back({*out, pending_.size(), c == '{'});
    ++pos_;
    *opened = true;
    return true;
  }
  bool ok = false;
  if (c == '"') {
    ok = ParseString(out);
  } else if (c == '-' || IsDigit(c)) {
    ok = ParseNumber(out);
  } else {
    ok = ParseLiteral(out);
  }
  if (ok) {
    AttachToParent(*out);
  }
  return ok;
}

bool JsonParser::CloseContainer(char close) {
  const Frame frame = stack_.back();
  if ((close == '}') != frame.is_object) {
    return FailHere(frame.is_object ? "expected '}' to close the object"
                                    : "expected ']' to close the array");
  }
  JsonNode& node = doc_.nodes_[frame.node];
  node.range.end = static_cast<uint32_t>(pos_ + 1);
  node.first = static_cast<uint32_t>(doc_.children_.size());
  const size_t n = pending_.size() - frame.pending_start;
  node.count = static_cast<uint32_t>(frame.is_object ? n / 2 : n);
  doc_.children_.insert(doc_.children_.end(),
                        pending_.begin() + static_cast<std::ptrdiff_t>(frame.pending_start),
                        pending_.end());
  pending_.resize(frame.pending_start);
  stack_.pop_back();
  ++pos_;
  return true;
}

bool JsonParser::OnValue(char c) {
  if (expect_ == Expect::kValueOrClose && c == ']') {
    expect_ = Expect::kCommaOrClose;
    return CloseContainer(']');
  }
  NodeId id = 0;
  bool opened = false;
  const bool ok = ParseScalarOrOpen(&id, &opened);
  if (opened) {
    expect_ = stack_.back().is_object ? Expect::kKeyOrClose : Expect::kValueOrClose;
  } else {
    expect_ = Expect::kCommaOrClose;
  }
  return ok;
}

bool JsonParser::OnKey(char c) {
  if (expect_ == Expect::kKeyOrClose && c == '}') {
    expect_ = Expect::kCommaOrClose;
    return CloseContainer('}');
  }
  if (c != '"') {
    return FailHere(c == '}' ? "trailing comma before '}'"
                             : "expected a double-quoted member name");
  }
  NodeId id = 0;
  if (!ParseString(&id)) {
    return false;
  }
  AttachToParent(id);
  expect_ = Expect::kColon;
  return true;
}

bool JsonParser::OnColon(char c) {
  if (c != ':') {
    return FailHere("expected ':' after the member name");
  }
  ++pos_;
  expect_ = Expect::kValue;
  return true;
}

bool JsonParser::OnCommaOrClose(char c) {
  if (c == '}' || c == ']') {
    return CloseContainer(c);
  }
  if (c != ',') {
    return FailHere(stack_.back().is_object ? "expected ',' or '}' after the object member"
                                            : "expected ',' or ']' after the array element");
  }
  ++pos_;
  SkipSpace();
  if (pos_ < s_.size() && (s_[pos_] == ']' || s_[pos_] == '}')) {
    return FailHere(s_[pos_] == ']' ? "trailing comma before ']'" : "trailing comma before '}'");
  }
  expect_ = stack_.back().is_object ? Expect::kKey : Expect::kValue;
  return true;
}

bool JsonParser::Step(char c) {
  switch (expect_) {
    case Expect::kValue:
    case Expect::kValueOrClose:
      return OnValue(c);
    case Expect::kKey:
    case Expect::kKeyOrClose:
      return OnKey(c);
    case Expect::kColon:
      return OnColon(c);
    case Expect::kCommaOrClose:
      return OnCommaOrClose(c);
  }
  return false;
}

JsonParseResult JsonParser::Run() {
  if (s_.starts_with("\xEF\xBB\xBF")) {
    pos_ = 3;  // a UTF-8 byte order mark, as some editors on Windows write
  }
  doc_.nodes_.reserve(s_.size() / 16 + 4);
  while (true) {
    SkipSpace();
    if (pos_ >= s_.size()) {
      FailHere(stack_.empty() ? "empty document: expected a JSON value"
                              : "unexpected end of file: a bracket is not closed");
      break;
    }
    if (!Step(s_[pos_])) {
      break;
    }
    if (stack_.empty() && expect_ == Expect::kCommaOrClose) {
      // The top-level value is complete: only white space may follow.
      SkipSpace();
      if (pos_ < s_.size()) {
        FailHere("unexpected data after the end of the JSON value");
      }
      break;
    }
  }
  JsonParseResult result;
  if (error_) {
    result.error = std::move(error_);
  } else {
    result.document = std::move(doc_);
  }
  return result;
}

JsonParseResult ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() >= UINT32_MAX) {
    return {std::nullopt, JsonError{{0, 0}, "file too large (4 GiB or more)"}};
  }
  JsonParser parser(text, limits);
  return parser.Run();
}

void AppendJsonString(std::string& out, std::string_view value) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

}  // namespace iamlint::parse

#pragma once
// Values computed from infrastructure code (Terraform expressions, plan files), each remembering
// where it was written, so a policy built from them is located in the original file.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/source_file.h"
#include "analyzer/core/unknown.h"
#include "analyzer/parse/json.h"

namespace iamlint::extract {

/// A value with its source location.
struct Value {
  enum class Kind { kUnknown, kNull, kBool, kNumber, kString, kTuple, kObject };
  struct Member;

  Kind kind = Kind::kUnknown;
  const SourceFile* file = nullptr;  // the file `range` and `spans` point into
  ByteRange range;                   // the expression that produced the value
  std::string text;                  // string, number, bool; unknown: what it depends on
  std::vector<ByteRange> spans;      // string: source span of each byte of text
  std::vector<Value> items;          // tuple
  std::vector<Member> members;       // object, in source order
  bool encoded = false;       // tuple/object that stands for its JSON encoding (jsonencode, .json)
  bool alternatives = false;  // tuple of the branches of a condition not known (Fn::If)

  static Value Unknown(std::string what, const SourceFile* file, ByteRange range);
  static Value String(std::string text, const SourceFile* file, ByteRange range);

  bool known() const { return kind != Kind::kUnknown; }
  bool is_string() const { return kind == Kind::kString; }
  /// The member called `key`, or nullptr.
  const Value* Find(std::string_view key) const;
  /// Points the value and everything inside it at `range` of `file` (used when a value written
  /// in one file is placed inside an expression of another).
  void Rebase(const SourceFile* to, ByteRange at);
  /// Source range of bytes [begin, end) of a string's text.
  ByteRange SpanOf(uint32_t begin, uint32_t end) const;
};

struct Value::Member {
  std::string key;
  ByteRange key_range;
  Value value;
};

/// Converts a JSON value into a Value whose positions come from `span` (which maps a range of
/// the parsed text to a range in `file`).
template <typename SpanMap>
Value ValueFromJson(const parse::JsonDocument& doc, parse::NodeId node, const SourceFile* file,
                    SpanMap&& span, int depth = 0);

/// Decodes the JSON string token at `range` (quotes included) of `file`, keeping the source span
/// of each decoded byte (escapes map to their whole sequence).
Value DecodeJsonString(const SourceFile& file, ByteRange range);

/// A JSON value of `file` (parsed from its text) as a Value with exact positions: each byte of
/// each string is located, through escapes.
Value ValueFromJsonSource(const SourceFile& file, const parse::JsonDocument& doc,
                          parse::NodeId node, int depth = 0);

/// A located JSON document built from a structured value (object keys and string values keep
/// their ranges); unknown leaves become unknown-segment strings.
parse::JsonDocument JsonFromValue(const Value& value);

}  // namespace iamlint::extract

#include "analyzer/extract/value_inl.h"

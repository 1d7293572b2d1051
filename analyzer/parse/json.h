#pragma once
// A JSON parser that keeps the byte range of every value. It never recurses on input depth
// (an explicit stack bounds nesting) and reports bad input as a located error, not an exception.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_file.h"

namespace iamlint::parse {

/// JSON value types.
enum class JsonType : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

/// Index of a node in a JsonDocument.
using NodeId = uint32_t;

/// One parsed value with its source range.
struct JsonNode {
  JsonType type = JsonType::kNull;
  bool bool_value = false;
  bool in_pool = false;  // string value lives in the decoded pool (it had escapes)
  ByteRange range;       // the whole token, quotes and brackets included
  uint32_t first = 0;    // string: value offset; container: first index into children
  uint32_t count = 0;    // string: value length; array: elements; object: members
};

/// Limits that keep hostile input bounded.
struct JsonLimits {
  uint32_t max_depth = 512;
};

/// A parsed document: flat node arena plus child lists.
class JsonDocument {
 public:
  /// A key and its value inside an object.
  struct Member {
    NodeId key;
    NodeId value;
  };

  /// The top-level value.
  // NOLINTNEXTLINE(readability-convert-member-functions-to-static): a property of the document
  NodeId root() const { return 0; }
  /// The node with id `id`.
  const JsonNode& node(NodeId id) const { return nodes_[id]; }
  /// Type of node `id`.
  JsonType type(NodeId id) const { return nodes_[id].type; }
  /// Byte range of node `id`.
  ByteRange range(NodeId id) const { return nodes_[id].range; }
  /// Decoded string value (strings), raw text (numbers), "true"/"false"/"null" otherwise.
  std::string_view Text(NodeId id) const;
  /// Number of elements (arrays) or members (objects).
  uint32_t size(NodeId id) const { return nodes_[id].count; }
  /// Element `i` of an array.
  NodeId Element(NodeId array, uint32_t i) const { return children_[nodes_[array].first + i]; }
  /// Member `i` of an object.
  Member MemberAt(NodeId object, uint32_t i) const;
  /// The value of the first member whose key equals `key` exactly.
  std::optional<NodeId> Find(NodeId object, std::string_view key) const;
  /// Total number of nodes.
  size_t node_count() const { return nodes_.size(); }

 private:
  friend class JsonParser;
  std::string_view source_;
  std::string pool_;  // decoded strings that contained escapes
  std::vector<JsonNode> nodes_;
  std::vector<NodeId> children_;  // arrays: elements; objects: key, value, key, value...
};

/// A parse failure located in the source.
struct JsonError {
  ByteRange range;
  std::string message;
};

/// Result of ParseJson: a document or an error.
struct JsonParseResult {
  std::optional<JsonDocument> document;
  std::optional<JsonError> error;
};

/// Parses `text` (which must outlive the result). Accepts a leading UTF-8 BOM.
/// Rejects invalid UTF-8, control characters in strings, trailing data and nesting past the limit.
JsonParseResult ParseJson(std::string_view text, const JsonLimits& limits = {});

/// Writes `value` as a JSON string literal (with quotes and escapes) to `out`.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace iamlint::parse

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
  bool in_pool = false;   // string value lives in the decoded pool (it had escapes)
  bool verbatim = false;  // string spelled byte for byte between quotes at `range`
  ByteRange range;        // the whole token, quotes and brackets included
  uint32_t first = 0;     // string: value offset; container: first index into children
  uint32_t count = 0;     // string: value length; array: elements; object: members
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

  /// A copy that owns all its text, with every range passed through `map`: used to place a
  /// document parsed from a decoded string (a Terraform heredoc, a plan value) back into the
  /// file it was written in.
  template <typename Map>
  JsonDocument Relocated(Map&& map) const {
    JsonDocument copy = Detached();
    for (JsonNode& n : copy.nodes_) {
      const ByteRange before = n.range;
      n.range = map(n.range);
      // Still verbatim only if the mapping moved the token without stretching it.
      n.verbatim = n.verbatim && n.range.end - n.range.begin == before.end - before.begin;
    }
    return copy;
  }

 private:
  friend class JsonParser;
  friend class JsonBuilder;
  JsonDocument Detached() const;
  std::string_view source_;
  std::string pool_;  // decoded strings that contained escapes
  std::vector<JsonNode> nodes_;
  std::vector<NodeId> children_;  // arrays: elements; objects: key, value, key, value...
};

/// Builds a document value by value (depth-first, containers opened and closed), for policies
/// that come from another syntax (HCL objects, policy-document blocks). Ranges are whatever the
/// caller says: positions in the file the value was written in.
class JsonBuilder {
 public:
  NodeId String(std::string_view text, ByteRange range, bool verbatim = false);
  NodeId Number(std::string_view text, ByteRange range);
  NodeId Bool(bool value, ByteRange range);
  NodeId Null(ByteRange range);
  /// Opens an array or object; its elements (objects: key string, then value) follow.
  NodeId Open(JsonType type, ByteRange range);
  /// Closes the innermost open container.
  void Close();
  /// The finished document (its root is the first value added).
  JsonDocument Finish();

 private:
  NodeId Add(JsonNode node);
  JsonDocument doc_;
  std::vector<std::pair<NodeId, std::vector<NodeId>>> open_;
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

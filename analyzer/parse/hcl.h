#pragma once
// HCL (Terraform) syntax with positions, parsed into a small expression arena that the
// evaluator walks (by our own parser; tree-sitter-hcl is kept as the reference it is tested
// against). Error-tolerant: syntax errors are listed with their location
// and the rest of the file is kept.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_file.h"

namespace iamlint::parse {

/// Index of an expression in HclFile::exprs.
using ExprId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;

/// What an expression is.
enum class HclExprKind : uint8_t {
  kString,  // a template: literal parts and interpolations (quoted or heredoc)
  kNumber,  // text holds the literal
  kBool,    // text is "true" or "false"
  kNull,
  kTuple,        // items
  kObject,       // pairs
  kCall,         // name(items...)
  kTraversal,    // name.attr[index]... (var.x, local.y, data.t.n.json, aws_iam_role.r.arn)
  kConditional,  // items: condition, then, else
  kForTuple,     // [for key, value in items[0] : items[1] if items[2]]
  kForObject,    // {for key, value in items[0] : items[1] => items[2] if items[3]}
  kOther,        // operators, splats, directives: not evaluated (unknown)
};

/// One part of a template: literal text (escapes decoded) or an interpolated expression.
struct TemplatePart {
  std::string text;               // literal: decoded text
  std::vector<uint32_t> offsets;  // literal: source offset of each byte of text, plus its end
  ExprId expr = kNoExpr;          // interpolation (kNoExpr for literal parts)
  ByteRange range;
};

/// One step after the root name of a traversal.
struct TraversalStep {
  std::string attr;        // `.attr` (empty for an index or splat)
  ExprId index = kNoExpr;  // `[index]`
  bool splat = false;      // `.*` or `[*]`
  ByteRange range;
};

/// One expression with its source range.
struct HclExpr {
  HclExprKind kind = HclExprKind::kOther;
  ByteRange range;
  std::string text;  // number/bool literal, call name, traversal root, kOther: node type
  std::vector<TemplatePart> parts;
  std::vector<ExprId> items;
  std::vector<std::pair<ExprId, ExprId>> pairs;
  std::vector<TraversalStep> steps;
  std::string key_var, value_var;  // for expressions
  bool heredoc = false;
};

/// `name = expr` in a body.
struct HclAttribute {
  std::string name;
  ByteRange name_range;
  ExprId expr = kNoExpr;
};

struct HclBlock;

/// The attributes and nested blocks of a file or block.
struct HclBody {
  std::vector<HclAttribute> attributes;
  std::vector<HclBlock> blocks;

  /// The attribute called `name`, or nullptr.
  const HclAttribute* Attribute(std::string_view name) const;
};

/// `type "label" "label" { body }`.
struct HclBlock {
  std::string type;
  std::vector<std::string> labels;
  ByteRange range;
  ByteRange type_range;
  HclBody body;
};

/// A syntax error found by the parser.
struct HclError {
  ByteRange range;
  std::string message;
};

/// A parsed file.
struct HclFile {
  HclBody body;
  std::vector<HclExpr> exprs;
  std::vector<HclError> errors;
  std::vector<ByteRange> comments;  // kept for suppression comments

  const HclExpr& expr(ExprId id) const { return exprs[id]; }
};

/// Parses HCL text with iamlint's own parser (hcl_native.cpp).
HclFile ParseHcl(std::string_view text);
/// The same with tree-sitter-hcl: the reference the own parser is tested against.
HclFile ParseHclTreeSitter(std::string_view text);

}  // namespace iamlint::parse

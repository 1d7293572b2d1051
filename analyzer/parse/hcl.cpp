#include "analyzer/parse/hcl.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include <tree_sitter/api.h>

#include "analyzer/core/strings.h"

extern "C" const TSLanguage*
tree_sitter_hcl();  // NOLINT(readability-identifier-naming): the grammar's C name

namespace iamlint::parse {

const HclAttribute* HclBody::Attribute(std::string_view name) const {
  for (const HclAttribute& a : attributes) {
    if (a.name == name) {
      return &a;
    }
  }
  return nullptr;
}

namespace {

// Deeper expressions are not evaluated: bounds the recursion on hostile input.
constexpr int kMaxDepth = 200;
constexpr size_t kMaxErrors = 20;

// The named children of `node`. A cursor walk: ts_node_named_child(node, i) costs O(i), which
// made a body of many blocks quadratic.
std::vector<TSNode> Named(TSNode node) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(child)) {
        out.push_back(child);
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

ByteRange RangeOf(TSNode n) {
  return {ts_node_start_byte(n), ts_node_end_byte(n)};
}

bool Is(TSNode n, const char* type) {
  return std::strcmp(ts_node_type(n), type) == 0;
}

// Appends `text` (source bytes [begin, end)) to a literal part, decoding escapes. Quoted strings
// take backslash escapes; heredocs only `$${` and `%%{` (Terraform's heredoc rules).
void DecodeLiteral(std::string_view src, uint32_t begin, uint32_t end, bool backslashes,
                   TemplatePart& part) {
  auto emit = [&](std::string_view bytes, uint32_t at) {
    for (const char c : bytes) {
      part.text += c;
      part.offsets.push_back(at);
    }
  };
  for (uint32_t i = begin; i < end;) {
    const char c = src[i];
    if ((c == '$' || c == '%') && i + 3 <= end && src[i + 1] == c && src[i + 2] == '{') {
      emit(std::string{c, '{'}, i);
      i += 3;
      continue;
    }
    if (backslashes && c == '\\' && i + 1 < end) {
      const char e = src[i + 1];
      std::string decoded;
      uint32_t length = 2;
      switch (e) {
        case 'n':
          decoded = "\n";
          break;
        case 'r':
          decoded = "\r";
          break;
        case 't':
          decoded = "\t";
          break;
        case '"':
          decoded = "\"";
          break;
        case '\\':
          decoded = "\\";
          break;
        case 'u':
        case 'U': {
          const uint32_t digits = e == 'u' ? 4 : 8;
          uint32_t cp = 0;
          bool ok = i + 2 + digits <= end;
          for (uint32_t k = 0; ok && k < digits; ++k) {
            const char h = src[i + 2 + k];
            const int v = std::isxdigit(static_cast<unsigned char>(h)) == 0 ? -1
                          : h <= '9'                                        ? h - '0'
                                                                            : (h | 0x20) - 'a' + 10;
            ok = v >= 0;
            cp = cp * 16 + static_cast<uint32_t>(v);
          }
          if (ok && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
            AppendUtf8(decoded, cp);
            length = 2 + digits;
          } else {
            decoded = std::string(1, e);
          }
          break;
        }
        default:
          decoded = std::string(1, e);
          break;
      }
      emit(decoded, i);
      i += length;
      continue;
    }
    part.text += c;
    part.offsets.push_back(i);
    ++i;
  }
}

class Converter {
 public:
  Converter(std::string_view src, HclFile& file) : src_(src), file_(file) {}

  void Body(TSNode node, HclBody& body, int depth) {
    for (const TSNode child : Named(node)) {
      if (Is(child, "attribute")) {
        Attribute(child, body);
      } else if (Is(child, "block") && depth < kMaxDepth) {
        Block(child, body, depth + 1);
      }
    }
  }

  ExprId Expr(TSNode node, int depth) {
    if (depth > kMaxDepth) {
      return Add(HclExprKind::kOther, node, "too deep");
    }
    if (Is(node, "expression")) {
      return ExpressionNode(node, depth);
    }
    if (Is(node, "literal_value")) {
      return Expr(ts_node_named_child(node, 0), depth + 1);
    }
    if (Is(node, "numeric_lit")) {
      return Add(HclExprKind::kNumber, node, std::string(Text(node)));
    }
    if (Is(node, "bool_lit")) {
      return Add(HclExprKind::kBool, node, std::string(Text(node)));
    }
    if (Is(node, "null_lit")) {
      return Add(HclExprKind::kNull, node, "null");
    }
    if (Is(node, "string_lit") || Is(node, "quoted_template")) {
      return Template(node, false, depth);
    }
    if (Is(node, "template_expr")) {
      const TSNode inner = ts_node_named_child(node, 0);
      return Template(inner, Is(inner, "heredoc_template"), depth);
    }
    if (Is(node, "collection_value")) {
      return Expr(ts_node_named_child(node, 0), depth + 1);
    }
    if (Is(node, "tuple")) {
      const ExprId id = Add(HclExprKind::kTuple, node, "");
      for (const TSNode child : NamedChildren(node, "expression")) {
        const ExprId item = Expr(child, depth + 1);
        file_.exprs[id].items.push_back(item);
      }
      return id;
    }
    if (Is(node, "object")) {
      const ExprId id = Add(HclExprKind::kObject, node, "");
      for (const TSNode elem : NamedChildren(node, "object_elem")) {
        const TSNode key = ts_node_child_by_field_name(elem, "key", 3);
        const TSNode val = ts_node_child_by_field_name(elem, "val", 3);
        if (ts_node_is_null(key) || ts_node_is_null(val)) {
          continue;
        }
        const ExprId k = Expr(key, depth + 1);
        const ExprId v = Expr(val, depth + 1);
        file_.exprs[id].pairs.emplace_back(k, v);
      }
      return id;
    }
    if (Is(node, "function_call")) {
      const TSNode name = ts_node_named_child(node, 0);
      const ExprId id = Add(HclExprKind::kCall, node, std::string(Text(name)));
      for (const TSNode args : Named(node)) {
        if (!Is(args, "function_arguments")) {
          continue;
        }
        for (const TSNode arg : NamedChildren(args, "expression")) {
          const ExprId item = Expr(arg, depth + 1);
          file_.exprs[id].items.push_back(item);
        }
      }
      return id;
    }
    if (Is(node, "variable_expr")) {
      return Add(HclExprKind::kTraversal, node, std::string(Text(ts_node_named_child(node, 0))));
    }
    if (Is(node, "conditional")) {
      const ExprId id = Add(HclExprKind::kConditional, node, "");
      for (const TSNode child : NamedChildren(node, "expression")) {
        const ExprId item = Expr(child, depth + 1);
        file_.exprs[id].items.push_back(item);
      }
      return file_.exprs[id].items.size() == 3 ? id : Add(HclExprKind::kOther, node, "conditional");
    }
    if (Is(node, "for_expr")) {
      return For(ts_node_named_child(node, 0), depth);
    }
    return Add(HclExprKind::kOther, node, ts_node_type(node));
  }

 private:
  std::string_view Text(TSNode n) const {
    return src_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }

  static std::vector<TSNode> NamedChildren(TSNode node, const char* type) {
    std::vector<TSNode> out;
    for (const TSNode child : Named(node)) {
      if (Is(child, type)) {
        out.push_back(child);
      }
    }
    return out;
  }

  ExprId Add(HclExprKind kind, TSNode node, std::string text) {
    HclExpr& e = file_.exprs.emplace_back();
    e.kind = kind;
    e.range = RangeOf(node);
    e.text = std::move(text);
    return static_cast<ExprId>(file_.exprs.size() - 1);
  }

  void Attribute(TSNode node, HclBody& body) {
    const TSNode name = ts_node_named_child(node, 0);
    const TSNode value = ts_node_named_child(node, 1);
    if (ts_node_is_null(name) || ts_node_is_null(value)) {
      return;
    }
    const ExprId expr = Expr(value, 0);
    body.attributes.push_back({std::string(Text(name)), RangeOf(name), expr});
  }

  void Block(TSNode node, HclBody& parent, int depth) {
    HclBlock block;
    block.range = RangeOf(node);
    for (const TSNode child : Named(node)) {
      if (Is(child, "identifier")) {
        if (block.type.empty()) {
          block.type = Text(child);
          block.type_range = RangeOf(child);
        } else {
          block.labels.emplace_back(Text(child));
        }
      } else if (Is(child, "string_lit")) {
        const ExprId label = Template(child, false, depth);
        std::string text;
        for (const TemplatePart& p : file_.exprs[label].parts) {
          text += p.text;
        }
        block.labels.push_back(std::move(text));
      } else if (Is(child, "body")) {
        Body(child, block.body, depth);
      }
    }
    parent.blocks.push_back(std::move(block));
  }

  // `expression` wraps a primary and, for traversals, its get_attr/index/splat steps.
  ExprId ExpressionNode(TSNode node, int depth) {
    const std::vector<TSNode> children = Named(node);
    const size_t n = children.size();
    if (n == 0) {
      return Add(HclExprKind::kOther, node, "empty");
    }
    const TSNode primary = children[0];
    if (n == 1) {
      return Expr(primary, depth + 1);
    }
    ExprId id = 0;
    if (Is(primary, "variable_expr")) {
      id = Add(HclExprKind::kTraversal, node, std::string(Text(ts_node_named_child(primary, 0))));
    } else {
      const ExprId base = Expr(primary, depth + 1);
      id = Add(HclExprKind::kTraversal, node, "");
      file_.exprs[id].items.push_back(base);
    }
    for (size_t i = 1; i < n; ++i) {
      Step(children[i], id, depth);
    }
    return id;
  }

  void Step(TSNode step, ExprId id, int depth) {
    if (Is(step, "get_attr")) {
      const TSNode ident = ts_node_named_child(step, 0);
      if (!ts_node_is_null(ident)) {
        file_.exprs[id].steps.push_back({std::string(Text(ident)), kNoExpr, false, RangeOf(step)});
      }
    } else if (Is(step, "index")) {
      const TSNode inner = ts_node_named_child(step, 0);
      TraversalStep s{"", kNoExpr, false, RangeOf(step)};
      if (!ts_node_is_null(inner) && Is(inner, "new_index")) {
        s.index = Expr(ts_node_named_child(inner, 0), depth + 1);
      } else if (!ts_node_is_null(inner)) {  // legacy `.0`
        const std::string_view t = Text(inner);
        s.attr = t.substr(t.empty() || t[0] != '.' ? 0 : 1);
      }
      file_.exprs[id].steps.push_back(std::move(s));
    } else if (Is(step, "splat")) {
      file_.exprs[id].steps.push_back({"", kNoExpr, true, RangeOf(step)});
    }
  }

  ExprId For(TSNode node, int depth) {
    const bool object = Is(node, "for_object_expr");
    const ExprId id = Add(object ? HclExprKind::kForObject : HclExprKind::kForTuple, node, "");
    std::vector<ExprId> bodies;
    ExprId collection = kNoExpr;
    ExprId cond = kNoExpr;
    for (const TSNode child : Named(node)) {
      if (Is(child, "for_intro")) {
        std::vector<std::string> names;
        for (const TSNode ident : NamedChildren(child, "identifier")) {
          names.emplace_back(Text(ident));
        }
        if (names.size() == 2) {
          file_.exprs[id].key_var = names[0];
          file_.exprs[id].value_var = names[1];
        } else if (names.size() == 1) {
          file_.exprs[id].value_var = names[0];
        }
        const std::vector<TSNode> exprs = NamedChildren(child, "expression");
        if (!exprs.empty()) {
          collection = Expr(exprs[0], depth + 1);
        }
      } else if (Is(child, "expression")) {
        bodies.push_back(Expr(child, depth + 1));
      } else if (Is(child, "for_cond")) {
        const std::vector<TSNode> exprs = NamedChildren(child, "expression");
        if (!exprs.empty()) {
          cond = Expr(exprs[0], depth + 1);
        }
      }
    }
    if (collection == kNoExpr || bodies.size() != (object ? 2U : 1U)) {
      return Add(HclExprKind::kOther, node, "for");
    }
    std::vector<ExprId>& items = file_.exprs[id].items;
    items.push_back(collection);
    items.insert(items.end(), bodies.begin(), bodies.end());
    items.push_back(cond);
    return id;
  }

  ExprId Template(TSNode node, bool heredoc, int depth) {
    const ExprId id = Add(HclExprKind::kString, node, "");
    file_.exprs[id].heredoc = heredoc;
    if (heredoc) {
      Heredoc(node, id, depth);
      return id;
    }
    for (const TSNode child : Named(node)) {
      if (Is(child, "template_literal")) {
        TemplatePart part;
        part.range = RangeOf(child);
        DecodeLiteral(src_, part.range.begin, part.range.end, true, part);
        part.offsets.push_back(part.range.end);
        file_.exprs[id].parts.push_back(std::move(part));
      } else if (Is(child, "template_interpolation") || Is(child, "template_directive")) {
        InterpolationPart(child, id, depth);
      }
    }
    return id;
  }

  void InterpolationPart(TSNode child, ExprId id, int depth) {
    TemplatePart part;
    part.range = RangeOf(child);
    if (Is(child, "template_interpolation")) {
      const std::vector<TSNode> exprs = NamedChildren(child, "expression");
      part.expr = exprs.empty() ? Add(HclExprKind::kOther, child, "interpolation")
                                : Expr(exprs[0], depth + 1);
    } else {
      part.expr = Add(HclExprKind::kOther, child, "template directive");
    }
    file_.exprs[id].parts.push_back(std::move(part));
  }

  // Heredoc content is taken from the source between the opening line and the closing marker's
  // line (tree-sitter drops the first line's indentation from its literal nodes). `<<-` strips
  // the smallest indentation of the non-blank lines; offsets skip what was stripped.
  void Heredoc(TSNode node, ExprId id, int depth) {
    std::vector<TSNode> markers = NamedChildren(node, "heredoc_identifier");
    const bool indented = Text(node).substr(0, 3) == "<<-";
    if (markers.size() < 2) {
      return;  // unterminated: the syntax error is reported
    }
    const uint32_t open_end = ts_node_end_byte(markers.front());
    size_t content_begin = src_.find('\n', open_end);
    content_begin = content_begin == std::string_view::npos ? open_end : content_begin + 1;
    const uint32_t close_begin = ts_node_start_byte(markers.back());
    size_t content_end = src_.rfind('\n', close_begin == 0 ? 0 : close_begin - 1);
    content_end = content_end == std::string_view::npos || content_end < content_begin
                      ? content_begin
                      : content_end + 1;
    std::vector<TSNode> holes;
    for (const TSNode child : Named(node)) {
      if (Is(child, "template_interpolation") || Is(child, "template_directive")) {
        holes.push_back(child);
      }
    }
    const uint32_t strip = indented ? MinIndent(content_begin, content_end) : 0;
    auto b = static_cast<uint32_t>(content_begin);
    const auto e = static_cast<uint32_t>(content_end);
    bool line_start = true;
    auto literal = [&](uint32_t from, uint32_t to) {
      TemplatePart part;
      part.range = {from, to};
      uint32_t i = from;
      while (i < to) {
        if (line_start) {
          uint32_t skipped = 0;
          while (i < to && skipped < strip && (src_[i] == ' ' || src_[i] == '\t')) {
            ++i;
            ++skipped;
          }
          line_start = false;
          continue;
        }
        const size_t nl = src_.find('\n', i);
        const uint32_t stop =
            nl == std::string_view::npos || nl >= to ? to : static_cast<uint32_t>(nl) + 1;
        DecodeLiteral(src_, i, stop, false, part);
        line_start = stop > i && src_[stop - 1] == '\n';
        i = stop;
      }
      part.offsets.push_back(to);
      file_.exprs[id].parts.push_back(std::move(part));
    };
    for (const TSNode hole : holes) {
      const uint32_t hb = ts_node_start_byte(hole);
      if (hb < b || hb >= e) {
        continue;
      }
      literal(b, hb);
      InterpolationPart(hole, id, depth);
      line_start = false;
      b = ts_node_end_byte(hole);
    }
    if (b < e) {
      literal(b, e);
    }
  }

  uint32_t MinIndent(size_t begin, size_t end) const {
    uint32_t best = UINT32_MAX;
    size_t i = begin;
    while (i < end) {
      uint32_t indent = 0;
      size_t j = i;
      while (j < end && (src_[j] == ' ' || src_[j] == '\t')) {
        ++indent;
        ++j;
      }
      if (j < end && src_[j] != '\n' && src_[j] != '\r') {
        best = std::min(best, indent);
      }
      const size_t nl = src_.find('\n', j);
      i = nl == std::string_view::npos ? end : nl + 1;
    }
    return best == UINT32_MAX ? 0 : best;
  }

  std::string_view src_;
  HclFile& file_;
};

void CollectErrors(TSNode node, std::string_view src, std::vector<HclError>& errors) {
  // Iterative walk: error trees can be deep.
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  bool more = true;
  while (more && errors.size() < kMaxErrors) {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    bool descend = ts_node_has_error(n);
    if (ts_node_is_missing(n)) {
      errors.push_back(
          {RangeOf(n), std::string("syntax error: missing '") + ts_node_type(n) + "'"});
      descend = false;
    } else if (ts_node_is_error(n)) {
      const ByteRange r = RangeOf(n);
      const std::string_view text = src.substr(r.begin, std::min<uint32_t>(r.end - r.begin, 20));
      const size_t nl = text.find('\n');
      errors.push_back({{r.begin, std::min<uint32_t>(r.end, r.begin + 1)},
                        "syntax error near '" + std::string(text.substr(0, nl)) + "'"});
      descend = false;
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
}

void CollectComments(TSNode root, std::vector<ByteRange>& comments) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool more = true;
  while (more) {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    if (Is(n, "comment")) {
      comments.push_back(RangeOf(n));
    } else if (ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace

HclFile ParseHclTreeSitter(std::string_view text) {
  HclFile file;
  const std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(),
                                                                      ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_hcl());
  const std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
      ts_parser_parse_string(parser.get(), nullptr, text.data(),
                             static_cast<uint32_t>(text.size())),
      ts_tree_delete);
  if (!tree) {
    file.errors.push_back({{0, 0}, "the HCL parser gave up on this file"});
    return file;
  }
  const TSNode root = ts_tree_root_node(tree.get());
  if (ts_node_has_error(root)) {
    CollectErrors(root, text, file.errors);
  }
  CollectComments(root, file.comments);
  Converter converter(text, file);
  for (const TSNode child : Named(root)) {
    if (Is(child, "body")) {
      converter.Body(child, file.body, 0);
    }
  }
  return file;
}

}  // namespace iamlint::parse

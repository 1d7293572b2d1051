#include "analyzer/extract/yaml.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include <tree_sitter/api.h>

#include "analyzer/core/strings.h"

extern "C" const TSLanguage*
tree_sitter_yaml();  // NOLINT(readability-identifier-naming): the grammar's C name

namespace iamlint::extract {
namespace {

constexpr int kMaxDepth = 200;
// Values produced by expanding aliases, in nodes: far above any real template, far below what
// an alias bomb asks for.
constexpr size_t kAliasBudget = 1'000'000;
constexpr size_t kMaxErrors = 20;

ByteRange RangeOf(TSNode n) {
  return {ts_node_start_byte(n), ts_node_end_byte(n)};
}

bool Is(TSNode n, const char* type) {
  return std::strcmp(ts_node_type(n), type) == 0;
}

struct Child {
  TSNode node;
  const char* field;
};

// The named children of `node`; comments among them go to `comments` (when given).
std::vector<Child> Children(TSNode node, std::vector<ByteRange>* comments = nullptr) {
  std::vector<Child> out;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      if (comments != nullptr && Is(child, "comment")) {
        comments->push_back(RangeOf(child));
      } else if (ts_node_is_named(child)) {
        out.push_back({child, ts_tree_cursor_current_field_name(&cursor)});
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

size_t CountNodes(const Value& v) {
  size_t n = 1;
  for (const Value& item : v.items) {
    n += CountNodes(item);
  }
  for (const Value::Member& m : v.members) {
    n += CountNodes(m.value);
  }
  return n;
}

// CloudFormation's short-form tags and their long forms.
const char* LongForm(std::string_view tag) {
  static const std::map<std::string_view, const char*, std::less<>> kTags{
      {"!Ref", "Ref"},
      {"!Condition", "Condition"},
      {"!Sub", "Fn::Sub"},
      {"!GetAtt", "Fn::GetAtt"},
      {"!Join", "Fn::Join"},
      {"!Select", "Fn::Select"},
      {"!Split", "Fn::Split"},
      {"!If", "Fn::If"},
      {"!FindInMap", "Fn::FindInMap"},
      {"!ImportValue", "Fn::ImportValue"},
      {"!Base64", "Fn::Base64"},
      {"!Cidr", "Fn::Cidr"},
      {"!GetAZs", "Fn::GetAZs"},
      {"!Equals", "Fn::Equals"},
      {"!And", "Fn::And"},
      {"!Or", "Fn::Or"},
      {"!Not", "Fn::Not"},
      {"!Transform", "Fn::Transform"},
      {"!Length", "Fn::Length"},
      {"!ToJsonString", "Fn::ToJsonString"},
      {"!GetStackOutput", "Fn::GetStackOutput"},
  };
  auto it = kTags.find(tag);
  return it == kTags.end() ? nullptr : it->second;
}

class Reader {
 public:
  Reader(const SourceFile& file, YamlStream& out) : file_(file), s_(file.text()), out_(out) {}

  void Stream(TSNode root) {
    for (const Child& doc : Children(root, &out_.comments)) {
      if (!Is(doc.node, "document")) {
        continue;
      }
      anchors_.clear();
      for (const Child& c : Children(doc.node, &out_.comments)) {
        if (Is(c.node, "block_node") || Is(c.node, "flow_node")) {
          out_.documents.push_back(Node(c.node, 0));
          break;
        }
      }
    }
  }

 private:
  void Error(ByteRange at, std::string message) {
    if (errors_++ < kMaxErrors) {
      out_.errors.push_back({file_.path(), at, std::move(message)});
    }
  }

  Value Null(ByteRange at) const {
    Value v;
    v.kind = Value::Kind::kNull;
    v.file = &file_;
    v.range = at;
    return v;
  }

  // block_node / flow_node: optional anchor and tag, then the content.
  Value Node(TSNode node, int depth) {
    if (depth > kMaxDepth) {
      Error(RangeOf(node), "YAML nested too deeply");
      return Value::Unknown("nested too deeply", &file_, RangeOf(node));
    }
    std::string anchor;
    std::string tag;
    ByteRange tag_range;
    Value value = Null(RangeOf(node));
    bool content = false;
    for (const Child& c : Children(node, &out_.comments)) {
      if (Is(c.node, "anchor")) {
        for (const Child& n : Children(c.node)) {
          anchor = Text(n.node);
        }
      } else if (Is(c.node, "tag")) {
        tag = Text(c.node);
        tag_range = RangeOf(c.node);
      } else if (!Is(c.node, "comment")) {
        value = Content(c.node, depth);
        content = true;
      }
    }
    if (!content) {
      value = Null(tag.empty() ? RangeOf(node) : tag_range);
    }
    if (!tag.empty() && tag != "!" && !tag.starts_with("!!")) {
      const char* long_form = LongForm(tag);
      if (long_form == nullptr) {
        Error(tag_range, "unknown tag '" + tag + "': CloudFormation knows !Ref, !Sub, !GetAtt, " +
                             "!Join, !If, !FindInMap... (and the long forms)");
      } else {
        Value wrapped;
        wrapped.kind = Value::Kind::kObject;
        wrapped.file = &file_;
        wrapped.range = RangeOf(node);
        wrapped.members.push_back({long_form, tag_range, std::move(value)});
        value = std::move(wrapped);
      }
    }
    if (!anchor.empty()) {
      anchors_[anchor] = {value, CountNodes(value)};
    }
    return value;
  }

  Value Content(TSNode node, int depth) {
    if (Is(node, "block_mapping") || Is(node, "flow_mapping")) {
      return Mapping(node, depth);
    }
    if (Is(node, "block_sequence") || Is(node, "flow_sequence")) {
      return Sequence(node, depth);
    }
    if (Is(node, "plain_scalar")) {
      return Plain(node);
    }
    if (Is(node, "double_quote_scalar")) {
      return DoubleQuoted(node);
    }
    if (Is(node, "single_quote_scalar")) {
      return SingleQuoted(node);
    }
    if (Is(node, "block_scalar")) {
      return BlockScalar(node);
    }
    if (Is(node, "alias")) {
      return Alias(node);
    }
    if (Is(node, "block_node") || Is(node, "flow_node")) {
      return Node(node, depth + 1);
    }
    return Value::Unknown("YAML " + std::string(ts_node_type(node)), &file_, RangeOf(node));
  }

  Value Alias(TSNode node) {
    std::string name;
    for (const Child& n : Children(node)) {
      name = Text(n.node);
    }
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      Error(RangeOf(node), "alias '*" + name + "' refers to no anchor defined before it");
      return Value::Unknown("alias *" + name, &file_, RangeOf(node));
    }
    if (it->second.second > kAliasBudget - std::min(kAliasBudget, expanded_)) {
      if (!bomb_reported_) {
        Error(RangeOf(node), "alias expansion exceeds " + std::to_string(kAliasBudget) +
                                 " values (an alias bomb?): the rest of the document is not read");
        bomb_reported_ = true;
      }
      return Value::Unknown("alias *" + name, &file_, RangeOf(node));
    }
    expanded_ += it->second.second;
    Value copy = it->second.first;
    copy.Rebase(&file_, RangeOf(node));  // findings point at the alias: that is where it is used
    return copy;
  }

  // One key: value pair (block or flow), or a lone flow key, into `v`.
  void AddPair(TSNode pair, int depth, Value& v) {
    TSNode key_node{};
    TSNode value_node{};
    bool has_key = false;
    bool has_value = false;
    if (Is(pair, "flow_node")) {  // {a, b}: keys without values
      key_node = pair;
      has_key = true;
    } else {
      for (const Child& c : Children(pair, &out_.comments)) {
        if (c.field != nullptr && std::strcmp(c.field, "key") == 0) {
          key_node = c.node;
          has_key = true;
        } else if (c.field != nullptr && std::strcmp(c.field, "value") == 0) {
          value_node = c.node;
          has_value = true;
        }
      }
    }
    if (!has_key) {
      return;
    }
    const Value key = Node(key_node, depth + 1);
    Value value = has_value ? Node(value_node, depth + 1) : Null(RangeOf(pair));
    std::string name = key.kind == Value::Kind::kString ? key.text : Text(key_node);
    if (key.kind == Value::Kind::kNull) {
      name.clear();
    }
    v.members.push_back({std::move(name), RangeOf(key_node), std::move(value)});
  }

  Value Object(ByteRange range) const {
    Value v;
    v.kind = Value::Kind::kObject;
    v.file = &file_;
    v.range = range;
    return v;
  }

  Value Mapping(TSNode node, int depth) {
    Value v = Object(RangeOf(node));
    for (const Child& pair : Children(node, &out_.comments)) {
      if (Is(pair.node, "block_mapping_pair") || Is(pair.node, "flow_pair") ||
          Is(pair.node, "flow_node")) {
        AddPair(pair.node, depth, v);
      }
    }
    return v;
  }

  Value Sequence(TSNode node, int depth) {
    Value v;
    v.kind = Value::Kind::kTuple;
    v.file = &file_;
    v.range = RangeOf(node);
    for (const Child& item : Children(node, &out_.comments)) {
      if (Is(item.node, "block_sequence_item")) {
        bool any = false;
        for (const Child& c : Children(item.node, &out_.comments)) {
          if (Is(c.node, "block_node") || Is(c.node, "flow_node")) {
            v.items.push_back(Node(c.node, depth + 1));
            any = true;
          }
        }
        if (!any) {
          v.items.push_back(Null(RangeOf(item.node)));
        }
      } else if (Is(item.node, "flow_node")) {
        v.items.push_back(Node(item.node, depth + 1));
      } else if (Is(item.node, "flow_pair")) {  // [a: b] is a one-pair mapping
        Value pair = Object(RangeOf(item.node));
        AddPair(item.node, depth, pair);
        v.items.push_back(std::move(pair));
      }
    }
    return v;
  }

  std::string Text(TSNode n) const {
    return std::string(
        s_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n)));
  }

  static void Push(Value& v, char c, uint32_t begin, uint32_t end) {
    v.text += c;
    v.spans.push_back({begin, end});
  }

  // Lines of a multi-line flow scalar fold: a line break becomes a space, an empty line a
  // newline; leading and trailing blanks of the lines go.
  template <typename Unit>
  Value Folded(ByteRange r, Unit&& unit) {
    Value v = Value::String("", &file_, r);
    v.spans.clear();
    uint32_t i = r.begin;
    while (i < r.end) {
      if (s_[i] == '\n' || s_[i] == '\r') {
        // Drop trailing blanks already emitted on this line.
        while (!v.text.empty() && (v.text.back() == ' ' || v.text.back() == '\t')) {
          v.text.pop_back();
          v.spans.pop_back();
        }
        int breaks = 0;
        uint32_t j = i;
        while (j < r.end && (s_[j] == '\n' || s_[j] == '\r' || s_[j] == ' ' || s_[j] == '\t')) {
          breaks += s_[j] == '\n' ? 1 : 0;
          ++j;
        }
        if (breaks <= 1) {
          Push(v, ' ', i, i + 1);
        } else {
          for (int k = 1; k < breaks; ++k) {
            Push(v, '\n', i, i + 1);
          }
        }
        i = j;
        continue;
      }
      i = unit(v, i);
    }
    return v;
  }

  Value Plain(TSNode node) {
    return Folded(RangeOf(node), [&](Value& v, uint32_t i) {
      Push(v, s_[i], i, i + 1);
      return i + 1;
    });
  }

  Value SingleQuoted(TSNode node) {
    ByteRange r = RangeOf(node);
    Value v =
        Folded({r.begin + 1, r.end > r.begin + 1 ? r.end - 1 : r.end}, [&](Value& v2, uint32_t i) {
          if (s_[i] == '\'' && i + 1 < s_.size() && s_[i + 1] == '\'') {
            Push(v2, '\'', i, i + 2);
            return i + 2;
          }
          Push(v2, s_[i], i, i + 1);
          return i + 1;
        });
    v.range = r;
    return v;
  }

  Value DoubleQuoted(TSNode node) {
    ByteRange r = RangeOf(node);
    Value v =
        Folded({r.begin + 1, r.end > r.begin + 1 ? r.end - 1 : r.end}, [&](Value& v2, uint32_t i) {
          if (s_[i] != '\\' || i + 1 >= s_.size()) {
            Push(v2, s_[i], i, i + 1);
            return i + 1;
          }
          const char e = s_[i + 1];
          std::string decoded;
          uint32_t length = 2;
          switch (e) {
            case 'n':
              decoded = "\n";
              break;
            case 't':
            case '\t':
              decoded = "\t";
              break;
            case 'r':
              decoded = "\r";
              break;
            case '0':
              decoded = std::string(1, '\0');
              break;
            case 'a':
              decoded = "\a";
              break;
            case 'b':
              decoded = "\b";
              break;
            case 'e':
              decoded = "\x1B";
              break;
            case 'f':
              decoded = "\f";
              break;
            case 'v':
              decoded = "\v";
              break;
            case ' ':
              decoded = " ";
              break;
            case '/':
              decoded = "/";
              break;
            case '"':
              decoded = "\"";
              break;
            case '\\':
              decoded = "\\";
              break;
            case 'N':
              AppendUtf8(decoded, 0x85);
              break;
            case '_':
              AppendUtf8(decoded, 0xA0);
              break;
            case 'L':
              AppendUtf8(decoded, 0x2028);
              break;
            case 'P':
              AppendUtf8(decoded, 0x2029);
              break;
            case 'x':
            case 'u':
            case 'U': {
              const uint32_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
              uint32_t cp = 0;
              bool ok = i + 2 + digits <= r.end;
              for (uint32_t k = 0; ok && k < digits; ++k) {
                const char h = s_[i + 2 + k];
                ok = std::isxdigit(static_cast<unsigned char>(h)) != 0;
                cp = cp * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
              }
              if (ok && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
                AppendUtf8(decoded, cp);
                length = 2 + digits;
              } else {
                decoded = std::string(1, e);
              }
              break;
            }
            case '\n':
              length = 2;
              break;  // escaped line break: joined without a space
            default:
              decoded = std::string(1, e);
              break;
          }
          for (const char d : decoded) {
            Push(v2, d, i, i + length);
          }
          return i + length;
        });
    v.range = r;
    return v;
  }

  // [begin, end) of each line in [from, to).
  std::vector<std::pair<size_t, size_t>> Lines(size_t from, size_t to) const {
    std::vector<std::pair<size_t, size_t>> lines;
    for (size_t at = from; at < to;) {
      size_t eol = s_.find('\n', at);
      eol = eol == std::string_view::npos || eol > to ? to : eol;
      lines.emplace_back(at, eol);
      at = eol + 1;
    }
    return lines;
  }

  // The indentation of the first line that holds text.
  uint32_t FirstIndent(const std::vector<std::pair<size_t, size_t>>& lines) const {
    for (const auto& [b, e] : lines) {
      size_t k = b;
      while (k < e && s_[k] == ' ') {
        ++k;
      }
      if (k < e && s_[k] != '\r') {
        return static_cast<uint32_t>(k - b);
      }
    }
    return 0;
  }

  // `|` literal or `>` folded, with chomping (`-` strip, `+` keep, clip by default) and an
  // optional indentation indicator. Each content byte keeps its position in the file.
  Value BlockScalar(TSNode node) {
    const ByteRange r = RangeOf(node);
    Value v = Value::String("", &file_, r);
    v.spans.clear();
    const size_t header_end = s_.find('\n', r.begin);
    if (header_end == std::string_view::npos || header_end >= r.end) {
      return v;
    }
    const std::string_view header = s_.substr(r.begin, header_end - r.begin);
    const bool folded = !header.empty() && header[0] == '>';
    // Chomping: '-' strip, '+' keep, clip otherwise. An indentation indicator is relative to
    // the parent's indentation; templates do not use it, so the first content line decides.
    const std::string_view indicators = header.substr(0, header.find('#'));
    const size_t chomp_at = indicators.find_first_of("-+");
    const char chomp = chomp_at == std::string_view::npos ? 'c' : indicators[chomp_at];
    const std::vector<std::pair<size_t, size_t>> lines = Lines(header_end + 1, r.end);
    const uint32_t indent = FirstIndent(lines);
    bool previous_text = false;  // folding: the previous line was a normal text line
    size_t pending_breaks = 0;
    for (const auto& [b, e] : lines) {
      const size_t content = std::min(e, b + indent);
      std::string_view line = s_.substr(content, e - content);
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      const bool blank = line.find_first_not_of(' ') == std::string_view::npos;
      if (blank) {
        ++pending_breaks;
        continue;
      }
      const bool more_indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
      if (!v.text.empty() || pending_breaks > 0) {
        const auto at = static_cast<uint32_t>(b);
        if (!folded) {
          for (size_t k = 0; k < pending_breaks + (v.text.empty() ? 0 : 1); ++k) {
            Push(v, '\n', at, at);
          }
        } else if (!v.text.empty()) {
          if (pending_breaks == 0 && previous_text && !more_indented) {
            Push(v, ' ', at, at);
          } else {
            for (size_t k = 0; k < pending_breaks + (previous_text && !more_indented ? 0 : 1);
                 ++k) {
              Push(v, '\n', at, at);
            }
          }
        }
      }
      pending_breaks = 0;
      for (size_t k = 0; k < line.size(); ++k) {
        const auto at = static_cast<uint32_t>(content + k);
        Push(v, line[k], at, at + 1);
      }
      previous_text = !more_indented;
    }
    // Chomping of the final line break(s).
    if (!v.text.empty() && chomp != '-') {
      const auto at = static_cast<uint32_t>(r.end);
      Push(v, '\n', at, at);
      if (chomp == '+') {
        for (size_t k = 0; k < pending_breaks; ++k) {
          Push(v, '\n', at, at);
        }
      }
    }
    return v;
  }

  const SourceFile& file_;
  std::string_view s_;
  YamlStream& out_;
  std::map<std::string, std::pair<Value, size_t>, std::less<>> anchors_;
  size_t expanded_ = 0;
  bool bomb_reported_ = false;
  size_t errors_ = 0;
};

void CollectSyntax(TSNode root, const SourceFile& file, YamlStream& out) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool more = true;
  size_t errors = 0;
  while (more && errors < kMaxErrors) {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    bool descend = ts_node_has_error(n);  // comments are collected while reading
    if (ts_node_is_missing(n)) {
      out.errors.push_back({file.path(), RangeOf(n),
                            std::string("YAML syntax error: missing '") + ts_node_type(n) + "'"});
      ++errors;
      descend = false;
    } else if (ts_node_is_error(n)) {
      // tree-sitter-yaml's recovery often wraps everything before the problem into the error
      // node: the place where reading failed is its end (the token it could not take).
      const ByteRange r = RangeOf(n);
      const auto size = static_cast<uint32_t>(file.text().size());
      const uint32_t at = r.end < size ? r.end : (r.end > r.begin ? r.end - 1 : r.begin);
      const std::string_view next = file.text().substr(at, 20);
      const std::string shown(next.substr(0, std::min(next.find('\n'), next.size())));
      out.errors.push_back({file.path(), ByteRange{at, std::min(at + 1, size)},
                            shown.empty() ? std::string("YAML syntax error at the end of the file")
                                          : "YAML syntax error at '" + shown + "'"});
      ++errors;
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

}  // namespace

namespace {

// Large templates are parsed in pieces: tree-sitter-yaml's tree takes about 55 bytes per byte
// of input (565 MB for a 10 MB template). A single-document template without anchors is cut
// between the entries of its Resources map; each piece is parsed alone through included
// ranges (so positions stay those of the file) and the entries are put back together.
constexpr size_t kChunkedAbove = 2 << 20;
constexpr size_t kChunkBytes = 1 << 20;

struct ChunkPlan {
  size_t resources_line = 0;  // start of the "Resources:" line
  size_t first_entry = 0;     // start of the first entry's line
  size_t end = 0;             // end of the Resources block
  std::vector<size_t> entries;
};

std::optional<ChunkPlan> PlanChunks(std::string_view text) {
  // Anchors (or what might be one) could link entries across pieces; several documents too.
  for (size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    if (at + 1 < text.size() && (at == 0 || text[at - 1] == ' ' || text[at - 1] == '-') &&
        text[at + 1] != ' ') {
      return std::nullopt;
    }
  }
  if (text.find("\n---") != std::string_view::npos ||
      text.find("\n...") != std::string_view::npos) {
    return std::nullopt;
  }
  ChunkPlan plan;
  bool in_resources = false;
  size_t indent = 0;
  for (size_t line = 0; line < text.size();) {
    size_t eol = text.find('\n', line);
    eol = eol == std::string_view::npos ? text.size() : eol;
    const std::string_view content = text.substr(line, eol - line);
    const size_t first = content.find_first_not_of(' ');
    const bool blank =
        first == std::string_view::npos || content[first] == '#' || content[first] == '\r';
    if (!in_resources) {
      if (content.starts_with("Resources:") &&
          content.substr(10).find_first_not_of(" \r") == std::string_view::npos) {
        in_resources = true;
        plan.resources_line = line;
      }
    } else if (!blank) {
      if (first == 0) {  // the next top-level key
        plan.end = line;
        break;
      }
      if (indent == 0) {
        indent = first;
        plan.first_entry = line;
      }
      if (first < indent || content[first] == '\t') {
        return std::nullopt;
      }
      if (first == indent) {
        plan.entries.push_back(line);
      }
    }
    line = eol + 1;
  }
  if (!in_resources || plan.entries.size() < 2) {
    return std::nullopt;
  }
  if (plan.end == 0) {
    plan.end = text.size();
  }
  return plan;
}

// Row/column (bytes) of offsets, for tree-sitter's included ranges.
class Points {
 public:
  explicit Points(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        starts_.push_back(static_cast<uint32_t>(i + 1));
      }
    }
  }
  TSPoint At(uint32_t offset) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto row = static_cast<uint32_t>(it - starts_.begin()) - 1;
    return {row, offset - starts_[row]};
  }
  TSRange Range(size_t begin, size_t end) const {
    return {At(static_cast<uint32_t>(begin)), At(static_cast<uint32_t>(end)),
            static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
  }

 private:
  std::vector<uint32_t> starts_;
};

using TreePtr = std::unique_ptr<TSTree, decltype(&ts_tree_delete)>;

// Parses the included ranges of `file` (all of it when empty) and reads the documents.
void ParseInto(const SourceFile& file, const std::vector<TSRange>& ranges, YamlStream& out) {
  const std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(),
                                                                      ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_yaml());
  if (!ranges.empty()) {
    ts_parser_set_included_ranges(parser.get(), ranges.data(),
                                  static_cast<uint32_t>(ranges.size()));
  }
  const std::string_view text = file.text();
  const TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, text.data(),
                                            static_cast<uint32_t>(text.size())),
                     ts_tree_delete);
  if (!tree) {
    out.errors.push_back({file.path(), ByteRange{0, 0}, "the YAML parser gave up on this file"});
    return;
  }
  const TSNode root = ts_tree_root_node(tree.get());
  if (ts_node_has_error(root)) {
    CollectSyntax(root, file, out);
  }
  Reader reader(file, out);
  reader.Stream(root);
}

}  // namespace

YamlStream ReadYaml(const SourceFile& file, bool pieces) {
  YamlStream out;
  const std::string_view text = file.text();
  const std::optional<ChunkPlan> plan =
      pieces && text.size() > kChunkedAbove ? PlanChunks(text) : std::nullopt;
  if (!plan) {
    ParseInto(file, {}, out);
    return out;
  }
  const Points points(text);
  // Everything but the Resources entries: parameters, conditions, mappings, outputs.
  ParseInto(file, {points.Range(0, plan->first_entry), points.Range(plan->end, text.size())}, out);
  if (out.documents.empty() || out.documents[0].kind != Value::Kind::kObject) {
    out = {};
    ParseInto(file, {}, out);
    return out;
  }
  Value resources;
  resources.kind = Value::Kind::kObject;
  resources.file = &file;
  resources.range = {static_cast<uint32_t>(plan->resources_line), static_cast<uint32_t>(plan->end)};
  for (size_t i = 0; i < plan->entries.size();) {
    const size_t begin = plan->entries[i];
    size_t j = i + 1;
    while (j < plan->entries.size() && plan->entries[j] - begin < kChunkBytes) {
      ++j;
    }
    const size_t end = j < plan->entries.size() ? plan->entries[j] : plan->end;
    YamlStream piece;
    ParseInto(file,
              {points.Range(plan->resources_line, plan->first_entry), points.Range(begin, end)},
              piece);
    out.errors.insert(out.errors.end(), piece.errors.begin(), piece.errors.end());
    out.comments.insert(out.comments.end(), piece.comments.begin(), piece.comments.end());
    if (!piece.documents.empty()) {
      auto* r = const_cast<Value*>(piece.documents[0].Find("Resources"));
      if (r != nullptr && r->kind == Value::Kind::kObject) {
        for (Value::Member& m : r->members) {
          resources.members.push_back(std::move(m));
        }
      }
    }
    i = j;
  }
  Value& root = out.documents[0];
  auto slot = std::find_if(root.members.begin(), root.members.end(),
                           [](const Value::Member& m) { return m.key == "Resources"; });
  if (slot != root.members.end()) {
    slot->value = std::move(resources);
  } else {
    const ByteRange at = resources.range;
    root.members.push_back({"Resources", at, std::move(resources)});
  }
  // The pieces share the lines before the first entry: keep each comment once.
  std::sort(out.comments.begin(), out.comments.end(),
            [](const ByteRange& x, const ByteRange& y) { return x.begin < y.begin; });
  out.comments.erase(std::unique(out.comments.begin(), out.comments.end()), out.comments.end());
  return out;
}

}  // namespace iamlint::extract

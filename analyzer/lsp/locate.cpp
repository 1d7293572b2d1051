#include "analyzer/lsp/locate.h"

#include <algorithm>

#include "analyzer/core/strings.h"

namespace iamlint::lsp {
namespace {

bool Contains(ByteRange range, uint32_t offset) {
  return range.begin <= offset && offset <= range.end && range.end > range.begin;
}

// Keeps the narrowest hit: a condition value inside a key's range never happens, but a
// Terraform value may share its range with the expression it came from.
void Consider(std::optional<ModelHit>& best, const ModelHit& hit, uint32_t offset) {
  if (!Contains(hit.value->range, offset)) {
    return;
  }
  const auto width = [](const ModelHit& h) {
    return h.value->range.end - h.value->range.begin;
  };
  if (!best || width(hit) < width(*best)) {
    best = hit;
  }
}

void ConsiderStatement(std::optional<ModelHit>& best, const PolicyResult& policy,
                       const Statement& st, uint32_t offset) {
  for (const Located& a : st.actions) {
    Consider(best, {ValueKind::kAction, &policy, &st, &a, nullptr}, offset);
  }
  for (const Located& r : st.resources) {
    Consider(best, {ValueKind::kResource, &policy, &st, &r, nullptr}, offset);
  }
  for (const ConditionTest& t : st.conditions) {
    Consider(best, {ValueKind::kConditionOperator, &policy, &st, &t.operator_name, &t}, offset);
    Consider(best, {ValueKind::kConditionKey, &policy, &st, &t.key, &t}, offset);
    for (const Located& v : t.values) {
      Consider(best, {ValueKind::kConditionValue, &policy, &st, &v, &t}, offset);
    }
  }
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == ':' || c == '.' || c == '*' || c == '?' || c == '/';
}

// A character of an HCL identifier, number or reference (`var.x`, `true`, `2`).
bool IsBareChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// The start of the line holding `offset`.
size_t LineStart(std::string_view text, size_t offset) {
  const size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

size_t LineEnd(std::string_view text, size_t offset) {
  const size_t nl = text.find('\n', offset);
  return nl == std::string_view::npos ? text.size() : nl;
}

// A quoted string of the line around `offset`: the quotes before it on its line are counted,
// so a cursor inside an unterminated string (the user is typing) is found too.
std::optional<Token> QuotedTokenAt(std::string_view text, size_t offset, bool yaml) {
  const size_t start = LineStart(text, offset);
  char open = 0;
  size_t open_at = 0;
  for (size_t i = start; i < offset; ++i) {
    const char c = text[i];
    if (open != 0) {
      if (c == '\\' && open == '"') {
        ++i;
      } else if (c == open) {
        open = 0;
      }
    } else if (c == '"' || (yaml && c == '\'')) {
      open = c;
      open_at = i;
    } else if (c == '#' && (i == start || IsSpace(text[i - 1]))) {
      return std::nullopt;  // a comment
    }
  }
  if (open == 0) {
    return std::nullopt;
  }
  const size_t end = LineEnd(text, offset);
  size_t close = offset;
  while (close < end && text[close] != open) {
    close += text[close] == '\\' && open == '"' ? 2 : 1;
  }
  return Token{{static_cast<uint32_t>(open_at + 1), static_cast<uint32_t>(std::min(close, end))},
               open};
}

bool IsFlowOrSpace(char c) {
  return IsSpace(c) || c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// A YAML plain scalar: it ends at a flow indicator, a space, or ": " (a mapping key).
bool EndsYamlScalar(std::string_view text, size_t i) {
  const char c = text[i];
  if (IsFlowOrSpace(c)) {
    return true;
  }
  return c == ':' && (i + 1 == text.size() || IsSpace(text[i + 1]));
}

std::optional<Token> BareTokenAt(std::string_view text, size_t offset, bool yaml) {
  size_t begin = offset;
  // A YAML scalar may hold colons ("s3:GetObject"): only spaces and flow indicators bound it.
  while (begin > 0 && (yaml ? !IsFlowOrSpace(text[begin - 1]) : IsWordChar(text[begin - 1]))) {
    --begin;
  }
  size_t end = offset;
  while (end < text.size() && (yaml ? !EndsYamlScalar(text, end) : IsWordChar(text[end]))) {
    ++end;
  }
  if (begin < text.size() && text[begin] == '#') {
    return std::nullopt;
  }
  return Token{{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, 0};
}

// One level of nesting while reading JSON or HCL.
struct Frame {
  char kind = '{';           // '{', '[' or '('
  std::string key;           // the key this container is the value of; "" in an array
  bool expect_key = true;    // objects: the next word is a key
  std::string candidate;     // objects: the first word read where a key goes
  std::string pending;       // objects: the key whose value comes next
  bool after_value = false;  // objects: a value was read (an HCL newline ends the member)
  std::vector<std::string> actions;
};

// Reads JSON and HCL (heredocs included: their JSON is read as nested values) up to the
// cursor, keeping the stack of containers and their keys. Tolerant: the text may be broken.
class NestingReader {
 public:
  NestingReader(std::string_view text, size_t offset) : text_(text), offset_(offset) {
    stack_.push_back(Frame{});
  }

  Context Read() {
    size_t i = 0;
    while (i < offset_ && i < text_.size()) {
      const std::optional<size_t> next = Step(i);
      if (!next) {
        break;  // the cursor is inside this token
      }
      i = *next;
    }
    return Result();
  }

 private:
  // Reads the token at `i`; the position after it, or nullopt when it holds the cursor.
  std::optional<size_t> Step(size_t i) {
    const char c = text_[i];
    if (c == '\n') {
      EndLine();
      return i + 1;
    }
    if (c == '#' || (c == '/' && i + 1 < text_.size() && text_[i + 1] == '/')) {
      const size_t end = LineEnd(text_, i);
      return end >= offset_ ? std::nullopt : std::optional<size_t>(end);
    }
    if (c == '"') {
      return ReadString(i);
    }
    if (c == '<' && i + 1 < text_.size() && text_[i + 1] == '<') {
      return SkipHeredocMarker(i + 2);
    }
    if (IsBareChar(c)) {
      size_t end = i;
      while (end < text_.size() && IsBareChar(text_[end])) {
        ++end;
      }
      if (end >= offset_) {
        return std::nullopt;
      }
      OnWord(std::string(text_.substr(i, end - i)));
      return end;
    }
    Punctuation(c);
    return i + 1;
  }

  void Punctuation(char c) {
    Frame& top = stack_.back();
    switch (c) {
      case ':':
      case '=':
        if (top.kind == '{' && top.expect_key) {
          top.pending = top.candidate;
          top.expect_key = false;
        }
        break;
      case '{':
      case '[':
      case '(':
        Push(c);
        break;
      case '}':
      case ']':
      case ')':
        Pop();
        break;
      case ',':
        if (top.kind == '{') {
          ResetMember(top);
        }
        break;
      default:
        break;
    }
  }

  static void ResetMember(Frame& f) {
    f.expect_key = true;
    f.candidate.clear();
    f.pending.clear();
    f.after_value = false;
  }

  void EndLine() {
    Frame& top = stack_.back();
    if (top.kind == '{' && top.after_value) {
      ResetMember(top);
    }
  }

  std::optional<size_t> ReadString(size_t i) {
    size_t j = i + 1;
    int interpolation = 0;  // HCL `${...}`: quotes inside belong to the expression
    while (j < text_.size() && (text_[j] != '"' || interpolation > 0)) {
      if (text_[j] == '\\') {
        ++j;
      } else if (text_[j] == '$' && j + 1 < text_.size() && text_[j + 1] == '{') {
        ++interpolation;
        ++j;
      } else if (text_[j] == '}' && interpolation > 0) {
        --interpolation;
      } else if (text_[j] == '\n') {
        break;
      }
      ++j;
    }
    if (j >= offset_) {
      return std::nullopt;
    }
    OnWord(std::string(text_.substr(i + 1, j - i - 1)));
    return j + 1;
  }

  size_t SkipHeredocMarker(size_t i) {
    if (i < text_.size() && text_[i] == '-') {
      ++i;
    }
    while (i < text_.size() && IsBareChar(text_[i])) {
      ++i;
    }
    return i;
  }

  // The object that collects the actions read at the top of the stack.
  Frame* Owner() {
    const auto it =
        std::find_if(stack_.rbegin(), stack_.rend(), [](const Frame& f) { return f.kind == '{'; });
    return it == stack_.rend() ? nullptr : &*it;
  }

  void OnWord(std::string word) {
    Frame& top = stack_.back();
    if (top.kind == '{' && top.expect_key) {
      if (top.candidate.empty()) {
        top.candidate = std::move(word);  // a block's labels follow its type: keep the type
      }
      return;
    }
    const std::string& key = top.kind == '{' ? top.pending : top.key;
    if (IsActionKey(key)) {
      if (Frame* owner = Owner()) {
        owner->actions.push_back(std::move(word));
      }
    }
    top.after_value = true;
  }

  void Push(char kind) {
    Frame& top = stack_.back();
    Frame f;
    f.kind = kind;
    if (top.kind == '{') {
      f.key = top.expect_key ? top.candidate : top.pending;
    } else if (top.kind == '(') {
      f.key = top.key;  // jsonencode({...}) is the value of the attribute it is written in
    }
    stack_.push_back(std::move(f));
  }

  void Pop() {
    if (stack_.size() <= 1) {
      return;
    }
    stack_.pop_back();
    Frame& top = stack_.back();
    top.after_value = true;
    if (top.kind == '{' && top.expect_key) {
      ResetMember(top);  // an HCL block (`statement { ... }`) ends its member
    }
  }

  Context Result() const {
    Context ctx;
    for (size_t k = 1; k < stack_.size(); ++k) {
      const Frame& f = stack_[k];
      if (!f.key.empty() && (k == 1 || f.kind != '(' || f.key != stack_[k - 1].key)) {
        ctx.path.push_back(f.key);
      }
      ctx.actions.insert(ctx.actions.end(), f.actions.begin(), f.actions.end());
    }
    const Frame& top = stack_.back();
    ctx.key_position = top.kind == '{' && top.expect_key;
    if (top.kind == '{' && !top.expect_key && !top.pending.empty()) {
      ctx.path.push_back(top.pending);
    }
    return ctx;
  }

  std::string_view text_;
  size_t offset_;
  std::vector<Frame> stack_;
};

// One line of YAML block style: its sequence dashes and mapping key.
struct YamlLine {
  bool blank = true;  // empty or a comment
  size_t first_dash = std::string_view::npos;
  size_t key_col = 0;                     // where the key (or the scalar) starts
  size_t colon = std::string_view::npos;  // the key's ": " (relative to the line)
  std::string key;
  bool inline_value = false;  // something follows the key's colon
};

// The position of the ": " that ends a key starting at `i` (a quoted key may hold one), or npos.
size_t KeyColon(std::string_view line, size_t i) {
  size_t search = i;
  if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
    const size_t close = line.find(line[i], i + 1);
    search = close == std::string_view::npos ? line.size() : close;
  }
  for (size_t j = search; j < line.size(); ++j) {
    if (line[j] == ':' && (j + 1 == line.size() || line[j + 1] == ' ' || line[j + 1] == '\t')) {
      return j;
    }
    if (line[j] == ' ' && j + 1 < line.size() && line[j + 1] == '#') {
      break;
    }
  }
  return std::string_view::npos;
}

YamlLine ParseYamlLine(std::string_view line) {
  YamlLine out;
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line[i] == '#') {
    return out;
  }
  out.blank = false;
  while (i < line.size() && line[i] == '-' && (i + 1 == line.size() || line[i + 1] == ' ')) {
    if (out.first_dash == std::string_view::npos) {
      out.first_dash = i;
    }
    i = std::min(line.find_first_not_of(' ', i + 1), line.size());
  }
  out.key_col = i;
  out.colon = KeyColon(line, i);
  if (out.colon == std::string_view::npos) {
    return out;
  }
  std::string_view key = line.substr(i, out.colon - i);
  if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) {
    key = key.substr(1, key.size() - 2);
  }
  out.key = std::string(key);
  const size_t rest = line.find_first_not_of(" \t", out.colon + 1);
  out.inline_value = rest != std::string_view::npos && line[rest] != '#';
  return out;
}

// The keys above line `index` that contain something at column `col` (a sequence item at a
// dash when `from_dash`), outermost first.
std::vector<std::string> YamlParents(const std::vector<std::string_view>& lines, size_t index,
                                     size_t col, bool from_dash) {
  std::vector<std::string> path;
  for (size_t j = index; j > 0 && (col > 0 || from_dash);) {
    --j;
    const YamlLine l = ParseYamlLine(lines[j]);
    if (l.blank) {
      continue;
    }
    const bool has_key = l.colon != std::string_view::npos;
    if (has_key && (l.key_col < col || (from_dash && l.key_col <= col && !l.inline_value))) {
      path.insert(path.begin(), l.key);
      from_dash = l.first_dash != std::string_view::npos;
      col = from_dash ? l.first_dash : l.key_col;
      continue;
    }
    if (l.first_dash != std::string_view::npos && l.first_dash < col) {
      col = l.first_dash;
      from_dash = true;
    }
  }
  return path;
}

Context YamlContextAt(std::string_view text, size_t offset) {
  std::vector<std::string_view> lines;
  const size_t cursor_line_start = LineStart(text, offset);
  for (size_t at = 0; at < cursor_line_start;) {
    const size_t end = LineEnd(text, at);
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  const std::string_view line =
      text.substr(cursor_line_start, LineEnd(text, cursor_line_start) - cursor_line_start);
  const YamlLine l = ParseYamlLine(line);
  const size_t column = offset - cursor_line_start;
  const bool dash = l.first_dash != std::string_view::npos;
  Context ctx;
  if (l.blank) {
    // An empty line: a key of the mapping its indentation is in.
    ctx.path = YamlParents(lines, lines.size(), column, false);
    ctx.key_position = true;
    return ctx;
  }
  ctx.path = YamlParents(lines, lines.size(), dash ? l.first_dash : l.key_col, dash);
  if (l.colon != std::string_view::npos && column > l.colon) {
    ctx.path.push_back(l.key);
  } else {
    // A scalar alone on its line is a sequence item after a dash, a key being typed otherwise.
    ctx.key_position = l.colon != std::string_view::npos || !dash;
  }
  return ctx;
}

}  // namespace

std::optional<ModelHit> ValueAt(const Document& doc, uint32_t offset) {
  std::optional<ModelHit> best;
  for (const PolicyResult& p : doc.scanned.result.policies) {
    for (const Statement& st : p.policy.statements) {
      if (Contains(st.range, offset)) {
        ConsiderStatement(best, p, st, offset);
      }
    }
  }
  return best;
}

std::optional<ModelHit> StatementAt(const Document& doc, uint32_t offset) {
  std::optional<ModelHit> best;
  for (const PolicyResult& p : doc.scanned.result.policies) {
    for (const Statement& st : p.policy.statements) {
      if (Contains(st.range, offset) &&
          (!best || st.range.end - st.range.begin <
                        best->statement->range.end - best->statement->range.begin)) {
        best = ModelHit{ValueKind::kAction, &p, &st, nullptr, nullptr};
      }
    }
  }
  return best;
}

std::optional<Token> TokenAt(std::string_view text, uint32_t offset, Language language) {
  if (offset > text.size()) {
    return std::nullopt;
  }
  const bool yaml = language == Language::kYaml;
  if (auto quoted = QuotedTokenAt(text, offset, yaml)) {
    return quoted;
  }
  if (language == Language::kJson) {
    return std::nullopt;
  }
  return BareTokenAt(text, offset, yaml);
}

Context ContextAt(std::string_view text, uint32_t offset, Language language) {
  const size_t at = std::min<size_t>(offset, text.size());
  if (language == Language::kYaml) {
    return YamlContextAt(text, at);
  }
  return NestingReader(text, at).Read();
}

bool IsActionKey(std::string_view key) {
  return EqualsIgnoreCase(key, "Action") || EqualsIgnoreCase(key, "NotAction") ||
         key == "actions" || key == "not_actions";
}

ByteRange InnerRange(std::string_view text, ByteRange range) {
  if (range.end >= range.begin + 2 && range.end <= text.size()) {
    const char open = text[range.begin];
    if ((open == '"' || open == '\'') && text[range.end - 1] == open) {
      return {range.begin + 1, range.end - 1};
    }
  }
  return range;
}

}  // namespace iamlint::lsp

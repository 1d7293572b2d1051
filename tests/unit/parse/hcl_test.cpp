// The own HCL parser against tree-sitter-hcl: on every HCL file of the fuzz corpus (the
// Terraform fixtures and examples) both must give the same tree, value for value and range for
// range. Plus the cases where the own parser is meant to differ (error messages, nesting).

#include "analyzer/parse/hcl.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace iamlint::parse {
namespace {

// A canonical text of a parsed file: one line per node with its kind and range. Adjacent
// literal parts are merged (the two parsers cut template literals at different places), their
// ends are trimmed of blanks (tree-sitter-hcl drops the blanks next to an interpolation, "in
// ${x}" reads "in" + x: a bug of the reference this test found; Terraform keeps them), and the
// text of unevaluated expressions is left out (it names grammar nodes).
class Dumper {
 public:
  explicit Dumper(const HclFile& f) : f_(f) {}

  std::string Run() {
    Body(f_.body, 0);
    return out_.str();
  }

 private:
  void Line(int depth, const std::string& s) {
    out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << s << '\n';
  }
  static std::string R(ByteRange r) {
    return std::to_string(r.begin) + "-" + std::to_string(r.end);
  }

  void Body(const HclBody& b, int depth) {
    for (const HclAttribute& a : b.attributes) {
      Line(depth, "attr " + a.name + " " + R(a.name_range));
      Expr(a.expr, depth + 1);
    }
    for (const HclBlock& b2 : b.blocks) {
      std::string labels;
      for (const std::string& l : b2.labels) {
        labels += " '" + l + "'";
      }
      Line(depth, "block " + b2.type + labels + " " + R(b2.range));
      Body(b2.body, depth + 1);
    }
  }

  void Expr(ExprId id, int depth) {
    if (id == kNoExpr) {
      Line(depth, "none");
      return;
    }
    const HclExpr& e = f_.expr(id);
    const bool other = e.kind == HclExprKind::kOther;
    Line(depth, "expr " + std::to_string(static_cast<int>(e.kind)) + " " + R(e.range) +
                    (other ? "" : " '" + e.text + "'") + " " + e.key_var + " " + e.value_var);
    std::string literal;
    auto flush = [&] {
      while (!literal.empty() && (literal.back() == ' ' || literal.back() == '\t')) {
        literal.pop_back();
      }
      literal.erase(0, literal.find_first_not_of(" \t") == std::string::npos
                           ? literal.size()
                           : literal.find_first_not_of(" \t"));
      if (!literal.empty()) {
        Line(depth + 1, "literal '" + literal + "'");
        literal.clear();
      }
    };
    for (const TemplatePart& p : e.parts) {
      if (p.expr == kNoExpr) {
        literal += p.text;
      } else {
        flush();
        Expr(p.expr, depth + 1);
      }
    }
    flush();
    if (other) {
      return;
    }
    for (const ExprId item : e.items) {
      Expr(item, depth + 1);
    }
    for (const auto& [k, v] : e.pairs) {
      Expr(k, depth + 1);
      Expr(v, depth + 1);
    }
    for (const TraversalStep& s : e.steps) {
      Line(depth + 1, "step '" + s.attr + "' " + (s.splat ? "*" : ""));
      if (s.index != kNoExpr) {
        Expr(s.index, depth + 2);
      }
    }
  }

  const HclFile& f_;
  std::ostringstream out_;
};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the own HCL parser and tree-sitter-hcl agree on every HCL fixture") {
  const std::filesystem::path source(IAMLINT_SOURCE_DIR);
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"fixtures/terraform", "examples/terraform"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(source / dir)) {
      if (e.path().extension() == ".tf") {
        files.push_back(e.path());
      }
    }
  }
  size_t compared = 0;
  for (const std::filesystem::path& path : files) {
    const std::filesystem::directory_entry entry(path);
    const std::string text = ReadAll(entry.path());
    const HclFile reference = ParseHclTreeSitter(text);
    if (!reference.errors.empty()) {
      continue;  // error recovery differs by design
    }
    CAPTURE(entry.path().filename().string());
    const HclFile own = ParseHcl(text);
    CHECK(own.errors.empty());
    const std::string a = Dumper(own).Run();
    const std::string b = Dumper(reference).Run();
    if (a != b) {
      // Show the first differing line rather than two whole dumps.
      std::istringstream as(a);
      std::istringstream bs(b);
      std::string la;
      std::string lb;
      int line = 0;
      while (std::getline(as, la) && std::getline(bs, lb) && la == lb) {
        ++line;
      }
      CAPTURE(line);
      CHECK(la == lb);
    }
    CHECK(own.comments.size() == reference.comments.size());
    ++compared;
  }
  CHECK(compared >= 15);
}

TEST_CASE("HCL syntax errors are located where the input goes wrong") {
  const HclFile f = ParseHcl("a = { x = 1 y = 2 }\nb = [1, 2\nc = 3\n");
  REQUIRE(f.errors.size() >= 2);
  CHECK(f.errors[0].range.begin == 12);  // `y`: a separator is missing before it
  CHECK(f.body.Attribute("a") != nullptr);
  CHECK(f.expr(f.body.Attribute("a")->expr).pairs.size() == 2);  // read on after the error
}

TEST_CASE("HCL nesting past the limit is an error, not a stack overflow") {
  const std::string deep = "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  const HclFile f = ParseHcl(deep);
  REQUIRE_FALSE(f.errors.empty());
  CHECK(f.errors[0].message.find("nested too deeply") != std::string::npos);
  const std::string blocks = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) {
      s += "b {\n";
    }
    return s;
  }();
  CHECK_FALSE(ParseHcl(blocks).errors.empty());
}

TEST_CASE("heredocs: markers, indentation stripping and positions") {
  const std::string text = "p = <<-EOT\n    {\"a\":\n      1}\n  EOT\nq = 1\n";
  const HclFile f = ParseHcl(text);
  REQUIRE(f.errors.empty());
  const HclExpr& e = f.expr(f.body.Attribute("p")->expr);
  REQUIRE(e.parts.size() == 1);
  CHECK(e.parts[0].text == "{\"a\":\n  1}\n");  // four spaces stripped: the smallest indentation
  CHECK(e.parts[0].offsets[0] == 15);           // the first kept byte in the file
  CHECK(f.body.Attribute("q") != nullptr);
}

}  // namespace iamlint::parse

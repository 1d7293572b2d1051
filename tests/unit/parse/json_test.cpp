#include "analyzer/parse/json.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace iamlint::parse {

TEST_CASE("ParseJson keeps the byte range of every value") {
  const std::string text = R"({"Action": ["s3:GetObject", "*"], "n": -1.5e3, "b": true})";
  const JsonParseResult r = ParseJson(text);
  REQUIRE(r.document);
  const JsonDocument& doc = *r.document;
  const auto action = doc.Find(doc.root(), "Action");
  REQUIRE(action);
  CHECK(doc.size(*action) == 2);
  const NodeId first = doc.Element(*action, 0);
  CHECK(doc.Text(first) == "s3:GetObject");
  CHECK(text.substr(doc.range(first).begin, doc.range(first).end - doc.range(first).begin) ==
        "\"s3:GetObject\"");
  CHECK(doc.Text(*doc.Find(doc.root(), "n")) == "-1.5e3");
  CHECK(doc.type(*doc.Find(doc.root(), "b")) == JsonType::kBool);
}

TEST_CASE("ParseJson decodes escapes, including surrogate pairs") {
  const JsonParseResult r = ParseJson(R"(["a\"b\\\/\n", "\u00e9\ud83d\ude00"])");
  REQUIRE(r.document);
  CHECK(r.document->Text(r.document->Element(0, 0)) == "a\"b\\/\n");
  CHECK(r.document->Text(r.document->Element(0, 1)) == "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("ParseJson reports located errors") {
  struct Bad {
    std::string text;
    uint32_t offset;
  };
  const std::vector<Bad> cases = {
      {"", 0},
      {"{\"a\": 1,}", 8},
      {"{\"a\" 1}", 5},
      {"[1, 2", 5},
      {"{\"a\": tru}", 6},
      {"{\"a\": \"x\ny\"}", 8},
      {"{\"a\": \"\xFF\"}", 7},
      {"{\"a\": \"\xED\xA0\x80\"}", 7},  // encoded surrogate
      {"{\"a\": \"\\ud800\"}", 7},
      {"{} {}", 3},
      {"{'a': 1}", 1},
      {"[01]", 2},
      {"{\"a\": \"\\x\"}", 7},
  };
  for (const Bad& c : cases) {
    CAPTURE(c.text);
    const JsonParseResult r = ParseJson(c.text);
    REQUIRE(r.error);
    CHECK_FALSE(r.document);
    CHECK(r.error->range.begin == c.offset);
  }
}

TEST_CASE("ParseJson bounds nesting without recursion") {
  const std::string deep(100000, '[');
  const JsonParseResult r = ParseJson(deep);
  REQUIRE(r.error);
  CHECK(r.error->message.find("nesting") != std::string::npos);
  std::string ok(500, '[');
  ok += std::string(500, ']');
  CHECK(ParseJson(ok).document);
}

TEST_CASE("ParseJson accepts a UTF-8 byte order mark") {
  CHECK(ParseJson("\xEF\xBB\xBF{\"a\": 1}").document);
}

}  // namespace iamlint::parse

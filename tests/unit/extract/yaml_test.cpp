// The YAML reader: scalar styles with their positions, tags, anchors and the alias budget.

#include "analyzer/extract/yaml.h"

#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace iamlint::extract {
namespace {

// The value of key `key` in the first document of `text`.
Value Read(const std::string& text, const std::string& key, YamlStream* stream_out = nullptr) {
  static std::vector<std::unique_ptr<SourceFile>> keep;  // values point into their file
  keep.push_back(std::make_unique<SourceFile>("t.yaml", text));
  YamlStream s = ReadYaml(*keep.back());
  REQUIRE_FALSE(s.documents.empty());
  const Value* v = s.documents[0].Find(key);
  REQUIRE(v != nullptr);
  Value copy = *v;
  if (stream_out != nullptr) {
    *stream_out = std::move(s);
  }
  return copy;
}

}  // namespace

TEST_CASE("YAML scalars: plain, quoted with escapes, positions of each byte") {
  const std::string text = "a: s3:GetObject\nb: \"x\\ty\\u00e9\"\nc: 'it''s'\n";
  const Value a = Read(text, "a");
  CHECK(a.text == "s3:GetObject");
  CHECK(a.SpanOf(0, 2).begin == 3);
  const Value b = Read(text, "b");
  CHECK(b.text == "x\ty\xC3\xA9");
  CHECK(b.SpanOf(1, 2).begin == 21);  // the \t escape
  CHECK(b.SpanOf(1, 2).end == 23);
  const Value c = Read(text, "c");
  CHECK(c.text == "it's");
}

TEST_CASE("YAML block scalars: literal, folded, chomping") {
  CHECK(Read("a: |\n  one\n  two\n", "a").text == "one\ntwo\n");
  CHECK(Read("a: |-\n  one\n  two\n\n", "a").text == "one\ntwo");
  CHECK(Read("a: |+\n  one\n\n", "a").text == "one\n\n");
  CHECK(Read("a: >-\n  one\n  two\n\n  three\n", "a").text == "one two\nthree");
  CHECK(Read("a: >\n  one\n    more\n  two\n", "a").text == "one\n  more\ntwo\n");
  const Value v = Read("a: >-\n    s3:GetObject\n", "a");
  CHECK(v.text == "s3:GetObject");
  CHECK(v.SpanOf(0, 1).begin == 10);  // the first content byte, indentation skipped
}

TEST_CASE("YAML tags become CloudFormation long forms") {
  const Value v = Read("a: !Sub 'arn:${AWS::Partition}:s3:::x'\nb: !GetAtt R.Arn\n", "a");
  REQUIRE(v.members.size() == 1);
  CHECK(v.members[0].key == "Fn::Sub");
  CHECK(v.members[0].value.text == "arn:${AWS::Partition}:s3:::x");
  YamlStream s;
  Read("a: !Nope x\n", "a", &s);
  REQUIRE_FALSE(s.errors.empty());
  CHECK(s.errors[0].message.find("unknown tag '!Nope'") != std::string::npos);
}

TEST_CASE("YAML anchors, aliases and the expansion budget") {
  const Value v = Read("a: &x [1, 2]\nb: *x\n", "b");
  CHECK(v.items.size() == 2);
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) {
      bomb += std::string(i ? ", *" : "*") + prev;
    }
    bomb += "]\n";
    prev = c;
  }
  YamlStream s;
  Read(bomb, "a", &s);
  REQUIRE_FALSE(s.errors.empty());
  CHECK(s.errors[0].message.find("alias expansion exceeds") != std::string::npos);
}

TEST_CASE("YAML streams hold several documents") {
  const SourceFile f("t.yaml", "a: 1\n---\nb: 2\n");
  const YamlStream s = ReadYaml(f);
  CHECK(s.documents.size() == 2);
  CHECK(s.documents[1].Find("b") != nullptr);
}

TEST_CASE("a large template parsed in pieces reads the same as in one parse") {
  std::string text = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  P: {Type: String}\n";
  text += "Resources:\n";
  for (int i = 0; text.size() < (3U << 20); ++i) {
    text +=
        "  # role " + std::to_string(i) + "\n  Role" + std::to_string(i) +
        ":\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument:"
        "\n            Statement:\n              - {Effect: Allow, Action: [\"s3:Get*\"], "
        "Resource: !Sub 'arn:${AWS::Partition}:s3:::b-" +
        std::to_string(i) + "/*'}\n";
  }
  text += "Outputs:\n  O: {Value: !Ref Role0}\n";
  const SourceFile f("big.yaml", text);
  const YamlStream whole = ReadYaml(f, false);
  const YamlStream pieces = ReadYaml(f, true);
  REQUIRE(whole.documents.size() == 1);
  REQUIRE(pieces.documents.size() == 1);
  CHECK(whole.errors.empty());
  CHECK(pieces.errors.empty());
  const Value* a = whole.documents[0].Find("Resources");
  const Value* b = pieces.documents[0].Find("Resources");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  REQUIRE(a->members.size() == b->members.size());
  CHECK(a->members.size() > 1000);
  for (size_t i = 0; i < a->members.size(); i += 997) {
    CHECK(a->members[i].key == b->members[i].key);
    CHECK(a->members[i].key_range == b->members[i].key_range);
  }
  CHECK(pieces.documents[0].Find("Outputs") != nullptr);
  CHECK(pieces.documents[0].Find("Parameters") != nullptr);
  CHECK(whole.comments.size() == pieces.comments.size());
}

}  // namespace iamlint::extract

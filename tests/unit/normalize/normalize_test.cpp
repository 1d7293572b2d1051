#include "analyzer/normalize/normalize.h"

#include <string>

#include <doctest/doctest.h>

namespace iamlint {
namespace {

Policy Normalize(const std::string& text, PolicyKind kind = PolicyKind::kUnknown) {
  static std::string keep;  // the document refers to the text; keep it alive for the test
  keep = text;
  const parse::JsonParseResult r = parse::ParseJson(keep);
  REQUIRE(r.document);
  return NormalizePolicy(*r.document, r.document->root(), {kind, "t"});
}

}  // namespace

TEST_CASE("NormalizePolicy folds string-or-list and keeps ranges") {
  const std::string text =
      R"({"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":["a","b"]}})";
  const Policy p = Normalize(text);
  REQUIRE(p.statements.size() == 1);
  const Statement& st = p.statements[0];
  CHECK(st.Label() == "'A'");
  CHECK(st.Allows());
  REQUIRE(st.actions.size() == 1);
  CHECK(st.actions[0].text == "s3:GetObject");
  CHECK(text.substr(st.actions[0].range.begin, 14) == "\"s3:GetObject\"");
  CHECK(st.resources.size() == 2);
  CHECK(p.kind == PolicyKind::kIdentity);
  CHECK(p.kind_inferred);
  CHECK(p.problems.empty());
}

TEST_CASE("NormalizePolicy parses condition operators") {
  const Policy p = Normalize(R"({"Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
    "Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*","b"]},"Bool":{"aws:SecureTransport":false}}}]})");
  REQUIRE(p.statements[0].conditions.size() == 2);
  const ConditionTest& c = p.statements[0].conditions[0];
  CHECK(c.base_operator == "StringLike");
  CHECK(c.qualifier == SetQualifier::kForAnyValue);
  CHECK(c.if_exists);
  CHECK(c.values.size() == 2);
  CHECK(p.statements[0].conditions[1].values[0].text == "false");
}

TEST_CASE("NormalizePolicy infers trust and resource policies") {
  CHECK(
      Normalize(
          R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})")
          .kind == PolicyKind::kTrust);
  CHECK(
      Normalize(
          R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]})")
          .kind == PolicyKind::kResource);
  CHECK(Normalize(R"({"Statement":[]})", PolicyKind::kScp).kind == PolicyKind::kScp);
}

TEST_CASE("NormalizePolicy records shape problems instead of failing") {
  const Policy p =
      Normalize(R"({"Statement":[{"Effect":"allow","Action":"s3:GetObject","Action":"x"}, 3]})");
  CHECK(p.problems.size() >= 3);  // duplicate key, Effect case, statement not an object
  CHECK(p.statements.size() == 1);
}

}  // namespace iamlint

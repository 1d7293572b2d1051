#include "analyzer/diff/compare.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "analyzer/catalog/catalog.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"

namespace iamlint::diff {
namespace {

// A policy parsed from text, kept alive with its cells.
struct Parsed {
  std::unique_ptr<SourceFile> file;
  Policy policy;
  std::vector<Cell> cells;
};

std::unique_ptr<Parsed> Parse(const std::string& text, catalog::ActionMatcher& matcher) {
  auto p = std::make_unique<Parsed>();
  p->file = std::make_unique<SourceFile>("p.json", text);
  const parse::JsonParseResult parsed = parse::ParseJson(p->file->text());
  REQUIRE(parsed.document);
  p->policy = NormalizePolicy(*parsed.document, parsed.document->root(), {});
  p->cells = MakeCells(*p->file, p->policy, matcher);
  return p;
}

std::string Doc(const std::string& statements) {
  return R"({"Version": "2012-10-17", "Statement": [)" + statements + "]}";
}

std::vector<Change> Added(const std::string& before, const std::string& after) {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  const auto b = Parse(before, matcher);
  const auto a = Parse(after, matcher);
  std::vector<Change> changes = AddedAccess(b->cells, a->cells, matcher);
  for (Change& c : changes) {  // the cells die with the policies: keep what tests read
    c.cell = nullptr;
    c.deny = nullptr;
    c.condition = nullptr;
    c.resources.clear();
  }
  return changes;
}

std::string Allow(const std::string& action, const std::string& resource,
                  const std::string& condition = "") {
  std::string st =
      R"({"Effect": "Allow", "Action": ")" + action + R"(", "Resource": ")" + resource + "\"";
  if (!condition.empty()) {
    st += R"(, "Condition": )" + condition;
  }
  return st + "}";
}

TEST_CASE("conditions: narrower values imply, wider or IfExists do not") {
  const std::string r = "arn:aws:s3:::b/*";
  const std::string one = R"({"StringEquals": {"aws:SourceVpc": "vpc-1"}})";
  const std::string two = R"({"StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}})";
  const std::string if_exists = R"({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}})";
  const std::string not_one = R"({"StringNotEquals": {"aws:SourceVpc": "vpc-1"}})";
  const std::string not_two = R"({"StringNotEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}})";
  const std::string like = R"({"StringLike": {"aws:userid": "AID*"}})";
  const std::string like_narrow = R"({"StringLike": {"aws:userid": "AIDA1*"}})";
  CHECK(Added(Doc(Allow("s3:GetObject", r, two)), Doc(Allow("s3:GetObject", r, one))).empty());
  CHECK(Added(Doc(Allow("s3:GetObject", r, one)), Doc(Allow("s3:GetObject", r, two))).size() == 1);
  CHECK(
      Added(Doc(Allow("s3:GetObject", r, one)), Doc(Allow("s3:GetObject", r, if_exists))).size() ==
      1);
  CHECK(
      Added(Doc(Allow("s3:GetObject", r, if_exists)), Doc(Allow("s3:GetObject", r, one))).empty());
  CHECK(Added(Doc(Allow("s3:GetObject", r, not_one)), Doc(Allow("s3:GetObject", r, not_two)))
            .empty());
  CHECK(Added(Doc(Allow("s3:GetObject", r, not_two)), Doc(Allow("s3:GetObject", r, not_one)))
            .size() == 1);
  CHECK(Added(Doc(Allow("s3:GetObject", r, like)), Doc(Allow("s3:GetObject", r, like_narrow)))
            .empty());
  CHECK(Added(Doc(Allow("s3:GetObject", r, like_narrow)), Doc(Allow("s3:GetObject", r, like)))
            .size() == 1);
  // A condition added only restricts; one removed widens.
  CHECK(Added(Doc(Allow("s3:GetObject", r)), Doc(Allow("s3:GetObject", r, one))).empty());
  const auto removed = Added(Doc(Allow("s3:GetObject", r, one)), Doc(Allow("s3:GetObject", r)));
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].kind == ChangeKind::kConditionRemoved);
}

TEST_CASE("resources: ARNs are case-sensitive and globs contain narrower globs") {
  CHECK(Added(Doc(Allow("s3:GetObject", "arn:aws:s3:::b/*")),
              Doc(Allow("s3:GetObject", "arn:aws:s3:::b/logs/*")))
            .empty());
  const auto wider = Added(Doc(Allow("s3:GetObject", "arn:aws:s3:::b/logs/*")),
                           Doc(Allow("s3:GetObject", "arn:aws:s3:::b/*")));
  REQUIRE(wider.size() == 1);
  CHECK(wider[0].kind == ChangeKind::kNewResource);
  CHECK(Added(Doc(Allow("s3:GetObject", "arn:aws:s3:::B/*")),
              Doc(Allow("s3:GetObject", "arn:aws:s3:::b/*")))
            .size() == 1);
  CHECK(Added(Doc(Allow("s3:GetObject", "*")), Doc(Allow("s3:GetObject", "arn:aws:s3:::b/*")))
            .empty());
}

TEST_CASE("every fixture policy compared with itself adds nothing") {
  size_t compared = 0;
  for (const auto& dir :
       std::filesystem::directory_iterator(std::string(IAMLINT_SOURCE_DIR) + "/fixtures/diff")) {
    for (const char* name : {"old.json", "new.json"}) {
      const auto path = dir.path() / name;
      if (!std::filesystem::exists(path)) {
        continue;
      }
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      INFO(path.string());
      CHECK(Added(text.str(), text.str()).empty());
      ++compared;
    }
  }
  CHECK(compared >= 60);
}

// Soundness against brute force: for random pairs of policies over a few actions and
// resources (no conditions), every concrete request the new version allows and the old one
// does not is reported, with its action and a resource scope that names the resource.
TEST_CASE("random policies: every newly allowed request is reported") {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  const catalog::Catalog& cat = catalog::Catalog::Embedded();
  const std::vector<std::string> actions = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                                            "s3:Get*",      "s3:*Object",   "s3:*"};
  const std::vector<std::string> resources = {"*", "arn:aws:s3:::a/*", "arn:aws:s3:::a/x*",
                                              "arn:aws:s3:::b/*", "arn:aws:s3:::a/x1"};
  const std::vector<std::string> concrete = {"arn:aws:s3:::a/x1", "arn:aws:s3:::a/y",
                                             "arn:aws:s3:::b/z"};
  const std::vector<std::string> requests = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                                             "s3:GetObjectAcl"};
  std::mt19937 rng(20261129);
  auto pick = [&](const std::vector<std::string>& v) {
    return v[rng() % v.size()];
  };
  auto random_policy = [&] {
    std::string statements;
    const size_t n = 1 + rng() % 3;
    for (size_t i = 0; i < n; ++i) {
      statements += (i == 0 ? "" : ",");
      statements += R"({"Effect": ")";
      statements += (rng() % 4 == 0 ? "Deny" : "Allow");
      statements += R"(", "Action": [")" + pick(actions) + R"(", ")" + pick(actions) +
                    R"("], "Resource": [")" + pick(resources) + "\"]}";
    }
    return Doc(statements);
  };
  auto allowed = [&](const Parsed& p, catalog::ActionId a, const std::string& arn) {
    bool allow = false;
    for (const Cell& c : p.cells) {
      if (c.actions.Contains(a) && catalog::GlobMatch(c.resource.globs.front(), arn, false)) {
        if (!c.allow) {
          return false;
        }
        allow = true;
      }
    }
    return allow;
  };
  size_t new_requests = 0;
  for (int round = 0; round < 300; ++round) {
    const auto before = Parse(random_policy(), matcher);
    const auto after = Parse(random_policy(), matcher);
    const std::vector<Change> changes = AddedAccess(before->cells, after->cells, matcher);
    for (const std::string& name : requests) {
      const catalog::ActionId a = *cat.FindAction(name);
      for (const std::string& arn : concrete) {
        if (!allowed(*after, a, arn) || allowed(*before, a, arn)) {
          continue;
        }
        ++new_requests;
        const bool reported = std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
          return c.actions.Contains(a) &&
                 std::any_of(c.resources.begin(), c.resources.end(), [&](const ResourceScope* r) {
                   return catalog::GlobMatch(r->globs.front(), arn, false);
                 });
        });
        INFO(before->file->text(), "\n", after->file->text(), "\n", name, " ", arn);
        CHECK(reported);
      }
    }
    // Nothing new in a policy compared with itself.
    CHECK(AddedAccess(after->cells, after->cells, matcher).empty());
  }
  CHECK(new_requests > 100);
}

}  // namespace
}  // namespace iamlint::diff

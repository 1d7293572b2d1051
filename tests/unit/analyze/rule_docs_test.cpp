// The registry meta-test: ids unique and well-formed, docs complete, and each rule's
// Example fires the rule while its Use instead does not (so the docs stay true).

#include <filesystem>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/analyze/scan.h"
#include "analyzer/catalog/catalog.h"

namespace iamlint {
namespace {

std::string CodeBlockAfter(std::string_view doc, std::string_view heading) {
  const size_t h = doc.find(heading);
  if (h == std::string_view::npos) {
    return {};
  }
  const size_t open = doc.find("```json\n", h);
  const size_t close = doc.find("```", open + 8);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    return {};
  }
  return std::string(doc.substr(open + 8, close - open - 8));
}

size_t CountFindings(const Rule& rule, const std::string& policy) {
  catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  const SourceFile file("example.json", policy);
  ScanOptions options;
  options.rules.only = {std::string(rule.info.id)};
  const FileResult r = ScanJsonFile(file, matcher, options);
  REQUIRE(r.errors.empty());
  size_t n = 0;
  for (const PolicyResult& p : r.policies) {
    n += p.findings.size();
  }
  return n;
}

}  // namespace

TEST_CASE("every rule has a unique id, a name, complete docs and a fixture") {
  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  for (const Rule* rule : AllRules()) {
    const RuleInfo& info = rule->info;
    CAPTURE(info.id);
    CHECK(ids.insert(info.id).second);
    CHECK(names.insert(info.name).second);
    CHECK(info.id.size() == 6);
    CHECK(info.id.starts_with("IAM"));
    CHECK_FALSE(info.summary.empty());
    for (const char* heading : {"## What it flags", "## Why it matters", "## Example",
                                "## Use instead", "## References"}) {
      CHECK(info.doc.find(heading) != std::string_view::npos);
    }
    const std::filesystem::path fixture = std::filesystem::path(IAMLINT_SOURCE_DIR) / "fixtures" /
                                          "rules" / (std::string(info.id) + ".txt");
    CHECK(std::filesystem::exists(fixture));
  }
  CHECK(AllRules().size() >= 8);
}

TEST_CASE("each rule's documented Example fires and its Use instead does not") {
  for (const Rule* rule : AllRules()) {
    CAPTURE(rule->info.id);
    const std::string bad = CodeBlockAfter(rule->info.doc, "## Example");
    const std::string good = CodeBlockAfter(rule->info.doc, "## Use instead");
    REQUIRE_FALSE(bad.empty());
    REQUIRE_FALSE(good.empty());
    CHECK(CountFindings(*rule, bad) > 0);
    CHECK(CountFindings(*rule, good) == 0);
  }
}

}  // namespace iamlint

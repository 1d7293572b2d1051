// The registry meta-test: ids unique and well-formed, docs complete, and each rule's
// Example fires the rule while its Use instead does not (so the docs stay true).

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/account/account.h"
#include "analyzer/analyze/scan.h"
#include "analyzer/analyze/suppressions.h"
#include "analyzer/catalog/catalog.h"

namespace iamlint {
namespace {

// The first ```json or ```hcl block after `heading`; `hcl` tells which.
std::string CodeBlockAfter(std::string_view doc, std::string_view heading, bool* hcl) {
  const size_t h = doc.find(heading);
  if (h == std::string_view::npos) {
    return {};
  }
  const size_t json = doc.find("```json\n", h);
  const size_t terraform = doc.find("```hcl\n", h);
  *hcl = terraform < json;
  const size_t open = *hcl ? terraform + 7 : json + 8;
  if (std::min(json, terraform) == std::string_view::npos) {
    return {};
  }
  const size_t close = doc.find("```", open);
  if (close == std::string_view::npos) {
    return {};
  }
  return std::string(doc.substr(open, close - open));
}

// Findings of `rule` in `policy`; suppression directives applied as `check` applies them.
size_t CountFindings(const Rule& rule, const std::string& policy, bool hcl) {
  catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  std::vector<ScannedFile> files(1);
  files[0].path = hcl ? "example.tf" : "example.json";
  files[0].source = std::make_unique<SourceFile>(files[0].path, policy);
  const SourceFile& file = *files[0].source;
  ScanOptions options;
  // IAM9xx rules are about directives for other rules: those rules run too.
  if (!rule.info.id.starts_with("IAM9")) {
    options.rules.only = {std::string(rule.info.id)};
  }
  options.rules.accounts.home = {"111122223333"};  // the account of every documented example
  const bool snapshot = !hcl && account::LooksLikeAccountDetails(policy);
  if (snapshot) {  // an account snapshot (IAM221): its findings are about principals
    files[0] = account::ScanAccountDetails(std::make_unique<SourceFile>(files[0].path, policy),
                                           matcher, options);
  } else {
    files[0].result =
        hcl ? ScanTerraformFile(file, matcher, options) : ScanJsonFile(file, matcher, options);
  }
  ApplySuppressions(files,
                    {.report_unused = [](std::string_view) { return true; }, .rule_ran = nullptr});
  const FileResult& r = files[0].result;
  REQUIRE(r.errors.empty());
  size_t n = 0;
  auto count = [&](const Finding& f) {
    n += f.rule_id == rule.info.id && !f.suppression ? 1 : 0;
  };
  std::for_each(r.findings.begin(), r.findings.end(), count);
  for (const PolicyResult& p : r.policies) {
    std::for_each(p.findings.begin(), p.findings.end(), count);
  }
  if (snapshot) {
    for (const PrincipalGroup& g : r.principals) {
      for (const LocatedFinding& f : g.findings) {
        count(f.finding);
      }
    }
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
    bool bad_hcl = false;
    bool good_hcl = false;
    const std::string bad = CodeBlockAfter(rule->info.doc, "## Example", &bad_hcl);
    const std::string good = CodeBlockAfter(rule->info.doc, "## Use instead", &good_hcl);
    REQUIRE_FALSE(bad.empty());
    REQUIRE_FALSE(good.empty());
    CHECK(CountFindings(*rule, bad, bad_hcl) > 0);
    CHECK(CountFindings(*rule, good, good_hcl) == 0);
  }
}

}  // namespace iamlint

#include "analyzer/config/config.h"

#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "analyzer/config/discovery.h"
#include "analyzer/config/show.h"

namespace iamlint::config {
namespace {

LoadResult Parse(const std::string& text, const std::string& path = ".iamlint.yaml") {
  return ParseConfig(path, text, "/project");
}

// The one error of `text`, as "line:col: message".
std::string OneError(const std::string& text, const std::string& path = ".iamlint.yaml") {
  const LoadResult r = Parse(text, path);
  CHECK_FALSE(r.config);
  REQUIRE(r.errors.size() == 1);
  const ConfigError& e = r.errors[0];
  return std::to_string(e.at.line) + ":" + std::to_string(e.at.column) + ": " + e.message;
}

const RuleInfo& Info(std::string_view id) {
  const Rule* rule = FindRule(id);
  REQUIRE(rule != nullptr);
  return rule->info;
}

bool GlobMatches(std::string_view pattern, std::string_view path, bool is_dir = false) {
  std::string error;
  const std::optional<Glob> glob = Glob::Parse(pattern, &error);
  REQUIRE_MESSAGE(glob, error);
  return MatchesPathOrParent({*glob}, path, is_dir);
}

std::string GlobError(std::string_view pattern) {
  std::string error;
  CHECK_FALSE(Glob::Parse(pattern, &error));
  return error;
}

}  // namespace

TEST_CASE("A full configuration is read into the model") {
  const LoadResult r = Parse(R"(# iamlint
fail-on: high
rules:
  IAM105: off
  redundant: info
  wildcard: off
  category:cross-account: medium
exclude: ["vendor/**", "**/testdata/**"]
include: ["infra/**"]
force-exclude: true
accounts: ["111122223333"]
trusted-accounts: [444455556666]
trusted-orgs: ["o-a1b2c3d4e5"]
policy-kind: identity
report-unused-suppressions: true
overrides:
  - paths: ["legacy/**"]
    rules: {IAM201: medium}
)");
  REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors[0].Format()));
  REQUIRE(r.config);
  const Config& c = *r.config;
  CHECK(c.fail_on == Severity::kHigh);
  REQUIRE(c.rules.size() == 4);
  CHECK(c.rules[0].rule == &Info("IAM105"));
  CHECK_FALSE(c.rules[0].setting.enabled);
  CHECK(c.rules[1].rule == &Info("IAM123"));
  CHECK(c.rules[1].setting.severity == Severity::kInfo);
  CHECK(c.rules[2].rule == nullptr);
  CHECK(c.rules[2].category == Category::kWildcard);
  CHECK(c.rules[3].category == Category::kCrossAccount);
  CHECK(c.exclude.size() == 2);
  CHECK(c.include.size() == 1);
  CHECK(c.force_exclude);
  CHECK(c.accounts == std::vector<std::string>{"111122223333"});
  CHECK(c.trusted_accounts == std::vector<std::string>{"444455556666"});
  CHECK(c.trusted_orgs == std::vector<std::string>{"o-a1b2c3d4e5"});
  CHECK(c.policy_kind == PolicyKind::kIdentity);
  CHECK(c.report_unused_suppressions == true);
  REQUIRE(c.overrides.size() == 1);
  CHECK(c.overrides[0].rules[0].setting.severity == Severity::kMedium);
  CHECK(c.base == std::filesystem::path("/project"));
}

TEST_CASE("Empty files and JSON files are configurations too") {
  CHECK(Parse("").config);
  CHECK(Parse("# nothing yet\n").config);
  const LoadResult r =
      Parse(R"({"fail-on": "medium", "rules": {"IAM105": false, "IAM201": true}})", "c.json");
  REQUIRE(r.config);
  CHECK(r.config->fail_on == Severity::kMedium);
  CHECK_FALSE(r.config->rules[0].setting.enabled);
  CHECK(r.config->rules[1].setting.enabled);
}

TEST_CASE("Every configuration error is located at its line and column") {
  CHECK(OneError("fail-on: high\nfial-on: low\n") ==
        "2:1: unknown key 'fial-on': did you mean 'fail-on'?");
  CHECK(OneError("colour: red\n").starts_with("1:1: unknown key 'colour' (known: fail-on, rules"));
  CHECK(OneError("fail-on: severe\n") ==
        "1:10: expected a severity (critical, high, medium, low, info), not 'severe'");
  CHECK(OneError("fail-on: [high]\n") == "1:10: expected a severity");
  CHECK(OneError("rules:\n  IAM999: off\n") ==
        "2:3: unknown rule or category 'IAM999' (see `iamlint rules`)");
  CHECK(OneError("rules:\n  IAM201: loud\n") ==
        "2:11: expected off, on or a severity (critical, high, medium, low, info), not 'loud'");
  CHECK(OneError("rules: [IAM201]\n") ==
        "1:8: expected a mapping of rule ids, rule names or categories");
  CHECK(OneError("rules:\n  cross-account: off\n")
            .starts_with("2:3: 'cross-account' names both rule IAM241 and a category"));
  CHECK(OneError("accounts: [\"111122223333\", \"12345\"]\n") ==
        "1:28: expected a 12-digit account id, not '12345'");
  CHECK(OneError("accounts: \"111122223333\"\n") ==
        "1:11: expected a list of 12-digit account ids");
  CHECK(OneError("trusted-orgs: [o-abc]\n").starts_with("1:16: expected an organization id"));
  CHECK(OneError("exclude:\n  - \"vendor/[abc\"\n") ==
        "2:5: bad pattern 'vendor/[abc': '[' opens a character class that is not closed");
  CHECK(OneError("exclude: [a**/b]\n").starts_with("1:11: bad pattern 'a**/b': '**' must be"));
  CHECK(OneError("force-exclude: yes\n") == "1:16: expected true or false, not 'yes'");
  CHECK(OneError("policy-kind: user\n").starts_with("1:14: expected a policy kind"));
  CHECK(OneError("overrides:\n  - rules: {IAM201: off}\n") ==
        "2:5: an override needs 'paths': the files it applies to");
  CHECK(OneError("overrides:\n  - paths: [a]\n    rule: {}\n") ==
        "3:5: unknown key 'rule' in an override: did you mean 'rules'?");
  CHECK(OneError("fail-on: high\nfail-on: low\n") == "2:1: key 'fail-on' is given twice");
  CHECK(OneError("- a\n- b\n") == "1:1: expected a mapping of settings");
  CHECK(OneError("{\"fail-on\": \"high\",\n \"rulez\": {}}", "c.json") ==
        "2:2: unknown key 'rulez': did you mean 'rules'?");
  CHECK(OneError("{\"fail-on\": }", "c.json") == "1:13: expected a JSON value");
}

TEST_CASE("Every error of a file is reported, not only the first") {
  const LoadResult r = Parse("fail-on: severe\nrules:\n  IAM999: off\nextra: 1\n");
  CHECK_FALSE(r.config);
  CHECK(r.errors.size() == 3);
  CHECK(r.errors[0].Format() ==
        ".iamlint.yaml:1:10: error: expected a severity (critical, "
        "high, medium, low, info), not 'severe'");
}

TEST_CASE("Globs: * and ? within a segment, ** across segments, classes, names at any depth") {
  CHECK(GlobMatches("vendor/**", "vendor/a/b.json"));
  CHECK(GlobMatches("vendor/**", "vendor", true));
  CHECK_FALSE(GlobMatches("vendor/**", "src/vendor/a.json"));
  CHECK(GlobMatches("vendor", "src/vendor/a.json"));  // a name: at any depth
  CHECK(GlobMatches("vendor/", "src/vendor/a.json"));
  CHECK_FALSE(GlobMatches("vendor/", "src/vendor", false));  // directories only
  CHECK_FALSE(GlobMatches("/vendor", "src/vendor/a.json"));  // anchored
  CHECK(GlobMatches("/vendor", "vendor/a.json"));
  CHECK(GlobMatches("**/testdata/**", "testdata/x.json"));
  CHECK(GlobMatches("**/testdata/**", "a/b/testdata/c/x.json"));
  CHECK(GlobMatches("infra/*.json", "infra/p.json"));
  CHECK_FALSE(GlobMatches("infra/*.json", "infra/sub/p.json"));
  CHECK(GlobMatches("infra/**/*.json", "infra/p.json"));
  CHECK(GlobMatches("infra/**/*.json", "infra/a/b/p.json"));
  CHECK(GlobMatches("*.tf", "a/b/main.tf"));
  CHECK(GlobMatches("p?.json", "p1.json"));
  CHECK_FALSE(GlobMatches("p?.json", "p10.json"));
  CHECK(GlobMatches("p[0-9].json", "p7.json"));
  CHECK_FALSE(GlobMatches("p[!0-9].json", "p7.json"));
  CHECK(GlobMatches("a\\*b", "a*b"));
  CHECK_FALSE(GlobMatches("a\\*b", "axb"));
  CHECK(GlobMatches("./legacy/**", "legacy/x.json"));
  CHECK(GlobMatches("**/**/**/x", "x"));
  CHECK(MatchSegment("*a*b*c*", "xxaybzzc"));
  CHECK_FALSE(MatchSegment("*a*b*c*", "xxaybzz"));
  CHECK(GlobError("") == "an empty pattern matches nothing");
  CHECK(GlobError("../x").starts_with("'..' is not allowed"));
  CHECK(GlobError("a\\") == "a trailing '\\' escapes nothing");
}

TEST_CASE("Rule settings: categories, then rules, then each matching override in order") {
  const LoadResult r = Parse(R"(
rules:
  IAM202: high
  wildcard: off
  IAM201: medium
overrides:
  - paths: ["legacy/**"]
    rules: {IAM201: low, wildcard: on}
  - paths: ["legacy/old/**"]
    rules: {IAM201: off}
)");
  REQUIRE(r.config);
  const Config* c = &*r.config;
  // Within one level the rule's own entry beats its category's, whatever the order.
  CHECK(SettingFor(c, Info("IAM202"), "/project/a.json").severity == Severity::kHigh);
  CHECK_FALSE(SettingFor(c, Info("IAM203"), "/project/a.json").enabled);
  CHECK(SettingFor(c, Info("IAM201"), "/project/a.json").severity == Severity::kMedium);
  // An override is a later level: it wins over the top level.
  CHECK(SettingFor(c, Info("IAM203"), "/project/legacy/a.json").enabled);
  CHECK_FALSE(SettingFor(c, Info("IAM202"), "/project/legacy/a.json").severity);
  CHECK(SettingFor(c, Info("IAM201"), "/project/legacy/a.json").severity == Severity::kLow);
  CHECK_FALSE(SettingFor(c, Info("IAM201"), "/project/legacy/old/a.json").enabled);
  CHECK(SettingFor(nullptr, Info("IAM201"), "/a.json").enabled);
}

TEST_CASE("Include and exclude are relative to the configuration's directory") {
  const LoadResult r = Parse("include: [\"infra/**\"]\nexclude: [\"infra/vendor/\"]\n");
  REQUIRE(r.config);
  const Config& c = *r.config;
  CHECK(IsIncluded(c, "/project/infra/a.json"));
  CHECK_FALSE(IsIncluded(c, "/project/app/a.json"));
  CHECK_FALSE(IsIncluded(c, "/elsewhere/infra/a.json"));
  CHECK(IsExcluded(c, "/project/infra/vendor", true));
  CHECK(IsExcluded(c, "/project/infra/vendor/x/a.json", false));
  CHECK_FALSE(IsExcluded(c, "/project/infra/a.json", false));
}

namespace {

// A scratch directory tree, removed at the end of the test.
struct TempTree {
  std::filesystem::path root;
  TempTree() {
    root = std::filesystem::temp_directory_path() /
           ("iamlint-config-test-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
  }
  ~TempTree() { std::filesystem::remove_all(root); }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  TempTree(TempTree&&) = delete;
  TempTree& operator=(TempTree&&) = delete;
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
};

}  // namespace

TEST_CASE("Discovery: the nearest configuration wins, cached per directory") {
  const TempTree t;
  t.Write(".iamlint.yaml", "fail-on: high\n");
  t.Write("a/b/.iamlint.json", "{\"fail-on\": \"info\"}");
  t.Write("a/b/c/p.json", "{}");
  t.Write("a/p.json", "{}");
  Resolver r = Resolver::Discover();
  const Config* top = r.ForFile((t.root / "a/p.json").string());
  const Config* deep = r.ForFile((t.root / "a/b/c/p.json").string());
  REQUIRE(top != nullptr);
  REQUIRE(deep != nullptr);
  CHECK(top->fail_on == Severity::kHigh);
  CHECK(deep->fail_on == Severity::kInfo);  // the closest, not merged with the one above
  CHECK(deep->base == t.root / "a/b");
  CHECK(r.ForDirectory(t.root / "a/b/c") == deep);  // cached: the same object
  CHECK(r.errors().empty());
  CHECK(Resolver::None().ForFile((t.root / "a/p.json").string()) == nullptr);
  Resolver fixed = Resolver::Fixed((t.root / "a/b/.iamlint.json").string());
  CHECK(fixed.ForFile((t.root / "a/p.json").string())->fail_on == Severity::kInfo);
}

TEST_CASE("Discovery: two configuration files in one directory, or a broken one, are errors") {
  const TempTree t;
  t.Write(".iamlint.yaml", "fail-on: high\n");
  t.Write(".iamlint.json", "{}");
  Resolver r = Resolver::Discover();
  CHECK(r.ForDirectory(t.root) == nullptr);
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].message.find("keep one per directory") != std::string::npos);
  t.Write("sub/.iamlint.yml", "rules:\n  nope: off\n");
  Resolver broken = Resolver::Discover();
  CHECK(broken.ForDirectory(t.root / "sub") == nullptr);
  REQUIRE(broken.errors().size() == 1);
  CHECK(broken.errors()[0].Format() == (t.root / "sub/.iamlint.yml").string() +
                                           ":2:3: error: unknown rule or category 'nope' (see "
                                           "`iamlint rules`)");
}

TEST_CASE("config --show writes YAML with the rules that differ, and JSON with every rule") {
  const LoadResult r = Parse("fail-on: high\nrules:\n  IAM105: off\n  redundant: info\n");
  REQUIRE(r.config);
  std::ostringstream yaml;
  WriteShowYaml(yaml, &*r.config, "/project/p.json");
  CHECK(yaml.str().find("fail-on: high\n") != std::string::npos);
  CHECK(yaml.str().find("  IAM105: off  # missing-version\n") != std::string::npos);
  CHECK(yaml.str().find("  IAM123: info  # redundant, default") != std::string::npos);
  std::ostringstream json;
  WriteShowJson(json, nullptr, "p.json");
  CHECK(json.str().find("\"config\": null") != std::string::npos);
  CHECK(json.str().find("\"IAM201\": {") != std::string::npos);
}

}  // namespace iamlint::config

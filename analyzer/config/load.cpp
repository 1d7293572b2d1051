// Reading a configuration file: YAML or JSON into located values, then every key checked, each
// problem reported at its line and column.

#include <algorithm>
#include <array>
#include <memory>
#include <set>

#include "analyzer/config/config.h"
#include "analyzer/core/strings.h"
#include "analyzer/extract/value.h"
#include "analyzer/extract/yaml.h"
#include "analyzer/parse/json.h"

namespace iamlint::config {
namespace {

using extract::Value;

constexpr std::array<std::string_view, 12> kTopKeys = {
    "fail-on",          "rules",
    "include",          "exclude",
    "force-exclude",    "accounts",
    "trusted-accounts", "trusted-orgs",
    "policy-kind",      "report-unused-suppressions",
    "overrides",        "$schema"};
constexpr std::array<std::string_view, 2> kOverrideKeys = {"paths", "rules"};

constexpr std::array<Category, 12> kCategories = {Category::kAdmin,
                                                  Category::kPrivilegeEscalation,
                                                  Category::kPermissionsManagement,
                                                  Category::kCredentialsExposure,
                                                  Category::kDataExfiltration,
                                                  Category::kResourceExposure,
                                                  Category::kPublicAccess,
                                                  Category::kCrossAccount,
                                                  Category::kWildcard,
                                                  Category::kValidity,
                                                  Category::kRedundancy,
                                                  Category::kLimits};

std::optional<Category> FindCategory(std::string_view name) {
  for (Category c : kCategories) {
    if (CategoryName(c) == name) {
      return c;
    }
  }
  return std::nullopt;
}

std::string Quoted(std::string_view s) {
  std::string out(1, '\'');  // appended, not "'" + ...: GCC 12 warns -Wrestrict on that
  out.append(ShortenForMessage(s)).push_back('\'');
  return out;
}

// Reads the keys and values of one configuration, collecting every error.
class Reader {
 public:
  Reader(const SourceFile& file, LoadResult& out) : file_(file), out_(out) {}

  void Error(ByteRange at, std::string message) {
    out_.errors.push_back({file_.path(), file_.Locate(at.begin), std::move(message)});
  }

  void Top(const Value& root, Config& config) {
    if (root.kind == Value::Kind::kNull) {
      return;  // an empty file: the defaults
    }
    if (!Expect(root, Value::Kind::kObject, "a mapping of settings")) {
      return;
    }
    CheckKeys(root, kTopKeys, "");
    for (const Value::Member& m : root.members) {
      TopKey(m, config);
    }
  }

 private:
  void TopKey(const Value::Member& m, Config& config) {
    const std::string& k = m.key;
    const Value& v = m.value;
    if (k == "fail-on") {
      config.fail_on = SeverityValue(v);
    } else if (k == "rules") {
      config.rules = Rules(v);
    } else if (k == "include" || k == "exclude") {
      (k == "include" ? config.include : config.exclude) = Globs(v);
    } else if (k == "force-exclude") {
      config.force_exclude = Bool(v).value_or(false);
    } else if (k == "report-unused-suppressions") {
      config.report_unused_suppressions = Bool(v);
    } else if (k == "accounts" || k == "trusted-accounts") {
      (k == "accounts" ? config.accounts : config.trusted_accounts) = Accounts(v);
    } else if (k == "trusted-orgs") {
      config.trusted_orgs = Orgs(v);
    } else if (k == "policy-kind") {
      config.policy_kind = Kind(v);
    } else if (k == "overrides") {
      config.overrides = Overrides(v);
    }
  }

  // False (and an error) unless `v` is of `kind`; a null list or mapping (`rules:` with every
  // entry commented out) is empty, not an error.
  bool Expect(const Value& v, Value::Kind kind, const char* what) {
    if (v.kind == kind) {
      return true;
    }
    if (v.kind == Value::Kind::kNull &&
        (kind == Value::Kind::kTuple || kind == Value::Kind::kObject)) {
      return false;
    }
    Error(v.range, std::string("expected ") + what);
    return false;
  }

  // Unknown and repeated keys of a mapping.
  template <size_t N>
  void CheckKeys(const Value& map, const std::array<std::string_view, N>& known,
                 std::string_view where) {
    std::set<std::string_view> seen;
    for (const Value::Member& m : map.members) {
      if (std::find(known.begin(), known.end(), m.key) == known.end()) {
        std::string message = "unknown key " + Quoted(m.key) + std::string(where);
        if (auto near = Nearest(m.key, known)) {
          message += ": did you mean '" + std::string(*near) + "'?";
        } else {
          message += " (known: " + JoinKeys(known) + ")";
        }
        Error(m.key_range, std::move(message));
      } else if (!seen.insert(m.key).second) {
        Error(m.key_range, "key " + Quoted(m.key) + " is given twice");
      }
    }
  }

  template <size_t N>
  static std::optional<std::string_view> Nearest(std::string_view key,
                                                 const std::array<std::string_view, N>& known) {
    for (std::string_view k : known) {
      if (EditDistance(ToLower(key), k, 2) <= 2) {
        return k;
      }
    }
    return std::nullopt;
  }

  template <size_t N>
  static std::string JoinKeys(const std::array<std::string_view, N>& known) {
    std::vector<std::string> names;
    for (std::string_view k : known) {
      if (!k.starts_with('$')) {
        names.emplace_back(k);
      }
    }
    return Join(names, ", ");
  }

  // A string (or, in JSON, a number or boolean written as one).
  std::optional<std::string> Scalar(const Value& v, const char* what) {
    if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kNumber ||
        v.kind == Value::Kind::kBool) {
      return v.text;
    }
    Error(v.range, std::string("expected ") + what);
    return std::nullopt;
  }

  std::vector<std::string> StringList(const Value& v, const char* what) {
    std::vector<std::string> out;
    if (!Expect(v, Value::Kind::kTuple, "a list")) {
      return out;
    }
    for (const Value& item : v.items) {
      if (std::optional<std::string> s = Scalar(item, what)) {
        out.push_back(std::move(*s));
      }
    }
    return out;
  }

  std::optional<bool> Bool(const Value& v) {
    const std::optional<std::string> s = Scalar(v, "true or false");
    if (s && (*s == "true" || *s == "false")) {
      return *s == "true";
    }
    if (s) {
      Error(v.range, "expected true or false, not " + Quoted(*s));
    }
    return std::nullopt;
  }

  std::optional<Severity> SeverityValue(const Value& v) {
    const std::optional<std::string> s = Scalar(v, "a severity");
    if (!s) {
      return std::nullopt;
    }
    auto severity = ParseSeverity(*s);
    if (!severity) {
      Error(v.range, "expected a severity (critical, high, medium, low, info), not " + Quoted(*s));
    }
    return severity;
  }

  std::optional<PolicyKind> Kind(const Value& v) {
    const std::optional<std::string> s = Scalar(v, "a policy kind");
    if (!s) {
      return std::nullopt;
    }
    auto kind = ParsePolicyKind(*s);
    if (!kind || *kind == PolicyKind::kUnknown) {
      Error(v.range,
            "expected a policy kind (identity, resource, trust, scp, rcp, boundary), not " +
                Quoted(*s));
      return std::nullopt;
    }
    return kind;
  }

  std::vector<std::string> Accounts(const Value& v) {
    std::vector<std::string> out;
    if (!Expect(v, Value::Kind::kTuple, "a list of 12-digit account ids")) {
      return out;
    }
    for (const Value& item : v.items) {
      std::optional<std::string> s = Scalar(item, "a 12-digit account id");
      if (s && (s->size() != 12 || s->find_first_not_of("0123456789") != std::string::npos)) {
        Error(item.range, "expected a 12-digit account id, not " + Quoted(*s));
      } else if (s) {
        out.push_back(std::move(*s));
      }
    }
    return out;
  }

  // Organization ids as AWS Organizations writes them: o- and 10 to 32 lower-case letters/digits.
  std::vector<std::string> Orgs(const Value& v) {
    std::vector<std::string> out;
    if (!Expect(v, Value::Kind::kTuple, "a list of organization ids")) {
      return out;
    }
    for (const Value& item : v.items) {
      std::optional<std::string> s = Scalar(item, "an organization id");
      const bool ok =
          s && s->starts_with("o-") && s->size() >= 12 && s->size() <= 34 &&
          s->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", 2) == std::string::npos;
      if (s && !ok) {
        Error(item.range,
              "expected an organization id (o- and 10 to 32 lower-case letters or digits), not " +
                  Quoted(*s));
      } else if (s) {
        out.push_back(std::move(*s));
      }
    }
    return out;
  }

  std::vector<Glob> Globs(const Value& v) {
    std::vector<Glob> out;
    if (!Expect(v, Value::Kind::kTuple, "a list of path patterns")) {
      return out;
    }
    for (const Value& item : v.items) {
      const std::optional<std::string> s = Scalar(item, "a path pattern");
      std::string why;
      if (!s) {
        continue;
      }
      if (std::optional<Glob> glob = Glob::Parse(*s, &why)) {
        out.push_back(std::move(*glob));
      } else {
        Error(item.range, "bad pattern " + Quoted(*s) + ": " + why);
      }
    }
    return out;
  }

  std::optional<RuleSetting> Setting(const Value& v) {
    const std::optional<std::string> s =
        Scalar(v, "off, on or a severity (critical, high, medium, low, info)");
    if (!s) {
      return std::nullopt;
    }
    if (*s == "off" || *s == "false") {
      return RuleSetting{false, std::nullopt};
    }
    if (*s == "on" || *s == "true") {
      return RuleSetting{true, std::nullopt};
    }
    if (auto severity = ParseSeverity(*s)) {
      return RuleSetting{true, severity};
    }
    Error(v.range,
          "expected off, on or a severity (critical, high, medium, low, info), not " + Quoted(*s));
    return std::nullopt;
  }

  // A rules key: rule id or name, a category, or category:NAME. A name that is both a rule's
  // and a category's must say which.
  std::optional<RuleEntry> Selector(const Value::Member& m) {
    RuleEntry entry;
    entry.key = m.key;
    std::string_view key = m.key;
    const bool category_only = key.starts_with("category:");
    if (category_only) {
      key.remove_prefix(9);
    }
    const Rule* rule = category_only ? nullptr : FindRule(key);
    const std::optional<Category> category = FindCategory(key);
    if (rule != nullptr && category && !EqualsIgnoreCase(key, rule->info.id)) {
      Error(m.key_range, Quoted(key) + " names both rule " + std::string(rule->info.id) +
                             " and a category: write " + std::string(rule->info.id) +
                             " for the rule or 'category:" + std::string(key) +
                             "' for the category");
      return std::nullopt;
    }
    if (rule != nullptr) {
      entry.rule = &rule->info;
    } else if (category) {
      entry.category = *category;
    } else {
      Error(m.key_range, "unknown rule or category " + Quoted(m.key) + " (see `iamlint rules`)");
      return std::nullopt;
    }
    return entry;
  }

  std::vector<RuleEntry> Rules(const Value& v) {
    std::vector<RuleEntry> out;
    if (!Expect(v, Value::Kind::kObject, "a mapping of rule ids, rule names or categories")) {
      return out;
    }
    std::set<std::string> seen;
    for (const Value::Member& m : v.members) {
      std::optional<RuleEntry> entry = Selector(m);
      const std::optional<RuleSetting> setting = Setting(m.value);
      if (!seen.insert(ToLower(m.key)).second) {
        Error(m.key_range, "rule " + Quoted(m.key) + " is given twice");
      } else if (entry && setting) {
        entry->setting = *setting;
        out.push_back(std::move(*entry));
      }
    }
    return out;
  }

  std::vector<Override> Overrides(const Value& v) {
    std::vector<Override> out;
    if (!Expect(v, Value::Kind::kTuple, "a list of overrides (each with paths and rules)")) {
      return out;
    }
    for (const Value& item : v.items) {
      if (!Expect(item, Value::Kind::kObject, "an override: a mapping with paths and rules")) {
        continue;
      }
      CheckKeys(item, kOverrideKeys, " in an override");
      Override o;
      const Value* paths = item.Find("paths");
      if (paths == nullptr) {
        Error(item.range, "an override needs 'paths': the files it applies to");
      } else {
        o.paths = Globs(*paths);
        const bool listish =
            paths->kind == Value::Kind::kTuple || paths->kind == Value::Kind::kNull;
        if (listish && paths->items.empty()) {
          Error(paths->range, "an override needs at least one pattern in 'paths'");
        }
      }
      if (const Value* rules = item.Find("rules")) {
        o.rules = Rules(*rules);
      }
      out.push_back(std::move(o));
    }
    return out;
  }

  const SourceFile& file_;
  LoadResult& out_;
};

// The document of a YAML configuration (errors for syntax and extra documents).
std::optional<Value> ReadYamlDocument(const SourceFile& file, LoadResult& out) {
  extract::YamlStream stream = extract::ReadYaml(file, false);
  for (const InputError& e : stream.errors) {
    const uint32_t at = e.range ? e.range->begin : 0;
    out.errors.push_back({file.path(), file.Locate(at), e.message});
  }
  if (stream.documents.size() > 1) {
    out.errors.push_back({file.path(), file.Locate(stream.documents[1].range.begin),
                          "a configuration file holds one YAML document"});
  }
  if (!out.errors.empty()) {
    return std::nullopt;
  }
  if (stream.documents.empty()) {
    Value empty;
    empty.kind = Value::Kind::kNull;
    return empty;
  }
  return std::move(stream.documents[0]);
}

std::optional<Value> ReadJsonDocument(const SourceFile& file, LoadResult& out) {
  const parse::JsonParseResult parsed = parse::ParseJson(file.text());
  if (!parsed.document) {
    const uint32_t at = parsed.error ? parsed.error->range.begin : 0;
    out.errors.push_back(
        {file.path(), file.Locate(at), parsed.error ? parsed.error->message : "not JSON"});
    return std::nullopt;
  }
  return extract::ValueFromJsonSource(file, *parsed.document, parsed.document->root());
}

}  // namespace

std::string ConfigError::Format() const {
  return path + ':' + std::to_string(at.line) + ':' + std::to_string(at.column) +
         ": error: " + message;
}

LoadResult ParseConfig(const std::string& path, std::string text,
                       const std::filesystem::path& base) {
  LoadResult result;
  const SourceFile file(path, std::move(text));
  const std::optional<Value> root =
      path.ends_with(".json") ? ReadJsonDocument(file, result) : ReadYamlDocument(file, result);
  if (!root) {
    return result;
  }
  Config config;
  config.path = path;
  config.base = AbsolutePath(base);
  Reader(file, result).Top(*root, config);
  std::stable_sort(
      result.errors.begin(), result.errors.end(), [](const ConfigError& a, const ConfigError& b) {
        return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
      });
  if (result.errors.empty()) {
    result.config = std::move(config);
  }
  return result;
}

}  // namespace iamlint::config

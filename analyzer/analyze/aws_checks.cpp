#include "analyzer/analyze/aws_checks.h"

#include <algorithm>

#include "analyzer/analyze/rule.h"
#include "analyzer/parse/json.h"

// Defined by generated code (CMakeLists.txt embeds rules/data/).
extern const char kIamlintAccessAnalyzerChecksJson
    [];  // NOLINT(modernize-avoid-c-arrays,readability-identifier-naming)

namespace iamlint {
namespace {

struct Loaded {
  std::vector<AwsCheck> checks;
  std::vector<std::string> problems;
};

Loaded Load() {
  Loaded out;
  // Parsed with the project's own parser: our data, checked by tests.
  const parse::JsonParseResult parsed = parse::ParseJson(kIamlintAccessAnalyzerChecksJson);
  if (!parsed.document) {
    out.problems.emplace_back("rules/data/access-analyzer-checks.json does not parse");
    return out;
  }
  const parse::JsonDocument& doc = *parsed.document;
  const auto list = doc.Find(doc.root(), "checks");
  for (uint32_t i = 0; list && i < doc.size(*list); ++i) {
    const parse::NodeId item = doc.Element(*list, i);
    auto text = [&](std::string_view key) {
      const auto node = doc.Find(item, key);
      return node ? std::string(doc.Text(*node)) : std::string();
    };
    out.checks.push_back(
        {text("code"), text("type"), text("theme"), text("status"), text("reason"), {}});
  }
  for (const Rule* rule : AllRules()) {
    for (const std::string_view code : rule->info.aws_checks) {
      const auto it = std::find_if(out.checks.begin(), out.checks.end(),
                                   [&](const AwsCheck& c) { return c.code == code; });
      if (it == out.checks.end()) {
        out.problems.push_back(std::string(rule->info.id) + " claims " + std::string(code) +
                               ", which is not an Access Analyzer check in the data");
        continue;
      }
      if (!it->status.empty()) {
        out.problems.push_back(std::string(rule->info.id) + " claims " + std::string(code) +
                               ", which the data marks as " + it->status);
      }
      it->rules.push_back(rule->info.id);
    }
  }
  return out;
}

}  // namespace

const std::vector<AwsCheck>& AwsChecks(std::vector<std::string>* problems) {
  static const Loaded kLoaded = Load();
  if (problems != nullptr) {
    *problems = kLoaded.problems;
  }
  return kLoaded.checks;
}

}  // namespace iamlint

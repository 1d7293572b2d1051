#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/cli/commands.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"
#include "analyzer/report/normalized.h"

namespace iamlint::cli {

int RunExpand(const catalog::Catalog& cat, const std::vector<std::string>& patterns,
              const std::string& format) {
  catalog::ActionMatcher matcher(cat);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  bool all_matched = true;
  for (const std::string& pattern : patterns) {
    const catalog::ActionSet actions_set = matcher.Expand(pattern).ToSet(cat.action_count());
    const catalog::PatternStatus status = matcher.Expand(pattern).status;
    all_matched = all_matched && status == catalog::PatternStatus::kOk;
    if (format == "json") {
      nlohmann::ordered_json actions = nlohmann::ordered_json::array();
      actions_set.ForEach([&](uint32_t id) {
        actions.push_back({{"action", cat.FullActionName(id)},
                           {"access_level", catalog::AccessLevelName(cat.ActionAccessLevel(id))}});
      });
      out.push_back({{"pattern", pattern}, {"count", actions_set.Count()}, {"actions", actions}});
      continue;
    }
    std::cout << pattern << ": " << actions_set.Count()
              << (actions_set.Count() == 1 ? " action" : " actions") << '\n';
    actions_set.ForEach([&](uint32_t id) {
      std::cout << "  " << std::left << std::setw(60) << cat.FullActionName(id) << ' '
                << catalog::AccessLevelName(cat.ActionAccessLevel(id)) << '\n';
    });
  }
  if (format == "json") {
    std::cout << out.dump(2) << '\n';
  }
  return all_matched ? kExitClean : kExitFindings;
}

int RunNormalize(const catalog::Catalog& cat, const std::string& path,
                 const std::string& policy_kind) {
  std::string contents;
  std::string error;
  if (!ReadInput(path, &contents, &error)) {
    std::cerr << path << ": error: " << error << '\n';
    return kExitError;
  }
  const SourceFile file(path, std::move(contents));
  const parse::JsonParseResult parsed = parse::ParseJson(file.text());
  if (parsed.error) {
    const LineColumn at = file.Locate(parsed.error->range.begin);
    std::cerr << path << ':' << at.line << ':' << at.column << ": error: " << parsed.error->message
              << '\n';
    return kExitError;
  }
  NormalizeOptions options;
  options.name = path;
  if (!policy_kind.empty()) {
    const auto kind = ParsePolicyKind(policy_kind);
    if (!kind) {
      std::cerr << "iamlint: unknown --policy-kind '" << policy_kind << "'\n";
      return kExitError;
    }
    options.kind = *kind;
  }
  const Policy policy = NormalizePolicy(*parsed.document, parsed.document->root(), options);
  std::cout << NormalizedPolicyJson(cat, policy) << '\n';
  return kExitClean;
}

int RunRules(const std::string& rule, const std::string& format) {
  if (!rule.empty()) {
    const Rule* found = FindRule(rule);
    if (found == nullptr) {
      std::cerr << "iamlint: unknown rule '" << rule << "'\n";
      return kExitError;
    }
    const RuleInfo& info = found->info;
    std::cout << "# " << info.id << " " << info.name << "\n\n"
              << info.summary << "\n\nCategory: " << CategoryName(info.category)
              << ". Default severity: " << SeverityName(info.severity) << ".\n"
              << info.doc;
    return kExitClean;
  }
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Rule* r : AllRules()) {
      out.push_back({{"id", r->info.id},
                     {"name", r->info.name},
                     {"category", CategoryName(r->info.category)},
                     {"severity", SeverityName(r->info.severity)},
                     {"summary", r->info.summary}});
    }
    std::cout << out.dump(2) << '\n';
    return kExitClean;
  }
  for (const Rule* r : AllRules()) {
    std::cout << r->info.id << "  " << std::left << std::setw(28) << r->info.name << std::setw(23)
              << CategoryName(r->info.category) << std::setw(9) << SeverityName(r->info.severity)
              << r->info.summary << '\n';
  }
  return kExitClean;
}

}  // namespace iamlint::cli

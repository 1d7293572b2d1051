#include "analyzer/analyze/scan.h"

#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"

namespace iamlint {

FileResult ScanJsonFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options) {
  FileResult result;
  const parse::JsonParseResult parsed = parse::ParseJson(file.text());
  if (parsed.error) {
    result.errors.push_back({file.path(), parsed.error->range, parsed.error->message});
    return result;
  }
  const parse::JsonDocument& doc = *parsed.document;
  if (!LooksLikePolicy(doc, doc.root())) {
    result.not_a_policy = true;
    return result;
  }
  PolicyResult& policy_result = result.policies.emplace_back();
  policy_result.policy = NormalizePolicy(doc, doc.root(), {options.kind, file.path()});
  policy_result.findings = AnalyzePolicy(file, policy_result.policy, matcher, options.rules);
  return result;
}

}  // namespace iamlint

#pragma once
// Every finding of a scan with the file it points into and the policy it belongs to: what the
// line-oriented formats (SARIF, GitHub annotations) walk.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/report/report.h"

namespace iamlint {

/// A finding, its file and its policy (principal-level findings get a stand-in policy).
struct FindingSite {
  const SourceFile& file;
  const Policy& policy;
  const Finding& finding;
};

/// The three levels annotation formats (SARIF, GitHub, reviewdog) know: critical and high are
/// errors (they usually block a merge), medium warnings, low and info notes.
enum class AnnotationLevel { kError, kWarning, kNote };
AnnotationLevel LevelOf(Severity severity);

/// The stand-in policy of findings about a principal's policies together.
Policy PrincipalPolicy(const PrincipalGroup& group);

/// A 16-hex-digit FNV-1a hash of `parts`, each followed by a separator byte: stable across runs,
/// machines and versions, so fingerprints built on it survive upgrades.
std::string StableHash(std::span<const std::string_view> parts);

/// A finding's fingerprint for SARIF partialFingerprints, GitLab and baselines: the rule, the
/// file (path normalized: "./a.json" is "a.json"), the policy, the statement, the method, the
/// message and the offending text, never the line, so it survives edits elsewhere in the file.
std::string FindingFingerprint(const FindingSite& site);

/// Calls `visit(file, policy, finding)` for every finding of `files`, suppressed ones included,
/// file by file in output order; `Files` may be const (read) or not (to mark findings).
template <typename Files, typename Visit>
void VisitAllFindings(Files& files, Visit&& visit) {
  const Policy none;  // findings about a file's directives belong to no policy
  for (auto& f : files) {
    for (auto& g : f.result.principals) {
      const Policy whole = PrincipalPolicy(g);
      for (auto& pf : g.findings) {
        visit(*pf.file, whole, pf.finding);
      }
    }
    if (!f.source) {
      continue;
    }
    for (auto& finding : f.result.findings) {
      visit(*f.source, none, finding);
    }
    for (auto& p : f.result.policies) {
      for (auto& finding : p.findings) {
        visit(*f.source, p.policy, finding);
      }
    }
  }
}

/// Which suppressed findings ForEachFinding visits: those suppressed in the source are part of
/// SARIF and JSON (marked); findings in the baseline are never shown.
enum class Suppressed { kSkip, kInSource };

/// Calls `visit` for every finding of `files`, file by file, in output order.
void ForEachFinding(const std::vector<ScannedFile>& files,
                    const std::function<void(const FindingSite&)>& visit,
                    Suppressed suppressed = Suppressed::kSkip);

/// True when a finding is not part of the results: suppressed, or in the baseline.
inline bool IsHidden(const Finding& f) {
  return f.suppression.has_value();
}

}  // namespace iamlint

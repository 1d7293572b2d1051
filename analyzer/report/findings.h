#pragma once
// Every finding of a scan with the file it points into and the policy it belongs to: what the
// line-oriented formats (SARIF, GitHub annotations) walk.

#include <functional>
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

/// Calls `visit` for every finding of `files`, file by file, in output order.
void ForEachFinding(const std::vector<ScannedFile>& files,
                    const std::function<void(const FindingSite&)>& visit);

}  // namespace iamlint

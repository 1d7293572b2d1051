#include "analyzer/report/findings.h"

namespace iamlint {

AnnotationLevel LevelOf(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return AnnotationLevel::kError;
    case Severity::kMedium:
      return AnnotationLevel::kWarning;
    case Severity::kLow:
    case Severity::kInfo:
      return AnnotationLevel::kNote;
  }
  return AnnotationLevel::kNote;
}

void ForEachFinding(const std::vector<ScannedFile>& files,
                    const std::function<void(const FindingSite&)>& visit) {
  for (const ScannedFile& f : files) {
    for (const PrincipalGroup& g : f.result.principals) {
      Policy whole;  // findings about a principal's policies together
      whole.kind = PolicyKind::kIdentity;
      whole.name = g.principal.address;
      whole.address = g.principal.address;
      whole.principal = g.principal.address;
      for (const LocatedFinding& pf : g.findings) {
        visit({*pf.file, whole, pf.finding});
      }
    }
    if (!f.source) {
      continue;
    }
    for (const PolicyResult& p : f.result.policies) {
      for (const Finding& finding : p.findings) {
        visit({*f.source, p.policy, finding});
      }
    }
  }
}

}  // namespace iamlint

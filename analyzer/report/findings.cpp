#include "analyzer/report/findings.h"

namespace iamlint {

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

#include "analyzer/report/report.h"

namespace iamlint {

ScanSummary Summarize(const std::vector<ScannedFile>& files) {
  ScanSummary s;
  s.files = files.size();
  auto count = [&s](const Finding& f) {
    if (!f.suppression) {
      ++s.findings;
      ++s.by_severity[static_cast<int>(f.severity)];
    } else if (f.suppression->kind == Suppression::Kind::kInSource) {
      ++s.suppressed;
    } else {
      ++s.baselined;
    }
  };
  for (const ScannedFile& f : files) {
    s.errors += f.result.errors.size();
    s.policies += f.result.policies.size();
    for (const Finding& finding : f.result.findings) {
      count(finding);
    }
    for (const PolicyResult& p : f.result.policies) {
      for (const Finding& finding : p.findings) {
        count(finding);
      }
    }
    for (const PrincipalGroup& g : f.result.principals) {
      for (const LocatedFinding& pf : g.findings) {
        count(pf.finding);
      }
    }
  }
  return s;
}

std::string FixtureLine(const SourceFile& file, const Finding& finding) {
  const LineRange r = file.Locate(finding.range);
  std::string line = std::to_string(r.start.line) + ":" + std::to_string(r.start.column) + "-" +
                     std::to_string(r.end.line) + ":" + std::to_string(r.end.column) + " ";
  line.append(SeverityName(finding.severity)).append(" ").append(finding.rule_id).append(" ");
  if (!finding.aws_check.empty()) {
    line.append("[").append(finding.aws_check).append("] ");
  }
  return line.append(finding.message);
}

}  // namespace iamlint

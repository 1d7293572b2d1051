#include <sstream>

#include "analyzer/report/report.h"

namespace iamlint {

std::string RuleMarkdown(const RuleInfo& info) {
  std::ostringstream out;
  out << "# " << info.id << " " << info.name << "\n\n"
      << info.summary << "\n\nCategory: " << CategoryName(info.category)
      << ". Default severity: " << SeverityName(info.severity) << ".\n";
  if (!info.aws_checks.empty()) {
    out << "\nIAM Access Analyzer checks it implements (`aws_check` in JSON output):";
    const char* separator = " ";
    for (const std::string_view code : info.aws_checks) {
      out << separator << '`' << code << '`';
      separator = ", ";
    }
    out << ".\n";
  }
  out << info.doc;
  return out.str();
}

}  // namespace iamlint

// GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions): each
// finding becomes an annotation on the pull request's diff.

#include <array>

#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

// Escapes a command's message: %, CR and LF.
std::string EscapeData(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

// Escapes a command's property value: as data, plus ':' and ','.
std::string EscapeProperty(std::string_view text) {
  std::string out;
  for (const char c : EscapeData(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view Command(Severity severity) {
  constexpr std::array<std::string_view, 3> kNames{"error", "warning", "notice"};
  return kNames[static_cast<size_t>(LevelOf(severity))];
}

}  // namespace

void WriteGithub(std::ostream& out, const std::vector<ScannedFile>& files) {
  ForEachFinding(files, [&](const FindingSite& site) {
    const Finding& f = site.finding;
    const LineRange r = site.file.Locate(f.range);
    std::string title(f.rule_id);
    title.append(" ").append(f.rule_name).append(" (").append(SeverityName(f.severity));
    title.append(")");
    std::string message = f.message;
    if (!f.help.empty()) {
      message.append("\nhelp: ").append(f.help);
    }
    out << "::" << Command(f.severity) << " file=" << EscapeProperty(site.file.path())
        << ",line=" << r.start.line << ",col=" << r.start.column << ",endLine=" << r.end.line
        << ",endColumn=" << r.end.column << ",title=" << EscapeProperty(title)
        << "::" << EscapeData(message) << '\n';
  });
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      out << "::error file=" << EscapeProperty(e.path);
      if (f.source && e.range) {
        const LineColumn at = f.source->Locate(e.range->begin);
        out << ",line=" << at.line << ",col=" << at.column;
      }
      out << ",title=iamlint input error::" << EscapeData(e.message) << '\n';
    }
  }
}

}  // namespace iamlint

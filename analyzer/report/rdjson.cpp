// Reviewdog Diagnostic Format (https://github.com/reviewdog/reviewdog/tree/master/proto/rdf):
// rdjson (one DiagnosticResult) and rdjsonl (a Diagnostic per line), so reviewdog posts the
// findings as pull-request review comments. Columns count UTF-8 bytes, 1-based, end exclusive.

#include <array>

#include <nlohmann/json.hpp>

#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

using nlohmann::ordered_json;

std::string_view RdSeverity(Severity severity) {
  constexpr std::array<std::string_view, 3> kNames{"ERROR", "WARNING", "INFO"};
  return kNames[static_cast<size_t>(LevelOf(severity))];
}

// 1-based line and 1-based UTF-8 byte column of `offset`.
ordered_json Position(const SourceFile& file, uint32_t offset) {
  const LineColumn at = file.Locate(offset);
  const std::string_view line = file.Line(at.line);
  const auto line_start = static_cast<uint32_t>(line.data() - file.text().data());
  return {{"line", at.line}, {"column", offset - line_start + 1}};
}

ordered_json Diagnostic(const FindingSite& site) {
  const Finding& f = site.finding;
  std::string message = f.message;
  if (!f.help.empty()) {
    message.append("\nhelp: ").append(f.help);
  }
  ordered_json d{{"message", message},
                 {"location",
                  {{"path", site.file.path()},
                   {"range",
                    {{"start", Position(site.file, f.range.begin)},
                     {"end", Position(site.file, f.range.end)}}}}},
                 {"severity", RdSeverity(f.severity)},
                 {"source", {{"name", "iamlint"}}},
                 {"code", {{"value", std::string(f.rule_id) + " " + std::string(f.rule_name)}}}};
  return d;
}

ordered_json ErrorDiagnostic(const ScannedFile& file, const InputError& e) {
  ordered_json location{{"path", e.path}};
  if (file.source && e.range) {
    location["range"] = {{"start", Position(*file.source, e.range->begin)}};
  }
  return {{"message", e.message},
          {"location", std::move(location)},
          {"severity", "ERROR"},
          {"source", {{"name", "iamlint"}}},
          {"code", {{"value", "input-error"}}}};
}

}  // namespace

void WriteRdjson(std::ostream& out, const std::vector<ScannedFile>& files, bool lines) {
  ordered_json diagnostics = ordered_json::array();
  ForEachFinding(files, [&](const FindingSite& site) { diagnostics.push_back(Diagnostic(site)); });
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      diagnostics.push_back(ErrorDiagnostic(f, e));
    }
  }
  const auto dump = [](const ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (lines) {
    for (const ordered_json& d : diagnostics) {
      out << dump(d, -1) << '\n';
    }
    return;
  }
  const ordered_json result{{"source", {{"name", "iamlint"}}},
                            {"diagnostics", std::move(diagnostics)}};
  out << dump(result, 2) << '\n';
}

}  // namespace iamlint

// GitLab Code Quality
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): a JSON array of
// Code Climate issues, of which GitLab reads description, check_name, fingerprint, severity and
// location (path relative to the repository, lines.begin). GitLab shows the issues a merge request
// adds or fixes by comparing fingerprints, so they must not depend on line numbers: the same
// FindingFingerprint SARIF uses.

#include <array>
#include <filesystem>
#include <map>
#include <system_error>

#include <nlohmann/json.hpp>

#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

using nlohmann::ordered_json;

// GitLab's five severities, one per iamlint severity in the same order.
std::string_view GitlabSeverity(Severity severity) {
  constexpr std::array<std::string_view, 5> kNames{"blocker", "critical", "major", "minor", "info"};
  return kNames[static_cast<size_t>(severity)];
}

// GitLab links `location.path` relative to the repository root, where its jobs run: a leading
// "./" is dropped and an absolute path below the working directory made relative to it.
std::string RepositoryPath(std::string_view path) {
  std::filesystem::path p(path);
  if (p.is_absolute()) {
    std::error_code ec;
    const std::filesystem::path relative = p.lexically_relative(std::filesystem::current_path(ec));
    if (!ec && !relative.empty() && *relative.begin() != "..") {
      p = relative;
    }
  }
  std::string out = p.generic_string();
  while (out.starts_with("./")) {
    out.erase(0, 2);
  }
  return out;
}

}  // namespace

void WriteGitlab(std::ostream& out, const std::vector<ScannedFile>& files) {
  ordered_json issues = ordered_json::array();
  // Fingerprints must be unique in a report: a repeat (the same finding twice in one policy)
  // gets its occurrence number appended.
  std::map<std::string, int> seen;
  auto unique = [&](std::string fingerprint) {
    const int n = ++seen[fingerprint];
    if (n > 1) {
      fingerprint.append("-").append(std::to_string(n));
    }
    return fingerprint;
  };
  ForEachFinding(files, [&](const FindingSite& site) {
    const Finding& f = site.finding;
    const LineRange r = site.file.Locate(f.range);
    // One line of prose in the merge request widget: the message, then how to fix it.
    std::string description = f.message;
    if (!f.help.empty()) {
      if (!description.ends_with('.') && !description.ends_with('?')) {
        description += '.';
      }
      description.append(" Help: ").append(f.help);
    }
    issues.push_back({{"type", "issue"},
                      {"description", std::move(description)},
                      {"check_name", std::string(f.rule_id) + " " + std::string(f.rule_name)},
                      {"categories", {"Security"}},
                      {"fingerprint", unique(FindingFingerprint(site))},
                      {"severity", GitlabSeverity(f.severity)},
                      {"location",
                       {{"path", RepositoryPath(site.file.path())},
                        {"lines", {{"begin", r.start.line}, {"end", r.end.line}}}}}});
  });
  // An input error leaves a file unchecked: reported as a blocker, so the merge request shows
  // it, fingerprinted like a finding without a line.
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      uint32_t line = 1;
      if (f.source && e.range) {
        line = f.source->Locate(e.range->begin).line;
      }
      const std::array<std::string_view, 3> parts{"input-error", e.path, e.message};
      issues.push_back(
          {{"type", "issue"},
           {"description", e.message},
           {"check_name", "input-error"},
           {"categories", {"Bug Risk"}},
           {"fingerprint", unique(StableHash(parts))},
           {"severity", "blocker"},
           {"location",
            {{"path", RepositoryPath(e.path)}, {"lines", {{"begin", line}, {"end", line}}}}}});
    }
  }
  out << issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace iamlint

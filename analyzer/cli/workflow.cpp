#include "analyzer/cli/workflow.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/core/process.h"
#include "analyzer/report/findings.h"

namespace iamlint::cli {
namespace {

using nlohmann::ordered_json;

constexpr int kBaselineSchema = 1;

std::optional<std::string> Run(const std::vector<std::string>& argv, std::string* error) {
  return RunProgram(argv, error);
}

uint32_t ParseNumber(std::string_view text, size_t& at) {
  uint32_t n = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    n = n * 10 + static_cast<uint32_t>(text[at++] - '0');
  }
  return n;
}

}  // namespace

std::string CanonicalPath(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? std::filesystem::path(path).lexically_normal().string() : canonical.string();
}

bool WriteBaseline(const std::string& path, const std::vector<ScannedFile>& files,
                   std::string* error) {
  ordered_json findings = ordered_json::array();
  ForEachFinding(files, [&](const FindingSite& site) {
    const LineColumn at = site.file.Locate(site.finding.range.begin);
    // Rule, path, line and message are there for people reading the file; only the
    // fingerprint is matched.
    findings.push_back({{"fingerprint", FindingFingerprint(site)},
                        {"rule", site.finding.rule_id},
                        {"path", site.file.path()},
                        {"line", at.line},
                        {"message", site.finding.message}});
  });
  const ordered_json doc{{"iamlint_baseline", kBaselineSchema},
                         {"tool", {{"name", "iamlint"}, {"version", IAMLINT_VERSION}}},
                         {"findings", std::move(findings)}};
  std::ofstream out(path, std::ios::binary);
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

std::optional<Baseline> ReadBaseline(const std::string& path, std::string* error) {
  std::string contents;
  if (!ReadInput(path, &contents, error)) {
    return std::nullopt;
  }
  const ordered_json doc = ordered_json::parse(contents, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("iamlint_baseline") ||
      !doc.contains("findings") || !doc["findings"].is_array()) {
    *error = "not an iamlint baseline (write one with --write-baseline)";
    return std::nullopt;
  }
  if (doc["iamlint_baseline"] != kBaselineSchema) {
    *error = "baseline schema " + doc["iamlint_baseline"].dump() + " is not supported (expected " +
             std::to_string(kBaselineSchema) + "): write it again with --write-baseline";
    return std::nullopt;
  }
  Baseline baseline;
  size_t index = 0;
  for (const ordered_json& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
      *error = "findings[" + std::to_string(index) + "] has no fingerprint";
      return std::nullopt;
    }
    ++baseline.fingerprints[f["fingerprint"].get<std::string>()];
    ++index;
  }
  return baseline;
}

void ApplyBaseline(std::vector<ScannedFile>& files, const Baseline& baseline) {
  std::map<std::string, size_t> left = baseline.fingerprints;
  VisitAllFindings(files, [&](const SourceFile& file, const Policy& policy, Finding& f) {
    if (f.suppression) {
      return;
    }
    auto it = left.find(FindingFingerprint({file, policy, f}));
    if (it != left.end() && it->second > 0) {
      --it->second;
      f.suppression = Suppression{Suppression::Kind::kBaseline, "in the baseline", nullptr, {}};
    }
  });
}

bool ChangedLines::Changed(const std::string& path) const {
  return files.contains(CanonicalPath(path));
}

bool ChangedLines::Changed(const std::string& path, uint32_t line) const {
  auto it = files.find(CanonicalPath(path));
  if (it == files.end()) {
    return false;
  }
  if (it->second.empty()) {
    return true;
  }
  return std::any_of(it->second.begin(), it->second.end(),
                     [line](const auto& r) { return line >= r.first && line <= r.second; });
}

void ParseUnifiedDiff(std::string_view diff, const std::string& base, ChangedLines& changes) {
  std::vector<std::pair<uint32_t, uint32_t>>* current = nullptr;
  while (!diff.empty()) {
    const size_t eol = std::min(diff.find('\n'), diff.size());
    const std::string_view line = diff.substr(0, eol);
    diff.remove_prefix(std::min(eol + 1, diff.size()));
    if (line.starts_with("+++ ")) {
      current = nullptr;
      if (line.starts_with("+++ b/")) {
        const std::string path = (std::filesystem::path(base) / line.substr(6)).string();
        current = &changes.files[CanonicalPath(path)];
      }
    } else if (line.starts_with("@@ ") && current != nullptr) {
      // @@ -a[,b] +c[,d] @@: d lines from line c are new; d = 0 is a deletion after line c,
      // which touches the lines on both sides of it.
      const size_t plus = line.find(" +");
      if (plus == std::string_view::npos) {
        continue;
      }
      size_t at = plus + 2;
      const uint32_t start = ParseNumber(line, at);
      uint32_t count = 1;
      if (at < line.size() && line[at] == ',') {
        ++at;
        count = ParseNumber(line, at);
      }
      if (count == 0) {
        current->emplace_back(std::max<uint32_t>(start, 1), start + 1);
      } else {
        current->emplace_back(start, start + count - 1);
      }
    }
  }
}

std::optional<ChangedLines> ChangedSince(const std::string& rev, std::string* error) {
  const std::string base = std::filesystem::current_path().string();
  if (!Run({"git", "rev-parse", "--verify", "--quiet", rev + "^{commit}"}, error)) {
    *error = "--changed-since: '" + rev + "' is not a git revision here";
    return std::nullopt;
  }
  // --relative: paths relative to this directory, as the scanned paths are.
  const std::optional<std::string> diff =
      Run({"git", "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
           "--no-renames", "-U0", "--relative", rev, "--"},
          error);
  const std::optional<std::string> untracked = Run(
      {"git", "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard"}, error);
  if (!diff || !untracked) {
    *error = "--changed-since: " + *error;
    return std::nullopt;
  }
  ChangedLines changes;
  ParseUnifiedDiff(*diff, base, changes);
  std::string_view list = *untracked;
  while (!list.empty()) {
    const size_t eol = std::min(list.find('\n'), list.size());
    if (eol > 0) {
      changes.files[CanonicalPath((std::filesystem::path(base) / list.substr(0, eol)).string())];
    }
    list.remove_prefix(std::min(eol + 1, list.size()));
  }
  return changes;
}

void KeepChangedLines(std::vector<ScannedFile>& files, const ChangedLines& changes) {
  auto outside = [&](const SourceFile& file, const Finding& f) {
    return !changes.Changed(file.path(), file.Locate(f.range.begin).line);
  };
  for (ScannedFile& f : files) {
    for (PrincipalGroup& g : f.result.principals) {
      std::erase_if(g.findings,
                    [&](const LocatedFinding& pf) { return outside(*pf.file, pf.finding); });
    }
    if (!f.source) {
      continue;
    }
    std::erase_if(f.result.findings, [&](const Finding& x) { return outside(*f.source, x); });
    for (PolicyResult& p : f.result.policies) {
      std::erase_if(p.findings, [&](const Finding& x) { return outside(*f.source, x); });
    }
  }
}

}  // namespace iamlint::cli

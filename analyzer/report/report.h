#pragma once
// Output formats. One function per format; all read the same scan results.

#include <array>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/analyze/scan.h"

namespace iamlint {

/// Counts used by every format's summary.
struct ScanSummary {
  size_t files = 0;
  size_t policies = 0;
  size_t findings = 0;
  size_t errors = 0;
  size_t suppressed = 0;                // in-source suppressions, not in `findings`
  size_t baselined = 0;                 // in the --baseline file, not in `findings`
  std::array<size_t, 5> by_severity{};  // indexed by Severity
};

/// Totals over all files.
ScanSummary Summarize(const std::vector<ScannedFile>& files);

/// Options of the compiler-style text format.
struct TextOptions {
  bool color = false;
  bool quiet = false;  // finding lines only: no snippet, help or summary
};

/// Compiler-style output: `path:line:col: severity: message [ID name]`, the source line with
/// the range underlined, and a help line.
void WriteText(std::ostream& out, const std::vector<ScannedFile>& files,
               const TextOptions& options);

/// The versioned JSON document (schema 1, see docs/json-output.md).
void WriteJson(std::ostream& out, const std::vector<ScannedFile>& files,
               std::string_view catalog_date);

/// The SARIF 2.1.0 log: every rule in tool.driver (with its documentation as help), each finding
/// as a result with its region (columns in Unicode code points) and a fingerprint that does not
/// depend on line numbers, input errors as tool notifications.
void WriteSarif(std::ostream& out, const std::vector<ScannedFile>& files);

/// GitHub Actions workflow commands: `::error file=...,line=...::message`, one per finding.
void WriteGithub(std::ostream& out, const std::vector<ScannedFile>& files);

/// Reviewdog's diagnostic format: rdjson (one document) or, with `lines`, rdjsonl.
void WriteRdjson(std::ostream& out, const std::vector<ScannedFile>& files, bool lines);

/// JUnit XML for CI test reports: a testsuite per file, each finding a failed testcase, each
/// input error an errored one.
void WriteJunit(std::ostream& out, const std::vector<ScannedFile>& files);

/// GitLab Code Quality: a JSON array of issues with line-independent fingerprints.
void WriteGitlab(std::ostream& out, const std::vector<ScannedFile>& files);

/// The one rendering of a rule's documentation: `iamlint rules ID`, docs/rules/ID.md, SARIF help.
std::string RuleMarkdown(const RuleInfo& info);

/// One finding as the fixture tests compare it: "L:C-L:C severity ID message".
std::string FixtureLine(const SourceFile& file, const Finding& finding);

}  // namespace iamlint

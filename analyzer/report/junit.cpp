// JUnit XML, as CI test reports read it (GitLab's `artifacts:reports:junit`, Jenkins' junit
// step, GitHub test-report actions). One testsuite per file, as linters usually do, so a report
// groups findings by the file to fix: each finding is a failed testcase, each input error an
// errored one, and a file without either one passing testcase, so the report counts what was
// checked. Testcase names hold the rule and the message, never the line: GitLab compares
// reports between pipelines by classname and name, and an edit above a finding must not turn
// it into a new failure.

#include <cstdint>
#include <map>
#include <string_view>

#include "analyzer/core/strings.h"
#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

// Appends `cp` to `out` when XML 1.0 allows it (even a character reference cannot carry the
// other control characters), else U+FFFD.
void AppendXmlChar(std::string& out, uint32_t cp) {
  const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  if (allowed) {
    AppendUtf8(out, cp);
  } else {
    AppendUtf8(out, 0xFFFD);
  }
}

// The length of the valid UTF-8 sequence at the start of `s` and its code point; 0 when the
// bytes there are not one (a stray continuation byte, an overlong form, a surrogate, a cut).
size_t DecodeUtf8(std::string_view s, uint32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  size_t length = 0;
  uint32_t min = 0;
  if (b0 < 0x80U) {
    *cp = b0;
    return 1;
  }
  if ((b0 & 0xE0U) == 0xC0U) {
    length = 2;
    min = 0x80;
    *cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    length = 3;
    min = 0x800;
    *cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    length = 4;
    min = 0x10000;
    *cp = b0 & 0x07U;
  } else {
    return 0;
  }
  if (s.size() < length) {
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0U) != 0x80U) {
      return 0;
    }
    *cp = (*cp << 6U) | (b & 0x3FU);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// `text` as XML character data or a double-quoted attribute value: markup characters as
// entities, line breaks in attributes as references (a parser would turn them into spaces),
// invalid UTF-8 and characters XML forbids as U+FFFD.
std::string Escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    uint32_t cp = 0;
    const size_t length = DecodeUtf8(text, &cp);
    if (length == 0) {
      AppendUtf8(out, 0xFFFD);
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(length);
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        AppendXmlChar(out, cp);
    }
  }
  return out;
}

std::string Attr(std::string_view text) {
  return Escape(text, true);
}

std::string Text(std::string_view text) {
  return Escape(text, false);
}

// What one file's testsuite holds, already rendered.
struct Suite {
  std::string path;
  std::string cases;
  size_t tests = 0;
  size_t failures = 0;
  size_t errors = 0;
};

// A failed testcase: the body reads like the text format's finding line, then help and policy.
std::string FailureCase(const FindingSite& site) {
  const Finding& f = site.finding;
  const LineRange r = site.file.Locate(f.range);
  const std::string& path = site.file.path();
  const std::string_view severity = SeverityName(f.severity);
  std::string name(f.rule_id);
  name.append(" ").append(f.rule_name).append(": ").append(f.message);
  std::string body = path + ":" + std::to_string(r.start.line) + ":" +
                     std::to_string(r.start.column) + ": " + std::string(severity) + ": " +
                     f.message + " [" + std::string(f.rule_id) + " " + std::string(f.rule_name) +
                     "]";
  if (!f.help.empty()) {
    body.append("\nhelp: ").append(f.help);
  }
  const std::string& policy = site.policy.address.empty() ? site.policy.name : site.policy.address;
  if (!policy.empty()) {
    body.append("\npolicy: ").append(policy);
  }
  return "    <testcase name=\"" + Attr(name) + "\" classname=\"" + Attr(path) + "\" file=\"" +
         Attr(path) + "\" line=\"" + std::to_string(r.start.line) + "\" time=\"0\">\n" +
         "      <failure message=\"" + Attr(f.message) + "\" type=\"" + std::string(severity) +
         "\">" + Text(body) + "</failure>\n    </testcase>\n";
}

std::string ErrorCase(const ScannedFile& file, const InputError& e) {
  std::string where = e.path;
  std::string line_attr;
  if (file.source && e.range) {
    const LineColumn at = file.source->Locate(e.range->begin);
    where.append(":").append(std::to_string(at.line)).append(":").append(std::to_string(at.column));
    line_attr = " line=\"" + std::to_string(at.line) + "\"";
  }
  return "    <testcase name=\"input error: " + Attr(e.message) + "\" classname=\"" + Attr(e.path) +
         "\" file=\"" + Attr(e.path) + "\"" + line_attr + " time=\"0\">\n" +
         "      <error message=\"" + Attr(e.message) + "\" type=\"input-error\">" +
         Text(where + ": error: " + e.message) + "</error>\n    </testcase>\n";
}

}  // namespace

void WriteJunit(std::ostream& out, const std::vector<ScannedFile>& files) {
  // Suites in the order of the files; a finding goes to the suite of the file it points into
  // (a Terraform principal's finding can point into another file of its module).
  std::vector<Suite> suites;
  std::map<std::string, size_t, std::less<>> index;
  auto suite_for = [&](const std::string& path) -> Suite& {
    auto [it, added] = index.emplace(path, suites.size());
    if (added) {
      suites.push_back({path, {}, 0, 0, 0});
    }
    return suites[it->second];
  };
  for (const ScannedFile& f : files) {
    if (!f.result.not_a_policy || !f.result.errors.empty()) {
      suite_for(f.path);
    }
  }
  ForEachFinding(files, [&](const FindingSite& site) {
    Suite& s = suite_for(site.file.path());
    s.cases += FailureCase(site);
    ++s.tests;
    ++s.failures;
  });
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      Suite& s = suite_for(e.path);
      s.cases += ErrorCase(f, e);
      ++s.tests;
      ++s.errors;
    }
  }
  size_t tests = 0;
  size_t failures = 0;
  size_t errors = 0;
  for (Suite& s : suites) {
    if (s.tests == 0) {  // checked, nothing found
      s.cases = "    <testcase name=\"iamlint\" classname=\"" + Attr(s.path) + "\" file=\"" +
                Attr(s.path) + "\" time=\"0\"/>\n";
      s.tests = 1;
    }
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"iamlint\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"0\">\n";
  for (const Suite& s : suites) {
    out << "  <testsuite name=\"" << Attr(s.path) << "\" tests=\"" << s.tests << "\" failures=\""
        << s.failures << "\" errors=\"" << s.errors << "\" skipped=\"0\" time=\"0\">\n"
        << s.cases << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace iamlint

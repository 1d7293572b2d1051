// Runs one fixture file of rule cases and compares the findings with the expected ones, strictly
// both ways. IAMLINT_UPDATE_FIXTURES=1 rewrites the expect blocks instead (review the diff).
//
// Format (one file per rule, fixtures/rules/IAMNNN.txt):
//   === title of the case
//   :kind identity            optional: policy kind (default: inferred)
//   :rules IAM201 IAM202      optional: rules to run (default: the file's rule)
//   :format hcl               optional: the input is a Terraform file, or (yaml) a
//                             CloudFormation/SAM template in YAML, or (account) an account
//                             snapshot, whose principal findings count too (default: policy JSON)
//   :account 111122223333     optional: home account(s), as --account
//   :check CODE               optional: the case is about this Access Analyzer check; a case
//                             that names it but gets no [CODE] finding is its negative case
//   { ... policy JSON ... }
//   --- expect
//   2:48-2:51 critical IAM201 message        (line:col-line:col, end exclusive)

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/account/account.h"
#include "analyzer/analyze/aws_checks.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/analyze/scan.h"
#include "analyzer/analyze/suppressions.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/report/report.h"

namespace {

struct Case {
  std::string title;
  std::vector<std::string> directives;
  std::string input;
  std::vector<std::string> expected;
  std::vector<std::string> trailing;  // blank lines kept when rewriting
};

std::vector<Case> ReadCases(const std::string& text) {
  std::vector<Case> cases;
  std::istringstream in(text);
  std::string line;
  bool in_expect = false;
  while (std::getline(in, line)) {
    if (line.starts_with("=== ")) {
      cases.push_back({line.substr(4), {}, {}, {}, {}});
      in_expect = false;
    } else if (cases.empty()) {
      continue;  // a header comment before the first case
    } else if (line == "--- expect") {
      in_expect = true;
    } else if (in_expect) {
      if (!line.empty()) {
        cases.back().expected.push_back(line);
      }
    } else if (line.starts_with(":") && cases.back().input.empty()) {
      cases.back().directives.push_back(line);
    } else {
      cases.back().input += line + "\n";
    }
  }
  return cases;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) {
    words.push_back(w);
  }
  return words;
}

std::vector<std::string> Run(const Case& c, const std::string& default_rule,
                             iamlint::catalog::ActionMatcher& matcher, std::string* error) {
  iamlint::ScanOptions options;
  options.rules.only = {default_rule};
  std::string format = "json";
  for (const std::string& d : c.directives) {
    const std::vector<std::string> words = Words(d.substr(1));
    if (words.empty()) {
      continue;
    }
    if (words[0] == "account" && words.size() >= 2) {
      options.rules.accounts.home.assign(words.begin() + 1, words.end());
    } else if (words[0] == "kind" && words.size() == 2) {
      options.kind = iamlint::ParsePolicyKind(words[1]).value_or(iamlint::PolicyKind::kUnknown);
    } else if (words[0] == "format" && words.size() == 2 &&
               (words[1] == "hcl" || words[1] == "json" || words[1] == "yaml" ||
                words[1] == "account")) {
      format = words[1];
    } else if (words[0] == "check" && words.size() >= 2) {
      continue;  // read by the coverage mode
    } else if (words[0] == "rules") {
      options.rules.only.assign(words.begin() + 1, words.end());
    } else {
      *error = "unknown directive '" + d + "'";
    }
  }
  const iamlint::SourceFile file(format == "hcl"    ? "case.tf"
                                 : format == "yaml" ? "case.yaml"
                                                    : "case.json",
                                 c.input);
  // Suppression directives are applied as `check` applies them (IAM901, IAM902 cases).
  std::vector<iamlint::ScannedFile> scanned(1);
  scanned[0].path = file.path();
  scanned[0].source = std::make_unique<iamlint::SourceFile>(file.path(), c.input);
  const iamlint::SourceFile& source = *scanned[0].source;
  if (format == "account") {
    scanned[0] = iamlint::account::ScanAccountDetails(
        std::make_unique<iamlint::SourceFile>(file.path(), c.input), matcher, options);
  } else {
    scanned[0].result = format == "hcl"    ? iamlint::ScanTerraformFile(source, matcher, options)
                        : format == "yaml" ? iamlint::ScanYamlFile(source, matcher, options)
                                           : iamlint::ScanJsonFile(source, matcher, options);
  }
  iamlint::SuppressionOptions suppression;
  suppression.report_unused = [](std::string_view /*path*/) {
    return true;
  };
  suppression.rule_ran = [&options](std::string_view /*path*/, std::string_view rule) {
    return std::any_of(options.rules.only.begin(), options.rules.only.end(),
                       [&](const std::string& r) { return r == rule; });
  };
  iamlint::ApplySuppressions(scanned, suppression);
  const iamlint::FileResult& result = scanned[0].result;
  auto line_of = [&](const iamlint::Finding& f) {
    std::string line = iamlint::FixtureLine(file, f);
    if (f.suppression) {
      line += " [suppressed: " + f.suppression->reason + "]";
    }
    return line;
  };
  std::vector<std::string> lines;
  for (const iamlint::InputError& e : result.errors) {
    iamlint::Finding f;
    f.rule_id = "input";
    f.severity = iamlint::Severity::kHigh;
    f.message = e.message;
    f.range = e.range.value_or(iamlint::ByteRange{});
    lines.push_back(iamlint::FixtureLine(file, f));
  }
  for (const iamlint::Finding& f : result.findings) {
    lines.push_back(line_of(f));
  }
  if (format == "account") {  // an account's findings are mostly about its principals
    for (const iamlint::PrincipalGroup& g : result.principals) {
      for (const iamlint::LocatedFinding& f : g.findings) {
        lines.push_back(line_of(f.finding));
      }
    }
  }
  for (const iamlint::PolicyResult& p : result.policies) {
    for (const iamlint::Finding& f : p.findings) {
      const iamlint::Rule* rule = iamlint::FindRule(f.rule_id);
      if (!f.aws_check.empty() &&
          (rule == nullptr || std::find(rule->info.aws_checks.begin(), rule->info.aws_checks.end(),
                                        f.aws_check) == rule->info.aws_checks.end())) {
        *error = std::string(f.rule_id) + " reported " + std::string(f.aws_check) +
                 ", which is not in its aws_checks";
      }
      lines.push_back(line_of(f));
    }
  }
  return lines;
}

void Rewrite(const std::string& path, const std::string& text, const std::vector<Case>& cases) {
  std::ostringstream out;
  const size_t header_end = text.find("=== ");
  out << text.substr(0, header_end == std::string::npos ? 0 : header_end);
  for (const Case& c : cases) {
    out << "=== " << c.title << '\n';
    for (const auto& d : c.directives) {
      out << d << '\n';
    }
    out << c.input << "--- expect\n";
    for (const auto& l : c.expected) {
      out << l << '\n';
    }
    out << '\n';
  }
  std::ofstream(path, std::ios::binary) << out.str();
}

void PrintDifference(const std::string& path, const Case& c,
                     const std::vector<std::string>& actual) {
  std::cerr << path << ": case '" << c.title << "' differs\n  expected:\n";
  for (const auto& l : c.expected) {
    std::cerr << "    " << l << '\n';
  }
  std::cerr << "  actual:\n";
  for (const auto& l : actual) {
    std::cerr << "    " << l << '\n';
  }
}

// Coverage of the Access Analyzer checks: every check a rule claims needs a case with a finding
// that names it and a case that names it with `:check` and gets no such finding.
int CheckAwsCoverage(const std::vector<std::string>& paths,
                     iamlint::catalog::ActionMatcher& matcher) {
  std::map<std::string, std::pair<int, int>> seen;  // check -> (positives, negatives)
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string rule = std::filesystem::path(path).stem().string();
    for (const Case& c : ReadCases(buffer.str())) {
      std::string error;
      const std::vector<std::string> lines = Run(c, rule, matcher, &error);
      std::set<std::string> reported;
      for (const std::string& line : lines) {
        const size_t open = line.find(" [");
        const size_t close = line.find("] ", open == std::string::npos ? 0 : open);
        if (open != std::string::npos && close != std::string::npos) {
          reported.insert(line.substr(open + 2, close - open - 2));
        }
      }
      for (const std::string& check : reported) {
        seen[check].first++;
      }
      for (const std::string& d : c.directives) {
        const std::vector<std::string> words = Words(d.substr(1));
        if (words.size() >= 2 && words[0] == "check") {
          for (size_t i = 1; i < words.size(); ++i) {
            if (!reported.contains(words[i])) {
              seen[words[i]].second++;
            }
          }
        }
      }
    }
  }
  int missing = 0;
  std::vector<std::string> problems;
  iamlint::AwsChecks(&problems);
  for (const std::string& problem : problems) {
    std::cerr << problem << '\n';
    ++missing;
  }
  size_t claimed = 0;
  for (const iamlint::Rule* rule : iamlint::AllRules()) {
    for (const std::string_view check : rule->info.aws_checks) {
      ++claimed;
      const auto [positives, negatives] = seen[std::string(check)];
      if (positives == 0 || negatives == 0) {
        std::cerr << rule->info.id << ": Access Analyzer check " << check << " has " << positives
                  << " positive and " << negatives << " negative fixture cases; it needs both\n";
        ++missing;
      }
    }
  }
  std::cout << claimed << " Access Analyzer checks claimed by rules, " << missing
            << " without a positive and a negative fixture case\n";
  return missing == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "--aws-checks") {
    iamlint::catalog::ActionMatcher matcher(iamlint::catalog::Catalog::Embedded());
    return CheckAwsCoverage({argv + 2, argv + argc}, matcher);
  }
  if (argc != 2) {
    std::cerr << "usage: fixture_runner FIXTURE.txt | --aws-checks FIXTURE...\n";
    return 2;
  }
  const std::string path = argv[1];
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::vector<Case> cases = ReadCases(text);
  const std::string rule = std::filesystem::path(path).stem().string();
  iamlint::catalog::ActionMatcher matcher(iamlint::catalog::Catalog::Embedded());
  const bool update = std::getenv("IAMLINT_UPDATE_FIXTURES") != nullptr;
  int failures = 0;
  size_t positives = 0;
  size_t negatives = 0;
  for (Case& c : cases) {
    std::string error;
    const std::vector<std::string> actual = Run(c, rule, matcher, &error);
    if (!error.empty()) {
      std::cerr << path << ": case '" << c.title << "': " << error << '\n';
      ++failures;
      continue;
    }
    (actual.empty() ? negatives : positives)++;
    if (update) {
      c.expected = actual;
    } else if (actual != c.expected) {
      ++failures;
      PrintDifference(path, c, actual);
    }
  }
  if (update) {
    Rewrite(path, text, cases);
  }
  if (cases.empty() || positives == 0 || negatives == 0) {
    std::cerr << path << ": a fixture needs at least one case with findings and one without\n";
    ++failures;
  }
  std::cout << cases.size() << " cases, " << failures << " failed\n";
  return failures == 0 ? 0 : 1;
}

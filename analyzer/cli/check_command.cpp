#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/report/report.h"
#include <unistd.h>

namespace iamlint::cli {
namespace {

bool UseColor(const CheckOptions& options) {
  const char* no_color = std::getenv("NO_COLOR");
  if (options.no_color || (no_color != nullptr && no_color[0] != '\0')) {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

ScannedFile ScanOne(const std::string& path, catalog::ActionMatcher& matcher,
                    const ScanOptions& scan_options) {
  ScannedFile scanned;
  scanned.path = path == "-" ? "<stdin>" : path;
  std::string contents;
  std::string error;
  if (!ReadInput(path, &contents, &error)) {
    scanned.result.errors.push_back({scanned.path, std::nullopt, error});
    return scanned;
  }
  scanned.source = std::make_unique<SourceFile>(scanned.path, std::move(contents));
  try {
    scanned.result = ScanJsonFile(*scanned.source, matcher, scan_options);
  } catch (const std::exception& e) {
    // Only a bug can get here (bad input is a diagnostic, not an exception): report it for
    // this file and go on with the others.
    scanned.result = {};
    scanned.result.errors.push_back(
        {scanned.path, std::nullopt, std::string("internal error, please report it: ") + e.what()});
  }
  return scanned;
}

}  // namespace

int RunCheck(const catalog::Catalog& cat, const CheckOptions& options) {
  const auto fail_on = ParseSeverity(options.fail_on);
  if (!fail_on) {
    std::cerr << "iamlint: --fail-on takes critical, high, medium, low or info\n";
    return kExitError;
  }
  ScanOptions scan_options;
  if (!options.policy_kind.empty()) {
    const auto kind = ParsePolicyKind(options.policy_kind);
    if (!kind || *kind == PolicyKind::kUnknown) {
      std::cerr << "iamlint: --policy-kind takes identity, resource, trust, scp, rcp or boundary\n";
      return kExitError;
    }
    scan_options.kind = *kind;
  }
  for (const std::string& r : options.rules) {
    if (FindRule(r) == nullptr) {
      std::cerr << "iamlint: unknown rule '" << r << "' (see `iamlint rules`)\n";
      return kExitError;
    }
  }
  scan_options.rules.only = options.rules;

  std::vector<InputError> walk_errors;
  const std::vector<std::string> paths = CollectFiles(
      options.paths.empty() ? std::vector<std::string>{"."} : options.paths, &walk_errors);
  catalog::ActionMatcher matcher(cat);
  std::vector<ScannedFile> files;
  files.reserve(paths.size());
  for (const std::string& path : paths) {
    ScannedFile& f = files.emplace_back(ScanOne(path, matcher, scan_options));
    const bool named =
        std::find(options.paths.begin(), options.paths.end(), path) != options.paths.end();
    if (f.result.not_a_policy && named) {
      // Named on the command line: say why nothing was checked. Found by a walk: just skip.
      f.result.errors.push_back(
          {f.path, ByteRange{0, 0}, "no IAM policy found: expected an object with a Statement"});
    }
  }
  for (InputError& e : walk_errors) {
    ScannedFile& f = files.emplace_back();
    f.path = e.path;
    f.result.errors.push_back(std::move(e));
  }
  if (options.format == "json") {
    WriteJson(std::cout, files, cat.data_date());
  } else {
    WriteText(std::cout, files, {UseColor(options), options.quiet});
  }
  const ScanSummary summary = Summarize(files);
  if (summary.errors > 0) {
    return kExitError;
  }
  for (int s = 0; s <= static_cast<int>(*fail_on); ++s) {
    if (summary.by_severity[s] > 0) {
      return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace iamlint::cli

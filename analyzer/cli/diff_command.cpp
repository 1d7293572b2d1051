// `iamlint diff`: the access a change grants. OLD NEW (two files or two directories), or the
// working tree against a git revision (--base REV). Exit 1 when new access appears that no
// --allow accepts, 0 otherwise, 2 on usage or input errors.

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/core/strings.h"
#include "analyzer/diff/git_revision.h"
#include "analyzer/diff/render.h"

namespace iamlint::cli {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed on scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "iamlint-diff-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool ParseAllow(const std::string& text, catalog::ActionMatcher& matcher,
                std::vector<diff::AllowRule>& rules) {
  diff::AllowRule rule;
  const size_t eq = text.rfind('=');
  rule.scope = eq == std::string::npos ? std::string() : text.substr(0, eq);
  rule.pattern = eq == std::string::npos ? text : text.substr(eq + 1);
  const catalog::ActionExpansion& e = matcher.Expand(rule.pattern);
  if (e.status != catalog::PatternStatus::kOk) {
    std::cerr << "iamlint: --allow '" << text << "': '" << rule.pattern
              << "' matches no action (an action pattern such as s3:Get*, optionally after "
                 "SCOPE=)\n";
    return false;
  }
  rule.actions = e.ToSet(matcher.catalog().action_count());
  rules.push_back(std::move(rule));
  return true;
}

diff::Version Scan(const DiffOptions& options, const std::vector<std::string>& paths,
                   std::string root, std::string shown_root, catalog::ActionMatcher& matcher,
                   const ScanOptions& scan_options) {
  diff::Version v;
  v.root = std::move(root);
  v.shown_root = std::move(shown_root);
  if (paths.empty()) {
    return v;
  }
  CheckOptions check = options.scan;
  check.paths = paths;
  v.files = ScanPaths(check, matcher, scan_options);
  return v;
}

void CollectErrors(const diff::Version& v, std::vector<InputError>& errors) {
  for (const ScannedFile& f : v.files) {
    for (const InputError& e : f.result.errors) {
      InputError shown = e;
      if (f.source) {
        shown.path = diff::ShownPath(*f.source, v);
        if (e.range) {
          const LineColumn at = f.source->Locate(e.range->begin);
          shown.path += Concat({":", std::to_string(at.line), ":", std::to_string(at.column)});
        }
      }
      errors.push_back(std::move(shown));
    }
  }
}

// The working tree against --base REV: the revision's files written under `temp`.
bool ReadRevision(const DiffOptions& options, const TempDir& temp, catalog::ActionMatcher& matcher,
                  const ScanOptions& scan_options, diff::Version& before, diff::Version& after) {
  if (temp.path().empty()) {
    std::cerr << "iamlint: cannot create a temporary directory\n";
    return false;
  }
  const std::vector<std::string>& paths = options.scan.paths;
  const std::vector<std::string> wanted = paths.empty() ? std::vector<std::string>{"."} : paths;
  std::vector<std::string> written;
  std::string error;
  if (!diff::WriteRevisionFiles(options.base, wanted, temp.path(), &written, &error)) {
    std::cerr << "iamlint: " << error << '\n';
    return false;
  }
  // A path missing on one side is all added or all deleted.
  std::vector<std::string> old_paths;
  std::vector<std::string> new_paths;
  for (const std::string& p : wanted) {
    std::error_code ec;
    const fs::path old_path = (fs::path(temp.path()) / p).lexically_normal();
    if (fs::exists(old_path, ec)) {
      old_paths.push_back(old_path.string());
    }
    if (fs::exists(p, ec)) {
      new_paths.push_back(p);
    }
  }
  before =
      Scan(options, old_paths, temp.path(), Concat({options.base, ":"}), matcher, scan_options);
  after = Scan(options, new_paths, ".", "", matcher, scan_options);
  return true;
}

// OLD NEW: two files, or two directories.
bool ReadTwoPaths(const DiffOptions& options, catalog::ActionMatcher& matcher,
                  const ScanOptions& scan_options, diff::Version& before, diff::Version& after) {
  const std::vector<std::string>& paths = options.scan.paths;
  if (paths.size() != 2) {
    std::cerr << "iamlint: diff takes OLD and NEW (two files or two directories), or --base "
                 "REV [PATH...]\n";
    return false;
  }
  std::error_code ec;
  const bool old_dir = fs::is_directory(paths[0], ec);
  const bool new_dir = fs::is_directory(paths[1], ec);
  if (old_dir != new_dir) {
    std::cerr << "iamlint: diff compares two files or two directories, not one of each\n";
    return false;
  }
  // A named .tf file is read with its whole module: two files of one directory would be the
  // same module twice, and the gate would pass whatever changed.
  const fs::path old_path(paths[0]);
  const fs::path new_path(paths[1]);
  if (!old_dir && old_path.extension() == ".tf" && new_path.extension() == ".tf" &&
      fs::equivalent(old_path.parent_path().empty() ? "." : old_path.parent_path(),
                     new_path.parent_path().empty() ? "." : new_path.parent_path(), ec)) {
    std::cerr << "iamlint: " << paths[0] << " and " << paths[1]
              << " are one Terraform module: compare two module directories\n";
    return false;
  }
  before = Scan(options, {paths[0]}, old_dir ? paths[0] : "", "", matcher, scan_options);
  after = Scan(options, {paths[1]}, new_dir ? paths[1] : "", "", matcher, scan_options);
  return true;
}

}  // namespace

int RunDiff(const catalog::Catalog& cat, const DiffOptions& options) {
  std::optional<ScanOptions> scan_options = MakeScanOptions(options.scan);
  if (!scan_options) {
    return kExitError;
  }
  // Only the policies are compared: the lint rules' findings are not needed (one cheap rule
  // keeps the selection non-empty).
  scan_options->rules.only = {"IAM001"};
  catalog::ActionMatcher matcher(cat);
  std::vector<diff::AllowRule> rules;
  for (const std::string& a : options.allow) {
    if (!ParseAllow(a, matcher, rules)) {
      return kExitError;
    }
  }
  diff::Version before;
  diff::Version after;
  TempDir temp;
  const bool read = options.base.empty()
                        ? ReadTwoPaths(options, matcher, *scan_options, before, after)
                        : ReadRevision(options, temp, matcher, *scan_options, before, after);
  if (!read) {
    return kExitError;
  }
  std::vector<diff::PolicyDiff> diffs = diff::DiffVersions(before, after, matcher);
  diff::ApplyAllowRules(diffs, rules);
  diff::DiffReport report{&diffs, &before, &after, &cat, {}};
  CollectErrors(before, report.errors);
  CollectErrors(after, report.errors);
  if (options.format == "json") {
    diff::RenderJson(std::cout, report);
  } else if (options.format == "markdown") {
    diff::RenderMarkdown(std::cout, report);
  } else {
    diff::RenderText(std::cout, report);
  }
  if (!report.errors.empty()) {
    return kExitError;
  }
  return diff::HasNewAccess(diffs) ? kExitFindings : kExitClean;
}

}  // namespace iamlint::cli

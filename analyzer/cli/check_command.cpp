#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>

#include "analyzer/account/account.h"
#include "analyzer/analyze/principals.h"
#include "analyzer/analyze/suppressions.h"
#include "analyzer/cli/check_config.h"
#include "analyzer/cli/commands.h"
#include "analyzer/cli/workflow.h"
#include "analyzer/extract/terraform.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"
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
    const std::string_view text = scanned.source->text();
    const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool yaml =
        path.ends_with(".yaml") || path.ends_with(".yml") ||
        (path.ends_with(".template") && first != std::string_view::npos && text[first] != '{');
    scanned.result = yaml ? ScanYamlFile(*scanned.source, matcher, scan_options)
                          : ScanJsonFile(*scanned.source, matcher, scan_options);
  } catch (const std::exception& e) {
    // Only a bug can get here (bad input is a diagnostic, not an exception): report it for
    // this file and go on with the others.
    scanned.result = {};
    scanned.result.errors.push_back(
        {scanned.path, std::nullopt, std::string("internal error, please report it: ") + e.what()});
  }
  return scanned;
}

bool IsTerraform(const std::string& path) {
  return path.size() > 3 && path.ends_with(".tf");
}

// The root below which Terraform's file() may read: the enclosing git work tree of `start`,
// else `start` itself.
std::filesystem::path ScanRoot(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::weakly_canonical(start, ec);
  if (!std::filesystem::is_directory(dir, ec)) {
    dir = dir.parent_path();
  }
  for (std::filesystem::path p = dir; !p.empty(); p = p.parent_path()) {
    if (std::filesystem::exists(p / ".git", ec)) {
      return p;
    }
    if (p == p.parent_path()) {
      break;
    }
  }
  return dir;
}

// Scans the .tf files of one directory together (a Terraform module). Each policy goes with the
// file its text is in: the .tf file, or a file()/templatefile() target, which gets an entry.
void ScanTerraformModule(const std::vector<std::string>& paths, catalog::ActionMatcher& matcher,
                         const ScanOptions& scan_options, const CheckOptions& options,
                         std::vector<ScannedFile>& files) {
  const size_t first = files.size();
  std::vector<const SourceFile*> sources;
  for (const std::string& path : paths) {
    ScannedFile& scanned = files.emplace_back();
    scanned.path = path;
    std::string contents;
    std::string error;
    if (!ReadInput(path, &contents, &error)) {
      scanned.result.errors.push_back({path, std::nullopt, error});
      continue;
    }
    scanned.source = std::make_unique<SourceFile>(path, std::move(contents));
    sources.push_back(scanned.source.get());
  }
  extract::TerraformOptions tf;
  tf.root = ScanRoot(paths.front());
  tf.allow_outside_root = options.allow_outside_root;
  tf.var_files = options.var_files;
  extract::Extraction extraction;
  try {
    extraction = extract::ExtractTerraformModule(sources, tf);
  } catch (const std::exception& e) {
    files[first].result.errors.push_back(
        {paths.front(), std::nullopt,
         std::string("internal error, please report it: ") + e.what()});
    return;
  }
  auto entry_for = [&](const std::string& path) -> ScannedFile& {
    for (size_t i = first; i < files.size(); ++i) {
      if (files[i].path == path) {
        return files[i];
      }
    }
    ScannedFile& added = files.emplace_back();
    added.path = path;
    return added;
  };
  for (std::unique_ptr<SourceFile>& referenced : extraction.referenced_files) {
    ScannedFile& f = entry_for(referenced->path());
    if (!f.source) {
      f.source = std::move(referenced);
    }
  }
  for (extract::ExtractedPolicy& p : extraction.policies) {
    if (p.file == nullptr) {
      continue;
    }
    ScannedFile& f = entry_for(p.file->path());
    if (f.source.get() != p.file) {
      continue;  // a second read of the same path: its policies are already placed
    }
    f.result.policies.push_back(AnalyzeExtracted(p, matcher, scan_options));
  }
  for (InputError& e : extraction.errors) {
    entry_for(e.path).result.errors.push_back(std::move(e));
  }
  for (extract::ExtractedPrincipal& p : extraction.principals) {
    files[first].result.principals.push_back({std::move(p), {}});
  }
  // The module's principals, with every policy of the module (all placed by now).
  std::vector<SourcePolicy> policies;
  const std::string module = std::filesystem::path(paths.front()).parent_path().string();
  for (size_t i = first; i < files.size(); ++i) {
    files[i].module = module;
    for (PolicyResult& p : files[i].result.policies) {
      policies.push_back({files[i].source.get(), &p});
    }
  }
  AnalyzePrincipals(files[first].result.principals, policies, matcher, scan_options.rules);
}

// The .tf files of `paths`, grouped by directory, in order of first appearance.
std::vector<std::pair<std::string, std::vector<std::string>>> GroupModules(
    const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::vector<std::string>>> modules;
  std::map<std::string, size_t> index;
  for (const std::string& path : paths) {
    if (!IsTerraform(path)) {
      continue;
    }
    const std::string dir = std::filesystem::path(path).parent_path().string();
    auto [it, added] = index.emplace(dir, modules.size());
    if (added) {
      modules.emplace_back(dir, std::vector<std::string>{});
    }
    modules[it->second].second.push_back(path);
  }
  return modules;
}

// A .tf file named alone is evaluated with its whole module (variables and locals are often in
// another file of the directory, as pre-commit passes only the changed files): adds the other
// .tf files of `dir` to `module_paths` and to `context`, whose own findings are not reported.
void AddModuleSiblings(const std::string& dir, std::vector<std::string>& module_paths,
                       std::set<std::string>& context) {
  std::error_code ec;
  std::vector<std::string> siblings;
  for (const auto& entry : std::filesystem::directory_iterator(dir.empty() ? "." : dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (IsTerraform(name) && entry.is_regular_file(ec)) {
      siblings.push_back(dir.empty() ? name : (std::filesystem::path(dir) / name).string());
    }
  }
  std::sort(siblings.begin(), siblings.end());
  std::set<std::string> named;
  for (const std::string& p : module_paths) {
    named.insert(std::filesystem::path(p).filename().string());
  }
  for (const std::string& s : siblings) {
    if (!named.contains(std::filesystem::path(s).filename().string())) {
      module_paths.push_back(s);
      context.insert(s);
    }
  }
}

// Removes the findings and errors of the files `context` holds (read only to evaluate a module).
void DropContextFindings(std::vector<ScannedFile>& files, const std::set<std::string>& context) {
  if (context.empty()) {
    return;
  }
  for (ScannedFile& f : files) {
    for (PrincipalGroup& g : f.result.principals) {
      std::erase_if(g.findings,
                    [&](const LocatedFinding& pf) { return context.contains(pf.file->path()); });
    }
    if (context.contains(f.path)) {  // its problems are for a scan that names it
      f.result.errors.clear();
      f.result.findings.clear();
      for (PolicyResult& p : f.result.policies) {
        p.findings.clear();
      }
    }
  }
}

// Every path that is not Terraform, file by file, except JSON files a module's file() already
// read (they were analysed there, as that policy).
void ScanOtherFiles(const std::vector<std::string>& paths, const CheckOptions& options,
                    catalog::ActionMatcher& matcher, const ScanOptions& scan_options,
                    const std::set<std::filesystem::path>& already,
                    std::vector<ScannedFile>& files) {
  const std::set<std::string> named(options.paths.begin(), options.paths.end());
  for (const std::string& path : paths) {
    if (IsTerraform(path)) {
      continue;
    }
    std::error_code ec;
    if (!already.empty() && already.contains(std::filesystem::weakly_canonical(path, ec))) {
      continue;
    }
    ScannedFile& f = files.emplace_back(ScanOne(path, matcher, scan_options));
    if (f.result.not_a_policy && named.contains(path)) {
      // Named on the command line: say why nothing was checked. Found by a walk: just skip.
      const bool snapshot = f.source && account::LooksLikeAccountDetails(f.source->text());
      f.result.errors.push_back(
          {f.path, ByteRange{0, 0},
           snapshot ? "no IAM policy found: this is an account snapshot, check it with "
                      "--account-details"
                    : "no IAM policy found: expected an object with a Statement"});
    }
  }
}

/// One output of `check`: a format and where it goes (null file: standard output).
struct Output {
  std::string format;
  std::string path;
  std::unique_ptr<std::ofstream> file;
};

bool OpenOutputs(const CheckOptions& options, std::vector<Output>& outputs) {
  outputs.push_back({options.format, options.output, nullptr});
  for (const auto& [format, path] : options.extra_outputs) {
    outputs.push_back({format, path, nullptr});
  }
  for (Output& o : outputs) {
    if (o.path.empty() || o.path == "-") {
      continue;
    }
    o.file = std::make_unique<std::ofstream>(o.path, std::ios::binary);
    if (!*o.file) {
      std::cerr << o.path << ": error: cannot write the " << o.format << " output\n";
      return false;
    }
  }
  return true;
}

void WriteFormat(Output& o, const std::vector<ScannedFile>& files, const catalog::Catalog& cat,
                 const CheckOptions& options) {
  std::ostream& out = o.file ? *o.file : std::cout;
  if (o.format == "json") {
    WriteJson(out, files, cat.data_date());
  } else if (o.format == "sarif") {
    WriteSarif(out, files);
  } else if (o.format == "github") {
    WriteGithub(out, files);
  } else if (o.format == "rdjson" || o.format == "rdjsonl") {
    WriteRdjson(out, files, o.format == "rdjsonl");
  } else if (o.format == "junit") {
    WriteJunit(out, files);
  } else if (o.format == "gitlab") {
    WriteGitlab(out, files);
  } else {
    WriteText(out, files, {!o.file && UseColor(options), options.quiet});
  }
  out.flush();
}

// A --boundary or --scp policy file, read and normalized; null after printing why it cannot be.
std::shared_ptr<LimitPolicy> LoadLimit(const std::string& file, PolicyKind kind) {
  std::string contents;
  std::string error;
  if (!ReadInput(file, &contents, &error)) {
    std::cerr << file << ": error: " << error << '\n';
    return nullptr;
  }
  auto limit = std::make_shared<LimitPolicy>();
  limit->file = std::make_unique<SourceFile>(file, std::move(contents));
  const parse::JsonParseResult parsed = parse::ParseJson(limit->file->text());
  if (!parsed.document) {
    const LineColumn at = limit->file->Locate(parsed.error ? parsed.error->range.begin : 0);
    std::cerr << file << ':' << at.line << ':' << at.column
              << ": error: " << (parsed.error ? parsed.error->message : "not a JSON policy")
              << '\n';
    return nullptr;
  }
  limit->policy = NormalizePolicy(*parsed.document, parsed.document->root(), {kind, file});
  return limit;
}

// --account-details: the snapshots are not scanned as paths too (a walk would find them), and
// with no path given nothing else is.
void LeaveOutAccountDetails(const CheckOptions& options, ConfiguredScan& plan) {
  if (options.paths.empty()) {
    plan.groups.clear();
    plan.walk_errors.clear();  // a missing snapshot is reported when it is read
    return;
  }
  std::set<std::filesystem::path> snapshots;
  for (const std::string& path : options.account_details) {
    std::error_code ec;
    snapshots.insert(std::filesystem::weakly_canonical(path, ec));
  }
  for (ScanGroup& group : plan.groups) {
    std::erase_if(group.paths, [&](const std::string& path) {
      std::error_code ec;
      return snapshots.contains(std::filesystem::weakly_canonical(path, ec));
    });
  }
}

// Scans each --account-details file; false after printing why the options are invalid.
bool ScanAccountDetailsFiles(const CheckOptions& options, catalog::ActionMatcher& matcher,
                             std::vector<ScannedFile>& files) {
  if (options.account_details.empty()) {
    return true;
  }
  const std::optional<ScanOptions> scan_options = MakeScanOptions(options);
  if (!scan_options) {
    return false;
  }
  for (const std::string& path : options.account_details) {
    std::string contents;
    std::string error;
    if (!ReadInput(path, &contents, &error)) {
      ScannedFile& f = files.emplace_back();
      f.path = path == "-" ? "<stdin>" : path;
      f.result.errors.push_back({f.path, std::nullopt, error});
      continue;
    }
    auto source = std::make_unique<SourceFile>(path == "-" ? "<stdin>" : path, std::move(contents));
    try {
      files.push_back(account::ScanAccountDetails(std::move(source), matcher, *scan_options));
    } catch (const std::exception& e) {
      ScannedFile& f = files.emplace_back();
      f.path = path;
      f.result.errors.push_back(
          {path, std::nullopt, std::string("internal error, please report it: ") + e.what()});
    }
  }
  return true;
}

}  // namespace

std::optional<ScanOptions> MakeScanOptions(const CheckOptions& options) {
  ScanOptions scan_options;
  if (!options.policy_kind.empty()) {
    const auto kind = ParsePolicyKind(options.policy_kind);
    if (!kind || *kind == PolicyKind::kUnknown) {
      std::cerr << "iamlint: --policy-kind takes identity, resource, trust, scp, rcp or boundary\n";
      return std::nullopt;
    }
    scan_options.kind = *kind;
  }
  for (const std::string& r : options.rules) {
    if (FindRule(r) == nullptr) {
      std::cerr << "iamlint: unknown rule '" << r << "' (see `iamlint rules`)\n";
      return std::nullopt;
    }
  }
  scan_options.rules.only = options.rules;
  auto accounts = [](const std::vector<std::string>& list, const char* flag) {
    for (const std::string& a : list) {
      if (a.size() != 12 || a.find_first_not_of("0123456789") != std::string::npos) {
        std::cerr << "iamlint: " << flag << " takes 12-digit account ids, not '" << a << "'\n";
        return false;
      }
    }
    return true;
  };
  if (!accounts(options.accounts, "--account") ||
      !accounts(options.trusted_accounts, "--trusted-account")) {
    return std::nullopt;
  }
  scan_options.rules.accounts = {options.accounts, options.trusted_accounts, options.trusted_orgs};
  // --boundary and --scp: every identity policy and principal is judged within them.
  for (const auto& [path, kind] : {std::pair{&options.boundaries, PolicyKind::kBoundary},
                                   std::pair{&options.scps, PolicyKind::kScp}}) {
    for (const std::string& file : *path) {
      std::shared_ptr<LimitPolicy> limit = LoadLimit(file, kind);
      if (!limit) {
        return std::nullopt;
      }
      scan_options.rules.limits.push_back(std::move(limit));
    }
  }
  return scan_options;
}

std::vector<ScannedFile> ScanPaths(const CheckOptions& options, catalog::ActionMatcher& matcher,
                                   const ScanOptions& scan_options) {
  std::vector<InputError> walk_errors;
  std::vector<ScanGroup> groups(1);
  groups[0].paths = CollectFiles(
      options.paths.empty() ? std::vector<std::string>{"."} : options.paths, &walk_errors);
  groups[0].scan_options = scan_options;
  return ScanGroups(options, matcher, groups, std::move(walk_errors));
}

std::vector<ScannedFile> ScanGroups(const CheckOptions& options, catalog::ActionMatcher& matcher,
                                    const std::vector<ScanGroup>& groups,
                                    std::vector<InputError> walk_errors) {
  std::vector<ScannedFile> files;
  size_t count = walk_errors.size();
  for (const ScanGroup& group : groups) {
    count += group.paths.size();
  }
  files.reserve(count);
  // Terraform files are read per directory (a module); everything else file by file, after
  // every module (a JSON file a module's file() read is not scanned again). With
  // --changed-since, only changed files, and modules with a changed file.
  std::set<std::string> context;  // .tf files read only for the module of a named .tf file
  for (const ScanGroup& group : groups) {
    for (auto& [dir, module_paths] : GroupModules(group.paths)) {
      AddModuleSiblings(dir, module_paths, context);
      if (!options.only_files ||
          std::any_of(module_paths.begin(), module_paths.end(), options.only_files)) {
        ScanTerraformModule(module_paths, matcher, group.scan_options, options, files);
      }
    }
  }
  std::set<std::filesystem::path> already;
  for (const ScannedFile& f : files) {  // only module entries so far: usually none
    std::error_code ec;
    already.insert(std::filesystem::weakly_canonical(f.path, ec));
  }
  for (const ScanGroup& group : groups) {
    if (options.only_files) {
      std::vector<std::string> changed;
      std::copy_if(group.paths.begin(), group.paths.end(), std::back_inserter(changed),
                   options.only_files);
      ScanOtherFiles(changed, options, matcher, group.scan_options, already, files);
    } else {
      ScanOtherFiles(group.paths, options, matcher, group.scan_options, already, files);
    }
  }
  DropContextFindings(files, context);
  for (InputError& e : walk_errors) {
    ScannedFile& f = files.emplace_back();
    f.path = e.path;
    f.result.errors.push_back(std::move(e));
  }
  return files;
}

int RunCheck(const catalog::Catalog& cat, const CheckOptions& given) {
  CheckOptions options = given;
  const auto fail_on = ParseSeverity(options.fail_on);
  if (!fail_on) {
    std::cerr << "iamlint: --fail-on takes critical, high, medium, low or info\n";
    return kExitError;
  }
  // Configuration files (check_config.cpp): which files, under which options and rule settings.
  // --account-details alone: the configuration is the snapshots', and nothing is walked.
  CheckOptions planned = options;
  if (planned.paths.empty() && !planned.account_details.empty()) {
    planned.paths = planned.account_details;
  }
  std::optional<ConfiguredScan> plan = PlanConfiguredScan(planned);
  if (!plan) {
    return kExitError;
  }
  std::optional<Baseline> baseline;
  std::optional<ChangedLines> changes;
  std::string error;
  if (!options.baseline.empty() && !(baseline = ReadBaseline(options.baseline, &error))) {
    std::cerr << options.baseline << ": error: " << error << '\n';
    return kExitError;
  }
  if (!options.changed_since.empty()) {
    if (!(changes = ChangedSince(options.changed_since, &error))) {
      std::cerr << "iamlint: " << error << '\n';
      return kExitError;
    }
    options.only_files = [&changes](const std::string& path) {
      return changes->Changed(path);
    };
  }
  // Open every output before scanning: a typo in a path fails fast.
  std::vector<Output> outputs;
  if (!OpenOutputs(options, outputs)) {
    return kExitError;
  }
  catalog::ActionMatcher matcher(cat);
  if (!options.account_details.empty()) {
    LeaveOutAccountDetails(options, *plan);
  }
  std::vector<ScannedFile> files =
      ScanGroups(options, matcher, plan->groups, std::move(plan->walk_errors));
  if (!ScanAccountDetailsFiles(options, matcher, files)) {
    return kExitError;
  }
  SuppressionOptions suppression;
  suppression.report_unused = [&](std::string_view path) {
    return options.report_unused_suppressions || ReportsUnusedSuppressions(*plan, path);
  };
  suppression.rule_ran = [&](std::string_view path, std::string_view rule) {
    return RuleRuns(*plan, options, path, rule);
  };
  ApplySuppressions(files, suppression);
  ApplyRuleSettings(*plan, options, files);
  if (changes) {
    KeepChangedLines(files, *changes);
  }
  if (!options.write_baseline.empty()) {
    if (!WriteBaseline(options.write_baseline, files, &error)) {
      std::cerr << "iamlint: " << error << '\n';
      return kExitError;
    }
  }
  if (baseline) {
    ApplyBaseline(files, *baseline);
  }
  for (Output& o : outputs) {
    WriteFormat(o, files, cat, options);
  }
  const ScanSummary summary = Summarize(files);
  if (summary.errors > 0) {
    return kExitError;
  }
  return FailsCheck(*plan, options, files) ? kExitFindings : kExitClean;
}

}  // namespace iamlint::cli

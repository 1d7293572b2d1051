// `iamlint unused` and `iamlint generate`: least privilege from what principals really did.

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/catalog/wildcard.h"
#include "analyzer/cli/commands.h"
#include "analyzer/core/strings.h"
#include "analyzer/least/generate.h"
#include "analyzer/least/unused.h"

namespace iamlint::cli {

namespace {

namespace fs = std::filesystem;
using activity::Time;

bool IsActivityFile(const fs::path& path) {
  const std::string name = path.filename().string();
  constexpr std::array<std::string_view, 5> kExtensions = {".json", ".json.gz", ".jsonl",
                                                           ".jsonl.gz", ".ndjson"};
  return std::ranges::any_of(kExtensions, [&](std::string_view ext) {
    return name.size() > ext.size() && name.ends_with(ext);
  });
}

// The CloudTrail files named or found below the directories named, sorted per directory.
std::vector<std::string> ActivityFiles(const std::vector<std::string>& paths,
                                       std::vector<InputError>& errors) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      if (!fs::exists(path, ec)) {
        errors.push_back({path, std::nullopt, "no such file or directory"});
      } else {
        files.push_back(path);
      }
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && IsActivityFile(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      errors.push_back({path, std::nullopt, ec.message()});
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void PrintErrors(const std::vector<InputError>& errors, const SourceFile* file) {
  for (const InputError& e : errors) {
    std::cerr << e.path;
    if (e.position) {
      std::cerr << ':' << e.position->line << ':' << e.position->column;
    } else if (e.range && file != nullptr && file->path() == e.path) {
      const LineColumn at = file->Locate(e.range->begin);
      std::cerr << ':' << at.line << ':' << at.column;
    }
    std::cerr << ": error: " << e.message << '\n';
  }
}

// --since/--until/--days as a window; false after printing why.
bool MakeWindow(const ActivityOptions& options, activity::Window* window, Time* now) {
  *now = std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count();
  window->until = *now;
  if (!options.until.empty() && !activity::ParseTime(options.until, &window->until)) {
    std::cerr << "iamlint: error: --until '" << options.until
              << "' is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)\n";
    return false;
  }
  window->since = window->until - static_cast<Time>(options.days) * 86400;
  if (!options.since.empty() && !activity::ParseTime(options.since, &window->since)) {
    std::cerr << "iamlint: error: --since '" << options.since
              << "' is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)\n";
    return false;
  }
  if (window->since >= window->until) {
    std::cerr << "iamlint: error: the window is empty: --since must be before --until\n";
    return false;
  }
  *now = window->until;
  return true;
}

// Everything the activity options name, read.
struct Inputs {
  std::optional<account::Snapshot> snapshot;
  activity::Activity activity;
  std::vector<activity::CredentialEntry> credentials;
  activity::Window window;
  Time now = 0;
  bool failed = false;  // an input could not be read (exit 2, the rest still used)
};

bool LoadSnapshot(const std::string& path, catalog::ActionMatcher& matcher, Inputs& in) {
  std::string contents;
  std::string error;
  if (!ReadInput(path, &contents, &error)) {
    std::cerr << path << ": error: " << error << '\n';
    return false;
  }
  std::vector<InputError> errors;
  // A copy locates the errors of a file that is no snapshot at all (the snapshot owns the file).
  const SourceFile copy(path, contents);
  // Only what the policies grant is needed here, not the lint rules' findings.
  ScanOptions grants_only;
  grants_only.rules.only = {"IAM001"};
  in.snapshot = account::LoadAccountDetails(std::make_unique<SourceFile>(path, std::move(contents)),
                                            matcher, grants_only, &errors);
  if (in.snapshot) {
    errors.insert(errors.end(), in.snapshot->errors.begin(), in.snapshot->errors.end());
  }
  PrintErrors(errors, in.snapshot ? in.snapshot->files.front().get() : &copy);
  in.failed = in.failed || !errors.empty();
  return in.snapshot.has_value();
}

bool ReadInputs(const ActivityOptions& options, catalog::ActionMatcher& matcher, Inputs& in) {
  if (!MakeWindow(options, &in.window, &in.now)) {
    return false;
  }
  // A snapshot that cannot be read fails the command, after every other input is read too,
  // so that all their errors are reported at once.
  if (!options.account_details.empty() && !LoadSnapshot(options.account_details, matcher, in)) {
    in.failed = true;
  }
  std::vector<InputError> errors;
  // Files are read on every core; the result does not depend on how many.
  activity::ReadCloudTrailFiles(ActivityFiles(options.logs, errors), matcher.catalog(), in.window,
                                in.activity);
  for (const std::string& spec : options.last_accessed) {
    // ARN=FILE names the principal; FILE alone takes it from the report.
    const size_t eq = spec.rfind('=');
    const bool named = eq != std::string::npos && spec.rfind("arn:", 0) == 0;
    const std::string principal = named ? spec.substr(0, eq) : std::string();
    const std::string file = named ? spec.substr(eq + 1) : spec;
    if (!activity::ReadLastAccessed(file, principal, matcher.catalog(), in.window, in.activity)) {
      in.failed = true;
    }
  }
  if (!options.credential_report.empty()) {
    in.credentials = activity::ReadCredentialReport(options.credential_report, &errors);
  }
  errors.insert(errors.end(), in.activity.errors.begin(), in.activity.errors.end());
  PrintErrors(errors, nullptr);
  in.failed = in.failed || !errors.empty();
  return true;
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "iamlint: error: cannot write " << path << '\n';
    return false;
  }
  return true;
}

}  // namespace

int RunUnused(const catalog::Catalog& cat, const ActivityOptions& options) {
  if (options.account_details.empty()) {
    std::cerr << "iamlint: error: unused needs --account-details FILE (the output of `aws iam "
                 "get-account-authorization-details`): it says what each principal is granted\n";
    return kExitError;
  }
  catalog::ActionMatcher matcher(cat);
  Inputs in;
  if (!ReadInputs(options, matcher, in) || !in.snapshot) {
    return kExitError;
  }
  least::UnusedOptions unused_options{.window = in.window,
                                      .now = in.now,
                                      .credential_days = options.credential_days,
                                      .principals = options.principals,
                                      .credential_report = options.credential_report};
  const least::UnusedReport report =
      least::FindUnused(*in.snapshot, in.activity, in.credentials, matcher, unused_options);
  const std::string text =
      options.format == "json"
          ? least::UnusedJson(report, *in.snapshot, in.activity, unused_options, cat)
          : least::UnusedText(report, *in.snapshot, in.activity, unused_options, cat,
                              options.verbose);
  if (!WriteOutput(options.output, text)) {
    return kExitError;
  }
  if (in.failed || !report.unknown_principals.empty()) {
    return kExitError;
  }
  return least::HasUnused(report) ? kExitFindings : kExitClean;
}

namespace {

// "role-fn-orders-api": a file name for a principal's policy.
std::string FileStem(const std::string& arn) {
  std::array<std::string_view, 6> fields;
  std::string resource = catalog::SplitArn(arn, fields) ? std::string(fields[5]) : arn;
  const size_t slash = resource.find('/');
  const size_t last = resource.rfind('/');
  std::string stem = slash == std::string::npos
                         ? resource
                         : Concat({resource.substr(0, slash), "-", resource.substr(last + 1)});
  for (char& c : stem) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_' && c != '.') {
      c = '_';
    }
  }
  return stem;
}

// A Terraform/CloudFormation identifier from a file stem.
std::string Identifier(const std::string& stem) {
  std::string out;
  for (const char c : stem) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
  }
  return out;
}

// The principals to generate for, as ARNs; empty after printing why.
std::vector<std::string> GenerateTargets(const ActivityOptions& options, const Inputs& in) {
  std::vector<std::string> arns;
  if (options.all) {
    if (in.snapshot) {
      for (const account::AccountPrincipal& p : in.snapshot->principals) {
        if (p.kind != account::PrincipalKind::kGroup && in.activity.principals.contains(p.arn)) {
          arns.push_back(p.arn);
        }
      }
    } else {
      for (const auto& [arn, used] : in.activity.principals) {
        arns.push_back(arn);
      }
    }
    return arns;
  }
  for (const std::string& name : options.principals) {
    if (!in.snapshot) {
      arns.push_back(name);
      continue;
    }
    const account::AccountPrincipal* p = account::FindPrincipal(*in.snapshot, name);
    if (p == nullptr) {
      std::cerr << "iamlint: error: no user or role '" << name << "' in " << options.account_details
                << '\n';
      return {};
    }
    arns.push_back(p->arn);
  }
  return arns;
}

// The policy of one principal in the requested format; nullopt after printing why.
std::optional<std::string> GenerateOne(const ActivityOptions& options, const Inputs& in,
                                       const std::string& arn, const std::string& name,
                                       catalog::ActionMatcher& matcher) {
  const catalog::Catalog& cat = matcher.catalog();
  std::optional<PolicySet> bound;
  if (in.snapshot && !options.no_bound) {
    if (const account::AccountPrincipal* p = account::FindPrincipal(*in.snapshot, arn)) {
      bound.emplace(matcher, TodayUtc());
      account::AddPrincipalPolicies(*in.snapshot, *p, *bound);
    }
  }
  const auto found = in.activity.principals.find(arn);
  if (found == in.activity.principals.end() || found->second.actions.empty()) {
    std::cerr << "iamlint: error: no successful call by " << arn << " from "
              << activity::FormatTime(in.window.since) << " to "
              << activity::FormatTime(in.window.until)
              << " in the activity given: nothing to generate (see `iamlint unused`)\n";
    return std::nullopt;
  }
  const least::GeneratedPolicy policy = least::GeneratePolicy(
      found->second, cat, bound ? &*bound : nullptr, least::GenerateOptions{});
  if (!options.quiet) {
    std::cerr << "iamlint: " << arn << ": " << policy.observed << " actions used from "
              << activity::FormatTime(in.window.since) << " to "
              << activity::FormatTime(in.window.until) << '\n';
    for (const std::string& action : policy.dropped) {
      std::cerr << "iamlint: note: " << action
                << " left out: the current policies do not grant it (--no-bound keeps it)\n";
    }
    for (const std::string& note : policy.notes) {
      std::cerr << "iamlint: note: " << note << '\n';
    }
  }
  if (options.format == "terraform") {
    return least::GeneratedTerraform(policy, name);
  }
  if (options.format == "cloudformation") {
    return least::GeneratedCloudFormation(policy, name, in.window);
  }
  return least::GeneratedJson(policy);
}

}  // namespace

int RunGenerate(const catalog::Catalog& cat, const ActivityOptions& options) {
  if (options.principals.empty() == !options.all) {
    std::cerr << "iamlint: error: generate needs --principal (an ARN, or a name of the "
                 "--account-details snapshot; repeatable) or --all\n";
    return kExitError;
  }
  const bool many = options.all || options.principals.size() > 1;
  if (many && options.output_dir.empty()) {
    std::cerr << "iamlint: error: several principals need --output-dir DIR (one file each)\n";
    return kExitError;
  }
  catalog::ActionMatcher matcher(cat);
  Inputs in;
  if (!ReadInputs(options, matcher, in) || (!options.account_details.empty() && !in.snapshot)) {
    return kExitError;
  }
  const std::vector<std::string> targets = GenerateTargets(options, in);
  if (targets.empty()) {
    if (options.all) {
      std::cerr << "iamlint: error: no principal made a successful call in the window\n";
    }
    return kExitError;
  }
  bool failed = in.failed;
  if (!options.output_dir.empty()) {
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
  }
  const std::string ext = options.format == "terraform"        ? ".tf"
                          : options.format == "cloudformation" ? ".yaml"
                                                               : ".json";
  for (const std::string& arn : targets) {
    const std::string stem = FileStem(arn);
    const std::string name = many ? Identifier(stem) : options.name;
    const std::optional<std::string> text = GenerateOne(options, in, arn, name, matcher);
    if (!text) {
      failed = true;
      continue;
    }
    const std::string path = options.output_dir.empty()
                                 ? options.output
                                 : (fs::path(options.output_dir) / (stem + ext)).string();
    failed = !WriteOutput(path, *text) || failed;
  }
  return failed ? kExitError : kExitClean;
}

}  // namespace iamlint::cli

// `iamlint unused` and `iamlint generate`: least privilege from what principals really did.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

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
  for (const std::string_view ext : {".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
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
    if (e.range && file != nullptr && file->path() == e.path) {
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
  auto file = std::make_unique<SourceFile>(path, std::move(contents));
  const SourceFile* raw = file.get();
  in.snapshot = account::LoadAccountDetails(std::move(file), matcher, ScanOptions{}, &errors);
  if (in.snapshot) {
    errors.insert(errors.end(), in.snapshot->errors.begin(), in.snapshot->errors.end());
    raw = in.snapshot->files.front().get();
  } else {
    raw = nullptr;
  }
  PrintErrors(errors, raw);
  in.failed = in.failed || !errors.empty();
  return in.snapshot.has_value();
}

bool ReadInputs(const ActivityOptions& options, catalog::ActionMatcher& matcher, Inputs& in) {
  if (!MakeWindow(options, &in.window, &in.now)) {
    return false;
  }
  if (!options.account_details.empty() && !LoadSnapshot(options.account_details, matcher, in)) {
    return false;
  }
  std::vector<InputError> errors;
  for (const std::string& file : ActivityFiles(options.logs, errors)) {
    if (!activity::ReadCloudTrail(file, matcher.catalog(), in.window, in.activity)) {
      in.failed = true;
    }
  }
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
  if (!ReadInputs(options, matcher, in)) {
    return kExitError;
  }
  least::UnusedOptions unused_options{.window = in.window,
                                      .now = in.now,
                                      .credential_days = options.credential_days,
                                      .principals = options.principals};
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

int RunGenerate(const catalog::Catalog& cat, const ActivityOptions& options) {
  if (options.principals.size() != 1) {
    std::cerr << "iamlint: error: generate needs exactly one --principal (an ARN, or a name of "
                 "the --account-details snapshot)\n";
    return kExitError;
  }
  catalog::ActionMatcher matcher(cat);
  Inputs in;
  if (!ReadInputs(options, matcher, in)) {
    return kExitError;
  }
  std::string arn = options.principals.front();
  std::optional<PolicySet> bound;
  if (in.snapshot) {
    const account::AccountPrincipal* p = account::FindPrincipal(*in.snapshot, arn);
    if (p == nullptr) {
      std::cerr << "iamlint: error: no user or role '" << arn << "' in "
                << options.account_details << '\n';
      return kExitError;
    }
    arn = p->arn;
    if (!options.no_bound) {
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
    return kExitError;
  }
  const least::GeneratedPolicy policy = least::GeneratePolicy(
      found->second, cat, bound ? &*bound : nullptr, least::GenerateOptions{});
  std::string text;
  if (options.format == "terraform") {
    text = least::GeneratedTerraform(policy, options.name);
  } else if (options.format == "cloudformation") {
    text = least::GeneratedCloudFormation(policy, options.name, in.window);
  } else {
    text = least::GeneratedJson(policy);
  }
  if (!WriteOutput(options.output, text)) {
    return kExitError;
  }
  if (!options.quiet) {
    std::cerr << "iamlint: " << policy.observed << " actions used by " << arn << " from "
              << activity::FormatTime(in.window.since) << " to "
              << activity::FormatTime(in.window.until) << '\n';
    for (const std::string& action : policy.dropped) {
      std::cerr << "iamlint: note: " << action
                << " left out: its current policies do not grant it (--no-bound keeps it)\n";
    }
    for (const std::string& note : policy.notes) {
      std::cerr << "iamlint: note: " << note << '\n';
    }
  }
  return in.failed ? kExitError : kExitClean;
}

}  // namespace iamlint::cli

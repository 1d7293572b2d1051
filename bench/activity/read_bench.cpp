// Reads CloudTrail files (or directories of them) with the activity reader and prints what it
// counted and how long it took: a measurement driver for bench/activity.sh, not a test.
//   build/bench_activity_read [--threads N] FILE_OR_DIR...   (N = 0: one thread per core)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/activity/activity.h"

int main(int argc, char** argv) {
  std::vector<std::string> files;
  unsigned threads = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::stoul(argv[++i]));
      continue;
    }
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) {
          files.push_back(e.path().string());
        }
      }
    } else {
      files.push_back(p.string());
    }
  }
  std::sort(files.begin(), files.end());
  const auto& cat = iamlint::catalog::Catalog::Embedded();
  const auto start = std::chrono::steady_clock::now();
  iamlint::activity::Activity activity;
  iamlint::activity::ReadCloudTrailFiles(files, cat, {}, activity, threads);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t actions = 0;
  for (const auto& [arn, p] : activity.principals) {
    actions += p.actions.size();
  }
  std::printf(
      "%zu files, %llu records (%llu attributed, %llu denied, %llu failed, %llu not IAM, "
      "%llu unmapped), %zu principals, %zu principal-actions, %zu errors in %.3f s "
      "(%.0f records/s, %u threads)\n",
      files.size(), static_cast<unsigned long long>(activity.records),
      static_cast<unsigned long long>(activity.attributed),
      static_cast<unsigned long long>(activity.denied),
      static_cast<unsigned long long>(activity.failed),
      static_cast<unsigned long long>(activity.not_iam),
      static_cast<unsigned long long>(activity.unmapped), activity.principals.size(), actions,
      activity.errors.size(), seconds, static_cast<double>(activity.records) / seconds, threads);
  for (const auto& e : activity.errors) {
    (void)std::fprintf(stderr, "%s: %s\n", e.path.c_str(), e.message.c_str());
  }
  return activity.errors.empty() ? 0 : 2;
}

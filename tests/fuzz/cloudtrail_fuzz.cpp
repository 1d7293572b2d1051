// Fuzz target: any bytes as a CloudTrail file (plain, and gzip-compressed when the input starts
// with the gzip magic), read with a tiny chunk size half of the time so that every refill and
// retry path runs. Built with -DIAMLINT_FUZZ=ON under clang's libFuzzer; the same entry point
// replays the corpus under any compiler through replay_main.cpp.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/input.h"
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string kPath = "/tmp/iamlint-cloudtrail-fuzz-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(kPath.c_str(), "wb");
  if (f == nullptr) {
    return 0;
  }
  (void)std::fwrite(data, 1, size, f);
  (void)std::fclose(f);
  const auto& cat = iamlint::catalog::Catalog::Embedded();
  for (const size_t chunk : {size_t{0}, size_t{7}}) {
    iamlint::activity::SetReadChunkSizeForTesting(chunk);
    iamlint::activity::Activity activity;
    iamlint::activity::ReadCloudTrail(kPath, cat, {}, activity);
    for (const auto& [arn, principal] : activity.principals) {
      for (const auto& [action, use] : principal.actions) {
        if (use.resources.size() > iamlint::activity::ActionUse::kMaxResources) {
          __builtin_trap();
        }
      }
    }
  }
  iamlint::activity::SetReadChunkSizeForTesting(0);
  (void)std::remove(kPath.c_str());
  return 0;
}

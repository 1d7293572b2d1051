// Activities read apart (on several threads) and put together. Every part of an Activity is a
// sum, a min/max or a capped sorted set, so the result does not depend on how files were split.

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/usage.h"

namespace iamlint::activity {
namespace {

void MergeUse(ActionUse& into, const ActionUse& from) {
  into.count += from.count;
  if (from.first != kNever) {
    Widen(from.first, &into.first, &into.last);
  }
  if (from.last != kNever) {
    Widen(from.last, &into.first, &into.last);
  }
  into.resource_unknown = into.resource_unknown || from.resource_unknown;
  into.resources_truncated = into.resources_truncated || from.resources_truncated;
  for (const std::string& r : from.resources) {
    AddResource(into, r);
  }
}

void MergePrincipal(PrincipalActivity& into, const PrincipalActivity& from) {
  for (const auto& [action, use] : from.actions) {
    MergeUse(into.actions[action], use);
  }
  for (const auto& [prefix, t] : from.services) {
    Time& last = into.services[prefix];
    if (last == kNever || t > last) {
      last = t;
    }
  }
  if (from.first_seen != kNever) {
    Widen(from.first_seen, &into.first_seen, &into.last_seen);
  }
  if (from.last_seen != kNever) {
    Widen(from.last_seen, &into.first_seen, &into.last_seen);
  }
  into.denied += from.denied;
}

}  // namespace

void MergeActivity(Activity& into, Activity&& from) {
  for (auto& [arn, principal] : from.principals) {
    const auto it = into.principals.find(arn);
    if (it == into.principals.end()) {
      into.principals.emplace(arn, std::move(principal));
    } else {
      MergePrincipal(it->second, principal);
    }
  }
  into.records += from.records;
  into.in_window += from.in_window;
  into.attributed += from.attributed;
  into.denied += from.denied;
  into.not_iam += from.not_iam;
  into.unmapped += from.unmapped;
  into.no_permission += from.no_permission;
  into.failed += from.failed;
  for (const auto& [event, count] : from.unmapped_events) {
    into.unmapped_events[event] += count;
  }
  if (from.first != kNever) {
    Widen(from.first, &into.first, &into.last);
  }
  if (from.last != kNever) {
    Widen(from.last, &into.first, &into.last);
  }
  into.errors.insert(into.errors.end(), std::make_move_iterator(from.errors.begin()),
                     std::make_move_iterator(from.errors.end()));
}

void ReadCloudTrailFiles(const std::vector<std::string>& paths, const catalog::Catalog& cat,
                         const Window& window, Activity& activity, unsigned threads) {
  if (threads == 0) {
    threads = std::max(1U, std::thread::hardware_concurrency());
  }
  threads = static_cast<unsigned>(std::min<size_t>(threads, paths.size()));
  if (threads <= 1) {
    for (const std::string& path : paths) {
      ReadCloudTrail(path, cat, window, activity);
    }
    return;
  }
  // Each worker takes the next file; errors are tagged with their file's index so they can be
  // put back in the order of `paths`.
  struct Part {
    Activity activity;
    std::vector<std::pair<size_t, InputError>> errors;
  };
  std::vector<Part> parts(threads);
  std::atomic<size_t> next{0};
  auto work = [&](Part& part) {
    for (size_t i = next++; i < paths.size(); i = next++) {
      ReadCloudTrail(paths[i], cat, window, part.activity);
      for (InputError& e : part.activity.errors) {
        part.errors.emplace_back(i, std::move(e));
      }
      part.activity.errors.clear();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work, std::ref(parts[t]));
  }
  work(parts[0]);
  for (std::thread& t : pool) {
    t.join();
  }
  std::vector<std::pair<size_t, InputError>> errors;
  for (Part& part : parts) {
    MergeActivity(activity, std::move(part.activity));
    std::move(part.errors.begin(), part.errors.end(), std::back_inserter(errors));
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, error] : errors) {
    activity.errors.push_back(std::move(error));
  }
}

}  // namespace iamlint::activity

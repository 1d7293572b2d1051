// Granted minus used, per principal; unused principals and credentials.

#include "analyzer/least/unused.h"

#include <algorithm>
#include <map>

namespace iamlint::least {

using activity::kNever;
using activity::Time;

std::string_view PrincipalStateName(PrincipalState state) {
  switch (state) {
    case PrincipalState::kActive:
      return "active";
    case PrincipalState::kNeverActive:
      return "never-active";
    case PrincipalState::kTooNew:
      return "too-new";
    case PrincipalState::kServiceLinked:
      return "service-linked";
  }
  return "active";
}

namespace {

bool Wanted(const account::AccountPrincipal& p, const std::vector<std::string>& names) {
  if (names.empty()) {
    return true;
  }
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return n == p.arn || n == p.name; });
}

// The time of a snapshot date ("2025-03-01T09:00:00Z", "+00:00" too); kNever when absent.
Time SnapshotTime(const std::string& text) {
  Time t = kNever;
  if (text.empty() || !activity::ParseTime(text, &t)) {
    return kNever;
  }
  return t;
}

// The granted actions of `p` split by service, with what was used of each.
void CompareActions(const catalog::ActionSet& granted, const activity::PrincipalActivity* acted,
                    const catalog::Catalog& cat, PrincipalUsage& usage) {
  std::map<catalog::ServiceId, ServiceUsage> by_service;
  granted.ForEach([&](catalog::ActionId id) {
    const catalog::ServiceId service = cat.ActionService(id);
    ServiceUsage& s = by_service[service];
    ++s.granted;
    ++usage.granted;
    if (acted != nullptr) {
      if (const auto it = acted->actions.find(id); it != acted->actions.end()) {
        ++s.used;
        ++usage.used;
        s.last_used = std::max(s.last_used, it->second.last);
        return;
      }
      if (const auto it = acted->services.find(std::string(cat.ServicePrefix(service)));
          it != acted->services.end()) {
        // Used at service level: which actions is not known, so none is called unused.
        s.service_level = true;
        s.last_used = std::max(s.last_used, it->second);
        ++s.used;
        ++usage.used;
        return;
      }
    }
    s.unused.push_back(id);
    ++usage.unused;
  });
  for (auto& [service, s] : by_service) {
    s.service = std::string(cat.ServicePrefix(service));
    usage.services.push_back(std::move(s));
  }
  std::sort(usage.services.begin(), usage.services.end(),
            [](const ServiceUsage& a, const ServiceUsage& b) { return a.service < b.service; });
  if (acted != nullptr) {
    for (const auto& [id, use] : acted->actions) {
      if (!granted.Contains(id)) {
        usage.not_granted.push_back(id);
      }
    }
    std::sort(usage.not_granted.begin(), usage.not_granted.end());
  }
}

// A credential unused for at least `days` before `now`: never used since `created`, or last
// used before the limit.
void CheckCredential(const activity::CredentialEntry& row, std::string credential, Time last_used,
                     Time created, const UnusedOptions& options, UnusedReport& report) {
  const Time limit = options.now - static_cast<Time>(options.credential_days) * 86400;
  const Time since = last_used != kNever ? last_used : created;
  if (since == kNever || since > limit) {
    return;
  }
  report.credentials.push_back({.user = row.user,
                                .arn = row.arn,
                                .credential = std::move(credential),
                                .last_used = last_used,
                                .since = since,
                                .days_unused = (options.now - since) / 86400,
                                .line = row.line});
}

void CheckCredentials(const std::vector<activity::CredentialEntry>& rows,
                      const UnusedOptions& options, UnusedReport& report) {
  for (const activity::CredentialEntry& row : rows) {
    if (row.user == "<root_account>") {
      continue;  // the root user's credentials are a different finding (root usage)
    }
    if (!options.principals.empty() &&
        std::none_of(options.principals.begin(), options.principals.end(),
                     [&](const std::string& n) { return n == row.arn || n == row.user; })) {
      continue;
    }
    if (row.password_enabled) {
      CheckCredential(row, "password", row.password_last_used, row.created, options, report);
    }
    for (size_t k = 0; k < 2; ++k) {
      if (row.keys[k].active) {
        std::string name = "access key ";
        name += static_cast<char>('1' + k);
        CheckCredential(row, std::move(name), row.keys[k].last_used, row.keys[k].last_rotated,
                        options, report);
      }
    }
  }
}

// True when the credential report shows `arn` signing in or using a key inside the window.
bool CredentialsUsedIn(const std::vector<activity::CredentialEntry>& rows, const std::string& arn,
                       const activity::Window& window, Time* last) {
  bool used = false;
  for (const activity::CredentialEntry& row : rows) {
    if (row.arn != arn) {
      continue;
    }
    for (const Time t : {row.password_last_used, row.keys[0].last_used, row.keys[1].last_used}) {
      if (t != kNever && window.Contains(t)) {
        used = true;
        *last = std::max(*last, t);
      }
    }
  }
  return used;
}

// Whether `p` acted in the window (activity, RoleLastUsed, a user's credentials), and whether
// it can be judged at all.
void JudgeState(const account::AccountPrincipal& p, const activity::PrincipalActivity* acted,
                const std::vector<activity::CredentialEntry>& credentials,
                const UnusedOptions& options, PrincipalUsage& usage) {
  if (acted != nullptr) {
    usage.last_seen = acted->last_seen;
    for (const auto& [service, t] : acted->services) {
      usage.last_seen = std::max(usage.last_seen, t);
    }
  }
  const Time role_last_used = SnapshotTime(p.last_used);
  const Time created = SnapshotTime(p.created);
  bool active = acted != nullptr && (!acted->actions.empty() || !acted->services.empty());
  if (!active && role_last_used != kNever && role_last_used >= options.window.since) {
    active = true;  // used in the window by calls the logs given do not hold
    usage.last_seen = std::max(usage.last_seen, role_last_used);
  }
  if (!active && p.kind == account::PrincipalKind::kUser) {
    active = CredentialsUsedIn(credentials, p.arn, options.window, &usage.last_seen);
  }
  if (p.service_linked) {
    usage.state = PrincipalState::kServiceLinked;
  } else if (created != kNever && created > options.window.since) {
    usage.state = PrincipalState::kTooNew;
  } else {
    usage.state = active ? PrincipalState::kActive : PrincipalState::kNeverActive;
  }
}

}  // namespace

UnusedReport FindUnused(const account::Snapshot& snapshot, const activity::Activity& activity,
                        const std::vector<activity::CredentialEntry>& credentials,
                        catalog::ActionMatcher& matcher, const UnusedOptions& options) {
  UnusedReport report;
  const std::string today = TodayUtc();
  for (const std::string& name : options.principals) {
    if (account::FindPrincipal(snapshot, name) == nullptr) {
      report.unknown_principals.push_back(name);
    }
  }
  for (const account::AccountPrincipal& p : snapshot.principals) {
    if (p.kind == account::PrincipalKind::kGroup || !Wanted(p, options.principals)) {
      continue;
    }
    PrincipalUsage usage;
    usage.principal = &p;
    const auto found = activity.principals.find(p.arn);
    const activity::PrincipalActivity* acted =
        found != activity.principals.end() ? &found->second : nullptr;
    JudgeState(p, acted, credentials, options, usage);
    if (usage.state == PrincipalState::kActive || usage.state == PrincipalState::kNeverActive) {
      PolicySet set(matcher, today);
      account::AddPrincipalPolicies(snapshot, p, set);
      CompareActions(set.Reachable(), acted, matcher.catalog(), usage);
    }
    report.principals.push_back(std::move(usage));
  }
  CheckCredentials(credentials, options, report);
  return report;
}

bool HasUnused(const UnusedReport& report) {
  return !report.credentials.empty() ||
         std::any_of(report.principals.begin(), report.principals.end(),
                     [](const PrincipalUsage& u) {
                       return u.state == PrincipalState::kNeverActive || u.unused > 0;
                     });
}

}  // namespace iamlint::least

#pragma once
// Granted but never used: for each user and role of an account snapshot, the actions its
// policies allow (after Denies and its boundary) that no activity in the window used, grouped by
// service and access level; principals that never acted; passwords and access keys left unused.
// The offline counterpart of IAM Access Analyzer's unused-access findings (UnusedPermission,
// UnusedIAMRole, UnusedIAMUserPassword, UnusedIAMUserAccessKey):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html

#include <string>
#include <vector>

#include "analyzer/account/account.h"
#include "analyzer/activity/activity.h"

namespace iamlint::least {

/// What `unused` looks at.
struct UnusedOptions {
  activity::Window window;              // the activity that counts
  activity::Time now = 0;               // ages of credentials are measured to this time
  int credential_days = 90;             // a password or access key unused this long is reported
  std::vector<std::string> principals;  // only these (ARN or name); every one when empty
  std::string credential_report;        // its path, for locations
};

/// One service a principal is granted.
struct ServiceUsage {
  std::string service;  // prefix, "s3"
  size_t granted = 0;
  size_t used = 0;
  bool service_level = false;  // used per a last-accessed report, with no action detail
  activity::Time last_used = activity::kNever;
  std::vector<catalog::ActionId> unused;  // ascending ids
};

/// Whether a principal can be judged, and what it did.
enum class PrincipalState {
  kActive,         // acted in the window
  kNeverActive,    // no activity in the window, and not used since the window began
  kTooNew,         // created after the window began: not judged
  kServiceLinked,  // managed by an AWS service: not judged
};

/// "active", "never-active", "too-new", "service-linked".
std::string_view PrincipalStateName(PrincipalState state);

/// The usage of one user or role.
struct PrincipalUsage {
  const account::AccountPrincipal* principal = nullptr;
  PrincipalState state = PrincipalState::kActive;
  activity::Time last_seen = activity::kNever;  // activity, or the role's RoleLastUsed
  size_t granted = 0;
  size_t used = 0;                             // granted actions used (action or service level)
  size_t unused = 0;                           // granted actions not used
  std::vector<ServiceUsage> services;          // granted services, by prefix
  std::vector<catalog::ActionId> not_granted;  // used actions its policies do not grant
};

/// A console password or access key unused for too long.
struct CredentialUsage {
  std::string user;
  std::string arn;
  std::string credential;                       // "password", "access key 1", "access key 2"
  activity::Time last_used = activity::kNever;  // kNever: never used
  activity::Time since = activity::kNever;      // when the days are counted from
  int64_t days_unused = 0;
  size_t line = 0;  // in the credential report
};

/// Everything `unused` found.
struct UnusedReport {
  std::vector<PrincipalUsage> principals;  // users and roles, in snapshot order
  std::vector<CredentialUsage> credentials;
  std::vector<std::string> unknown_principals;  // asked for by --principal, not in the snapshot
};

/// Compares what `snapshot` grants with what `activity` and `credentials` show was used.
UnusedReport FindUnused(const account::Snapshot& snapshot, const activity::Activity& activity,
                        const std::vector<activity::CredentialEntry>& credentials,
                        catalog::ActionMatcher& matcher, const UnusedOptions& options);

/// True when the report holds something to remove (exit code 1).
bool HasUnused(const UnusedReport& report);

/// Compiler-style text: one block per principal with something unused.
std::string UnusedText(const UnusedReport& report, const account::Snapshot& snapshot,
                       const activity::Activity& activity, const UnusedOptions& options,
                       const catalog::Catalog& cat, bool verbose);
/// JSON (schema 1), documented in docs/least-privilege.md.
std::string UnusedJson(const UnusedReport& report, const account::Snapshot& snapshot,
                       const activity::Activity& activity, const UnusedOptions& options,
                       const catalog::Catalog& cat);

}  // namespace iamlint::least

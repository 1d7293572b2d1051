#pragma once
// What principals really did, from local files: CloudTrail logs (as delivered to S3, `.json`
// or `.json.gz`, `{"Records": [...]}`, or JSON lines from CloudTrail Lake / Athena exports),
// IAM last-accessed reports (`aws iam get-service-last-accessed-details`), and the IAM
// credential report (CSV). Read as streams: memory grows with distinct principals, actions and
// resources, not with the number of records.

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/catalog/catalog.h"
#include "analyzer/core/finding.h"

namespace iamlint::activity {

/// Seconds since 1970-01-01T00:00:00Z.
using Time = int64_t;
constexpr Time kNever = std::numeric_limits<Time>::min();

/// Parses an ISO 8601 UTC time ("2026-08-01T12:34:56Z", fractions and "+00:00" accepted, a
/// bare date is midnight); false when it is not one.
bool ParseTime(std::string_view text, Time* out);
/// Formats as "2026-08-01T12:34:56Z".
std::string FormatTime(Time t);

/// The records that count: those whose time is in [since, until).
struct Window {
  Time since = std::numeric_limits<Time>::min();
  Time until = std::numeric_limits<Time>::max();
  bool Contains(Time t) const { return t >= since && t < until; }
};

/// How one principal used one action.
struct ActionUse {
  uint64_t count = 0;
  Time first = kNever;
  Time last = kNever;
  /// Distinct resource ARNs seen, sorted, at most kMaxResources. S3 object ARNs are kept to
  /// their bucket and top-level key prefix: "arn:aws:s3:::b/data/", or "arn:aws:s3:::b/" for
  /// keys without "/".
  std::vector<std::string> resources;
  bool resources_truncated = false;  // more were seen than kept
  bool resource_unknown = false;     // some use named no resource (management event without one)
  static constexpr size_t kMaxResources = 64;
};

/// What one IAM user or role did. Assumed-role sessions count for the role.
struct PrincipalActivity {
  std::string arn;  // arn:aws:iam::111122223333:role/path/name (session issuer) or user ARN
  std::unordered_map<catalog::ActionId, ActionUse> actions;  // successful calls only
  /// Service-level use (last-accessed reports without action detail): prefix -> last time.
  std::map<std::string, Time> services;
  Time first_seen = kNever;
  Time last_seen = kNever;
  uint64_t denied = 0;  // calls refused (AccessDenied, UnauthorizedOperation, ...)
};

/// Everything read so far.
struct Activity {
  std::map<std::string, PrincipalActivity> principals;  // by ARN
  uint64_t records = 0;                                 // records read
  uint64_t in_window = 0;                               // records inside the window
  uint64_t attributed = 0;                              // counted for an IAM user or role
  uint64_t denied = 0;                                  // refused calls (not counted as use)
  uint64_t not_iam = 0;   // by AWS services, root, anonymous or federated callers
  uint64_t unmapped = 0;  // events with no IAM action (no permission needed, or unknown)
  std::map<std::string, uint64_t> unmapped_events;  // "s3.amazonaws.com:Foo" -> count
  Time first = kNever;                              // earliest record in the window
  Time last = kNever;                               // latest record in the window
  std::vector<InputError> errors;
  /// Of `unmapped`: events that need no permission (they are not in unmapped_events).
  uint64_t no_permission = 0;
  /// Calls by IAM users or roles that failed for another reason than authorization (not use).
  uint64_t failed = 0;
};

/// The IAM actions a CloudTrail event authorizes: usually `<prefix>:<eventName>`, with the
/// exceptions of rules/data/cloudtrail-events.json (services whose event source is not their
/// prefix, events named differently from their action, versioned names, events that need no
/// permission). Empty when none (or unknown to the catalog).
std::vector<catalog::ActionId> ActionsForEvent(const catalog::Catalog& cat,
                                               std::string_view event_source,
                                               std::string_view event_name);

/// Reads one CloudTrail file (`.json`, `.json.gz`, JSON lines) into `activity`. Errors are
/// located and recorded in activity.errors; false when the file could not be read at all.
bool ReadCloudTrail(const std::string& path, const catalog::Catalog& cat, const Window& window,
                    Activity& activity);

/// Reads CloudTrail files on up to `threads` threads (0: one per core), each as ReadCloudTrail
/// would; the result, errors in the order of `paths` included, does not depend on `threads`.
void ReadCloudTrailFiles(const std::vector<std::string>& paths, const catalog::Catalog& cat,
                         const Window& window, Activity& activity, unsigned threads = 0);

/// Adds what `from` holds to `into`, as if its inputs had been read into `into`.
void MergeActivity(Activity& into, Activity&& from);

/// Reads a last-accessed report for `principal_arn` (when empty, the principal is taken from
/// the report's LastAuthenticatedEntity). Services accessed in the window count as used at
/// service level; TrackedActionsLastAccessed entries count as action-level use.
bool ReadLastAccessed(const std::string& path, const std::string& principal_arn,
                      const catalog::Catalog& cat, const Window& window, Activity& activity);

/// One row of the IAM credential report.
struct CredentialEntry {
  std::string user;  // "<root_account>" for the root user
  std::string arn;
  Time created = kNever;
  bool password_enabled = false;
  Time password_last_used = kNever;  // kNever: never used, or not applicable
  bool mfa_active = false;
  struct AccessKey {
    bool active = false;
    Time last_rotated = kNever;
    Time last_used = kNever;  // kNever: never used
  };
  std::array<AccessKey, 2> keys;
  size_t line = 0;  // 1-based line in the CSV
};

/// Reads a credential report (CSV with its header line). Errors are located in `errors`.
std::vector<CredentialEntry> ReadCredentialReport(const std::string& path,
                                                  std::vector<InputError>* errors);

}  // namespace iamlint::activity

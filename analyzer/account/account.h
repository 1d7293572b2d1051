#pragma once
// An account snapshot: the output of `aws iam get-account-authorization-details` (every user,
// group and role, their inline, attached and boundary policies, and the customer-managed
// policies), read offline so each principal can be analysed with the same engine as
// infrastructure code, and across principals (who can become whom).
// API: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/analyze/effective.h"
#include "analyzer/analyze/principals.h"
#include "analyzer/analyze/scan.h"

namespace iamlint::account {

/// What kind of IAM identity an entry of the snapshot is.
enum class PrincipalKind { kUser, kGroup, kRole };

/// A user, group or role of the snapshot and the policies it holds.
struct AccountPrincipal {
  PrincipalKind kind = PrincipalKind::kRole;
  std::string name;
  std::string arn;
  std::string id;         // UserId, GroupId or RoleId
  std::string path;       // "/", "/aws-service-role/..."
  std::string created;    // CreateDate as given (ISO 8601)
  std::string last_used;  // roles: RoleLastUsed.LastUsedDate; "" when never used or unknown
  std::vector<size_t> inline_policies;  // indices into Snapshot::policies
  std::vector<size_t> attached;         // attached customer-managed: indices into policies
  std::vector<const ManagedPolicyDocument*> managed;  // attached AWS managed policies
  std::vector<ByteRange> managed_at;                  // parallel: the PolicyArn that attaches it
  std::vector<std::string> unresolved;                // attached policy ARNs found nowhere
  std::optional<size_t> boundary;                     // permissions boundary among policies
  const ManagedPolicyDocument* boundary_managed = nullptr;
  std::optional<size_t> trust;      // roles: the trust policy among policies
  std::vector<std::string> groups;  // users: their group names
  bool service_linked = false;      // roles under /aws-service-role/
  ByteRange range;                  // the principal's entry in the file
  ByteRange name_range;             // its UserName, GroupName or RoleName value
};

/// A snapshot read from one file. Policies point into `files`: the file itself (a document
/// given as a URL-encoded string is decoded and located on the bytes of that string, so
/// `files` holds only the snapshot file).
struct Snapshot {
  std::string account_id;                          // from the ARNs
  std::vector<std::unique_ptr<SourceFile>> files;  // files[0]: the snapshot file
  std::vector<PolicyResult> policies;              // every document, analysed per policy
  std::vector<const SourceFile*> policy_files;     // parallel to policies
  std::vector<std::string> policy_arns;            // parallel: the managed policy ARN, or ""
  std::vector<AccountPrincipal> principals;
  std::vector<InputError> errors;  // located; a snapshot with errors is still used if it can be
};

/// Reads a snapshot (JSON as the AWS CLI prints it: documents as objects, or as the API
/// returns them: URL-encoded strings). Policies are normalized and analysed with `options`.
/// nullopt, with `errors`, when the file is not a snapshot at all.
std::optional<Snapshot> LoadAccountDetails(std::unique_ptr<SourceFile> file,
                                           catalog::ActionMatcher& matcher,
                                           const ScanOptions& options,
                                           std::vector<InputError>* errors);

/// "user", "group" or "role".
std::string_view KindName(PrincipalKind kind);
/// "user/alice", "group/admins", "role/deployer": how findings and messages name a principal.
std::string AddressOf(const AccountPrincipal& principal);

/// The principal named by ARN, name (roles and users) or unique id; nullptr when none.
const AccountPrincipal* FindPrincipal(const Snapshot& snapshot, std::string_view name);

/// Builds the PolicySet of a user or role: its inline and attached policies (a user's groups'
/// too), within its permissions boundary.
void AddPrincipalPolicies(const Snapshot& snapshot, const AccountPrincipal& principal,
                          PolicySet& set);

/// True when `text` looks like get-account-authorization-details output (a cheap test on the
/// text, before parsing).
bool LooksLikeAccountDetails(std::string_view text);

/// `iamlint check` on a snapshot: every policy gets the per-policy rules (not AWS managed
/// ones), every user, group and role the principal-level rules (IAM201, IAM220), and paths
/// across principals to an administrator (IAM221). Errors are located in the file; a file that
/// is not a snapshot is an error of its own.
ScannedFile ScanAccountDetails(std::unique_ptr<SourceFile> file, catalog::ActionMatcher& matcher,
                               const ScanOptions& options);

}  // namespace iamlint::account

#pragma once
// What a rule reports, and the fixed vocabularies of the public JSON contract.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_file.h"

namespace iamlint {

/// Finding severity, most severe first (the order `--fail-on` compares in).
enum class Severity { kCritical, kHigh, kMedium, kLow, kInfo };

/// The fixed category vocabulary of the JSON contract.
enum class Category {
  kAdmin,
  kPrivilegeEscalation,
  kPermissionsManagement,
  kCredentialsExposure,
  kDataExfiltration,
  kResourceExposure,
  kPublicAccess,
  kCrossAccount,
  kWildcard,
  kValidity,
  kRedundancy,
  kLimits,
};

/// "critical", "high", ... as in the JSON contract.
std::string_view SeverityName(Severity severity);
/// Parses a severity name; nullopt when unknown.
std::optional<Severity> ParseSeverity(std::string_view name);
/// "admin", "privilege-escalation", ... as in the JSON contract.
std::string_view CategoryName(Category category);

/// The kind of policy a document is, which decides how it is read and validated.
enum class PolicyKind { kUnknown, kIdentity, kResource, kTrust, kScp, kRcp, kBoundary };

/// "identity", "resource", "trust", "scp", "rcp", "boundary" or "unknown".
std::string_view PolicyKindName(PolicyKind kind);
/// Parses a policy kind name; nullopt when unknown.
std::optional<PolicyKind> ParsePolicyKind(std::string_view name);

/// A secondary location that explains a finding (e.g. the Deny it was checked against).
struct RelatedLocation {
  ByteRange range;
  std::string message;
  const SourceFile* file = nullptr;  // the file, when it is not the finding's own
};

/// Why a finding is kept out of the results although a rule reported it.
struct Suppression {
  enum class Kind {
    kInSource,  // a comment, a Sid or CloudFormation Metadata next to the finding
    kBaseline,  // recorded in the --baseline file: not new
  };
  Kind kind = Kind::kInSource;
  std::string reason;                // the justification written with the directive
  const SourceFile* file = nullptr;  // where the directive is (kInSource)
  ByteRange range;
};

/// One reported problem, located by byte offsets in the original file.
struct Finding {
  std::string_view rule_id;    // e.g. "IAM201"
  std::string_view rule_name;  // e.g. "full-admin"
  Category category = Category::kValidity;
  Severity severity = Severity::kInfo;
  std::string message;               // what is wrong and why
  std::string help;                  // how to fix it
  ByteRange range;                   // the offending value
  std::string statement;             // Sid, or "#index" (0-based) when there is none
  std::vector<std::string> actions;  // rule-specific: the actions concerned
  std::string method;                // privilege-escalation method id (A1 ... G2)
  std::string_view aws_check;        // the IAM Access Analyzer check code it matches, if any
  std::vector<RelatedLocation> related;
  std::optional<Suppression> suppression;  // set: not reported (SARIF and JSON show it as such)
};

/// A finding together with the file its range points into (when findings of one analysis land
/// in several files).
struct LocatedFinding {
  const SourceFile* file = nullptr;
  Finding finding;
};

/// A file that could not be read or parsed; reported, exit code 2, scanning goes on.
struct InputError {
  std::string path;
  std::optional<ByteRange> range;  // where in the file, when known
  std::string message;
  /// Line and column of `range`, for readers that stream a file and do not keep it to locate
  /// the range later (CloudTrail logs, reports).
  std::optional<LineColumn> position = std::nullopt;
};

}  // namespace iamlint

#include "analyzer/core/finding.h"

#include <array>
#include <utility>

namespace iamlint {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverityNames{{
    {Severity::kCritical, "critical"},
    {Severity::kHigh, "high"},
    {Severity::kMedium, "medium"},
    {Severity::kLow, "low"},
    {Severity::kInfo, "info"},
}};

constexpr std::array<std::pair<PolicyKind, std::string_view>, 7> kKindNames{{
    {PolicyKind::kUnknown, "unknown"},
    {PolicyKind::kIdentity, "identity"},
    {PolicyKind::kResource, "resource"},
    {PolicyKind::kTrust, "trust"},
    {PolicyKind::kScp, "scp"},
    {PolicyKind::kRcp, "rcp"},
    {PolicyKind::kBoundary, "boundary"},
}};

}  // namespace

std::string_view SeverityName(Severity severity) {
  for (const auto& [value, name] : kSeverityNames) {
    if (value == severity) {
      return name;
    }
  }
  return "info";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (const auto& [value, known] : kSeverityNames) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::string_view CategoryName(Category category) {
  switch (category) {
    case Category::kAdmin:
      return "admin";
    case Category::kPrivilegeEscalation:
      return "privilege-escalation";
    case Category::kPermissionsManagement:
      return "permissions-management";
    case Category::kCredentialsExposure:
      return "credentials-exposure";
    case Category::kDataExfiltration:
      return "data-exfiltration";
    case Category::kResourceExposure:
      return "resource-exposure";
    case Category::kPublicAccess:
      return "public-access";
    case Category::kCrossAccount:
      return "cross-account";
    case Category::kWildcard:
      return "wildcard";
    case Category::kValidity:
      return "validity";
    case Category::kRedundancy:
      return "redundancy";
    case Category::kLimits:
      return "limits";
  }
  return "validity";
}

std::string_view PolicyKindName(PolicyKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) {
      return name;
    }
  }
  return "unknown";
}

std::optional<PolicyKind> ParsePolicyKind(std::string_view name) {
  for (const auto& [value, known] : kKindNames) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace iamlint

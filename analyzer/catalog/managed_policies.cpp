#include "analyzer/catalog/managed_policies.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

// The snapshot analyzer/catalog/data/managed-policies.tsv, embedded by
// analyzer/catalog/catalog.cmake with the assembler's .incbin.
extern "C" const char iamlint_managed_policies_start[];
extern "C" const char iamlint_managed_policies_end[];

namespace iamlint::catalog {
namespace {

constexpr std::string_view kVersionField = "version=";
constexpr std::string_view kArnScheme = "arn:";
constexpr std::string_view kPolicyService = ":iam::aws:policy/";

struct Table {
  std::string_view version;
  std::vector<ManagedPolicy> policies;
};

// Splits `*rest` at the first `delimiter`: returns the text before it and leaves the text after
// it in `*rest` (the whole text and an empty rest when there is no delimiter).
std::string_view TakeUntil(std::string_view* rest, char delimiter) {
  const size_t end = rest->find(delimiter);
  const std::string_view field = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  return field;
}

// The value of `version=` in the header line, or "".
std::string_view HeaderVersion(std::string_view header) {
  while (!header.empty()) {
    const std::string_view word = TakeUntil(&header, ' ');
    if (word.starts_with(kVersionField)) {
      return word.substr(kVersionField.size());
    }
  }
  return {};
}

// Indexes the embedded lines: one scan for the line and column breaks, run once on first use.
// The generator writes no other kind of line; anything malformed is skipped, never trusted.
Table BuildTable() {
  Table table;
  std::string_view text(
      iamlint_managed_policies_start,
      static_cast<size_t>(iamlint_managed_policies_end - iamlint_managed_policies_start));
  while (!text.empty()) {
    std::string_view line = TakeUntil(&text, '\n');
    if (line.starts_with('#')) {
      if (table.version.empty()) {
        table.version = HeaderVersion(line);
      }
      continue;
    }
    ManagedPolicy policy;
    policy.name = TakeUntil(&line, '\t');
    policy.arn = TakeUntil(&line, '\t');
    policy.version = TakeUntil(&line, '\t');
    policy.document = line;
    if (!policy.name.empty() && !policy.arn.empty() && !policy.version.empty() &&
        !policy.document.empty()) {
      table.policies.push_back(policy);
    }
  }
  return table;
}

const Table& GetTable() {
  static const Table kTable = BuildTable();
  return kTable;
}

// "aws", or "aws-" and lower-case letters, digits and '-' (aws-cn, aws-us-gov, aws-iso-b, ...).
bool IsAwsPartition(std::string_view partition) {
  if (partition == "aws") {
    return true;
  }
  if (!partition.starts_with("aws-") || partition.size() == 4) {
    return false;
  }
  return std::all_of(partition.begin(), partition.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The path and name of an AWS managed policy ARN ("service-role/AWSLambdaBasicExecutionRole"
// in "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), or nullopt when `arn`
// is not one.
std::optional<std::string_view> PolicyResource(std::string_view arn) {
  if (!arn.starts_with(kArnScheme)) {
    return std::nullopt;
  }
  arn.remove_prefix(kArnScheme.size());
  const size_t colon = arn.find(':');
  if (colon == std::string_view::npos || !IsAwsPartition(arn.substr(0, colon))) {
    return std::nullopt;
  }
  arn.remove_prefix(colon);
  if (!arn.starts_with(kPolicyService)) {
    return std::nullopt;
  }
  return arn.substr(kPolicyService.size());
}

}  // namespace

std::optional<ManagedPolicy> FindManagedPolicy(std::string_view arn_or_name) {
  std::string_view name = arn_or_name;
  std::optional<std::string_view> resource;
  if (arn_or_name.starts_with(kArnScheme)) {
    resource = PolicyResource(arn_or_name);
    if (!resource) {
      return std::nullopt;
    }
    const size_t slash = resource->rfind('/');
    name = slash == std::string_view::npos ? *resource : resource->substr(slash + 1);
  }
  if (name.empty()) {
    return std::nullopt;
  }
  const std::vector<ManagedPolicy>& policies = GetTable().policies;
  const auto it = std::lower_bound(
      policies.begin(), policies.end(), name,
      [](const ManagedPolicy& policy, std::string_view key) { return policy.name < key; });
  if (it == policies.end() || it->name != name) {
    return std::nullopt;
  }
  // An ARN must also name the policy's path; the stored ARN is in the aws partition.
  if (resource && PolicyResource(it->arn) != resource) {
    return std::nullopt;
  }
  return *it;
}

size_t ManagedPolicyCount() {
  return GetTable().policies.size();
}

std::string_view ManagedPoliciesVersion() {
  return GetTable().version;
}

namespace internal {
std::span<const ManagedPolicy> ManagedPolicyTable() {
  return GetTable().policies;
}
}  // namespace internal

}  // namespace iamlint::catalog

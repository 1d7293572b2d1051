// Principal values: wildcards, federated providers, unique ids and the shape of each value.

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
     "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", "INVALID_ROLE_REFERENCE",
     "INVALID_USER_REFERENCE", "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY"});

constexpr RuleInfo kInfo{.id = "IAM140",
                         .name = "principal-format",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary =
                             "A Principal value is not a principal IAM accepts in this "
                             "policy.",
                         .doc = R"md(
## What it flags
In resource and trust policies, principal values that IAM rejects or that do not mean what they
seem to:
- a wildcard inside a value (`arn:aws:iam::*:role/admin`, `1234*`) or under `Service`,
  `Federated` or `CanonicalUser`; only a bare `"*"` under `AWS` is accepted;
- a `Federated` principal in a resource policy other than a role trust policy;
- in a trust policy, a `Federated` value that is neither a SAML provider ARN, an OIDC provider
  ARN nor an identity provider domain such as `cognito-identity.amazonaws.com`;
- a role or user unique id (`AROA...`, `AIDA...`) instead of its ARN;
- in a trust policy, an assumed-role session listed next to the role it belongs to;
- values of the wrong shape: under `AWS` anything but `"*"`, a 12-digit account id or an IAM or
  STS principal ARN (`root`, `user/`, `role/`, `assumed-role/`, `federated-user/`); under
  `Service` anything but a service DNS name such as `lambda.amazonaws.com`; under
  `CanonicalUser` anything but 64 hexadecimal digits.

## Why it matters
IAM and the services reject a policy with such a principal (`MalformedPolicyDocument: Invalid
principal in policy`), so the deployment fails. A unique id left in a policy is what IAM shows
after the role or user it named was deleted: a role re-created under the same name does not get
the access back. A redundant session principal is noise that hides what the policy trusts.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-*"}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Condition": {"ArnLike": {"aws:PrincipalArn":
                                          "arn:aws:iam::111122223333:role/ci-*"}}}]}
```

## Exceptions and limits
A principal given as a string other than `"*"`, or as something that is not an object, is
reported by policy-structure (IAM101). Values known only after `terraform apply` are skipped.
The shape checks (the last item above) have no Access Analyzer counterpart of their own. The
CloudFront origin access identity form `arn:aws:iam::cloudfront:user/CloudFront Origin Access
Identity ...` is accepted.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

bool IsDigits(std::string_view s, size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsPartition(std::string_view p) {
  if (p == "aws") {
    return true;
  }
  return p.starts_with("aws-") && p.size() > 4 && std::all_of(p.begin() + 4, p.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || c == '-';
         });
}

// The six fields of an ARN, or nothing when `text` has fewer than six.
struct ArnFields {
  std::string_view partition, service, region, account, resource;
};
std::optional<ArnFields> SplitArn(std::string_view text) {
  if (!text.starts_with("arn:")) {
    return std::nullopt;
  }
  std::array<std::string_view, 4> fields;
  std::string_view rest = text.substr(4);
  for (auto& field : fields) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    field = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  return ArnFields{fields[0], fields[1], fields[2], fields[3], rest};
}

// A resource part "type/name..." with a non-empty name.
bool HasNamed(std::string_view resource, std::string_view type) {
  return resource.starts_with(type) && resource.size() > type.size();
}

// True for a value IAM accepts under "AWS" (wildcards and unique ids are checked before).
bool IsAwsPrincipal(std::string_view v) {
  if (v == "*" || IsDigits(v, 12)) {
    return true;
  }
  const auto arn = SplitArn(v);
  if (!arn || !IsPartition(arn->partition) || !arn->region.empty()) {
    return false;
  }
  if (arn->service == "iam") {
    if (arn->account == "cloudfront") {  // CloudFront origin access identities
      return HasNamed(arn->resource, "user/CloudFront Origin Access Identity ");
    }
    return IsDigits(arn->account, 12) &&
           (arn->resource == "root" || HasNamed(arn->resource, "user/") ||
            HasNamed(arn->resource, "role/") || HasNamed(arn->resource, "assumed-role/") ||
            HasNamed(arn->resource, "federated-user/"));
  }
  return arn->service == "sts" && IsDigits(arn->account, 12) &&
         (HasNamed(arn->resource, "assumed-role/") || HasNamed(arn->resource, "federated-user/"));
}

// A DNS name: letters, digits, hyphens and at least one dot between labels.
bool IsDnsName(std::string_view v) {
  if (v.empty() || v.front() == '.' || v.back() == '.' || v.find('.') == std::string_view::npos ||
      v.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

enum class Provider { kNone, kSaml, kOidc };

// What a Federated value names: a SAML provider ARN, an OIDC provider (ARN or domain), or nothing.
Provider FederatedProvider(std::string_view v) {
  if (const auto arn = SplitArn(v)) {
    if (arn->service == "iam" && IsPartition(arn->partition) && arn->region.empty() &&
        IsDigits(arn->account, 12)) {
      if (HasNamed(arn->resource, "saml-provider/")) {
        return Provider::kSaml;
      }
      if (HasNamed(arn->resource, "oidc-provider/")) {
        return Provider::kOidc;
      }
    }
    return Provider::kNone;
  }
  return IsDnsName(v) ? Provider::kOidc : Provider::kNone;
}

bool IsHex64(std::string_view v) {
  return v.size() == 64 && std::all_of(v.begin(), v.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

// An IAM unique id: the prefix, then upper-case letters and digits.
bool IsUniqueId(std::string_view v, std::string_view prefix) {
  return v.starts_with(prefix) && v.size() >= 16 && v.size() <= 32 &&
         std::all_of(v.begin(), v.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::string Shown(std::string_view v) {
  constexpr size_t kMax = 100;
  return v.size() > kMax ? std::string(v.substr(0, kMax)) + "..." : std::string(v);
}

// 'value', cut short when long (appended, not "+": GCC 12 misreports -Wrestrict on that form).
std::string Quoted(std::string_view v) {
  std::string out = "'";
  out += Shown(v);
  out += '\'';
  return out;
}

// "partition|account|role name" of a role ARN or of an assumed-role session ARN.
std::string RoleKey(const ArnFields& arn, std::string_view name) {
  std::string key(arn.partition);
  key += '|';
  key += arn.account;
  key += '|';
  key += name;
  return key;
}

void CheckWildcard(const PrincipalEntry& p, Reporter& out) {
  out.Report(kInfo, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Severity::kHigh, p.value.range,
             p.type == "AWS"
                 ? Quoted(p.value.text) +
                       " has a wildcard inside a principal: IAM accepts \"*\" only as the whole "
                       "value, so the policy is rejected"
                 : "wildcards are not accepted in a " + p.type + " principal ('" +
                       Shown(p.value.text) + "'), so the policy is rejected",
             p.type == "AWS" ? "name the principals, or use the account (\"arn:aws:iam::"
                               "111122223333:root\") with an ArnLike condition on "
                               "aws:PrincipalArn for the pattern"
                             : "name the " + p.type + " principal exactly");
}

void CheckEntry(const Policy& policy, const PrincipalEntry& p, Reporter& out) {
  if (p.type != "AWS" && p.type != "Service" && p.type != "Federated" &&
      p.type != "CanonicalUser") {
    return;  // an unknown principal type: reported by IAM101
  }
  const std::string_view v = p.value.text;
  const bool has_wildcard = v.find_first_of("*?") != std::string_view::npos;
  if (has_wildcard && !(p.type == "AWS" && v == "*")) {
    CheckWildcard(p, out);
    return;
  }
  if (p.type == "AWS") {
    if (IsUniqueId(v, "AROA") || IsUniqueId(v, "AIDA")) {
      const bool role = v.starts_with("AROA");
      out.Report(kInfo, role ? "INVALID_ROLE_REFERENCE" : "INVALID_USER_REFERENCE",
                 Severity::kMedium, p.value.range,
                 Quoted(v) + " is the unique id of an IAM " + (role ? "role" : "user") +
                     ", not its ARN: IAM shows an id like this when the " +
                     (role ? "role" : "user") +
                     " was deleted, and a new one with the same name does not match it",
                 std::string("use the ARN, e.g. \"arn:aws:iam::111122223333:") +
                     (role ? "role" : "user") + "/name\"");
      return;
    }
    if (!IsAwsPrincipal(v)) {
      const auto arn = SplitArn(v);
      const bool group = arn && arn->service == "iam" && arn->resource.starts_with("group/");
      out.Report(kInfo, p.value.range,
                 group ? Quoted(v) +
                             " is an IAM group: groups cannot be principals, so the policy is "
                             "rejected"
                       : Quoted(v) + " is not an AWS principal: IAM rejects the policy",
                 group ? "name the users or roles, or the account with a condition on "
                         "aws:PrincipalArn"
                       : "use \"*\", a 12-digit account id, or an ARN such as "
                         "arn:aws:iam::111122223333:root, ...:role/name or ...:user/name");
    }
    return;
  }
  if (p.type == "Federated") {
    if (policy.kind == PolicyKind::kResource) {
      out.Report(kInfo, "FEDERATED_PRINCIPAL_NOT_SUPPORTED", Severity::kHigh, p.value.range,
                 Quoted(v) +
                     " is a federated identity provider: only role trust policies accept "
                     "Federated principals",
                 "grant access to the role that the federated users assume");
    } else if (policy.kind == PolicyKind::kTrust && FederatedProvider(v) == Provider::kNone) {
      out.Report(kInfo, "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", Severity::kHigh,
                 p.value.range,
                 Quoted(v) +
                     " is not an identity provider: a Federated principal is a SAML or OIDC "
                     "provider ARN, or a provider domain",
                 "use e.g. \"arn:aws:iam::111122223333:saml-provider/corp\", "
                 "\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\""
                 " or \"cognito-identity.amazonaws.com\"");
    }
    return;
  }
  if (p.type == "Service" && !IsDnsName(v)) {
    out.Report(kInfo, p.value.range,
               Quoted(v) + " is not a service principal: IAM rejects the policy",
               "a Service principal is the service's DNS name, e.g. \"lambda.amazonaws.com\"");
  } else if (p.type == "CanonicalUser" && !IsHex64(v)) {
    out.Report(kInfo, p.value.range,
               Quoted(v) + " is not a canonical user id: those are 64 hexadecimal digits",
               "copy the canonical user id of the account from the S3 console or "
               "s3api list-buckets");
  }
}

// In a trust policy: an assumed-role session of a role that the same statement trusts already.
void CheckRedundantSessions(const Statement& st, Reporter& out) {
  std::unordered_map<std::string, const Located*> roles;
  for (const PrincipalEntry& p : st.principals) {
    if (p.type != "AWS" || HasUnknown(p.value.text)) {
      continue;
    }
    const auto arn = SplitArn(p.value.text);
    if (arn && arn->service == "iam" && HasNamed(arn->resource, "role/") &&
        arn->resource.find_first_of("*?") == std::string_view::npos) {
      const std::string_view name = arn->resource.substr(arn->resource.rfind('/') + 1);
      roles.emplace(RoleKey(*arn, name), &p.value);
    }
  }
  if (roles.empty()) {
    return;
  }
  for (const PrincipalEntry& p : st.principals) {
    const auto arn = p.type == "AWS" ? SplitArn(p.value.text) : std::nullopt;
    if (!arn || arn->service != "sts" || !HasNamed(arn->resource, "assumed-role/")) {
      continue;
    }
    std::string_view name = arn->resource.substr(13);
    name = name.substr(0, name.find('/'));
    const auto it = roles.find(RoleKey(*arn, name));
    if (it == roles.end()) {
      continue;
    }
    Finding& f =
        out.Report(kInfo, "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", Severity::kLow, p.value.range,
                   Quoted(p.value.text) + " is a session of role '" + std::string(name) +
                       "', which the statement already trusts: the session entry "
                       "adds nothing",
                   "remove the assumed-role entry");
    f.statement = st.Label();
    f.related.push_back({it->second->range, "the role is trusted here", nullptr});
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  if (policy.kind != PolicyKind::kResource && policy.kind != PolicyKind::kTrust) {
    return;
  }
  // A Principal string other than "*" is reported by IAM101 (INVALID_PRINCIPAL_FORMAT).
  std::vector<ByteRange> malformed;
  for (const StructureProblem& problem : policy.problems) {
    if (problem.aws_check == "INVALID_PRINCIPAL_FORMAT") {
      malformed.push_back(problem.range);
    }
  }
  for (const Statement& st : policy.statements) {
    for (const PrincipalEntry& p : st.principals) {
      if (HasUnknown(p.value.text) ||
          std::find(malformed.begin(), malformed.end(), p.value.range) != malformed.end()) {
        continue;
      }
      CheckEntry(policy, p, out);
    }
    if (policy.kind == PolicyKind::kTrust) {
      CheckRedundantSessions(st, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM140, iamlint::rules::kInfo, iamlint::rules::Check);

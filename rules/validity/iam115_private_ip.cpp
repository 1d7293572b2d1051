// aws:SourceIp compared with private address ranges, which it never holds.

#include <array>
#include <optional>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/ip_address.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks =
    std::to_array<std::string_view>({"PRIVATE_IP_ADDRESS", "PRIVATE_NOT_IP_ADDRESS",
                                     "PRIVATE_IP_ADDRESS_SUBSET", "PRIVATE_NOT_IP_ADDRESS_SUBSET"});

constexpr RuleInfo kInfo{
    .id = "IAM115",
    .name = "private-ip",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "aws:SourceIp is compared with private addresses, which it never holds.",
    .doc = R"md(
## What it flags
`IpAddress` or `NotIpAddress` tests on `aws:SourceIp` whose ranges are private: all of them
(the test never matches, or with `NotIpAddress` always matches), or some of them (those have no
effect).

## Why it matters
`aws:SourceIp` is the public address a request comes from. Requests from inside a VPC reach AWS
through a VPC endpoint, and then the key holds no address at all; a private address never
appears in it. An Allow limited to `10.0.0.0/8` never applies, and a Deny on
`NotIpAddress 10.0.0.0/8` denies every request, including the ones from your network.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-1a2b3c4d"},
                              "NotIpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}}]}
```
For requests through a VPC endpoint, `aws:VpcSourceIp` holds the private address, together
with `aws:SourceVpc` or `aws:SourceVpce`.

## Exceptions and limits
Access Analyzer does not publish its list of private ranges; this rule uses RFC 1918
(`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`), loopback (`127.0.0.0/8`, `::1`),
link-local (`169.254.0.0/16`, `fe80::/10`) and RFC 4193 unique local addresses (`fc00::/7`).
A range that is only partly private (`0.0.0.0/0`) counts as public. Values that do not parse
are left to `condition-value`.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

void CheckTest(const Statement& st, const ConditionTest& test, Reporter& out) {
  const bool negated = test.base_operator == "NotIpAddress";
  if ((!negated && test.base_operator != "IpAddress") ||
      !EqualsIgnoreCase(test.key.text, "aws:SourceIp")) {
    return;
  }
  std::vector<const Located*> private_values;
  size_t public_values = 0;
  for (const Located& v : test.values) {
    if (HasUnknown(v.text)) {
      return;  // known only after deployment: it may be public
    }
    const std::optional<IpRange> range = ParseIpRange(v.text);
    if (!range) {
      continue;
    }
    if (IsPrivateIpRange(*range)) {
      private_values.push_back(&v);
    } else {
      ++public_values;
    }
  }
  if (private_values.empty()) {
    return;
  }
  const std::string op = test.operator_name.text;
  const std::string help =
      "aws:SourceIp holds public addresses only; for requests from a VPC use aws:SourceVpc, "
      "aws:SourceVpce or aws:VpcSourceIp";
  if (public_values == 0) {
    const std::string what = private_values.size() == 1 ? "a private range" : "private ranges";
    Finding& f = out.Report(
        kInfo, negated ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS", Severity::kHigh,
        test.values_range,
        negated ? op + " lists only " + what +
                      ": aws:SourceIp is never private, so the test is true for every request "
                      "that has a source IP"
                : op + " lists only " + what +
                      ": aws:SourceIp is never private, so the test never matches",
        help);
    f.statement = st.Label();
    return;
  }
  for (const Located* v : private_values) {
    Finding& f =
        out.Report(kInfo, negated ? "PRIVATE_NOT_IP_ADDRESS_SUBSET" : "PRIVATE_IP_ADDRESS_SUBSET",
                   Severity::kLow, v->range,
                   "\"" + v->text + "\" is a private range: aws:SourceIp never holds it, so " +
                       (negated ? "excluding it from " + op + " changes nothing"
                                : "this entry of " + op + " never matches"),
                   "remove it; " + help);
    f.statement = st.Label();
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const ConditionTest& test : st.conditions) {
      CheckTest(st, test, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM115, iamlint::rules::kInfo, iamlint::rules::Check);

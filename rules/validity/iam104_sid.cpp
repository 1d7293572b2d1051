// Statement ids: characters IAM accepts, uniqueness, empty values.

#include <array>
#include <string>
#include <unordered_map>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"UNSUPPORTED_SID", "UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED", "EMPTY_SID_VALUE"});

constexpr RuleInfo kInfo{.id = "IAM104",
                         .name = "sid",
                         .category = Category::kValidity,
                         .severity = Severity::kHigh,
                         .summary =
                             "A statement id (Sid) is empty, repeated, or uses characters "
                             "IAM does not accept.",
                         .doc = R"md(
## What it flags
- In IAM policies (identity, trust, permissions boundary) and in SCPs and RCPs, a `Sid` with a
  character other than `A-Z`, `a-z` or `0-9`.
- Two statements with the same `Sid`: an error in those policy kinds, a warning in resource
  policies of other services.
- A `Sid` that is the empty string.

## Why it matters
IAM and AWS Organizations reject a policy whose `Sid` has spaces, dashes, underscores or other
punctuation, or whose statements share a `Sid`, so the deployment fails. Services that store
their own resource policies accept more, but a repeated `Sid` still makes the statements
impossible to tell apart in logs, reviews and tools that address statements by id. An empty `Sid`
identifies nothing.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [
   {"Sid": "read-reports", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*"},
   {"Sid": "read-reports", "Effect": "Allow", "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::reports"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [
   {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*"},
   {"Sid": "ListReports", "Effect": "Allow", "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::reports"}]}
```

## Exceptions and limits
Resource policies are not checked for characters: some services accept more (KMS key policies
allow spaces, for one). The kind of a raw JSON file is inferred unless `--policy-kind` is given;
a document without `Principal` is read as an identity policy. A `Sid` whose value is only known
after `terraform apply` is not checked.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
                         .aws_checks = kChecks};

// "identity policies", "SCPs", ... for messages.
std::string_view KindPlural(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kIdentity:
      return "identity policies";
    case PolicyKind::kTrust:
      return "role trust policies";
    case PolicyKind::kBoundary:
      return "permissions boundaries";
    case PolicyKind::kScp:
      return "SCPs";
    case PolicyKind::kRcp:
      return "RCPs";
    default:
      return "IAM policies";
  }
}

// Policy kinds whose Sid follows the IAM rules: letters and digits only, unique.
bool IamStyleSids(PolicyKind kind) {
  return kind == PolicyKind::kIdentity || kind == PolicyKind::kTrust ||
         kind == PolicyKind::kBoundary || kind == PolicyKind::kScp || kind == PolicyKind::kRcp;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The first character IAM does not accept, described for a message ("a space", "'-'").
std::string DescribeBadCharacter(std::string_view sid) {
  for (const char c : sid) {
    if (IsAsciiAlnum(c)) {
      continue;
    }
    if (c == ' ') {
      return "a space";
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80U) {
      return "a non-ASCII character";
    }
    if (u < 0x20U || u == 0x7FU) {
      return "a control character";
    }
    std::string quoted = "'";  // (appended, not "+": GCC 12 misreports -Wrestrict on that)
    quoted += c;
    quoted += '\'';
    return quoted;
  }
  return {};
}

// The Sid for a message, cut short when long.
std::string Quoted(std::string_view sid) {
  constexpr size_t kMax = 60;
  std::string quoted = "'";
  quoted += sid.substr(0, kMax);
  if (sid.size() > kMax) {
    quoted += "...";
  }
  quoted += '\'';
  return quoted;
}

std::string Suggestion(std::string_view sid) {
  std::string out;
  bool upper_next = false;
  for (const char c : sid) {
    if (IsAsciiAlnum(c)) {
      out += upper_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      upper_next = false;
    } else if (static_cast<unsigned char>(c) < 0x80U) {
      upper_next = !out.empty();  // a separator starts a new word: "read-only" -> "readOnly"
    }  // other bytes of a non-ASCII letter are dropped: "Déploy" -> "Dploy"
  }
  return out;
}

void Check(const PolicyContext& context, Reporter& out) {
  const Policy& policy = context.policy;
  const bool iam_style = IamStyleSids(policy.kind);
  std::unordered_map<std::string_view, const Statement*> first_with_sid;
  for (const Statement& st : policy.statements) {
    if (!st.sid || HasUnknown(st.sid->text)) {
      continue;
    }
    const Located& sid = *st.sid;
    if (sid.text.empty()) {
      out.Report(
          kInfo, "EMPTY_SID_VALUE", Severity::kLow, sid.range,
          "statement #" + std::to_string(st.index) + " has an empty Sid: it identifies nothing",
          "give the statement a name such as \"AllowReadReports\", or remove the Sid");
      continue;
    }
    if (iam_style) {
      if (const std::string bad = DescribeBadCharacter(sid.text); !bad.empty()) {
        const std::string fixed = Suggestion(sid.text);
        out.Report(kInfo, "UNSUPPORTED_SID", Severity::kHigh, sid.range,
                   "Sid " + Quoted(sid.text) + " contains " + bad + ": " +
                       std::string(KindPlural(policy.kind)) +
                       " accept only letters and digits in a Sid, so the policy is "
                       "rejected",
                   fixed.empty() ? "use only the characters A-Z, a-z and 0-9"
                                 : "use only A-Z, a-z and 0-9, e.g. \"" + fixed + "\"");
      }
    }
    const auto [it, added] = first_with_sid.emplace(sid.text, &st);
    if (added) {
      continue;
    }
    const Statement& first = *it->second;
    Finding& f = iam_style
                     ? out.Report(kInfo, "UNIQUE_SIDS_REQUIRED", Severity::kHigh, sid.range,
                                  "Sid " + Quoted(sid.text) + " is also the Sid of statement #" +
                                      std::to_string(first.index) + ": " +
                                      std::string(KindPlural(policy.kind)) +
                                      " need a unique Sid per statement, so the policy is "
                                      "rejected",
                                  "give each statement its own Sid")
                     : out.Report(kInfo, "UNIQUE_SIDS_RECOMMENDED", Severity::kMedium, sid.range,
                                  "Sid " + Quoted(sid.text) + " is also the Sid of statement #" +
                                      std::to_string(first.index) +
                                      ": the two statements cannot be told apart by their id",
                                  "give each statement its own Sid");
    f.statement = st.Label();
    f.related.push_back({first.sid->range, "first used here", nullptr});
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM104, iamlint::rules::kInfo, iamlint::rules::Check);

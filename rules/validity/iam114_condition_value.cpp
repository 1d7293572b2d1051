// Condition values that do not fit their operator or key: a Bool that is not true/false, a date,
// number, base64 string or IP range that does not parse, a malformed VPC, VPC endpoint, Region
// or service principal, a wildcard under a non-Like operator, redundant numeric bounds.

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/ip_address.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_NUMBER", "TYPE_MISMATCH_STRING",
     "TYPE_MISMATCH_IP_RANGE", "INVALID_CONDITION_DATA_TYPE", "INVALID_CONDITION_MULTIPLE_BOOLEAN",
     "INVALID_DATE_VALUE", "INVALID_VPC_FORMAT", "INVALID_VPCE_FORMAT", "INVALID_REGION",
     "INVALID_SERVICE_PRINCIPAL_FORMAT", "IMPROVE_IP_RANGE", "WILDCARD_WITHOUT_LIKE_OPERATOR",
     "REDUNDANT_CONDITION_VALUE_NUM"});

constexpr RuleInfo kInfo{
    .id = "IAM114",
    .name = "condition-value",
    .category = Category::kValidity,
    .severity = Severity::kMedium,
    .summary = "A condition value does not fit its operator or its condition key.",
    .doc = R"md(
## What it flags
Condition values that the operator cannot read or that the key never takes:
- `Bool` values other than `true`/`false`, or several values for one `Bool` test;
- `Date…` values that are neither ISO 8601 (the W3C profile: `2026-01-31`,
  `2026-01-31T12:00Z`, `2026-01-31T12:00:00.5+01:00`) nor Unix epoch seconds, and epoch
  seconds themselves (they work, but are easy to get wrong);
- `Numeric…` values that are not numbers, and several values under one `NumericLessThan…` or
  `NumericGreaterThan…` test, where only the largest (or smallest) one counts;
- `BinaryEquals` values that are not base64;
- `IpAddress`/`NotIpAddress` values that are not an IPv4 or IPv6 address or CIDR range, and
  ranges with host bits set (`10.1.2.3/8`);
- values of one key that mix JSON types (`["1", 2]`);
- `aws:SourceVpc` values that are not `vpc-` and 8 or 17 hex digits, `aws:SourceVpce` values
  that are not `vpce-` and 8 or 17 letters or digits;
- Region keys (`aws:RequestedRegion`, `ec2:Region`, ...) given something that is not a Region
  name;
- `aws:PrincipalServiceName`, `aws:PrincipalServiceNamesList` and `iam:PassedToService` values
  that are not a service principal (`lambda.amazonaws.com`), and `kms:ViaService` values that
  are not `service.region.amazonaws.com`;
- `*` or `?` under `StringEquals`, `StringNotEquals` or their `IgnoreCase` forms, where they are
  literal characters.

## Why it matters
IAM compares the request against the value as written. A value the operator cannot read, or
one the key never takes, makes the test always false (or, for a negated operator, always true):
an Allow that never applies, or a Deny that never protects. A `*` under `StringEquals` only
matches a literal star.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east1", "eu-*"]}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringNotLike": {"aws:RequestedRegion": ["us-east-1", "eu-*"]}}}]}
```

## Exceptions and limits
Values that hold a policy variable (`${aws:username}`) or a value known only after deployment
are not checked. Region names are checked by their shape (`geo-direction-number`, such as
`us-gov-west-1` or `ap-southeast-5`), not against a list, so a Region that does not exist yet
is accepted. Epoch-second dates are not reported on `aws:EpochTime`, which holds epoch seconds.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsLowerHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f');
}
bool IsLowerAlnum(char c) {
  return IsDigit(c) || IsLower(c);
}

// A value for a message, quoted and shortened.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  out += ShortenForMessage(text);
  out += '"';
  return out;
}

bool HasVariable(std::string_view text) {
  return text.find("${") != std::string_view::npos;
}

// The comparisons of a family, after "Numeric" or "Date".
bool IsComparison(std::string_view rest) {
  return rest == "Equals" || rest == "NotEquals" || rest == "LessThan" ||
         rest == "LessThanEquals" || rest == "GreaterThan" || rest == "GreaterThanEquals";
}
bool IsNumericOperator(std::string_view op) {
  return op.starts_with("Numeric") && IsComparison(op.substr(7));
}
bool IsDateOperator(std::string_view op) {
  return op.starts_with("Date") && IsComparison(op.substr(4));
}
bool IsStringOperator(std::string_view op) {
  return op == "StringEquals" || op == "StringNotEquals" || op == "StringEqualsIgnoreCase" ||
         op == "StringNotEqualsIgnoreCase" || op == "StringLike" || op == "StringNotLike";
}
bool IsLikeOperator(std::string_view op) {
  return op.ends_with("Like");
}
bool IsIgnoreCase(std::string_view op) {
  return op.ends_with("IgnoreCase");
}

// ---- numbers ----

// A decimal number: sign, integer digits without leading zeros, fraction digits without trailing
// zeros; exponent forms are numbers too, but not compared.
struct Decimal {
  bool negative = false;
  std::string_view integer;
  std::string_view fraction;
  bool exponent = false;
};

std::optional<Decimal> ParseDecimal(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    d.negative = s[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  while (i < s.size() && IsDigit(s[i])) {
    ++i;
  }
  d.integer = s.substr(int_begin, i - int_begin);
  if (i < s.size() && s[i] == '.') {
    const size_t frac_begin = ++i;
    while (i < s.size() && IsDigit(s[i])) {
      ++i;
    }
    d.fraction = s.substr(frac_begin, i - frac_begin);
  }
  if (d.integer.empty() && d.fraction.empty()) {
    return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    d.exponent = true;
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      ++i;
    }
    const size_t exp_begin = i;
    while (i < s.size() && IsDigit(s[i])) {
      ++i;
    }
    if (i == exp_begin) {
      return std::nullopt;
    }
  }
  if (i != s.size()) {
    return std::nullopt;
  }
  while (!d.integer.empty() && d.integer.front() == '0') {
    d.integer.remove_prefix(1);
  }
  while (!d.fraction.empty() && d.fraction.back() == '0') {
    d.fraction.remove_suffix(1);
  }
  if (d.integer.empty() && d.fraction.empty()) {
    d.negative = false;  // -0 is 0
  }
  return d;
}

// <0, 0, >0 as a is less than, equal to or greater than b (neither has an exponent).
int CompareDecimal(const Decimal& a, const Decimal& b) {
  if (a.negative != b.negative) {
    return a.negative ? -1 : 1;
  }
  int magnitude = 0;
  if (a.integer.size() != b.integer.size()) {
    magnitude = a.integer.size() < b.integer.size() ? -1 : 1;
  } else if (const int c = a.integer.compare(b.integer); c != 0) {
    magnitude = c < 0 ? -1 : 1;
  } else if (const int f = a.fraction.compare(b.fraction); f != 0) {
    magnitude = f < 0 ? -1 : 1;  // no trailing zeros: lexicographic order is numeric order
  }
  return a.negative ? -magnitude : magnitude;
}

// ---- dates ----

enum class DateForm { kInvalid, kIso8601, kEpoch };

// Reads exactly `n` digits at s[i..] into *value.
bool Digits(std::string_view s, size_t i, size_t n, int* value) {
  if (i + n > s.size()) {
    return false;
  }
  *value = 0;
  for (size_t k = i; k < i + n; ++k) {
    if (!IsDigit(s[k])) {
      return false;
    }
    *value = *value * 10 + (s[k] - '0');
  }
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr auto kDays =
      std::to_array<int>({31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31});
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The W3C profile of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s]]TZD; the time
// zone is optional here), or Unix epoch seconds.
DateForm ClassifyDate(std::string_view s) {
  constexpr size_t kMaxEpochDigits = 19;
  if (!s.empty() && s.size() <= kMaxEpochDigits &&
      s.find_first_not_of("0123456789") == std::string_view::npos) {
    return DateForm::kEpoch;
  }
  int year = 0;
  int month = 1;
  int day = 1;
  if (!Digits(s, 0, 4, &year)) {
    return DateForm::kInvalid;
  }
  size_t i = 4;
  if (i == s.size()) {
    return DateForm::kIso8601;
  }
  if (s[i] != '-' || !Digits(s, i + 1, 2, &month) || month < 1 || month > 12) {
    return DateForm::kInvalid;
  }
  i += 3;
  if (i == s.size()) {
    return DateForm::kIso8601;
  }
  if (s[i] != '-' || !Digits(s, i + 1, 2, &day) || day < 1 || day > DaysInMonth(year, month)) {
    return DateForm::kInvalid;
  }
  i += 3;
  if (i == s.size()) {
    return DateForm::kIso8601;
  }
  int hour = 0;
  int minute = 0;
  if (s[i] != 'T' || !Digits(s, i + 1, 2, &hour) || hour > 23 || i + 3 >= s.size() ||
      s[i + 3] != ':' || !Digits(s, i + 4, 2, &minute) || minute > 59) {
    return DateForm::kInvalid;
  }
  i += 6;
  if (i < s.size() && s[i] == ':') {
    int second = 0;
    if (!Digits(s, i + 1, 2, &second) || second > 60) {  // 60: a leap second
      return DateForm::kInvalid;
    }
    i += 3;
    if (i < s.size() && s[i] == '.') {
      const size_t begin = ++i;
      while (i < s.size() && IsDigit(s[i])) {
        ++i;
      }
      if (i == begin) {
        return DateForm::kInvalid;
      }
    }
  }
  if (i == s.size()) {
    return DateForm::kIso8601;
  }
  if (s[i] == 'Z') {
    return i + 1 == s.size() ? DateForm::kIso8601 : DateForm::kInvalid;
  }
  int tz_hour = 0;
  int tz_minute = 0;
  if ((s[i] != '+' && s[i] != '-') || !Digits(s, i + 1, 2, &tz_hour) || tz_hour > 23 ||
      i + 3 >= s.size() || s[i + 3] != ':' || !Digits(s, i + 4, 2, &tz_minute) || tz_minute > 59 ||
      i + 6 != s.size()) {
    return DateForm::kInvalid;
  }
  return DateForm::kIso8601;
}

// ---- base64 ----

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) {
    return false;
  }
  size_t padding = 0;
  while (padding < 2 && padding < s.size() && s[s.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (size_t i = 0; i + padding < s.size(); ++i) {
    const char c = s[i];
    if (!(IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z') || c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

// ---- identifiers with wildcards ----

// True when some string matched by `glob` (`*`, `?`) is `prefix` followed by `length`
// characters that satisfy `is_class`; for a glob without wildcards, when it is such a string.
template <typename ClassFn>
bool IdGlobCanMatch(std::string_view glob, std::string_view prefix, size_t length,
                    ClassFn is_class) {
  const size_t slots = prefix.size() + length;
  constexpr size_t kMaxGlob = 128;
  if (glob.size() > kMaxGlob) {
    return false;
  }
  auto fits = [&](char c, size_t slot) {
    return slot < prefix.size() ? c == prefix[slot] : is_class(c);
  };
  // reach[j]: glob[0..i) can produce the first j slots.
  std::vector<char> reach(slots + 1, 0);
  std::vector<char> next(slots + 1, 0);
  reach[0] = 1;
  for (const char g : glob) {
    std::fill(next.begin(), next.end(), 0);
    for (size_t j = 0; j <= slots; ++j) {
      if (g == '*') {
        if (reach[j] || (j > 0 && next[j - 1])) {
          next[j] = 1;
        }
      } else if (j > 0 && reach[j - 1] && (g == '?' || fits(g, j - 1))) {
        next[j] = 1;
      }
    }
    reach.swap(next);
  }
  return reach[slots] != 0;
}

// ---- Regions and service principals ----

bool IsRegionDirection(std::string_view part) {
  static constexpr auto kDirections =
      std::to_array<std::string_view>({"north", "south", "east", "west", "central", "northeast",
                                       "northwest", "southeast", "southwest"});
  return std::find(kDirections.begin(), kDirections.end(), part) != kDirections.end();
}

// A Region name by its shape: lower-case letter groups, a direction, a number
// ("us-east-1", "us-gov-west-1", "eu-isoe-west-1", "ap-southeast-5").
bool IsRegionName(std::string_view s) {
  constexpr size_t kMaxParts = 5;
  std::array<std::string_view, kMaxParts> parts;
  size_t count = 0;
  size_t begin = 0;
  while (true) {
    const size_t dash = s.find('-', begin);
    if (count == kMaxParts) {
      return false;
    }
    parts[count++] =
        s.substr(begin, dash == std::string_view::npos ? s.size() - begin : dash - begin);
    if (dash == std::string_view::npos) {
      break;
    }
    begin = dash + 1;
  }
  if (count < 3) {
    return false;
  }
  const std::string_view number = parts[count - 1];
  if (number.empty() || number.size() > 2 || !std::all_of(number.begin(), number.end(), IsDigit)) {
    return false;
  }
  if (!IsRegionDirection(parts[count - 2])) {
    return false;
  }
  for (size_t i = 0; i + 2 < count; ++i) {
    if (parts[i].size() < 2 || parts[i].size() > 5 ||
        !std::all_of(parts[i].begin(), parts[i].end(), IsLower)) {
      return false;
    }
  }
  return true;
}

constexpr auto kServiceSuffixes = std::to_array<std::string_view>(
    {".amazonaws.com", ".amazonaws.com.cn", ".c2s.ic.gov", ".sc2s.sgov.gov"});

// "lambda.amazonaws.com", "pods.eks.amazonaws.com"; with `regional`, "s3.us-east-1.amazonaws.com".
bool IsServicePrincipal(std::string_view s, bool regional) {
  for (const std::string_view suffix : kServiceSuffixes) {
    if (!s.ends_with(suffix) || s.size() == suffix.size()) {
      continue;
    }
    const std::string_view labels = s.substr(0, s.size() - suffix.size());
    size_t count = 0;
    std::string_view last;
    size_t begin = 0;
    while (true) {
      const size_t dot = labels.find('.', begin);
      const std::string_view label =
          labels.substr(begin, dot == std::string_view::npos ? labels.size() - begin : dot - begin);
      if (label.empty() || !std::all_of(label.begin(), label.end(),
                                        [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
        return false;
      }
      ++count;
      last = label;
      if (dot == std::string_view::npos) {
        break;
      }
      begin = dot + 1;
    }
    return !regional || (count >= 2 && IsRegionName(last));
  }
  return false;
}

bool ServicePrincipalGlobCanMatch(std::string_view glob, bool regional) {
  if (!std::all_of(glob.begin(), glob.end(), [](char c) {
        return IsLowerAlnum(c) || c == '-' || c == '.' || c == '*' || c == '?';
      })) {
    return false;
  }
  return std::any_of(kServiceSuffixes.begin(), kServiceSuffixes.end(),
                     [&](std::string_view suffix) {
                       std::string pattern = regional ? "*.*-*-*" : "*";
                       pattern += suffix;
                       return catalog::GlobsIntersect(glob, pattern);
                     });
}

// ---- the rule ----

enum class KeyFormat { kNone, kVpc, kVpce, kRegion, kServicePrincipal, kViaService };

KeyFormat FormatOf(std::string_view key) {
  struct Entry {
    std::string_view key;
    KeyFormat format;
  };
  static constexpr auto kKeys = std::to_array<Entry>({
      {"aws:SourceVpc", KeyFormat::kVpc},
      {"aws:SourceVpce", KeyFormat::kVpce},
      {"aws:RequestedRegion", KeyFormat::kRegion},
      {"ec2:Region", KeyFormat::kRegion},
      {"kms:PrimaryRegion", KeyFormat::kRegion},
      {"kms:ReplicaRegion", KeyFormat::kRegion},
      {"secretsmanager:SecretPrimaryRegion", KeyFormat::kRegion},
      {"secretsmanager:AddReplicaRegions", KeyFormat::kRegion},
      {"cloudformation:TargetRegion", KeyFormat::kRegion},
      {"account:TargetRegion", KeyFormat::kRegion},
      {"aws:PrincipalServiceName", KeyFormat::kServicePrincipal},
      {"aws:PrincipalServiceNamesList", KeyFormat::kServicePrincipal},
      {"iam:PassedToService", KeyFormat::kServicePrincipal},
      {"kms:ViaService", KeyFormat::kViaService},
  });
  for (const Entry& e : kKeys) {
    if (EqualsIgnoreCase(e.key, key)) {
      return e.format;
    }
  }
  return KeyFormat::kNone;
}

struct TestContext {
  const ConditionTest& test;
  Reporter& out;
  std::string op;   // the operator as written, for messages (a known one: short)
  std::string key;  // the key, shortened for messages
};

void CheckKeyFormat(const TestContext& c, KeyFormat format, const Located& value) {
  const std::string_view op = c.test.base_operator;
  const bool like = IsLikeOperator(op);
  const bool wildcard = catalog::HasWildcard(value.text);
  if (wildcard && !like) {
    return;  // the wildcard itself is the problem (WILDCARD_WITHOUT_LIKE_OPERATOR)
  }
  const std::string text = IsIgnoreCase(op) ? ToLower(value.text) : value.text;
  const std::string& key = c.key;
  switch (format) {
    case KeyFormat::kVpc:
    case KeyFormat::kVpce: {
      const bool vpc = format == KeyFormat::kVpc;
      const std::string_view prefix = vpc ? "vpc-" : "vpce-";
      auto ok = [&](size_t n) {
        return vpc ? IdGlobCanMatch(text, prefix, n, IsLowerHex)
                   : IdGlobCanMatch(text, prefix, n, IsLowerAlnum);
      };
      if (ok(8) || ok(17)) {
        return;
      }
      c.out.Report(kInfo, vpc ? "INVALID_VPC_FORMAT" : "INVALID_VPCE_FORMAT", Severity::kHigh,
                   value.range,
                   (wildcard ? "no " + std::string(vpc ? "VPC" : "VPC endpoint") + " ID matches " +
                                   Quote(value.text) + ", so " + key + " never matches it"
                             : Quote(value.text) + " is not a " + (vpc ? "VPC" : "VPC endpoint") +
                                   " ID, so " + key + " never equals it"),
                   vpc ? "a VPC ID is vpc- and 8 or 17 lower-case hex digits, e.g. "
                         "vpc-1a2b3c4d5e6f7a8b9"
                       : "a VPC endpoint ID is vpce- and 8 or 17 lower-case letters or digits, "
                         "e.g. vpce-1a2b3c4d5e6f7a8b9");
      return;
    }
    case KeyFormat::kRegion: {
      const bool valid =
          wildcard ? std::all_of(text.begin(), text.end(),
                                 [](char ch) {
                                   return IsLowerAlnum(ch) || ch == '-' || ch == '*' || ch == '?';
                                 })
                   : IsRegionName(text);
      if (valid) {
        return;
      }
      std::string help = "use a Region name such as us-east-1 or eu-west-2";
      if (!wildcard && IsRegionName(ToLower(text))) {
        help = "Region names are lower case: " + ToLower(text);
      }
      c.out.Report(kInfo, "INVALID_REGION", Severity::kHigh, value.range,
                   Quote(value.text) + " is not a Region name, so " + key + " never " +
                       (like ? "matches" : "equals") + " it",
                   help);
      return;
    }
    case KeyFormat::kServicePrincipal:
    case KeyFormat::kViaService: {
      const bool regional = format == KeyFormat::kViaService;
      const bool valid = wildcard ? ServicePrincipalGlobCanMatch(text, regional)
                                  : IsServicePrincipal(text, regional);
      if (valid) {
        return;
      }
      c.out.Report(kInfo, "INVALID_SERVICE_PRINCIPAL_FORMAT", Severity::kHigh, value.range,
                   Quote(value.text) + " is not " +
                       (regional ? "a regional service endpoint name" : "a service principal") +
                       ", so " + key + " never " + (like ? "matches" : "equals") + " it",
                   regional ? "kms:ViaService takes service.region.amazonaws.com, e.g. "
                              "s3.us-east-1.amazonaws.com (or s3.*.amazonaws.com with StringLike)"
                            : "use the service principal name, e.g. lambda.amazonaws.com");
      return;
    }
    case KeyFormat::kNone:
      return;
  }
}

// The first * or ? outside ${...}, or npos.
size_t FirstWildcard(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      const size_t close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        return std::string_view::npos;
      }
      i = close;
    } else if (s[i] == '*' || s[i] == '?') {
      return i;
    }
  }
  return std::string_view::npos;
}

void CheckWildcard(const TestContext& c, const Located& value) {
  const std::string_view op = c.test.base_operator;
  if (op != "StringEquals" && op != "StringNotEquals" && op != "StringEqualsIgnoreCase" &&
      op != "StringNotEqualsIgnoreCase") {
    return;
  }
  const size_t at = FirstWildcard(value.text);
  if (at == std::string_view::npos) {
    return;
  }
  std::string like_op = c.op;
  const size_t base = like_op.find(op);
  const std::string replacement = op.starts_with("StringNot") ? "StringNotLike" : "StringLike";
  like_op.replace(base, op.size(), replacement);
  c.out.Report(kInfo, "WILDCARD_WITHOUT_LIKE_OPERATOR", Severity::kMedium, value.range,
               Quote(value.text) + " has '" + std::string(1, value.text[at]) + "', which " + c.op +
                   " compares as a literal character, not as a wildcard",
               "use " + like_op + " to match a pattern" +
                   (IsIgnoreCase(op) ? " (it is case-sensitive)" : "") + "; under it, write ${" +
                   std::string(1, value.text[at]) + "} where a literal '" +
                   std::string(1, value.text[at]) + "' is meant");
}

void CheckIpValue(const TestContext& c, const Located& value) {
  const std::optional<IpRange> range = ParseIpRange(value.text);
  if (!range) {
    c.out.Report(kInfo, "TYPE_MISMATCH_IP_RANGE", Severity::kHigh, value.range,
                 Quote(value.text) + " is not an IP address or CIDR range, so " + c.op +
                     " cannot compare " + c.key + " with it",
                 "write an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24 or "
                 "2001:db8::/32");
    return;
  }
  if (range->HostBitsSet()) {
    const std::string network = range->Network().ToString();
    c.out.Report(kInfo, "IMPROVE_IP_RANGE", Severity::kLow, value.range,
                 Quote(value.text) + " has host bits set after the /" +
                     std::to_string(range->prefix) + " prefix: IAM reads it as " + network,
                 "write " + network + ", or a longer prefix if a narrower range was meant");
  }
}

void CheckDateValue(const TestContext& c, const Located& value) {
  const DateForm form = ClassifyDate(value.text);
  if (form == DateForm::kInvalid) {
    c.out.Report(
        kInfo, "TYPE_MISMATCH_DATE", Severity::kMedium, value.range,
        Quote(value.text) + " is not a date, so " + c.op + " cannot compare " + c.key + " with it",
        "write an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T23:59:59Z");
  } else if (form == DateForm::kEpoch && !EqualsIgnoreCase(c.test.key.text, "aws:EpochTime")) {
    // Epoch seconds have 10 digits until 2286; 13 digits are milliseconds, 4 a year.
    constexpr size_t kYearDigits = 4;
    constexpr size_t kMillisecondDigits = 12;
    std::string message;
    std::string help = "write the time in ISO 8601, e.g. 2026-01-31T23:59:59Z";
    if (value.text.size() <= kYearDigits) {
      message = Quote(value.text) + " may be read as Unix epoch seconds (" + value.text +
                " seconds after 1 January 1970) rather than as a year";
      help = "for the year, write " + value.text + "-01-01T00:00:00Z";
    } else if (value.text.size() >= kMillisecondDigits) {
      message = Quote(value.text) +
                " looks like epoch milliseconds, but IAM reads epoch dates as seconds: this is "
                "a date thousands of years ahead";
    } else {
      message = Quote(value.text) +
                " is a Unix epoch time in seconds; it works, but ISO 8601 is easier to read and "
                "to check";
    }
    c.out.Report(kInfo, "INVALID_DATE_VALUE", Severity::kMedium, value.range, message, help);
  }
}

void CheckRedundantNumbers(const TestContext& c) {
  const std::string_view op = c.test.base_operator;
  const bool less = op.starts_with("NumericLessThan");
  if ((!less && !op.starts_with("NumericGreaterThan")) || c.test.values.size() < 2) {
    return;
  }
  const Located* keep = nullptr;
  Decimal keep_value;
  for (const Located& v : c.test.values) {
    const std::optional<Decimal> d = ParseDecimal(v.text);
    if (!d || d->exponent) {
      return;
    }
    if (keep == nullptr ||
        (less ? CompareDecimal(*d, keep_value) > 0 : CompareDecimal(*d, keep_value) < 0)) {
      keep = &v;
      keep_value = *d;
    }
  }
  c.out.Report(kInfo, "REDUNDANT_CONDITION_VALUE_NUM", Severity::kLow, c.test.values_range,
               c.op + " with several values is true when " + c.key + " is " +
                   (less ? "below the largest" : "above the smallest") + ", " +
                   ShortenForMessage(keep->text) + "; the other values add nothing",
               "keep only " + ShortenForMessage(keep->text));
}

void CheckTest(const ConditionTest& test, Reporter& out) {
  const TestContext c{test, out, test.operator_name.text, ShortenForMessage(test.key.text)};
  const std::string_view op = test.base_operator;
  if (HasUnknown(test.key.text)) {
    return;  // known only after deployment
  }
  // Checks of the whole list need every value; unknown ones are skipped one by one below.
  bool all_known = true;
  for (const Located& v : test.values) {
    all_known = all_known && !HasUnknown(v.text);
  }
  if (all_known && (test.value_types & (test.value_types - 1)) != 0) {
    out.Report(kInfo, "INVALID_CONDITION_DATA_TYPE", Severity::kHigh, test.values_range,
               "the values of " + c.key +
                   " mix JSON types (strings, numbers, booleans); IAM wants one type per key",
               "write every value the same way, e.g. all as strings");
  }
  if (op == "Bool" && test.values.size() > 1 && test.qualifier == SetQualifier::kNone) {
    out.Report(kInfo, "INVALID_CONDITION_MULTIPLE_BOOLEAN", Severity::kHigh, test.values_range,
               c.op + " on " + c.key + " has " + std::to_string(test.values.size()) +
                   " values; a Bool test takes a single true or false",
               "keep one value; to allow both, remove the test");
  }
  const KeyFormat format = IsStringOperator(op) ? FormatOf(test.key.text) : KeyFormat::kNone;
  for (const Located& v : test.values) {
    if (HasUnknown(v.text) || HasVariable(v.text)) {
      continue;  // known only after deployment, or a policy variable (IAM116 checks those)
    }
    if (op == "Bool") {
      if (!EqualsIgnoreCase(v.text, "true") && !EqualsIgnoreCase(v.text, "false")) {
        out.Report(kInfo, "TYPE_MISMATCH_BOOLEAN", Severity::kMedium, v.range,
                   Quote(v.text) + " is not a boolean, so " + c.op + " never matches " + c.key,
                   "use true or false");
      }
    } else if (IsNumericOperator(op)) {
      if (!ParseDecimal(v.text)) {
        out.Report(kInfo, "TYPE_MISMATCH_NUMBER", Severity::kMedium, v.range,
                   Quote(v.text) + " is not a number, so " + c.op + " cannot compare " + c.key +
                       " with it",
                   "write a number, e.g. 3600");
      }
    } else if (IsDateOperator(op)) {
      CheckDateValue(c, v);
    } else if (op == "BinaryEquals") {
      if (!IsBase64(v.text)) {
        out.Report(
            kInfo, "TYPE_MISMATCH_STRING", Severity::kMedium, v.range,
            Quote(v.text) + " is not base64, so " + c.op + " cannot compare " + c.key + " with it",
            "encode the bytes in base64 (A-Z, a-z, 0-9, + and /, padded with = to a "
            "multiple of 4 characters)");
      }
    } else if (op == "IpAddress" || op == "NotIpAddress") {
      CheckIpValue(c, v);
    } else if (IsStringOperator(op)) {
      CheckWildcard(c, v);
      if (format != KeyFormat::kNone) {
        CheckKeyFormat(c, format, v);
      }
    }
  }
  if (all_known && IsNumericOperator(op)) {
    CheckRedundantNumbers(c);
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const ConditionTest& test : st.conditions) {
      const size_t before = out.findings().size();
      CheckTest(test, out);
      for (size_t i = before; i < out.findings().size(); ++i) {
        out.findings()[i].statement = st.Label();
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM114, iamlint::rules::kInfo, iamlint::rules::Check);

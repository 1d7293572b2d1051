// Resource ARNs that are malformed or name no resource the service has.

#include <algorithm>
#include <array>
#include <unordered_set>

#include "analyzer/analyze/arn_formats.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"INVALID_ARN_PREFIX", "MISSING_ARN_FIELD", "INVALID_ARN_SERVICE_CASE", "INVALID_PARTITION",
     "INVALID_ARN_REGION", "INVALID_ARN_ACCOUNT", "ARN_REGION_NOT_ALLOWED",
     "ARN_ACCOUNT_NOT_ALLOWED", "MISSING_ARN_REGION", "INVALID_ARN_RESOURCE",
     "WILDCARD_IN_SERVICE_NAME"});

constexpr RuleInfo kInfo{
    .id = "IAM120",
    .name = "arn-syntax",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "A Resource ARN is malformed, or has no place among the service's ARN formats.",
    .doc = R"md(
## What it flags
`Resource` and `NotResource` values that are not valid ARNs: a value other than `"*"` that
does not start with `arn:`; fewer than the six fields of
`arn:partition:service:region:account:resource`; a partition that does not exist; a service
field that is not lower case; a region that is not a region name; an account that is not a
12-digit account ID. For services in the catalog, the value is compared with the ARN formats
of the service's resource types (Service Authorization Reference): a region or account where
no resource type of that shape has one (`arn:aws:s3:us-east-1::reports`), no region where
every such resource type needs one, or a resource part that starts with a resource type name
the service does not have (`arn:aws:iam::111122223333:roles/admin`).
A wildcard in the service field is reported as a suggestion.

## Why it matters
A Resource value that no resource can have matches nothing: the statement silently grants
(or denies) nothing on it. IAM rejects some of these forms when the policy is saved; others
are accepted and just never match, which is worse because nothing tells you.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
                "Resource": "arn:aws:s3:us-east-1:111122223333:reports"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
                "Resource": "arn:aws:s3:::reports"}]}
```

## Exceptions and limits
Wildcards are allowed in every field, and policy variables (`${aws:PrincipalAccount}`) in the
account and resource fields; a field with either is only checked against the formats it could
match. Values known only after `terraform apply` are not checked. Services missing from the
catalog get only the syntax checks. The catalog's formats lag behind what services accept, so
a resource part is only checked for its leading resource type name, and a missing account is
not reported (AWS writes its own SSM documents and public parameters without one).

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

constexpr std::array<std::string_view, 8> kPartitions{
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

bool IsLowerAlpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// A region name: letter groups joined by '-', ending in a number (us-east-1, us-gov-west-1,
// eusc-de-east-1).
bool IsRegionName(std::string_view region) {
  const size_t dash = region.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == region.size() || region.size() - dash - 1 > 2) {
    return false;
  }
  if (!std::all_of(region.begin() + static_cast<ptrdiff_t>(dash) + 1, region.end(), IsDigit)) {
    return false;
  }
  size_t groups = 0;
  size_t start = 0;
  const std::string_view letters = region.substr(0, dash);
  while (start <= letters.size()) {
    const size_t end = std::min(letters.find('-', start), letters.size());
    const std::string_view group = letters.substr(start, end - start);
    if (group.empty() || !std::all_of(group.begin(), group.end(), IsLowerAlpha)) {
      return false;
    }
    ++groups;
    start = end + 1;
  }
  return groups >= 2 && letters.find('-') >= 2 && letters.find('-') <= 4;
}

bool IsAccountId(std::string_view account) {
  return account.size() == 12 && std::all_of(account.begin(), account.end(), IsDigit);
}

// A field the syntax checks can judge: no wildcard and no policy variable.
bool IsLiteral(std::string_view field) {
  return !catalog::HasWildcard(field) && field.find('$') == std::string_view::npos;
}

// The resource types of `formats`, for messages: "bucket", "bucket or object", ...
std::string TypeNames(const catalog::Catalog& cat, const std::vector<const ArnFormat*>& formats) {
  std::vector<std::string> names;
  for (const ArnFormat* f : formats) {
    std::string name(cat.ResourceTypeName(f->type));
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  constexpr size_t kShown = 3;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  if (names.size() > kShown) {
    out += " (and " + std::to_string(names.size() - kShown) + " more)";
  }
  return out;
}

// Where each field of a value starts (0 = "arn").
std::array<size_t, 6> FieldOffsets(const std::array<std::string_view, 6>& fields) {
  std::array<size_t, 6> offsets{};
  for (size_t i = 1; i < 6; ++i) {
    offsets[i] = offsets[i - 1] + fields[i - 1].size() + 1;
  }
  return offsets;
}

// The range of field `i` of an ARN value; an empty field is shown by the colon before it, so
// the range is never empty.
ByteRange FieldRange(const Located& value, const std::array<size_t, 6>& at,
                     const std::array<std::string_view, 6>& fields, size_t i) {
  return fields[i].empty() && at[i] > 0 ? SubRange(value, at[i] - 1, 1)
                                        : SubRange(value, at[i], fields[i].size());
}

class ArnChecker {
 public:
  ArnChecker(const PolicyContext& context, const Statement& st, Reporter& out)
      : cat_(context.catalog()), st_(st), out_(out) {}

  void Check(const Located& value) {
    const std::string& text = value.text;
    if (text == "*") {
      return;
    }
    if (HasUnknown(text)) {
      CheckWithUnknowns(value);
      return;
    }
    if (!text.starts_with("arn:")) {
      CheckPrefix(value);
      return;
    }
    std::array<std::string_view, 6> fields;
    if (!SplitArnFields(text, fields)) {
      // A wildcard may stand for the missing fields ("arn:aws:s3:*" reads as every S3 ARN).
      if (!catalog::HasWildcard(text)) {
        const size_t count = static_cast<size_t>(std::count(text.begin(), text.end(), ':')) + 1;
        Report("MISSING_ARN_FIELD", value.range,
               "'" + text + "' has " + std::to_string(count) +
                   " of the 6 colon-separated fields of an ARN "
                   "(arn:partition:service:region:account:resource), so it matches no resource",
               "write every field; leave the region or account empty (\"::\") where the "
               "resource type has none");
      }
      return;
    }
    // Clean values repeat across policies ("arn:aws:s3:::*", a team's bucket): remember them.
    // Bounded, so a hostile input with millions of distinct ARNs cannot grow it without end.
    thread_local std::unordered_set<std::string> clean;
    constexpr size_t kMaxRemembered = 1 << 16;
    if (clean.contains(text)) {
      return;
    }
    const size_t before = out_.findings().size();
    if (CheckSyntax(value, fields)) {
      CheckFormats(value, fields);
    }
    if (out_.findings().size() == before) {
      if (clean.size() >= kMaxRemembered) {
        clean.clear();
      }
      clean.insert(text);
    }
  }

 private:
  void Report(std::string_view code, ByteRange range, std::string message, std::string help,
              Severity severity = Severity::kHigh) {
    Finding& f = out_.Report(kInfo, code, severity, range, std::move(message), std::move(help));
    f.statement = st_.Label();
  }

  void CheckPrefix(const Located& value) {
    const std::string& text = value.text;
    const std::string_view head = std::string_view{text}.substr(0, text.find(':'));
    if (catalog::GlobMatch(head, "arn", false) || head.find('$') != std::string_view::npos) {
      return;  // a wildcard or variable may well stand for "arn"
    }
    std::string help = "use \"*\" or a full ARN, arn:partition:service:region:account:resource";
    if (EqualsIgnoreCase(head, "arn")) {
      help = "the prefix is case-sensitive: write arn:" + text.substr(4);
    } else if (std::count(text.begin(), text.end(), ':') >= 3 && cat_.FindService(head)) {
      help = "did you mean arn:aws:" + text + "?";
    }
    Report("INVALID_ARN_PREFIX", value.range,
           "'" + text + "' is not an ARN: a Resource value must be \"*\" or start with \"arn:\"",
           help);
  }

  // An ARN with parts known only at deployment (`!Sub "arn:aws:s3:::${Bucket}/*"`, a
  // `${var.x}` without a value): each unknown part is read as a wildcard, so only the known
  // parts are judged. Values that are not visibly ARNs, or whose service is unknown, are left.
  void CheckWithUnknowns(const Located& value) {
    if (!value.text.starts_with("arn:")) {
      return;
    }
    Located shown = value;
    shown.text = UnknownsAsWildcards(value.text);
    shown.verbatim = false;  // offsets into the rewritten text are not the source's
    std::array<std::string_view, 6> fields;
    if (!SplitArnFields(shown.text, fields) || catalog::HasWildcard(fields[2])) {
      return;
    }
    const size_t before = out_.findings().size();
    if (CheckSyntax(shown, fields)) {
      CheckFormats(shown, fields);
    }
    // Messages quote the value as written, not with the stand-in wildcards.
    const std::string written = DisplayText(value.text);
    for (size_t i = before; i < out_.findings().size(); ++i) {
      std::string& message = out_.findings()[i].message;
      for (size_t at = message.find(shown.text); at != std::string::npos;
           at = message.find(shown.text, at + written.size())) {
        message.replace(at, shown.text.size(), written);
      }
    }
  }

  // The field-by-field syntax checks; false when one failed (the catalog checks would only
  // repeat it).
  bool CheckSyntax(const Located& value, const std::array<std::string_view, 6>& fields) {
    const std::array<size_t, 6> at = FieldOffsets(fields);
    auto range = [&](size_t i) {
      return FieldRange(value, at, fields, i);
    };
    const std::string_view partition = fields[1];
    if (IsLiteral(partition) &&
        std::find(kPartitions.begin(), kPartitions.end(), partition) == kPartitions.end()) {
      Report("INVALID_PARTITION", range(1),
             "'" + std::string(partition) + "' is not an AWS partition, so '" + value.text +
                 "' matches no resource",
             "use aws (or aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, "
             "aws-eusc)");
      return false;
    }
    const std::string_view service = fields[2];
    if (catalog::HasWildcard(service)) {
      Report("WILDCARD_IN_SERVICE_NAME", range(2),
             "the service field '" + std::string(service) + "' of '" + value.text +
                 "' has a wildcard: it matches resources of every service whose name fits, "
                 "including services added later",
             "name the service, and use one ARN per service", Severity::kLow);
    } else if (std::any_of(service.begin(), service.end(),
                           [](char c) { return c >= 'A' && c <= 'Z'; })) {
      Report("INVALID_ARN_SERVICE_CASE", range(2),
             "the service field '" + std::string(service) + "' of '" + value.text +
                 "' is not lower case: ARNs are matched case-sensitively, so it matches no "
                 "resource",
             "write " + ToLower(service));
      return false;
    }
    const std::string_view region = fields[3];
    if (!region.empty() && IsLiteral(region) && !IsRegionName(region)) {
      Report("INVALID_ARN_REGION", range(3),
             "'" + std::string(region) + "' in '" + value.text +
                 "' is not a region name (such as us-east-1), so it matches no resource",
             "write the region code, \"*\" for any region, or leave it empty where the resource "
             "type has no region");
      return false;
    }
    const std::string_view account = fields[4];
    if (!account.empty() && IsLiteral(account) && !IsAccountId(account) &&
        !LiteralAccountOfService(service, account)) {
      Report("INVALID_ARN_ACCOUNT", range(4),
             "'" + std::string(account) + "' in '" + value.text +
                 "' is not a 12-digit account ID, so it matches no resource",
             "write the 12-digit account ID (without dashes), \"*\", or "
             "${aws:PrincipalAccount}");
      return false;
    }
    return true;
  }

  // True for a literal account some format of `service` has ("aws" for AWS-owned resources).
  bool LiteralAccountOfService(std::string_view service, std::string_view account) const {
    if (account == "aws") {
      return true;
    }
    const auto& formats = ArnFormatsFor(cat_, service);
    return std::any_of(formats.begin(), formats.end(),
                       [&](const ArnFormat& f) { return f.account == account; });
  }

  void CheckFormats(const Located& value, const std::array<std::string_view, 6>& fields) {
    const std::string_view service = fields[2];
    if (!IsLiteral(service)) {
      return;
    }
    const std::vector<ArnFormat>& formats = ArnFormatsFor(cat_, service);
    if (formats.empty()) {
      return;  // not a service the catalog knows ARNs of
    }
    const std::string region = catalog::ResourceGlob(fields[3], true);
    const std::string account = catalog::ResourceGlob(fields[4], true);
    const std::string resource = catalog::ResourceGlob(fields[5], true);
    const size_t literal = LiteralLength(resource);
    std::vector<const ArnFormat*> shaped;  // formats the resource part fits
    for (const ArnFormat& f : formats) {
      if (ResourceMayFit(f, resource, literal)) {
        shaped.push_back(&f);
      }
    }
    const std::array<size_t, 6> at = FieldOffsets(fields);
    const std::string svc(service);
    if (shaped.empty()) {
      if (UnknownResourceType(fields[5], formats)) {
        ReportResource(value, fields, formats, FieldRange(value, at, fields, 5));
      }
      return;
    }
    std::vector<const ArnFormat*> regional;  // ... and the region too
    for (const ArnFormat* f : shaped) {
      if (FieldGlobsIntersect(region, f->region)) {
        regional.push_back(f);
      }
    }
    const std::string types = svc + " " + TypeNames(cat_, shaped);
    if (regional.empty()) {
      if (fields[3].empty()) {
        Report("MISSING_ARN_REGION", SubRange(value, at[3] - 1, 2),
               "'" + value.text + "' has no region, but " + types +
                   " ARNs always have one, so it matches no resource",
               "write the region between the service and the account (arn:" +
                   std::string(fields[1]) + ":" + svc + ":us-east-1:...), or \"*\" for any");
      } else {
        Report("ARN_REGION_NOT_ALLOWED", SubRange(value, at[3], fields[3].size()),
               "'" + value.text + "' names a region, but " + types +
                   " ARNs have none, so it matches no resource",
               "leave the region empty: " + Without(value.text, at[3], fields[3].size()));
      }
      return;
    }
    const bool account_fits = std::any_of(regional.begin(), regional.end(), [&](const auto* f) {
      return FieldGlobsIntersect(account, f->account);
    });
    if (account_fits) {
      return;
    }
    // An empty account is not reported: AWS-owned resources of types whose format has an
    // account (SSM documents and public parameters) are written with none, by AWS itself.
    if (!fields[4].empty()) {
      Report("ARN_ACCOUNT_NOT_ALLOWED", SubRange(value, at[4], fields[4].size()),
             "'" + value.text + "' names an account, but " + svc + " " + TypeNames(cat_, regional) +
                 " ARNs have none, so it matches no resource",
             "leave the account empty: " + Without(value.text, at[4], fields[4].size()));
    }
  }

  // True when a literal resource part starts with a resource type name no format of the
  // service has ("roles/admin" for IAM). Finer mismatches are left alone: the catalog's
  // formats lag behind what services accept, and AWS's own policies rely on such forms.
  static bool UnknownResourceType(std::string_view resource,
                                  const std::vector<ArnFormat>& formats) {
    if (!IsLiteral(resource)) {
      return false;
    }
    const std::string_view head = resource.substr(0, resource.find_first_of("/:"));
    return std::none_of(formats.begin(), formats.end(), [&](const ArnFormat& f) {
      const std::string_view format(f.resource);
      const size_t end = format.find_first_of("/:");
      const std::string_view format_head = format.substr(0, end);
      return catalog::GlobMatch(format_head, head, false);
    });
  }

  void ReportResource(const Located& value, const std::array<std::string_view, 6>& fields,
                      const std::vector<ArnFormat>& formats, ByteRange range) {
    // Show a few of the forms the service has, as the reference writes them.
    constexpr size_t kShown = 3;
    std::string forms;
    for (size_t i = 0; i < formats.size() && i < kShown; ++i) {
      std::array<std::string_view, 6> f;
      SplitArnFields(cat_.ResourceTypeArn(formats[i].type), f);
      if (i > 0) {
        forms += ", ";
      }
      forms += f[5];
    }
    if (formats.size() > kShown) {
      forms += ", and " + std::to_string(formats.size() - kShown) + " more";
    }
    std::string message = fields[5].empty() ? "the empty resource part" : "'";
    if (!fields[5].empty()) {
      message.append(fields[5]).append("'");
    }
    message.append(" fits none of the resource ARN formats of ");
    message.append(fields[2]).append(" (").append(forms).append("), so '");
    message.append(value.text).append("' matches no resource");
    Report("INVALID_ARN_RESOURCE", range, std::move(message),
           "check the resource type's ARN format in the Service Authorization Reference");
  }

  // `text` with `length` characters at `offset` removed.
  static std::string Without(const std::string& text, size_t offset, size_t length) {
    return text.substr(0, offset) + text.substr(offset + length);
  }

  const catalog::Catalog& cat_;
  const Statement& st_;
  Reporter& out_;
};

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    ArnChecker checker(context, st, out);
    for (const Located& value : st.resources) {
      checker.Check(value);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM120, iamlint::rules::kInfo, iamlint::rules::Check);

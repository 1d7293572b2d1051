#pragma once
// The catalog's ARN formats split into fields and indexed by the service field of the ARN
// (which is not always the prefix of the service that defines the resource type), for the
// checks that compare a Resource value with the ARNs a service really has.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog.h"

namespace iamlint {

/// One resource type's ARN format, field by field, as globs.
struct ArnFormat {
  catalog::ResourceTypeId type = 0;
  std::string region;           // "" when the format has none; "?*" for a placeholder (never empty)
  std::string account;          // likewise; literal accounts such as "aws" stay literal
  std::string resource;         // placeholders as `*`
  size_t resource_literal = 0;  // length of the literal text before its first wildcard
};

/// Length of the literal text of a glob before its first `*` or `?`.
size_t LiteralLength(std::string_view glob);

/// True when some resource part of `format` may match `resource`, a glob whose literal
/// prefix is `resource_literal` long (LiteralLength, computed once per value).
bool ResourceMayFit(const ArnFormat& format, std::string_view resource, size_t resource_literal);

/// The six fields of an ARN (partition ... resource; the resource keeps its colons), with the
/// leading "arn"; false when there are fewer than six.
bool SplitArnFields(std::string_view arn, std::array<std::string_view, 6>& fields);

/// The ARN formats whose service field is `service` (lower case), built once per catalog;
/// empty for a service no resource type names.
const std::vector<ArnFormat>& ArnFormatsFor(const catalog::Catalog& cat, std::string_view service);

/// GlobsIntersect for one ARN field, with a quick test of the literal prefixes first.
bool FieldGlobsIntersect(std::string_view a, std::string_view b);

/// True when some ARN of `format` may match the region, account and resource globs.
bool FormatMayMatch(const ArnFormat& format, std::string_view region, std::string_view account,
                    std::string_view resource);

/// The resource types `arn_glob` (variables as `*`) may name, in catalog order; empty when it
/// is not an ARN of a known service or has a wildcard service.
std::vector<catalog::ResourceTypeId> ResourceTypesOf(const catalog::Catalog& cat,
                                                     std::string_view arn_glob);

/// The ARN of a resource of type `wanted` next to `arn` (of type `given`), when one format
/// extends the other: arn:aws:s3:::reports (bucket) -> arn:aws:s3:::reports/* (object), and
/// back. Empty when they are unrelated. IAM121's suggestion, shared with its quick fix.
std::string NeighbourArn(const catalog::Catalog& cat, const std::string& arn,
                         catalog::ResourceTypeId given, catalog::ResourceTypeId wanted);

}  // namespace iamlint

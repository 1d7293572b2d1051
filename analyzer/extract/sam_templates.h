#pragma once
// SAM policy templates (S3CrudPolicy, DynamoDBCrudPolicy, ...): the data in
// rules/data/sam-policy-templates.json, embedded at build time, expanded as SAM does.

#include <optional>
#include <string_view>

#include "analyzer/extract/value.h"

namespace iamlint::extract {

/// The policy document SAM generates for template `name` with `parameters` (a map of resolved
/// values), located at `at` in `file`; nullopt when there is no such template.
std::optional<Value> ExpandSamTemplate(std::string_view name, const Value& parameters, ByteRange at,
                                       const SourceFile& file);

}  // namespace iamlint::extract

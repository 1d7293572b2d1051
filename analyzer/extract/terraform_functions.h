#pragma once
// Terraform's pure built-in functions that policies use (jsonencode, concat, merge, format...),
// evaluated on located values. file() and templatefile() read files and live in the module.

#include <optional>
#include <string_view>
#include <vector>

#include "analyzer/extract/value.h"

namespace iamlint::extract {

/// The result of `name(args...)` located at `at` in `file`; nullopt when the function is not
/// one of these or its arguments are not known well enough (the caller makes it unknown).
std::optional<Value> CallBuiltin(std::string_view name, const std::vector<Value>& args,
                                 const SourceFile* file, ByteRange at);

/// Parses a JSON string value into a structured value located in its file.
std::optional<Value> JsonStringToValue(const Value& s);

}  // namespace iamlint::extract

#pragma once
// YAML (CloudFormation and SAM templates) into located values, through tree-sitter-yaml. Every
// scalar keeps the source span of each of its bytes (quotes, escapes and block-scalar
// indentation mapped back); short-form tags become the long form (`!Sub x` -> {"Fn::Sub": x});
// aliases are expanded with a budget, so an alias bomb is an error, not an exhausted machine.

#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/extract/value.h"

namespace iamlint::extract {

/// The documents of a YAML stream.
struct YamlStream {
  std::vector<Value> documents;
  std::vector<InputError> errors;
  std::vector<ByteRange> comments;  // kept for suppressions
};

/// Reads every document of `file`. Large single-document templates are parsed in pieces
/// (between Resources entries) to bound memory; `pieces` false forces one parse.
YamlStream ReadYaml(const SourceFile& file, bool pieces = true);

}  // namespace iamlint::extract

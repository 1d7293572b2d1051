#pragma once
// CloudFormation and SAM: finds every IAM policy of a template (JSON or YAML, CDK output
// included), evaluates the intrinsic functions that depend only on the template (parameters
// with defaults, mappings, conditions, Sub/Join/Select/Split/If/FindInMap) and keeps what is
// known only at deploy time as opaque placeholders. Positions stay those of the template.

#include "analyzer/extract/terraform.h"
#include "analyzer/extract/value.h"

namespace iamlint::extract {

/// True when `root` is a template: AWSTemplateFormatVersion, or Resources of `AWS::` types.
bool LooksLikeTemplate(const Value& root);

/// Extracts the policies and principals of one template document of `file`.
Extraction ExtractCloudFormation(const SourceFile& file, const Value& root);

}  // namespace iamlint::extract

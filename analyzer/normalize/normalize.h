#pragma once
// JSON document -> Policy: folds string-or-list forms, parses condition operators, infers the
// policy kind and records shape problems with their exact location.

#include "analyzer/normalize/policy.h"
#include "analyzer/parse/json.h"

namespace iamlint {

/// How to read a document.
struct NormalizeOptions {
  PolicyKind kind = PolicyKind::kUnknown;  // kUnknown: infer from the content
  std::string name;
};

/// True when `node` looks like an IAM policy document (an object with a Statement member,
/// in any letter case), used to skip unrelated JSON files found while walking directories.
bool LooksLikePolicy(const parse::JsonDocument& doc, parse::NodeId node);

/// Builds the policy model from a JSON object node. Never fails: shape problems are recorded
/// in Policy::problems and the parts that make sense are kept.
Policy NormalizePolicy(const parse::JsonDocument& doc, parse::NodeId node,
                       const NormalizeOptions& options);

/// The kind implied by the content: trust when every statement with a Principal only grants
/// sts:AssumeRole*-family actions, resource when there is a Principal, identity otherwise.
PolicyKind InferPolicyKind(const Policy& policy);

}  // namespace iamlint

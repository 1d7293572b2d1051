#pragma once
// The normalized policy model. Every value keeps the byte range it came from, so a rule
// reports at the exact characters of the offending value in the original file.

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/source_file.h"

namespace iamlint {

/// A string value and where it is in the source.
struct Located {
  std::string text;
  ByteRange range;
  bool verbatim = false;  // the source spells `text` byte for byte between quotes at `range`
};

/// The range of characters [offset, offset + length) of a string value's text, when the source
/// spells the value verbatim between quotes; otherwise the whole value (it had escapes).
inline ByteRange SubRange(const Located& value, size_t offset, size_t length) {
  const uint32_t token = value.range.end - value.range.begin;
  if (!value.verbatim || token != value.text.size() + 2 || offset + length > value.text.size()) {
    return value.range;
  }
  const auto begin = static_cast<uint32_t>(value.range.begin + 1 + offset);
  return {begin, begin + static_cast<uint32_t>(length)};
}

/// Allow or Deny.
enum class Effect { kAllow, kDeny };

/// `ForAllValues:` / `ForAnyValue:` prefix of a condition operator.
enum class SetQualifier { kNone, kForAllValues, kForAnyValue };

/// One key test inside a Condition block, e.g. StringLike {"aws:username": ["a*"]}.
struct ConditionTest {
  Located operator_name;      // as written, e.g. "ForAnyValue:StringLikeIfExists"
  std::string base_operator;  // without qualifier and IfExists, e.g. "StringLike"
  SetQualifier qualifier = SetQualifier::kNone;
  bool if_exists = false;
  Located key;
  std::vector<Located> values;  // numbers and booleans keep their JSON text
  ByteRange values_range;       // the value or array of values
  bool values_array = false;    // the values were given as a JSON array
  uint8_t value_types = 0;      // the JSON types of the values: a ValueTypeBit mask
};

/// Bits of ConditionTest::value_types.
enum ValueTypeBit : uint8_t { kStringValue = 1, kNumberValue = 2, kBoolValue = 4 };

/// One principal entry, e.g. {"AWS": "arn:aws:iam::111122223333:root"} or "*".
struct PrincipalEntry {
  std::string type;  // "AWS", "Service", "Federated", "CanonicalUser"; a bare "*" is {"AWS": "*"}
  Located value;
};

/// A statement after normalization (string-or-list folded into lists).
struct Statement {
  uint32_t index = 0;  // 0-based position in the Statement list
  ByteRange range;     // the statement object
  std::optional<Located> sid;
  std::optional<Located> effect_text;
  std::optional<Effect> effect;  // nullopt when missing or invalid

  bool not_action = false;  // true when NotAction was given instead of Action
  ByteRange action_key;     // the "Action"/"NotAction" key, for element-level findings
  std::vector<Located> actions;

  bool has_resource = false;
  bool not_resource = false;
  ByteRange resource_key;
  std::vector<Located> resources;

  bool has_principal = false;
  bool not_principal = false;
  ByteRange principal_key;
  std::vector<PrincipalEntry> principals;

  std::optional<ByteRange> condition_block;  // the Condition object, when present
  std::vector<ConditionTest> conditions;

  /// An element written empty: "Action": [], "Resource": [], "Principal": {}, {"AWS": []}.
  struct EmptyElement {
    std::string element;  // "Action", "NotResource", "Principal", ...
    ByteRange range;      // the empty array or object
    bool object = false;  // {} rather than []
  };
  std::vector<EmptyElement> empty_elements;

  /// A label for messages and output: the Sid, or "#<index>".
  std::string Label() const;
  bool Allows() const { return effect == Effect::kAllow; }
  bool Denies() const { return effect == Effect::kDeny; }
};

/// A problem in the document's shape, found while normalizing (reported by a validity rule).
struct StructureProblem {
  std::string_view aws_check;  // the IAM Access Analyzer check it matches, if any
  ByteRange range;
  std::string message;
  std::string help;
};

/// A whole policy document.
struct Policy {
  PolicyKind kind = PolicyKind::kUnknown;
  bool kind_inferred = false;  // kind was guessed from content, not given
  std::string name;            // file name or IaC address, for output
  std::string address;         // IaC: "aws_iam_policy.ci", "module.a.aws_iam_role.r"
  std::string attribute;       // IaC: the attribute holding it, e.g. "assume_role_policy"
  std::string holder_type;     // IaC: the resource type holding it: "aws_s3_bucket_policy",
                               // "AWS::S3::BucketPolicy"; empty for a raw policy file
  bool generated = false;      // IaC: written by a transform (a SAM policy template): findings
                               // about its style are not the author's to fix
  std::string principal;       // IaC: the role/user/group it belongs to, when known
  std::string note;            // IaC: how it was resolved, e.g. "count: analysed once"
  bool resolved = true;        // IaC: false when its text depends on unknown values
  std::string construct;       // CloudFormation from CDK: the construct path (aws:cdk:path)
  ByteRange range;             // the document object
  std::optional<Located> version;
  std::optional<Located> id;
  std::vector<Statement> statements;
  std::vector<StructureProblem> problems;
  /// IaC: statements (or the whole Statement list) only known after apply, analysed as absent.
  std::vector<Located> unknown_statements;
  /// Characters of the document written compactly (no whitespace outside strings), as IAM
  /// counts them for its quotas; a lower bound for quotas that count whitespace too.
  size_t compact_characters = 0;

  /// Policy variables (`${aws:username}`) are substituted only under Version 2012-10-17; a
  /// missing Version means 2008-10-17, where they are literal text.
  bool ExpandsVariables() const { return version && version->text == "2012-10-17"; }
};

}  // namespace iamlint

// Condition operators that IAM does not know, that cannot take the modifiers they have, or that
// do not fit the key they test.

#include <array>
#include <string>
#include <unordered_map>

#include "analyzer/analyze/conditions.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"INVALID_CONDITION_OPERATOR", "NULL_WITH_IF_EXISTS", "NULL_WITH_QUALIFIER",
     "MISSING_QUALIFIER", "TYPE_MISMATCH", "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"});

constexpr RuleInfo kInfo{
    .id = "IAM110",
    .name = "condition-operator",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "A condition operator is unknown, misuses a modifier, or does not fit its key.",
    .doc = R"md(
## What it flags
- An operator name IAM does not know: names are case-sensitive (`stringEquals`,
  `StringEqual`, `ForAllValue:StringLike` are all unknown).
- `NullIfExists` (IAM rejects `IfExists` on `Null`) and `ForAllValues:Null` /
  `ForAnyValue:Null` (always true / always false).
- A multivalued key (an `ArrayOf...` type, such as `aws:TagKeys` or `aws:CalledVia`) tested
  without `ForAllValues:` or `ForAnyValue:`.
- An operator whose family does not fit the key's type: a `Numeric` operator on a string key,
  `Bool` on a key that is not Boolean, a `String` operator on a Boolean, number, date or IP
  address key.
- Two keys in one operator block that differ only in letter case.

## Why it matters
IAM rejects a policy with an unknown operator or `NullIfExists`. The other cases are accepted
but do not do what they say: a set qualifier on `Null` makes the test constant, a multivalued
key without a qualifier is not compared value by value, a mismatched operator compares the
wrong kind of value (the condition never matches, or matches by accident), and keys are
case-insensitive, so two spellings of one key in a block are one key tested twice.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"StringEquals": {"aws:TagKeys": ["Team", "Project"]},
                              "stringEquals": {"aws:SecureTransport": "true"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["Team", "Project"]},
                              "Null": {"aws:TagKeys": "false"},
                              "Bool": {"aws:SecureTransport": "true"}}}]}
```

## Exceptions and limits
Key types come from the Service Authorization Reference in the embedded catalog. String
operators on ARN keys and ARN operators on string keys are accepted (ARNs are strings), and
Numeric operators on date keys (`aws:EpochTime` takes numbers). Claims of identity providers
(`saml:aud`, `token.actions.githubusercontent.com:sub`) have no catalog type and are not
type-checked.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

constexpr std::string_view kIfExists = "IfExists";

std::string Quoted(std::string_view text) {
  std::string quoted(1, '\'');
  quoted += DisplayText(text);
  quoted += '\'';
  return quoted;
}

// The operator the author probably meant, keeping the qualifier and IfExists they wrote.
std::optional<std::string> SuggestFullOperator(std::string_view written) {
  std::string qualifier;
  std::string_view base = written;
  if (const size_t colon = base.find(':'); colon != std::string_view::npos) {
    const std::string_view prefix = base.substr(0, colon);
    if (prefix.size() > 16) {
      return std::nullopt;
    }
    for (const std::string_view known : {"ForAllValues", "ForAnyValue"}) {
      if (EqualsIgnoreCase(prefix, known) ||
          EditDistance(ToLower(prefix), ToLower(known), 2) <= 2) {
        qualifier = std::string(known) + ":";
        break;
      }
    }
    if (qualifier.empty()) {
      return std::nullopt;
    }
    base.remove_prefix(colon + 1);
  }
  std::string suffix;
  if (base.size() > kIfExists.size() &&
      EqualsIgnoreCase(base.substr(base.size() - kIfExists.size()), kIfExists)) {
    suffix = kIfExists;
    base.remove_suffix(kIfExists.size());
  }
  const auto suggestion = SuggestOperator(base);
  if (!suggestion) {
    return std::nullopt;
  }
  std::string full = qualifier + std::string(*suggestion) + suffix;
  if (full == written) {
    return std::nullopt;
  }
  return full;
}

// The operators that compare values of `type`, for the help text.
std::string_view OperatorsFor(catalog::KeyType type) {
  switch (type) {
    case catalog::KeyType::kString:
      return "a String operator such as StringEquals or StringLike";
    case catalog::KeyType::kArn:
      return "an Arn operator such as ArnLike (or a String operator)";
    case catalog::KeyType::kBool:
      return "Bool";
    case catalog::KeyType::kNumeric:
      return "a Numeric operator such as NumericLessThanEquals";
    case catalog::KeyType::kDate:
      return "a Date operator such as DateGreaterThan";
    case catalog::KeyType::kIpAddress:
      return "IpAddress or NotIpAddress";
    case catalog::KeyType::kBinary:
      return "BinaryEquals";
    default:
      return "";
  }
}

// The single-value type of a key type: ArrayOfString -> String.
catalog::KeyType ElementType(catalog::KeyType type) {
  if (!IsMultiValued(type)) {
    return type;
  }
  return static_cast<catalog::KeyType>(static_cast<int>(type) -
                                       static_cast<int>(catalog::KeyType::kArrayOfString));
}

// True when `family` clearly cannot compare values of `type` (only clear cases: ARNs are
// strings, and epoch seconds are numbers).
bool Mismatches(OperatorFamily family, catalog::KeyType type) {
  using catalog::KeyType;
  switch (family) {
    case OperatorFamily::kNull:
      return false;
    case OperatorFamily::kString:
    case OperatorFamily::kArn:
      return type != KeyType::kString && type != KeyType::kArn;
    case OperatorFamily::kNumeric:
      return type != KeyType::kNumeric && type != KeyType::kDate;
    case OperatorFamily::kDate:
      return type != KeyType::kDate;
    case OperatorFamily::kBool:
      return type != KeyType::kBool;
    case OperatorFamily::kBinary:
      return type != KeyType::kBinary;
    case OperatorFamily::kIpAddress:
      return type != KeyType::kIpAddress;
  }
  return false;
}

void CheckOperator(const ConditionTest& test, Reporter& out) {
  const Located& op = test.operator_name;
  if (!FindOperator(test.base_operator)) {
    const auto suggestion = SuggestFullOperator(op.text);
    out.Report(kInfo, "INVALID_CONDITION_OPERATOR", Severity::kHigh, op.range,
               "unknown condition operator " + Quoted(op.text) +
                   ": IAM rejects the policy (operator names are case-sensitive)",
               suggestion ? "did you mean '" + *suggestion + "'?"
                          : "use a documented operator such as StringEquals, ArnLike, "
                            "NumericLessThan, DateGreaterThan, Bool, IpAddress or Null, with an "
                            "optional ForAllValues:/ForAnyValue: prefix and IfExists suffix");
    return;
  }
  if (test.base_operator != "Null") {
    return;
  }
  if (test.if_exists) {
    out.Report(kInfo, "NULL_WITH_IF_EXISTS", Severity::kHigh,
               SubRange(op, op.text.size() - kIfExists.size(), kIfExists.size()),
               "'NullIfExists' is not an operator: Null already tests whether the key exists, "
               "and IAM rejects IfExists on it",
               "write 'Null'");
  }
  if (test.qualifier != SetQualifier::kNone) {
    const bool all = test.qualifier == SetQualifier::kForAllValues;
    const std::string_view qualifier = all ? "ForAllValues" : "ForAnyValue";
    out.Report(kInfo, "NULL_WITH_QUALIFIER", Severity::kLow, SubRange(op, 0, qualifier.size()),
               std::string("'") + std::string(qualifier) + ":Null' is always " +
                   (all ? "true" : "false") +
                   ": Null tests whether the key is present, not its values",
               "write 'Null' without the qualifier");
  }
}

void CheckKeyType(const ConditionTest& test, const catalog::Catalog& cat, Reporter& out) {
  const auto op = FindOperator(test.base_operator);
  if (!op || HasUnknown(test.key.text)) {
    return;
  }
  const KeyLookup key = LookUpConditionKey(cat, test.key.text);
  if (key.status != KeyStatus::kKnown || key.type == catalog::KeyType::kUnknown) {
    return;
  }
  const std::string key_name = Quoted(test.key.text);
  if (IsMultiValued(key.type) && test.qualifier == SetQualifier::kNone &&
      op->family != OperatorFamily::kNull) {
    out.Report(kInfo, "MISSING_QUALIFIER", Severity::kHigh, test.key.range,
               key_name + " has several values per request (" +
                   std::string(catalog::KeyTypeName(key.type)) + "), and " +
                   Quoted(test.operator_name.text) +
                   " without ForAllValues: or ForAnyValue: does not say how to compare them",
               "write 'ForAllValues:" + test.operator_name.text +
                   "' (every value must match; add a Null test) or 'ForAnyValue:" +
                   test.operator_name.text + "' (at least one value must match)");
  }
  const catalog::KeyType element = ElementType(key.type);
  if (Mismatches(op->family, element)) {
    out.Report(kInfo, "TYPE_MISMATCH", Severity::kMedium, test.key.range,
               key_name + " is of type " + std::string(catalog::KeyTypeName(element)) + ", but " +
                   Quoted(test.operator_name.text) + " compares " +
                   std::string(OperatorFamilyName(op->family)) +
                   " values: the condition does not compare what it seems to",
               "use " + std::string(OperatorsFor(element)));
  }
}

// Keys are case-insensitive: two spellings in one operator block are one key. Hashed, as a
// generated condition block can hold thousands of keys.
void CheckDuplicateKeys(const Statement& st, Reporter& out) {
  std::unordered_map<std::string, const ConditionTest*> first_spelling;
  for (const ConditionTest& test : st.conditions) {
    std::string block_and_key = test.operator_name.text;
    block_and_key += '\0';
    block_and_key += ToLower(test.key.text);
    const auto [it, inserted] = first_spelling.emplace(std::move(block_and_key), &test);
    const ConditionTest& earlier = *it->second;
    if (!inserted && earlier.key.text != test.key.text) {
      out.Report(kInfo, "DUPLICATE_KEYS_WITH_DIFFERENT_CASE", Severity::kHigh, test.key.range,
                 Quoted(test.key.text) + " and " + Quoted(earlier.key.text) + " under " +
                     Quoted(test.operator_name.text) +
                     " are the same key (keys are case-insensitive), tested twice",
                 "merge the values into one key");
    }
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    const ConditionTest* previous = nullptr;
    for (const ConditionTest& test : st.conditions) {
      // Operator-level findings once per operator block (its tests share the operator range).
      const bool new_block = previous == nullptr ||
                             previous->operator_name.range.begin != test.operator_name.range.begin;
      if (new_block && !HasUnknown(test.operator_name.text)) {
        CheckOperator(test, out);
      }
      CheckKeyType(test, context.catalog(), out);
      previous = &test;
    }
    CheckDuplicateKeys(st, out);
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM110, iamlint::rules::kInfo, iamlint::rules::Check);

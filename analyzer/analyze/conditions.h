#pragma once
// Condition operators and condition keys as IAM understands them: the operator families, and
// what a key names (a catalog key, an identity provider's claim, or nothing), shared by the
// condition rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog.h"

namespace iamlint {

/// The family of a condition operator, which decides the type of value it compares.
enum class OperatorFamily { kString, kNumeric, kDate, kBool, kBinary, kIpAddress, kArn, kNull };

/// A documented base operator (no ForAllValues:/ForAnyValue: prefix, no IfExists suffix).
struct OperatorInfo {
  OperatorFamily family;
  bool negated;  // StringNotEquals, NotIpAddress, ...: true for a key missing from the request
};

/// The operator `base` when it is spelled exactly as documented (names are case-sensitive).
std::optional<OperatorInfo> FindOperator(std::string_view base);
/// The documented base operator closest to `base` (a different case, or a small typo).
std::optional<std::string_view> SuggestOperator(std::string_view base);
/// Every documented base operator, in the reference's order (for completion).
std::vector<std::string_view> OperatorNames();
/// "String", "Numeric", ...: the family's name as the operator names start.
std::string_view OperatorFamilyName(OperatorFamily family);

/// What a condition key names.
enum class KeyStatus {
  kKnown,              // a catalog key (or a global key newer than the catalog); `type` is set
  kIdentityProvider,   // a claim of a SAML or web identity provider: saml:aud, <host>:sub, ...
  kBadFormat,          // not prefix:name
  kMissingTagKey,      // aws:ResourceTag and the like, without the /tag-key
  kUnsupportedGlobal,  // aws:ARN: never in a request context
  kUnknownGlobal,      // aws:<name> that is no global key
  kUnknownServiceKey,  // a known service's prefix, with a name the service does not define
  kUnknownService,     // a prefix that is no service and no identity provider
};

/// A condition key looked up in the catalog.
struct KeyLookup {
  KeyStatus status;
  catalog::KeyType type = catalog::KeyType::kUnknown;  // kKnown: the key's type
  std::optional<catalog::ConditionKeyId> id;           // kKnown: the catalog key, when it has one
  bool global = false;                                 // the prefix is aws:
};

/// Looks `key` up (case-insensitively, as IAM compares keys). Cached per catalog.
KeyLookup LookUpConditionKey(const catalog::Catalog& catalog, std::string_view key);
/// The known key closest to an unknown `key` of the same prefix ("aws:SourceIP" is found, so this
/// is for typos such as "aws:SourceIpp"), in its canonical spelling.
std::optional<std::string> SuggestConditionKey(const catalog::Catalog& catalog,
                                               std::string_view key);

/// True for types the reference spells ArrayOf...: keys with several values per request.
bool IsMultiValued(catalog::KeyType type);

}  // namespace iamlint

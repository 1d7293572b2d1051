#include "analyzer/analyze/conditions.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "analyzer/core/strings.h"

namespace iamlint {
namespace {

struct OperatorName {
  std::string_view name;
  OperatorInfo info;
};

constexpr std::array<OperatorName, 27> kOperators{{
    {"StringEquals", {OperatorFamily::kString, false}},
    {"StringNotEquals", {OperatorFamily::kString, true}},
    {"StringEqualsIgnoreCase", {OperatorFamily::kString, false}},
    {"StringNotEqualsIgnoreCase", {OperatorFamily::kString, true}},
    {"StringLike", {OperatorFamily::kString, false}},
    {"StringNotLike", {OperatorFamily::kString, true}},
    {"NumericEquals", {OperatorFamily::kNumeric, false}},
    {"NumericNotEquals", {OperatorFamily::kNumeric, true}},
    {"NumericLessThan", {OperatorFamily::kNumeric, false}},
    {"NumericLessThanEquals", {OperatorFamily::kNumeric, false}},
    {"NumericGreaterThan", {OperatorFamily::kNumeric, false}},
    {"NumericGreaterThanEquals", {OperatorFamily::kNumeric, false}},
    {"DateEquals", {OperatorFamily::kDate, false}},
    {"DateNotEquals", {OperatorFamily::kDate, true}},
    {"DateLessThan", {OperatorFamily::kDate, false}},
    {"DateLessThanEquals", {OperatorFamily::kDate, false}},
    {"DateGreaterThan", {OperatorFamily::kDate, false}},
    {"DateGreaterThanEquals", {OperatorFamily::kDate, false}},
    {"Bool", {OperatorFamily::kBool, false}},
    {"BinaryEquals", {OperatorFamily::kBinary, false}},
    {"IpAddress", {OperatorFamily::kIpAddress, false}},
    {"NotIpAddress", {OperatorFamily::kIpAddress, true}},
    {"ArnEquals", {OperatorFamily::kArn, false}},
    {"ArnLike", {OperatorFamily::kArn, false}},
    {"ArnNotEquals", {OperatorFamily::kArn, true}},
    {"ArnNotLike", {OperatorFamily::kArn, true}},
    {"Null", {OperatorFamily::kNull, false}},
}};

// Global keys documented after the catalog's hand-kept list was last updated, or legacy keys
// that AWS's own policies still use; accepted so that they are not reported as unknown.
struct ExtraGlobalKey {
  std::string_view name;
  catalog::KeyType type;
};
constexpr std::array<ExtraGlobalKey, 5> kExtraGlobalKeys{{
    {"aws:ViaAWSMCPService", catalog::KeyType::kBool},
    {"aws:CalledViaAWSMCP", catalog::KeyType::kString},
    {"aws:IsMcpServiceAction", catalog::KeyType::kBool},
    {"aws:SourceOwner", catalog::KeyType::kString},
    {"aws:PrincipalOrgMasterAccountId", catalog::KeyType::kString},
}};

// What the condition rules need per catalog, built once.
struct KeyTables {
  // "secretsmanager:resourcetag/" -> secretsmanager:ResourceTag/tag-key: templates whose
  // placeholder the catalog spells literally, which FindConditionKey does not expand.
  std::map<std::string, catalog::ConditionKeyId, std::less<>> templated_stems;
  // Lower-case names of the tag-key families ("aws:resourcetag", "ec2:resourcetag", ...).
  std::vector<std::string> tag_families;
  // "s3:" -> the canonical names of its keys, for "did you mean" (a few dozen per prefix).
  std::map<std::string, std::vector<std::string_view>, std::less<>> names_by_prefix;
};

bool IsPlaceholder(std::string_view tail) {
  return tail.find("${") != std::string_view::npos || tail.find('<') != std::string_view::npos ||
         EqualsIgnoreCase(tail, "tag-key") || EqualsIgnoreCase(tail, "key");
}

const KeyTables& TablesFor(const catalog::Catalog& cat) {
  static std::map<const void*, KeyTables> cache;
  if (const auto it = cache.find(&cat); it != cache.end()) {
    return it->second;
  }
  KeyTables tables;
  for (catalog::ConditionKeyId id = 0; id < cat.condition_key_count(); ++id) {
    const std::string_view name = cat.ConditionKeyName(id);
    tables.names_by_prefix[ToLower(name.substr(0, name.find(':') + 1))].push_back(name);
    const size_t slash = name.find('/');
    if (slash == std::string_view::npos || !IsPlaceholder(name.substr(slash + 1))) {
      continue;
    }
    std::string stem = ToLower(name.substr(0, slash + 1));
    tables.templated_stems.emplace(stem, id);
    stem.pop_back();
    if (stem.ends_with("tag")) {  // resourcetag, requesttag, principaltag, existingobjecttag...
      tables.tag_families.push_back(std::move(stem));
    }
  }
  return cache.emplace(&cat, std::move(tables)).first->second;
}

bool IsIdentityProviderPrefix(std::string_view prefix) {
  // Web identity providers are named by their host (token.actions.githubusercontent.com,
  // accounts.google.com, oidc.eks.<region>.amazonaws.com/id/X); SAML claims use saml:.
  return prefix.find('.') != std::string_view::npos || prefix.find('/') != std::string_view::npos ||
         EqualsIgnoreCase(prefix, "saml");
}

}  // namespace

std::optional<OperatorInfo> FindOperator(std::string_view base) {
  if (base.empty()) {
    return std::nullopt;
  }
  for (const OperatorName& op : kOperators) {
    if (op.name == base) {
      return op.info;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> OperatorNames() {
  std::vector<std::string_view> names;
  names.reserve(kOperators.size());
  for (const OperatorName& op : kOperators) {
    names.push_back(op.name);
  }
  return names;
}

std::optional<std::string_view> SuggestOperator(std::string_view base) {
  if (base.size() > 64) {
    return std::nullopt;  // no operator is that long
  }
  std::optional<std::string_view> best;
  size_t best_distance = base.size() < 8 ? 1 : 3;
  for (const OperatorName& op : kOperators) {
    if (EqualsIgnoreCase(op.name, base)) {
      return op.name;
    }
    const size_t distance = EditDistance(ToLower(base), ToLower(op.name), best_distance);
    if (distance <= best_distance && (!best || distance < best_distance)) {
      best = op.name;
      best_distance = distance;
    }
  }
  return best;
}

std::string_view OperatorFamilyName(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::kString:
      return "String";
    case OperatorFamily::kNumeric:
      return "Numeric";
    case OperatorFamily::kDate:
      return "Date";
    case OperatorFamily::kBool:
      return "Bool";
    case OperatorFamily::kBinary:
      return "Binary";
    case OperatorFamily::kIpAddress:
      return "IpAddress";
    case OperatorFamily::kArn:
      return "Arn";
    case OperatorFamily::kNull:
      return "Null";
  }
  return "";
}

bool IsMultiValued(catalog::KeyType type) {
  return type >= catalog::KeyType::kArrayOfString && type <= catalog::KeyType::kArrayOfBinary;
}

KeyLookup LookUpConditionKey(const catalog::Catalog& cat, std::string_view key) {
  const size_t colon = key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == key.size()) {
    return {KeyStatus::kBadFormat, catalog::KeyType::kUnknown, std::nullopt, false};
  }
  const std::string_view prefix = key.substr(0, colon);
  const bool global = EqualsIgnoreCase(prefix, "aws");
  if (!global && IsIdentityProviderPrefix(prefix)) {
    return {KeyStatus::kIdentityProvider, catalog::KeyType::kUnknown, std::nullopt, false};
  }
  // Some services define keys under another prefix (aws-marketplace has catalog:ChangeType).
  if (!global && !cat.FindService(prefix)) {
    if (const auto id = cat.FindConditionKey(key)) {
      return {KeyStatus::kKnown, cat.ConditionKeyType(*id), id, false};
    }
    return {KeyStatus::kUnknownService, catalog::KeyType::kUnknown, std::nullopt, false};
  }
  const KeyTables& tables = TablesFor(cat);
  const std::string lower = ToLower(key);
  const size_t slash = lower.find('/', colon);
  if (slash == std::string::npos || slash + 1 == lower.size()) {
    // A tag family with no tag key: the catalog's templates need one.
    const std::string_view family = std::string_view{lower}.substr(0, slash);
    for (const std::string& known : tables.tag_families) {
      if (known == family) {
        return {KeyStatus::kMissingTagKey, catalog::KeyType::kUnknown, std::nullopt, global};
      }
    }
  }
  if (const auto id = cat.FindConditionKey(key)) {
    return {KeyStatus::kKnown, cat.ConditionKeyType(*id), id, global};
  }
  if (slash != std::string::npos) {
    const auto it = tables.templated_stems.find(std::string_view{lower}.substr(0, slash + 1));
    if (it != tables.templated_stems.end()) {
      return {KeyStatus::kKnown, cat.ConditionKeyType(it->second), it->second, global};
    }
  }
  if (global) {
    for (const ExtraGlobalKey& extra : kExtraGlobalKeys) {
      if (EqualsIgnoreCase(extra.name, key)) {
        return {KeyStatus::kKnown, extra.type, std::nullopt, true};
      }
    }
    if (lower == "aws:arn") {
      return {KeyStatus::kUnsupportedGlobal, catalog::KeyType::kUnknown, std::nullopt, true};
    }
    return {KeyStatus::kUnknownGlobal, catalog::KeyType::kUnknown, std::nullopt, true};
  }
  return {KeyStatus::kUnknownServiceKey, catalog::KeyType::kUnknown, std::nullopt, false};
}

std::optional<std::string> SuggestConditionKey(const catalog::Catalog& cat, std::string_view key) {
  const size_t colon = key.find(':');
  if (colon == std::string_view::npos || key.size() > 256) {
    return std::nullopt;
  }
  const std::string lower = ToLower(key);
  const std::string_view prefix = std::string_view{lower}.substr(0, colon + 1);
  // A templated key is compared by its part before the tag key: aws:ResourceTags/x ->
  // aws:ResourceTag/x.
  const size_t slash = lower.find('/', colon);
  const std::string_view head = std::string_view{lower}.substr(0, slash);
  const std::string_view tail =
      slash == std::string::npos ? "" : std::string_view(key).substr(slash);
  std::optional<std::string> best;
  size_t best_distance = head.size() - colon < 8 ? 1 : 2;
  auto consider = [&](std::string_view name) {
    const std::string candidate = ToLower(name);
    if (!candidate.starts_with(prefix)) {
      return;
    }
    const size_t candidate_slash = candidate.find('/');
    const std::string_view candidate_head = std::string_view{candidate}.substr(0, candidate_slash);
    if ((candidate_slash == std::string::npos) != (slash == std::string::npos)) {
      return;
    }
    const size_t distance = EditDistance(head, candidate_head, best_distance);
    if (distance <= best_distance && (!best || distance < best_distance)) {
      best = std::string(name.substr(0, candidate_head.size())) + std::string(tail);
      best_distance = distance;
    }
  };
  const KeyTables& tables = TablesFor(cat);
  if (const auto it = tables.names_by_prefix.find(prefix); it != tables.names_by_prefix.end()) {
    for (const std::string_view name : it->second) {
      consider(name);
    }
  }
  if (prefix == "aws:") {
    for (const ExtraGlobalKey& extra : kExtraGlobalKeys) {
      consider(extra.name);
    }
  }
  return best;
}

}  // namespace iamlint

#include "analyzer/catalog/catalog.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "analyzer/catalog/pack.h"

// The packed blob, embedded by analyzer/catalog/catalog.cmake with the assembler's .incbin.
extern "C" const char iamlint_catalog_blob_start[];
extern "C" const char iamlint_catalog_blob_end[];

namespace iamlint::catalog {

// The reader hands out spans straight into the blob, so the public record must be the packed one.
static_assert(sizeof(ActionResource) == sizeof(format::ActionResource));
static_assert(offsetof(ActionResource, resource_type) ==
              offsetof(format::ActionResource, resource_type));
static_assert(offsetof(ActionResource, required) == offsetof(format::ActionResource, required));
static_assert(sizeof(bool) == 1 && sizeof(ConditionKeyId) == sizeof(uint32_t));

namespace {

namespace fmt = format;

constexpr unsigned char FoldChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u - 'A' + 'a') : u;
}

// Compares a stored lower-case string with `query` folded to lower case, as std::string_view
// compares (unsigned bytes); nothing is allocated.
int CompareFolded(std::string_view lower, std::string_view query) {
  const size_t n = lower.size() < query.size() ? lower.size() : query.size();
  for (size_t i = 0; i < n; ++i) {
    const auto a = static_cast<unsigned char>(lower[i]);
    const unsigned char b = FoldChar(query[i]);
    if (a != b) {
      return a < b ? -1 : 1;
    }
  }
  if (lower.size() == query.size()) {
    return 0;
  }
  return lower.size() < query.size() ? -1 : 1;
}

// Matches `query` against a lower-case templated key in which each placeholder stands for one
// or more characters (a tag key may itself hold '/', so no character is excluded).
bool MatchTemplate(std::string_view pattern, std::string_view query) {
  while (!pattern.empty()) {
    const size_t placeholder = PlaceholderLength(pattern);
    if (placeholder > 0) {
      const std::string_view rest = pattern.substr(placeholder);
      for (size_t take = 1; take <= query.size(); ++take) {
        if (MatchTemplate(rest, query.substr(take))) {
          return true;
        }
      }
      return false;
    }
    if (query.empty() || FoldChar(query.front()) != static_cast<unsigned char>(pattern.front())) {
      return false;
    }
    pattern.remove_prefix(1);
    query.remove_prefix(1);
  }
  return query.empty();
}

// Characters of a templated key outside its placeholders: more means more specific.
size_t LiteralLength(std::string_view pattern) {
  size_t literal = 0;
  while (!pattern.empty()) {
    const size_t placeholder = PlaceholderLength(pattern);
    pattern.remove_prefix(placeholder > 0 ? placeholder : 1);
    literal += placeholder > 0 ? 0 : 1;
  }
  return literal;
}

// Sets `*error` and returns false, so each failed check in Validate() is one statement.
bool Fail(std::string* error, const std::string& what) {
  *error = "corrupt catalog: " + what;
  return false;
}

// A string lies inside a pool of `pool` bytes.
bool StrOk(fmt::Str s, uint32_t pool) {
  return s.offset <= pool && s.length <= pool - s.offset;
}

// A sub-range (offset/count in records) lies inside a table of `limit` records.
bool SubOk(const fmt::Table& t, uint32_t limit) {
  return t.offset <= limit && t.count <= limit - t.offset;
}

// A table of `record`-byte records starts aligned after the header and ends inside the blob.
bool TableOk(const fmt::Table& t, size_t record, size_t size) {
  return t.offset >= sizeof(fmt::Header) && t.offset % fmt::kAlignment == 0 && t.offset <= size &&
         t.count <= (size - t.offset) / record;
}

}  // namespace

Catalog::Catalog(std::shared_ptr<const void> storage, const char* data, size_t size)
    : storage_(std::move(storage)), data_(data), size_(size) {
  if (size_ < sizeof header_) {
    return;  // Validate() reports it; the counts stay 0
  }
  std::memcpy(&header_, data_, sizeof header_);
  services_ = Records<fmt::Service>(header_.services);
  actions_ = Records<fmt::Action>(header_.actions);
  resource_types_ = Records<fmt::ResourceType>(header_.resource_types);
  keys_ = Records<fmt::ConditionKey>(header_.condition_keys);
  action_resources_ = Records<ActionResource>(header_.action_resources);
  key_refs_ = Records<uint32_t>(header_.key_refs);
  dependents_ = Records<fmt::Str>(header_.dependent_actions);
  templated_keys_ = Records<uint32_t>(header_.templated_keys);
  strings_ = data_ + header_.strings.offset;
}

const Catalog& Catalog::Embedded() {
  static const Catalog kEmbedded = [] {
    const auto size = static_cast<size_t>(iamlint_catalog_blob_end - iamlint_catalog_blob_start);
    Catalog catalog(nullptr, iamlint_catalog_blob_start, size);
    // The blob is produced by this build's packer, so an O(1) header check suffices; a mismatch
    // is a build bug, not bad input. Debug builds check everything.
    fmt::Header header{};
    if (size >= sizeof header) {
      std::memcpy(&header, iamlint_catalog_blob_start, sizeof header);
    }
    bool ok = size >= sizeof header && header.magic == fmt::kMagic &&
              header.format_version == fmt::kFormatVersion && header.total_size == size &&
              reinterpret_cast<uintptr_t>(iamlint_catalog_blob_start) % fmt::kAlignment == 0;
    std::string error = "bad header";
#ifndef NDEBUG
    ok = ok && catalog.Validate(&error);
#endif
    if (!ok) {
      // Nothing useful to do if stderr is gone: we abort either way.
      static_cast<void>(std::fprintf(stderr, "iamlint: the embedded IAM catalog is corrupt (%s)\n",
                                     error.c_str()));
      std::abort();
    }
    return catalog;
  }();
  return kEmbedded;
}

bool Catalog::Validate(std::string* error) const {
  return ValidateHeader(error) && ValidateLayout(error) && ValidateServices(error) &&
         ValidateServiceRecords(error) && ValidateConditionKeys(error) && ValidateReferences(error);
}

bool Catalog::ValidateHeader(std::string* error) const {
  if (size_ >= fmt::kMagic.size() && size_ < sizeof header_ &&
      std::memcmp(data_, fmt::kMagic.data(), fmt::kMagic.size()) == 0) {
    return Fail(error, "truncated header");
  }
  if (size_ < sizeof header_ || header_.magic != fmt::kMagic) {
    return Fail(error, "not a packed catalog (bad magic)");
  }
  if (header_.format_version != fmt::kFormatVersion) {
    return Fail(error, "format version " + std::to_string(header_.format_version) + ", expected " +
                           std::to_string(fmt::kFormatVersion));
  }
  if (header_.total_size != size_) {
    return Fail(error, "size " + std::to_string(size_) + " bytes, header says " +
                           std::to_string(header_.total_size) + " (truncated?)");
  }
  if (reinterpret_cast<uintptr_t>(data_) % fmt::kAlignment != 0) {
    return Fail(error, "misaligned");
  }
  return true;
}

bool Catalog::ValidateLayout(std::string* error) const {
  if (!TableOk(header_.services, sizeof(fmt::Service), size_) ||
      !TableOk(header_.actions, sizeof(fmt::Action), size_) ||
      !TableOk(header_.resource_types, sizeof(fmt::ResourceType), size_) ||
      !TableOk(header_.condition_keys, sizeof(fmt::ConditionKey), size_) ||
      !TableOk(header_.action_resources, sizeof(fmt::ActionResource), size_) ||
      !TableOk(header_.key_refs, sizeof(uint32_t), size_) ||
      !TableOk(header_.dependent_actions, sizeof(fmt::Str), size_) ||
      !TableOk(header_.templated_keys, sizeof(uint32_t), size_) ||
      !TableOk(header_.strings, 1, size_)) {
    return Fail(error, "table out of bounds");
  }
  const uint32_t pool = header_.strings.count;
  if (!StrOk(header_.source, pool) || !StrOk(header_.version, pool) || !StrOk(header_.date, pool)) {
    return Fail(error, "bad header string");
  }
  return true;
}

bool Catalog::ValidateServices(std::string* error) const {
  const uint32_t pool = header_.strings.count;
  const uint32_t n_actions = header_.actions.count;
  const uint32_t n_resource_types = header_.resource_types.count;
  // Services tile the action and resource type tables, in order, so every id maps back.
  uint32_t next_action = 0;
  uint32_t next_resource_type = 0;
  for (uint32_t i = 0; i < header_.services.count; ++i) {
    const fmt::Service& s = services_[i];
    if (!StrOk(s.prefix, pool) || !StrOk(s.name, pool) || s.first_action != next_action ||
        s.end_action < s.first_action || s.end_action > n_actions ||
        s.first_resource_type != next_resource_type ||
        s.end_resource_type < s.first_resource_type || s.end_resource_type > n_resource_types ||
        (i > 0 && String(services_[i - 1].prefix) >= String(s.prefix))) {
      return Fail(error, "bad service record " + std::to_string(i));
    }
    next_action = s.end_action;
    next_resource_type = s.end_resource_type;
  }
  if (next_action != n_actions || next_resource_type != n_resource_types) {
    return Fail(error, "services do not cover the action and resource type tables");
  }
  return true;
}

bool Catalog::ValidateServiceRecords(std::string* error) const {
  for (ServiceId s = 0; s < header_.services.count; ++s) {
    if (!ValidateActions(s, error) || !ValidateResourceTypes(s, error)) {
      return false;
    }
  }
  return true;
}

bool Catalog::ValidateActions(ServiceId service, std::string* error) const {
  const uint32_t pool = header_.strings.count;
  const fmt::Service& s = services_[service];
  for (ActionId i = s.first_action; i < s.end_action; ++i) {
    const fmt::Action& a = actions_[i];
    if (!StrOk(a.name, pool) || !StrOk(a.name_lower, pool) || !StrOk(a.description, pool) ||
        a.service != service || a.access_level > static_cast<uint32_t>(AccessLevel::kTagging) ||
        !SubOk(a.resources, header_.action_resources.count) ||
        !SubOk(a.condition_keys, header_.key_refs.count) ||
        !SubOk(a.dependents, header_.dependent_actions.count) ||
        (i > s.first_action && String(actions_[i - 1].name_lower) >= String(a.name_lower))) {
      return Fail(error, "bad action record " + std::to_string(i));
    }
  }
  return true;
}

bool Catalog::ValidateResourceTypes(ServiceId service, std::string* error) const {
  const uint32_t pool = header_.strings.count;
  const fmt::Service& s = services_[service];
  for (ResourceTypeId i = s.first_resource_type; i < s.end_resource_type; ++i) {
    const fmt::ResourceType& r = resource_types_[i];
    if (!StrOk(r.name, pool) || !StrOk(r.arn, pool) || r.service != service ||
        !SubOk(r.condition_keys, header_.key_refs.count)) {
      return Fail(error, "bad resource type record " + std::to_string(i));
    }
  }
  return true;
}

bool Catalog::ValidateConditionKeys(std::string* error) const {
  const uint32_t pool = header_.strings.count;
  for (ConditionKeyId i = 0; i < header_.condition_keys.count; ++i) {
    const fmt::ConditionKey& k = keys_[i];
    if (!StrOk(k.name, pool) || !StrOk(k.name_lower, pool) || !StrOk(k.description, pool) ||
        k.type > static_cast<uint32_t>(KeyType::kUnknown) ||
        (k.service != fmt::kGlobal && k.service >= header_.services.count) ||
        (i > 0 && String(keys_[i - 1].name_lower) >= String(k.name_lower))) {
      return Fail(error, "bad condition key record " + std::to_string(i));
    }
  }
  return true;
}

bool Catalog::ValidateReferences(std::string* error) const {
  const uint32_t n_keys = header_.condition_keys.count;
  // Read the bytes, not the bool: a byte other than 0 or 1 must not be read as a bool.
  const auto* resource_bytes = reinterpret_cast<const fmt::ActionResource*>(action_resources_);
  for (uint32_t i = 0; i < header_.action_resources.count; ++i) {
    if (resource_bytes[i].resource_type >= header_.resource_types.count ||
        resource_bytes[i].required > 1) {
      return Fail(error, "bad action resource " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.key_refs.count; ++i) {
    if (key_refs_[i] >= n_keys) {
      return Fail(error, "bad condition key reference " + std::to_string(i));
    }
  }
  const uint32_t pool = header_.strings.count;
  for (uint32_t i = 0; i < header_.dependent_actions.count; ++i) {
    if (!StrOk(dependents_[i], pool)) {
      return Fail(error, "bad dependent action " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.templated_keys.count; ++i) {
    if (templated_keys_[i] >= n_keys) {
      return Fail(error, "bad templated key " + std::to_string(i));
    }
  }
  return true;
}

std::optional<Catalog> Catalog::FromBlob(std::string_view blob, std::string* error) {
  if (blob.size() >= (size_t{1} << 32)) {
    *error = "corrupt catalog: larger than 4 GiB";
    return std::nullopt;
  }
  // uint64_t storage keeps the tables 8-aligned; the shared_ptr keeps it alive across copies.
  auto words = std::make_shared<std::vector<uint64_t>>((blob.size() + 7) / 8);
  if (!blob.empty()) {
    std::memcpy(words->data(), blob.data(), blob.size());
  }
  const char* data = reinterpret_cast<const char*>(words->data());
  Catalog catalog(std::shared_ptr<const void>(std::move(words)), data, blob.size());
  if (!catalog.Validate(error)) {
    return std::nullopt;
  }
  return catalog;
}

std::optional<Catalog> Catalog::LoadFile(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open file";
    return std::nullopt;
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    *error = "cannot read file";
    return std::nullopt;
  }
  std::optional<Catalog> catalog;
  if (bytes.size() >= fmt::kMagic.size() &&
      std::memcmp(bytes.data(), fmt::kMagic.data(), fmt::kMagic.size()) == 0) {
    catalog = FromBlob(bytes, error);
  } else {
    std::string blob;
    if (PackCatalog(bytes, &blob, error)) {
      catalog = FromBlob(blob, error);
    }
  }
  return catalog;
}

std::string_view Catalog::source() const {
  return String(header_.source);
}
std::string_view Catalog::version() const {
  return String(header_.version);
}
std::string_view Catalog::data_date() const {
  return String(header_.date);
}

std::optional<ServiceId> Catalog::FindService(std::string_view prefix) const {
  ServiceId lo = 0;
  ServiceId hi = header_.services.count;
  while (lo < hi) {
    const ServiceId mid = lo + (hi - lo) / 2;
    const int c = CompareFolded(String(services_[mid].prefix), prefix);
    if (c == 0) {
      return mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::string_view Catalog::ServicePrefix(ServiceId id) const {
  return String(services_[id].prefix);
}
std::string_view Catalog::ServiceName(ServiceId id) const {
  return String(services_[id].name);
}
ActionId Catalog::ServiceFirstAction(ServiceId id) const {
  return services_[id].first_action;
}
ActionId Catalog::ServiceEndAction(ServiceId id) const {
  return services_[id].end_action;
}
ResourceTypeId Catalog::ServiceFirstResourceType(ServiceId id) const {
  return services_[id].first_resource_type;
}
ResourceTypeId Catalog::ServiceEndResourceType(ServiceId id) const {
  return services_[id].end_resource_type;
}

std::vector<std::string_view> Catalog::ServicePrefixes() const {
  std::vector<std::string_view> out;
  out.reserve(header_.services.count);
  for (ServiceId s = 0; s < header_.services.count; ++s) {
    out.push_back(ServicePrefix(s));
  }
  return out;
}

std::optional<ActionId> Catalog::FindAction(std::string_view service_and_name) const {
  const size_t colon = service_and_name.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  const auto service = FindService(service_and_name.substr(0, colon));
  if (!service) {
    return std::nullopt;
  }
  return FindAction(*service, service_and_name.substr(colon + 1));
}

std::optional<ActionId> Catalog::FindAction(ServiceId service, std::string_view name) const {
  if (service >= header_.services.count) {
    return std::nullopt;
  }
  ActionId lo = services_[service].first_action;
  ActionId hi = services_[service].end_action;
  while (lo < hi) {
    const ActionId mid = lo + (hi - lo) / 2;
    const int c = CompareFolded(String(actions_[mid].name_lower), name);
    if (c == 0) {
      return mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

ServiceId Catalog::ActionService(ActionId id) const {
  return actions_[id].service;
}
std::string_view Catalog::ActionName(ActionId id) const {
  return String(actions_[id].name);
}
std::string_view Catalog::ActionNameLower(ActionId id) const {
  return String(actions_[id].name_lower);
}
std::string Catalog::FullActionName(ActionId id) const {
  const fmt::Action& a = actions_[id];
  const std::string_view prefix = ServicePrefix(a.service);
  std::string out;
  out.reserve(prefix.size() + 1 + a.name.length);
  out += prefix;
  out += ':';
  out += String(a.name);
  return out;
}
std::string_view Catalog::ActionDescription(ActionId id) const {
  return String(actions_[id].description);
}
AccessLevel Catalog::ActionAccessLevel(ActionId id) const {
  return static_cast<AccessLevel>(actions_[id].access_level);
}

std::span<const ActionResource> Catalog::ActionResourceTypes(ActionId id) const {
  const fmt::Table& t = actions_[id].resources;
  return {action_resources_ + t.offset, t.count};
}

std::span<const ConditionKeyId> Catalog::ActionConditionKeys(ActionId id) const {
  const fmt::Table& t = actions_[id].condition_keys;
  return {key_refs_ + t.offset, t.count};
}

std::vector<std::string_view> Catalog::ActionDependentActions(ActionId id) const {
  const fmt::Table& t = actions_[id].dependents;
  std::vector<std::string_view> out;
  out.reserve(t.count);
  for (uint32_t i = 0; i < t.count; ++i) {
    out.push_back(String(dependents_[t.offset + i]));
  }
  return out;
}

std::string_view Catalog::ResourceTypeName(ResourceTypeId id) const {
  return String(resource_types_[id].name);
}
std::string_view Catalog::ResourceTypeArn(ResourceTypeId id) const {
  return String(resource_types_[id].arn);
}
ServiceId Catalog::ResourceTypeService(ResourceTypeId id) const {
  return resource_types_[id].service;
}
std::span<const ConditionKeyId> Catalog::ResourceTypeConditionKeys(ResourceTypeId id) const {
  const fmt::Table& t = resource_types_[id].condition_keys;
  return {key_refs_ + t.offset, t.count};
}

std::optional<ConditionKeyId> Catalog::FindKeyExact(std::string_view key) const {
  ConditionKeyId lo = 0;
  ConditionKeyId hi = header_.condition_keys.count;
  while (lo < hi) {
    const ConditionKeyId mid = lo + (hi - lo) / 2;
    const int c = CompareFolded(String(keys_[mid].name_lower), key);
    if (c == 0) {
      return mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::optional<ConditionKeyId> Catalog::FindConditionKey(std::string_view key) const {
  if (const auto exact = FindKeyExact(key)) {
    return exact;
  }
  // A concrete key against the templated ones ("aws:requesttag/${tagkey}", ...): a linear scan
  // of the ~130 templates, keeping the most specific match.
  std::optional<ConditionKeyId> best;
  size_t best_literal = 0;
  for (uint32_t i = 0; i < header_.templated_keys.count; ++i) {
    const ConditionKeyId id = templated_keys_[i];
    const std::string_view pattern = String(keys_[id].name_lower);
    if (MatchTemplate(pattern, key)) {
      const size_t literal = LiteralLength(pattern);
      if (!best || literal > best_literal) {
        best = id;
        best_literal = literal;
      }
    }
  }
  return best;
}

std::string_view Catalog::ConditionKeyName(ConditionKeyId id) const {
  return String(keys_[id].name);
}
std::string_view Catalog::ConditionKeyDescription(ConditionKeyId id) const {
  return String(keys_[id].description);
}
KeyType Catalog::ConditionKeyType(ConditionKeyId id) const {
  return static_cast<KeyType>(keys_[id].type);
}
bool Catalog::ConditionKeyIsGlobal(ConditionKeyId id) const {
  return keys_[id].service == fmt::kGlobal;
}
std::optional<ServiceId> Catalog::ConditionKeyService(ConditionKeyId id) const {
  if (keys_[id].service == fmt::kGlobal) {
    return std::nullopt;
  }
  return keys_[id].service;
}
bool Catalog::ConditionKeyIsTemplated(ConditionKeyId id) const {
  return HasPlaceholder(String(keys_[id].name));
}

}  // namespace iamlint::catalog

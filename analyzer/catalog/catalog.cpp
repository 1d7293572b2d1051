#include "analyzer/catalog/catalog.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analyzer/catalog/pack.h"

// The packed blob, embedded by analyzer/catalog/catalog.cmake with the assembler's .incbin.
extern "C" const char iamlint_catalog_blob_start[];
extern "C" const char iamlint_catalog_blob_end[];

namespace iamlint::catalog {
namespace {

namespace fmt = format;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

Catalog::Catalog(std::shared_ptr<const std::string> storage, const char* data, size_t size)
    : storage_(std::move(storage)), data_(data), size_(size) {
  if (size_ >= sizeof header_) {
    std::memcpy(&header_, data_, sizeof header_);
  }
  service_count_ = header_.services.count;
  action_count_ = header_.actions.count;
  resource_type_count_ = header_.resource_types.count;
  condition_key_count_ = header_.condition_keys.count;
}

const Catalog& Catalog::Embedded() {
  static const Catalog kEmbedded(nullptr, iamlint_catalog_blob_start,
                                 static_cast<size_t>(iamlint_catalog_blob_end - iamlint_catalog_blob_start));
  return kEmbedded;
}

template <typename T>
T Catalog::Record(const fmt::Table& table, uint32_t index) const {
  T value;
  std::memcpy(&value, data_ + table.offset + static_cast<size_t>(index) * sizeof(T), sizeof(T));
  return value;
}

std::string_view Catalog::String(fmt::Str s) const {
  return {data_ + header_.strings.offset + s.offset, s.length};
}

bool Catalog::Validate(std::string* error) const {
  auto fail = [&](const std::string& what) {
    *error = "corrupt catalog: " + what;
    return false;
  };
  if (size_ < sizeof header_ || std::memcmp(header_.magic, fmt::kMagic, sizeof fmt::kMagic) != 0) {
    return fail("not a packed catalog (bad magic)");
  }
  if (header_.format_version != fmt::kFormatVersion) {
    return fail("format version " + std::to_string(header_.format_version) + ", expected " +
                std::to_string(fmt::kFormatVersion));
  }
  if (header_.total_size != size_) {
    return fail("truncated");
  }
  auto table_ok = [&](const fmt::Table& t, size_t record) {
    return t.offset <= size_ && t.count <= (size_ - t.offset) / record;
  };
  if (!table_ok(header_.services, sizeof(fmt::Service)) || !table_ok(header_.actions, sizeof(fmt::Action)) ||
      !table_ok(header_.resource_types, sizeof(fmt::ResourceType)) ||
      !table_ok(header_.condition_keys, sizeof(fmt::ConditionKey)) ||
      !table_ok(header_.action_resources, sizeof(fmt::ActionResource)) ||
      !table_ok(header_.key_refs, sizeof(uint32_t)) || !table_ok(header_.dependent_actions, sizeof(fmt::Str)) ||
      !table_ok(header_.strings, 1)) {
    return fail("table out of bounds");
  }
  auto str_ok = [&](fmt::Str s) {
    return s.offset <= header_.strings.count && s.length <= header_.strings.count - s.offset;
  };
  auto sub_ok = [](const fmt::Table& t, uint32_t limit) {
    return t.offset <= limit && t.count <= limit - t.offset;
  };
  if (!str_ok(header_.source) || !str_ok(header_.version) || !str_ok(header_.date)) {
    return fail("bad string");
  }
  for (uint32_t i = 0; i < header_.services.count; ++i) {
    const auto s = Record<fmt::Service>(header_.services, i);
    if (!str_ok(s.prefix) || !str_ok(s.name) || s.first_action > s.end_action ||
        s.end_action > header_.actions.count || s.first_resource_type > s.end_resource_type ||
        s.end_resource_type > header_.resource_types.count) {
      return fail("bad service record " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.actions.count; ++i) {
    const auto a = Record<fmt::Action>(header_.actions, i);
    if (!str_ok(a.name) || !str_ok(a.name_lower) || !str_ok(a.description) ||
        a.service >= header_.services.count || a.access_level > 4 ||
        !sub_ok(a.resources, header_.action_resources.count) ||
        !sub_ok(a.condition_keys, header_.key_refs.count) ||
        !sub_ok(a.dependents, header_.dependent_actions.count)) {
      return fail("bad action record " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.resource_types.count; ++i) {
    const auto r = Record<fmt::ResourceType>(header_.resource_types, i);
    if (!str_ok(r.name) || !str_ok(r.arn) || r.service >= header_.services.count ||
        !sub_ok(r.condition_keys, header_.key_refs.count)) {
      return fail("bad resource type record " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.condition_keys.count; ++i) {
    const auto k = Record<fmt::ConditionKey>(header_.condition_keys, i);
    if (!str_ok(k.name) || !str_ok(k.name_lower) || !str_ok(k.description) ||
        k.type > static_cast<uint32_t>(KeyType::kUnknown) ||
        (k.service != fmt::kGlobal && k.service >= header_.services.count)) {
      return fail("bad condition key record " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.action_resources.count; ++i) {
    if (Record<fmt::ActionResource>(header_.action_resources, i).resource_type >= header_.resource_types.count) {
      return fail("bad action resource " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.key_refs.count; ++i) {
    if (Record<uint32_t>(header_.key_refs, i) >= header_.condition_keys.count) {
      return fail("bad condition key reference " + std::to_string(i));
    }
  }
  for (uint32_t i = 0; i < header_.dependent_actions.count; ++i) {
    if (!str_ok(Record<fmt::Str>(header_.dependent_actions, i))) {
      return fail("bad dependent action " + std::to_string(i));
    }
  }
  return true;
}

std::optional<Catalog> Catalog::FromBlob(std::string blob, std::string* error) {
  auto storage = std::make_shared<const std::string>(std::move(blob));
  Catalog catalog(storage, storage->data(), storage->size());
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
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string bytes = buffer.str();
  if (bytes.size() >= sizeof fmt::kMagic && std::memcmp(bytes.data(), fmt::kMagic, sizeof fmt::kMagic) == 0) {
    return FromBlob(std::move(bytes), error);
  }
  std::string blob;
  if (!PackCatalog(bytes, &blob, error)) {
    return std::nullopt;
  }
  return FromBlob(std::move(blob), error);
}

std::string_view Catalog::source() const { return String(header_.source); }
std::string_view Catalog::version() const { return String(header_.version); }
std::string_view Catalog::data_date() const { return String(header_.date); }

std::optional<ServiceId> Catalog::FindService(std::string_view prefix) const {
  const std::string lower = Lower(prefix);
  ServiceId lo = 0;
  auto hi = static_cast<ServiceId>(service_count_);
  while (lo < hi) {
    const ServiceId mid = lo + (hi - lo) / 2;
    const std::string_view p = ServicePrefix(mid);
    if (p == lower) {
      return mid;
    }
    if (p < lower) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::string_view Catalog::ServicePrefix(ServiceId id) const {
  return String(Record<fmt::Service>(header_.services, id).prefix);
}
std::string_view Catalog::ServiceName(ServiceId id) const {
  return String(Record<fmt::Service>(header_.services, id).name);
}
ActionId Catalog::ServiceFirstAction(ServiceId id) const {
  return Record<fmt::Service>(header_.services, id).first_action;
}
ActionId Catalog::ServiceEndAction(ServiceId id) const {
  return Record<fmt::Service>(header_.services, id).end_action;
}

std::vector<std::string_view> Catalog::ServicePrefixes() const {
  std::vector<std::string_view> out;
  out.reserve(service_count_);
  for (ServiceId s = 0; s < service_count_; ++s) {
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
  const std::string lower = Lower(name);
  ActionId lo = ServiceFirstAction(service);
  ActionId hi = ServiceEndAction(service);
  while (lo < hi) {
    const ActionId mid = lo + (hi - lo) / 2;
    const std::string_view n = ActionNameLower(mid);
    if (n == lower) {
      return mid;
    }
    if (n < lower) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

ServiceId Catalog::ActionService(ActionId id) const {
  return Record<fmt::Action>(header_.actions, id).service;
}
std::string_view Catalog::ActionName(ActionId id) const {
  return String(Record<fmt::Action>(header_.actions, id).name);
}
std::string_view Catalog::ActionNameLower(ActionId id) const {
  return String(Record<fmt::Action>(header_.actions, id).name_lower);
}
std::string Catalog::FullActionName(ActionId id) const {
  const auto a = Record<fmt::Action>(header_.actions, id);
  std::string out(ServicePrefix(a.service));
  out += ':';
  out += String(a.name);
  return out;
}
std::string_view Catalog::ActionDescription(ActionId id) const {
  return String(Record<fmt::Action>(header_.actions, id).description);
}
AccessLevel Catalog::ActionAccessLevel(ActionId id) const {
  return static_cast<AccessLevel>(Record<fmt::Action>(header_.actions, id).access_level);
}

std::vector<ActionResource> Catalog::ActionResourceTypes(ActionId id) const {
  const auto a = Record<fmt::Action>(header_.actions, id);
  std::vector<ActionResource> out;
  for (uint32_t i = 0; i < a.resources.count; ++i) {
    const auto r = Record<fmt::ActionResource>(header_.action_resources, a.resources.offset + i);
    out.push_back({r.resource_type, r.required != 0});
  }
  return out;
}

std::vector<ConditionKeyId> Catalog::ActionConditionKeys(ActionId id) const {
  const auto a = Record<fmt::Action>(header_.actions, id);
  std::vector<ConditionKeyId> out;
  for (uint32_t i = 0; i < a.condition_keys.count; ++i) {
    out.push_back(Record<uint32_t>(header_.key_refs, a.condition_keys.offset + i));
  }
  return out;
}

std::vector<std::string_view> Catalog::ActionDependentActions(ActionId id) const {
  const auto a = Record<fmt::Action>(header_.actions, id);
  std::vector<std::string_view> out;
  for (uint32_t i = 0; i < a.dependents.count; ++i) {
    out.push_back(String(Record<fmt::Str>(header_.dependent_actions, a.dependents.offset + i)));
  }
  return out;
}

std::string_view Catalog::ResourceTypeName(ResourceTypeId id) const {
  return String(Record<fmt::ResourceType>(header_.resource_types, id).name);
}
std::string_view Catalog::ResourceTypeArn(ResourceTypeId id) const {
  return String(Record<fmt::ResourceType>(header_.resource_types, id).arn);
}
ServiceId Catalog::ResourceTypeService(ResourceTypeId id) const {
  return Record<fmt::ResourceType>(header_.resource_types, id).service;
}
std::vector<ConditionKeyId> Catalog::ResourceTypeConditionKeys(ResourceTypeId id) const {
  const auto r = Record<fmt::ResourceType>(header_.resource_types, id);
  std::vector<ConditionKeyId> out;
  for (uint32_t i = 0; i < r.condition_keys.count; ++i) {
    out.push_back(Record<uint32_t>(header_.key_refs, r.condition_keys.offset + i));
  }
  return out;
}

std::optional<ConditionKeyId> Catalog::FindKeyExact(std::string_view lower) const {
  ConditionKeyId lo = 0;
  auto hi = static_cast<ConditionKeyId>(condition_key_count_);
  while (lo < hi) {
    const ConditionKeyId mid = lo + (hi - lo) / 2;
    const std::string_view n = String(Record<fmt::ConditionKey>(header_.condition_keys, mid).name_lower);
    if (n == lower) {
      return mid;
    }
    if (n < lower) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::optional<ConditionKeyId> Catalog::FindConditionKey(std::string_view key) const {
  const std::string lower = Lower(key);
  if (const auto exact = FindKeyExact(lower)) {
    return exact;
  }
  // Tag and other templated keys: "aws:requesttag/team" matches "aws:requesttag/${tagkey}".
  const size_t slash = lower.find('/');
  if (slash == std::string::npos) {
    return std::nullopt;
  }
  const std::string prefix = lower.substr(0, slash + 1) + "${";
  ConditionKeyId lo = 0;
  auto hi = static_cast<ConditionKeyId>(condition_key_count_);
  while (lo < hi) {
    const ConditionKeyId mid = lo + (hi - lo) / 2;
    if (String(Record<fmt::ConditionKey>(header_.condition_keys, mid).name_lower) < prefix) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < condition_key_count_ &&
      String(Record<fmt::ConditionKey>(header_.condition_keys, lo).name_lower).starts_with(prefix)) {
    return lo;
  }
  return std::nullopt;
}

std::string_view Catalog::ConditionKeyName(ConditionKeyId id) const {
  return String(Record<fmt::ConditionKey>(header_.condition_keys, id).name);
}
std::string_view Catalog::ConditionKeyDescription(ConditionKeyId id) const {
  return String(Record<fmt::ConditionKey>(header_.condition_keys, id).description);
}
KeyType Catalog::ConditionKeyType(ConditionKeyId id) const {
  return static_cast<KeyType>(Record<fmt::ConditionKey>(header_.condition_keys, id).type);
}
bool Catalog::ConditionKeyIsGlobal(ConditionKeyId id) const {
  return Record<fmt::ConditionKey>(header_.condition_keys, id).service == fmt::kGlobal;
}

}  // namespace iamlint::catalog

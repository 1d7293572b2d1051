#include "analyzer/catalog/pack.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/catalog/catalog.h"
#include "analyzer/catalog/catalog_format.h"

namespace iamlint::catalog {
namespace {

using nlohmann::json;
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

uint32_t Count(size_t n) {
  return static_cast<uint32_t>(n);
}

// The data writes "Permissions management, Write" and "Tagging, Write": the first level is the
// one the Service Authorization Reference shows; Write is implied.
bool ParseAccessLevel(std::string_view name, uint32_t* level) {
  static constexpr std::array<std::pair<std::string_view, AccessLevel>, 5> kLevels{{
      {"List", AccessLevel::kList},
      {"Read", AccessLevel::kRead},
      {"Write", AccessLevel::kWrite},
      {"Permissions management", AccessLevel::kPermissionsManagement},
      {"Tagging", AccessLevel::kTagging},
  }};
  const std::string_view first = name.substr(0, name.find(','));
  const auto* const it =
      std::ranges::find_if(kLevels, [first](const auto& entry) { return entry.first == first; });
  if (it == kLevels.end()) {
    return false;
  }
  *level = static_cast<uint32_t>(it->second);
  return true;
}

// Joins error message parts into one string; a chain of `+` would allocate a temporary per part.
std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) {
    out += part;
  }
  return out;
}

// The snapshot's shape (positional arrays keep it small; scripts/update-catalog documents it):
//   {"source","version","date","globalConditionKeys":[[key,type,description]...],
//    "services":[{"prefix","name","resourceTypes":[[name,arn,[keys]]...],
//                 "conditionKeys":[[key,type,description]...],
//                 "actions":[[name,accessLevel,description,[[resourceType,required]...],
//                             [conditionKeys],[dependentActions]]...]}...]}
// A json::exception from .at()/.get() on a snapshot of the wrong shape is caught in PackCatalog.
class Packer {
 public:
  bool Pack(const json& snapshot, std::string* blob, std::string* error);

 private:
  struct PendingKey {
    std::string name;
    std::string type;
    std::string description;
    uint32_t service;
  };

  fmt::Str Intern(std::string_view s);
  void AddKey(const json& key, uint32_t service);
  bool KeyRefs(const json& names, fmt::Table* table, std::string* error);
  bool PackService(const json& service, uint32_t index, std::string* error);
  bool Assemble(const json& snapshot, std::string* blob, std::string* error);

  std::string pool_;
  std::unordered_map<std::string, fmt::Str> interned_;
  std::vector<PendingKey> keys_;
  std::map<std::string, uint32_t> key_index_;  // lower-case name -> position in keys_
  std::vector<uint32_t> key_ids_;              // position in keys_ -> id in the sorted table
  std::vector<fmt::Service> services_;
  std::vector<fmt::Action> actions_;
  std::vector<fmt::ResourceType> resource_types_;
  std::vector<fmt::ActionResource> action_resources_;
  std::vector<uint32_t> key_refs_;
  std::vector<fmt::Str> dependents_;
};

fmt::Str Packer::Intern(std::string_view s) {
  const auto it = interned_.find(std::string(s));
  if (it != interned_.end()) {
    return it->second;
  }
  const fmt::Str str{Count(pool_.size()), Count(s.size())};
  pool_.append(s);
  interned_.emplace(std::string(s), str);
  return str;
}

// The first definition of a key wins: global keys are added first, then services by prefix.
void Packer::AddKey(const json& key, uint32_t service) {
  const std::string name = key.at(0).get<std::string>();
  const auto [it, inserted] = key_index_.emplace(Lower(name), Count(keys_.size()));
  if (inserted) {
    keys_.push_back({name, key.at(1).get<std::string>(), key.at(2).get<std::string>(), service});
  }
}

bool Packer::KeyRefs(const json& names, fmt::Table* table, std::string* error) {
  table->offset = Count(key_refs_.size());
  for (const auto& n : names) {
    const std::string name = n.get<std::string>();
    const auto it = key_index_.find(Lower(name));
    if (it == key_index_.end()) {
      *error = "unknown condition key " + name;
      return false;
    }
    key_refs_.push_back(key_ids_[it->second]);
  }
  table->count = Count(key_refs_.size()) - table->offset;
  return true;
}

bool Packer::PackService(const json& service, uint32_t index, std::string* error) {
  const std::string prefix = Lower(service.at("prefix").get<std::string>());
  fmt::Service rec{};
  rec.prefix = Intern(prefix);
  rec.name = Intern(service.at("name").get<std::string>());
  rec.first_resource_type = Count(resource_types_.size());
  std::map<std::string, uint32_t> resource_ids;
  for (const auto& r : service.at("resourceTypes")) {
    const std::string name = r.at(0).get<std::string>();
    if (!resource_ids.emplace(name, Count(resource_types_.size())).second) {
      *error = Concat({prefix, ": duplicate resource type ", name});
      return false;
    }
    fmt::ResourceType type{Intern(name), Intern(r.at(1).get<std::string>()), index, {}};
    if (!KeyRefs(r.at(2), &type.condition_keys, error)) {
      *error = Concat({prefix, ": resource type ", name, ": ", *error});
      return false;
    }
    resource_types_.push_back(type);
  }
  rec.end_resource_type = Count(resource_types_.size());

  // Actions sorted by lower-case name, whatever order the snapshot has them in.
  std::vector<std::pair<std::string, const json*>> actions;
  for (const auto& a : service.at("actions")) {
    actions.emplace_back(Lower(a.at(0).get<std::string>()), &a);
  }
  std::sort(actions.begin(), actions.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  rec.first_action = Count(actions_.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    const json& a = *actions[i].second;
    const std::string name = a.at(0).get<std::string>();
    if (name.empty() || (i > 0 && actions[i - 1].first == actions[i].first)) {
      *error = Concat({prefix, ": empty or duplicate action name ", name});
      return false;
    }
    fmt::Action action{};
    action.name = Intern(name);
    action.name_lower = Intern(actions[i].first);
    action.description = Intern(a.at(2).get<std::string>());
    action.service = index;
    const std::string level = a.at(1).get<std::string>();
    if (!ParseAccessLevel(level, &action.access_level)) {
      *error = Concat({prefix, ":", name, ": unknown access level ", level});
      return false;
    }
    action.resources.offset = Count(action_resources_.size());
    for (const auto& r : a.at(3)) {
      const std::string type = r.at(0).get<std::string>();
      const auto it = resource_ids.find(type);
      if (it == resource_ids.end()) {
        *error = Concat({prefix, ":", name, ": unknown resource type ", type});
        return false;
      }
      fmt::ActionResource resource{};  // zeroed padding: the blob is reproducible
      resource.resource_type = it->second;
      resource.required = r.at(1).is_boolean() ? r.at(1).get<bool>() : r.at(1).get<int>() != 0;
      action_resources_.push_back(resource);
    }
    action.resources.count = Count(action_resources_.size()) - action.resources.offset;
    if (!KeyRefs(a.at(4), &action.condition_keys, error)) {
      *error = Concat({prefix, ":", name, ": ", *error});
      return false;
    }
    action.dependents.offset = Count(dependents_.size());
    for (const auto& d : a.at(5)) {
      dependents_.push_back(Intern(d.get<std::string>()));
    }
    action.dependents.count = Count(dependents_.size()) - action.dependents.offset;
    actions_.push_back(action);
  }
  rec.end_action = Count(actions_.size());
  services_.push_back(rec);
  return true;
}

// Appends the records at the next 8-byte boundary.
template <typename T>
fmt::Table Append(std::string& blob, const std::vector<T>& records) {
  blob.resize((blob.size() + fmt::kAlignment - 1) / fmt::kAlignment * fmt::kAlignment, '\0');
  const fmt::Table table{Count(blob.size()), Count(records.size())};
  const size_t bytes = records.size() * sizeof(T);
  blob.resize(blob.size() + bytes);
  if (bytes > 0) {
    std::memcpy(blob.data() + table.offset, records.data(), bytes);
  }
  return table;
}

bool Packer::Assemble(const json& snapshot, std::string* blob, std::string* error) {
  std::vector<fmt::ConditionKey> keys(keys_.size());
  std::vector<uint32_t> templated;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const PendingKey& k = keys_[i];
    keys[key_ids_[i]] = {Intern(k.name), Intern(Lower(k.name)), Intern(k.description),
                         static_cast<uint32_t>(ParseKeyType(k.type)), k.service};
    if (HasPlaceholder(k.name)) {
      templated.push_back(key_ids_[i]);
    }
  }
  std::sort(templated.begin(), templated.end());
  fmt::Header header{};
  header.magic = fmt::kMagic;
  header.format_version = fmt::kFormatVersion;
  header.source = Intern(snapshot.at("source").get<std::string>());
  header.version = Intern(snapshot.at("version").get<std::string>());
  header.date = Intern(snapshot.at("date").get<std::string>());
  std::string out(sizeof header, '\0');
  header.services = Append(out, services_);
  header.actions = Append(out, actions_);
  header.resource_types = Append(out, resource_types_);
  header.condition_keys = Append(out, keys);
  header.action_resources = Append(out, action_resources_);
  header.key_refs = Append(out, key_refs_);
  header.dependent_actions = Append(out, dependents_);
  header.templated_keys = Append(out, templated);
  out.resize((out.size() + fmt::kAlignment - 1) / fmt::kAlignment * fmt::kAlignment, '\0');
  header.strings = {Count(out.size()), Count(pool_.size())};
  if (out.size() + pool_.size() >= (size_t{1} << 32)) {
    *error = "the catalog does not fit 32-bit offsets";
    return false;
  }
  out += pool_;
  header.total_size = Count(out.size());
  std::memcpy(out.data(), &header, sizeof header);
  *blob = std::move(out);
  return true;
}

bool Packer::Pack(const json& snapshot, std::string* blob, std::string* error) {
  // Services sorted by lower-case prefix, whatever order the snapshot has them in.
  std::vector<std::pair<std::string, const json*>> services;
  for (const auto& service : snapshot.at("services")) {
    services.emplace_back(Lower(service.at("prefix").get<std::string>()), &service);
  }
  std::sort(services.begin(), services.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].first.empty() || (i > 0 && services[i - 1].first == services[i].first)) {
      *error = "empty or duplicate service prefix " + services[i].first;
      return false;
    }
  }
  for (const auto& k : snapshot.at("globalConditionKeys")) {
    AddKey(k, fmt::kGlobal);
  }
  for (size_t i = 0; i < services.size(); ++i) {
    for (const auto& k : services[i].second->at("conditionKeys")) {
      AddKey(k, Count(i));
    }
  }
  // Key ids follow the lower-case sort, so lookups are binary searches.
  key_ids_.resize(keys_.size());
  uint32_t id = 0;
  for (const auto& entry : key_index_) {
    key_ids_[entry.second] = id++;
  }
  for (size_t i = 0; i < services.size(); ++i) {
    if (!PackService(*services[i].second, Count(i), error)) {
      return false;
    }
  }
  return Assemble(snapshot, blob, error);
}

}  // namespace

size_t PlaceholderLength(std::string_view s) {
  if (s.starts_with("${")) {
    const size_t close = s.find('}');
    return close == std::string_view::npos ? 0 : close + 1;
  }
  if (s.starts_with('<')) {
    const size_t close = s.find('>');
    return close == std::string_view::npos || close == 1 ? 0 : close + 1;
  }
  return 0;
}

bool HasPlaceholder(std::string_view name) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (PlaceholderLength(name.substr(i)) > 0) {
      return true;
    }
  }
  return false;
}

bool PackCatalog(std::string_view snapshot_json, std::string* blob, std::string* error) {
  const json snapshot = json::parse(snapshot_json, nullptr, /*allow_exceptions=*/false);
  if (snapshot.is_discarded() || !snapshot.is_object()) {
    *error = "not a packed catalog, nor a valid catalog.json snapshot";
    return false;
  }
  // nlohmann reports a wrong shape (missing field, wrong type) by throwing; turn that into an
  // error string here so no exception escapes to callers.
  try {
    return Packer().Pack(snapshot, blob, error);
  } catch (const json::exception& e) {
    *error = std::string("malformed catalog snapshot: ") + e.what();
    return false;
  }
}

}  // namespace iamlint::catalog

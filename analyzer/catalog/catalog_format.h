#pragma once
// The packed catalog blob, shared by the packer (build time) and the reader (run time).
// Layout: header, then fixed-size little-endian records, then one string pool. Every string is
// an {offset, length} into the pool. Records are read with memcpy, so the blob needs no alignment.

#include <cstdint>

namespace iamlint::catalog::format {

/// First eight bytes of every blob.
inline constexpr char kMagic[8] = {'I', 'A', 'M', 'C', 'A', 'T', '\0', '\0'};
/// Bumped whenever a record changes shape.
inline constexpr uint32_t kFormatVersion = 1;
/// Marks a condition key that belongs to no service (an AWS global key).
inline constexpr uint32_t kGlobal = 0xFFFFFFFFU;

/// A string in the pool.
struct Str {
  uint32_t offset;
  uint32_t length;
};

/// A table: where its records start and how many there are.
struct Table {
  uint32_t offset;
  uint32_t count;
};

/// The blob header.
struct Header {
  char magic[8];
  uint32_t format_version;
  uint32_t total_size;
  Str source;
  Str version;
  Str date;
  Table services;          // Service, sorted by prefix
  Table actions;           // Action, grouped by service, sorted by lower-case name within it
  Table resource_types;    // ResourceType, grouped by service
  Table condition_keys;    // ConditionKey, sorted by lower-case name, unique
  Table action_resources;  // ActionResource
  Table key_refs;          // uint32_t condition key ids
  Table dependent_actions; // Str
  Table strings;           // the pool (count = bytes)
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
  Table resources;        // into action_resources
  Table condition_keys;   // into key_refs
  Table dependents;       // into dependent_actions
};

/// A resource type an action takes.
struct ActionResource {
  uint32_t resource_type;
  uint32_t required;
};

/// A resource type of a service.
struct ResourceType {
  Str name;
  Str arn;
  uint32_t service;
  Table condition_keys;  // into key_refs
};

/// A condition key; `service` is kGlobal for aws: global keys.
struct ConditionKey {
  Str name;
  Str name_lower;
  Str description;
  uint32_t type;  // KeyType
  uint32_t service;
};

}  // namespace iamlint::catalog::format

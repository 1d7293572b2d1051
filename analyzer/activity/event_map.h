#pragma once
// CloudTrail event -> IAM actions, with the exceptions of rules/data/cloudtrail-events.json.

#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog.h"

namespace iamlint::activity {

/// What an event tells about permissions.
struct EventMapping {
  enum class Kind { kActions, kNoPermission, kUnknown };
  Kind kind = Kind::kUnknown;
  std::vector<catalog::ActionId> actions;  // kActions: one or more, catalog-validated
};

/// Maps one event (see ActionsForEvent in activity.h for the rules).
EventMapping MapEvent(const catalog::Catalog& cat, std::string_view event_source,
                      std::string_view event_name);

/// The IAM prefix an event source stands for: the data file's exception, else the host label
/// before ".amazonaws.com" (a view into `event_source`); empty when the source is not an AWS
/// service endpoint.
std::string_view EventSourcePrefix(std::string_view event_source);

}  // namespace iamlint::activity

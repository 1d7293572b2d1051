#pragma once
// Adding one use to an Activity: shared by the CloudTrail and last-accessed readers.

#include <string_view>

#include "analyzer/activity/activity.h"

namespace iamlint::activity {

/// No ARN is longer (IAM's limit for resource ARNs); longer ones are ignored.
constexpr size_t kMaxArnLength = 2048;

/// Widens [first, last] to include `t`.
void Widen(Time t, Time* first, Time* last);

/// Adds `resource` to the use's distinct resources; empty (or too long): the use named none.
void AddResource(ActionUse& use, std::string_view resource);

/// The principal of `arn`, created on first sight.
PrincipalActivity& PrincipalFor(Activity& activity, std::string_view arn);

/// True for the error codes of a refused authorization (AccessDenied, *UnauthorizedOperation,
/// *AccessDeniedException, ...), as opposed to other failures.
bool IsAuthorizationError(std::string_view error_code);

}  // namespace iamlint::activity

#pragma once
// The `iamlint normalize` output: a policy in canonical form, stable for diffing.

#include <string>

#include "analyzer/catalog/catalog.h"
#include "analyzer/normalize/policy.h"

namespace iamlint {

/// The policy as JSON with sorted keys, lists folded, deduplicated and sorted, actions in
/// catalog case and account-id principals as root ARNs.
std::string NormalizedPolicyJson(const catalog::Catalog& cat, const Policy& policy);

}  // namespace iamlint

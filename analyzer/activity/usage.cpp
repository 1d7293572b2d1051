#include "analyzer/activity/usage.h"

#include <algorithm>
#include <string>

#include "analyzer/core/source_file.h"

namespace iamlint::activity {

void Widen(Time t, Time* first, Time* last) {
  if (*first == kNever || t < *first) {
    *first = t;
  }
  if (*last == kNever || t > *last) {
    *last = t;
  }
}

void AddResource(ActionUse& use, std::string_view resource) {
  // Longer than any ARN AWS issues (2,048): not kept, so hostile input cannot grow memory.
  if (resource.empty() || resource.size() > kMaxArnLength) {
    use.resource_unknown = true;
    return;
  }
  // Sorted and capped at the smallest kMaxResources: the same set whatever the file order.
  auto& list = use.resources;
  const auto it = std::lower_bound(list.begin(), list.end(), resource,
                                   [](const std::string& a, std::string_view b) { return a < b; });
  if (it != list.end() && *it == resource) {
    return;
  }
  if (list.size() >= ActionUse::kMaxResources) {
    use.resources_truncated = true;
    if (it == list.end()) {
      return;
    }
    list.pop_back();
    // `it` may point at the popped element only when it was end(), handled above.
  }
  list.insert(std::lower_bound(list.begin(), list.end(), resource,
                               [](const std::string& a, std::string_view b) { return a < b; }),
              std::string(resource));
}

PrincipalActivity& PrincipalFor(Activity& activity, std::string_view arn) {
  const auto it = activity.principals.find(std::string(arn));
  if (it != activity.principals.end()) {
    return it->second;
  }
  PrincipalActivity& p = activity.principals[std::string(arn)];
  p.arn = std::string(arn);
  return p;
}

bool IsAuthorizationError(std::string_view code) {
  return code.find("AccessDenied") != std::string_view::npos ||
         code.find("UnauthorizedOperation") != std::string_view::npos ||
         code.find("UnauthorizedAccess") != std::string_view::npos ||
         code == "AuthorizationError" || code == "AuthorizationErrorException" ||
         code == "AuthorizationFailure" || code == "UnauthorizedException";
}

}  // namespace iamlint::activity

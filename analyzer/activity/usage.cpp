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

namespace {

// An S3 object ARN kept to its bucket and top-level key prefix ("arn:aws:s3:::b/data/k.json"
// -> "arn:aws:s3:::b/data/", a key without "/" -> "arn:aws:s3:::b/"): every object key is
// distinct, and the keys of one busy bucket must not crowd the other buckets out of the list.
std::string_view ObjectPrefix(std::string_view resource) {
  const size_t s3 = resource.find(":s3:::");
  if (resource.rfind("arn:", 0) != 0 || s3 == std::string_view::npos || resource.find(':') != 3 ||
      resource.find(':', 4) != s3) {
    return resource;
  }
  const size_t slash = resource.find('/', s3 + 6);
  if (slash == std::string_view::npos) {
    return resource;  // a bucket
  }
  const size_t next = resource.find('/', slash + 1);
  return resource.substr(0, next == std::string_view::npos ? slash + 1 : next + 1);
}

}  // namespace

void AddResource(ActionUse& use, std::string_view resource) {
  // Longer than any ARN AWS issues (2,048): not kept, so hostile input cannot grow memory.
  if (resource.empty() || resource.size() > kMaxArnLength) {
    use.resource_unknown = true;
    return;
  }
  resource = ObjectPrefix(resource);
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

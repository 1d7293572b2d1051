#include "analyzer/analyze/arn_formats.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analyzer/catalog/wildcard.h"

namespace iamlint {
namespace {

// A region or account field of a format as a glob: a field that is one placeholder must be
// filled in (it is never empty), other placeholders stand for any text.
std::string FieldGlob(std::string_view field) {
  if (field.starts_with("${") && field.ends_with("}") && field.find('}') == field.size() - 1) {
    return "?*";
  }
  return catalog::ArnFormatGlob(field);
}

using FormatIndex = std::map<std::string, std::vector<ArnFormat>, std::less<>>;

FormatIndex BuildIndex(const catalog::Catalog& cat) {
  FormatIndex index;
  for (catalog::ResourceTypeId t = 0; t < cat.resource_type_count(); ++t) {
    std::array<std::string_view, 6> fields;
    // A format with a variable service (AWS Backup's arn:...:${Vendor}:...) names no service:
    // it would make every service's region and account optional.
    if (!SplitArnFields(cat.ResourceTypeArn(t), fields) ||
        fields[2].find('$') != std::string_view::npos) {
      continue;
    }
    std::string resource = catalog::ArnFormatGlob(fields[5]);
    const size_t literal = LiteralLength(resource);
    index[std::string(fields[2])].push_back(
        {t, FieldGlob(fields[3]), FieldGlob(fields[4]), std::move(resource), literal});
  }
  return index;
}

}  // namespace

bool SplitArnFields(std::string_view arn, std::array<std::string_view, 6>& fields) {
  return catalog::SplitArn(arn, fields);
}

const std::vector<ArnFormat>& ArnFormatsFor(const catalog::Catalog& cat, std::string_view service) {
  static std::map<const void*, FormatIndex> cache;
  static const std::vector<ArnFormat> kNone;
  auto it = cache.find(&cat);
  if (it == cache.end()) {
    it = cache.emplace(&cat, BuildIndex(cat)).first;
  }
  const auto found = it->second.find(service);
  return found == it->second.end() ? kNone : found->second;
}

bool FieldGlobsIntersect(std::string_view a, std::string_view b) {
  // The usual region and account fields: "*", "?*" (a placeholder) or empty.
  if (a == "*" || b == "*") {
    return true;
  }
  if (b == "?*" || a == "?*") {
    return !(b == "?*" ? a : b).empty();
  }
  // Most fields start with literal text ("role/..."): a differing literal prefix rules the pair
  // out without the full intersection test.
  const size_t n =
      std::min({catalog::FindWildcard(a), catalog::FindWildcard(b), a.size(), b.size()});
  if (a.substr(0, n) != b.substr(0, n)) {
    return false;
  }
  if (!catalog::HasWildcard(a) && !catalog::HasWildcard(b)) {
    return a == b;
  }
  return catalog::GlobsIntersect(a, b);
}

size_t LiteralLength(std::string_view glob) {
  return std::min(catalog::FindWildcard(glob), glob.size());
}

bool ResourceMayFit(const ArnFormat& format, std::string_view resource, size_t resource_literal) {
  const size_t n = std::min(resource_literal, format.resource_literal);
  if (resource.compare(0, n, format.resource, 0, n) != 0) {
    return false;
  }
  if (resource_literal == resource.size() && format.resource_literal == format.resource.size()) {
    return resource == format.resource;
  }
  return catalog::GlobsIntersect(resource, format.resource);
}

bool FormatMayMatch(const ArnFormat& format, std::string_view region, std::string_view account,
                    std::string_view resource) {
  return ResourceMayFit(format, resource, LiteralLength(resource)) &&
         FieldGlobsIntersect(region, format.region) && FieldGlobsIntersect(account, format.account);
}

namespace {

std::vector<catalog::ResourceTypeId> ResourceTypesUncached(const catalog::Catalog& cat,
                                                           std::string_view arn_glob) {
  std::vector<catalog::ResourceTypeId> types;
  std::array<std::string_view, 6> fields;
  if (!SplitArnFields(arn_glob, fields) || catalog::HasWildcard(fields[2])) {
    return types;
  }
  for (const ArnFormat& format : ArnFormatsFor(cat, fields[2])) {
    if (FormatMayMatch(format, fields[3], fields[4], fields[5])) {
      types.push_back(format.type);
    }
  }
  return types;
}

}  // namespace

std::vector<catalog::ResourceTypeId> ResourceTypesOf(const catalog::Catalog& cat,
                                                     std::string_view arn_glob) {
  // The same ARN patterns come back statement after statement and policy after policy.
  struct Cache {
    const catalog::Catalog* catalog = nullptr;
    std::unordered_map<std::string, std::vector<catalog::ResourceTypeId>> types;
  };
  thread_local Cache cache;
  constexpr size_t kMaxRemembered = 1 << 16;
  if (cache.catalog != &cat || cache.types.size() >= kMaxRemembered) {
    cache.catalog = &cat;
    cache.types.clear();
  }
  const std::string key(arn_glob);
  if (const auto it = cache.types.find(key); it != cache.types.end()) {
    return it->second;
  }
  return cache.types[key] = ResourceTypesUncached(cat, arn_glob);
}

std::string NeighbourArn(const catalog::Catalog& cat, const std::string& arn,
                         catalog::ResourceTypeId given, catalog::ResourceTypeId wanted) {
  const std::string_view given_format = cat.ResourceTypeArn(given);
  const std::string_view wanted_format = cat.ResourceTypeArn(wanted);
  auto separated = [](std::string_view longer, std::string_view shorter) {
    return longer.size() > shorter.size() + 1 && longer.starts_with(shorter) &&
           (longer[shorter.size()] == '/' || longer[shorter.size()] == ':');
  };
  if (separated(wanted_format, given_format)) {
    return arn + catalog::ArnFormatGlob(wanted_format.substr(given_format.size()));
  }
  if (separated(given_format, wanted_format)) {
    // Cut at the first separator after which the rest is the sub-resource.
    const char separator = given_format[wanted_format.size()];
    std::array<std::string_view, 6> fields;
    if (!SplitArnFields(arn, fields)) {
      return {};
    }
    const std::string glob = catalog::ArnFormatGlob(wanted_format);
    for (size_t p = arn.size() - fields[5].size(); p < arn.size(); ++p) {
      if (arn[p] == separator && catalog::ArnGlobContains(glob, arn.substr(0, p))) {
        return arn.substr(0, p);
      }
    }
  }
  return {};
}

}  // namespace iamlint

#include "analyzer/catalog/suggest.h"

#include <algorithm>

#include "analyzer/core/strings.h"

namespace iamlint::catalog {
namespace {

// Allow about one typo per four characters, at least one and at most three.
size_t Tolerance(std::string_view word) {
  return std::clamp<size_t>(word.size() / 4, 1, 3);
}

}  // namespace

std::optional<std::string> SuggestService(const Catalog& catalog, std::string_view prefix) {
  const size_t limit = Tolerance(prefix);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (ServiceId s = 0; s < catalog.service_count(); ++s) {
    const size_t d = EditDistance(prefix, catalog.ServicePrefix(s), limit);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(catalog.ServicePrefix(s));
    }
  }
  return best;
}

std::optional<std::string> SuggestAction(const Catalog& catalog, ServiceId service,
                                         std::string_view name) {
  const size_t limit = Tolerance(name);
  std::optional<ActionId> best;
  size_t best_distance = limit + 1;
  for (ActionId a = catalog.ServiceFirstAction(service); a < catalog.ServiceEndAction(service);
       ++a) {
    const size_t d = EditDistance(name, catalog.ActionName(a), limit);
    if (d < best_distance) {
      best_distance = d;
      best = a;
    }
  }
  if (!best) {
    return std::nullopt;
  }
  return catalog.FullActionName(*best);
}

}  // namespace iamlint::catalog

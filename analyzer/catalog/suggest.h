#pragma once
// "Did you mean" suggestions for misspelled service prefixes and action names.

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/catalog/catalog.h"

namespace iamlint::catalog {

/// The known service prefix closest to `prefix` by edit distance, if close enough.
std::optional<std::string> SuggestService(const Catalog& catalog, std::string_view prefix);
/// The action of `service` closest to `name` (e.g. "GetObjects" -> "s3:GetObject"), if close
/// enough; the result is the full canonical name.
std::optional<std::string> SuggestAction(const Catalog& catalog, ServiceId service,
                                         std::string_view name);

}  // namespace iamlint::catalog

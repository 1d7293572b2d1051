#pragma once
// Turns the committed catalog snapshot (catalog.json, written by scripts/update-catalog) into the
// binary blob that iamlint embeds (layout: analyzer/catalog/catalog_format.h). Used at build time
// by catalog_pack, and at run time by Catalog::LoadFile for `--catalog FILE.json`.

#include <cstddef>
#include <string>
#include <string_view>

namespace iamlint::catalog {

/// Packs the snapshot JSON text into `blob`; false with `*error` when the snapshot is malformed.
bool PackCatalog(std::string_view snapshot_json, std::string* blob, std::string* error);

/// Length of a condition key placeholder ("${TagKey}" or "<key>") at the start of `s`, or 0.
size_t PlaceholderLength(std::string_view s);

/// True if a condition key name has a placeholder, e.g. "aws:RequestTag/${TagKey}".
bool HasPlaceholder(std::string_view name);

}  // namespace iamlint::catalog

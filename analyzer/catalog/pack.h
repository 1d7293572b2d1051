#pragma once
// Turns the committed catalog snapshot (catalog.json) into the binary blob that iamlint embeds.
// Used at build time by catalog_pack, and at run time by `--catalog FILE.json`.

#include <string>
#include <string_view>

namespace iamlint::catalog {

/// Packs the snapshot JSON text into `blob`; false with `error` when the snapshot is malformed.
bool PackCatalog(std::string_view snapshot_json, std::string* blob, std::string* error);

}  // namespace iamlint::catalog

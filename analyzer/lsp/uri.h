#pragma once
// file: URIs and the paths they name (the analysis and its messages use paths).

#include <optional>
#include <string>
#include <string_view>

namespace iamlint::lsp {

/// The path of a `file:` URI (percent-decoded, authority dropped); nullopt for other schemes
/// (untitled:, a malformed URI).
std::optional<std::string> UriToPath(std::string_view uri);

/// The file: URI of absolute path `path` (reserved bytes percent-encoded).
std::string PathToUri(std::string_view path);

}  // namespace iamlint::lsp
